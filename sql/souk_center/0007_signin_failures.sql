-- Failed sign-ins per minute, when memcached cannot count them: keyed by
-- the SHA-256 of the counter's name (realm, e-mail or client address).
-- Rows older than a few minutes are purged by soukctl worker.
CREATE TABLE signin_failures (
	key_hash	CHAR(64) CHARACTER SET ascii NOT NULL,
	win		BIGINT NOT NULL,	-- unix time / 60
	failures	INT NOT NULL DEFAULT 0,
	PRIMARY KEY (key_hash, win),
	KEY signin_failures_win (win)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
