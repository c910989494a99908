/* Every SQL statement of Center's domain (souk_center). */
#include "center/center.h"

#define ISO(c)	"DATE_FORMAT(" c ", '%Y-%m-%dT%H:%i:%sZ')"

/* struct ctr_tenant, in this order (tenants.c: tenant_row). */
#define CTR_TENANT_COLS \
	"id, slug, name, plan, state, read_only, locale, currency, " \
	"time_zone, theme_color, payment_methods, shipping_methods, " \
	"owner_email, version, sync_pending, sync_attempts, " \
	ISO("next_sync_at") ", last_sync_error, " ISO("created_at") ", " \
	ISO("updated_at")
/* state, state, plan, plan, q, like, like */
#define CTR_TENANT_FILTER \
	"(CHAR_LENGTH(?) = 0 OR state = ?) AND " \
	"(CHAR_LENGTH(?) = 0 OR plan = ?) AND " \
	"(CHAR_LENGTH(?) = 0 OR slug LIKE ? OR name LIKE ?)"
/* A pending domain past its days (domains.c: CTR_DOMAIN_PENDING_DAYS). */
#define CTR_STR_(x)	#x
#define CTR_STR(x)	CTR_STR_(x)
#define CTR_DOMAIN_STALE \
	"(status = 'pending' AND created_at < UTC_TIMESTAMP() - INTERVAL " \
	CTR_STR(CTR_DOMAIN_PENDING_DAYS) " DAY)"
#define CTR_AUDIT_COLS \
	"id, at, actor, action, target, tenant_id, before_json, after_json, " \
	"request_id, client_addr, prev_hash, hash"
#define CTR_SUB_COLS \
	"s.id, s.url, s.events, s.description, s.status, " \
	ISO("s.failing_since") ", s.disabled_reason, " ISO("s.created_at")

/* An ACCOUNT and a MEMBER row of auth.h for platform admins. */
#define ADMIN_ACCOUNT \
	"a.id, a.email, a.name, a.role, a.password_hash, 1, " \
	"a.totp_secret IS NOT NULL, r.mfa_required " \
	"FROM platform_admins a JOIN admin_roles r ON r.role = a.role"
#define ADMIN_MEMBER \
	"id, email, name, role, status, totp_secret IS NOT NULL, " \
	"DATE_FORMAT(created_at, '%Y-%m-%d')"

