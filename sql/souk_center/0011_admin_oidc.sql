-- An admin who signs in through the identity provider is linked to the
-- provider's account (issuer + subject) at the first such sign-in; later
-- sign-ins must come from the same account, not just the same e-mail
-- address (issue 12).
ALTER TABLE platform_admins
	ADD COLUMN oidc_issuer VARCHAR(255) NULL,
	ADD COLUMN oidc_subject VARCHAR(255) CHARACTER SET utf8mb4
	    COLLATE utf8mb4_bin NULL,
	ADD UNIQUE KEY platform_admins_oidc (oidc_issuer, oidc_subject);
