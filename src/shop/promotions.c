/*
 * Promotions: coupon codes a shop gives its shoppers (percent or amount
 * off, an optional minimum subtotal, limit of uses and end date).  The
 * plan's "promotions" feature is checked by the callers.  An end date is
 * a day in the shop's time zone, stored as the UTC time of its last
 * second (fmt_day_end), so that checkout compares it with UTC_TIMESTAMP.
 */
#include <string.h>

#include "i18n/fmt.h"
#include "i18n/i18n.h"
#include "shop/shop.h"

#define PROMO_MAX_CENTS	1000000000000LL

/* The code upper-cased if it is 3 to 32 of A-Z, 0-9, '-' and '_'. */
static char *
code_of(struct arena *a, const char *s)
{
	char	*c;
	size_t	 i, n = s != NULL ? strlen(s) : 0;

	if (n < 3 || n > 32 || (c = arena_strdup(a, s)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (c[i] >= 'a' && c[i] <= 'z')
			c[i] = (char)(c[i] - 'a' + 'A');
		if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= '0' &&
		    c[i] <= '9') || c[i] == '-' || c[i] == '_'))
			return NULL;
	}
	return c;
}

static enum souk_err
promotion_check(const struct shop_promotion *in, const char *code,
    struct souk_why *why)
{
	int	 pct = str_eq(in->kind, "percent");

	if (code == NULL)
		return souk_why_set(why, SOUK_INVALID, "code", N_("3 to 32 "
		    "letters, digits, dashes or underscores"));
	if (!valid_check(VALID_LINE, in->name, 1, 200))
		return souk_why_set(why, SOUK_INVALID, "name", N_("one line of "
		    "1 to 200 characters"));
	if (!pct && !str_eq(in->kind, "amount"))
		return souk_why_set(why, SOUK_INVALID, "kind", N_("percent or "
		    "amount"));
	if (in->value < 1 || in->value > (pct ? 100 : PROMO_MAX_CENTS))
		return souk_why_set(why, SOUK_INVALID, "value", pct ?
		    N_("a whole percentage from 1 to 100") :
		    N_("a whole number of minor units (cents) from 1"));
	if (in->min_subtotal < 0 || in->min_subtotal > PROMO_MAX_CENTS)
		return souk_why_set(why, SOUK_INVALID, "min_subtotal",
		    N_("a whole number of minor units (cents) from 0"));
	if (in->usage_limit < 0 || in->usage_limit > 1000000000)
		return souk_why_set(why, SOUK_INVALID, "usage_limit",
		    N_("a whole number from 0 (0: no limit)"));
	return SOUK_OK;
}

/*
 * The UTC time of the last second of day in zone (0: no day), which
 * must not be over yet: a coupon that ended before it began is a slip.
 */
static enum souk_err
promotion_end(const char *zone, const char *day, time_t *end,
    struct souk_why *why)
{
	*end = 0;
	if (day == NULL || *day == '\0')
		return SOUK_OK;
	if (fmt_day_end(zone, day, end) != SOUK_OK)
		return souk_why_set(why, SOUK_INVALID, "ends_on",
		    N_("a date, YYYY-MM-DD"));
	if ((int64_t)*end < time_unix())
		return souk_why_set(why, SOUK_INVALID, "ends_on", N_("a day "
		    "that is not over yet in the shop's time zone"));
	return SOUK_OK;
}

enum souk_err
shop_promotion_create(struct db *db, struct arena *a, int64_t tenant,
    const char *zone, const struct shop_promotion *in, int64_t *id,
    struct souk_why *why)
{
	const char	*code = code_of(a, in->code);
	struct db_res	 res;
	time_t		 end;
	enum souk_err	 er;

	(void)souk_why_set(why, SOUK_OK, NULL, NULL);
	if ((er = promotion_check(in, code, why)) != SOUK_OK ||
	    (er = promotion_end(zone, in->ends_on, &end, why)) != SOUK_OK)
		return er;
	{
		struct db_arg args[] = { DB_I(tenant), DB_S(code),
		    DB_S(in->name), DB_S(in->kind), DB_I(in->value),
		    DB_I(in->min_subtotal), in->usage_limit > 0 ?
		    DB_I(in->usage_limit) : DB_NUL, end != 0 ?
		    DB_I((int64_t)end) : DB_NUL };

		er = db_exec(db, a, SQL_PROMO_INSERT, args, 8, &res);
	}
	if (er == SOUK_CONFLICT && str_eq(db_conflict_key(db),
	    "promotions_code"))
		return souk_why_set(why, SOUK_CONFLICT, "code", arena_printf(a,
		    "the shop has %s already", code));
	if (er == SOUK_OK)
		*id = (int64_t)res.insert_id;
	return er;
}

static void
promotion_from_row(const struct db_res *res, size_t i,
    struct shop_promotion *p)
{
	p->id = db_cell_i64(res, i, 0);
	p->code = db_cell(res, i, 1);
	p->name = db_cell(res, i, 2);
	p->kind = db_cell(res, i, 3);
	p->value = db_cell_i64(res, i, 4);
	p->min_subtotal = db_cell_i64(res, i, 5);
	p->usage_limit = db_cell_i64(res, i, 6);
	p->used = db_cell_i64(res, i, 7);
	p->ends_on = NULL;
	p->ends_at = db_cell_i64(res, i, 8);
	p->active = db_cell_i64(res, i, 9) != 0;
	p->created_at = db_cell_i64(res, i, 10);
}

enum souk_err
shop_promotions_list(struct db *db, struct arena *a, int64_t tenant,
    struct shop_promotion **out, size_t *n)
{
	struct db_arg		 arg = DB_I(tenant);
	struct db_res		 res;
	size_t			 i;
	enum souk_err		 er;

	*n = 0;
	if ((er = db_exec(db, a, SQL_PROMO_LIST, &arg, 1, &res)) != SOUK_OK)
		return er;
	if ((*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out))) == NULL)
		return SOUK_ENOMEM;
	for (i = 0; i < res.nrows; i++)
		promotion_from_row(&res, i, &(*out)[i]);
	*n = res.nrows;
	return SOUK_OK;
}

enum souk_err
shop_promotion_get(struct db *db, struct arena *a, int64_t tenant,
    int64_t id, struct shop_promotion *out)
{
	struct db_arg	 args[] = { DB_I(tenant), DB_I(id) };
	struct db_res	 res;
	enum souk_err	 er;

	if ((er = db_exec(db, a, SQL_PROMO_GET, args, 2, &res)) != SOUK_OK)
		return er;
	if (res.nrows != 1)
		return SOUK_NOTFOUND;
	promotion_from_row(&res, 0, out);
	return SOUK_OK;
}

enum souk_err
shop_promotion_set_active(struct db *db, struct arena *a, int64_t tenant,
    int64_t id, int active)
{
	struct db_arg		 args[] = { DB_I(active != 0), DB_I(tenant),
	    DB_I(id) };
	struct db_res		 res;
	struct shop_promotion	 p;
	enum souk_err		 er;

	if ((er = db_exec(db, a, SQL_PROMO_SET_ACTIVE, args, 3, &res)) !=
	    SOUK_OK || res.affected == 1)
		return er;
	/* MariaDB counts changed rows: one already so is found here */
	return shop_promotion_get(db, a, tenant, id, &p);
}
