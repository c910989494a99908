-- Nonces of signed internal calls, kept at least twice the longest
-- allowed window (2 x 15 min) so that no signed request is accepted
-- twice; soukctl worker deletes older rows.  The programs that verify
-- signatures may insert here (and read api_keys), nothing else.
CREATE TABLE request_nonces (
	api_key		VARCHAR(64) NOT NULL,
	nonce		VARCHAR(128) NOT NULL,
	seen_at		DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (api_key, nonce),
	KEY request_nonces_seen (seen_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
