-- A staff member's language for the backoffice; NULL: the shop's.
ALTER TABLE staff ADD COLUMN language VARCHAR(8) NULL;
