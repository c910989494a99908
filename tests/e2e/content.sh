#!/usr/bin/env bash
# Content in more than one language, end to end through nginx: a shop
# whose locale is French (its default language) chooses English and
# German too (the backoffice's API and page, owners only), translates a
# product, a category and its own name; its storefront answers /en/…
# and /de/… in them with the French text where none is translated, the
# plain URLs in French, /fr/… with a redirect, a language it does not
# serve with 404; every page names its languages (hreflang, absolute,
# x-default) and links in its own; the store API takes ?lang=.  A second
# shop with the same SKU and slug sees none of it and cannot touch it.
# Prints TAP.
#
# Every run makes its own two tenants (slugs with the run's id), a
# platform owner admin and the shops' staff.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
U=$(printf '%x%x' "$(date +%s)" "$$")	# lower-case hex: slugs of this run
SPW='staff passphrase long enough'
C="http://center.$BASE_DOMAIN:$NGINX_PORT"

E2E_RETRY='000 502'

# create JSON: POST Center's /api/v1/tenants; prints the status
create() { api POST "$C/api/v1/tenants" "$1" "$OWN"; }
# token SHOP-URL EMAIL: a bearer token of the backoffice (nothing if refused)
token() { [ "$(auth_token "$1/admin" "$2" "$SPW")" = 201 ] && jb 'j.token'; }
# put SHOP-URL TOKEN PATH JSON: PUT the backoffice API PATH; prints the status
put() { api PUT "$1/admin/api/v1/$3" "$4" "$2"; }
# get SHOP-URL TOKEN PATH: GET the backoffice API PATH; prints the status
get() { api GET "$1/admin/api/v1/$3" '' "$2"; }
# page URL: GET a storefront page; prints the status
page() { fetch "$@"; }
# alt LANG HREF: the page in the body names HREF for LANG
alt() { body_has "<link rel=\"alternate\" hreflang=\"$1\" href=\"$2\">"; }
# field_is FIELD: the body is a 400 problem+json with one error, on FIELD
field_is() { is_problem && [ "$(jb 'j.status')" = 400 ] && [ "$(fields)" = "$1" ]; }

# ==== 1. two shops with colliding rows ========================================

