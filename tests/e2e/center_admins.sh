#!/usr/bin/env bash
# Center: two-factor sign-in (TOTP, RFC 6238) and managing platform
# admins, end to end through nginx, with a smaller smoke test on Apache.
# Enrolment by the API and by the pages, the code asked at sign-in, wrong
# and replayed codes, single-use recovery codes and their replacement,
# roles against /api/v1/admins, invitations, role changes and disabling
# (sessions end), the last active owner, name and password.  Prints TAP.
#
# TOTP codes are computed with Python's standard library (lib.sh).  A code
# works once per 30-second step and admin: a second code for an admin is
# a recovery code or waits for the next step (one short wait in all).
#
# Sign-ins are throttled in one-minute windows (10 per e-mail, 30 per
# client address, realm "center"): the run spreads its sign-ins over
# several new admins and makes at most 25 (password and code forms
# included; see the count printed at the end).  Should one still get 429
# (another suite just before, or a server that counts successful
# sign-ins too), it waits for Retry-After once and says so.
#
# "The last active owner" needs every other owner out of the way: the
# active owners left by other runs are switched off in the database for
# a few requests and switched on again right after (and on exit).
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
PW='a long enough passphrase'
PW2='another long passphrase'
NGX="http://center.$BASE_DOMAIN:$NGINX_PORT"
APA="http://center.$BASE_DOMAIN:$APACHE_PORT"

# session TOKEN: "stage kind seconds-left" of its stored row (by SHA-256)
session() {
	centerdb "SELECT stage, kind,
	    TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), expires_at)
	    FROM admin_sessions WHERE token_hash = SHA2('$1', 256)" | tr '\t' ' '
}

# Owners switched off for the last-owner checks come back whatever happens.
restore_owners() {
	[ -s "$E2E_TMP/owners" ] || return 0
	centerdb "UPDATE platform_admins SET status = 'active'
	    WHERE id IN ($(paste -sd, "$E2E_TMP/owners"))" &&
	    : >"$E2E_TMP/owners"
}
cleanup() { restore_owners >/dev/null 2>&1; }
on_exit cleanup

# The web servers may be restarted under us: a refused connection, a 502
# or a 503 is tried again after a pause.
E2E_RETRY='000 502 503'

# the <code> of the page: a TOTP secret or a setup link
code_of() { sed -n 's/.*<p class="secret"><code>\([^<]*\)<\/code>.*/\1/p' "$E2E_TMP/body" | head -n 1; }

# Every sign-in attempt (token API, /login, /login/code) is counted.
attempt() { echo "$1" >>"$E2E_TMP/attempts"; }
# link_page URL [JAR]: open a setup link as a browser does: its 303 to
# the page without the token (a cookie of that page keeps it), then the
# page; prints the page's status, the page in the body
link_page() {
	local jar=${2:-$E2E_TMP/link-jar}
	[ -n "${2:-}" ] || rm -f "$jar"
	[ "$(fetch "$1" -c "$jar" -b "$jar")" = 303 ] &&
	    ! head_has '^location:.*token' || { echo "no-303"; return; }
	fetch "${1%%\?*}" -b "$jar" -c "$jar"
}
# expect_link STATUS URL DESCRIPTION [JAR]: link_page's status is STATUS
expect_link() {
	local got
	got=$(link_page "$2" "${4:-}")
	[ "$got" = "$1" ]
	ok $? "$3 ($2 -> $got, want $1)"
}
# retry_429 CMD…: runs it; after a 429, waits Retry-After and runs it again
retry_429() {
	local st wait
	st=$("$@")
	if [ "$st" = 429 ]; then
		wait=$(sed -n 's/^retry-after: *\([0-9]*\).*/\1/Ip' "$E2E_TMP/head")
		echo "# sign-in throttled (429): waiting ${wait:-60} s" >&2
		echo throttled >>"$E2E_TMP/throttled"
		sleep "$((${wait:-60} + 1))"
		st=$("$@")
	fi
	echo "$st"
}

# signin BASE EMAIL PASSWORD [OTP]: prints the status
signin_once() { attempt "$2"; auth_token "$@"; }
signin() { retry_429 signin_once "$@"; }

# page_login BASE JAR EMAIL PASSWORD: the sign-in form, then posts it
page_login_once() { attempt "$3"; form_signin "$1/login" "$2" "$3" "$4"; }
page_login() { retry_429 page_login_once "$@"; }

# page_code BASE JAR CODE: posts the form of /login/code
page_code_once() {
	fetch "$1/login/code" -b "$2" >/dev/null
	attempt "code for $2"
	fetch "$1/login/code" -b "$2" -c "$2" --data-urlencode "code=$3" \
	    --data-urlencode "csrf=$(csrf_of)"
}
page_code() { retry_429 page_code_once "$@"; }

# ---- TOTP ---------------------------------------------------------------

# code_after SECRET LAST: "STEP CODE" of the first step after LAST,
# waiting for it if need be (a code works once per step)
code_after() {
	local now wait
	now=$(date +%s)
	if [ $((now / 30)) -le "$2" ]; then
		wait=$(($2 * 30 + 30 - now))
		echo "# waiting $wait s for the next 30-s step" >&2
		sleep "$wait"
	fi
	totp_step "$1"
}

recovery_ok() {	# the body's recovery_codes: ten distinct xxxx-xxxx-xxxx
	[ "$(jb 'j.recovery_codes.filter(c=>/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/.test(c)).length+" "+new Set(j.recovery_codes).size')" = "10 10" ]
}

# ---- the admins -----------------------------------------------------------

OWN="ca-own-$RUN@example.com"	# owner: API enrolment, manages the others
OWN2="ca-own2-$RUN@example.com"	# owner: demoted while OWN is not the last
OPS="ca-ops-$RUN@example.com"	# ops: enrolment on the pages
SUP="ca-sup-$RUN@example.com"	# support: no 2FA needed; name, password
AUD="ca-aud-$RUN@example.com"	# auditor
APO="ca-apo-$RUN@example.com"	# ops: the Apache smoke test
NEW="ca-new-$RUN@example.com"	# invited by the API
PGN="ca-pgn-$RUN@example.com"	# invited on the pages
APN="ca-apn-$RUN@example.com"	# invited through Apache

