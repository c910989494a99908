-- Pending custom domains expire after 7 days and are purged by the
-- worker (issue 13): it finds them by status and age.  The host stays
-- unique across tenants (tenant_domains_host, 0008): two tenants cannot
-- hold a host at once, whatever the code reads first.
ALTER TABLE tenant_domains
	ADD KEY tenant_domains_pending (status, created_at);
