-- What Center Control pushes to the tenant side (seed §9): the plan and
-- effective features (with Center's ETag), store settings, and each
-- custom domain's verification token while it is pending.
ALTER TABLE tenants
	ADD plan		VARCHAR(32) NOT NULL DEFAULT 'starter',
	ADD features		TEXT NULL,
	ADD features_etag	VARCHAR(80) NULL,
	ADD payment_methods	VARCHAR(255) NOT NULL DEFAULT '',
	ADD shipping_methods	VARCHAR(255) NOT NULL DEFAULT '',
	ADD primary_host	VARCHAR(253) NULL;

ALTER TABLE tenant_domains
	ADD token		CHAR(32) CHARACTER SET ascii NULL;
