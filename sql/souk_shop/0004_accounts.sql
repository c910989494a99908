-- Who signs in to a shop (seed §6.1): its staff at /admin/ and its
-- customers on the storefront.  Every row belongs to one tenant: a
-- customer of shop A is unknown to shop B, even with the same e-mail.
-- Roles map to permissions; handlers check permissions, not role names.
CREATE TABLE staff_permissions (
	code		VARCHAR(64) NOT NULL,
	description	VARCHAR(255) NOT NULL,
	PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE staff_role_permissions (
	role		ENUM('owner', 'manager', 'staff') NOT NULL,
	permission	VARCHAR(64) NOT NULL,
	PRIMARY KEY (role, permission),
	CONSTRAINT staff_role_permissions_perm FOREIGN KEY (permission)
	    REFERENCES staff_permissions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO staff_permissions (code, description) VALUES
	('catalog.read', 'see products, categories and stock'),
	('catalog.write', 'edit products, categories and stock'),
	('orders.read', 'see orders'),
	('orders.write', 'fulfil, cancel and refund orders'),
	('customers.read', 'see customers and their addresses'),
	('customers.write', 'edit and disable customers'),
	('promotions.write', 'edit promotions and coupons'),
	('staff.read', 'see the shop''s staff'),
	('staff.write', 'invite and disable staff, change their roles'),
	('settings.write', 'change the shop''s settings');

INSERT INTO staff_role_permissions (role, permission)
SELECT 'owner', code FROM staff_permissions;
INSERT INTO staff_role_permissions (role, permission)
SELECT 'manager', code FROM staff_permissions
WHERE code NOT IN ('staff.write', 'settings.write');
INSERT INTO staff_role_permissions (role, permission) VALUES
	('staff', 'catalog.read'), ('staff', 'catalog.write'),
	('staff', 'orders.read'), ('staff', 'orders.write');

-- An invited member has no password until the invitation is accepted.
CREATE TABLE staff (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	email		VARCHAR(254) NOT NULL,
	name		VARCHAR(200) NOT NULL DEFAULT '',
	role		ENUM('owner', 'manager', 'staff') NOT NULL,
	password_hash	VARCHAR(255) NULL,
	status		ENUM('invited', 'active', 'disabled') NOT NULL
			    DEFAULT 'invited',
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	password_changed_at DATETIME NULL,
	PRIMARY KEY (tenant_id, id),
	KEY staff_id (id),
	UNIQUE KEY staff_email (tenant_id, email),
	CONSTRAINT staff_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE customers (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	email		VARCHAR(254) NOT NULL,
	name		VARCHAR(200) NOT NULL DEFAULT '',
	password_hash	VARCHAR(255) NOT NULL,
	status		ENUM('active', 'disabled') NOT NULL DEFAULT 'active',
	email_verified_at DATETIME NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	password_changed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, id),
	KEY customers_id (id),
	UNIQUE KEY customers_email (tenant_id, email),
	CONSTRAINT customers_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE customer_addresses (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	customer_id	BIGINT UNSIGNED NOT NULL,
	name		VARCHAR(200) NOT NULL,
	line1		VARCHAR(200) NOT NULL,
	line2		VARCHAR(200) NOT NULL DEFAULT '',
	city		VARCHAR(100) NOT NULL,
	postal_code	VARCHAR(20) NOT NULL DEFAULT '',
	country		CHAR(2) NOT NULL,
	phone		VARCHAR(32) NOT NULL DEFAULT '',
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, id),
	KEY customer_addresses_id (id),
	KEY customer_addresses_customer (tenant_id, customer_id),
	CONSTRAINT customer_addresses_customer FOREIGN KEY (tenant_id,
	    customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sessions (cookies) and bearer tokens of staff and customers: only the
-- SHA-256 of the token is kept, and a token is good on its own shop only.
CREATE TABLE account_sessions (
	token_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	tenant_id	BIGINT UNSIGNED NOT NULL,
	principal	ENUM('staff', 'customer') NOT NULL,
	account_id	BIGINT UNSIGNED NOT NULL,
	kind		ENUM('cookie', 'bearer') NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	last_seen_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	expires_at	DATETIME NOT NULL,
	PRIMARY KEY (token_hash),
	KEY account_sessions_account (tenant_id, principal, account_id),
	CONSTRAINT account_sessions_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Single-use links sent by e-mail: password reset, e-mail verification,
-- staff invitation.  Used once (used_at), expire, bound to one account of
-- one tenant.
CREATE TABLE account_tokens (
	token_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	tenant_id	BIGINT UNSIGNED NOT NULL,
	principal	ENUM('staff', 'customer') NOT NULL,
	account_id	BIGINT UNSIGNED NOT NULL,
	purpose		ENUM('password_reset', 'email_verification',
			    'staff_invitation') NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	expires_at	DATETIME NOT NULL,
	used_at		DATETIME NULL,
	PRIMARY KEY (token_hash),
	KEY account_tokens_account (tenant_id, principal, account_id),
	CONSTRAINT account_tokens_tenant FOREIGN KEY (tenant_id)
	    REFERENCES tenants (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
