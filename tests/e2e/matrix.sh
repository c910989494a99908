#!/usr/bin/env bash
# Who may call what: every authenticated route of the storefront, the
# backoffice and Center, called as each kind of principal (nobody, each
# role, a customer, the other shop's people, a principal of another
# program), through nginx.  Allowed calls succeed; the others answer 401
# or 403, and another shop's objects 404.  Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
PW='a long enough passphrase'
D="http://demo.$BASE_DOMAIN:$NGINX_PORT"
A="http://acme.$BASE_DOMAIN:$NGINX_PORT"
C="http://center.$BASE_DOMAIN:$NGINX_PORT"
post() {	# post URL JSON [curl args…]: prints the token it answers
	fetch "$1" -H 'Content-Type: application/json' --data-raw "$2" \
	    "${@:3}" >/dev/null
	json 'j.token' <"$E2E_TMP/body"
}

# ---- the principals --------------------------------------------------------

declare -A T	# principal -> bearer token ("" for nobody)
T[anon]=''
for r in owner manager staff; do
	printf '%s\n' "$PW" | ctl staff create --tenant demo \
	    --email "$r-$RUN@demo.test" --role "$r" >/dev/null
	T[$r]=$(post "$D/admin/api/v1/auth/token" \
	    "{\"email\":\"$r-$RUN@demo.test\",\"password\":\"$PW\"}")
done
printf '%s\n' "$PW" | ctl staff create --tenant acme \
    --email "owner-$RUN@acme.test" --role owner >/dev/null
T[acme_owner]=$(post "$A/admin/api/v1/auth/token" \
    "{\"email\":\"owner-$RUN@acme.test\",\"password\":\"$PW\"}")
for s in demo acme; do
	host=$D; [ $s = acme ] && host=$A
	fetch "$host/api/v1/customers" -H 'Content-Type: application/json' \
	    --data-raw "{\"email\":\"cust-$RUN@example.com\",\"password\":\"$PW\"}" \
	    >/dev/null
	T[cust_$s]=$(post "$host/api/v1/auth/token" \
	    "{\"email\":\"cust-$RUN@example.com\",\"password\":\"$PW\"}")
done
for r in owner ops support auditor; do
	printf '%s\n' "$PW" | ctl admin create --email "$r-$RUN@center.test" \
	    --role "$r" >/dev/null
	T[c_$r]=$(post "$C/api/v1/auth/token" \
	    "{\"email\":\"$r-$RUN@center.test\",\"password\":\"$PW\"}")
done
T[c_enroll]=${T[c_owner]}	# owner and ops must set up two-factor first
for r in owner ops; do
	fetch "$C/api/v1/me/mfa" -X POST -H "Authorization: Bearer ${T[c_$r]}" \
	    >/dev/null
	secret=$(json 'j.secret' <"$E2E_TMP/body")
	[ "$r" = owner ] && T[c_enroll]=''
	T[c_$r]=$(post "$C/api/v1/me/mfa/confirm" "{\"code\":\"$(totp "$secret")\"}" \
	    -H "Authorization: Bearer ${T[c_$r]}")
done
printf '%s\n' "$PW" | ctl admin create --email "late-$RUN@center.test" \
    --role ops >/dev/null
T[c_enroll]=$(post "$C/api/v1/auth/token" \
    "{\"email\":\"late-$RUN@center.test\",\"password\":\"$PW\"}")
missing=0
for p in "${!T[@]}"; do
	[ "$p" = anon ] || [ -n "${T[$p]}" ] || { echo "# no token for $p"; missing=1; }
done
[ "$missing" = 0 ]
ok $? "a token for every principal"

# ---- the matrix -----------------------------------------------------------

# check PRINCIPALS METHOD URL BODY WANT...: call URL as each principal (a
# space-separated list) and compare with the WANT statuses, in order.
check() {
	local -a who want
	local method=$2 url=$3 body=$4 got i bad='' names=$1
	read -r -a who <<<"$1"
	shift 4
	want=("$@")
	for i in "${!who[@]}"; do
		local args=(-X "$method")
		[ -n "${T[${who[i]}]}" ] &&
		    args+=(-H "Authorization: Bearer ${T[${who[i]}]}")
		[ -n "$body" ] && args+=(-H 'Content-Type: application/json'
		    --data-raw "$body")
		got=$(fetch "$url" "${args[@]}")
		[ "$got" = "${want[i]}" ] || bad+=" ${who[i]}:$got(want ${want[i]})"
	done
	[ -z "$bad" ]
	ok $? "$method ${url#http://}:${bad:- as expected for $names}"
}

