-- API keys of the systems that call each other (seed §8.2): the public
-- key travels in x-api-key; the secret is stored encrypted (AES-256-GCM
-- under the master key, the public key as associated data) and shown
-- once, at creation.
CREATE TABLE api_keys (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	public_key	VARCHAR(64) NOT NULL,
	secret_enc	VARCHAR(255) NOT NULL,
	owner		VARCHAR(64) NOT NULL,
	owner_kind	ENUM('center', 'tenant-app', 'services', 'external')
			    NOT NULL,
	tenants		VARCHAR(1024) NOT NULL DEFAULT 'all',
	scopes		VARCHAR(1024) NOT NULL DEFAULT '',
	allowed_ips	VARCHAR(1024) NOT NULL DEFAULT '',
	rate_limit	INT UNSIGNED NOT NULL DEFAULT 600,
	status		ENUM('active', 'deprecated', 'revoked') NOT NULL
			    DEFAULT 'active',
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	expires_at	DATETIME NULL,
	deprecated_until DATETIME NULL,
	last_used_at	DATETIME NULL,
	PRIMARY KEY (id),
	UNIQUE KEY api_keys_public (public_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
