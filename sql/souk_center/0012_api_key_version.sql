-- A key record's version, bumped by every change to what the record
-- says (revoke, deprecate).  Verifiers cache records in memcached; the
-- nonce of each call is inserted only while the version it was checked
-- against is still the key's, so an old record put back into memcached
-- by someone on the box (a revoked key's, say) is refused.
ALTER TABLE api_keys
	ADD COLUMN version INT UNSIGNED NOT NULL DEFAULT 1;
