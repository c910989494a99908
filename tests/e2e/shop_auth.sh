#!/usr/bin/env bash
# Shop accounts, end to end: customers on the storefront (API and pages)
# and staff in the backoffice (API, pages, soukctl staff create) of the two
# demo shops, through nginx and Apache; the single-use links (e-mail
# verification, password reset, staff invitation) read from the mails the
# SMTP sink received.  Prints TAP.
#
# Sign-ins are throttled (10 failures a minute per e-mail, 30 per client
# address, per shop and per kind of account), and so are registrations
# (10 a minute per address and shop) and reset requests (3 a minute per
# e-mail): every run uses new e-mail addresses and stays under those
# limits; the heavy checks run on nginx, a smaller set on Apache.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
PW='correct horse battery'		# customers (8 characters at least)
PW2='a brand new passphrase'
SPW='staff passphrase long enough'	# staff (12 characters at least)

# The web servers may be restarted under us: a refused connection or a
# 502 is tried again after a pause.  A 503 is an answer (a closed shop).
E2E_RETRY='000 502'

# acme's owners: other suites leave theirs active, which would hide "the
# last active owner"; they are switched off just for that check and back
# on right after (ACME_OWNERS_OFF), this run's own owner is switched off
# at the end.  acme is active again at the end whatever happened.
ACME="(SELECT id FROM tenants WHERE slug = 'acme')"
ACME_OWNERS_OFF=
acme_owners_back() {
	[ -z "$ACME_OWNERS_OFF" ] || shopdb "UPDATE staff SET status = 'active'
	    WHERE tenant_id = $ACME AND status = 'disabled'
	    AND id IN ($ACME_OWNERS_OFF)"
	ACME_OWNERS_OFF=
}
cleanup() {
	ctl tenant state acme active >/dev/null 2>&1
	acme_owners_back >/dev/null 2>&1
	shopdb "UPDATE staff SET status = 'disabled' WHERE tenant_id = $ACME
	    AND email LIKE 'sa-owner-$RUN-%'" >/dev/null 2>&1
}
on_exit cleanup

# register SHOP EMAIL PASSWORD [NAME]: prints the status (this suite
# sends at most 6 to demo and 4 to acme a minute)
register() { customer_register "$@"; }
location_is() { head_has "^location: $1[[:space:]]*\$"; }
# link_open SHOP PATH TOKEN COOKIE DESCRIPTION: a mailed link's page:
# 303 to PATH without the token, which goes into COOKIE_link on PATH
# only; PATH then shows its form (two checks; the page in the body)
link_open() {
	local jar=$E2E_TMP/link-jar st
	rm -f "$jar"
	st=$(fetch "$1$2?token=$3" -c "$jar")
	[ "$st" = 303 ] && location_is "$2" &&
	    head_has "^set-cookie: $4_link=$3; Path=$2; HttpOnly; SameSite=Lax; Max-Age=3600"
	ok $? "$5: 303 to $2, the token out of the URL into a cookie of that page ($st)"
	st=$(fetch "$1$2" -b "$jar")
	[ "$st" = 200 ] && ! body_has "$3"
	ok $? "$5: the page ($st), the token nowhere in it"
	! grep -qF -- "$3" "$LOG_DIR/nginx-access.log" "$LOG_DIR/apache-access.log"
	ok $? "$5: the web servers' access logs do not hold the token"
}

# mail_from TO TOKEN: the From of the mail to TO that carries TOKEN
mail_from() { mails --to "$1" --text "$2" | json 'j.map(m=>m.from).join("\n")'; }

D="http://demo.$BASE_DOMAIN:$NGINX_PORT"
A="http://acme.$BASE_DOMAIN:$NGINX_PORT"
DA="http://demo.$BASE_DOMAIN:$APACHE_PORT"
AA="http://acme.$BASE_DOMAIN:$APACHE_PORT"

# ============================ customers: the API ==========================

C1="sa-c1-$RUN@example.com"
C2="sa-c2-$RUN@example.com"

st=$(register "$D" "sa-weak-$RUN@example.com" 'short')
[ "$st" = 400 ] && head_has '^content-type: application/problem+json' &&
    [ "$(fields)" = password ]
ok $? "register with a 5-character password: 400 problem+json naming password ($st)"
st=$(register "$A" "sa-weak-$RUN@example.com" 'password')
[ "$st" = 400 ] && [ "$(fields)" = password ]
ok $? "register with a common password (acme): 400 naming password ($st)"
st=$(register "$D" "$C1" "$PW" 'Cora One')
c1_demo=$(jb j.id)
[ "$st" = 201 ] && [ "$(jb 'j.email+"|"+j.name+"|"+j.email_verified')" = \
    "$C1|Cora One|false" ] && [[ $c1_demo =~ ^[0-9]+$ ]]
ok $? "register on demo: 201, the profile, not verified ($st)"
! body_has '"password' && ! body_has 'hash'
ok $? "... the answer carries no password or hash"
st=$(register "$D" "$C1" "$PW2" 'Someone Else')
[ "$st" = 409 ]
ok $? "the same e-mail again on demo: 409 ($st)"
st=$(register "$A" "$C1" "$PW2" 'Cora at Acme')
c1_acme=$(jb j.id)
[ "$st" = 201 ] && [ "$c1_acme" != "$c1_demo" ] &&
    [ "$(jb j.name)" = 'Cora at Acme' ]
ok $? "the same e-mail on acme: 201, a separate account ($st)"
st=$(register "$A" "${C1^^}" "$PW")
[ "$st" = 409 ]
ok $? "the same e-mail in capitals on acme: 409 ($st)"
st=$(register "$D" "$C2" "$PW" 'Cid Two')
[ "$st" = 201 ]
ok $? "a second customer on demo ($st)"

st=$(auth_token "$D" "$C1" 'wrong password here')
[ "$st" = 401 ] && head_has '^content-type: application/problem+json'
ok $? "sign in with a wrong password: 401 ($st)"
detail_wrong=$(jb 'j.status+" "+j.title+" "+j.detail')
st=$(auth_token "$D" "sa-nobody-$RUN@example.com" "$PW")
[ "$st" = 401 ] && [ "$(jb 'j.status+" "+j.title+" "+j.detail')" = "$detail_wrong" ]
ok $? "an unknown e-mail gets the very same answer ($st)"
st=$(auth_token "$D" "$C1" "$PW2")
[ "$st" = 401 ]
ok $? "acme's password does not open the demo account ($st)"
st=$(auth_token "$D" "$C1" "$PW")
tok1=$(jb j.token)
[ "$st" = 201 ] && [[ $tok1 =~ ^sc_[0-9a-f]{64}$ ]] &&
    head_has '^cache-control: no-store' &&
    [ "$(jb 'j.token_type.toLowerCase()')" = bearer ] &&
    [ "$(jb 'j.expires_in>0&&j.idle_timeout>0&&j.idle_timeout<=j.expires_in')" = true ]
