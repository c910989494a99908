-- Center Control's platform settings.  The tenant registry, plans,
-- features, keys and the audit log arrive with their own migrations.

CREATE TABLE platform_settings (
	name		VARCHAR(64) NOT NULL,
	value		TEXT NOT NULL,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