SHOP="anon cust_demo cust_acme owner"
check "$SHOP" GET "$D/api/v1/me" '' 401 200 401 401
check "$SHOP" PATCH "$D/api/v1/me" '{"name":"Cora"}' 401 200 401 401
check "$SHOP" GET "$D/api/v1/me/addresses" '' 401 200 401 401
check "$SHOP" POST "$D/api/v1/me/addresses" \
    '{"name":"Cora","line1":"1 Main St","city":"Lyon","country":"FR"}' \
    401 201 401 401
[ "$(fetch "$D/api/v1/me/addresses" -H "Authorization: Bearer ${T[cust_demo]}")" = 200 ] &&
    addr=$(json 'j.items[0].id' <"$E2E_TMP/body")
check "anon cust_acme owner" DELETE "$D/api/v1/me/addresses/$addr" '' 401 401 401
check "cust_acme" DELETE "$A/api/v1/me/addresses/$addr" '' 404
check "cust_demo" DELETE "$D/api/v1/me/addresses/$addr" '' 204
check "$SHOP" POST "$D/api/v1/me/verify-email" '' 401 202 401 401
check "$SHOP" GET "$D/api/v1/products?limit=1" '' 200 200 200 200

BO="anon staff manager owner acme_owner cust_demo"
check "$BO" GET "$D/admin/api/v1/me" '' 401 200 200 200 401 401
check "$BO" GET "$D/admin/api/v1/staff" '' 401 403 200 200 401 401
fetch "$D/admin/api/v1/staff" -H "Authorization: Bearer ${T[owner]}" >/dev/null
sid=$(json "j.items.find(m => m.email === 'staff-$RUN@demo.test').id" <"$E2E_TMP/body")
fetch "$A/admin/api/v1/staff" -H "Authorization: Bearer ${T[acme_owner]}" >/dev/null
acme_sid=$(json 'j.items[0].id' <"$E2E_TMP/body")
check "$BO" GET "$D/admin/api/v1/staff/$sid" '' 401 403 200 200 401 401
check "owner" GET "$D/admin/api/v1/staff/$acme_sid" '' 404
check "owner" PATCH "$D/admin/api/v1/staff/$acme_sid" '{"role":"staff"}' 404
check "$BO" POST "$D/admin/api/v1/staff" \
    "{\"email\":\"new-$RUN@demo.test\",\"role\":\"staff\"}" \
    401 403 403 201 401 401
fetch "$D/admin/api/v1/staff" -H "Authorization: Bearer ${T[owner]}" >/dev/null
nsid=$(json "j.items.find(m => m.email === 'new-$RUN@demo.test').id" <"$E2E_TMP/body")
check "$BO" PATCH "$D/admin/api/v1/staff/$nsid" '{"role":"manager"}' \
    401 403 403 200 401 401

CTR="anon c_owner c_ops c_support c_auditor c_enroll owner"
check "$CTR" GET "$C/api/v1/me" '' 401 200 200 200 200 200 401
check "$CTR" GET "$C/api/v1/admins" '' 401 200 200 200 200 403 401
fetch "$C/api/v1/admins" -H "Authorization: Bearer ${T[c_owner]}" >/dev/null
aid=$(json "j.items.find(a => a.email === 'support-$RUN@center.test').id" <"$E2E_TMP/body")
check "$CTR" GET "$C/api/v1/admins/$aid" '' 401 200 200 200 200 403 401
check "$CTR" POST "$C/api/v1/admins" \
    "{\"email\":\"new-$RUN@center.test\",\"role\":\"support\"}" \
    401 201 403 403 403 403 401
fetch "$C/api/v1/admins" -H "Authorization: Bearer ${T[c_owner]}" >/dev/null
nid=$(json "j.items.find(a => a.email === 'new-$RUN@center.test').id" <"$E2E_TMP/body")
check "$CTR" PATCH "$C/api/v1/admins/$nid" '{"role":"auditor"}' \
    401 200 403 403 403 403 401

# Center Control: tenants, plans, webhooks, keys, audit, settings.
check "$CTR" GET "$C/api/v1/tenants" '' 401 200 200 200 200 403 401
check "$CTR" POST "$C/api/v1/tenants" "{\"slug\":\"mx-$$-x\",\"name\":\"M\"}" \
    401 202 409 403 403 403 401
check "$CTR" GET "$C/api/v1/tenants/1" '' 401 200 200 200 200 403 401
check "$CTR" PATCH "$C/api/v1/tenants/1" '{}' 401 200 200 403 403 403 401
check "c_support c_auditor" POST "$C/api/v1/tenants/1/transitions" \
    '{"to":"suspended"}' 403 403
check "c_support c_auditor" POST "$C/api/v1/tenants/1/read-only" \
    '{"read_only":true}' 403 403