ok $? "sign in: 201, an sc_ token, Bearer, lifetimes, not cached ($st)"
st=$(auth_token "$D" "${C1^^}" "$PW")
tok1b=$(jb j.token)
[ "$st" = 201 ] && [ "$tok1b" != "$tok1" ]
ok $? "sign in with the e-mail in capitals: 201, another token ($st)"

st=$(api GET "$D/api/v1/me" '' "$tok1")
[ "$st" = 200 ] && [ "$(jb 'j.id+"|"+j.email+"|"+j.name+"|"+j.email_verified')" = \
    "$c1_demo|$C1|Cora One|false" ] && head_has '^cache-control: no-store'
ok $? "GET /api/v1/me: the profile ($st)"
expect 401 "$D/api/v1/me" "GET /api/v1/me without a token"
expect 401 "$D/api/v1/me" "GET /api/v1/me with a made-up token" \
    -H "Authorization: Bearer sc_$(printf '%064d' 0)"
expect 401 "$A/api/v1/me" "demo's token on acme's host" \
    -H "Authorization: Bearer $tok1"
st=$(auth_token "$A" "$C1" "$PW2")
tokA=$(jb j.token)
[ "$st" = 201 ]
ok $? "sign in on acme with acme's password ($st)"
st=$(api GET "$A/api/v1/me" '' "$tokA")
[ "$st" = 200 ] && [ "$(jb 'j.id+"|"+j.name')" = "$c1_acme|Cora at Acme" ]
ok $? "acme's /api/v1/me shows acme's account ($st)"
expect 401 "$D/api/v1/me" "acme's token on demo's host" \
    -H "Authorization: Bearer $tokA"

# (sessions are cached from the second read after a change on: each
# change below comes right after two reads)
reads() { api GET "$1" '' "$2" >/dev/null; api GET "$1" '' "$2" >/dev/null; }
reads "$D/api/v1/me" "$tok1"
st=$(api PATCH "$D/api/v1/me" '{"name":"Cora Renamed"}' "$tok1")
[ "$st" = 200 ] && [ "$(jb j.name)" = 'Cora Renamed' ]
ok $? "PATCH /api/v1/me {name}: 200 ($st)"
st=$(api GET "$D/api/v1/me" '' "$tok1")
[ "$st" = 200 ] && [ "$(jb j.name)" = 'Cora Renamed' ]
ok $? "... GET /api/v1/me with the same token shows the new name at once ($st, $(jb j.name))"
api GET "$D/api/v1/me" '' "$tok1b" >/dev/null
[ "$(jb j.name)" = 'Cora Renamed' ]
ok $? "... kept (seen with the other token)"
api GET "$A/api/v1/me" '' "$tokA" >/dev/null
[ "$(jb j.name)" = 'Cora at Acme' ]
ok $? "... acme's account keeps its own name"

# ---- addresses ------------------------------------------------------------

st=$(api GET "$D/api/v1/me/addresses" '' "$tok1")
[ "$st" = 200 ] && [ "$(jb 'j.items.length')" = 0 ]
ok $? "no address yet: 200 {items:[]} ($st)"
expect 401 "$D/api/v1/me/addresses" "addresses without a token"
ADDR='{"name":"Cora One","line1":"1 Main Street","line2":"Flat 2","city":"Lyon","postal_code":"69001","country":"FR","phone":"+33123456789"}'
st=$(api POST "$D/api/v1/me/addresses" "$ADDR" "$tok1")
addr1=$(jb j.id)
[ "$st" = 201 ] && [[ $addr1 =~ ^[0-9]+$ ]] &&
    [ "$(jb 'j.line1+"|"+j.city+"|"+j.country')" = "1 Main Street|Lyon|FR" ]
ok $? "add an address: 201 with its id ($st)"
st=$(api POST "$D/api/v1/me/addresses" \
    '{"name":"N","line1":"2 Side Road","city":"Paris","country":"FR"}' "$tok1")
addr2=$(jb j.id)
[ "$st" = 201 ]
ok $? "add an address without the optional fields: 201 ($st)"
st=$(api POST "$D/api/v1/me/addresses" \
    '{"name":"N","line1":"x","city":"Paris","country":"fr"}' "$tok1")
[ "$st" = 400 ] && fields | grep -q country
ok $? "a lower-case country: 400 naming country ($st)"
st=$(api POST "$D/api/v1/me/addresses" \
    '{"name":"N","line1":"x","city":"Paris","country":"FRA"}' "$tok1")
[ "$st" = 400 ] && fields | grep -q country
ok $? "a three-letter country: 400 naming country ($st)"
st=$(api POST "$D/api/v1/me/addresses" '{"name":"N","city":"Paris","country":"FR"}' "$tok1")
[ "$st" = 400 ] && [ "$(fields)" = line1 ]
ok $? "no line1: 400 naming line1 ($st)"
st=$(api POST "$D/api/v1/me/addresses" '{"name":"N","line1":"x","country":"FR"}' "$tok1")
[ "$st" = 400 ] && [ "$(fields)" = city ]
ok $? "no city: 400 naming city ($st)"
st=$(api GET "$D/api/v1/me/addresses" '' "$tok1")
[ "$st" = 200 ] && [ "$(jb 'j.items.map(a=>a.id).sort().join(",")')" = \
    "$(printf '%s\n' "$addr1" "$addr2" | sort | paste -sd,)" ]
ok $? "the list has both addresses ($st)"
auth_token "$D" "$C2" "$PW" >/dev/null
tok2=$(jb j.token)
st=$(api GET "$D/api/v1/me/addresses" '' "$tok2")
[ "$st" = 200 ] && [ "$(jb 'j.items.length')" = 0 ]
ok $? "another customer of demo sees none of them ($st)"
expect 404 "$D/api/v1/me/addresses/$addr1" \
    "another customer deletes the address: 404" -X DELETE \
    -H "Authorization: Bearer $tok2"
st=$(api GET "$A/api/v1/me/addresses" '' "$tokA")
[ "$st" = 200 ] && [ "$(jb 'j.items.length')" = 0 ]
ok $? "the same e-mail's acme account sees none of them ($st)"
expect 404 "$A/api/v1/me/addresses/$addr1" \
    "acme's account deletes demo's address: 404" -X DELETE \
    -H "Authorization: Bearer $tokA"
expect 204 "$D/api/v1/me/addresses/$addr1" "delete my address: 204" \
    -X DELETE -H "Authorization: Bearer $tok1"
st=$(api GET "$D/api/v1/me/addresses" '' "$tok1")
[ "$st" = 200 ] && [ "$(jb 'j.items.map(a=>a.id).join(",")')" = "$addr2" ]
ok $? "... it is gone, the other stays ($st)"
expect 404 "$D/api/v1/me/addresses/$addr1" "delete it again: 404" \
    -X DELETE -H "Authorization: Bearer $tok1"

# ---- e-mail verification ----------------------------------------------------

