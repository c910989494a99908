#!/usr/bin/env bash
# Platform admins: soukctl admin create, then Center's token API through
# nginx and Apache, and the pages' cookie session.  Owners and ops must
# use two-factor sign-in: a new owner gets an enrolment session (stage
# enroll); the cookie-session checks use a support admin, for whom it is
# optional (two-factor itself: center_admins.sh).  Prints TAP.
#
# Sign-ins are throttled per minute (10 failures per e-mail, 30 per
# client address): this run makes 24 attempts; 16 fail (10 of them on
# purpose, for the throttle) and the last one is throttled.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

# The web servers may be restarted under us: a refused connection, a 502
# or a 503 is tried again after a pause.
E2E_RETRY='000 502 503'

RUN=$(date +%s)-$$
OWNER="owner-$RUN@example.com"
AUDITOR="auditor-$RUN@example.com"
PW='a long enough passphrase'

printf '%s\n' "$PW" | ctl admin create --email "$OWNER" --role owner \
    --name 'Olga Owner' >/dev/null
ok $? "admin create: an owner"
printf '%s\n' "$PW" | ctl admin create --email "$AUDITOR" --role auditor \
    >/dev/null
ok $? "admin create: an auditor"
out=$(printf 'short\n' | ctl admin create --email "x-$RUN@example.com" \
    --role owner 2>&1)
[ $? = 1 ] && grep -q 'at least 12 characters' <<<"$out"
ok $? "admin create refuses a short password"
out=$(printf 'Password1234\n' | ctl admin create --email "y-$RUN@example.com" \
    --role owner 2>&1)
[ $? = 1 ] && grep -q 'most common' <<<"$out"
ok $? "admin create refuses a common password"
out=$(printf '%s\n' "$PW" | ctl admin create --email "$OWNER" --role owner 2>&1)
[ $? = 1 ] && grep -q 'already exists' <<<"$out"
ok $? "admin create refuses a taken e-mail"

for server in nginx:$NGINX_PORT apache:$APACHE_PORT; do
	s=${server%%:*}
	C="http://center.$BASE_DOMAIN:${server#*:}"
	[ "$(auth_token "$C" "$OWNER" 'wrong password here')" = 401 ] &&
	    detail_wrong=$(json 'j.detail' <"$E2E_TMP/body")
	ok $? "$s: a wrong password: 401"
	[ "$(auth_token "$C" "nobody-$RUN@example.com" "$PW")" = 401 ] &&
	    [ "$(json 'j.detail' <"$E2E_TMP/body")" = "$detail_wrong" ]
	ok $? "$s: an unknown e-mail gets the very same answer"
	[ "$(auth_token "$C" "${OWNER^^}" "$PW")" = 201 ] &&
	    head_has '^cache-control: no-store'
	ok $? "$s: sign in (e-mail case does not matter): 201, not cached"
	token=$(json 'j.token' <"$E2E_TMP/body")
	[[ $token =~ ^sa_[0-9a-f]{64}$ ]]
	ok $? "$s: the token is 256 random bits"
	# an owner without two-factor: only enrolment is open, for 10 minutes
	[ "$(json 'j.token_type+" "+j.stage+" "+j.expires_in+" "+j.idle_timeout' \
	    <"$E2E_TMP/body")" = "Bearer enroll 600 1800" ]
	ok $? "$s: the owner has no two-factor yet: stage enroll, 600 s"
	expect 200 "$C/api/v1/me" "$s: /api/v1/me with the token" \
	    -H "Authorization: Bearer $token"
	[ "$(json 'j.email+" "+j.role+" "+j.name' <"$E2E_TMP/body")" = \
	    "$OWNER owner Olga Owner" ] &&
	    json 'j.permissions.join(",")' <"$E2E_TMP/body" |
	    grep -q 'audit.read.*tenants.write'
	ok $? "$s: the profile and the owner's permissions"
	[ "$(json 'j.stage+" "+j.mfa_enabled+" "+j.mfa_required' \
	    <"$E2E_TMP/body")" = "enroll false true" ]
	ok $? "$s: ... stage enroll, two-factor off and required"
	expect 403 "$C/api/v1/admins" "$s: ... nothing else is open yet" \
	    -H "Authorization: Bearer $token"
	expect 401 "$C/api/v1/me" "$s: /api/v1/me without a token"
	expect 401 "$C/api/v1/me" "$s: /api/v1/me with a made-up token" \
	    -H "Authorization: Bearer sa_$(printf '%064d' 0)"
	expect 204 "$C/api/v1/auth/token" "$s: sign out" -X DELETE \
	    -H "Authorization: Bearer $token"
	expect 401 "$C/api/v1/me" "$s: the token is dead after sign-out" \
	    -H "Authorization: Bearer $token"
done

# ---- the pages: cookie session, CSRF ------------------------------------

# (another admin: sign-ins per account are limited per minute; support,
# whose sign-in needs no second factor)
PAGES="pages-$RUN@example.com"
printf '%s\n' "$PW" | ctl admin create --email "$PAGES" --role support \
    --name 'Pat Pages' >/dev/null

