-- The audit log (seed §10.2): append-only, every row chained to the one
-- before by hash = SHA-256(prev_hash "\n" the row's fields), so that an
-- edited or removed row breaks the chain (soukctl audit verify).  The
-- single audit_head row is locked by each writer: rows are chained in
-- commit order.
CREATE TABLE audit_log (
	id		BIGINT UNSIGNED NOT NULL,
	at		CHAR(19) CHARACTER SET ascii NOT NULL,
	actor		VARCHAR(128) NOT NULL,
	action		VARCHAR(64) NOT NULL,
	target		VARCHAR(128) NOT NULL DEFAULT '',
	tenant_id	BIGINT UNSIGNED NULL,
	before_json	MEDIUMTEXT NULL,
	after_json	MEDIUMTEXT NULL,
	request_id	VARCHAR(64) NOT NULL DEFAULT '',
	client_addr	VARCHAR(64) NOT NULL DEFAULT '',
	prev_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	hash		CHAR(64) CHARACTER SET ascii NOT NULL,
	PRIMARY KEY (id),
	KEY audit_log_action (action, id),
	KEY audit_log_tenant (tenant_id, id),
	KEY audit_log_actor (actor, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_head (
	one		TINYINT NOT NULL,
	last_id		BIGINT UNSIGNED NOT NULL,
	last_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	PRIMARY KEY (one)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO audit_head (one, last_id, last_hash)
VALUES (1, 0, REPEAT('0', 64));