made=0
for spec in "$OWN owner Olga" "$OWN2 owner Otto" "$OPS ops Oscar" \
    "$SUP support Sue" "$AUD auditor Aude" "$APO ops Apolline"; do
	read -r email role name <<<"$spec"
	printf '%s\n' "$PW" | ctl admin create --email "$email" --role "$role" \
	    --name "$name" >/dev/null && made=$((made + 1))
done
[ "$made" = 6 ]
ok $? "soukctl admin create: two owners, two ops, a support, an auditor"

C=$NGX
s=nginx

# ---- anonymous ------------------------------------------------------------

expect 401 "$C/api/v1/admins" "$s: anonymous: the list needs a token"
expect 401 "$C/api/v1/admins/1" "$s: anonymous: an admin needs a token"
[ "$(api POST "$C/api/v1/admins" '{"email":"x@example.com","role":"ops"}')" = 401 ]
ok $? "$s: anonymous: inviting needs a token"
[ "$(api PATCH "$C/api/v1/admins/1" '{"status":"disabled"}')" = 401 ]
ok $? "$s: anonymous: changing an admin needs a token"

# ---- an owner enrols by the API ------------------------------------------

[ "$(signin "$C" "$OWN" "$PW")" = 201 ] &&
    [ "$(jb 'j.stage+" "+j.expires_in+" "+j.token_type')" = "enroll 600 Bearer" ]
ok $? "$s: owner without 2FA: 201, stage enroll for 10 minutes"
tok_enr=$(jb 'j.token')
read -r st kind left < <(session "$tok_enr")
[ "$st $kind" = "enroll bearer" ] && [ "$left" -gt 590 ] && [ "$left" -le 600 ]
ok $? "$s: ... stored as its SHA-256: an enroll session ending in ${left:-?} s"
expect 200 "$C/api/v1/me" "$s: enroll: /api/v1/me works" \
    -H "Authorization: Bearer $tok_enr"
[ "$(jb 'j.stage+" "+j.mfa_enabled+" "+j.mfa_required+" "+j.role')" = \
    "enroll false true owner" ]
ok $? "$s: enroll: me says stage enroll, 2FA off and required"
OWN_ID=$(jb 'j.id')
expect 403 "$C/api/v1/admins" "$s: enroll: the admin list is closed" \
    -H "Authorization: Bearer $tok_enr"
