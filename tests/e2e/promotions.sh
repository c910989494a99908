#!/usr/bin/env bash
# Promotions (coupon codes) in the backoffice, end to end through nginx:
# the plan feature "promotions" (starter: off, growth: on; Center's
# override pushed to the shop at once), the JSON API
# /admin/api/v1/promotions (create, checks of the fields, duplicates,
# list, one, on/off), the isolation of shops, the roles, the page
# /admin/promotions with its forms, read-only mode and what the database
# holds (tenant_id, the CHECK on the limit of uses); then what a taken
# SKU says, by the API and the products form.  Prints TAP.
#
# Every run makes its own tenants (slugs with the run's id), a platform
# owner admin and staff.  What it changes outside its own rows it puts
# back, also on exit: the feature override of the starter tenant and the
# read-only mode of the growth tenant.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
U=$(printf '%x%x' "$(date +%s)" "$$")	# lower-case hex: slugs of this run
UC=$(printf '%s' "$U" | tr '[:lower:]' '[:upper:]')
SPW='staff passphrase long enough'	# staff (12 characters at least)
C="http://center.$BASE_DOMAIN:$NGINX_PORT"
T0=$SECONDS

# The web servers may be restarted under us: a refused connection or a
# 502 is tried again after a pause.
E2E_RETRY='000 502'

# ---- HTTP ------------------------------------------------------------------

# create JSON: POST /api/v1/tenants; prints the status
create() { api POST "$C/api/v1/tenants" "$1" "$OWN"; }
# feature ID CODE VALUE|"": PUT (or DELETE, without a value) the override
feature() {
	if [ -n "$3" ]; then
		api PUT "$C/api/v1/tenants/$1/features/$2" "{\"value\":\"$3\"}" "$OWN"
	else
		api DELETE "$C/api/v1/tenants/$1/features/$2" '' "$OWN"
	fi
}
# read_only ID true|false: POST …/read-only; prints the status
read_only() {
	api POST "$C/api/v1/tenants/$1/read-only" \
	    "{\"read_only\":$2,\"reason\":\"promotions $RUN\"}" "$OWN"
}
# token SHOP-URL EMAIL: signs in on the backoffice's token API; prints
# the token (nothing if the sign-in fails)
token() {
	[ "$(auth_token "$1/admin" "$2" "$SPW")" = 201 ] && jb 'j.token'
}
# page_signin SHOP-URL EMAIL JAR: signs in on the sign-in form; 0 if the
# answer is 303 to /admin/ with the session cookie
page_signin() {
	rm -f "$3"
	[ "$(form_signin "$1/admin/login" "$3" "$2" "$SPW")" = 303 ] &&
	    head_has '^set-cookie: souk_staff=st_'
}
# promo SHOP-URL TOKEN JSON: POST /admin/api/v1/promotions; prints the status
promo() { api POST "$1/admin/api/v1/promotions" "$3" "$2"; }
# plan_403: the body is a 403 problem+json about the plan
plan_403() { is_problem && [ "$(jb 'j.status')" = 403 ] && [[ $(jb 'j.detail') == *plan* ]]; }
# no_add_form: the page in the body has no form that adds a coupon
no_add_form() { ! body_has 'action="/admin/promotions"' && ! body_has 'name="code"'; }

# ---- what is put back on exit ------------------------------------------------

ID_S=		# the starter tenant, while its promotions override is set
ID_G_RO=	# the growth tenant, while it is read-only
cleanup() {
	[ -n "$ID_S" ] && feature "$ID_S" promotions "" >/dev/null 2>&1
	[ -n "$ID_G_RO" ] && read_only "$ID_G_RO" false >/dev/null 2>&1
}
on_exit cleanup

# ==== 1. two tenants, their owners ===========================================

OWN=$(center_token "$C" owner "pr-own-$RUN@example.com")
ok $? "a platform owner admin with a full session"