vtok=$(mail_token "$C1" "demo.$BASE_DOMAIN" /account/verify)
ok $? "registration on demo mailed a verification link to demo's host"
vtokA=$(mail_token "$C1" "acme.$BASE_DOMAIN" /account/verify)
ok $? "registration on acme mailed its own link to acme's host"
[ -n "$vtok" ] && [ "$vtok" != "$vtokA" ]
ok $? "... two different tokens"
[ "$(mail_from "$C1" "$vtok")" = "Demo Outfitters <no-reply@$BASE_DOMAIN>" ] &&
    [ "$(mail_from "$C1" "$vtokA")" = "Acme Hardware <no-reply@$BASE_DOMAIN>" ]
ok $? "... each from its own shop"
link_open "$D" /account/verify "$vtok" souk_customer "the verification link"
body_has 'name="csrf"' && body_has 'action="/account/verify"'
ok $? "... offers to confirm (the GET does not use the link up)"
st=$(api POST "$A/api/v1/auth/verify-email" "{\"token\":\"$vtok\"}")
[ "$st" = 400 ]
ok $? "demo's verification token on acme: 400 ($st)"
reads "$D/api/v1/me" "$tok1"
st=$(api POST "$D/api/v1/auth/verify-email" "{\"token\":\"$vtok\"}")
[ "$st" = 204 ]
ok $? "verify on demo: 204 ($st)"
api GET "$D/api/v1/me" '' "$tok1" >/dev/null
[ "$(jb j.email_verified)" = true ]
ok $? "... /api/v1/me with a token read before: email_verified true at once"
api GET "$A/api/v1/me" '' "$tokA" >/dev/null
[ "$(jb j.email_verified)" = false ]
ok $? "... acme's account is still not verified"
st=$(api POST "$D/api/v1/auth/verify-email" "{\"token\":\"$vtok\"}")
[ "$st" = 400 ] && fields | grep -q token
ok $? "the same link again: 400 naming token ($st)"
st=$(api POST "$D/api/v1/auth/verify-email" \
    "{\"token\":\"sl_$(printf '%064d' 0)\"}")
[ "$st" = 400 ] && fields | grep -q token
ok $? "a made-up token: 400 naming token ($st)"

# a reset token is no verification token (C2 is not verified)
st=$(api POST "$D/api/v1/auth/password-reset" "{\"email\":\"$C2\"}")
[ "$st" = 202 ]
ok $? "C2 asks for a password reset: 202 ($st)"
rtok2=$(mail_token "$C2" "demo.$BASE_DOMAIN" /account/reset)
ok $? "... the reset link arrives"
st=$(api POST "$D/api/v1/auth/verify-email" "{\"token\":\"$rtok2\"}")
[ "$st" = 400 ]
ok $? "a reset token used to verify: 400 ($st)"
api GET "$D/api/v1/me" '' "$tok2" >/dev/null
[ "$(jb j.email_verified)" = false ]
ok $? "... C2 is still not verified"
st=$(api POST "$D/api/v1/auth/password-reset/confirm" \
    "{\"token\":\"$rtok2\",\"password\":\"$PW2\"}")
[ "$st" = 204 ]
ok $? "... and the reset token still works for a reset ($st)"
expect 401 "$D/api/v1/me" "... which ended C2's token" \
    -H "Authorization: Bearer $tok2"
st=$(auth_token "$D" "$C2" "$PW2")
tok2=$(jb j.token)
[ "$st" = 201 ]
ok $? "C2 signs in with the new password ($st)"
st=$(api POST "$D/api/v1/auth/password-reset" "{\"email\":\"$C2\"}")
rtok2b=$(mail_token "$C2" "demo.$BASE_DOMAIN" /account/reset "$rtok2")
ok $? "C2 asks for another reset link ($st)"
vtok2=$(mail_token "$C2" "demo.$BASE_DOMAIN" /account/verify)
ok $? "C2's verification link (still unused)"

# ---- password reset ---------------------------------------------------------

# a page session of C1 started before the reset
J=$E2E_TMP/jar-reset
form_signin "$D/account/login" "$J" "$C1" "$PW" >/dev/null
sid_old=$(cookie_of "$J" souk_customer)
expect 200 "$D/account" "a page session of C1 before the reset" \
    -b "souk_customer=$sid_old"

st=$(api POST "$D/api/v1/auth/password-reset" \
    "{\"email\":\"sa-nobody-$RUN@example.com\"}")
cp "$E2E_TMP/body" "$E2E_TMP/reset-unknown"
[ "$st" = 202 ]
ok $? "a reset for an unknown e-mail: 202 all the same ($st)"
st=$(api POST "$D/api/v1/auth/password-reset" "{\"email\":\"$C1\"}")
[ "$st" = 202 ] && cmp -s "$E2E_TMP/body" "$E2E_TMP/reset-unknown"
ok $? "a reset for C1: 202, the very same body ($st)"
rtok=$(mail_token "$C1" "demo.$BASE_DOMAIN" /account/reset)
ok $? "the reset link reaches C1, to demo's host"
link_open "$D" /account/reset "$rtok" souk_customer "the reset link"
body_has 'name="password"' && body_has 'action="/account/reset"'
ok $? "... has the form"
st=$(fetch "$D/account/reset?token=x%3B%20Path%3D%2F%3B%20Max-Age%3D99999")
[ "$st" = 303 ] &&
    head_has '^set-cookie: souk_customer_link=-; Path=/account/reset; HttpOnly'
ok $? "a link whose token carries cookie attributes: none reach the cookie ($st)"
st=$(api POST "$A/api/v1/auth/password-reset/confirm" \
    "{\"token\":\"$rtok\",\"password\":\"$PW2\"}")
[ "$st" = 400 ]
ok $? "demo's reset token on acme: 400 ($st)"
st=$(api POST "$D/api/v1/auth/password-reset/confirm" \
    "{\"token\":\"$rtok\",\"password\":\"short\"}")
[ "$st" = 400 ] && [ "$(fields)" = password ]
ok $? "a weak new password: 400 naming password ($st)"
st=$(api POST "$D/api/v1/auth/password-reset/confirm" \
    "{\"token\":\"$rtok\",\"password\":\"$PW2\"}")
[ "$st" = 204 ]
ok $? "confirm the reset: 204 ($st)"
st=$(api POST "$D/api/v1/auth/password-reset/confirm" \
    "{\"token\":\"$rtok\",\"password\":\"yet another passphrase\"}")
[ "$st" = 400 ] && fields | grep -q token
ok $? "the same link again: 400 naming token ($st)"
st=$(auth_token "$D" "$C1" "$PW")
[ "$st" = 401 ]
ok $? "the old password fails ($st)"
st=$(auth_token "$D" "$C1" "$PW2")
tok1c=$(jb j.token)
[ "$st" = 201 ]
ok $? "the new password works ($st)"
expect 401 "$D/api/v1/me" "a token from before the reset is dead" \
    -H "Authorization: Bearer $tok1"
expect 401 "$D/api/v1/me" "... the other one too" \
    -H "Authorization: Bearer $tok1b"
expect 303 "$D/account" "the page session from before the reset is dead" \
    -b "souk_customer=$sid_old"
expect 200 "$D/api/v1/me" "the token after the reset works" \
    -H "Authorization: Bearer $tok1c"
