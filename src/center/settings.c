/*
 * Global settings (seed §3.3): the payment and shipping providers the
 * platform offers and its mail sender, stored in platform_settings.  A
 * tenant enables some of the offered methods; a change here is sent to
 * every tenant again, each with the methods still offered.
 */
#include <string.h>

#include "center/center.h"

const char *const ctr_payment_known = "card,paypal,bank_transfer,cod";
const char *const ctr_shipping_known = "standard,express,pickup";

int
ctr_csv_item(const char **csv, char *item, size_t size)
{
	size_t	 n;

	if (*csv == NULL || **csv == '\0')
		return 0;
	n = strcspn(*csv, ",");
	if (n < size) {
		memcpy(item, *csv, n);
		item[n] = '\0';
	} else
		item[0] = '\0';	/* too long: no item of ours */
	*csv += n + ((*csv)[n] == ',');
	return 1;
}

int
ctr_csv_within(const char *csv, const char *list)
{
	char	 item[64];

	if (csv == NULL || (*csv != '\0' && csv[strlen(csv) - 1] == ','))
		return 0;
	while (ctr_csv_item(&csv, item, sizeof(item)))
		if (*item == '\0' || !str_list_has(list, item))
			return 0;
	return 1;
}

const char *
ctr_csv_filter(struct arena *a, const char *csv, const char *list)
{
	struct buf	 b;
	char		 item[64];

	buf_init(&b, a, 64);
	buf_adds(&b, "");
	while (ctr_csv_item(&csv, item, sizeof(item)))
		if (*item != '\0' && str_list_has(list, item))
			buf_printf(&b, "%s%s", b.len > 0 ? "," : "", item);
	return buf_ok(&b) ? b.data : NULL;
}

enum souk_err
ctr_settings_get(struct db *db, struct arena *a, const struct conf *c,
    struct ctr_settings *s)
{
	struct db_res	 res;
	const char	*k;
	size_t		 i;
	enum souk_err	 er;

	s->payment_providers = ctr_payment_known;
	s->shipping_providers = ctr_shipping_known;
	s->mail_from = c->mail_from;
	if ((er = db_exec(db, a, CTR_SETTINGS_GET, NULL, 0, &res)) != SOUK_OK)
		return er;
	for (i = 0; i < res.nrows; i++) {
		k = db_cell(&res, i, 0);
		if (str_eq(k, "payment_providers"))
			s->payment_providers = db_cell(&res, i, 1);
		else if (str_eq(k, "shipping_providers"))
			s->shipping_providers = db_cell(&res, i, 1);
		else if (str_eq(k, "mail_from") && *db_cell(&res, i, 1) != '\0')
			s->mail_from = db_cell(&res, i, 1);
	}
	s->mail_from_conf = s->mail_from == c->mail_from;
	return SOUK_OK;
}

struct sset {
	struct arena			*a;
	const struct ctr_actor		*who;
	const struct ctr_settings	*before, *after;
};

static enum souk_err
put(struct db *db, struct arena *a, const char *name, const char *value)
{
	struct db_arg	 args[] = { DB_S(name), DB_S(value) };

	return db_exec(db, a, CTR_SETTING_PUT, args, 2, NULL);
}

static const char *
settings_text(struct arena *a, const struct ctr_settings *s)
{
	return arena_printf(a, "%s; %s; %s", s->payment_providers,
	    s->shipping_providers, s->mail_from);
}

/* What every tenant is sent again: the methods offered go with its
 * config, the sender with the services' copy. */
static int64_t
sync_bits(const struct ctr_settings *before, const struct ctr_settings *after)
{
	int64_t	 bits = 0;

	if (!str_eq(before->payment_providers, after->payment_providers) ||
	    !str_eq(before->shipping_providers, after->shipping_providers))
		bits |= CTR_SYNC_CONFIG;
	if (!str_eq(before->mail_from, after->mail_from))
		bits |= CTR_SYNC_SERVICES;
	return bits;
}

static enum souk_err
settings_tx(struct db *db, void *arg)
{
	struct sset		*x = arg;
	struct db_arg		 mark = DB_I(sync_bits(x->before, x->after));
	struct ctr_audit	 e = { "settings.change", "settings", 0, NULL,
	    NULL };
	enum souk_err		 er;

	if ((er = put(db, x->a, "payment_providers",
	    x->after->payment_providers)) != SOUK_OK ||
	    (er = put(db, x->a, "shipping_providers",
	    x->after->shipping_providers)) != SOUK_OK ||
	    (er = put(db, x->a, "mail_from", x->after->mail_from_conf ? "" :
	    x->after->mail_from)) != SOUK_OK ||
	    (mark.i != 0 && (er = db_exec(db, x->a, CTR_TENANTS_MARK_ALL,
	    &mark, 1, NULL)) != SOUK_OK))
		return er;
	e.before = json_kv_text(x->a, "settings", settings_text(x->a,
	    x->before), NULL, NULL);
	e.after = json_kv_text(x->a, "settings", settings_text(x->a,
	    x->after), NULL, NULL);
	return ctr_audit_in(db, x->a, x->who, &e);
}

/* What a change of the settings gets wrong, or SOUK_OK. */
static enum souk_err
settings_check(const struct ctr_settings *now, struct souk_why *why)
{
	if (!ctr_csv_within(now->payment_providers, ctr_payment_known))
		return souk_why_set(why, SOUK_INVALID, "payment_providers",
		    "some of card, paypal, bank_transfer, cod");
	if (!ctr_csv_within(now->shipping_providers, ctr_shipping_known))
		return souk_why_set(why, SOUK_INVALID, "shipping_providers",
		    "some of standard, express, pickup");
	if (!now->mail_from_conf && !valid_check(VALID_EMAIL, now->mail_from,
	    0, 0))
		return souk_why_set(why, SOUK_INVALID, "mail_from", "an e-mail "
		    "address, or empty for souk.conf's");
	return SOUK_OK;
}

enum souk_err
ctr_settings_set(struct db *db, struct arena *a, const struct conf *c,
    const struct ctr_actor *who, const struct ctr_settings *in,
    struct souk_why *why)
{
	struct ctr_settings	 old, now;
	struct sset		 x = { a, who, &old, &now };
	enum souk_err		 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if ((er = ctr_settings_get(db, a, c, &old)) != SOUK_OK)
		return er;
	now = old;
	if (in->payment_providers != NULL)
		now.payment_providers = in->payment_providers;
	if (in->shipping_providers != NULL)
		now.shipping_providers = in->shipping_providers;
	if (in->mail_from != NULL) {	/* "": souk.conf's sender */
		now.mail_from_conf = *in->mail_from == '\0';
		now.mail_from = now.mail_from_conf ? c->mail_from :
		    in->mail_from;
	}
	if ((er = settings_check(&now, why)) != SOUK_OK)
		return er;
	if (str_eq(settings_text(a, &old), settings_text(a, &now)) &&
	    old.mail_from_conf == now.mail_from_conf)
		return SOUK_OK;		/* nothing to record nor to send */
	return db_tx(db, settings_tx, &x);
}
