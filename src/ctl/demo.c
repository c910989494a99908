/*
 * soukctl demo: three shops, "demo" and "acme" in English and "laden" in
 * German (EUR, Europe/Berlin), each with 5 categories and 50 products
 * with generated SVG images, plus a "new-arrivals" category of 30 of
 * them (more than one page).  The English shops use the same SKUs and
 * share a "gifts" category with the same product slugs, so that tenant
 * isolation is exercised by every test that uses them.
 * The English shops also show in a second language (demo in French,
 * acme in German) with their categories and the first DEMO_TR_PER_CAT
 * products of each translated, the others left to fall back to English.
 * Idempotent: running it again updates the rows in place.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "center/center.h"
#include "ctl/ctl.h"
#include "shop/shop.h"

#define DEMO_PER_CAT	10
#define DEMO_CATS	5

struct demo_cat {
	const char	*slug;
	const char	*name;
	const char	*noun;		/* product noun */
	const char	*color;		/* image background */
};

struct demo_shop {
	int64_t			 id;
	const char		*slug;
	const char		*name;
	struct ctr_shop_style	 style;		/* currency, locale, ... */
	const char *const	*adjectives;	/* DEMO_PER_CAT of them */
	struct demo_cat		 cats[DEMO_CATS];
};

static const char *const adjectives_en[DEMO_PER_CAT] = { "Classic", "Bold",
	"Sunset", "Midnight", "Ocean", "Forest", "Desert", "Arctic", "Vintage",
	"Urban" };
static const char *const adjectives_de[DEMO_PER_CAT] = { "Klassik",
	"Kontrast", "Abendrot", "Mitternacht", "Ozean", "Wald", "Sand",
	"Polar", "Vintage", "Stadt" };

static const struct demo_shop shops[] = {
	{ 1, "demo", "Demo Outfitters",
	    { "USD", "en", "UTC", "#1f6feb" }, adjectives_en, {
	    { "t-shirts", "T-Shirts", "T-Shirt", "#dbeafe" },
	    { "hoodies", "Hoodies", "Hoodie", "#ede9fe" },
	    { "mugs", "Mugs", "Mug", "#fef3c7" },
	    { "posters", "Posters", "Poster", "#dcfce7" },
	    { "gifts", "Gifts", "Gift Card", "#fce7f3" } } },
	{ 2, "acme", "Acme Hardware",
	    { "EUR", "en", "UTC", "#b42318" }, adjectives_en, {
	    { "tools", "Tools", "Hammer", "#fee2e2" },
	    { "fasteners", "Fasteners", "Screw Set", "#e0e7ff" },
	    { "garden", "Garden", "Garden Hose", "#dcfce7" },
	    { "paint", "Paint", "Paint Tin", "#fef9c3" },
	    { "gifts", "Gifts", "Gift Card", "#fae8ff" } } },
	/* a high id: a long-used development database has a tenant 3 */
	{ 900000, "laden", "Berliner Laden",
	    { "EUR", "de-DE", "Europe/Berlin", "#0f766e" }, adjectives_de, {
	    { "kueche", "K\xc3\xbc" "che", "Tasse", "#ccfbf1" },
	    { "wohnen", "Wohnen", "Kissen", "#fef3c7" },
	    { "papier", "Papier & Karten", "Notizbuch", "#e0e7ff" },
	    { "garten", "Garten", "Blumentopf", "#dcfce7" },
	    { "geschenke", "Geschenke", "Gutschein", "#fce7f3" } } },
};

#define DEMO_NEW_PER_CAT	6	/* new arrivals: 6 of each category */
#define DEMO_TR_PER_CAT		3	/* translated products per category */