check "$CTR" GET "$C/api/v1/plans" '' 401 200 200 200 200 403 401
check "c_ops c_support" PUT "$C/api/v1/plans/starter/features/max_staff" \
    '{"value":"3"}' 200 403
check "$CTR" GET "$C/api/v1/webhooks" '' 401 200 200 403 403 403 401
check "$CTR" GET "$C/api/v1/keys" '' 401 200 200 403 403 403 401
check "$CTR" GET "$C/api/v1/audit?limit=1" '' 401 200 403 403 200 403 401
check "$CTR" PATCH "$C/api/v1/settings" '{}' 401 200 403 403 403 403 401
check "$CTR" GET "$C/api/v1/approvals" '' 401 200 200 403 403 403 401
check "$CTR" GET "$C/internal/api/tenants/1/features" '' \
    401 401 401 401 401 401 401
check "$BO" POST "$D/admin/api/v1/products" '{}' 401 400 400 400 401 401
# promotions (demo's plan has them): staff may neither see nor change them
check "$BO" GET "$D/admin/api/v1/promotions" '' 401 403 200 200 401 401
check "$BO" POST "$D/admin/api/v1/promotions" '{}' 401 403 400 400 401 401
check "owner" POST "$D/admin/api/v1/promotions" \
    "{\"code\":\"MX-$$\",\"name\":\"M\",\"kind\":\"percent\",\"value\":5}" 201
pid=$(json 'j.id' <"$E2E_TMP/body")
check "$BO" GET "$D/admin/api/v1/promotions/$pid" '' 401 403 200 200 401 401
check "$BO" PATCH "$D/admin/api/v1/promotions/$pid" '{"active":false}' \
    401 403 200 200 401 401
check "acme_owner" GET "$A/admin/api/v1/promotions/$pid" '' 404
check "acme_owner" PATCH "$A/admin/api/v1/promotions/$pid" '{"active":true}' 404
# a tenant's export as CSV (demo has none: it is not terminated)
check "$CTR" GET "$C/api/v1/tenants/1/export/products.csv" '' \
    401 404 404 403 403 403 401

# The pages: strangers go to the sign-in page, roles without the
# permission get 403.
expect 303 "$D/account" "storefront account page without a session"
expect 303 "$D/admin/staff" "backoffice staff page without a session"
expect 303 "$C/admins" "Center admins page without a session"
# (a session token is one whether it came as a cookie or a bearer token)
expect 403 "$D/admin/staff" "backoffice staff page for the role staff" \
    -b "souk_staff=${T[staff]}"
expect 200 "$D/admin/staff" "... for a manager" -b "souk_staff=${T[manager]}"
! body_has 'action="/admin/staff"'
ok $? "... who sees no invitation form"
expect 403 "$D/admin/promotions" "backoffice promotions page for the role staff" \
    -b "souk_staff=${T[staff]}"
expect 200 "$D/admin/promotions" "... for a manager" -b "souk_staff=${T[manager]}"
body_has 'action="/admin/promotions"' && body_has "MX-$$"
ok $? "... who may add coupons and sees this run's"
expect 200 "$D/admin/staff" "... for the owner" -b "souk_staff=${T[owner]}"
body_has 'action="/admin/staff"'
ok $? "... who may invite"
expect 303 "$A/admin/staff" "another shop's owner is a stranger here" \
    -b "souk_staff=${T[owner]}"
expect 303 "$D/admin/" "a customer's token is no staff session" \
    -b "souk_staff=${T[cust_demo]}"
expect 200 "$C/admins" "Center admins page for support" \
    -b "souk_center=${T[c_support]}"
expect 403 "$C/admins" "support may not invite" -b "souk_center=${T[c_support]}" \
    --data-urlencode "email=x-$RUN@center.test" --data-urlencode role=owner
expect 303 "$C/tenants" "Center tenants page without a session"
expect 200 "$C/tenants" "... for support" -b "souk_center=${T[c_support]}"
expect 403 "$C/audit" "the audit page is closed to ops" \
    -b "souk_center=${T[c_ops]}"
expect 200 "$C/audit" "... open to the auditor" \
    -b "souk_center=${T[c_auditor]}"
expect 403 "$C/webhooks" "the webhooks page is closed to the auditor" \
    -b "souk_center=${T[c_auditor]}"
expect 303 "$D/admin/products" "the products page without a staff session" \
    -b "souk_staff=${T[cust_demo]}"
expect 200 "$D/admin/products" "the products page for the role staff" \
    -b "souk_staff=${T[staff]}"
expect 303 "$C/admins" "an admin who must set up two-factor is sent there" \
    -b "souk_center=${T[c_enroll]}"
head_has '^location: /account/2fa'
ok $? "... to /account/2fa"
tap_done
