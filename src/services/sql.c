/*
 * Every SQL statement of the souk_services database.  Statements on
 * tenant-owned tables bind tenant_id, except the worker's queue scan
 * (tests/unit/check_store.c holds the list of exemptions).
 */
#include "services/services.h"

#define ISO(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
#define DUE \
	"((status = 'queued' AND next_attempt_at <= UTC_TIMESTAMP()) OR " \
	"(status = 'sending' AND locked_until < UTC_TIMESTAMP()))"

const struct db_stmt_def svc_sql[SVC__MAX] = {
	{ "tenant_get",		/* SVC_TENANT_GET */
	  "SELECT id, slug, name, state, sends_per_minute FROM tenants "
	  "WHERE id = ?" },
	{ "tenant_upsert",	/* SVC_TENANT_UPSERT */
	  /* the last ? is 1 to set mail_from (NULL: the service's own) */
	  "INSERT INTO tenants (id, slug, name, state, mail_from) "
	  "VALUES (?, ?, ?, ?, ?) "
	  "ON DUPLICATE KEY UPDATE slug = VALUES(slug), name = VALUES(name), "
	  "state = VALUES(state), "
	  "mail_from = IF(?, VALUES(mail_from), mail_from)" },
	{ "template_get",	/* SVC_TMPL_GET */
	  "SELECT subject, body_html, body_text FROM notification_templates "
	  "WHERE tenant_id = ? AND channel = ? AND code = ? AND locale = ?" },
	{ "template_put",	/* SVC_TMPL_PUT */
	  "INSERT INTO notification_templates (tenant_id, channel, code, "
	  "locale, subject, body_html, body_text) VALUES (?, ?, ?, ?, ?, ?, ?) "
	  "ON DUPLICATE KEY UPDATE subject = VALUES(subject), "
	  "body_html = VALUES(body_html), body_text = VALUES(body_text)" },
	{ "template_delete",	/* SVC_TMPL_DELETE */
	  "DELETE FROM notification_templates "
	  "WHERE tenant_id = ? AND channel = ? AND code = ? AND locale = ?" },
	{ "note_insert",	/* SVC_NOTE_INSERT */
	  "INSERT INTO notifications (tenant_id, channel, idempotency_key, "
	  "request_hash, caller, recipient, template, locale, subject, "
	  "body_html, body_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	{ "note_by_key",	/* SVC_NOTE_BY_KEY */
	  "SELECT id, request_hash FROM notifications "
	  "WHERE tenant_id = ? AND idempotency_key = ?" },
	{ "note_get",		/* SVC_NOTE_GET */
	  "SELECT id, channel, recipient, template, locale, subject, status, "
	  "attempts, " ISO("created_at") ", " ISO("sent_at") ", "
	  ISO("next_attempt_at") ", last_error, provider_id "
	  "FROM notifications WHERE tenant_id = ? AND id = ?" },
	{ "event_insert",	/* SVC_EVENT_INSERT */
	  "INSERT INTO notification_events (tenant_id, notification_id, "
	  "event, detail) VALUES (?, ?, ?, LEFT(?, 512))" },
	{ "events_get",		/* SVC_EVENTS_GET */
	  "SELECT event, detail, " ISO("at") " FROM notification_events "
	  "WHERE tenant_id = ? AND notification_id = ? ORDER BY id" },
	{ "queue_due",		/* SVC_DUE */
	  "SELECT tenant_id, id FROM notifications WHERE attempts < ? AND " DUE
	  " ORDER BY next_attempt_at, id LIMIT ?" },
	{ "queue_claim",	/* SVC_CLAIM */
	  "UPDATE notifications SET status = 'sending', "
	  "attempts = attempts + 1, "
	  "locked_until = UTC_TIMESTAMP() + INTERVAL 5 MINUTE "
	  "WHERE tenant_id = ? AND id = ? AND attempts < ? AND " DUE },
	{ "queue_load",		/* SVC_LOAD */
	  "SELECT n.channel, n.recipient, n.subject, n.body_html, n.body_text, "
	  "n.attempts, COALESCE(t.name, ''), COALESCE(t.state, 'unknown'), "
	  "COALESCE(t.mail_from, '') "
	  "FROM notifications n LEFT JOIN tenants t ON t.id = n.tenant_id "
	  "WHERE n.tenant_id = ? AND n.id = ?" },
	/* the settling statements match the attempt that claimed the row */
	{ "queue_sent",		/* SVC_SENT */
	  "UPDATE notifications SET status = 'sent', "
	  "sent_at = UTC_TIMESTAMP(), provider_id = LEFT(?, 128), "
	  "last_error = NULL, locked_until = NULL WHERE tenant_id = ? AND "
	  "id = ? AND attempts = ? AND status = 'sending'" },
	{ "queue_retry",	/* SVC_RETRY */
	  "UPDATE notifications SET status = 'queued', "
	  "next_attempt_at = UTC_TIMESTAMP() + INTERVAL ? SECOND, "
	  "last_error = LEFT(?, 512), locked_until = NULL WHERE tenant_id = ? "
	  "AND id = ? AND attempts = ? AND status = 'sending'" },
	{ "queue_fail",		/* SVC_FAIL */
	  "UPDATE notifications SET status = 'failed', "
	  "last_error = LEFT(?, 512), locked_until = NULL WHERE tenant_id = ? "
	  "AND id = ? AND attempts = ? AND status = 'sending'" },
	{ "queue_exhausted",	/* SVC_EXHAUSTED */
	  /* MariaDB assigns left to right: last_error reads the old status */
	  "UPDATE notifications SET last_error = CONCAT('gave up after ', "
	  "attempts, ' attempts', IF(status = 'sending', "
	  "' (the worker stopped during the last)', '')), status = 'failed', "
	  "locked_until = NULL WHERE attempts >= ? AND " DUE },
};
