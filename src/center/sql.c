/* Every SQL statement of Center's domain (souk_center). */
#include "center/center.h"

const struct db_stmt_def center_sql[CTR__MAX] = {
	{ "admin_insert",	/* CTR_ADMIN_INSERT */
	  "INSERT INTO platform_admins (email, name, role, password_hash) "
	  "VALUES (?, ?, ?, ?)" },
	{ "admin_by_email",	/* CTR_ADMIN_BY_EMAIL */
	  "SELECT id, email, name, role, password_hash FROM platform_admins "
	  "WHERE email = ? AND status = 'active'" },
	{ "admin_rehash",	/* CTR_ADMIN_REHASH */
	  "UPDATE platform_admins SET password_hash = ? WHERE id = ?" },
	{ "session_insert",	/* CTR_SESSION_INSERT */
	  "INSERT INTO admin_sessions (token_hash, admin_id, kind, "
	  "expires_at) VALUES (?, ?, ?, UTC_TIMESTAMP() + INTERVAL ? SECOND)" },
	{ "session_get",	/* CTR_SESSION_GET */
	  "SELECT a.id, a.email, a.name, a.role, "
	  "(SELECT GROUP_CONCAT(p.permission ORDER BY p.permission) "
	  "FROM admin_role_permissions p WHERE p.role = a.role), "
	  "s.last_seen_at < UTC_TIMESTAMP() - INTERVAL 60 SECOND "
	  "FROM admin_sessions s JOIN platform_admins a ON a.id = s.admin_id "
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
};