expect 200 "$A/api/v1/me" "the acme account of the same e-mail is untouched" \
    -H "Authorization: Bearer $tokA"

# ---- sign-out ---------------------------------------------------------------

expect 204 "$D/api/v1/auth/token" "DELETE /api/v1/auth/token: 204" \
    -X DELETE -H "Authorization: Bearer $tok1c"
expect 401 "$D/api/v1/me" "the token is dead after sign-out" \
    -H "Authorization: Bearer $tok1c"
expect 200 "$D/api/v1/me" "another customer's token lives on" \
    -H "Authorization: Bearer $tok2"

# ---- a guesser is slowed down (on acme: 10 tries a minute per e-mail) -----

VICTIM="sa-victim-$RUN@example.com"
register "$A" "$VICTIM" "$PW" >/dev/null
for i in $(seq 1 10); do
	auth_token "$A" "$VICTIM" "guess number $i" >/dev/null
done
st=$(auth_token "$A" "$VICTIM" "$PW")
[ "$st" = 429 ] && head_has '^retry-after: [0-9]'
ok $? "the 11th try in a minute, even the right password: 429 with Retry-After ($st)"
st=$(auth_token "$D" "$VICTIM" 'guess on demo')
[ "$st" = 401 ]
ok $? "the same e-mail on demo is counted apart: 401, not 429 ($st)"
st=$(api POST "$A/api/v1/auth/token" "{\"email\":\"$C1\"}")
[ "$st" = 400 ]
ok $? "no password: 400 ($st)"

# ============================ staff: soukctl ================================

OWN="sa-owner-$RUN@example.com"		# demo
MGR="sa-mgr-$RUN@example.com"		# demo
STF="sa-staff-$RUN@example.com"		# demo
OWNA="sa-owner-$RUN-acme@example.com"	# acme's only active owner

printf '%s\n' "$SPW" | ctl staff create --tenant demo --email "$OWN" \
    --role owner --name 'Olga Owner' >/dev/null
ok $? "staff create: an owner of demo"
printf '%s\n' "$SPW" | ctl staff create --tenant demo --email "$MGR" \
    --role manager --name 'Max Manager' >/dev/null
ok $? "staff create: a manager of demo"
printf '%s\n' "$SPW" | ctl staff create --tenant demo --email "$STF" \
    --role staff --name 'Sam Staff' >/dev/null
ok $? "staff create: a member with role staff"
printf '%s\n' "$SPW" | ctl staff create --tenant acme --email "$OWNA" \
    --role owner --name 'Ada Acme' >/dev/null
ok $? "staff create: an owner of acme"
out=$(printf 'short pass\n' | ctl staff create --tenant demo \
    --email "sa-x-$RUN@example.com" --role staff 2>&1)
[ $? = 1 ] && grep -q '12' <<<"$out"
ok $? "staff create refuses a password under 12 characters"
out=$(printf 'Password1234\n' | ctl staff create --tenant demo \
    --email "sa-y-$RUN@example.com" --role staff 2>&1)
[ $? = 1 ]
ok $? "staff create refuses a common password"
out=$(printf '%s\n' "$SPW" | ctl staff create --tenant demo --email "$OWN" \
    --role staff 2>&1)
[ $? = 1 ]
ok $? "staff create refuses a taken e-mail"
out=$(printf '%s\n' "$SPW" | ctl staff create --tenant nosuch-$$ \
    --email "sa-z-$RUN@example.com" --role staff 2>&1)
[ $? = 1 ]
ok $? "staff create refuses an unknown shop: exit 1"
printf '%s\n' "$SPW" | ctl staff create --tenant acme --email "$OWN" \
    --role staff --name 'Olga at Acme' >/dev/null
ok $? "the same e-mail may be staff of acme too"
n=$(shopdb "SELECT COUNT(*) FROM staff WHERE email LIKE 'sa-_-$RUN@example.com'")
[ "$n" = 0 ]
ok $? "nothing refused was stored ($n)"

# ============================ staff: the API ================================

st=$(auth_token "$D/admin" "$OWN" 'wrong password here')
[ "$st" = 401 ]
ok $? "staff sign in with a wrong password: 401 ($st)"
st=$(auth_token "$D/admin" "$OWN" "$SPW")
otok=$(jb j.token)
[ "$st" = 201 ] && [[ $otok =~ ^st_[0-9a-f]{64}$ ]] &&
    head_has '^cache-control: no-store'
ok $? "owner signs in: 201, an st_ token, not cached ($st)"
st=$(api GET "$D/admin/api/v1/me" '' "$otok")
own_id=$(jb j.id)
[ "$st" = 200 ] && [ "$(jb 'j.email+"|"+j.name+"|"+j.role')" = \
    "$OWN|Olga Owner|owner" ] &&
    [ "$(jb '["staff.read","staff.write"].every(p=>j.permissions.includes(p))')" = true ]
ok $? "owner's /admin/api/v1/me: profile, staff.read and staff.write ($st)"
auth_token "$D/admin" "$MGR" "$SPW" >/dev/null
mtok=$(jb j.token)
st=$(api GET "$D/admin/api/v1/me" '' "$mtok")
[ "$st" = 200 ] && [ "$(jb j.role)" = manager ] &&
    [ "$(jb 'j.permissions.includes("staff.read")+" "+j.permissions.includes("staff.write")')" = "true false" ]
ok $? "manager: staff.read but not staff.write ($st)"
auth_token "$D/admin" "$STF" "$SPW" >/dev/null
stok=$(jb j.token)
st=$(api GET "$D/admin/api/v1/me" '' "$stok")
stf_id=$(jb j.id)
[ "$st" = 200 ] && [ "$(jb j.role)" = staff ] &&
    [ "$(jb 'j.permissions.some(p=>p.startsWith("staff."))')" = false ] &&
    [ "$(jb 'j.permissions.length>0&&j.permissions.every(p=>/^(catalog|orders)\./.test(p))')" = true ]
ok $? "staff: only catalog.* and orders.* ($st)"
st=$(auth_token "$A/admin" "$OWNA" "$SPW")
atok=$(jb j.token)
[ "$st" = 201 ]
ok $? "acme's owner signs in on acme ($st)"
reads "$D/admin/api/v1/me" "$otok"
st=$(api PATCH "$D/admin/api/v1/me" '{"name":"Olga Renamed"}' "$otok")
[ "$st" = 200 ] && [ "$(jb j.name)" = 'Olga Renamed' ]
ok $? "owner renames herself: PATCH /admin/api/v1/me 200 ($st)"
st=$(api GET "$D/admin/api/v1/me" '' "$otok")
[ "$st" = 200 ] && [ "$(jb j.name)" = 'Olga Renamed' ]
ok $? "... GET /admin/api/v1/me shows the new name at once ($st, $(jb j.name))"
[ "$(jb 'j.language===null')" = true ]
ok $? "... and no language of her own: the shop's"
st=$(api PATCH "$D/admin/api/v1/me" '{"language":"de"}' "$otok")
[ "$st" = 200 ] && [ "$(jb 'j.language+" "+j.name')" = 'de Olga Renamed' ]
ok $? "she chooses German: PATCH /admin/api/v1/me {language} 200 ($st)"
st=$(api GET "$D/admin/api/v1/me" '' "$otok")
[ "$st" = 200 ] && [ "$(jb j.language)" = de ]
ok $? "... GET /admin/api/v1/me says de at once ($st)"
st=$(api PATCH "$D/admin/api/v1/me" '{"language":"tlh"}' "$otok")
[ "$st" = 400 ] && [ "$(fields)" = language ]
ok $? "a language Souk does not speak: 400 on language ($st)"
st=$(api PATCH "$D/admin/api/v1/me" '{"time_zone":"Europe/Paris"}' "$otok")
[ "$st" = 400 ] && [ "$(fields)" = time_zone ]
ok $? "staff cannot choose a time zone (the shop's is theirs): 400 ($st)"
st=$(api PATCH "$D/admin/api/v1/me" '{"language":""}' "$otok")
[ "$st" = 200 ] && [ "$(jb 'j.language===null')" = true ]
ok $? "... back to the shop's language ($st)"
api GET "$A/admin/api/v1/me" '' "$atok" >/dev/null
owna_id=$(jb j.id)

