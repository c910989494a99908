/*
 * Domain events (seed §11.4): each change writes its event to the
 * outbox in its own transaction, so an event exists if and only if the
 * change committed.  soukctl worker relays them (webhooks.c).  Also the
 * dashboard's view of what happened lately.
 */
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "center/center.h"
#include "sec/sec.h"

const char *const ctr_event_types = "tenant_created,tenant_provisioning,"
    "tenant_activated,"
    "tenant_suspended,tenant_resumed,tenant_terminated,"
    "tenant_read_only_changed,tenant_updated,tenant_erased,plan_changed,"
    "features_changed,domain_added,domain_verified,domain_removed";

int
ctr_event_type_ok(const char *s)
{
	return str_eq(s, "*") || (s != NULL && *s != '\0' &&
	    strchr(s, ',') == NULL && str_list_has(ctr_event_types, s));
}

const char *
ctr_now_iso(struct arena *a, const char *suffix)
{
	time_t		 t = (time_t)time_unix();
	struct tm	 tm;

	if (gmtime_r(&t, &tm) == NULL)
		return NULL;
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02d%s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, suffix);
}

const char *
ctr_actor_public(struct arena *a, const struct ctr_actor *who)
{
	if (who->admin != 0)
		return arena_printf(a, "admin:%lld", (long long)who->admin);
	return who->who;	/* "system", "key:pk_… (owner)", "soukctl …" */
}

enum souk_err
ctr_event(struct db *db, struct arena *a, const char *type, int64_t tenant,
    struct json_object *data)
{
	struct json_object	*o = json_object_new_object();
	const char		*id = sec_random_hex(a, "evt_", 16);
	const char		*ts = ctr_now_iso(a, "Z"), *payload;
	enum souk_err		 er;

	if (o == NULL || id == NULL || ts == NULL) {
		json_object_put(o);
		return SOUK_ENOMEM;
	}
	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "type", json_object_new_string(type));
	json_object_object_add(o, "timestamp", json_object_new_string(ts));
	json_object_object_add(o, "data", data != NULL ?
	    json_object_get(data) : json_object_new_object());
	payload = arena_strdup(a, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	if (payload == NULL)
		return SOUK_ENOMEM;
	{
		struct db_arg args[] = { DB_S(id), DB_S(type),
		    tenant > 0 ? DB_I(tenant) : DB_NUL, DB_S(payload) };

		er = db_exec(db, a, CTR_EVENT_INSERT, args, 4, NULL);
	}
	return er;
}

enum souk_err
ctr_dashboard_get(struct db *db, struct arena *a, int events, int failing,
    struct ctr_dashboard *out)
{
	struct db_arg	 ev[] = { DB_I(0), DB_I(0), DB_I(events) };
	enum souk_err	 er;

	if ((er = db_exec(db, a, CTR_TENANT_COUNTS, NULL, 0, &out->counts)) !=
	    SOUK_OK ||
	    (er = db_exec(db, a, CTR_EVENT_RECENT, ev, 3, &out->events)) !=
	    SOUK_OK ||
	    (er = ctr_delivery_list(db, a, 0, "failed", failing,
	    &out->failing)) != SOUK_OK)
		return er;
	return db_exec(db, a, CTR_TENANT_UNSYNCED, NULL, 0, &out->unsynced);
}
