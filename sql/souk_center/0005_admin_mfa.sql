-- Two-factor sign-in for platform admins (TOTP, RFC 6238) with recovery
-- codes.  Which roles must use it is data, like their permissions.
CREATE TABLE admin_roles (
	role		ENUM('owner', 'ops', 'support', 'auditor') NOT NULL,
	mfa_required	TINYINT(1) NOT NULL,
	PRIMARY KEY (role)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO admin_roles (role, mfa_required) VALUES
	('owner', 1), ('ops', 1), ('support', 0), ('auditor', 0);

-- Secrets are sealed with the master key (AES-256-GCM), like API keys.
-- totp_pending holds a secret shown for enrolment until a code confirms
-- it; totp_last_step makes each code work once.
ALTER TABLE platform_admins
	ADD COLUMN totp_secret VARCHAR(200) NULL,
	ADD COLUMN totp_pending VARCHAR(200) NULL,
	ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- A session passes stages: 'mfa' (password right, code awaited),
-- 'enroll' (a role that needs two-factor has none yet: only enrolment is
-- open), 'full'.
ALTER TABLE admin_sessions
	ADD COLUMN stage ENUM('full', 'mfa', 'enroll') NOT NULL DEFAULT 'full';

CREATE TABLE admin_recovery_codes (
	admin_id	BIGINT UNSIGNED NOT NULL,
	code_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	used_at		DATETIME NULL,
	PRIMARY KEY (admin_id, code_hash),
	CONSTRAINT admin_recovery_codes_admin FOREIGN KEY (admin_id)
	    REFERENCES platform_admins (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