expect 401 "$D/admin/api/v1/me" "backoffice /me without a token"
expect 401 "$A/admin/api/v1/me" "demo's staff token on acme's backoffice" \
    -H "Authorization: Bearer $otok"
expect 401 "$D/api/v1/me" "a staff token on the storefront" \
    -H "Authorization: Bearer $otok"
expect 401 "$D/admin/api/v1/me" "a customer token in the backoffice" \
    -H "Authorization: Bearer $tok2"
st=$(auth_token "$D/admin" "$C2" "$PW2")
[ "$st" = 401 ]
ok $? "a customer's e-mail and password do not sign in to the backoffice ($st)"
st=$(api GET "$D/admin/api/v1/staff/$own_id" '' "$otok")
[ "$st" = 200 ] && [ "$(jb 'j.email+"|"+j.role+"|"+j.status')" = "$OWN|owner|active" ]
ok $? "GET /admin/api/v1/staff/{id}: 200 ($st)"
expect 404 "$D/admin/api/v1/staff/$owna_id" "acme's member id on demo: 404" \
    -H "Authorization: Bearer $otok"

st=$(api GET "$D/admin/api/v1/staff" '' "$otok")
[ "$st" = 200 ] &&
    [ "$(jb "['$OWN','$MGR','$STF'].every(e=>j.items.some(i=>i.email===e))")" = true ] &&
    [ "$(jb "j.items.some(i=>i.email==='$OWNA')")" = false ]
ok $? "owner lists demo's staff, not acme's ($st)"
! body_has 'password' && ! body_has 'hash'
ok $? "... no password hashes in it"
st=$(api GET "$A/admin/api/v1/staff" '' "$atok")
[ "$st" = 200 ] && [ "$(jb "j.items.some(i=>i.email==='$MGR')")" = false ] &&
    [ "$(jb "j.items.some(i=>i.email==='$OWNA')")" = true ]
ok $? "acme's list has acme's staff only ($st)"
expect 200 "$D/admin/api/v1/staff" "manager lists the staff" \
    -H "Authorization: Bearer $mtok"
expect 403 "$D/admin/api/v1/staff" "staff may not list the staff" \
    -H "Authorization: Bearer $stok"
expect 401 "$D/admin/api/v1/staff" "anonymous may not list the staff"

# ---- invitations --------------------------------------------------------------

INV="sa-inv-$RUN@example.com"
st=$(api POST "$D/admin/api/v1/staff" \
    "{\"email\":\"sa-m-$RUN@example.com\",\"role\":\"staff\",\"name\":\"M\"}" "$mtok")
[ "$st" = 403 ]
ok $? "a manager may not invite: 403 ($st)"
st=$(api POST "$D/admin/api/v1/staff" \
    "{\"email\":\"sa-s-$RUN@example.com\",\"role\":\"staff\",\"name\":\"S\"}" "$stok")
[ "$st" = 403 ]
ok $? "staff may not invite: 403 ($st)"
st=$(api POST "$D/admin/api/v1/staff" \
    "{\"email\":\"$INV\",\"role\":\"staff\",\"name\":\"Ivy Invited\"}" "$otok")
inv_id=$(jb j.id)
[ "$st" = 201 ] && [ "$(jb 'j.email+"|"+j.role+"|"+j.status+"|"+j.invitation_sent')" = \
    "$INV|staff|invited|true" ]
ok $? "owner invites: 201, invited, invitation sent ($st)"
st=$(api POST "$D/admin/api/v1/staff" \
    "{\"email\":\"$INV\",\"role\":\"manager\",\"name\":\"Again\"}" "$otok")
[ "$st" = 409 ] || [ "$st" = 400 ]
ok $? "inviting a taken e-mail is refused ($st)"
st=$(api POST "$D/admin/api/v1/staff" \
    "{\"email\":\"sa-r-$RUN@example.com\",\"role\":\"admin\",\"name\":\"R\"}" "$otok")
[ "$st" = 400 ] && fields | grep -q role
ok $? "an unknown role: 400 naming role ($st)"
itok=$(mail_token "$INV" "demo.$BASE_DOMAIN" /admin/invite)
ok $? "the invitation link is mailed, to demo's host"
st=$(auth_token "$D/admin" "$INV" "$SPW")
[ "$st" = 401 ]
ok $? "an invited member cannot sign in yet ($st)"
st=$(api POST "$A/admin/api/v1/invitations/accept" \
    "{\"token\":\"$itok\",\"password\":\"$SPW\",\"name\":\"Ivy\"}")
[ "$st" = 400 ]
ok $? "demo's invitation on acme: 400 ($st)"
st=$(api POST "$D/admin/api/v1/invitations/accept" \
    "{\"token\":\"$vtok2\",\"password\":\"$SPW\",\"name\":\"Ivy\"}")
[ "$st" = 400 ]
ok $? "a customer's verification token as an invitation: 400 ($st)"
st=$(api POST "$D/admin/api/v1/auth/password-reset/confirm" \
    "{\"token\":\"$rtok2b\",\"password\":\"$SPW\"}")
[ "$st" = 400 ]
ok $? "a customer's reset token as a staff reset: 400 ($st)"
st=$(api POST "$D/api/v1/auth/verify-email" "{\"token\":\"$itok\"}")
[ "$st" = 400 ]
ok $? "the invitation as a customer's verification token: 400 ($st)"
reads "$D/api/v1/me" "$tok2"
st=$(api POST "$D/api/v1/auth/verify-email" "{\"token\":\"$vtok2\"}")
[ "$st" = 204 ]
ok $? "C2's verification token was not used up by all that: 204 ($st)"
api GET "$D/api/v1/me" '' "$tok2" >/dev/null
[ "$(jb j.email_verified)" = true ]
ok $? "... C2's /api/v1/me (token read before): email_verified true at once"
st=$(api POST "$D/admin/api/v1/invitations/accept" \
    "{\"token\":\"$itok\",\"password\":\"too short\",\"name\":\"Ivy\"}")
