/*
 * A shop's customers: the plane auth/ signs them in (statements, URLs,
 * templates), registration, and the address book, as JSON.  A customer
 * exists in one shop only: the same token on another shop's host is no
 * token at all.
 */
#include <string.h>

#include "storefront/storefront.h"

#define SIGNUPS_PER_ADDR	10	/* registrations a minute */

const struct auth_plane sf_customers = {
	.kind = AUTH_CUSTOMER,
	.name = "customer",
	.st = {
		SQL_CU_BY_EMAIL, SQL_CU_BY_ID, SQL_CU_CREATE, SQL_CU_PASSWORD,
		SQL_CU_NAME, SQL_CU_VERIFIED, SQL_CU_SESSION_NEW,
		SQL_CU_SESSION, SQL_SESSION_TOUCH, SQL_SESSION_END,
		SQL_CU_SESSIONS_OLD, SQL_CU_SESSIONS_END, SQL_CU_LINK_NEW,
		SQL_CU_LINK, SQL_CU_LINK_USE, SQL_CU_LINKS_END,
		-1, -1, -1, -1, -1,		/* members */
		-1, -1, -1, -1, -1, -1, -1, -1, -1,	/* two-factor */
		-1, -1,					/* language, zone */
	},
	.scoped = 1,
	.prefix = "sc_",
	.link_prefix = "sl_",
	.idle_s = SHOP_CUSTOMER_IDLE_S,
	.life_s = SHOP_CUSTOMER_LIFE_S,
	.pw_min = SEC_PW_MIN_CUSTOMER,
	.invite_purpose = NULL,
	.cookie = "souk_customer",
	.path = "/",
	.url_login = "/account/login",
	.url_code = "/account/login",
	.url_home = "/account",
	.url_enroll = "/account",
	.url_account = "/account",
	.url_reset = "/account/reset",
	.url_verify = "/account/verify",
	.api_me = "/api/v1/me",
	.tmpl = { "account/login", NULL, NULL, "account/forgot",
	    "account/reset", NULL, "account/verify", "account/index", NULL },
	.mail = shopweb_mail,
	.account_page = sf_account_page,
};

enum souk_err
sf_register(struct req *r, const char *email, const char *password,
    const char *name, struct souk_why *why, int64_t *id)
{
	struct auth_cx	 cx;
	const char	*realm;
	enum souk_err	 er;

	realm = arena_printf(r->a, "register:%lld", (long long)r->tenant_id);
	if (realm == NULL)
		return SOUK_ENOMEM;
	/* Keyed by the address twice: no counter shared by all visitors. */
	if (auth_limit(r, realm, r->remote_addr, SIGNUPS_PER_ADDR,
	    SIGNUPS_PER_ADDR) == SOUK_RATELIMIT) {
		r->detail = N_("Too many new accounts from your address; try "
		    "again in a minute.");
		return SOUK_RATELIMIT;
	}
	auth_limit_count(r, realm, r->remote_addr);	/* every one counts */
	if ((er = auth_cx_of(r, &cx)) != SOUK_OK ||
	    (er = auth_account_create(&cx, email, name, NULL, password, why,
	    id)) != SOUK_OK)
		return er;
	if (auth_send_verify(r, *id, email, name) != SOUK_OK)
		log_msg(LOG_WARN, "reqid=%s customer %lld: verification mail "
		    "not sent", r->reqid, (long long)*id);
	return SOUK_OK;
}

enum souk_err
sf_api_customer_create(struct req *r)
{
	const char		*email = req_json_str(r, "email");
	const char		*name = req_json_str(r, "name");
	struct auth_account	 ac;
	struct souk_why		 why = { NULL, NULL };
	enum souk_err		 er;

	memset(&ac, 0, sizeof(ac));
	er = sf_register(r, email, req_json_str(r, "password"), name != NULL ?
	    name : "", &why, &ac.id);
	if (er == SOUK_CONFLICT)
		why = (struct souk_why){ NULL, "an account with this e-mail "
		    "address exists; sign in or reset its password" };
	if (er != SOUK_OK)
		return req_why(r, er, &why);
	ac.plane = &sf_customers;
	ac.email = str_lower_dup(r->a, email);
	ac.name = name != NULL ? name : "";
	resp_header(r, "Location", "/api/v1/me");
	return resp_json(r, 201, json_object_get(auth_account_json(r, &ac)));
}

/* ---- addresses ------------------------------------------------------ */

struct json_object *
sf_address_json(const struct shop_address *ad)
{
	struct json_object	*o = json_object_new_object();

	if (o == NULL)
		return NULL;
	json_object_object_add(o, "id", json_object_new_int64(ad->id));
	json_object_object_add(o, "name", json_str(ad->name));
	json_object_object_add(o, "line1", json_str(ad->line1));
	json_object_object_add(o, "line2", json_str(ad->line2));
	json_object_object_add(o, "city", json_str(ad->city));
	json_object_object_add(o, "postal_code", json_str(ad->postal_code));
	json_object_object_add(o, "country", json_str(ad->country));
	json_object_object_add(o, "phone", json_str(ad->phone));
	return o;
}

void
sf_address_read(struct req *r, const char *(*get)(const struct req *,
    const char *), struct shop_address *ad)
{
	memset(ad, 0, sizeof(*ad));
	ad->name = get(r, "name");
	ad->line1 = get(r, "line1");
	ad->line2 = get(r, "line2");
	ad->city = get(r, "city");
	ad->postal_code = get(r, "postal_code");
	ad->country = get(r, "country");
	ad->phone = get(r, "phone");
}

enum souk_err
sf_api_addresses(struct req *r)
{
	struct shop_address	*ads;
	struct json_object	*o, *items;
	size_t			 n, i;
	enum souk_err		 er;

	if ((er = shop_addresses(app_db(r->app), r->a, r->tenant_id,
	    auth_of(r)->id, &ads, &n)) != SOUK_OK)
		return er;
	if ((o = json_object_new_object()) == NULL)
		return SOUK_ENOMEM;
	items = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(items, sf_address_json(&ads[i]));
	json_object_object_add(o, "items", items);
	resp_header(r, "Cache-Control", "no-store");
	return resp_json(r, 200, o);
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

enum souk_err
sf_api_address_add(struct req *r)
{
	struct shop_address	 ad;
	struct souk_why		 why = { NULL, NULL };
	enum souk_err		 er;

	sf_address_read(r, req_json_str, &ad);
	er = shop_address_add(app_db(r->app), r->a, r->tenant_id,
	    auth_of(r)->id, &ad, &why, &ad.id);
	if (er != SOUK_OK)
		return req_why(r, er, &why);
	ad.line2 = nz(ad.line2);
	ad.postal_code = nz(ad.postal_code);
	ad.phone = nz(ad.phone);
	return resp_json(r, 201, sf_address_json(&ad));
}

enum souk_err
sf_api_address_delete(struct req *r)
{
	enum souk_err	 er;

	er = shop_address_delete(app_db(r->app), r->a, r->tenant_id,
	    auth_of(r)->id, req_path_i64(r, "id"));
	if (er == SOUK_NOTFOUND)
		r->detail = "You have no address with this id.";
	if (er != SOUK_OK)
		return er;
	return resp_empty(r, 204);
}