/* A demo shop's second language: its words for the shop's catalog. */
struct demo_lang {
	const char	*slug;		/* of the shop */
	const char	*lang;
	const char	*shop_name;	/* NULL: the same */
	const char	*new_arrivals;
	const char	*cats[DEMO_CATS];	/* by demo_cat */
	const char	*nouns[DEMO_CATS];
	const char	*styles[DEMO_TR_PER_CAT];	/* by adjective */
	const char	*cat_desc;	/* before the shop's name */
	/* a product's: noun, open, style, close, from, shop, tail */
	const char	*open, *close, *from, *tail;
};

static const struct demo_lang demo_langs[] = {
	{ "demo", "fr", NULL, "Nouveaut\xc3\xa9s",
	    { "T-shirts", "Sweats \xc3\xa0 capuche", "Tasses", "Affiches",
	    "Cadeaux" },
	    { "T-shirt", "Sweat \xc3\xa0 capuche", "Tasse", "Affiche",
	    "Carte cadeau" },
	    { "Classique", "Audace", "Coucher de soleil" },
	    "Notre s\xc3\xa9lection, choisie pour ",
	    "\xc2\xab\xc2\xa0", "\xc2\xa0\xc2\xbb", "de",
	    "\xc2\xa0: fait pour durer, facile \xc3\xa0 aimer." },
	{ "acme", "de", "Acme Eisenwaren", "Neuheiten",
	    { "Werkzeug", "Befestigung", "Garten", "Farbe", "Geschenke" },
	    { "Hammer", "Schraubenset", "Gartenschlauch", "Farbdose",
	    "Geschenkkarte" },
	    { "Klassik", "K\xc3\xbchn", "Abendrot" },
	    "Unsere Auswahl, getroffen f\xc3\xbcr ",
	    "\xe2\x80\x9e", "\xe2\x80\x9c", "von",
	    ": langlebig und leicht zu lieben." },
};

struct demo_ctx {
	struct ctl		*c;
	const struct demo_shop	*shop;
	const struct demo_lang	*lang;		/* its second, or NULL */
	int64_t			 new_cat;	/* id of "new-arrivals" */
};

/* A translation row (stmt: SQL_PRODUCT_TR_PUT or SQL_CATEGORY_TR_PUT). */
static enum souk_err
demo_tr(struct demo_ctx *x, struct db *db, int stmt, int64_t id,
    const char *name, const char *desc)
{
	struct db_arg	 args[] = { DB_I(x->shop->id), DB_I(id),
	    DB_S(x->lang->lang), DB_S(name), DB_S(desc) };

	if (name == NULL || desc == NULL)
		return SOUK_ENOMEM;
	return db_exec(db, x->c->a, stmt, args, 5, NULL);
}

/* The second language, and the shop's name in it, before anything in it. */
static enum souk_err
demo_lang_add(struct demo_ctx *x, struct db *db)
{
	struct db_arg	 l[] = { DB_I(x->shop->id), DB_S(x->lang->lang) };
	struct db_arg	 t[] = { DB_I(x->shop->id), DB_S(x->lang->lang),
	    x->lang->shop_name != NULL ? DB_S(x->lang->shop_name) : DB_NUL };
	enum souk_err	 er;

	if ((er = db_exec(db, x->c->a, SQL_LANG_ADD, l, 2, NULL)) != SOUK_OK)
		return er;
	return db_exec(db, x->c->a, x->lang->shop_name != NULL ?
	    SQL_TEXT_PUT : SQL_TEXT_DELETE, t, x->lang->shop_name != NULL ? 3 :
	    2, NULL);
}

static enum souk_err
demo_tr_product(struct demo_ctx *x, struct db *db, int ci, int pi,
    int64_t id)
{
	const struct demo_lang	*l = x->lang;
	struct arena		*a = x->c->a;

	if (l == NULL || pi >= DEMO_TR_PER_CAT)
		return SOUK_OK;
	return demo_tr(x, db, SQL_PRODUCT_TR_PUT, id, arena_printf(a, "%s %s",
	    l->nouns[ci], l->styles[pi]), arena_printf(a, "%s %s%s%s %s %s%s",
	    l->nouns[ci], l->open, l->styles[pi], l->close, l->from,
	    x->shop->name, l->tail));
}

