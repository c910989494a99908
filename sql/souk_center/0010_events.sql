-- Domain events (seed §11.4): written to the outbox in the transaction of
-- the change, fanned out by soukctl worker to the webhook subscriptions
-- that want them, delivered with Standard Webhooks headers and retried
-- with exponential backoff.
CREATE TABLE outbox (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	event_id	CHAR(36) CHARACTER SET ascii NOT NULL,
	type		VARCHAR(64) NOT NULL,
	tenant_id	BIGINT UNSIGNED NULL,
	payload		MEDIUMTEXT NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	fanned_out	TINYINT(1) NOT NULL DEFAULT 0,
	PRIMARY KEY (id),
	UNIQUE KEY outbox_event (event_id),
	KEY outbox_fan (fanned_out, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE webhook_subscriptions (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	url		VARCHAR(2048) NOT NULL,
	events		VARCHAR(1024) NOT NULL,	-- "*" or "a,b"
	description	VARCHAR(255) NOT NULL DEFAULT '',
	secret_enc	VARCHAR(255) NOT NULL,
	status		ENUM('active', 'disabled') NOT NULL DEFAULT 'active',
	failing_since	DATETIME NULL,
	disabled_reason	VARCHAR(255) NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE webhook_deliveries (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	subscription_id	BIGINT UNSIGNED NOT NULL,
	outbox_id	BIGINT UNSIGNED NOT NULL,
	status		ENUM('pending', 'delivered', 'failed') NOT NULL
			    DEFAULT 'pending',
	attempts	INT UNSIGNED NOT NULL DEFAULT 0,
	next_attempt_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	locked_until	DATETIME NULL,
	last_status	INT NULL,
	last_error	VARCHAR(512) NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	delivered_at	DATETIME NULL,
	PRIMARY KEY (id),
	UNIQUE KEY webhook_deliveries_once (subscription_id, outbox_id),
	KEY webhook_deliveries_due (status, next_attempt_at),
	CONSTRAINT webhook_deliveries_sub FOREIGN KEY (subscription_id)
	    REFERENCES webhook_subscriptions (id),
	CONSTRAINT webhook_deliveries_event FOREIGN KEY (outbox_id)
	    REFERENCES outbox (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every attempt, for the delivery log.
CREATE TABLE webhook_attempts (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	delivery_id	BIGINT UNSIGNED NOT NULL,
	status		INT NOT NULL,
	error		VARCHAR(512) NULL,
	ms		INT UNSIGNED NOT NULL,
	created_at	DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	KEY webhook_attempts_delivery (delivery_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
