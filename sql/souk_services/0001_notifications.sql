-- The notification service (seed §8.8).  Tenants as the shared services
-- know them: a copy kept by Center Control (soukctl until Center pushes
-- it), so that a suspended or unknown shop sends nothing.
CREATE TABLE tenants (
	id		BIGINT UNSIGNED NOT NULL,
	slug		VARCHAR(96) NOT NULL,
	name		VARCHAR(255) NOT NULL,
	state		ENUM('draft', 'provisioning', 'active', 'suspended',
			    'terminated') NOT NULL,
	sends_per_minute INT UNSIGNED NOT NULL DEFAULT 120,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A shop's own texts for a template, replacing the platform default.
CREATE TABLE notification_templates (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	channel		ENUM('email', 'sms') NOT NULL,
	code		VARCHAR(64) NOT NULL,
	locale		VARCHAR(16) NOT NULL,
	subject		VARCHAR(255) NOT NULL DEFAULT '',
	body_html	MEDIUMTEXT NOT NULL,
	body_text	MEDIUMTEXT NOT NULL,
	updated_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, channel, code, locale)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The queue: one row per message, rendered when it was accepted.  The
-- unique (tenant_id, idempotency_key) makes a repeated request answer
-- the first one's id instead of sending twice.
CREATE TABLE notifications (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	channel		ENUM('email', 'sms') NOT NULL,
	idempotency_key	VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin
			    NOT NULL,
	request_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	caller		VARCHAR(64) NOT NULL,
	recipient	VARCHAR(254) NOT NULL,
	template	VARCHAR(64) NOT NULL,
	locale		VARCHAR(16) NOT NULL,
	subject		VARCHAR(998) NOT NULL DEFAULT '',
	body_html	MEDIUMTEXT NOT NULL,
	body_text	MEDIUMTEXT NOT NULL,
	status		ENUM('queued', 'sending', 'sent', 'failed') NOT NULL
			    DEFAULT 'queued',
	attempts	INT UNSIGNED NOT NULL DEFAULT 0,
	next_attempt_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	locked_until	DATETIME NULL,
	provider_id	VARCHAR(128) NULL,
	last_error	VARCHAR(512) NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	sent_at		DATETIME NULL,
	PRIMARY KEY (tenant_id, id),
	UNIQUE KEY notifications_id (id),
	UNIQUE KEY notifications_idem (tenant_id, idempotency_key),
	KEY notifications_due (status, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Delivery log: queued, attempt, sent, retry, failed (+ reason).
CREATE TABLE notification_events (
	tenant_id	BIGINT UNSIGNED NOT NULL,
	notification_id	BIGINT UNSIGNED NOT NULL,
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	event		ENUM('queued', 'attempt', 'sent', 'retry', 'failed')
			    NOT NULL,
	detail		VARCHAR(512) NOT NULL DEFAULT '',
	at		DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, notification_id, id),
	UNIQUE KEY notification_events_id (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
