-- Admins invited from Center: no password until they accept, with a
-- single-use link (only its SHA-256 is kept) that the inviting admin
-- hands over.
ALTER TABLE platform_admins
	MODIFY password_hash VARCHAR(255) NULL,
	MODIFY status ENUM('invited', 'active', 'disabled') NOT NULL
	    DEFAULT 'active';

CREATE TABLE admin_tokens (
	token_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	admin_id	BIGINT UNSIGNED NOT NULL,
	purpose		ENUM('invitation') NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	expires_at	DATETIME NOT NULL,
	used_at		DATETIME NULL,
	PRIMARY KEY (token_hash),
	KEY admin_tokens_admin (admin_id),
	CONSTRAINT admin_tokens_admin FOREIGN KEY (admin_id)
	    REFERENCES platform_admins (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
