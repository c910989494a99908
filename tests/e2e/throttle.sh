#!/usr/bin/env bash
# Sign-in throttling from several client addresses (127.0.0.2… are
# loopback addresses too).  Failures count per (account, client
# address): 50 wrong passwords against one account from five addresses
# are each refused as wrong and block nobody else, so the owner signs in
# from their own address.  An address past 10 failures a minute on an
# account is refused even the right password; with two-factor on, the
# right password and a right second factor still go through (API and
# page), so nobody can lock such an owner out.  One address guessing
# many accounts is stopped after 30 failures while another address is
# not.  The block ends with the minute.  Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
PW='staff passphrase long enough'
B="http://demo.$BASE_DOMAIN:$NGINX_PORT"
E="victim-$RUN@demo.test"
M="guarded-$RUN@demo.test"
signin() {	# signin ADDRESS EMAIL PASSWORD [OTP]: the status
	local otp=
	[ -n "${4:-}" ] && otp=",\"otp\":\"$4\""
	curl -s -o "$E2E_TMP/body" -D "$E2E_TMP/head" -w '%{http_code}' \
	    --max-time 10 --interface "$1" -H 'Content-Type: application/json' \
	    --data-raw "{\"email\":\"$2\",\"password\":\"$3\"$otp}" \
	    "$B/admin/api/v1/auth/token"
}
# page ADDRESS [CURL ARGS…]: a backoffice page from ADDRESS; the status
page() {
	local addr=$1
	shift
	curl -s -o "$E2E_TMP/body" -D "$E2E_TMP/head" -w '%{http_code}' \
	    --max-time 10 --interface "$addr" -b "$E2E_TMP/jar" \
	    -c "$E2E_TMP/jar" "$@"
}

for who in "$E" "$M"; do
	printf '%s\n' "$PW" | ctl staff create --tenant demo --email "$who" \
	    --role staff >/dev/null
done
# M turns two-factor on and keeps its recovery codes.
signin 127.0.0.1 "$M" "$PW" >/dev/null
tok=$(json j.token <"$E2E_TMP/body")
curl -s -o "$E2E_TMP/body" -X POST -H "Authorization: Bearer $tok" \
    "$B/admin/api/v1/me/mfa"
secret=$(json j.secret <"$E2E_TMP/body")
curl -s -o "$E2E_TMP/body" -H "Authorization: Bearer $tok" \
    -H 'Content-Type: application/json' \
    --data-raw "{\"code\":\"$(totp "$secret")\"}" "$B/admin/api/v1/me/mfa/confirm"
mapfile -t RC < <(json 'j.recovery_codes.join("\n")' <"$E2E_TMP/body")
[ "${#RC[@]}" = 10 ]
ok $? "an account with two-factor on, ten recovery codes kept"

# All of it within one minute's window.
[ "$(date +%S)" -lt 20 ] || sleep $((61 - 10#$(date +%S)))

declare -A seen=()
for i in $(seq 1 10); do
	for a in 2 3 4 5 6; do
		st=$(signin "127.0.0.$a" "$E" "guess $a.$i")
		seen[$st]=$(( ${seen[$st]:-0} + 1 ))
	done
done
[ "${seen[401]:-0}" = 50 ]
ok $? "50 wrong passwords from 5 addresses: each refused as wrong, none blocked (401 ${seen[401]:-0}, 429 ${seen[429]:-0}, 201 ${seen[201]:-0})"
st=$(signin 127.0.0.9 "$E" "$PW")
[ "$st" = 201 ]
ok $? "... the owner's right password from their own address: 201 ($st)"
st=$(signin 127.0.0.2 "$E" "$PW")
[ "$st" = 429 ] && head_has '^retry-after: [0-9]'
ok $? "an address past 10 failures, even with the right password: 429 with Retry-After ($st)"
grep -q 'Too many failed sign-ins' "$E2E_TMP/body"
ok $? "... saying why, nothing about the account"
st=$(signin 127.0.0.2 "$E" "$PW" 123456)
[ "$st" = 429 ]
ok $? "... a code does not help an account without two-factor ($st)"

n401=0
for i in $(seq 1 10); do
	[ "$(signin 127.0.0.3 "$M" "guess $i")" = 401 ] && n401=$((n401 + 1))
done
[ "$n401" = 10 ] && [ "$(signin 127.0.0.3 "$M" "$PW")" = 429 ]
ok $? "two-factor account: 10 wrong passwords from one address, then even the right one alone: 429 ($n401)"
st=$(signin 127.0.0.3 "$M" "$PW" 000000)
[ "$st" = 429 ]
ok $? "... the right password with a wrong code: 429 ($st)"
st=$(signin 127.0.0.3 "$M" "wrong" "${RC[0]}")
[ "$st" = 429 ]
ok $? "... a right code with a wrong password: 429 ($st)"
st=$(signin 127.0.0.3 "$M" "$PW" "${RC[1]}")
[ "$st" = 201 ] && [ "$(json j.stage <"$E2E_TMP/body")" = full ]
ok $? "... the right password and a right second factor sign in despite the block ($st)"

rm -f "$E2E_TMP/jar"
page 127.0.0.3 "$B/admin/login" >/dev/null
st=$(page 127.0.0.3 "$B/admin/login" --data-urlencode "email=$M" \
    --data-urlencode "password=$PW" --data-urlencode "csrf=$(csrf_of)")
[ "$st" = 429 ] && grep -q 'name="code"' "$E2E_TMP/body"
ok $? "the page, blocked: 429, and the form asks for a code with the password ($st)"
st=$(page 127.0.0.3 "$B/admin/login" --data-urlencode "email=$M" \
    --data-urlencode "password=$PW" --data-urlencode "code=${RC[2]}" \
    --data-urlencode "csrf=$(csrf_of)")
[ "$st" = 303 ] && head_has '^location: /admin/[[:space:]]*$'
ok $? "... the password with a recovery code signs in: 303 to the dashboard ($st)"

# One address guessing many accounts.
n401=0
for i in $(seq 1 30); do
	st=$(signin 127.0.0.7 "nobody-$i-$RUN@demo.test" "guess")
	[ "$st" = 401 ] && n401=$((n401 + 1))
done
[ "$n401" = 30 ]
ok $? "30 unknown accounts from one address: 401 each ($n401)"
st=$(signin 127.0.0.7 "nobody-31-$RUN@demo.test" "guess")
[ "$st" = 429 ]
ok $? "the 31st from that address: 429 ($st)"
st=$(signin 127.0.0.8 "nobody-31-$RUN@demo.test" "guess")
[ "$st" = 401 ]
ok $? "the same guess from another address: 401, not blocked ($st)"

# The block ends with the minute.
sleep $((61 - 10#$(date +%S)))
st=$(signin 127.0.0.2 "$E" "$PW")
[ "$st" = 201 ]
ok $? "the next minute, the owner of the account signs in from that address too ($st)"
tap_done
