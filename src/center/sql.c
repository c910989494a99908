/* Every SQL statement of Center's domain (souk_center). */
#include "center/center.h"

const struct db_stmt_def center_sql[CTR__MAX] = {
	{ "admin_insert",	/* CTR_ADMIN_INSERT */
	  "INSERT INTO platform_admins (email, name, role, password_hash) "
	  "VALUES (?, ?, ?, ?)" },
	{ "admin_by_email",	/* CTR_ADMIN_BY_EMAIL */
	  "SELECT a.id, a.email, a.name, a.role, a.password_hash, "
	  "a.totp_secret IS NOT NULL, r.mfa_required "
	  "FROM platform_admins a JOIN admin_roles r ON r.role = a.role "
	  "WHERE a.email = ? COLLATE utf8mb4_bin AND a.status = 'active'" },
	{ "admin_rehash",	/* CTR_ADMIN_REHASH */
	  "UPDATE platform_admins SET password_hash = ? WHERE id = ?" },
	{ "session_insert",	/* CTR_SESSION_INSERT */
	  "INSERT INTO admin_sessions (token_hash, admin_id, kind, stage, "
	  "expires_at) VALUES (?, ?, ?, ?, "
	  "UTC_TIMESTAMP() + INTERVAL ? SECOND)" },
	{ "session_get",	/* CTR_SESSION_GET */
	  "SELECT a.id, a.email, a.name, a.role, "
	  "(SELECT GROUP_CONCAT(p.permission ORDER BY p.permission) "
	  "FROM admin_role_permissions p WHERE p.role = a.role), "
	  "s.last_seen_at < UTC_TIMESTAMP() - INTERVAL 60 SECOND, "
	  "s.stage, a.totp_secret IS NOT NULL, r.mfa_required "
	  "FROM admin_sessions s JOIN platform_admins a ON a.id = s.admin_id "
	  "JOIN admin_roles r ON r.role = a.role "
	  "WHERE s.token_hash = ? AND a.status = 'active' AND "
	  "s.expires_at > UTC_TIMESTAMP() AND "
	  "s.last_seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND" },
	{ "session_touch",	/* CTR_SESSION_TOUCH */
	  "UPDATE admin_sessions SET last_seen_at = UTC_TIMESTAMP() "
	  "WHERE token_hash = ?" },
	{ "session_delete",	/* CTR_SESSION_DELETE */
	  "DELETE FROM admin_sessions WHERE token_hash = ?" },
	{ "session_purge",	/* CTR_SESSION_PURGE */
	  "DELETE FROM admin_sessions WHERE admin_id = ? AND "
	  "(expires_at <= UTC_TIMESTAMP() OR "
	  "last_seen_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND)" },
	{ "sessions_end",	/* CTR_SESSIONS_END */
	  "DELETE FROM admin_sessions WHERE admin_id = ?" },
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
	{ "admin_list",	/* CTR_ADMIN_LIST */
	  "SELECT id, email, name, role, status, totp_secret IS NOT NULL, "
	  "DATE_FORMAT(created_at, '%Y-%m-%d') FROM platform_admins "
	  "ORDER BY id" },
	{ "admin_get",	/* CTR_ADMIN_GET */
	  "SELECT id, email, name, role, status, totp_secret IS NOT NULL, "
	  "DATE_FORMAT(created_at, '%Y-%m-%d') FROM platform_admins "
	  "WHERE id = ? FOR UPDATE" },
	{ "admin_owners_lock",	/* CTR_ADMIN_OWNERS_LOCK */
	  "SELECT id FROM platform_admins WHERE role = 'owner' "
	  "AND status = 'active' FOR UPDATE" },
	{ "admin_set_role",	/* CTR_ADMIN_SET_ROLE */
	  "UPDATE platform_admins SET role = ? WHERE id = ?" },
	{ "admin_set_status",	/* CTR_ADMIN_SET_STATUS */
	  "UPDATE platform_admins SET status = IF(? = 1, "
	  "'disabled', IF(password_hash IS NULL, 'invited', 'active')) "
	  "WHERE id = ?" },
	{ "admin_set_name",	/* CTR_ADMIN_SET_NAME */
	  "UPDATE platform_admins SET name = ? WHERE id = ?" },
	{ "admin_password",	/* CTR_ADMIN_PASSWORD */
	  "UPDATE platform_admins SET password_hash = ?, "
	  "password_changed_at = UTC_TIMESTAMP() WHERE id = ?" },
	{ "admin_hash",	/* CTR_ADMIN_HASH */
	  "SELECT password_hash FROM platform_admins "
	  "WHERE id = ? AND status = 'active'" },
	{ "admin_invite",	/* CTR_ADMIN_INVITE */
	  "INSERT INTO platform_admins (email, name, role, password_hash, "
	  "status) VALUES (?, ?, ?, NULL, 'invited')" },
	{ "token_insert",	/* CTR_TOKEN_INSERT */
	  "INSERT INTO admin_tokens (token_hash, admin_id, purpose, "
	  "expires_at) VALUES (?, ?, 'invitation', "
	  "UTC_TIMESTAMP() + INTERVAL ? SECOND)" },
	{ "token_get",	/* CTR_TOKEN_GET */
	  "SELECT t.admin_id FROM admin_tokens t JOIN platform_admins a "
	  "ON a.id = t.admin_id WHERE t.token_hash = ? "
	  "AND t.used_at IS NULL AND t.expires_at > UTC_TIMESTAMP() "
	  "AND a.status = 'invited'" },
	{ "token_use",	/* CTR_TOKEN_USE */
	  "UPDATE admin_tokens SET used_at = UTC_TIMESTAMP() "
	  "WHERE token_hash = ? AND used_at IS NULL "
	  "AND expires_at > UTC_TIMESTAMP()" },
	{ "admin_activate",	/* CTR_ADMIN_ACTIVATE */
	  "UPDATE platform_admins SET password_hash = ?, "
	  "password_changed_at = UTC_TIMESTAMP(), status = 'active', "
	  "name = IF(? = 1, name, ?) WHERE id = ? AND status = 'invited'" },
};