[ "$(api POST "$C/api/v1/admins" "{\"email\":\"e-$RUN@example.com\",\"role\":\"support\"}" "$tok_enr")" = 403 ]
ok $? "$s: enroll: inviting is closed"
[ "$(api PATCH "$C/api/v1/me" '{"name":"Mallory"}' "$tok_enr")" = 403 ]
ok $? "$s: enroll: PATCH /api/v1/me is closed"
[ "$(api POST "$C/api/v1/me/password" "{\"current\":\"$PW\",\"password\":\"$PW2\"}" "$tok_enr")" = 403 ]
ok $? "$s: enroll: changing the password is closed"
[ "$(api POST "$C/api/v1/me/mfa/recovery-codes" '{"code":"123456"}' "$tok_enr")" = 403 ]
ok $? "$s: enroll: new recovery codes are closed"
st=$(api POST "$C/api/v1/me/mfa/confirm" '{"code":"123456"}' "$tok_enr")
[[ $st == 4?? ]] && [ "$(jb 'j.recovery_codes')" = undefined ]
ok $? "$s: enroll: nothing to confirm before POST /api/v1/me/mfa ($st)"

[ "$(api POST "$C/api/v1/me/mfa" '' "$tok_enr")" = 201 ] &&
    head_has '^cache-control: no-store'
ok $? "$s: POST /api/v1/me/mfa: 201, not cached"
OWN_SECRET=$(jb 'j.secret')
uri=$(jb 'j.otpauth_uri')
[[ $OWN_SECRET =~ ^[a-z2-7]{32}$ ]]
ok $? "$s: the secret is 160 bits in lower-case base32 ($OWN_SECRET)"
[[ $uri == "otpauth://totp/Souk%20Center:${OWN//@/%40}?secret=$OWN_SECRET&"* ]] &&
    [[ $uri == *"issuer=Souk%20Center"* && $uri == *"algorithm=SHA1"* &&
    $uri == *"digits=6"* && $uri == *"period=30"* ]]
ok $? "$s: the otpauth URI names issuer, account, secret, SHA1, 6, 30"
[ "$(api POST "$C/api/v1/me/mfa/confirm" "{\"code\":\"$(totp_wrong "$OWN_SECRET")\"}" "$tok_enr")" = 400 ] &&
    [ "$(fields)" = code ]
ok $? "$s: confirm with a wrong code: 400 on code"
[ "$(api POST "$C/api/v1/me/mfa/confirm" '{}' "$tok_enr")" = 400 ] &&
    [ "$(fields)" = code ]
ok $? "$s: confirm without a code: 400 on code"
read -r OWN_STEP OWN_CODE < <(totp_step "$OWN_SECRET")
[ "$(api POST "$C/api/v1/me/mfa/confirm" "{\"code\":\"$OWN_CODE\"}" "$tok_enr")" = 200 ] &&
    recovery_ok
ok $? "$s: confirm with the current code: 200, ten recovery codes"
read -ra OWN_REC <<<"$(jb 'j.recovery_codes.join(" ")')"
tok_own=$(jb 'j.token')
[[ $tok_own =~ ^sa_[0-9a-f]{64}$ && $tok_own != "$tok_enr" ]]
ok $? "$s: ... and a new token"
expect 401 "$C/api/v1/me" "$s: the enrolment token is dead" \
    -H "Authorization: Bearer $tok_enr"
expect 200 "$C/api/v1/me" "$s: the new token is a full session" \
    -H "Authorization: Bearer $tok_own"
[ "$(jb 'j.stage+" "+j.mfa_enabled+" "+j.mfa_required')" = "full true true" ]
ok $? "$s: ... me says stage full, 2FA on"
expect 200 "$C/api/v1/admins" "$s: owner: the admin list" \
    -H "Authorization: Bearer $tok_own"
[ "$(api POST "$C/api/v1/me/mfa" '' "$tok_own")" = 409 ]
ok $? "$s: POST /api/v1/me/mfa once 2FA is on: 409"

# ---- an ops admin enrols on the pages -------------------------------------

J=$E2E_TMP/jar-ops
[ "$(page_login "$C" "$J" "$OPS" "$PW")" = 303 ] &&
    [ "$(loc)" = /account/2fa ] &&
    head_has '^set-cookie: souk_center=sa_[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Lax'
ok $? "$s: pages: ops without 2FA signs in: a session, sent to /account/2fa"
sid_enr=$(cookie_of "$J" souk_center)
for p in / /admins /account; do
	[ "$(fetch "$C$p" -b "$J")" = 303 ] && [ "$(loc)" = /account/2fa ]
	ok $? "$s: pages: enroll: $p sends back to /account/2fa"
done
[ "$(fetch "$C/login" -b "$J")" = 303 ] && [ "$(loc)" = /account/2fa ]
ok $? "$s: pages: enroll: /login too"
expect 200 "$C/account/2fa" "$s: pages: the 2FA set-up page" -b "$J"
OPS_SECRET=$(code_of)
[[ $OPS_SECRET =~ ^[a-z2-7]{32}$ ]] && body_has 'action="/account/2fa"' &&
    body_has 'name="code"' && body_has "otpauth://totp/.*secret=$OPS_SECRET" &&
    head_has '^cache-control: no-store'
ok $? "$s: pages: it shows the secret, its otpauth link and a code form"
enr_csrf=$(csrf_of)
expect 200 "$C/account/2fa" "$s: pages: the page again" -b "$J"
[ "$(code_of)" = "$OPS_SECRET" ]
ok $? "$s: pages: ... keeps the same pending secret"
read -r OPS_STEP OPS_CODE < <(totp_step "$OPS_SECRET")
expect 403 "$C/account/2fa" "$s: pages: the code without the form's token" \
    -b "$J" --data-urlencode "code=$OPS_CODE"
expect 400 "$C/account/2fa" "$s: pages: a wrong code" -b "$J" \
    --data-urlencode "code=$(totp_wrong "$OPS_SECRET")" \
    --data-urlencode "csrf=$enr_csrf"
body_has 'not the current code' && [ "$(code_of)" = "$OPS_SECRET" ] &&
    ! head_has '^set-cookie: souk_center='
ok $? "$s: pages: ... says so, same secret, same session"
expect 200 "$C/account/2fa" "$s: pages: the right code" -b "$J" -c "$J" \
    --data-urlencode "code=$OPS_CODE" --data-urlencode "csrf=$enr_csrf"
read -ra OPS_REC <<<"$(grep -o '<li><code>[^<]*</code></li>' "$E2E_TMP/body" |
    sed 's/<[^>]*>//g' | tr '\n' ' ')"
[ ${#OPS_REC[@]} = 10 ] && [ "$(printf '%s\n' "${OPS_REC[@]}" | sort -u | grep -c '^[a-z2-7]\{4\}-[a-z2-7]\{4\}-[a-z2-7]\{4\}$')" = 10 ] &&
    body_has 'Two-factor sign-in is on'
ok $? "$s: pages: 2FA is on, ten recovery codes shown"
head_has '^set-cookie: souk_center=sa_[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Lax' &&
    [ -n "$(cookie_of "$J" souk_center)" ] &&
    [ "$(cookie_of "$J" souk_center)" != "$sid_enr" ]
ok $? "$s: pages: ... with a new session id"
[ "$(fetch "$C/" -b "souk_center=$sid_enr")" = 303 ] && [ "$(loc)" = /login ]
ok $? "$s: pages: the enrolment session is dead"
expect 200 "$C/" "$s: pages: the dashboard with the new session" -b "$J"
body_has 'Oscar (ops)' && body_has 'href="/admins"'
ok $? "$s: pages: ... names the admin, links the admins"
expect 200 "$C/admins" "$s: pages: ops sees the admins" -b "$J"
body_has "$OPS" && body_has "$OWN" && ! body_has 'action="/admins"' &&
    ! body_has 'action="/admins/[0-9]'
ok $? "$s: pages: ... the list, but no invite form and no row forms"
expect 403 "$C/admins" "$s: pages: ops may not invite" -b "$J" \
    --data-urlencode "email=pg-x-$RUN@example.com" --data-urlencode role=ops \
    --data-urlencode "csrf=$(csrf_of)"

# ---- the second factor at sign-in ------------------------------------------

[ "$(signin "$C" "$OWN" "$PW")" = 401 ] && [ "$(fields)" = "" ] &&
    [ "$(jb 'j.token')" = undefined ] &&
    [ "$(jb 'j.detail')" = "The e-mail address, the password or the two-factor code is wrong." ]
ok $? "$s: owner with 2FA, no otp: 401 and no token, as for a wrong password"
[ "$(signin "$C" "$OWN" "$PW" "$OWN_CODE")" = 401 ]
ok $? "$s: the code that confirmed enrolment cannot sign in (same step)"
[ "$(signin "$C" "$OWN" "$PW" "${OWN_REC[0]}")" = 201 ] && [ "$(jb 'j.stage')" = full ]
ok $? "$s: a recovery code signs in: stage full"
tok_own_b=$(jb 'j.token')
[ "$(signin "$C" "$OWN" "$PW" "${OWN_REC[0]}")" = 401 ]
ok $? "$s: the same recovery code again: 401"
[ "$(signin "$C" "$OPS" "$PW" "${OPS_REC[0]^^}")" = 201 ] && [ "$(jb 'j.stage')" = full ]
ok $? "$s: ops: a recovery code shown on the page (in capitals): 201"
tok_ops=$(jb 'j.token')
[ "$(signin "$C" "$OPS" 'wrong password here' "${OPS_REC[4]}")" = 401 ]
ok $? "$s: ops: a recovery code with a wrong password: 401"
expect 200 "$C/api/v1/me" "$s: ops: /api/v1/me" -H "Authorization: Bearer $tok_ops"
[ "$(jb 'j.mfa_enabled+" "+j.stage')" = "true full" ]
ok $? "$s: ops: 2FA on, stage full"

# ---- roles and /api/v1/admins ---------------------------------------------

[ "$(signin "$C" "$SUP" "$PW")" = 201 ] && [ "$(jb 'j.stage+" "+j.expires_in')" = "full 43200" ]
ok $? "$s: support without 2FA: a full session (2FA is optional)"
tok_sup=$(jb 'j.token')
[ "$(signin "$C" "$AUD" "$PW")" = 201 ] && [ "$(jb 'j.stage')" = full ]
ok $? "$s: auditor without 2FA: a full session"
tok_aud=$(jb 'j.token')
expect 200 "$C/api/v1/me" "$s: support: me" -H "Authorization: Bearer $tok_sup"
[ "$(jb 'j.mfa_enabled+" "+j.mfa_required')" = "false false" ]
ok $? "$s: support: 2FA off and not required"
SUP_ID=$(jb 'j.id')
expect 200 "$C/api/v1/me" "$s: auditor: me" -H "Authorization: Bearer $tok_aud"
AUD_ID=$(jb 'j.id')

for who in own:$tok_own ops:$tok_ops sup:$tok_sup aud:$tok_aud; do
	expect 200 "$C/api/v1/admins" "$s: ${who%%:*}: GET /api/v1/admins" \
	    -H "Authorization: Bearer ${who#*:}"
done
[ "$(jb "j.items.filter(a=>a.email==='$OWN'||a.email==='$SUP').map(a=>a.role+'/'+a.status+'/'+a.mfa_enabled).sort().join(' ')")" = \
    "owner/active/true support/active/false" ]
ok $? "$s: the list: roles, status and 2FA of the admins"
[ "$(jb 'j.items.map(a=>Object.keys(a).sort().join(",")).filter((k,i,l)=>l.indexOf(k)===i).join(";")')" = \
    "created_at,email,id,mfa_enabled,name,role,status" ]
ok $? "$s: the list: exactly id, email, name, role, status, mfa_enabled, created_at"
expect 200 "$C/api/v1/admins/$OWN_ID" "$s: auditor: GET /api/v1/admins/{id}" \
    -H "Authorization: Bearer $tok_aud"
[ "$(jb 'j.id+" "+j.email+" "+j.name+" "+j.role+" "+j.mfa_enabled')" = \
    "$OWN_ID $OWN Olga owner true" ] && [[ $(jb 'j.created_at') =~ ^20[0-9]{2}-[0-9]{2}-[0-9]{2} ]]
ok $? "$s: ... the owner's record"
expect 404 "$C/api/v1/admins/999999999" "$s: an unknown admin: 404" \
    -H "Authorization: Bearer $tok_own"
for who in ops:$tok_ops sup:$tok_sup aud:$tok_aud; do
	[ "$(api POST "$C/api/v1/admins" "{\"email\":\"no-${who%%:*}-$RUN@example.com\",\"role\":\"support\"}" "${who#*:}")" = 403 ]
	ok $? "$s: ${who%%:*}: may not invite (403)"
	[ "$(api PATCH "$C/api/v1/admins/$SUP_ID" '{"role":"auditor"}' "${who#*:}")" = 403 ]
	ok $? "$s: ${who%%:*}: may not change an admin (403)"
done
expect 200 "$C/api/v1/admins/$SUP_ID" "$s: ... support is still support" \
    -H "Authorization: Bearer $tok_own"
[ "$(jb 'j.role')" = support ]
ok $? "$s: ... (role $(jb 'j.role'))"
expect 200 "$C/api/v1/me" "$s: ... and their sessions live on" \
    -H "Authorization: Bearer $tok_sup"

# ---- invitations ----------------------------------------------------------

[ "$(api POST "$C/api/v1/admins" "{\"email\":\"$NEW\",\"role\":\"support\",\"name\":\"Nina New\"}" "$tok_own")" = 201 ] &&
    [ "$(jb 'j.email+" "+j.role+" "+j.status+" "+j.name')" = "$NEW support invited Nina New" ] &&
    head_has '^cache-control: no-store'
ok $? "$s: owner invites: 201, status invited"
NEW_ID=$(jb 'j.id')
head_has "^location: /api/v1/admins/$NEW_ID"
ok $? "$s: ... Location names the new admin"
setup=$(jb 'j.setup_url')
[[ $setup =~ ^http://center\.$BASE_DOMAIN:$NGINX_PORT/invite\?token=si_[0-9a-f]{64}$ ]]
ok $? "$s: ... a setup link on this server ($setup)"
inv=${setup#*token=}
[ "$(api POST "$C/api/v1/admins" "{\"email\":\"${NEW^^}\",\"role\":\"ops\"}" "$tok_own")" = 409 ]
ok $? "$s: the same e-mail (in capitals) again: 409"
[ "$(api POST "$C/api/v1/admins" "{\"email\":\"$OPS\",\"role\":\"ops\"}" "$tok_own")" = 409 ]
ok $? "$s: an active admin's e-mail: 409"
[ "$(api POST "$C/api/v1/admins" "{\"email\":\"r-$RUN@example.com\",\"role\":\"root\"}" "$tok_own")" = 400 ] &&
    [ "$(fields)" = role ]
ok $? "$s: an unknown role: 400 on role"
[ "$(api POST "$C/api/v1/admins" '{"email":"not-an-address","role":"ops"}' "$tok_own")" = 400 ] &&
    [ "$(fields)" = email ]
ok $? "$s: not an e-mail address: 400 on email"
[ "$(api POST "$C/api/v1/admins" '{"role":"ops"}' "$tok_own")" = 400 ] &&
    [ "$(fields)" = email ]
ok $? "$s: no e-mail address: 400 on email"
[ "$(signin "$C" "$NEW" "$PW")" = 401 ]
ok $? "$s: an invited admin cannot sign in yet"
expect_link 200 "$C/invite?token=$inv" "$s: the setup link shows a form"
body_has 'action="/invite"' && ! body_has "$inv" && body_has 'name="password"'
ok $? "$s: ... with a password field, the token not in the page"
expect_link 410 "$C/invite?token=si_$(printf '%064d' 0)" "$s: a made-up setup link: 410"
[ "$(api POST "$C/api/v1/invitations/accept" "{\"token\":\"$inv\",\"password\":\"short\"}")" = 400 ] &&
    [ "$(fields)" = password ]
ok $? "$s: accept with a weak password: 400 on password"
expect_link 200 "$C/invite?token=$inv" "$s: ... the link still works"
[ "$(api POST "$C/api/v1/invitations/accept" "{\"token\":\"si_$(printf '%064d' 0)\",\"password\":\"$PW\"}")" = 400 ] &&
    [ "$(fields)" = token ]
ok $? "$s: accept with a made-up token: 400 on token"
[ "$(api POST "$C/api/v1/invitations/accept" "{\"token\":\"$inv\",\"password\":\"$PW\",\"name\":\"Nina Newton\"}")" = 204 ]
ok $? "$s: accept: 204"
[ "$(api POST "$C/api/v1/invitations/accept" "{\"token\":\"$inv\",\"password\":\"$PW2\"}")" = 400 ] &&
    [ "$(fields)" = token ]
ok $? "$s: the same link again: 400 on token"
expect_link 410 "$C/invite?token=$inv" "$s: ... and its page is gone"
expect 200 "$C/api/v1/admins/$NEW_ID" "$s: the invitee" -H "Authorization: Bearer $tok_own"
[ "$(jb 'j.status+" "+j.name')" = "active Nina Newton" ]
ok $? "$s: ... is active, with the name chosen"
[ "$(signin "$C" "$NEW" "$PW")" = 201 ] && [ "$(jb 'j.stage')" = full ]
ok $? "$s: ... signs in with the password chosen"
tok_new=$(jb 'j.token')
expect 200 "$C/api/v1/admins" "$s: ... and reads the admins" \
    -H "Authorization: Bearer $tok_new"

# ---- changes end sessions ---------------------------------------------------

[ "$(api PATCH "$C/api/v1/admins/$NEW_ID" '{"status":"disabled"}' "$tok_own")" = 200 ] &&
    [ "$(jb 'j.status')" = disabled ]
ok $? "$s: owner disables an admin: 200"
expect 401 "$C/api/v1/me" "$s: ... whose token is dead at once" \
    -H "Authorization: Bearer $tok_new"
[ "$(signin "$C" "$NEW" "$PW")" = 401 ]
ok $? "$s: ... who cannot sign in"
[ "$(api PATCH "$C/api/v1/admins/$AUD_ID" '{"role":"support"}' "$tok_own")" = 200 ] &&
    [ "$(jb 'j.role+" "+j.status')" = "support active" ]
ok $? "$s: owner changes a role: 200"
expect 401 "$C/api/v1/me" "$s: ... the admin's token is dead at once" \
    -H "Authorization: Bearer $tok_aud"
[ "$(api PATCH "$C/api/v1/admins/999999999" '{"status":"disabled"}' "$tok_own")" = 404 ]
ok $? "$s: changing an unknown admin: 404"
[ "$(api PATCH "$C/api/v1/admins/$AUD_ID" '{"status":"gone"}' "$tok_own")" = 400 ] &&
    [ "$(fields)" = status ]
ok $? "$s: an unknown status: 400 on status"
[ "$(api PATCH "$C/api/v1/admins/$AUD_ID" '{"role":"root"}' "$tok_own")" = 400 ] &&
    [ "$(fields)" = role ]
ok $? "$s: an unknown role: 400 on role"
expect 200 "$C/api/v1/me" "$s: the owner's own sessions live on" \
    -H "Authorization: Bearer $tok_own"

# a disabled invitee's link is dead, and lives again with the account
[ "$(api POST "$C/api/v1/admins" "{\"email\":\"ca-off-$RUN@example.com\",\"role\":\"auditor\"}" "$tok_own")" = 201 ]
ok $? "$s: invite another admin"
off_id=$(jb 'j.id')
off_inv=$(jb 'j.setup_url.replace(/.*token=/,"")')
[ "$(api PATCH "$C/api/v1/admins/$off_id" '{"status":"disabled"}' "$tok_own")" = 200 ] &&
    [ "$(link_page "$C/invite?token=$off_inv")" = 410 ]
ok $? "$s: ... disabled before accepting: the link is dead (410)"
[ "$(api PATCH "$C/api/v1/admins/$off_id" '{"status":"active"}' "$tok_own")" = 200 ] &&
    [ "$(jb 'j.status')" = invited ] && [ "$(link_page "$C/invite?token=$off_inv")" = 200 ]
ok $? "$s: ... enabled again: invited, the link works"

# ---- the last active owner -----------------------------------------------

OWN2_ID=$(centerdb "SELECT id FROM platform_admins WHERE email = '$OWN2'")
centerdb "SELECT id FROM platform_admins WHERE role = 'owner'
    AND status = 'active' AND id NOT IN ($OWN_ID, $OWN2_ID)" >"$E2E_TMP/owners" &&
    centerdb "UPDATE platform_admins SET status = 'disabled'
	WHERE role = 'owner' AND status = 'active'
	AND id NOT IN ($OWN_ID, $OWN2_ID)"
ok $? "(set-up: $(wc -l <"$E2E_TMP/owners") owners of other runs switched off for a moment)"
[ "$(api PATCH "$C/api/v1/admins/$OWN2_ID" '{"role":"ops"}' "$tok_own")" = 200 ]
ok $? "$s: demoting an owner while another is active: 200"
[ "$(api PATCH "$C/api/v1/admins/$OWN_ID" '{"role":"ops"}' "$tok_own")" = 409 ]
ok $? "$s: demoting the last active owner: 409"
[ "$(api PATCH "$C/api/v1/admins/$OWN_ID" '{"status":"disabled"}' "$tok_own")" = 409 ]
ok $? "$s: disabling the last active owner: 409"
[ "$(api PATCH "$C/api/v1/admins/$OWN_ID" '{"role":"owner","status":"active"}' "$tok_own")" = 200 ]
ok $? "$s: keeping the last owner an active owner: 200"
restore_owners
ok $? "(set-up: the other owners are active again)"
expect 401 "$C/api/v1/me" "$s: ... which ended the owner's sessions too" \
    -H "Authorization: Bearer $tok_own"
expect 401 "$C/api/v1/me" "$s: ... all of them" \
    -H "Authorization: Bearer $tok_own_b"

# ---- my account: name and password --------------------------------------

expect 200 "$C/api/v1/me" "$s: support: me before a change" \
    -H "Authorization: Bearer $tok_sup"
[ "$(jb 'j.name')" = Sue ]
ok $? "$s: ... name Sue"
[ "$(api PATCH "$C/api/v1/me" '{"name":"Sue Support"}' "$tok_sup")" = 200 ] &&
    [ "$(jb 'j.name+" "+j.email')" = "Sue Support $SUP" ]
ok $? "$s: PATCH /api/v1/me: 200 with the new name"
expect 200 "$C/api/v1/me" "$s: me again with the same token" \
    -H "Authorization: Bearer $tok_sup"
[ "$(jb 'j.name')" = "Sue Support" ]
ok $? "$s: ... says the new name (got: $(jb 'j.name'))"
[ "$(api PATCH "$C/api/v1/me" '{"name":"two\nlines"}' "$tok_sup")" = 400 ] &&
    [ "$(fields)" = name ]
ok $? "$s: a name on two lines: 400 on name"
expect 200 "$C/api/v1/admins/$SUP_ID" "$s: the list knows the name" \
    -H "Authorization: Bearer $tok_sup"
[ "$(jb 'j.name')" = "Sue Support" ]
ok $? "$s: ... ($(jb 'j.name'))"
JS=$E2E_TMP/jar-sup
[ "$(page_login "$C" "$JS" "$SUP" "$PW")" = 303 ] && [ "$(loc)" = / ]
ok $? "$s: pages: support signs in: straight to the dashboard"
expect 200 "$C/admins" "$s: pages: support sees the admins" -b "$JS"
body_has "$SUP" && ! body_has 'action="/admins"'
ok $? "$s: pages: ... without the invite form"
expect 200 "$C/account" "$s: pages: my account" -b "$JS"
body_has "<strong>$SUP</strong>" && body_has 'value="Sue Support"' &&
    body_has 'Two-factor sign-in: <strong>off</strong>'
ok $? "$s: pages: ... e-mail, name, 2FA off"
expect 200 "$C/account" "$s: pages: a new name" -b "$JS" \
    --data-urlencode "name=Sue S." --data-urlencode "csrf=$(csrf_of)"
body_has 'Your name is saved' && body_has 'value="Sue S."'
ok $? "$s: pages: ... saved"
expect 200 "$C/account" "$s: pages: my account again" -b "$JS"
body_has 'value="Sue S."' && body_has 'Sue S. (support)'
ok $? "$s: pages: ... shows the new name in the form and the header"
expect 200 "$C/" "$s: pages: the dashboard before a time zone is chosen" \
    -b "$JS"
body_has 'Times in UTC.'
ok $? "$s: pages: ... says its times are in UTC"
expect 400 "$C/account" "$s: pages: a made-up time zone" -b "$JS" \
    --data-urlencode "name=Sue S." --data-urlencode "time_zone=Mars/Olympus" \
    --data-urlencode "csrf=$(csrf_of)"
body_has 'time_zone: is not a time zone'
ok $? "$s: pages: ... refused, naming the field"
expect 200 "$C/account" "$s: pages: Europe/Berlin as time zone" -b "$JS" \
    --data-urlencode "name=Sue S." --data-urlencode "time_zone=Europe/Berlin" \
    --data-urlencode "csrf=$(csrf_of)"
body_has 'Your settings are saved' && body_has 'value="Europe/Berlin"'
ok $? "$s: pages: ... saved"
expect 200 "$C/" "$s: pages: the dashboard with the admin's zone" -b "$JS"
body_has 'Times in Europe/Berlin.'
ok $? "$s: pages: ... says its times are in Europe/Berlin"
[ "$(api PATCH "$C/api/v1/me" '{"time_zone":"Narnia/Cair"}' "$tok_sup")" = 400 ] &&
    [ "$(fields)" = time_zone ]
ok $? "$s: PATCH /api/v1/me a made-up time zone: 400 on time_zone"
[ "$(api PATCH "$C/api/v1/me" '{"time_zone":"Asia/Tokyo"}' "$tok_sup")" = 200 ] &&
    [ "$(jb 'j.time_zone+" "+j.name')" = "Asia/Tokyo Sue S." ]
ok $? "$s: PATCH /api/v1/me Asia/Tokyo: 200, the name kept"
[ "$(api PATCH "$C/api/v1/me" '{"time_zone":""}' "$tok_sup")" = 200 ] &&
    [ "$(jb 'j.time_zone')" = UTC ]
ok $? "$s: PATCH /api/v1/me an empty time zone: back to UTC"
[ "$(api PATCH "$C/api/v1/me" '{}' "$tok_sup")" = 400 ]
ok $? "$s: PATCH /api/v1/me with nothing to change: 400"
[ "$(api POST "$C/api/v1/me/password" "{\"current\":\"wrong password here\",\"password\":\"$PW2\"}" "$tok_sup")" = 400 ] &&
    [ "$(fields)" = current ]
ok $? "$s: a password change with a wrong current one: 400 on current"
[ "$(api POST "$C/api/v1/me/password" "{\"current\":\"$PW\",\"password\":\"short\"}" "$tok_sup")" = 400 ] &&
    [ "$(fields)" = password ]
ok $? "$s: a weak new password: 400 on password"
expect 200 "$C/api/v1/me" "$s: ... nothing ended" -H "Authorization: Bearer $tok_sup"
[ "$(api POST "$C/api/v1/me/password" "{\"current\":\"$PW\",\"password\":\"$PW2\"}" "$tok_sup")" = 204 ]
ok $? "$s: a password change: 204"
expect 401 "$C/api/v1/me" "$s: ... the token is dead" \
    -H "Authorization: Bearer $tok_sup"
[ "$(fetch "$C/" -b "$JS")" = 303 ] && [ "$(loc)" = /login ]
ok $? "$s: ... the page session too"
[ "$(signin "$C" "$SUP" "$PW")" = 401 ]
ok $? "$s: ... the old password fails"
[ "$(signin "$C" "$SUP" "$PW2")" = 201 ]
ok $? "$s: ... the new one works"
tok_sup=$(jb 'j.token')

# 2FA is optional for support: opting in keeps the (full) session
expect 200 "$C/api/v1/me" "$s: support: me" -H "Authorization: Bearer $tok_sup"
[ "$(jb 'j.stage+" "+j.mfa_enabled')" = "full false" ]
ok $? "$s: ... full, 2FA off"
[ "$(api POST "$C/api/v1/me/mfa/recovery-codes" '{"code":"123456"}' "$tok_sup")" = 409 ]
ok $? "$s: ... no recovery codes without 2FA: 409"
[ "$(api POST "$C/api/v1/me/mfa" '' "$tok_sup")" = 201 ]
ok $? "$s: support opts in to 2FA: 201"
SUP_SECRET=$(jb 'j.secret')
read -r _ code < <(totp_step "$SUP_SECRET")
[ "$(api POST "$C/api/v1/me/mfa/confirm" "{\"code\":\"$code\"}" "$tok_sup")" = 200 ] &&
    recovery_ok && [ "$(jb 'j.token')" = undefined ]
ok $? "$s: ... confirmed: ten recovery codes, no new token (already full)"
expect 200 "$C/api/v1/me" "$s: ... the session goes on" \
    -H "Authorization: Bearer $tok_sup"
[ "$(jb 'j.stage+" "+j.mfa_enabled+" "+j.mfa_required')" = "full true false" ]
ok $? "$s: ... me says 2FA on (got: $(jb 'j.stage+" "+j.mfa_enabled+" "+j.mfa_required'))"
[ "$(api POST "$C/api/v1/me/mfa" '' "$tok_sup")" = 409 ]
ok $? "$s: ... POST /api/v1/me/mfa again: 409"
[ "$(signin "$C" "$SUP" "$PW2" "$(totp_wrong "$SUP_SECRET")")" = 401 ]
ok $? "$s: ... now a sign-in with a wrong code: 401"

# ---- TOTP once per step; new recovery codes ------------------------------

read -r step code < <(code_after "$OWN_SECRET" "$OWN_STEP")
[ "$(signin "$C" "$OWN" "$PW" "$code")" = 201 ] && [ "$(jb 'j.stage')" = full ]
ok $? "$s: owner: a TOTP code of a later step signs in"
tok_own=$(jb 'j.token')
OWN_STEP=$step

read -r step code < <(code_after "$OPS_SECRET" "$OPS_STEP")
[ "$(api POST "$C/api/v1/me/mfa/recovery-codes" "{\"code\":\"$(totp_wrong "$OPS_SECRET")\"}" "$tok_ops")" = 400 ] &&
    [ "$(fields)" = code ]
ok $? "$s: new recovery codes with a wrong code: 400 on code"
[ "$(api POST "$C/api/v1/me/mfa/recovery-codes" '{}' "$tok_ops")" = 400 ] &&
    [ "$(fields)" = code ]
ok $? "$s: ... without a code: 400 on code"
[ "$(api POST "$C/api/v1/me/mfa/recovery-codes" "{\"code\":\"$code\"}" "$tok_ops")" = 200 ] &&
    recovery_ok && head_has '^cache-control: no-store'
ok $? "$s: new recovery codes with the current code: ten, not cached"
read -ra NEW_REC <<<"$(jb 'j.recovery_codes.join(" ")')"
[ "$(api POST "$C/api/v1/me/mfa/recovery-codes" "{\"code\":\"$code\"}" "$tok_ops")" = 400 ]
ok $? "$s: ... the same TOTP code again: 400"
[ "$(signin "$C" "$OPS" "$PW" "${OPS_REC[1]}")" = 401 ]
ok $? "$s: an old recovery code (never used) fails now"
[ "$(signin "$C" "$OPS" "$PW" "${NEW_REC[0]}")" = 201 ]
ok $? "$s: a new one works"
[ "$(api POST "$C/api/v1/me/mfa/recovery-codes" "{\"code\":\"${NEW_REC[1]}\"}" "$tok_ops")" = 400 ] &&
    [ "$(fields)" = code ]
ok $? "$s: new recovery codes need a TOTP code, not a recovery code (got $(jb 'j.status||"200"'))"

# ---- pages: the code after the password -----------------------------------

J=$E2E_TMP/jar-own
[ "$(page_login "$C" "$J" "$OWN" "$PW")" = 303 ] && [ "$(loc)" = /login/code ] &&
    head_has '^set-cookie: souk_center=sa_[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Lax'
ok $? "$s: pages: owner with 2FA: the password, then /login/code"
sid_mfa=$(cookie_of "$J" souk_center)
read -r st kind left < <(session "$sid_mfa")
[ "$st $kind" = "mfa cookie" ] && [ "$left" -gt 590 ] && [ "$left" -le 600 ]
ok $? "$s: pages: ... a cookie session awaiting the code, ending in ${left:-?} s"
for p in / /admins /account /account/2fa /login; do
	[ "$(fetch "$C$p" -b "$J")" = 303 ] && [ "$(loc)" = /login/code ]
	ok $? "$s: pages: code awaited: $p sends to /login/code"
done
expect 401 "$C/api/v1/me" "$s: code awaited: the session is no token for the API" \
    -H "Authorization: Bearer $sid_mfa"
expect 200 "$C/login/code" "$s: pages: the code form" -b "$J"
body_has 'action="/login/code"' && body_has 'name="code"' && [ -n "$(csrf_of)" ]
ok $? "$s: pages: ... a code field and the form's token"
expect 403 "$C/login/code" "$s: pages: a code without the form's token" \
    -b "$J" --data-urlencode "code=000000"
[ "$(page_code "$C" "$J" "${OWN_REC[0]}")" = 401 ] && body_has 'not right'
ok $? "$s: pages: a spent recovery code: 401, says so"
[ "$(cookie_of "$J" souk_center)" = "$sid_mfa" ]
ok $? "$s: pages: ... the session waits on"
[ "$(page_code "$C" "$J" "${OWN_REC[2]}")" = 303 ] && [ "$(loc)" = / ] &&
    head_has '^set-cookie: souk_center=sa_[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Lax'
ok $? "$s: pages: an unused recovery code: the dashboard"
sid_full=$(cookie_of "$J" souk_center)
[ -n "$sid_full" ] && [ "$sid_full" != "$sid_mfa" ]
ok $? "$s: pages: ... with a new session id"
[ "$(fetch "$C/login/code" -b "souk_center=$sid_mfa")" = 303 ] && [ "$(loc)" = /login ]
ok $? "$s: pages: the code-awaiting session is dead"
expect 200 "$C/" "$s: pages: the dashboard" -b "$J"
body_has 'Olga (owner)'
ok $? "$s: pages: ... names the owner"
expect 200 "$C/account/2fa" "$s: pages: the 2FA page with 2FA on" -b "$J"
body_has 'Two-factor sign-in is on' && body_has 'Recovery codes left: 8' &&
    body_has 'action="/account/2fa/recovery"' && [ -z "$(code_of)" ]
ok $? "$s: pages: ... 8 recovery codes left, no secret shown"
expect 409 "$C/account/2fa" "$s: pages: enrolling again: 409" -b "$J" \
    --data-urlencode "code=$(totp_wrong "$OWN_SECRET")" \
    --data-urlencode "csrf=$(csrf_of)"
expect 200 "$C/admins" "$s: pages: owner: the admins" -b "$J"
body_has 'action="/admins"' && body_has "action=\"/admins/$SUP_ID\"" &&
    body_has "Disable $SUP" && body_has "Enable $NEW"
ok $? "$s: pages: ... with the invite form and a form per admin"
a_csrf=$(csrf_of)
expect 403 "$C/admins" "$s: pages: inviting without the form's token" -b "$J" \
    --data-urlencode "email=$PGN" --data-urlencode role=auditor
expect 201 "$C/admins" "$s: pages: owner invites" -b "$J" \
    --data-urlencode "email=$PGN" --data-urlencode "name=Paula Pages" \
    --data-urlencode role=auditor --data-urlencode "csrf=$a_csrf"
link=$(code_of)
[[ $link =~ ^http://center\.$BASE_DOMAIN:$NGINX_PORT/invite\?token=si_[0-9a-f]{64}$ ]] &&
    body_has "$PGN"
ok $? "$s: pages: ... the setup link is shown"
expect 200 "$C/admins" "$s: pages: the list again" -b "$J"
! body_has "${link#*token=}" && body_has "$PGN"
ok $? "$s: pages: ... lists the invitee, the link is shown only once"
expect 409 "$C/admins" "$s: pages: inviting a taken e-mail: 409" -b "$J" \
    --data-urlencode "email=$PGN" --data-urlencode role=auditor \
    --data-urlencode "csrf=$a_csrf"
JI=$E2E_TMP/jar-inv
rm -f "$JI"
expect_link 200 "$link" "$s: pages: the invitee opens the link" "$JI"
i_csrf=$(csrf_of)
expect 403 "$C/invite" "$s: pages: joining without the form's token" -b "$JI" \
    --data-urlencode "password=$PW"
expect 400 "$C/invite" "$s: pages: joining with a weak password" -b "$JI" \
    --data-urlencode "password=short" --data-urlencode "csrf=$i_csrf"
expect 200 "$C/invite" "$s: pages: joining (the token from the link's cookie)" \
    -b "$JI" -c "$JI" --data-urlencode "password=$PW" \
    --data-urlencode "name=Paula P." --data-urlencode "csrf=$i_csrf"
body_has 'Your account is ready'
ok $? "$s: pages: ... the account is ready"
expect_link 410 "$link" "$s: pages: the link is spent"
pgn_id=$(centerdb "SELECT id FROM platform_admins WHERE email = '$PGN'")
expect 200 "$C/admins/$pgn_id" "$s: pages: owner disables the page invitee" \
    -b "$J" --data-urlencode status=disabled --data-urlencode "csrf=$a_csrf"
body_has 'sessions have ended' && body_has "Enable $PGN"
ok $? "$s: pages: ... saved"
[ "$(api GET "$C/api/v1/admins/$pgn_id" '' "$tok_own")" = 200 ] &&
    [ "$(jb 'j.name+" "+j.role+" "+j.status')" = "Paula P. auditor disabled" ]
ok $? "$s: ... the API agrees (name, role, disabled)"
expect 200 "$C/account" "$s: pages: owner: my account" -b "$J"
body_has 'Two-factor sign-in: <strong>on</strong>'
ok $? "$s: pages: ... 2FA on"
expect 303 "$C/logout" "$s: pages: sign out" -b "$J" -c "$J" \
    --data-urlencode "csrf=$a_csrf"
[ "$(fetch "$C/" -b "souk_center=$sid_full")" = 303 ] && [ "$(loc)" = /login ]
ok $? "$s: pages: ... the session is dead"

# ---- Apache: a smaller set --------------------------------------------------

C=$APA
s=apache
[ "$(signin "$C" "$APO" "$PW")" = 201 ] && [ "$(jb 'j.stage+" "+j.expires_in')" = "enroll 600" ]
ok $? "$s: ops without 2FA: stage enroll"
tok_enr=$(jb 'j.token')
expect 403 "$C/api/v1/admins" "$s: enroll: the admin list is closed" \
    -H "Authorization: Bearer $tok_enr"
[ "$(api POST "$C/api/v1/me/mfa" '' "$tok_enr")" = 201 ]
ok $? "$s: POST /api/v1/me/mfa: 201"
APO_SECRET=$(jb 'j.secret')
read -r _ code < <(totp_step "$APO_SECRET")
[ "$(api POST "$C/api/v1/me/mfa/confirm" "{\"code\":\"$code\"}" "$tok_enr")" = 200 ] &&
    recovery_ok
ok $? "$s: confirm: 200, ten recovery codes"
tok_apo=$(jb 'j.token')
read -ra APO_REC <<<"$(jb 'j.recovery_codes.join(" ")')"
expect 401 "$C/api/v1/me" "$s: the enrolment token is dead" \
    -H "Authorization: Bearer $tok_enr"
expect 200 "$C/api/v1/admins" "$s: the new token reads the admins" \
    -H "Authorization: Bearer $tok_apo"
[ "$(signin "$C" "$APO" "$PW" "${APO_REC[0]}")" = 201 ] && [ "$(jb 'j.stage')" = full ]
ok $? "$s: a recovery code signs in"
[ "$(api POST "$C/api/v1/admins" "{\"email\":\"$APN\",\"role\":\"support\"}" "$tok_apo")" = 403 ]
ok $? "$s: ops may not invite"
[ "$(api POST "$C/api/v1/admins" "{\"email\":\"$APN\",\"role\":\"support\"}" "$tok_own")" = 201 ]
ok $? "$s: the owner invites"
setup=$(jb 'j.setup_url')
[[ $setup =~ ^http://center\.$BASE_DOMAIN:$APACHE_PORT/invite\?token=si_[0-9a-f]{64}$ ]]
ok $? "$s: ... a setup link on this server ($setup)"
expect_link 200 "$setup" "$s: the setup link shows a form"
[ "$(api POST "$C/api/v1/invitations/accept" "{\"token\":\"${setup#*token=}\",\"password\":\"$PW\"}")" = 204 ]
ok $? "$s: accept: 204"
expect_link 410 "$setup" "$s: ... then the link is spent"
[ "$(fetch "$C/account/2fa")" = 303 ] && [ "$(loc)" = /login ]
ok $? "$s: pages: /account/2fa needs a session"
expect 200 "$C/" "$s: pages: ops's session from the page enrolment" \
    -b "$E2E_TMP/jar-ops"

n=$(wc -l <"$E2E_TMP/attempts")
echo "# center sign-in attempts (token API, /login, /login/code): $n"
[ -s "$E2E_TMP/throttled" ] &&
    echo "# $(wc -l <"$E2E_TMP/throttled") of them got 429 and were tried again"
tap_done