/* A category's description in the second language. */
static const char *
demo_cat_desc(struct demo_ctx *x)
{
	return arena_printf(x->c->a, "%s%s.", x->lang->cat_desc,
	    x->shop->name);
}

static const char *
demo_slug(struct arena *a, const char *adj, const char *noun)
{
	char	*s = arena_printf(a, "%s-%s", adj, noun), *p;

	for (p = s; p != NULL && *p != '\0'; p++)
		*p = *p == ' ' ? '-' : (char)(*p | 0x20);
	return s;
}

/* One shape per adjective, so that the products of a page differ. */
static const char *const shapes[] = {
	"<circle cx=\"320\" cy=\"270\" r=\"150\"",
	"<rect x=\"180\" y=\"130\" width=\"280\" height=\"280\" rx=\"40\"",
	"<polygon points=\"320,110 480,410 160,410\"",
	"<polygon points=\"320,100 490,270 320,440 150,270\"",
	"<ellipse cx=\"320\" cy=\"270\" rx=\"200\" ry=\"120\"",
};

static int
demo_image(struct ctl *c, const struct demo_shop *sh,
    const struct demo_cat *cat, int pi, const char *slug, const char *name)
{
	const char	*dir, *path;
	struct buf	 b;
	FILE		*f;

	dir = arena_printf(c->a, "%s/%lld", c->conf.media_dir,
	    (long long)sh->id);
	if (dir == NULL || (mkdir(c->conf.media_dir, 0755) == -1 &&
	    errno != EEXIST) || (mkdir(dir, 0755) == -1 && errno != EEXIST))
		return -1;
	buf_init(&b, c->a, 1024);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"640\" height=\"640\" viewBox=\"0 0 640 640\">"
	    "<rect width=\"640\" height=\"640\" fill=\"%s\"/>"
	    "%s fill=\"%s\" opacity=\"%.2f\"/>"
	    "<text x=\"320\" y=\"540\" font-family="
	    "\"sans-serif\" font-size=\"40\" text-anchor=\"middle\" "
	    "fill=\"#1b1f24\">", cat->color,
	    shapes[pi % (int)(sizeof(shapes) / sizeof(shapes[0]))],
	    sh->style.theme,
	    0.55 + 0.04 * pi);
	buf_add_html(&b, name, strlen(name));
	buf_adds(&b, "</text></svg>\n");
	path = arena_printf(c->a, "%s/%s.svg", dir, slug);
	if (!buf_ok(&b) || path == NULL || (f = fopen(path, "w")) == NULL)
		return -1;
	fwrite(b.data, 1, b.len, f);
	return fclose(f) == 0 ? 0 : -1;
}