OWN=$(center_token "$C" owner "ct-own-$RUN@example.com")
ok $? "a platform owner admin with a full session"
SA=ct-a-$U	# French by its locale
SB=ct-b-$U	# English
A=$(shop "$SA")
B=$(shop "$SB")
[ "$(create "{\"slug\":\"$SA\",\"name\":\"Boutique $RUN\",\"plan\":\"starter\",\"currency\":\"EUR\",\"locale\":\"fr-FR\"}")" = 202 ]
ok $? "Center: tenant $SA, locale fr-FR: 202"
IDA=$(jb 'j.id')
[ "$(create "{\"slug\":\"$SB\",\"name\":\"Shop B $RUN\",\"plan\":\"starter\",\"currency\":\"USD\"}")" = 202 ]
ok $? "Center: tenant $SB, locale en: 202"
IDB=$(jb 'j.id')
wait_state "$C" "$OWN" "$IDA" active 20 && wait_state "$C" "$OWN" "$IDB" active 20
ok $? "... both become active"

AOWN="own-$RUN@$SA.example.com"
BOWN="own-$RUN@$SB.example.com"
ASTAFF="staff-$RUN@$SA.example.com"
staff_member "$SA" "$AOWN" owner "$SPW" && ATOK=$(token "$A" "$AOWN") && [[ $ATOK == st_* ]]
ok $? "an owner of shop A, signed in: a token"
staff_member "$SB" "$BOWN" owner "$SPW" && BTOK=$(token "$B" "$BOWN") && [[ $BTOK == st_* ]]
ok $? "an owner of shop B, signed in: a token"
staff_member "$SA" "$ASTAFF" staff "$SPW" && STOK=$(token "$A" "$ASTAFF") && [[ $STOK == st_* ]]
ok $? "a member of shop A with the staff role: a token"

SKU="LANG-$U"
[ "$(api POST "$A/admin/api/v1/products" "{\"sku\":\"$SKU\",\"name\":\"Tasse bleue\",\"slug\":\"mug-$U\",\"description\":\"Une tasse.\",\"price\":1200,\"stock\":3}" "$ATOK")" = 201 ]
ok $? "shop A: a product, in French: 201"
PA=$(jb 'j.id')
[ "$(api POST "$B/admin/api/v1/products" "{\"sku\":\"$SKU\",\"name\":\"Blue mug B\",\"slug\":\"mug-$U\",\"description\":\"B's mug.\",\"price\":900,\"stock\":3}" "$BTOK")" = 201 ]
ok $? "shop B: the same SKU and slug: 201"
PB=$(jb 'j.id')
# a category each (the backoffice makes none yet), the product in it,
# featured on the home page
for id in "$IDA" "$IDB"; do
	shopdb "INSERT INTO categories (tenant_id, slug, name, description) VALUES ($id, 'cups-$U', 'Tasses', 'Nos tasses.')"
	shopdb "INSERT INTO product_categories (tenant_id, category_id, product_id) SELECT c.tenant_id, c.id, p.id FROM categories c JOIN products p ON p.tenant_id = c.tenant_id WHERE c.tenant_id = $id AND c.slug = 'cups-$U' AND p.sku = '$SKU'"
	shopdb "UPDATE products SET featured = 1 WHERE tenant_id = $id AND sku = '$SKU'"
	shopdb "UPDATE tenants SET catalog_version = catalog_version + 1 WHERE id = $id"
done
CA=$(shopdb "SELECT id FROM categories WHERE tenant_id = $IDA AND slug = 'cups-$U'")
CB=$(shopdb "SELECT id FROM categories WHERE tenant_id = $IDB AND slug = 'cups-$U'")
[ -n "$CA" ] && [ -n "$CB" ]
ok $? "a category in each shop, with the product"

# ==== 2. the shop's languages (backoffice API) =================================

[ "$(get "$A" "$ATOK" languages)" = 200 ] &&
    [ "$(jb 'j.default+" "+j.languages.length+" "+j.available.join()')" = "fr 0 en,de,fr" ]
ok $? "A: GET languages: default fr (of fr-FR), none other ($(jb 'j.default'))"
st=$(put "$A" "$STOK" languages '{"languages":["en"]}')
[ "$st" = 403 ] && is_problem
ok $? "A: PUT languages by the staff role: 403 ($st)"
st=$(put "$A" "$ATOK" languages '{"languages":["en","es"]}')
[ "$st" = 400 ] && field_is languages
ok $? "A: PUT languages with es (not shipped): 400 on languages ($st)"
st=$(put "$A" "$ATOK" languages '{"languages":["fr"]}')
[ "$st" = 400 ] && field_is languages
ok $? "A: PUT the default language: 400 on languages ($st)"
st=$(put "$A" "$ATOK" languages '{"languages":["en","en"]}')
[ "$st" = 400 ] && field_is languages
ok $? "A: PUT en twice: 400 on languages ($st)"
st=$(put "$A" "$ATOK" languages '{"languages":"en"}')
[ "$st" = 400 ] && field_is languages
ok $? "A: PUT a string, not a list: 400 on languages ($st)"
st=$(put "$A" "$ATOK" languages '{"languages":["de","en"]}')
[ "$st" = 200 ] && [ "$(jb 'j.languages.map(l=>l.lang).join()')" = "en,de" ]
ok $? "A: PUT [de, en]: 200, en,de in the shipped order ($st)"
[ "$(get "$B" "$BTOK" languages)" = 200 ] && [ "$(jb 'j.default+" "+j.languages.length')" = "en 0" ]
ok $? "B: its languages are its own: en, none other"
[ "$(get "$A" "$BTOK" languages)" = 401 ]
ok $? "B's token on A's backoffice: 401"

# ==== 3. translations (backoffice API) ==========================================

st=$(put "$A" "$ATOK" "products/$PA/translations/en" '{"name":"Blue mug","description":"A mug."}')
[ "$st" = 200 ] && [ "$(jb 'j.lang+"|"+j.name+"|"+j.description')" = "en|Blue mug|A mug." ]
ok $? "A: PUT the product in en: 200 ($st)"
st=$(put "$A" "$ATOK" "products/$PA/translations/de" '{"name":"Blaue Tasse"}')
[ "$st" = 200 ] && [ "$(jb 'j.name+"|"+j.description')" = "Blaue Tasse|null" ]
ok $? "A: PUT the product in de, a name only: 200, description null ($st)"
[ "$(get "$A" "$ATOK" "products/$PA/translations")" = 200 ] &&
    [ "$(jb 'j.default.lang+"|"+j.default.name+"|"+j.translations.map(t=>t.lang+":"+t.name).join()')" = "fr|Tasse bleue|en:Blue mug,de:Blaue Tasse" ]
ok $? "A: GET the product's translations: the French text and en, de"
[ "$(get "$A" "$STOK" "products/$PA/translations/de")" = 200 ] && [ "$(jb 'j.name')" = "Blaue Tasse" ]
ok $? "A: the staff role reads one translation: 200"
st=$(put "$A" "$ATOK" "products/$PA/translations/es" '{"name":"Taza"}')
[ "$st" = 400 ] && field_is lang
ok $? "A: PUT in es (not served): 400 on lang ($st)"
st=$(put "$A" "$ATOK" "products/$PA/translations/fr" '{"name":"Tasse"}')
[ "$st" = 400 ] && field_is lang
ok $? "A: PUT in fr (the default): 400 on lang ($st)"
[ "$(get "$A" "$ATOK" "products/$PA/translations/es")" = 404 ] && is_problem
ok $? "A: GET in es: 404 problem+json"
st=$(put "$A" "$ATOK" "products/$PA/translations/en" "{\"name\":\"$(printf 'a%.0s' $(seq 201))\"}")
[ "$st" = 400 ] && field_is name
ok $? "A: a name of 201 characters: 400 on name ($st)"
st=$(put "$A" "$ATOK" "products/$PA/translations/en" '{"name":"two\nlines"}')
[ "$st" = 400 ] && field_is name
ok $? "A: a name of two lines: 400 on name ($st)"
st=$(put "$A" "$ATOK" "products/$PA/translations/en" 'not json')
[ "$st" = 400 ] && is_problem
ok $? "A: a body that is no JSON: 400 ($st)"
# isolation: the other shop's id is no product here, whoever asks
st=$(put "$A" "$ATOK" "products/$PB/translations/en" '{"name":"Stolen"}')
[ "$st" = 404 ] && is_problem
ok $? "A: PUT B's product id: 404 ($st)"
[ "$(get "$A" "$ATOK" "products/$PB/translations")" = 404 ]
ok $? "A: GET B's product id: 404"
[ "$(get "$B" "$BTOK" "products/$PA/translations")" = 404 ] &&
    [ "$(put "$B" "$BTOK" "products/$PA/translations/en" '{"name":"Stolen"}')" = 404 ]
ok $? "B: GET and PUT A's product id on its own backoffice: 404"
[ "$(put "$A" "$BTOK" "products/$PA/translations/en" '{"name":"Stolen"}')" = 401 ] &&
    [ "$(get "$A" "$BTOK" "products/$PA/translations")" = 401 ]
ok $? "B's token on A's translations: 401"
st=$(put "$B" "$BTOK" "products/$PB/translations/en" '{"name":"Stolen"}')
[ "$st" = 400 ] && field_is lang
ok $? "B: PUT en on its own product (B's default is en): 400 on lang ($st)"
[ "$(shopdb "SELECT COUNT(*) FROM product_translations WHERE tenant_id = $IDB")" = 0 ] &&
    [ "$(shopdb "SELECT GROUP_CONCAT(name ORDER BY lang) FROM product_translations WHERE tenant_id = $IDA AND product_id = $PA")" = "Blaue Tasse,Blue mug" ]
ok $? "the database: A's two translations, none for B"
st=$(put "$A" "$ATOK" "categories/$CA/translations/en" '{"name":"Cups"}')
[ "$st" = 200 ] && [ "$(get "$A" "$ATOK" categories)" = 200 ] &&
    [ "$(jb "j.items.filter(c=>c.id==$CA).map(c=>c.name).join()")" = Tasses ]
ok $? "A: PUT the category in en: 200; the list of categories has it in French ($st)"
[ "$(put "$A" "$ATOK" "categories/$CB/translations/en" '{"name":"X"}')" = 404 ]
ok $? "A: PUT B's category id: 404"
st=$(put "$A" "$ATOK" shop/translations/en '{"name":"The Boutique"}')
[ "$st" = 200 ] && [ "$(jb 'j.name')" = "The Boutique" ]
ok $? "A: the shop's name in en: 200 ($st)"
[ "$(put "$A" "$STOK" shop/translations/de '{"name":"X"}')" = 403 ]
ok $? "A: the staff role cannot name the shop: 403"

# ==== 4. the storefront ===========================================================

HA="http://$SA.$BASE_DOMAIN:$NGINX_PORT"
[ "$(page "$A/")" = 200 ] && body_has 'Tasse bleue' && ! body_has 'Blue mug' &&
    alt fr "$HA/" && alt en "$HA/en/" && alt de "$HA/de/" && alt x-default "$HA/"
ok $? "A /: 200 in French, hreflang fr, en, de and x-default, absolute"
[ "$(page "$A/")" = 200 ] && body_has 'Tasse bleue' && ! body_has 'Blue mug'
ok $? "A /: again (from the page cache): French still"
[ "$(page "$A/en/")" = 200 ] && body_has 'Blue mug' && ! body_has 'Tasse bleue' &&
    body_has "href=\"/en/p/mug-$U\"" && body_has "href=\"/en/c/cups-$U\">Cups<" &&
    body_has '<title>[^<]*The Boutique</title>' && alt en "$HA/en/" && alt x-default "$HA/"
ok $? "A /en/: English names, links under /en/, the shop's English name"
[ "$(page "$A/en/")" = 200 ] && body_has 'Blue mug' && ! body_has 'Tasse bleue'
ok $? "A /en/: again (from the page cache): English still"
[ "$(page "$A/de/p/mug-$U")" = 200 ] && body_has '<h1>Blaue Tasse</h1>' && body_has 'Une tasse.' &&
    alt fr "$HA/p/mug-$U" && alt de "$HA/de/p/mug-$U"
ok $? "A /de/p/…: the German name, the French description (untranslated)"
[ "$(page "$A/de/c/cups-$U")" = 200 ] && body_has '<h1>Tasses</h1>' && body_has 'Blaue Tasse'
ok $? "A /de/c/…: the category falls back to French, the product is German"
[ "$(page "$A/en/c/cups-$U?page=1")" = 200 ] && alt de "$HA/de/c/cups-$U?page=1"
ok $? "A /en/c/…?page=1: hreflang keep the page"
[ "$(page "$A/fr/c/cups-$U?page=1")" = 301 ] && [ "$(loc)" = "/c/cups-$U?page=1" ]
ok $? "A /fr/c/… (the default language): 301 to /c/… ($(loc))"
[ "$(page "$A/fr")" = 301 ] && [ "$(loc)" = "/" ]
ok $? "A /fr: 301 to /"
[ "$(page "$A/es/")" = 404 ]
ok $? "A /es/ (no shipped language): 404"
[ "$(page "$B/de/")" = 404 ] && [ "$(page "$B/fr/p/mug-$U")" = 404 ]
ok $? "B /de/ and /fr/p/… (languages B does not serve): 404"
[ "$(page "$B/")" = 200 ] && body_has 'Blue mug B' && ! body_has 'hreflang' && ! body_has 'Blaue'
ok $? "B /: its own product, no hreflang (one language)"
[ "$(page "$A/en/account/login")" = 200 ] && body_has 'action="/en/account/login"' &&
    body_has 'href="/en/account/register"'
ok $? "A /en/account/login: 200, its form and links under /en/"
[ "$(page "$A/en/api/v1/products")" = 404 ] && is_problem
ok $? "A /en/api/v1/products: 404 (the API takes ?lang=)"
[ "$(page "$A/en/p/no-such-$U")" = 404 ] && ! body_has 'hreflang'
ok $? "A /en/p/<unknown>: 404 without hreflang"

# a translation changed: every cached page of the shop is stale at once
[ "$(put "$A" "$ATOK" "products/$PA/translations/en" '{"name":"Big blue mug"}')" = 200 ] &&
    [ "$(page "$A/en/")" = 200 ] && body_has 'Big blue mug' &&
    [ "$(page "$A/")" = 200 ] && body_has 'Tasse bleue'
ok $? "A: a new English name shows on /en/ at once; / stays French"

# ==== 5. the store API's ?lang= =====================================================

[ "$(page "$A/api/v1/products")" = 200 ] &&
    [ "$(jb 'j.lang+"|"+j.items.map(p=>p.name).join()')" = "fr|Tasse bleue" ]
ok $? "A API: no lang: the default, fr"
[ "$(page "$A/api/v1/products?lang=en")" = 200 ] &&
    [ "$(jb 'j.lang+"|"+j.items[0].name+"|"+j.items[0].description+"|"+j.items[0].url')" = "en|Big blue mug|Une tasse.|/en/p/mug-$U" ]
ok $? "A API ?lang=en: the English name, the French description (emptied by the PUT), an /en/ URL"
[ "$(page "$A/api/v1/products/$PA?lang=de")" = 200 ] &&
    [ "$(jb 'j.lang+"|"+j.name+"|"+j.description')" = "de|Blaue Tasse|Une tasse." ]
ok $? "A API one product ?lang=de: German name, French description"
[ "$(page "$A/api/v1/products/$PA?lang=fr")" = 200 ] && [ "$(jb 'j.name+"|"+j.url')" = "Tasse bleue|/p/mug-$U" ]
ok $? "A API ?lang=fr (the default): French"
[ "$(page "$A/api/v1/products?lang=es")" = 400 ] && field_is lang
ok $? "A API ?lang=es: 400 problem+json on lang"
[ "$(page "$A/api/v1/products/$PA?lang=xx-long-and-made-up")" = 400 ] && field_is lang
ok $? "A API one product ?lang=<made up>: 400 on lang"
[ "$(page "$B/api/v1/products?lang=de")" = 400 ] && field_is lang
ok $? "B API ?lang=de (not served by B): 400 on lang"
[ "$(page "$A/api/v1/products/$PB?lang=en")" = 404 ] && is_problem
ok $? "A API: B's product id: 404"
[ "$(page "$B/api/v1/products/$PB")" = 200 ] && [ "$(jb 'j.name')" = 'Blue mug B' ]
ok $? "B API: its own product, untouched"

# ==== 6. the backoffice's pages ====================================================

AJ=$E2E_TMP/jar-a
[ "$(form_signin "$A/admin/login" "$AJ" "$AOWN" "$SPW")" = 303 ]
ok $? "A: the owner signs in on the page"
[ "$(page "$A/admin/languages" -b "$AJ")" = 200 ] && body_has 'name="lang_en" value="1" checked' &&
    body_has 'name="lang_de" value="1" checked' && ! body_has 'name="lang_fr"' &&
    body_has 'value="The Boutique"' && body_has 'href="/admin/languages"'
ok $? "A /admin/languages: en and de ticked, no fr (the default), the English name"
csrf=$(csrf_of)
expect 403 "$A/admin/languages" "A: POST the languages without the CSRF token: 403" -b "$AJ" \
    --data-urlencode "lang_en=1"
[ "$(get "$A" "$ATOK" languages)" = 200 ] && [ "$(jb 'j.languages.map(l=>l.lang).join()')" = "en,de" ]
ok $? "... nothing changed"
expect 200 "$A/admin/languages" "A: POST de only, a German name" -b "$AJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "lang_de=1" \
    --data-urlencode "name_de=Die Boutique"
body_has 'The languages are saved' && [ "$(get "$A" "$ATOK" languages)" = 200 ] &&
    [ "$(jb 'j.languages.map(l=>l.lang+":"+l.name).join()')" = "de:Die Boutique" ]
ok $? "... saved: de with its name, en gone"
[ "$(shopdb "SELECT COUNT(*) FROM product_translations WHERE tenant_id = $IDA AND lang = 'en'")" = 0 ] &&
    [ "$(shopdb "SELECT COUNT(*) FROM category_translations WHERE tenant_id = $IDA")" = 0 ] &&
    [ "$(shopdb "SELECT COUNT(*) FROM tenant_texts WHERE tenant_id = $IDA AND lang = 'en'")" = 0 ] &&
    [ "$(shopdb "SELECT COUNT(*) FROM product_translations WHERE tenant_id = $IDA AND lang = 'de'")" = 1 ]
ok $? "... the English translations went with English, the German one stays"
[ "$(page "$A/en/")" = 404 ] && [ "$(page "$A/de/")" = 200 ] && body_has 'Die Boutique' && ! alt en "$HA/en/"
ok $? "A: /en/ is 404 at once, /de/ names no English page"
[ "$(page "$A/admin/products/$PA" -b "$AJ")" = 200 ] && body_has '<h1>Tasse bleue</h1>' &&
    body_has "action=\"/admin/products/$PA/translations/de\"" && body_has 'value="Blaue Tasse"'
ok $? "A /admin/products/$PA: the French text, a form for de with its name"
csrf=$(csrf_of)
expect 200 "$A/admin/products/$PA/translations/de" "A: POST the German form" -b "$AJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "name=Tasse auf Deutsch" \
    --data-urlencode "description=Eine Tasse."
body_has 'Le texte en Deutsch est enregistré' && [ "$(page "$A/de/p/mug-$U")" = 200 ] && body_has 'Tasse auf Deutsch' && body_has 'Eine Tasse.'
ok $? "... saved (the French backoffice says so in French), the storefront shows it"
expect 400 "$A/admin/products/$PA/translations/en" "A: POST the form for en (no longer served): 400" -b "$AJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "name=X"
expect 404 "$A/admin/products/$PB" "A: the page of B's product id: 404" -b "$AJ"
SJ=$E2E_TMP/jar-s
[ "$(form_signin "$A/admin/login" "$SJ" "$ASTAFF" "$SPW")" = 303 ] &&
    [ "$(page "$A/admin/languages" -b "$SJ")" = 403 ] &&
    [ "$(page "$A/admin/products/$PA" -b "$SJ")" = 200 ] && ! body_has 'href="/admin/languages"'
ok $? "A: the staff role: no languages page (403), the product's page without the link"

# ==== a customer mail in the shop's language, through the SMTP sink ==========

CUS="cus-$RUN@$SA.example.com"
[ "$(customer_register "$A" "$CUS" "$SPW" "Camille")" = 201 ]
ok $? "A (fr-FR): a customer registers"
mails --to "$CUS" --wait 15 >"$E2E_TMP/m.json"
ok $? "... a mail reaches the sink"
[ "$(json 'j[j.length-1].subject' <"$E2E_TMP/m.json")" = "Confirmez votre adresse e-mail pour Boutique $RUN" ]
ok $? "... its subject is French ($(json 'j[j.length-1].subject' <"$E2E_TMP/m.json"))"
json 'j[j.length-1].text' <"$E2E_TMP/m.json" | grep -q '^Bonjour Camille,' &&
    json 'j[j.length-1].html' <"$E2E_TMP/m.json" | grep -q 'lang="fr"' &&
    ! json 'j[j.length-1].text' <"$E2E_TMP/m.json" | grep -q 'Hello'
ok $? "... and so are its text and HTML parts (Bonjour, lang=fr, no English)"
CUS2="cus-$RUN@$SB.example.com"
[ "$(customer_register "$B" "$CUS2" "$SPW" "Casey")" = 201 ] &&
    mails --to "$CUS2" --wait 15 >"$E2E_TMP/m.json" &&
    [ "$(json 'j[j.length-1].subject' <"$E2E_TMP/m.json")" = "Confirm your e-mail address for Shop B $RUN" ]
ok $? "B (en): the same mail in English"

tap_done
