-- A platform admin's language and time zone for Center; NULL: English
-- and UTC.
ALTER TABLE platform_admins ADD COLUMN language VARCHAR(8) NULL,
	ADD COLUMN time_zone VARCHAR(64) NULL;