static enum souk_err
demo_product(struct demo_ctx *x, struct db *db, int ci, int pi,
    int64_t cat_id)
{
	const struct demo_shop	*sh = x->shop;
	const struct demo_cat	*cat = &sh->cats[ci];
	struct arena		*a = x->c->a;
	int			 n = ci * DEMO_PER_CAT + pi + 1;
	const char		*name, *slug, *sku, *desc, *img;
	struct db_res		 res;
	enum souk_err		 er;

	name = arena_printf(a, "%s %s", sh->adjectives[pi], cat->noun);
	slug = demo_slug(a, sh->adjectives[pi], cat->noun);
	sku = arena_printf(a, "SKU-%04d", n);
	desc = strncmp(sh->style.locale, "de", 2) == 0 ?
	    arena_printf(a, "%s %s von %s: langlebig und einfach sch\xc3\xb6n.",
	    sh->adjectives[pi], cat->noun, sh->name) :
	    arena_printf(a, "The %s %s from %s: made to last and easy to "
	    "love.", sh->adjectives[pi], cat->noun, sh->name);
	if (name == NULL || slug == NULL || sku == NULL || desc == NULL ||
	    demo_image(x->c, sh, cat, pi, slug, name) == -1 ||
	    (img = arena_printf(a, "%lld/%s.svg", (long long)sh->id, slug)) ==
	    NULL)
		return SOUK_INTERNAL;
	{
		struct db_arg args[] = { DB_I(sh->id), DB_S(sku), DB_S(slug),
		    DB_S(name), DB_S(desc), DB_I((n * 37 % 90 + 5) * 100 + 99),
		    DB_S(sh->style.currency), DB_I(n % 7 == 0 ? 0 : n * 3),
		    DB_I(pi < 2), DB_S(img) };

		er = db_exec(db, a, SQL_PRODUCT_UPSERT, args, 10, &res);
	}
	if (er != SOUK_OK || (er = demo_tr_product(x, db, ci, pi,
	    (int64_t)res.insert_id)) != SOUK_OK)
		return er;
	{
		struct db_arg args[] = { DB_I(sh->id), DB_I(cat_id),
		    DB_I((int64_t)res.insert_id), DB_I(pi) };
		struct db_arg nargs[] = { DB_I(sh->id), DB_I(x->new_cat),
		    DB_I((int64_t)res.insert_id), DB_I(n) };

		if ((er = db_exec(db, a, SQL_PRODUCT_CATEGORY_ADD, args, 4,
		    NULL)) != SOUK_OK || pi >= DEMO_NEW_PER_CAT)
			return er;
		return db_exec(db, a, SQL_PRODUCT_CATEGORY_ADD, nargs, 4,
		    NULL);
	}
}

static enum souk_err
demo_new_arrivals(struct demo_ctx *x, struct db *db)
{
	int		 de = strncmp(x->shop->style.locale, "de", 2) == 0;
	struct db_arg	 args[] = { DB_I(x->shop->id), DB_S("new-arrivals"),
	    DB_S(de ? "Neuheiten" : "New Arrivals"), DB_S(de ?
	    "Frisch eingetroffen: das Neueste im Laden." : "Just in: the "
	    "latest additions to the shop."), DB_I(-1) };
	struct db_res	 res;
	enum souk_err	 er;

	er = db_exec(db, x->c->a, SQL_CATEGORY_UPSERT, args, 5, &res);
	x->new_cat = (int64_t)res.insert_id;
	if (er != SOUK_OK || x->lang == NULL)
		return er;
	return demo_tr(x, db, SQL_CATEGORY_TR_PUT, x->new_cat,
	    x->lang->new_arrivals, demo_cat_desc(x));
}

static enum souk_err
demo_category(struct demo_ctx *x, struct db *db, int ci)
{
	const struct demo_cat	*cat = &x->shop->cats[ci];
	const char		*desc;
	struct db_res		 res;
	enum souk_err		 er;
	int			 pi;

	desc = arena_printf(x->c->a, "Our %s, picked for %s.", cat->name,
	    x->shop->name);
	{
		struct db_arg args[] = { DB_I(x->shop->id), DB_S(cat->slug),
		    DB_S(cat->name), DB_S(desc), DB_I(ci) };

		er = db_exec(db, x->c->a, SQL_CATEGORY_UPSERT, args, 5, &res);
	}
	if (er == SOUK_OK && x->lang != NULL)
		er = demo_tr(x, db, SQL_CATEGORY_TR_PUT, (int64_t)res.insert_id,
		    x->lang->cats[ci], demo_cat_desc(x));
	for (pi = 0; er == SOUK_OK && pi < DEMO_PER_CAT; pi++)
		er = demo_product(x, db, ci, pi, (int64_t)res.insert_id);
	return er;
}