for server in nginx:$NGINX_PORT apache:$APACHE_PORT; do
	s=${server%%:*}
	C="http://center.$BASE_DOMAIN:${server#*:}"
	J=$E2E_TMP/jar-$s
	rm -f "$J"
	expect 200 "$C/login" "$s: the sign-in page" -c "$J"
	head_has '^set-cookie: souk_center_form=[0-9a-f]*; Path=/; HttpOnly; SameSite=Lax'
	ok $? "$s: its form token is also an HttpOnly, SameSite cookie"
	expect 403 "$C/login" "$s: a sign-in without the form's token" -b "$J" \
	    -c "$J" --data-urlencode "email=$PAGES" --data-urlencode "password=$PW"
	! head_has '^set-cookie: souk_center='
	ok $? "$s: ... starts no session"
	expect 401 "$C/login" "$s: a wrong password on the page" -b "$J" -c "$J" \
	    --data-urlencode "email=$PAGES" --data-urlencode "password=nope nope nope" \
	    --data-urlencode "csrf=$(csrf_of)"
	body_has 'The e-mail address or the password is wrong' &&
	    body_has "value=\"$PAGES\""
	ok $? "$s: ... says so, keeps the e-mail, not the password"
	expect 303 "$C/login" "$s: sign in on the page" -b "$J" -c "$J" \
	    --data-urlencode "email=$PAGES" --data-urlencode "password=$PW" \
	    --data-urlencode "csrf=$(csrf_of)"
	head_has '^location: /[[:space:]]*$' &&
	    head_has '^set-cookie: souk_center=sa_[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Lax'
	ok $? "$s: ... a session cookie, HttpOnly and SameSite, then the dashboard"
	sid1=$(cookie_of "$J" souk_center)
	expect 200 "$C/" "$s: the dashboard with the session" -b "$J"
	body_has 'Pat Pages (support)' && body_has 'action="/logout"'
	ok $? "$s: it names the admin and offers sign-out"
	out_csrf=$(csrf_of)
	expect 200 "$C/login" "$s: sign in again from a second browser" -c "$J.2"
	expect 303 "$C/login" "$s: ..." -b "$J.2" -c "$J.2" \
	    --data-urlencode "email=$PAGES" --data-urlencode "password=$PW" \
	    --data-urlencode "csrf=$(csrf_of)"
	[ "$(cookie_of "$J.2" souk_center)" != "$sid1" ]
	ok $? "$s: every sign-in gets a new session id"
	expect 403 "$C/logout" "$s: sign-out without the form's token" -b "$J" \
	    -X POST
	expect 200 "$C/" "$s: ... changes nothing" -b "$J"
	expect 303 "$C/logout" "$s: sign out" -b "$J" -c "$J" \
	    --data-urlencode "csrf=$out_csrf"
	head_has '^set-cookie: souk_center=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0'
	ok $? "$s: ... clears the cookie"
	expect 303 "$C/" "$s: the old session is dead" -b "souk_center=$sid1"
	expect 401 "$C/api/v1/me" "$s: ... for the API too" \
	    -H "Authorization: Bearer $sid1"
	expect 200 "$C/" "$s: the other browser is still signed in" -b "$J.2"
done

C="http://center.$BASE_DOMAIN:$NGINX_PORT"
auth_token "$C" "$AUDITOR" "$PW" >/dev/null
token=$(json 'j.token' <"$E2E_TMP/body")
expect 200 "$C/api/v1/me" "auditor: /api/v1/me" -H "Authorization: Bearer $token"
perms=$(json 'j.permissions.join(",")' <"$E2E_TMP/body")
[ "$perms" = "admins.read,audit.read,tenants.read" ]
ok $? "auditor: read-only permissions ($perms)"
[ "$(json 'j.stage+" "+j.mfa_enabled+" "+j.mfa_required' <"$E2E_TMP/body")" = \
    "full false false" ]
ok $? "auditor: a full session, two-factor optional"
grep -q "caller=admin:[0-9]* route=me" "$LOG_DIR/center.log"
ok $? "the request log names the admin"

# a guesser is slowed down: 10 tries a minute for one account (counted
# per wall-clock minute: the tries start early enough in one)
VICTIM="victim-$RUN@example.com"
[ "$(date +%S | sed 's/^0//')" -lt 50 ] || sleep $((61 - $(date +%S | sed 's/^0//')))
for i in $(seq 1 10); do auth_token "$C" "$VICTIM" "guess number $i" >/dev/null; done
expect 429 "$C/api/v1/auth/token" "the 11th try in a minute: 429" \
    -H 'Content-Type: application/json' \
    --data-raw "{\"email\":\"$VICTIM\",\"password\":\"guess 11\"}"
head_has '^retry-after: [0-9]'
ok $? "429 says Retry-After"
expect 400 "$C/api/v1/auth/token" "no password: 400" \
    -H 'Content-Type: application/json' --data-raw '{"email":"a@b.c"}'
tap_done