[ "$st" = 400 ] && fields | grep -q password
ok $? "accept with a 9-character password: 400 naming password ($st)"
st=$(api POST "$D/admin/api/v1/invitations/accept" \
    "{\"token\":\"$itok\",\"password\":\"$SPW\",\"name\":\"Ivy Accepted\"}")
[ "$st" = 204 ]
ok $? "accept the invitation: 204 ($st)"
st=$(api POST "$D/admin/api/v1/invitations/accept" \
    "{\"token\":\"$itok\",\"password\":\"another long passphrase\",\"name\":\"X\"}")
[ "$st" = 400 ] && fields | grep -q token
ok $? "the same invitation again: 400 naming token ($st)"
st=$(auth_token "$D/admin" "$INV" "$SPW")
itok2=$(jb j.token)
[ "$st" = 201 ]
ok $? "the new member signs in ($st)"
st=$(api GET "$D/admin/api/v1/me" '' "$itok2")
[ "$st" = 200 ] && [ "$(jb 'j.email+"|"+j.name+"|"+j.role')" = \
    "$INV|Ivy Accepted|staff" ]
ok $? "... as staff, with the chosen name ($st)"
api GET "$D/admin/api/v1/staff" '' "$otok" >/dev/null
[ "$(jb "j.items.find(i=>i.id==$inv_id).status")" = active ]
ok $? "... and the list says active"

# ---- roles, disabling, the last owner ---------------------------------------

st=$(api PATCH "$D/admin/api/v1/staff/$stf_id" '{"role":"manager"}' "$mtok")
[ "$st" = 403 ]
ok $? "a manager may not change a role: 403 ($st)"
st=$(api PATCH "$D/admin/api/v1/staff/$owna_id" '{"role":"staff"}' "$otok")
[ "$st" = 404 ]
ok $? "acme's member through demo's backoffice: 404 ($st)"
st=$(api PATCH "$A/admin/api/v1/staff/$stf_id" '{"status":"disabled"}' "$atok")
[ "$st" = 404 ]
ok $? "demo's member through acme's backoffice: 404 ($st)"
expect 200 "$D/admin/api/v1/me" "... who is still signed in" \
    -H "Authorization: Bearer $stok"
st=$(api PATCH "$D/admin/api/v1/staff/$stf_id" '{"role":"superuser"}' "$otok")
[ "$st" = 400 ]
ok $? "an unknown role: 400 ($st)"
st=$(api PATCH "$D/admin/api/v1/staff/$stf_id" '{"role":"manager"}' "$otok")
[ "$st" = 200 ] && [ "$(jb j.role)" = manager ]
ok $? "owner makes the staff member a manager: 200 ($st)"
expect 401 "$D/admin/api/v1/me" "the role change ended their session" \
    -H "Authorization: Bearer $stok"
auth_token "$D/admin" "$STF" "$SPW" >/dev/null
stok=$(jb j.token)
st=$(api GET "$D/admin/api/v1/me" '' "$stok")
[ "$st" = 200 ] && [ "$(jb j.role)" = manager ] &&
    [ "$(jb 'j.permissions.includes("staff.read")')" = true ]
ok $? "signed in again: manager, with staff.read ($st)"
st=$(api PATCH "$D/admin/api/v1/staff/$stf_id" '{"status":"disabled"}' "$otok")
[ "$st" = 200 ] && [ "$(jb j.status)" = disabled ]
ok $? "owner disables the member: 200 ($st)"
expect 401 "$D/admin/api/v1/me" "disabling ended their session" \
    -H "Authorization: Bearer $stok"
st=$(auth_token "$D/admin" "$STF" "$SPW")
[ "$st" = 401 ] || [ "$st" = 403 ]
ok $? "a disabled member cannot sign in ($st)"
st=$(api PATCH "$D/admin/api/v1/staff/$stf_id" '{"status":"active"}' "$otok")
[ "$st" = 200 ]
ok $? "owner enables the member again: 200 ($st)"
st=$(auth_token "$D/admin" "$STF" "$SPW")
[ "$st" = 201 ]
ok $? "... who can sign in again ($st)"
expect 200 "$D/admin/api/v1/me" "the owner was not signed out by all this" \
    -H "Authorization: Bearer $otok"

