#!/usr/bin/env bash
# Optional two-factor sign-in for shop staff (TOTP and recovery codes),
# through the backoffice's API and pages, on nginx.  Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
PW='staff passphrase long enough'
B="http://demo.$BASE_DOMAIN:$NGINX_PORT"
E="mfa-$RUN@demo.test"
J=$E2E_TMP/jar
next_step() { sleep $((30 - $(date +%s) % 30 + 1)); }
signin() { auth_token "$B/admin" "$E" "$PW" "${1:-}"; }	# signin [OTP]: the status

printf '%s\n' "$PW" | ctl staff create --tenant demo --email "$E" \
    --role manager >/dev/null
[ "$(signin)" = 201 ]
ok $? "a member without two-factor signs in with the password alone"
tok=$(json j.token <"$E2E_TMP/body")
[ "$(api GET "$B/admin/api/v1/me" '' "$tok")" = 200 ] &&
    [ "$(json j.mfa_enabled <"$E2E_TMP/body")" = false ]
ok $? "/me: two-factor off"
[ "$(api POST "$B/admin/api/v1/me/mfa" '' "$tok")" = 201 ]
ok $? "start two-factor: a secret"
secret=$(json j.secret <"$E2E_TMP/body")
grep -q "otpauth://totp/Demo%20Outfitters%20backoffice:" "$E2E_TMP/body"
ok $? "... and an otpauth URI naming the shop's backoffice"
[ "$(api POST "$B/admin/api/v1/me/mfa/confirm" '{"code":"000000"}' "$tok")" = 400 ]
ok $? "a wrong code does not turn it on"
used=$(totp "$secret")	# the very code that turns it on
[ "$(api POST "$B/admin/api/v1/me/mfa/confirm" "{\"code\":\"$used\"}" "$tok")" = 200 ] &&
    [ "$(json 'new Set(j.recovery_codes).size' <"$E2E_TMP/body")" = 10 ]
ok $? "the right code turns it on, with 10 recovery codes"
rc1=$(json 'j.recovery_codes[0]' <"$E2E_TMP/body")
rc2=$(json 'j.recovery_codes[1]' <"$E2E_TMP/body")
[ "$(api GET "$B/admin/api/v1/me" '' "$tok")" = 200 ] &&
    [ "$(json j.mfa_enabled <"$E2E_TMP/body")" = true ]
ok $? "/me at once: two-factor on (its session stays)"
[ "$(api POST "$B/admin/api/v1/me/mfa" '' "$tok")" = 409 ]
ok $? "starting it again: 409"

[ "$(signin)" = 401 ] && json 'j.title+"|"+j.detail+"|"+JSON.stringify(j.errors||[])' \
    <"$E2E_TMP/body" >"$E2E_TMP/right-pw"
ok $? "the password alone now gets 401 and no token"
E_RIGHT=$E
E="nobody-$E"
signin >/dev/null
E=$E_RIGHT
json 'j.title+"|"+j.detail+"|"+JSON.stringify(j.errors||[])' <"$E2E_TMP/body" |
    cmp -s - "$E2E_TMP/right-pw"
ok $? "... the very answer an unknown account gets: the password's rightness does not show"
[ "$(signin 123456)" = 401 ]
ok $? "a wrong code: 401"
[ "$(signin "$used")" = 401 ]
ok $? "the code already used to turn it on: 401 (each code once)"
[ "$(signin "$rc1")" = 201 ]
ok $? "a recovery code signs in"
tok2=$(json j.token <"$E2E_TMP/body")
[ "$(signin "$rc1")" = 401 ]
ok $? "... once"
[ "$(api POST "$B/admin/api/v1/me/mfa/recovery-codes" "{\"code\":\"$rc2\"}" "$tok2")" = 400 ]
ok $? "new recovery codes need a code of the app, not a recovery code"

# The pages: the code comes after the password.
rm -f "$J"
expect 200 "$B/admin/login" "the sign-in page" -c "$J"
expect 303 "$B/admin/login" "the password" -b "$J" -c "$J" \
    --data-urlencode "email=$E" --data-urlencode "password=$PW" \
    --data-urlencode "csrf=$(csrf_of)"
head_has '^location: /admin/login/code[[:space:]]*$'
ok $? "... leads to the code page"
pending=$(cookie_of "$J" souk_staff)
expect 303 "$B/admin/" "the dashboard before the code" -b "$J"
head_has '^location: /admin/login/code'
ok $? "... sends back to the code page"
[ "$(api GET "$B/admin/api/v1/me" '' "$pending")" = 401 ]
ok $? "a session awaiting its code is no token for the API"
expect 200 "$B/admin/login/code" "the code page" -b "$J"
expect 403 "$B/admin/login/code" "a code without the form's token" -b "$J" \
    --data-urlencode "code=$rc2"
expect 200 "$B/admin/login/code" "the code page again" -b "$J"
expect 401 "$B/admin/login/code" "a wrong code" -b "$J" -c "$J" \
    --data-urlencode "code=000000" --data-urlencode "csrf=$(csrf_of)"
expect 303 "$B/admin/login/code" "a recovery code" -b "$J" -c "$J" \
    --data-urlencode "code=$rc2" --data-urlencode "csrf=$(csrf_of)"
head_has '^location: /admin/[[:space:]]*$'
ok $? "... leads to the dashboard"
full=$(cookie_of "$J" souk_staff)
[ -n "$full" ] && [ "$full" != "$pending" ]
ok $? "... with a new session id"
expect 200 "$B/admin/" "the dashboard" -b "$J"
expect 303 "$B/admin/" "the session that awaited its code is gone" \
    -b "souk_staff=$pending"
expect 200 "$B/admin/account/2fa" "the two-factor page" -b "$J"
body_has 'Recovery codes left: 8'
ok $? "... counts the recovery codes left"

# Off again, with a fresh code of the app (the next step).
next_step
[ "$(api DELETE "$B/admin/api/v1/me/mfa" '{"code":"000000"}' "$tok2")" = 400 ]
ok $? "turning it off needs the right code"
[ "$(api DELETE "$B/admin/api/v1/me/mfa" "{\"code\":\"$(totp "$secret")\"}" "$tok2")" = 204 ]
ok $? "turning it off"
[ "$(signin)" = 201 ]
ok $? "the password alone works again"
tap_done
