-- Platform admins (seed §6.1): roles map to permissions, handlers check
-- permissions.  No default account: the first owner comes from
-- soukctl admin create.
CREATE TABLE admin_permissions (
	code		VARCHAR(64) NOT NULL,
	description	VARCHAR(255) NOT NULL,
	PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE admin_role_permissions (
	role		ENUM('owner', 'ops', 'support', 'auditor') NOT NULL,
	permission	VARCHAR(64) NOT NULL,
	PRIMARY KEY (role, permission),
	CONSTRAINT admin_role_permissions_perm FOREIGN KEY (permission)
	    REFERENCES admin_permissions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO admin_permissions (code, description) VALUES
	('tenants.read', 'see tenants, their domains, plans and health'),
	('tenants.write', 'create tenants, change their settings and domains'),
	('tenants.lifecycle', 'suspend, resume and terminate tenants'),
	('plans.write', 'edit plans and feature flags'),
	('keys.manage', 'create, rotate and revoke API keys'),
	('admins.read', 'see platform admins'),
	('admins.write', 'invite and disable admins, change roles'),
	('settings.write', 'change global settings'),
	('audit.read', 'read and export the audit log');

INSERT INTO admin_role_permissions (role, permission)
SELECT 'owner', code FROM admin_permissions;
INSERT INTO admin_role_permissions (role, permission) VALUES
	('ops', 'tenants.read'), ('ops', 'tenants.write'),
	('ops', 'tenants.lifecycle'), ('ops', 'plans.write'),
	('ops', 'keys.manage'), ('ops', 'admins.read'),
	('support', 'tenants.read'), ('support', 'admins.read'),
	('auditor', 'tenants.read'), ('auditor', 'admins.read'),
	('auditor', 'audit.read');

CREATE TABLE platform_admins (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	email		VARCHAR(254) NOT NULL,
	name		VARCHAR(255) NOT NULL DEFAULT '',
	role		ENUM('owner', 'ops', 'support', 'auditor') NOT NULL,
	password_hash	VARCHAR(255) NOT NULL,
	status		ENUM('active', 'disabled') NOT NULL DEFAULT 'active',
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	password_changed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY platform_admins_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sessions and bearer tokens: only the SHA-256 of the token is stored.
CREATE TABLE admin_sessions (
	token_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	admin_id	BIGINT UNSIGNED NOT NULL,
	kind		ENUM('cookie', 'bearer') NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	last_seen_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	expires_at	DATETIME NOT NULL,
	PRIMARY KEY (token_hash),
	KEY admin_sessions_admin (admin_id),
	CONSTRAINT admin_sessions_admin FOREIGN KEY (admin_id)
	    REFERENCES platform_admins (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
