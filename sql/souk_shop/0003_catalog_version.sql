-- Bumped in the same transaction as any catalog change: every cached
-- listing and category list carries the version it was made from, so one
-- increment makes all of a tenant's cached catalog pages stale.
ALTER TABLE tenants
	ADD COLUMN catalog_version BIGINT UNSIGNED NOT NULL DEFAULT 1
	    AFTER theme_color;