const struct db_stmt_def center_sql[CTR__MAX] = {
	/* platform admins (Center's plane of auth/: values, then id) */
	{ "ad_by_email",	/* CTR_AD_BY_EMAIL */
	  "SELECT " ADMIN_ACCOUNT " WHERE a.email = ? COLLATE utf8mb4_bin "
	  "AND a.status = 'active'" },
	{ "ad_by_id",	/* CTR_AD_BY_ID */
	  "SELECT " ADMIN_ACCOUNT " WHERE a.id = ? AND a.status = 'active'" },
	{ "ad_create",	/* CTR_AD_CREATE */
	  "INSERT INTO platform_admins (email, name, role, password_hash, "
	  "status) VALUES (?, ?, ?, ?, "
	  "IF(password_hash IS NULL, 'invited', 'active'))" },
	{ "ad_password",	/* CTR_AD_PASSWORD */
	  "UPDATE platform_admins SET password_hash = ?, "
	  "password_changed_at = UTC_TIMESTAMP(), "
	  "status = IF(status = 'invited', 'active', status) "
	  "WHERE id = ? AND status <> 'disabled'" },
	{ "ad_name",	/* CTR_AD_NAME */
	  "UPDATE platform_admins SET name = ? WHERE id = ?" },
	{ "ad_session_new",	/* CTR_AD_SESSION_NEW */
	  "INSERT INTO admin_sessions (token_hash, kind, stage, expires_at, "
	  "admin_id) VALUES (?, ?, ?, UTC_TIMESTAMP() + INTERVAL ? SECOND, "
	  "?)" },
	{ "ad_session",	/* CTR_AD_SESSION */
	  "SELECT a.id, a.email, a.name, a.role, "
	  "(SELECT GROUP_CONCAT(p.permission ORDER BY p.permission) "
	  "FROM admin_role_permissions p WHERE p.role = a.role), 1, "
	  "s.last_seen_at < UTC_TIMESTAMP() - INTERVAL 60 SECOND, "
	  "s.stage, a.totp_secret IS NOT NULL, r.mfa_required, a.language, "
	  "a.time_zone FROM admin_sessions s JOIN platform_admins a ON a.id = s.admin_id "
	  "JOIN admin_roles r ON r.role = a.role "
	  "WHERE s.token_hash = ? AND "
	  "s.last_seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND AND "
	  "a.status = 'active' AND s.expires_at > UTC_TIMESTAMP()" },
	{ "ad_session_touch",	/* CTR_AD_SESSION_TOUCH */
	  "UPDATE admin_sessions SET last_seen_at = UTC_TIMESTAMP() "
	  "WHERE token_hash = ?" },
	{ "ad_session_end",	/* CTR_AD_SESSION_END */
	  "DELETE FROM admin_sessions WHERE token_hash = ?" },
	{ "ad_sessions_old",	/* CTR_AD_SESSIONS_OLD */
	  "DELETE FROM admin_sessions WHERE (expires_at <= UTC_TIMESTAMP() "
	  "OR last_seen_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND) "
	  "AND admin_id = ?" },
	{ "ad_sessions_end",	/* CTR_AD_SESSIONS_END */
	  "DELETE FROM admin_sessions WHERE admin_id = ?" },
	{ "ad_link_new",	/* CTR_AD_LINK_NEW */
	  "INSERT INTO admin_tokens (token_hash, purpose, expires_at, "
	  "admin_id) VALUES (?, ?, UTC_TIMESTAMP() + INTERVAL ? SECOND, ?)" },
	{ "ad_link",	/* CTR_AD_LINK */
	  "SELECT t.admin_id, a.status FROM admin_tokens t "
	  "JOIN platform_admins a ON a.id = t.admin_id "
	  "WHERE t.token_hash = ? AND t.purpose = ? AND t.used_at IS NULL "
	  "AND t.expires_at > UTC_TIMESTAMP()" },
	{ "ad_link_use",	/* CTR_AD_LINK_USE */
	  "UPDATE admin_tokens SET used_at = UTC_TIMESTAMP() "
	  "WHERE token_hash = ? AND purpose = ? AND used_at IS NULL "
	  "AND expires_at > UTC_TIMESTAMP()" },
	{ "ad_links_end",	/* CTR_AD_LINKS_END */
	  "UPDATE admin_tokens SET used_at = UTC_TIMESTAMP() "
	  "WHERE purpose = ? AND admin_id = ? AND used_at IS NULL" },
	{ "ad_member",	/* CTR_AD_MEMBER */
	  "SELECT " ADMIN_MEMBER " FROM platform_admins "
	  "WHERE id = ? FOR UPDATE" },
	{ "ad_members",	/* CTR_AD_MEMBERS */
	  "SELECT " ADMIN_MEMBER ", COUNT(*) OVER () "
	  "FROM platform_admins ORDER BY id DESC LIMIT ? OFFSET ?" },
	{ "ad_owners_lock",	/* CTR_AD_OWNERS_LOCK */
	  "SELECT id FROM platform_admins WHERE role = 'owner' "
	  "AND status = 'active' FOR UPDATE" },
	{ "ad_role",	/* CTR_AD_ROLE */
	  "UPDATE platform_admins SET role = ? WHERE id = ?" },
	{ "ad_status",	/* CTR_AD_STATUS */
	  "UPDATE platform_admins SET status = IF(? = 1, "
	  "'disabled', IF(password_hash IS NULL, 'invited', 'active')) "
	  "WHERE id = ?" },
	{ "mfa_get",	/* CTR_MFA_GET */
	  "SELECT totp_secret, totp_pending, totp_last_step "
	  "FROM platform_admins WHERE id = ?" },
	{ "mfa_step",	/* CTR_MFA_STEP */
	  "UPDATE platform_admins SET totp_last_step = ? "
	  "WHERE totp_last_step < ? AND id = ?" },
	{ "mfa_pending",	/* CTR_MFA_PENDING */
	  "UPDATE platform_admins SET totp_pending = ? WHERE id = ?" },
	{ "mfa_enable",	/* CTR_MFA_ENABLE */
	  "UPDATE platform_admins SET totp_secret = totp_pending, "
	  "totp_pending = NULL, totp_last_step = ? "
	  "WHERE totp_pending = ? AND id = ?" },
	{ "recovery_clear",	/* CTR_RECOVERY_CLEAR */
	  "DELETE FROM admin_recovery_codes WHERE admin_id = ?" },
	{ "recovery_insert",	/* CTR_RECOVERY_INSERT */
	  "INSERT INTO admin_recovery_codes (code_hash, admin_id) "
	  "VALUES (?, ?)" },
	{ "recovery_use",	/* CTR_RECOVERY_USE */
	  "UPDATE admin_recovery_codes SET used_at = UTC_TIMESTAMP() "
	  "WHERE code_hash = ? AND used_at IS NULL AND admin_id = ?" },
	{ "recovery_left",	/* CTR_RECOVERY_LEFT */
	  "SELECT COUNT(*) FROM admin_recovery_codes "
	  "WHERE admin_id = ? AND used_at IS NULL" },
	{ "ad_oidc",	/* CTR_AD_OIDC */
	  "SELECT id, oidc_issuer, oidc_subject FROM platform_admins "
	  "WHERE (oidc_issuer = ? AND oidc_subject = ?) "
	  "OR (email = ? COLLATE utf8mb4_bin AND status = 'active')" },
	{ "ad_oidc_pin",	/* CTR_AD_OIDC_PIN */
	  "UPDATE platform_admins SET oidc_issuer = ?, oidc_subject = ? "
	  "WHERE id = ? AND oidc_subject IS NULL" },
	{ "tenant_insert",	/* CTR_TENANT_INSERT */
	  "INSERT INTO tenants (slug, name, plan, state, locale, currency, "
	  "time_zone, theme_color, payment_methods, shipping_methods, "
	  "owner_email, sync_pending, next_sync_at) "
	  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())" },
	{ "tenant_get",	/* CTR_TENANT_GET */
	  "SELECT " CTR_TENANT_COLS " FROM tenants WHERE id = ?" },
	{ "tenant_lock",	/* CTR_TENANT_LOCK */
	  "SELECT " CTR_TENANT_COLS " FROM tenants WHERE id = ? FOR UPDATE" },
	{ "tenant_list",	/* CTR_TENANT_LIST */
	  "SELECT " CTR_TENANT_COLS " FROM tenants WHERE " CTR_TENANT_FILTER
	  " ORDER BY id DESC LIMIT ? OFFSET ?" },
	{ "tenant_count",	/* CTR_TENANT_COUNT */
	  "SELECT COUNT(*) FROM tenants WHERE " CTR_TENANT_FILTER },
	{ "tenant_counts",	/* CTR_TENANT_COUNTS */
	  "SELECT state, plan, COUNT(*) FROM tenants GROUP BY state, plan "
	  "ORDER BY state, plan" },
	{ "tenant_set_state",	/* CTR_TENANT_SET_STATE */
	  "UPDATE tenants SET state = ?, read_only = ?, version = version + 1, "
	  "sync_pending = sync_pending | ?, sync_attempts = 0, "
	  "next_sync_at = UTC_TIMESTAMP() "
	  "WHERE id = ? AND state = ? AND read_only = ?" },
	{ "tenant_set_config",	/* CTR_TENANT_SET_CONFIG */
	  "UPDATE tenants SET name = ?, locale = ?, currency = ?, time_zone = ?, "
	  "theme_color = ?, payment_methods = ?, shipping_methods = ?, "
	  "version = version + 1, sync_pending = sync_pending | ?, "
	  "sync_attempts = 0, next_sync_at = UTC_TIMESTAMP() WHERE id = ?" },
	{ "tenant_set_plan",	/* CTR_TENANT_SET_PLAN */
	  "UPDATE tenants SET plan = ?, version = version + 1, "
	  "sync_pending = sync_pending | ?, sync_attempts = 0, "
	  "next_sync_at = UTC_TIMESTAMP() WHERE id = ?" },
	{ "tenant_mark",	/* CTR_TENANT_MARK */
	  "UPDATE tenants SET version = version + 1, "
	  "sync_pending = sync_pending | ?, sync_attempts = 0, "
	  "next_sync_at = UTC_TIMESTAMP() WHERE id = ? "
	  "AND state NOT IN ('draft', 'terminated')" },
	{ "plan_tenants_mark",	/* CTR_PLAN_TENANTS_MARK */
	  "UPDATE tenants SET version = version + 1, "
	  "sync_pending = sync_pending | ?, sync_attempts = 0, "
	  "next_sync_at = UTC_TIMESTAMP() WHERE plan = ? "
	  "AND state NOT IN ('draft', 'terminated')" },
	{ "tenant_claim",	/* CTR_TENANT_CLAIM */
	  "UPDATE tenants SET next_sync_at = UTC_TIMESTAMP() + INTERVAL 60 SECOND "
	  "WHERE id = ? AND sync_pending <> 0 "
	  "AND next_sync_at <= UTC_TIMESTAMP()" },
	{ "tenant_synced",	/* CTR_TENANT_SYNCED */
	  "UPDATE tenants SET sync_pending = sync_pending & ~?, "
	  "sync_attempts = 0, last_sync_error = NULL "
	  "WHERE id = ? AND version = ?" },
	{ "tenant_sync_fail",	/* CTR_TENANT_SYNC_FAIL */
	  "UPDATE tenants SET sync_attempts = sync_attempts + 1, "
	  "next_sync_at = UTC_TIMESTAMP() + INTERVAL ? SECOND, "
	  "last_sync_error = ? WHERE id = ?" },
	{ "tenant_sync_due",	/* CTR_TENANT_SYNC_DUE */
	  "SELECT id FROM tenants WHERE sync_pending <> 0 "
	  "AND next_sync_at <= UTC_TIMESTAMP() ORDER BY next_sync_at LIMIT ?" },
	{ "transition_insert",	/* CTR_TRANSITION_INSERT */
	  "INSERT INTO tenant_transitions (tenant_id, from_state, to_state, "
	  "read_only, actor, reason) VALUES (?, ?, ?, ?, ?, ?)" },
	{ "transition_list",	/* CTR_TRANSITION_LIST */
	  "SELECT from_state, to_state, read_only, actor, reason, "
	  "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') "
	  "FROM tenant_transitions WHERE tenant_id = ? ORDER BY id DESC LIMIT 50" },
	{ "plan_get",	/* CTR_PLAN_GET */
	  "SELECT code, name, description FROM plans WHERE code = ?" },
	{ "plan_list",	/* CTR_PLAN_LIST */
	  "SELECT p.code, p.name, p.description, (SELECT COUNT(*) FROM tenants t "
	  "WHERE t.plan = p.code) FROM plans p ORDER BY p.created_at, p.code" },
	{ "plan_insert",	/* CTR_PLAN_INSERT */
	  "INSERT INTO plans (code, name, description) VALUES (?, ?, ?)" },
	{ "plan_update",	/* CTR_PLAN_UPDATE */
	  "UPDATE plans SET name = ?, description = ? WHERE code = ?" },
	{ "plan_features",	/* CTR_PLAN_FEATURES */
	  "SELECT f.code, f.type, COALESCE(pf.value, f.default_value), "
	  "pf.value IS NOT NULL FROM features f LEFT JOIN plan_features pf "
	  "ON pf.feature = f.code AND pf.plan = ? ORDER BY f.code" },
	{ "plan_feature_put",	/* CTR_PLAN_FEATURE_PUT */
	  "INSERT INTO plan_features (plan, feature, value) VALUES (?, ?, ?) "
	  "ON DUPLICATE KEY UPDATE value = VALUES(value)" },
	{ "feature_get",	/* CTR_FEATURE_GET */
	  "SELECT code, type, default_value, description FROM features "
	  "WHERE code = ?" },
	{ "feature_list",	/* CTR_FEATURE_LIST */
	  "SELECT code, type, default_value, description FROM features "
	  "ORDER BY code" },
	{ "feature_insert",	/* CTR_FEATURE_INSERT */
	  "INSERT INTO features (code, type, default_value, description) "
	  "VALUES (?, ?, ?, ?)" },
	{ "feature_update",	/* CTR_FEATURE_UPDATE */
	  "UPDATE features SET default_value = ?, description = ? WHERE code = ?" },
	{ "effective",	/* CTR_EFFECTIVE */
	  "SELECT f.code, f.type, COALESCE(o.value, pf.value, f.default_value), "
	  "o.value IS NOT NULL, "
	  "DATE_FORMAT(o.expires_at, '%Y-%m-%dT%H:%i:%sZ') FROM features f "
	  "LEFT JOIN plan_features pf ON pf.feature = f.code AND pf.plan = ? "
	  "LEFT JOIN tenant_features o ON o.feature = f.code "
	  "AND o.tenant_id = ? AND (o.expires_at IS NULL "
	  "OR o.expires_at > UTC_TIMESTAMP()) ORDER BY f.code" },
	{ "override_put",	/* CTR_OVERRIDE_PUT */
	  "INSERT INTO tenant_features (tenant_id, feature, value, expires_at) "
	  "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value), "
	  "expires_at = VALUES(expires_at)" },
	{ "override_delete",	/* CTR_OVERRIDE_DELETE */
	  "DELETE FROM tenant_features WHERE tenant_id = ? AND feature = ?" },
	{ "domain_insert",	/* CTR_DOMAIN_INSERT */
	  "INSERT INTO tenant_domains (tenant_id, host, token) VALUES (?, ?, ?)" },
	{ "domain_list",	/* CTR_DOMAIN_LIST */
	  "SELECT host, is_primary, status, token, "
	  "DATE_FORMAT(verified_at, '%Y-%m-%dT%H:%i:%sZ'), "
	  "IF(status = 'pending', " ISO("created_at + INTERVAL "
	  CTR_STR(CTR_DOMAIN_PENDING_DAYS) " DAY") ", NULL) "
	  "FROM tenant_domains WHERE tenant_id = ? AND NOT " CTR_DOMAIN_STALE
	  " ORDER BY host" },
	{ "domain_get",	/* CTR_DOMAIN_GET */
	  "SELECT host, is_primary, status, token, " CTR_DOMAIN_STALE
	  " FROM tenant_domains WHERE tenant_id = ? AND host = ? FOR UPDATE" },
	{ "domain_verified",	/* CTR_DOMAIN_VERIFIED */
	  "UPDATE tenant_domains SET status = 'verified', "
	  "verified_at = UTC_TIMESTAMP() WHERE tenant_id = ? AND host = ? "
	  "AND status = 'pending'" },
	{ "domain_primary",	/* CTR_DOMAIN_PRIMARY */
	  "UPDATE tenant_domains SET is_primary = (host = ?) WHERE tenant_id = ?" },
	{ "domain_delete",	/* CTR_DOMAIN_DELETE */
	  "DELETE FROM tenant_domains WHERE tenant_id = ? AND host = ?" },
	{ "domain_pending_count",	/* CTR_DOMAIN_PENDING_COUNT */
	  "SELECT COUNT(*) FROM tenant_domains WHERE tenant_id = ? "
	  "AND status = 'pending' AND NOT " CTR_DOMAIN_STALE },
	{ "domain_expired_host",	/* CTR_DOMAIN_EXPIRED_HOST */
	  "SELECT tenant_id, host FROM tenant_domains WHERE host = ? AND "
	  CTR_DOMAIN_STALE " FOR UPDATE" },
	{ "domain_expired",	/* CTR_DOMAIN_EXPIRED */
	  "SELECT tenant_id, host FROM tenant_domains WHERE "
	  CTR_DOMAIN_STALE " ORDER BY created_at LIMIT ? FOR UPDATE" },
	{ "approval_insert",	/* CTR_APPROVAL_INSERT */
	  "INSERT INTO tenant_approvals (tenant_id, action, reason, "
	  "requested_by) VALUES (?, ?, ?, ?)" },
	{ "approval_get",	/* CTR_APPROVAL_GET */
	  "SELECT id, tenant_id, action, reason, requested_by, status, "
	  "decided_by, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') "
	  "FROM tenant_approvals WHERE id = ? FOR UPDATE" },
	{ "approval_decide",	/* CTR_APPROVAL_DECIDE */
	  "UPDATE tenant_approvals SET status = ?, decided_by = ?, "
	  "decided_at = UTC_TIMESTAMP() WHERE id = ? AND status = 'pending'" },
	{ "approval_list",	/* CTR_APPROVAL_LIST */
	  "SELECT a.id, a.tenant_id, a.action, a.reason, a.requested_by, "
	  "a.status, a.decided_by, "
	  "DATE_FORMAT(a.created_at, '%Y-%m-%dT%H:%i:%sZ'), t.slug "
	  "FROM tenant_approvals a JOIN tenants t ON t.id = a.tenant_id "
	  "WHERE (? = 0 OR a.tenant_id = ?) AND (CHAR_LENGTH(?) = 0 OR a.status = ?) "
	  "ORDER BY a.id DESC LIMIT 100" },
	{ "call_insert",	/* CTR_CALL_INSERT */
	  "INSERT INTO tenant_calls (tenant_id, what, status, error, ms) "
	  "VALUES (?, ?, ?, ?, ?)" },
	{ "call_list",	/* CTR_CALL_LIST */
	  "SELECT what, status, error, ms, "
	  "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM tenant_calls "
	  "WHERE tenant_id = ? ORDER BY id DESC LIMIT 20" },
	{ "call_purge",	/* CTR_CALL_PURGE */
	  "DELETE FROM tenant_calls WHERE tenant_id = ? AND id < ? - 200" },
	{ "export_put",	/* CTR_EXPORT_PUT */
	  "INSERT IGNORE INTO tenant_exports (tenant_id, file, bytes, sha256) "
	  "VALUES (?, ?, ?, ?)" },
	{ "export_get",	/* CTR_EXPORT_GET */
	  "SELECT file, bytes, sha256, "
	  "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') "
	  "FROM tenant_exports WHERE tenant_id = ?" },
	{ "audit_head_lock",	/* CTR_AUDIT_HEAD_LOCK */
	  "SELECT last_id, last_hash FROM audit_head WHERE one = 1 FOR UPDATE" },
	{ "audit_head_set",	/* CTR_AUDIT_HEAD_SET */
	  "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE one = 1" },
	{ "audit_head",	/* CTR_AUDIT_HEAD */
	  "SELECT last_id, last_hash FROM audit_head WHERE one = 1" },
	{ "audit_insert",	/* CTR_AUDIT_INSERT */
	  "INSERT INTO audit_log (id, at, actor, action, target, tenant_id, "
	  "before_json, after_json, request_id, client_addr, prev_hash, hash) "
	  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	{ "audit_list",	/* CTR_AUDIT_LIST */
	  "SELECT " CTR_AUDIT_COLS " FROM audit_log WHERE "
	  "(CHAR_LENGTH(?) = 0 OR action LIKE ?) "
	  "AND (CHAR_LENGTH(?) = 0 OR actor LIKE ?) "
	  "AND (? = 0 OR tenant_id = ?) AND (CHAR_LENGTH(?) = 0 OR at >= ?) "
	  "AND (CHAR_LENGTH(?) = 0 OR at < ?) AND (? = 0 OR id < ?) "
	  "ORDER BY id DESC LIMIT ?" },
	{ "audit_range",	/* CTR_AUDIT_RANGE */
	  "SELECT " CTR_AUDIT_COLS " FROM audit_log WHERE id > ? "
	  "ORDER BY id LIMIT 1000" },
	{ "event_insert",	/* CTR_EVENT_INSERT */
	  "INSERT INTO outbox (event_id, type, tenant_id, payload) "
	  "VALUES (?, ?, ?, ?)" },
	{ "event_recent",	/* CTR_EVENT_RECENT */
	  "SELECT event_id, type, tenant_id, "
	  "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM outbox "
	  "WHERE (? = 0 OR tenant_id = ?) ORDER BY id DESC LIMIT ?" },
	{ "event_unfanned",	/* CTR_EVENT_UNFANNED */
	  "SELECT id, type FROM outbox WHERE fanned_out = 0 ORDER BY id "
	  "LIMIT 100 FOR UPDATE SKIP LOCKED" },
	{ "event_fanned",	/* CTR_EVENT_FANNED */
	  "UPDATE outbox SET fanned_out = 1 WHERE id = ?" },
	{ "sub_insert",	/* CTR_SUB_INSERT */
	  "INSERT INTO webhook_subscriptions (url, events, description, "
	  "secret_enc) VALUES (?, ?, ?, '')" },
	{ "sub_secret",	/* CTR_SUB_SECRET */
	  "UPDATE webhook_subscriptions SET secret_enc = ? WHERE id = ?" },
	{ "sub_list",	/* CTR_SUB_LIST */
	  "SELECT " CTR_SUB_COLS " FROM webhook_subscriptions s ORDER BY s.id" },
	{ "sub_get",	/* CTR_SUB_GET */
	  "SELECT " CTR_SUB_COLS " FROM webhook_subscriptions s WHERE s.id = ?" },
	{ "sub_update",	/* CTR_SUB_UPDATE */
	  "UPDATE webhook_subscriptions SET url = ?, events = ?, "
	  "description = ?, failing_since = IF(? = 1, NULL, failing_since), "
	  "disabled_reason = IF(? = 1, NULL, disabled_reason), status = ? "
	  "WHERE id = ?" },
	{ "subs_active",	/* CTR_SUBS_ACTIVE */
	  "SELECT id, events FROM webhook_subscriptions WHERE status = 'active'" },
	{ "sub_failing",	/* CTR_SUB_FAILING */
	  "UPDATE webhook_subscriptions SET failing_since = "
	  "COALESCE(failing_since, UTC_TIMESTAMP()) WHERE id = ?" },
	{ "sub_healthy",	/* CTR_SUB_HEALTHY */
	  "UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = ?" },
	{ "sub_disable_stale",	/* CTR_SUB_DISABLE_STALE */
	  "UPDATE webhook_subscriptions SET status = 'disabled', "
	  "disabled_reason = ? WHERE id = ? AND status = 'active' "
	  "AND failing_since <= UTC_TIMESTAMP() - INTERVAL ? SECOND" },
	{ "delivery_insert",	/* CTR_DELIVERY_INSERT */
	  "INSERT IGNORE INTO webhook_deliveries (subscription_id, outbox_id) "
	  "VALUES (?, ?)" },
	{ "delivery_due",	/* CTR_DELIVERY_DUE */
	  "SELECT d.id, d.attempts, s.id, s.url, s.secret_enc, o.event_id, "
	  "o.payload FROM webhook_deliveries d "
	  "JOIN webhook_subscriptions s ON s.id = d.subscription_id "
	  "JOIN outbox o ON o.id = d.outbox_id "
	  "WHERE d.status = 'pending' AND s.status = 'active' "
	  "AND d.next_attempt_at <= UTC_TIMESTAMP() AND (d.locked_until IS NULL "
	  "OR d.locked_until < UTC_TIMESTAMP()) ORDER BY d.next_attempt_at "
	  "LIMIT ? FOR UPDATE SKIP LOCKED" },
	{ "delivery_lease",	/* CTR_DELIVERY_LEASE */
	  "UPDATE webhook_deliveries SET locked_until = UTC_TIMESTAMP() + "
	  "INTERVAL 120 SECOND WHERE id = ?" },
	{ "delivery_done",	/* CTR_DELIVERY_DONE */
	  "UPDATE webhook_deliveries SET status = 'delivered', "
	  "attempts = attempts + 1, last_status = ?, last_error = NULL, "
	  "locked_until = NULL, delivered_at = UTC_TIMESTAMP() WHERE id = ?" },
	{ "delivery_retry",	/* CTR_DELIVERY_RETRY */
	  "UPDATE webhook_deliveries SET status = IF(attempts + 1 >= ?, "
	  "'failed', 'pending'), attempts = attempts + 1, last_status = ?, "
	  "last_error = ?, locked_until = NULL, "
	  "next_attempt_at = UTC_TIMESTAMP() + INTERVAL ? SECOND WHERE id = ?" },
	{ "delivery_list",	/* CTR_DELIVERY_LIST */
	  "SELECT d.id, o.event_id, o.type, d.status, d.attempts, d.last_status, "
	  "d.last_error, DATE_FORMAT(d.created_at, '%Y-%m-%dT%H:%i:%sZ'), "
	  "DATE_FORMAT(d.next_attempt_at, '%Y-%m-%dT%H:%i:%sZ'), "
	  "d.subscription_id FROM webhook_deliveries d "
	  "JOIN outbox o ON o.id = d.outbox_id WHERE (? = 0 OR "
	  "d.subscription_id = ?) AND (CHAR_LENGTH(?) = 0 OR d.status = ?) "
	  "ORDER BY d.id DESC LIMIT ?" },
	{ "delivery_get",	/* CTR_DELIVERY_GET */
	  "SELECT d.id, d.subscription_id, d.status FROM webhook_deliveries d "
	  "WHERE d.id = ?" },
	{ "delivery_redeliver",	/* CTR_DELIVERY_REDELIVER */
	  "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, "
	  "next_attempt_at = UTC_TIMESTAMP(), locked_until = NULL WHERE id = ?" },
	{ "attempt_insert",	/* CTR_ATTEMPT_INSERT */
	  "INSERT INTO webhook_attempts (delivery_id, status, error, ms) "
	  "VALUES (?, ?, ?, ?)" },
	{ "attempt_list",	/* CTR_ATTEMPT_LIST */
	  "SELECT status, error, ms, "
	  "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') FROM webhook_attempts "
	  "WHERE delivery_id = ? ORDER BY id" },
	{ "tenant_by_slug",	/* CTR_TENANT_BY_SLUG */
	  "SELECT " CTR_TENANT_COLS " FROM tenants WHERE slug = ? FOR UPDATE" },
	{ "tenant_register",	/* CTR_TENANT_REGISTER */
	  "INSERT INTO tenants (id, slug, name, plan, state, currency, "
	  "theme_color, locale, time_zone, sync_pending, next_sync_at) "
	  "VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, UTC_TIMESTAMP()) "
	  "ON DUPLICATE KEY UPDATE "
	  "name = VALUES(name), currency = VALUES(currency), "
	  "theme_color = VALUES(theme_color), locale = VALUES(locale), "
	  "time_zone = VALUES(time_zone), "
	  "sync_pending = sync_pending | VALUES(sync_pending), "
	  "version = version + 1, next_sync_at = UTC_TIMESTAMP()" },
	{ "tenant_force",	/* CTR_TENANT_FORCE */
	  "UPDATE tenants SET state = ?, version = version + 1 "
	  "WHERE id = ?" },
	{ "settings_get",	/* CTR_SETTINGS_GET */
	  "SELECT name, value FROM platform_settings" },
	{ "setting_put",	/* CTR_SETTING_PUT */
	  "INSERT INTO platform_settings (name, value) VALUES (?, ?) "
	  "ON DUPLICATE KEY UPDATE value = VALUES(value)" },
	{ "tenants_mark_all",	/* CTR_TENANTS_MARK_ALL */
	  "UPDATE tenants SET version = version + 1, "
	  "sync_pending = sync_pending | ?, sync_attempts = 0, "
	  "next_sync_at = UTC_TIMESTAMP() "
	  "WHERE state NOT IN ('draft', 'terminated')" },
	{ "tenant_unsynced",	/* CTR_TENANT_UNSYNCED */
	  "SELECT id, slug, state, sync_attempts, last_sync_error FROM tenants "
	  "WHERE sync_pending <> 0 AND last_sync_error IS NOT NULL "
	  "ORDER BY next_sync_at LIMIT 20" },
	{ "sub_recent",	/* CTR_SUB_RECENT */
	  "SELECT " CTR_SUB_COLS " FROM webhook_subscriptions s "
	  "ORDER BY s.id DESC LIMIT 20" },
	{ "tenant_release",	/* CTR_TENANT_RELEASE */
	  "UPDATE tenants SET next_sync_at = UTC_TIMESTAMP() "
	  "WHERE id = ? AND sync_attempts = 0 AND ((sync_pending & ~32) <> 0 "
	  "OR (sync_pending <> 0 AND state = 'active'))" },
	{ "ad_lang",	/* CTR_AD_LANG */
	  "UPDATE platform_admins SET language = ? WHERE id = ?" },
	{ "ad_zone",	/* CTR_AD_ZONE */
	  "UPDATE platform_admins SET time_zone = ? WHERE id = ?" },
};