SS=pr-s-$U	# starter
SG=pr-g-$U	# growth
S=$(shop "$SS")
G=$(shop "$SG")
[ "$(create "{\"slug\":\"$SS\",\"name\":\"Promo Starter $RUN\",\"plan\":\"starter\",\"currency\":\"EUR\"}")" = 202 ] &&
    [ "$(jb 'j.plan+" "+j.features.promotions')" = "starter false" ]
ok $? "Center: tenant $SS (starter): 202, promotions false"
IDS=$(jb 'j.id')
[ "$(create "{\"slug\":\"$SG\",\"name\":\"Promo Growth $RUN\",\"plan\":\"growth\",\"currency\":\"EUR\",\"locale\":\"de-DE\",\"time_zone\":\"Europe/Berlin\"}")" = 202 ] &&
    [ "$(jb 'j.plan+" "+j.features.promotions')" = "growth true" ]
ok $? "Center: tenant $SG (growth; de-DE, EUR, Europe/Berlin): 202, promotions true"
IDG=$(jb 'j.id')
wait_state "$C" "$OWN" "$IDS" active 20
ok $? "... the starter tenant becomes active ($(jb 'j.state'))"
wait_state "$C" "$OWN" "$IDG" active 20
ok $? "... the growth tenant becomes active ($(jb 'j.state'))"

SOWN="own-$RUN@$SS.example.com"
GOWN="own-$RUN@$SG.example.com"
staff_member "$SS" "$SOWN" owner "$SPW" && STOK=$(token "$S" "$SOWN") && [[ $STOK == st_* ]]
ok $? "an owner of the starter shop (soukctl), signed in: a token"
staff_member "$SG" "$GOWN" owner "$SPW" && GTOK=$(token "$G" "$GOWN") && [[ $GTOK == st_* ]]
ok $? "an owner of the growth shop (soukctl), signed in: a token"

# ==== 2. starter: no promotions ================================================

st=$(api GET "$S/admin/api/v1/promotions" '' "$STOK")
[ "$st" = 403 ] && plan_403
ok $? "starter: GET /admin/api/v1/promotions: 403 problem+json about the plan ($st, \"$(jb 'j.detail')\")"
st=$(promo "$S" "$STOK" '{"code":"nope1","name":"No","kind":"percent","value":10}')
[ "$st" = 403 ] && plan_403
ok $? "starter: POST: 403 problem+json about the plan ($st)"
st=$(api GET "$S/admin/api/v1/promotions/1" '' "$STOK")
[ "$st" = 403 ] && plan_403
ok $? "starter: GET one: 403 about the plan, not 404 ($st)"
st=$(api PATCH "$S/admin/api/v1/promotions/1" '{"active":false}' "$STOK")
[ "$st" = 403 ] && plan_403
ok $? "starter: PATCH: 403 about the plan ($st)"
[ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id = $IDS")" = 0 ]
ok $? "starter: no row in souk_shop.promotions"

SJ=$E2E_TMP/jar-s
page_signin "$S" "$SOWN" "$SJ"
ok $? "starter: the owner signs in on the page (303, session cookie)"
expect 200 "$S/admin/promotions" "starter: the promotions page" -b "$SJ"
body_has 'Your plan does not include promotions' && no_add_form
ok $? "starter: ... says the plan does not include promotions, no add form"
body_has 'href="/admin/promotions"'
ok $? "starter: ... the owner's menu links to it"
csrf=$(csrf_of)
[ -n "$csrf" ]
ok $? "starter: ... a csrf token on the page (for the next post)"
expect 403 "$S/admin/promotions" "starter: POST the add form: 403" -b "$SJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "code=PAGE-$UC" \
    --data-urlencode "name=Page" --data-urlencode "kind=percent" \
    --data-urlencode "value=10"
body_has 'Your plan does not include promotions' && no_add_form &&
    [ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id = $IDS")" = 0 ]
ok $? "starter: ... with the message, and nothing stored"

# ==== 3. Center's override, pushed at once =======================================

ID_S=$IDS
[ "$(feature "$IDS" promotions true)" = 200 ] && [ "$(jb 'j.features.promotions')" = true ]
ok $? "Center: PUT features/promotions true for the starter: 200, effective true"
SAME="SAME-$UC"		# the code both shops get (section 5)
st=$(promo "$S" "$STOK" "{\"code\":\"$SAME\",\"name\":\"Same code\",\"kind\":\"percent\",\"value\":5}")
[ "$st" = 201 ] && [ "$(jb 'j.code')" = "$SAME" ]
ok $? "starter: ... POST at once: 201 ($st)"
PID_S=$(jb 'j.id')
[ "$(api GET "$S/admin/api/v1/promotions" '' "$STOK")" = 200 ] &&
    [ "$(jb 'j.items.map(p=>p.code).join()')" = "$SAME" ]
ok $? "starter: ... the list has it ($(jb 'j.items.map(p=>p.code).join()'))"
expect 200 "$S/admin/promotions" "starter: the page with the override" -b "$SJ"
! body_has 'Your plan does not include promotions' && body_has 'action="/admin/promotions"' &&
    body_has "$SAME"
ok $? "starter: ... no plan message, the add form, the coupon"
[ "$(feature "$IDS" promotions "")" = 200 ] && [ "$(jb 'j.features.promotions')" = false ]
ok $? "Center: DELETE the override: 200, promotions false again"
ID_S=
st=$(api GET "$S/admin/api/v1/promotions" '' "$STOK")
[ "$st" = 403 ] && plan_403
ok $? "starter: ... GET at once: 403 about the plan again ($st)"
st=$(promo "$S" "$STOK" '{"code":"later1","name":"Later","kind":"percent","value":10}')
[ "$st" = 403 ] && plan_403
ok $? "starter: ... POST: 403 ($st)"
expect 200 "$S/admin/promotions" "starter: the page without the override" -b "$SJ"
body_has 'Your plan does not include promotions' && no_add_form
ok $? "starter: ... the plan message again, no add form"

# ==== 4. growth: the API ==========================================================

P1="summer-$U"			# typed lower-case, kept upper-case
P1U="SUMMER-$UC"
st=$(promo "$G" "$GTOK" "{\"code\":\"$P1\",\"name\":\"Summer $RUN\",\"kind\":\"percent\",\"value\":15}")
[ "$st" = 201 ] && [ "$(jb 'j.code+" "+j.kind+" "+j.value+" "+j.active+" "+j.used')" = \
    "$P1U percent 15 true 0" ]
ok $? "growth: POST a percent coupon: 201, code upper-cased ($st, $(jb 'j.code'))"
PID_1=$(jb 'j.id')
[ "$(hdr location)" = "/admin/api/v1/promotions/$PID_1" ]
ok $? "... Location /admin/api/v1/promotions/$PID_1 ($(hdr location))"
[ "$(jb 'j.currency+" "+j.usage_limit+" "+j.ends_on+" "+j.min_subtotal')" = "null null null 0" ] &&
    [[ $(jb 'j.created_at') =~ ^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$ ]]
ok $? "... no currency, no limit, no end, no minimum; created_at $(jb 'j.created_at')"
P2U="FIVE-$UC"
st=$(promo "$G" "$GTOK" "{\"code\":\"$P2U\",\"name\":\"Five off\",\"kind\":\"amount\",\"value\":500,\"min_subtotal\":2500,\"usage_limit\":3,\"ends_on\":\"2028-02-29\"}")
[ "$st" = 201 ] && [ "$(jb 'j.code+" "+j.kind+" "+j.value+" "+j.currency+" "+j.min_subtotal+" "+j.usage_limit+" "+j.ends_on')" = \
    "$P2U amount 500 EUR 2500 3 2028-02-29" ]
ok $? "growth: POST an amount coupon (minimum, limit, a leap day): 201 ($st, $(jb 'j.currency+" "+j.usage_limit+" "+j.ends_on'))"
PID_2=$(jb 'j.id')
[ "$(jb 'j.ends_at')" = 2028-02-29T22:59:59Z ] &&
    [ "$(shopdb "SELECT ends_at FROM promotions WHERE id = $PID_2")" = "2028-02-29 22:59:59" ]
ok $? "... it ends at the end of that day in Berlin: ends_at 2028-02-29T22:59:59Z (UTC), so stored ($(jb 'j.ends_at'))"
st=$(promo "$G" "$GTOK" "{\"code\":\"summer-end-$U\",\"name\":\"Summer\",\"kind\":\"percent\",\"value\":5,\"ends_on\":\"2027-07-31\"}")
[ "$st" = 201 ] && [ "$(jb 'j.ends_on+" "+j.ends_at')" = "2027-07-31 2027-07-31T21:59:59Z" ]
ok $? "growth: a last day in summer time ends at 21:59:59 UTC ($st, $(jb 'j.ends_at'))"
shopdb "DELETE FROM promotions WHERE tenant_id = $IDG AND code = 'SUMMER-END-$UC'"	# (the counts below)
st=$(promo "$G" "$GTOK" "{\"code\":\"zero-$U\",\"name\":\"Zero limit\",\"kind\":\"amount\",\"value\":100,\"usage_limit\":0}")
[ "$st" = 201 ] && [ "$(jb 'j.usage_limit')" = null ]
ok $? "growth: usage_limit 0 is no limit: 201, usage_limit null ($st)"
PID_Z=$(jb 'j.id')

# bad JSON-BODY FIELD DESCRIPTION: 400 problem+json naming FIELD
bad() {
	local st
	st=$(promo "$G" "$GTOK" "$1")
	[ "$st" = 400 ] && is_problem && [ "$(jb 'j.errors[0].field')" = "$2" ]
	ok $? "growth: $3: 400 on $2 ($st, $(jb 'j.errors&&j.errors[0].field'))"
}
bad "{\"code\":\"ab\",\"name\":\"X\",\"kind\":\"percent\",\"value\":10}" code "a code of 2 characters"
bad "{\"code\":\"bad code!\",\"name\":\"X\",\"kind\":\"percent\",\"value\":10}" code "a code with a blank and !"
bad "{\"name\":\"X\",\"kind\":\"percent\",\"value\":10}" code "no code"
bad "{\"code\":\"$(printf 'A%.0s' $(seq 33))\",\"name\":\"X\",\"kind\":\"percent\",\"value\":10}" code "a code of 33 characters"
bad "{\"code\":\"v1-$U\",\"name\":\"\",\"kind\":\"percent\",\"value\":10}" name "an empty name"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"bogo\",\"value\":10}" kind "kind bogo"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"percent\",\"value\":101}" value "101 percent"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"percent\",\"value\":0}" value "0 percent"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"amount\",\"value\":0}" value "an amount of 0"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"percent\",\"value\":\"10\"}" value "a value that is a string"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"percent\"}" value "no value"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"amount\",\"value\":100,\"min_subtotal\":-1}" min_subtotal "min_subtotal -1"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"amount\",\"value\":100,\"usage_limit\":-5}" usage_limit "usage_limit -5"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"amount\",\"value\":100,\"ends_on\":\"2027-02-30\"}" ends_on "ends_on 2027-02-30"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"amount\",\"value\":100,\"ends_on\":\"2027-02-29\"}" ends_on "ends_on 2027-02-29 (no leap year)"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"amount\",\"value\":100,\"ends_on\":\"next week\"}" ends_on "ends_on next week"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"amount\",\"value\":100,\"ends_on\":\"2027-01- 1\"}" ends_on "ends_on with a blank (2027-01- 1)"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"amount\",\"value\":100,\"ends_on\":\"2020-01-31\"}" ends_on "ends_on a day that is over (2020-01-31)"
bad "{\"code\":\"v1-$U\",\"name\":\"X\",\"kind\":\"amount\",\"value\":\"5,00\"}" value "an amount as a German writes it (the API takes minor units)"
bad "{\"code\":\"v1-$U\",\"name\":\"$(printf 'a%.0s' $(seq 201))\",\"kind\":\"percent\",\"value\":10}" name "a name of 201 characters"
st=$(promo "$G" "$GTOK" "{\"code\":\"utf-$U\",\"name\":\"$(printf 'é%.0s' $(seq 200))\",\"kind\":\"percent\",\"value\":10}")
[ "$st" = 201 ] && [ "$(jb 'j.name.length')" = 200 ]
ok $? "growth: a name of 200 characters of 2 bytes each: 201 ($st)"
shopdb "DELETE FROM promotions WHERE tenant_id = $IDG AND code = 'UTF-$UC'"	# (the counts below)
[ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id = $IDG AND code = 'V1-$UC'")" = 0 ]
ok $? "growth: ... none of the bad ones was stored"

st=$(promo "$G" "$GTOK" "{\"code\":\"$(printf '%s' "$P1U" | tr '[:upper:]' '[:lower:]')\",\"name\":\"Again\",\"kind\":\"percent\",\"value\":20}")
[ "$st" = 409 ] && is_problem && [[ $(jb 'j.detail') == *"$P1U"* ]]
ok $? "growth: the same code again, lower-case: 409 problem+json ($st, \"$(jb 'j.detail')\")"
st=$(promo "$G" "$GTOK" "{\"code\":\"$P2U\",\"name\":\"Again\",\"kind\":\"amount\",\"value\":20}")
[ "$st" = 409 ]
ok $? "growth: the same code, same case: 409 ($st)"
[ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id = $IDG AND code = '$P1U'")" = 1 ]
ok $? "growth: ... one row with that code"

[ "$(api GET "$G/admin/api/v1/promotions" '' "$GTOK")" = 200 ] &&
    [ "$(jb 'j.items.map(p=>p.id).join()')" = "$PID_Z,$PID_2,$PID_1" ]
ok $? "growth: GET the list: the three, newest first ($(jb 'j.items.map(p=>p.code).join()'))"
[ "$(jb "j.items.some(p=>p.id===$PID_S)")" = false ]
ok $? "growth: ... without the starter shop's coupon"
[ "$(api GET "$G/admin/api/v1/promotions/$PID_2" '' "$GTOK")" = 200 ] &&
    [ "$(jb 'j.id+" "+j.code+" "+j.name+" "+j.value+" "+j.usage_limit')" = "$PID_2 $P2U Five off 500 3" ]
ok $? "growth: GET one: 200 ($(jb 'j.code'))"
st=$(api GET "$G/admin/api/v1/promotions/999999999" '' "$GTOK")
[ "$st" = 404 ] && is_problem
ok $? "growth: GET an unknown id: 404 problem+json ($st)"
[ "$(api PATCH "$G/admin/api/v1/promotions/$PID_1" '{"active":false}' "$GTOK")" = 200 ] &&
    [ "$(jb 'j.id+" "+j.active')" = "$PID_1 false" ]
ok $? "growth: PATCH active false: 200, off"
[ "$(api GET "$G/admin/api/v1/promotions/$PID_1" '' "$GTOK")" = 200 ] && [ "$(jb 'j.active')" = false ] &&
    [ "$(shopdb "SELECT active FROM promotions WHERE tenant_id = $IDG AND id = $PID_1")" = 0 ]
ok $? "growth: ... GET says off, the row has active 0"
[ "$(api PATCH "$G/admin/api/v1/promotions/$PID_1" '{"active":false}' "$GTOK")" = 200 ] && [ "$(jb 'j.active')" = false ]
ok $? "growth: PATCH off again (nothing changes): 200"
[ "$(api PATCH "$G/admin/api/v1/promotions/$PID_1" '{"active":true}' "$GTOK")" = 200 ] && [ "$(jb 'j.active')" = true ]
ok $? "growth: PATCH active true: 200, on"
st=$(api PATCH "$G/admin/api/v1/promotions/$PID_1" '{"active":"no"}' "$GTOK")
[ "$st" = 400 ] && is_problem && [ "$(fields)" = active ]
ok $? "growth: PATCH {\"active\":\"no\"}: 400 on active ($st)"
[ "$(shopdb "SELECT active FROM promotions WHERE tenant_id = $IDG AND id = $PID_1")" = 1 ]
ok $? "growth: ... still on"
st=$(api PATCH "$G/admin/api/v1/promotions/999999999" '{"active":false}' "$GTOK")
[ "$st" = 404 ]
ok $? "growth: PATCH an unknown id: 404 ($st)"
st=$(api GET "$G/admin/api/v1/promotions" '')
[ "$st" = 401 ]
ok $? "growth: no token: 401 ($st)"

# ==== 5. isolation of shops ========================================================

st=$(promo "$G" "$GTOK" "{\"code\":\"$SAME\",\"name\":\"Same code\",\"kind\":\"amount\",\"value\":300}")
[ "$st" = 201 ] && [ "$(jb 'j.code')" = "$SAME" ]
ok $? "the starter shop's code in the growth shop: 201 ($st; the starter made it in section 3)"
PID_GS=$(jb 'j.id')
[ "$PID_GS" != "$PID_S" ] && [ "$(shopdb "SELECT GROUP_CONCAT(tenant_id ORDER BY tenant_id) FROM promotions WHERE code = '$SAME'")" = \
    "$(printf '%s\n' "$IDS" "$IDG" | sort -n | paste -sd,)" ]
ok $? "... two rows with code $SAME, one for each tenant"
st=$(api GET "$G/admin/api/v1/promotions/$PID_S" '' "$GTOK")
[ "$st" = 404 ] && ! body_has "Same code"
ok $? "the starter's promotion id on the growth host, growth token: 404 ($st)"
st=$(api PATCH "$G/admin/api/v1/promotions/$PID_S" '{"active":false}' "$GTOK")
[ "$st" = 404 ] && [ "$(shopdb "SELECT active FROM promotions WHERE tenant_id = $IDS AND id = $PID_S")" = 1 ]
ok $? "... PATCH it there: 404, the starter's row untouched ($st)"
st=$(api GET "$G/admin/api/v1/promotions" '' "$STOK")
[ "$st" = 401 ]
ok $? "the starter's token on the growth host: 401 ($st)"
st=$(api GET "$G/admin/api/v1/promotions/$PID_GS" '' "$STOK")
[ "$st" = 401 ]
ok $? "... on one of the growth shop's own promotions: 401 ($st)"

# ==== 6. roles ======================================================================

GSTAFF="staff-$RUN@$SG.example.com"
GMGR="mgr-$RUN@$SG.example.com"
staff_member "$SG" "$GSTAFF" staff "$SPW" && KTOK=$(token "$G" "$GSTAFF") && [[ $KTOK == st_* ]]
ok $? "growth: a member with role staff, signed in"
staff_member "$SG" "$GMGR" manager "$SPW" && MTOK=$(token "$G" "$GMGR") && [[ $MTOK == st_* ]]
ok $? "growth: a manager, signed in"
st=$(api GET "$G/admin/api/v1/promotions" '' "$KTOK")
[ "$st" = 403 ] && is_problem && [[ $(jb 'j.detail') != *plan* ]]
ok $? "role staff: GET: 403, not about the plan ($st, \"$(jb 'j.detail')\")"
st=$(api GET "$G/admin/api/v1/promotions/$PID_1" '' "$KTOK")
[ "$st" = 403 ]
ok $? "role staff: GET one: 403 ($st)"
st=$(promo "$G" "$KTOK" "{\"code\":\"stf-$U\",\"name\":\"By staff\",\"kind\":\"percent\",\"value\":10}")
[ "$st" = 403 ] && [ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id = $IDG AND code = 'STF-$UC'")" = 0 ]
ok $? "role staff: POST: 403, nothing stored ($st)"
st=$(api PATCH "$G/admin/api/v1/promotions/$PID_1" '{"active":false}' "$KTOK")
[ "$st" = 403 ] && [ "$(shopdb "SELECT active FROM promotions WHERE tenant_id = $IDG AND id = $PID_1")" = 1 ]
ok $? "role staff: PATCH: 403, still on ($st)"
st=$(promo "$G" "$MTOK" "{\"code\":\"mgr-$U\",\"name\":\"By the manager\",\"kind\":\"percent\",\"value\":12}")
[ "$st" = 201 ] && [ "$(jb 'j.code')" = "MGR-$UC" ]
ok $? "manager: POST: 201 ($st)"
PID_M=$(jb 'j.id')
[ "$(api GET "$G/admin/api/v1/promotions" '' "$MTOK")" = 200 ] &&
    [ "$(jb "j.items[0].id===$PID_M&&j.items.length===5")" = true ]
ok $? "manager: GET the list: 200, the manager's first of 5"
[ "$(api PATCH "$G/admin/api/v1/promotions/$PID_M" '{"active":false}' "$MTOK")" = 200 ] && [ "$(jb 'j.active')" = false ]
ok $? "manager: PATCH: 200"
KJ=$E2E_TMP/jar-k
page_signin "$G" "$GSTAFF" "$KJ"
ok $? "role staff: signs in on the page"
expect 403 "$G/admin/promotions" "role staff: the page: 403" -b "$KJ"
expect 200 "$G/admin/" "role staff: ... the dashboard 200" -b "$KJ"
! body_has 'href="/admin/promotions"'
ok $? "role staff: ... its menu has no Promotions link"

# ==== 7. the page ===================================================================
# The growth shop is de-DE: its pages speak German (po/de.po).

GJ=$E2E_TMP/jar-g
page_signin "$G" "$GOWN" "$GJ"
ok $? "growth: the owner signs in on the page (303, session cookie)"
expect 200 "$G/admin/promotions" "growth: the promotions page" -b "$GJ"
body_has "<code>$P1U</code>" && body_has "<code>$P2U</code>" &&
    grep -A 1 "<code>$P1U</code>" "$E2E_TMP/body" | grep -q '<td>15 \?%</td>' &&
    grep -A 3 "<code>$P2U</code>" "$E2E_TMP/body" | grep -q '<td>0 von 3</td>' &&
    grep -A 3 "<code>$P2U</code>" "$E2E_TMP/body" | grep -q '<td>29.02.2028</td>' &&
    grep -A 1 "<code>$P2U</code>" "$E2E_TMP/body" | grep -q $'<td>5,00\xc2\xa0\xe2\x82\xac</td>' &&
    grep -A 2 "<code>$P2U</code>" "$E2E_TMP/body" | grep -q $'<td>25,00\xc2\xa0\xe2\x82\xac</td>'
ok $? "growth: ... lists the coupons (code, 15 % off, 5,00 € off from 25,00 €, 0 of 3 uses, the last day 29.02.2028)"
body_has 'action="/admin/promotions"' && ! body_has 'Your plan does not include promotions'
ok $? "growth: ... with the add form, no plan message"
csrf=$(csrf_of)
expect 403 "$G/admin/promotions" "growth: POST the form without csrf: 403" -b "$GJ" \
    --data-urlencode "code=nocsrf-$U" --data-urlencode "name=No csrf" \
    --data-urlencode "kind=percent" --data-urlencode "value=10"
[ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id = $IDG AND code = 'NOCSRF-$UC'")" = 0 ]
ok $? "growth: ... nothing stored"
PW_CODE="PAGE-$UC"
expect 400 "$G/admin/promotions" "growth: the form with 7.50 (no German amount): 400" -b "$GJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "code=page-$U" \
    --data-urlencode "name=Page coupon $RUN" --data-urlencode "kind=amount" \
    --data-urlencode "value=7.50" --data-urlencode "min_subtotal=10"
body_has 'Der Rabatt wurde nicht angelegt: value: ein Betrag wie 12,50' &&
    body_has 'name="value" required inputmode="decimal" maxlength="32" value="7.50"' &&
    body_has '<option value="amount" selected>' &&
    [ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id = $IDG AND code = '$PW_CODE'")" = 0 ]
ok $? "growth: ... says what value takes (an amount such as 12,50), keeps what was typed, stores nothing"
csrf=$(csrf_of)
expect 201 "$G/admin/promotions" "growth: add a coupon with the form, amounts typed in German: 201" -b "$GJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "code=page-$U" \
    --data-urlencode "name=Page coupon $RUN" --data-urlencode "kind=amount" \
    --data-urlencode "value=7,50" --data-urlencode "min_subtotal=1.000 €" \
    --data-urlencode "usage_limit=10" --data-urlencode "ends_on=2030-12-31"
body_has "Gutscheincode $PW_CODE ist bereit." && body_has "<code>$PW_CODE</code>"
ok $? "growth: ... (typed lower-case) the notice \"Gutscheincode $PW_CODE ist bereit.\" (German shop) and the coupon in the list"
PID_P=$(shopdb "SELECT id FROM promotions WHERE tenant_id = $IDG AND code = '$PW_CODE'")
[ -n "$PID_P" ] && [ "$(shopdb "SELECT CONCAT_WS(' ', kind, value, min_subtotal, usage_limit, used, ends_at, active) FROM promotions WHERE id = $PID_P")" = \
    "amount 750 100000 10 0 2030-12-31 22:59:59 1" ]
ok $? "growth: ... the row: amount 750 (7,50), minimum 100000 (1.000 €), limit 10, ends 2030-12-31 22:59:59 UTC (the day's end in Berlin), on"
csrf=$(csrf_of)
expect 409 "$G/admin/promotions" "growth: the form with a taken code (mixed case): 409" -b "$GJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "code=Page-$U" \
    --data-urlencode "name=Again" --data-urlencode "kind=percent" --data-urlencode "value=5"
body_has 'Der Rabatt wurde nicht angelegt'
ok $? "growth: ... says the promotion was not added (in German)"
csrf=$(csrf_of)
expect 400 "$G/admin/promotions" "growth: the form with 150 percent: 400" -b "$GJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "code=pct-$U" \
    --data-urlencode "name=Too much" --data-urlencode "kind=percent" --data-urlencode "value=150"
body_has 'Der Rabatt wurde nicht angelegt' &&
    [ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id = $IDG AND code = 'PCT-$UC'")" = 0 ]
ok $? "growth: ... not added, nothing stored"
csrf=$(csrf_of)
expect 200 "$G/admin/promotions/$PID_P" "growth: switch it off with the form: 200" -b "$GJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "active=0"
grep -A 4 "<code>$PW_CODE</code>" "$E2E_TMP/body" | grep -q '<td>inaktiv</td>' &&
    body_has "$PW_CODE aktivieren"
ok $? "growth: ... its row shows off, with a button to switch it on"
csrf=$(csrf_of)		# (before the API call below replaces the body)
[ "$(api GET "$G/admin/api/v1/promotions/$PID_P" '' "$GTOK")" = 200 ] && [ "$(jb 'j.active')" = false ]
ok $? "growth: ... the API says off too"
expect 200 "$G/admin/promotions/$PID_P" "growth: switch it on again: 200" -b "$GJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "active=1"
grep -A 4 "<code>$PW_CODE</code>" "$E2E_TMP/body" | grep -q '<td>aktiv</td>' &&
    [ "$(shopdb "SELECT active FROM promotions WHERE id = $PID_P")" = 1 ]
ok $? "growth: ... on"
csrf=$(csrf_of)
expect 400 "$G/admin/promotions/$PID_P" "growth: the switch with active=true (neither 0 nor 1): 400" \
    -b "$GJ" --data-urlencode "csrf=$csrf" --data-urlencode "active=true"
body_has 'Schalten Sie einen Rabatt ein' && [ "$(shopdb "SELECT active FROM promotions WHERE id = $PID_P")" = 1 ]
ok $? "growth: ... says how, and the coupon stays on"
csrf=$(csrf_of)
expect 404 "$G/admin/promotions/$PID_S" "growth: the form on the starter's id: 404" -b "$GJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "active=0"
[ "$(shopdb "SELECT active FROM promotions WHERE tenant_id = $IDS AND id = $PID_S")" = 1 ]
ok $? "growth: ... the starter's row untouched"
csrf=$(csrf_of)		# for the read-only check of the form
[ -n "$csrf" ]
ok $? "growth: ... the page has a csrf token"

# ==== 8. read-only mode =============================================================

ID_G_RO=$IDG
[ "$(read_only "$IDG" true)" = 200 ] && [ "$(jb 'j.read_only')" = true ]
ok $? "Center: the growth tenant read-only: 200"
st=$(promo "$G" "$GTOK" "{\"code\":\"ro-$U\",\"name\":\"Read-only\",\"kind\":\"percent\",\"value\":10}")
[ "$st" = 423 ] && is_problem && [ "$(jb 'j.title')" = "Read-Only Mode" ]
ok $? "read-only: POST: 423 problem+json ($st, $(jb 'j.title'))"
st=$(api PATCH "$G/admin/api/v1/promotions/$PID_1" '{"active":false}' "$GTOK")
[ "$st" = 423 ] && [ "$(shopdb "SELECT active FROM promotions WHERE id = $PID_1")" = 1 ]
ok $? "read-only: PATCH: 423, still on ($st)"
expect 423 "$G/admin/promotions" "read-only: the add form: 423" -b "$GJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "code=ro-$U" \
    --data-urlencode "name=Read-only" --data-urlencode "kind=percent" --data-urlencode "value=10"
[ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id = $IDG AND code = 'RO-$UC'")" = 0 ]
ok $? "read-only: ... nothing stored"
[ "$(api GET "$G/admin/api/v1/promotions" '' "$GTOK")" = 200 ] && [ "$(jb 'j.items.length')" = 6 ]
ok $? "read-only: GET the list still 200 (6 items)"
expect 200 "$G/admin/promotions" "read-only: the page still 200" -b "$GJ"
[ "$(read_only "$IDG" false)" = 200 ] && [ "$(jb 'j.read_only')" = false ]
ok $? "Center: read-only off: 200"
ID_G_RO=
st=$(promo "$G" "$GTOK" "{\"code\":\"ro-$U\",\"name\":\"After read-only\",\"kind\":\"percent\",\"value\":10}")
[ "$st" = 201 ]
ok $? "... POST: 201 again ($st)"

# ==== 9. the database ================================================================

[ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id = $IDG")" = 7 ] &&
    [ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id = $IDS")" = 1 ]
ok $? "souk_shop.promotions: 7 rows for the growth tenant, 1 for the starter"
ids_g=$(printf '%s\n' "$PID_1" "$PID_2" "$PID_Z" "$PID_GS" "$PID_M" "$PID_P" | sort -n | paste -sd,)
[ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE id IN ($ids_g) AND tenant_id = $IDG")" = 6 ] &&
    [ "$(shopdb "SELECT tenant_id FROM promotions WHERE id = $PID_S")" = "$IDS" ]
ok $? "... every id the API gave carries its own shop's tenant_id"
[ "$(shopdb "SELECT COUNT(*) FROM promotions WHERE tenant_id IN ($IDS, $IDG) AND code <> UPPER(code)")" = 0 ]
ok $? "... the codes are stored upper-case"
[ "$(shopdb "SELECT CONCAT(COALESCE(usage_limit, 'NULL'), ' ', used) FROM promotions WHERE id = $PID_2")" = "3 0" ]
ok $? "... coupon $P2U: usage_limit 3, used 0"
err=$(mariadb --socket="$DB_SOCKET" -uroot souk_shop -N -e \
    "UPDATE promotions SET used = usage_limit + 1 WHERE tenant_id = $IDG AND id = $PID_2" 2>&1)
rc=$?
[ "$rc" != 0 ] && [[ $err == *"CONSTRAINT \`promotions_limit\` failed"* ]] &&
    [ "$(shopdb "SELECT used FROM promotions WHERE id = $PID_2")" = 0 ]
ok $? "UPDATE used = usage_limit + 1 as root: refused by the CHECK ($(printf '%s\n' "$err" | grep -m 1 ERROR | cut -c1-90))"
shopdb "UPDATE promotions SET used = usage_limit WHERE tenant_id = $IDG AND id = $PID_2" &&
    [ "$(shopdb "SELECT used FROM promotions WHERE id = $PID_2")" = 3 ]
ok $? "UPDATE used = usage_limit: allowed (3 of 3)"
[ "$(api GET "$G/admin/api/v1/promotions/$PID_2" '' "$GTOK")" = 200 ] && [ "$(jb 'j.used+" "+j.usage_limit')" = "3 3" ]
ok $? "... the API shows used 3 of 3"
expect 200 "$G/admin/promotions" "... the page" -b "$GJ"
body_has '3 von 3'
ok $? "... shows 3 von 3 (German shop)"
shopdb "UPDATE promotions SET used = 1000000 WHERE tenant_id = $IDG AND id = $PID_Z"
ok $? "a coupon without a limit may be used any number of times (UPDATE used = 1000000)"

# ==== 10. products: what a taken SKU says ==========================================

SKU="PR-$UC"
st=$(api POST "$G/admin/api/v1/products" "{\"sku\":\"$SKU\",\"name\":\"Mug $RUN\",\"price\":1200,\"stock\":2}" "$GTOK")
[ "$st" = 201 ]
ok $? "growth: POST /admin/api/v1/products $SKU: 201 ($st)"
st=$(api POST "$G/admin/api/v1/products" "{\"sku\":\"$SKU\",\"name\":\"Other mug $RUN\",\"price\":900}" "$GTOK")
[ "$st" = 409 ] && is_problem && [ "$(jb 'j.detail')" = "That SKU is already used in this shop." ] &&
    [ "$(fields)" = sku ]
ok $? "growth: the same SKU again: 409 problem+json on sku, \"$(jb 'j.detail')\" ($st)"
st=$(api POST "$G/admin/api/v1/products" "{\"sku\":\"$SKU-2\",\"name\":\"Mug $RUN\",\"price\":900}" "$GTOK")
[ "$st" = 409 ] && is_problem && [ "$(fields)" = slug ] && [[ $(jb 'j.detail') == *slug* ]]
ok $? "growth: another SKU with the same name (so the same slug): 409 on slug ($st, \"$(jb 'j.detail')\")"
[ "$(shopdb "SELECT COUNT(*) FROM products WHERE tenant_id = $IDG AND sku LIKE '$SKU%'")" = 1 ]
ok $? "growth: ... one product stored"
expect 200 "$G/admin/products" "growth: the products page" -b "$GJ"
csrf=$(csrf_of)
expect 409 "$G/admin/products" "growth: the form with the taken SKU: 409" -b "$GJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "sku=$SKU" \
    --data-urlencode "name=Form mug $RUN" --data-urlencode "price=500" --data-urlencode "stock=1"
body_has 'role="alert">Das Produkt wurde nicht hinzugefügt: diese Artikelnummer wird in diesem Shop bereits verwendet.</p>' &&
    ! body_has '(null)' && [ "$(shopdb "SELECT COUNT(*) FROM products WHERE tenant_id = $IDG AND name = 'Form mug $RUN'")" = 0 ]
ok $? "growth: ... the page says the SKU is already used in this shop, nothing stored"
csrf=$(csrf_of)
expect 400 "$G/admin/products" "growth: the form with a price of 5.5 (not German): 400" -b "$GJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "sku=$SKU-F" \
    --data-urlencode "name=Form mug $RUN" --data-urlencode "price=5.5" --data-urlencode "stock=1"
body_has 'Das Produkt wurde nicht hinzugefügt: price: ein Betrag wie 12,50' &&
    body_has "value=\"Form mug $RUN\"" && body_has 'value="5.5"' &&
    [ "$(shopdb "SELECT COUNT(*) FROM products WHERE tenant_id = $IDG AND sku = '$SKU-F'")" = 0 ]
ok $? "growth: ... says what the price takes, keeps what was typed, stores nothing"
csrf=$(csrf_of)
expect 201 "$G/admin/products" "growth: the form with a new SKU, the price typed in German: 201" -b "$GJ" \
    --data-urlencode "csrf=$csrf" --data-urlencode "sku=$SKU-F" \
    --data-urlencode "name=Form mug $RUN" --data-urlencode "price=1.234,5" --data-urlencode "stock=1"
body_has "Form mug $RUN ist jetzt im Katalog." &&
    [ "$(shopdb "SELECT CONCAT_WS(' ', price, currency) FROM products WHERE tenant_id = $IDG AND sku = '$SKU-F'")" = "123450 EUR" ] &&
    body_has $'<td>1.234,50\xc2\xa0\xe2\x82\xac</td>'
ok $? "growth: ... the notice; stored as 123450 EUR, listed as 1.234,50 €"
st=$(api POST "$S/admin/api/v1/products" "{\"sku\":\"$SKU\",\"name\":\"Mug $RUN\",\"price\":1200}" "$STOK")
[ "$st" = 201 ]
ok $? "starter: the growth shop's SKU and name in another shop: 201 ($st)"

echo "# run took $((SECONDS - T0)) s"
tap_done