static enum souk_err
demo_shop_tx(struct db *db, void *arg)
{
	struct demo_ctx		*x = arg;
	const struct demo_shop	*sh = x->shop;
	const char		*host;
	enum souk_err		 er;
	int			 ci;

	host = arena_printf(x->c->a, "%s.%s", sh->slug,
	    x->c->conf.base_domain);
	{
		struct db_arg t[] = { DB_I(sh->id), DB_S(sh->slug),
		    DB_S(sh->name), DB_S("active"), DB_S(sh->style.currency),
		    DB_S(sh->style.theme), DB_S(sh->style.locale),
		    DB_S(sh->style.zone) };
		struct db_arg d[] = { DB_I(sh->id), DB_S(host), DB_I(1),
		    DB_S("verified") };

		if ((er = db_exec(db, x->c->a, SQL_TENANT_UPSERT, t, 8,
		    NULL)) != SOUK_OK ||
		    (er = db_exec(db, x->c->a, SQL_DOMAIN_UPSERT, d, 4,
		    NULL)) != SOUK_OK)
			return er;
	}
	er = x->lang != NULL ? demo_lang_add(x, db) : SOUK_OK;
	if (er == SOUK_OK)
		er = demo_new_arrivals(x, db);
	for (ci = 0; er == SOUK_OK && ci < DEMO_CATS; ci++)
		er = demo_category(x, db, ci);
	if (er == SOUK_OK)
		er = shop_catalog_bump(db, x->c->a, sh->id);
	return er;
}

static const struct demo_lang *
demo_lang_of(const char *slug)
{
	size_t	 i;

	for (i = 0; i < sizeof(demo_langs) / sizeof(demo_langs[0]); i++)
		if (str_eq(demo_langs[i].slug, slug))
			return &demo_langs[i];
	return NULL;
}

/*
 * Center's record of a demo shop: active, on the enterprise plan, with
 * no staff limit (the test suites invite staff at every run).
 */
static int
demo_center(struct ctl *c, struct db *ctr, const struct demo_shop *sh)
{
	static const struct ctr_actor who = { "soukctl demo", 0, "", "" };
	struct souk_why	 why;

	if (ctr_tenant_register(ctr, c->a, &who, sh->id, sh->slug, sh->name,
	    "enterprise", &sh->style) != SOUK_OK ||
	    ctr_override_set(ctr, c->a, &who, sh->id, "max_staff", "1000000",
	    NULL, &why) != SOUK_OK) {
		fprintf(stderr, "soukctl: demo %s: center: %s\n", sh->slug,
		    db_error(ctr));
		return -1;
	}
	return 0;	/* soukctl worker tells the tenant side */
}

int
ctl_demo(struct ctl *c, int argc, char **argv)
{
	struct demo_ctx	 x;
	struct db	*db, *ctr;
	size_t		 i;

	(void)argc;
	(void)argv;
	db = ctl_db(c, c->conf.shop_db_name, shop_sql, SQL__MAX);
	ctr = ctl_db(c, c->conf.center_db_name, center_sql, CTR__MAX);
	if (db == NULL || ctr == NULL) {
		db_free(db);
		db_free(ctr);
		return 1;
	}
	x.c = c;
	for (i = 0; i < sizeof(shops) / sizeof(shops[0]); i++) {
		x.shop = &shops[i];
		x.lang = demo_lang_of(shops[i].slug);
		if (db_tx(db, demo_shop_tx, &x) != SOUK_OK) {
			fprintf(stderr, "soukctl: demo %s: %s\n",
			    shops[i].slug, db_error(db));
			db_free(ctr);
			db_free(db);
			return 1;
		}
		ctl_tenant_recache(c, db, shops[i].id, shops[i].slug);
		if (ctl_tenant_mirror(c, db, shops[i].slug) == -1 ||
		    demo_center(c, ctr, &shops[i]) == -1) {
			db_free(ctr);
			db_free(db);
			return 1;
		}
		printf("demo: shop \"%s\" ready (50 products)\n",
		    shops[i].slug);
	}
	db_free(ctr);
	db_free(db);
	return 0;
}
