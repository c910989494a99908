-- The platform's sender (seed §3.3), set in Center Control and sent with
-- the tenant's copy.  NULL: the service's own mail_from (souk.conf).
ALTER TABLE tenants
	ADD mail_from	VARCHAR(254) NULL;
