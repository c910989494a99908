-- The tenant registry (seed §3, §9, §11.1): Center Control is the system
-- of record; the tenant application keeps a copy that Center pushes over
-- the signed internal API.  A change bumps tenants.version and marks
-- what must be sent (sync_pending, a bit set: 1 create, 2 status,
-- 4 config, 8 features, 16 export, 32 erase); a send clears its bit only
-- if the version is still the one it sent, so nothing is lost to a race.

CREATE TABLE features (
	code		VARCHAR(64) NOT NULL,
	type		ENUM('boolean', 'limit', 'string') NOT NULL,
	default_value	VARCHAR(255) NOT NULL,
	description	VARCHAR(255) NOT NULL DEFAULT '',
	PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE plans (
	code		VARCHAR(32) NOT NULL,
	name		VARCHAR(100) NOT NULL,
	description	VARCHAR(255) NOT NULL DEFAULT '',
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE plan_features (
	plan		VARCHAR(32) NOT NULL,
	feature		VARCHAR(64) NOT NULL,
	value		VARCHAR(255) NOT NULL,
	PRIMARY KEY (plan, feature),
	CONSTRAINT plan_features_plan FOREIGN KEY (plan) REFERENCES plans (code)
	    ON DELETE CASCADE,
	CONSTRAINT plan_features_feature FOREIGN KEY (feature)
	    REFERENCES features (code) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO features (code, type, default_value, description) VALUES
	('max_products', 'limit', '100', 'products a shop may have'),
	('max_staff', 'limit', '3', 'staff accounts a shop may have'),
	('promotions', 'boolean', 'false', 'promotions and coupons'),
	('custom_domain', 'boolean', 'false', 'own domain names for the shop'),
	('api_access', 'boolean', 'false',
	    'the shop''s JSON APIs for its own apps and integrations'),
	('support_tier', 'string', 'community', 'support level');

INSERT INTO plans (code, name, description) VALUES
	('starter', 'Starter', 'a small shop on a subdomain'),
	('growth', 'Growth', 'own domain, promotions and the APIs'),
	('enterprise', 'Enterprise', 'everything, with high limits');

INSERT INTO plan_features (plan, feature, value) VALUES
	('starter', 'max_products', '100'), ('starter', 'max_staff', '3'),
	('starter', 'promotions', 'false'), ('starter', 'custom_domain', 'false'),
	('starter', 'api_access', 'true'),
	('growth', 'max_products', '5000'), ('growth', 'max_staff', '15'),
	('growth', 'promotions', 'true'), ('growth', 'custom_domain', 'true'),
	('growth', 'api_access', 'true'), ('growth', 'support_tier', 'standard'),
	('enterprise', 'max_products', '1000000'),
	('enterprise', 'max_staff', '500'),
	('enterprise', 'promotions', 'true'),
	('enterprise', 'custom_domain', 'true'),
	('enterprise', 'api_access', 'true'),
	('enterprise', 'support_tier', 'priority');

CREATE TABLE tenants (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	slug		VARCHAR(63) NOT NULL,
	name		VARCHAR(200) NOT NULL,
	plan		VARCHAR(32) NOT NULL,
	state		ENUM('draft', 'provisioning', 'active', 'suspended',
			    'terminated') NOT NULL DEFAULT 'draft',
	read_only	TINYINT(1) NOT NULL DEFAULT 0,
	locale		VARCHAR(16) NOT NULL DEFAULT 'en',
	currency	CHAR(3) NOT NULL DEFAULT 'USD',
	time_zone	VARCHAR(64) NOT NULL DEFAULT 'UTC',
	theme_color	CHAR(7) NOT NULL DEFAULT '#1f6feb',
	payment_methods	VARCHAR(255) NOT NULL DEFAULT '',
	shipping_methods VARCHAR(255) NOT NULL DEFAULT '',
	owner_email	VARCHAR(254) NULL,
	version		BIGINT UNSIGNED NOT NULL DEFAULT 1,
	sync_pending	INT UNSIGNED NOT NULL DEFAULT 0,
	sync_attempts	INT UNSIGNED NOT NULL DEFAULT 0,
	next_sync_at	DATETIME NULL,
	last_sync_error	VARCHAR(512) NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY tenants_slug (slug),
	KEY tenants_state (state, plan),
	KEY tenants_sync (sync_pending, next_sync_at),
	CONSTRAINT tenants_plan FOREIGN KEY (plan) REFERENCES plans (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per-tenant feature values over the plan's, until expires_at (NULL:
-- for good).
CREATE TABLE tenant_features (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	feature		VARCHAR(64) NOT NULL,
	value		VARCHAR(255) NOT NULL,
	expires_at	DATETIME NULL,
	PRIMARY KEY (tenant_id, feature),
	CONSTRAINT tenant_features_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id),
	CONSTRAINT tenant_features_feature FOREIGN KEY (feature)
	    REFERENCES features (code) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Custom domains; <slug>.<base> is implicit.  A domain is served once
-- verified (the storefront answers its token at
-- /.well-known/souk-domain-verification/<token> while it is pending).
CREATE TABLE tenant_domains (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	host		VARCHAR(253) NOT NULL,
	is_primary	TINYINT(1) NOT NULL DEFAULT 0,
	status		ENUM('pending', 'verified') NOT NULL DEFAULT 'pending',
	token		CHAR(32) CHARACTER SET ascii NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	verified_at	DATETIME NULL,
	PRIMARY KEY (tenant_id, host),
	UNIQUE KEY tenant_domains_host (host),
	CONSTRAINT tenant_domains_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every change of state or read-only flag: who, when, why.
CREATE TABLE tenant_transitions (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	tenant_id	BIGINT UNSIGNED NOT NULL,
	from_state	VARCHAR(16) NOT NULL,
	to_state	VARCHAR(16) NOT NULL,
	read_only	TINYINT(1) NOT NULL,
	actor		VARCHAR(128) NOT NULL,
	reason		VARCHAR(500) NOT NULL DEFAULT '',
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	KEY tenant_transitions_tenant (tenant_id, id),
	CONSTRAINT tenant_transitions_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Destructive changes wait for a second admin.
CREATE TABLE tenant_approvals (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	tenant_id	BIGINT UNSIGNED NOT NULL,
	action		ENUM('terminate') NOT NULL,
	reason		VARCHAR(500) NOT NULL DEFAULT '',
	requested_by	VARCHAR(128) NOT NULL,
	status		ENUM('pending', 'approved', 'rejected') NOT NULL
			    DEFAULT 'pending',
	decided_by	VARCHAR(128) NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	decided_at	DATETIME NULL,
	-- one pending request per tenant and action
	pending_key	VARCHAR(40) AS (IF(status = 'pending',
			    CONCAT(tenant_id, ':', action), NULL)) PERSISTENT,
	PRIMARY KEY (id),
	UNIQUE KEY tenant_approvals_pending (pending_key),
	CONSTRAINT tenant_approvals_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The last internal calls to each tenant's side (its health in Center).
CREATE TABLE tenant_calls (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	tenant_id	BIGINT UNSIGNED NOT NULL,
	what		VARCHAR(16) NOT NULL,
	status		INT NOT NULL,
	error		VARCHAR(512) NULL,
	ms		INT UNSIGNED NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	KEY tenant_calls_tenant (tenant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The export bundle made before a terminated tenant's data is erased.
CREATE TABLE tenant_exports (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	file		VARCHAR(255) NOT NULL,
	bytes		BIGINT UNSIGNED NOT NULL,
	sha256		CHAR(64) CHARACTER SET ascii NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id),
	CONSTRAINT tenant_exports_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO admin_permissions (code, description) VALUES
	('webhooks.manage', 'add, change and redeliver webhooks');
INSERT INTO admin_role_permissions (role, permission) VALUES
	('owner', 'webhooks.manage'), ('ops', 'webhooks.manage');