ACME_OWNERS_OFF=$(shopdb "SELECT GROUP_CONCAT(id) FROM staff
    WHERE tenant_id = $ACME AND role = 'owner' AND status = 'active'
    AND id <> ${owna_id:-0}")
[ "$ACME_OWNERS_OFF" = NULL ] && ACME_OWNERS_OFF=
[ -z "$ACME_OWNERS_OFF" ] || shopdb "UPDATE staff SET status = 'disabled'
    WHERE tenant_id = $ACME AND id IN ($ACME_OWNERS_OFF)"
st1=$(api PATCH "$A/admin/api/v1/staff/$owna_id" '{"role":"manager"}' "$atok")
st2=$(api PATCH "$A/admin/api/v1/staff/$owna_id" '{"status":"disabled"}' "$atok")
st3=$(api GET "$A/admin/api/v1/me" '' "$atok")
role=$(jb j.role)
acme_owners_back
[ "$st1" = 409 ]
ok $? "demoting acme's last active owner: 409 ($st1)"
[ "$st2" = 409 ]
ok $? "disabling acme's last active owner: 409 ($st2)"
[ "$st3" = 200 ] && [ "$role" = owner ]
ok $? "... who is still an owner, still signed in ($st3)"
st=$(api PATCH "$D/admin/api/v1/staff/$own_id" '{"role":"manager"}' "$mtok")
[ "$st" = 403 ]
ok $? "a manager may not demote an owner: 403 ($st)"

# ============================ the pages (nginx and Apache) ==================

C3="sa-c3-$RUN@example.com"
st=$(register "$DA" "$C3" "$PW" 'Cleo Three')
[ "$st" = 201 ]
ok $? "apache: register ($st)"

for server in nginx:$NGINX_PORT apache:$APACHE_PORT; do
	s=${server%%:*}
	S="http://demo.$BASE_DOMAIN:${server#*:}"
	SA="http://acme.$BASE_DOMAIN:${server#*:}"
	if [ "$s" = nginx ]; then P=$C1 PPW=$PW2; else P=$C3 PPW=$PW; fi
	J=$E2E_TMP/jar-c-$s
	rm -f "$J"

	expect 303 "$S/account" "$s: /account without a session"
	location_is '/account/login'
	ok $? "$s: ... goes to /account/login"
	expect 200 "$S/account/login" "$s: the sign-in page" -c "$J"
	head_has '^set-cookie: souk_customer_form=[^;]*;.*HttpOnly' &&
	    [ -n "$(csrf_of)" ]
	ok $? "$s: ... sets the HttpOnly form cookie, the form has a csrf field"
	csrf=$(csrf_of)
	expect 403 "$S/account/login" "$s: sign in without the form's token" \
	    -b "$J" --data-urlencode "email=$P" --data-urlencode "password=$PPW"
	! head_has '^set-cookie: souk_customer='
	ok $? "$s: ... starts no session"
	expect 403 "$S/account/login" "$s: sign in with the token but not the cookie" \
	    --data-urlencode "email=$P" --data-urlencode "password=$PPW" \
	    --data-urlencode "csrf=$csrf"
	! head_has '^set-cookie: souk_customer='
	ok $? "$s: ... starts no session"
	st=$(fetch "$S/account/login" -b "$J" -c "$J" --data-urlencode "email=$P" \
	    --data-urlencode "password=wrong password" --data-urlencode "csrf=$csrf")
	[ "$st" != 303 ] && ! head_has '^set-cookie: souk_customer=' &&
	    body_has "value=\"$P\""
	ok $? "$s: a wrong password on the page: no session, the e-mail kept ($st)"
	fetch "$S/account/login" -b "$J" -c "$J" >/dev/null
	expect 303 "$S/account/login" "$s: sign in on the page" -b "$J" -c "$J" \
	    --data-urlencode "email=$P" --data-urlencode "password=$PPW" \
	    --data-urlencode "csrf=$(csrf_of)"
	location_is '/account' &&
	    head_has '^set-cookie: souk_customer=sc_[0-9a-f]\{64\};' &&
	    head_has '^set-cookie: souk_customer=.*; HttpOnly' &&
	    head_has '^set-cookie: souk_customer=.*; SameSite=Lax' &&
	    head_has '^set-cookie: souk_customer=.*; Path=/;'
	ok $? "$s: ... to /account, a session cookie (HttpOnly, SameSite=Lax, Path=/)"
	sid=$(cookie_of "$J" souk_customer)
	expect 200 "$S/account" "$s: the account page with the session" \
	    -b "souk_customer=$sid"
	body_has "$P" && body_has 'action="/account/logout"'
	ok $? "$s: ... shows the e-mail and offers sign-out"
	out_csrf=$(csrf_of)
	expect 303 "$SA/account" "$s: demo's session cookie on acme: not signed in" \
	    -b "souk_customer=$sid"
	expect 403 "$S/account/logout" "$s: sign out without the csrf token" \
	    -b "$J" -X POST
	expect 200 "$S/account" "$s: ... changes nothing" -b "$J"
	expect 303 "$S/account/logout" "$s: sign out" -b "$J" -c "$J" \
	    --data-urlencode "csrf=$out_csrf"
	expect 303 "$S/account" "$s: the old cookie after sign-out" \
	    -b "souk_customer=$sid"
	location_is '/account/login'
	ok $? "$s: ... goes to the sign-in page again"
	for p in register forgot; do
		expect 200 "$S/account/$p" "$s: /account/$p"
		[ -n "$(csrf_of)" ]
		ok $? "$s: ... has a form with a csrf field"
	done

	# the backoffice pages
	J=$E2E_TMP/jar-s-$s
	rm -f "$J"
	expect 303 "$S/admin/" "$s: /admin/ without a session"
	location_is '/admin/login'
	ok $? "$s: ... goes to /admin/login"
	expect 200 "$S/admin/login" "$s: the backoffice sign-in page" -c "$J"
	head_has '^set-cookie: souk_staff_form=[^;]*;.*HttpOnly' &&
	    [ -n "$(csrf_of)" ]
	ok $? "$s: ... sets the HttpOnly form cookie, the form has a csrf field"
	expect 403 "$S/admin/login" "$s: backoffice sign-in without the token" \
	    -b "$J" --data-urlencode "email=$OWN" --data-urlencode "password=$SPW"
	! head_has '^set-cookie: souk_staff='
	ok $? "$s: ... starts no session"
	fetch "$S/admin/login" -b "$J" -c "$J" >/dev/null
	expect 303 "$S/admin/login" "$s: owner signs in on the page" -b "$J" \
	    -c "$J" --data-urlencode "email=$OWN" --data-urlencode "password=$SPW" \
	    --data-urlencode "csrf=$(csrf_of)"
	location_is '/admin/' &&
	    head_has '^set-cookie: souk_staff=st_[0-9a-f]\{64\};' &&
	    head_has '^set-cookie: souk_staff=.*; Path=/admin[;[:space:]]' &&
	    head_has '^set-cookie: souk_staff=.*; HttpOnly'
	ok $? "$s: ... to /admin/, a cookie with Path=/admin, HttpOnly"
	ssid=$(cookie_of "$J" souk_staff)
	expect 200 "$S/admin/" "$s: the backoffice with the session" \
	    -b "souk_staff=$ssid"
	expect 200 "$S/admin/staff" "$s: the owner's staff page" -b "$J"
	body_has "$MGR"
	ok $? "$s: ... lists the manager"
	expect 303 "$SA/admin/" "$s: demo's staff cookie on acme: not signed in" \
	    -b "souk_staff=$ssid"
	expect 303 "$S/account" "$s: the staff cookie is no customer session" \
	    -b "souk_customer=$ssid"
done

# a member with role staff on the staff page (nginx)
J=$E2E_TMP/jar-staff
fetch "$D/admin/login" -c "$J" >/dev/null
expect 303 "$D/admin/login" "staff member signs in on the page" -b "$J" -c "$J" \
    --data-urlencode "email=$INV" --data-urlencode "password=$SPW" \
    --data-urlencode "csrf=$(csrf_of)"
expect 200 "$D/admin/" "... the backoffice" -b "$J"
expect 403 "$D/admin/staff" "... but not the staff page: 403" -b "$J"

# ============================ Apache: the API, smaller =====================

st=$(register "$DA" "$C3" "$PW")
[ "$st" = 409 ]
ok $? "apache: the same e-mail again: 409 ($st)"
st=$(auth_token "$DA" "$C3" "$PW")
tok3=$(jb j.token)
[ "$st" = 201 ] && [[ $tok3 =~ ^sc_[0-9a-f]{64}$ ]]
ok $? "apache: sign in: 201 ($st)"
st=$(auth_token "$DA" "$C3" 'not the password')
[ "$st" = 401 ]
ok $? "apache: a wrong password: 401 ($st)"
st=$(api GET "$DA/api/v1/me" '' "$tok3")
[ "$st" = 200 ] && [ "$(jb 'j.email+"|"+j.name')" = "$C3|Cleo Three" ]
ok $? "apache: /api/v1/me ($st)"
expect 200 "$D/api/v1/me" "apache's token works through nginx (one shop)" \
    -H "Authorization: Bearer $tok3"
expect 401 "$AA/api/v1/me" "apache: demo's token on acme" \
    -H "Authorization: Bearer $tok3"
st=$(api PATCH "$DA/api/v1/me" '{"name":"Cleo Renamed"}' "$tok3")
[ "$st" = 200 ] && [ "$(jb j.name)" = 'Cleo Renamed' ]
ok $? "apache: PATCH /api/v1/me ($st)"
st=$(api POST "$DA/api/v1/me/addresses" \
    '{"name":"Cleo","line1":"3 High St","city":"Leeds","country":"GB"}' "$tok3")
a3=$(jb j.id)
[ "$st" = 201 ]
ok $? "apache: add an address ($st)"
expect 404 "$DA/api/v1/me/addresses/$a3" "apache: another customer deletes it: 404" \
    -X DELETE -H "Authorization: Bearer $tok2"
expect 204 "$DA/api/v1/me/addresses/$a3" "apache: delete it: 204" -X DELETE \
    -H "Authorization: Bearer $tok3"
expect 401 "$DA/api/v1/me" "apache: a staff token on the storefront" \
    -H "Authorization: Bearer $otok"
expect 204 "$DA/api/v1/auth/token" "apache: sign out: 204" -X DELETE \
    -H "Authorization: Bearer $tok3"
expect 401 "$DA/api/v1/me" "apache: the token is dead" \
    -H "Authorization: Bearer $tok3"
st=$(api POST "$DA/api/v1/auth/password-reset" "{\"email\":\"sa-none-$RUN@example.com\"}")
[ "$st" = 202 ]
ok $? "apache: a reset for an unknown e-mail: 202 ($st)"
vtok3=$(mail_token "$C3" "demo.$BASE_DOMAIN" /account/verify) &&
    st=$(api POST "$DA/api/v1/auth/verify-email" "{\"token\":\"$vtok3\"}") &&
    [ "$st" = 204 ]
ok $? "apache: verify the e-mail: 204 (${st:-no mail})"

st=$(auth_token "$DA/admin" "$MGR" "$SPW")
mtok3=$(jb j.token)
[ "$st" = 201 ] && [[ $mtok3 =~ ^st_[0-9a-f]{64}$ ]]
ok $? "apache: the manager signs in to the backoffice ($st)"
st=$(api GET "$DA/admin/api/v1/me" '' "$mtok3")
[ "$st" = 200 ] && [ "$(jb j.role)" = manager ]
ok $? "apache: backoffice /me ($st)"
expect 200 "$DA/admin/api/v1/staff" "apache: the manager lists the staff" \
    -H "Authorization: Bearer $mtok3"
st=$(api PATCH "$DA/admin/api/v1/staff/$inv_id" '{"status":"disabled"}' "$mtok3")
[ "$st" = 403 ]
ok $? "apache: the manager may not disable anyone: 403 ($st)"
expect 401 "$AA/admin/api/v1/me" "apache: demo's staff token on acme" \
    -H "Authorization: Bearer $mtok3"
expect 204 "$DA/admin/api/v1/auth/token" "apache: staff sign-out: 204" \
    -X DELETE -H "Authorization: Bearer $mtok3"
expect 401 "$DA/admin/api/v1/me" "apache: the staff token is dead" \
    -H "Authorization: Bearer $mtok3"
expect 200 "$D/admin/api/v1/me" "the manager's other token lives on" \
    -H "Authorization: Bearer $mtok"
expect 401 "$DA/admin/api/v1/staff" "apache: anonymous staff list"

# ============================ suspending a shop ============================

J=$E2E_TMP/jar-acme
form_signin "$A/admin/login" "$J" "$OWNA" "$SPW" >/dev/null
acme_sid=$(cookie_of "$J" souk_staff)
expect 200 "$A/admin/" "acme's owner has a page session" \
    -b "souk_staff=$acme_sid"
expect 200 "$A/admin/api/v1/me" "... and a token" -H "Authorization: Bearer $atok"
ctl tenant state acme suspended >/dev/null
ok $? "suspend acme"
st=$(api GET "$A/admin/api/v1/me" '' "$atok")
[ "$st" != 200 ]
ok $? "while acme is suspended its staff token does not work ($st)"
st=$(fetch "$AA/admin/api/v1/me" -H "Authorization: Bearer $atok")
[ "$st" != 200 ]
ok $? "... nor through Apache ($st)"
st=$(fetch "$A/admin/" -b "souk_staff=$acme_sid")
[ "$st" != 200 ]
ok $? "... nor its page session ($st)"
st=$(api GET "$A/api/v1/me" '' "$tokA")
[ "$st" != 200 ]
ok $? "... nor a customer token of acme ($st)"
expect 200 "$D/admin/api/v1/me" "demo's staff are not affected" \
    -H "Authorization: Bearer $otok"
ctl tenant state acme active >/dev/null
ok $? "acme active again"
expect 401 "$A/admin/api/v1/me" "after reactivation the old token is dead" \
    -H "Authorization: Bearer $atok"
expect 303 "$A/admin/" "... and the old page session too" \
    -b "souk_staff=$acme_sid"
expect 401 "$A/api/v1/me" "... and acme's customer token" \
    -H "Authorization: Bearer $tokA"
expect 200 "$D/api/v1/me" "demo's customer token lives on" \
    -H "Authorization: Bearer $tok2"
st=$(auth_token "$A/admin" "$OWNA" "$SPW")
atok2=$(jb j.token)
[ "$st" = 201 ]
ok $? "acme's owner signs in again ($st)"
expect 200 "$A/admin/api/v1/me" "... with a working token" \
    -H "Authorization: Bearer $atok2"

# A shop's first owner, as Center's provisioning will make them: an
# invitation mailed by soukctl staff invite, with a link to the shop.
FIRST="first-$RUN@acme.test"
out=$(ctl staff invite --tenant acme --email "$FIRST" --role owner 2>&1)
[ $? = 0 ] && grep -q "staff invitation $FIRST created (owner)" <<<"$out"
ok $? "soukctl staff invite: an invited owner"
itok=$(mail_token "$FIRST" "acme.$BASE_DOMAIN" /admin/invite)
[ -n "$itok" ]
ok $? "... gets a mail with a link to acme's /admin/invite"
[ "$(auth_token "$A/admin" "$FIRST" "$SPW")" = 401 ]
ok $? "... and cannot sign in before accepting"
link_open "$A" /admin/invite "$itok" souk_staff "the invitation link"
[ "$(api POST "$A/admin/api/v1/invitations/accept" \
    "{\"token\":\"$itok\",\"password\":\"$SPW\",\"name\":\"Fay First\"}")" = 204 ]
ok $? "the invitation accepted"
[ "$(auth_token "$A/admin" "$FIRST" "$SPW")" = 201 ] &&
    [ "$(api GET "$A/admin/api/v1/me" '' "$(jb j.token)")" = 200 ] &&
    [ "$(jb 'j.role+" "+j.name')" = "owner Fay First" ]
ok $? "the new owner signs in"
out=$(ctl staff invite --tenant nope --email "x-$RUN@acme.test" \
    --role owner 2>&1)
[ $? = 1 ] && grep -q 'no tenant "nope"' <<<"$out"
ok $? "soukctl staff invite: an unknown shop is refused"
[ "$(auth_token "$A/admin" "$FIRST " "$SPW")" = 401 ] &&
    [ "$(auth_token "$A/admin" "${FIRST/first/fírst}" "$SPW")" = 401 ]
ok $? "an e-mail with a trailing space or an accent is another account (401), not the owner's"
shopdb "UPDATE staff SET status = 'disabled' WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'acme') AND email = '$FIRST'"

tap_done
