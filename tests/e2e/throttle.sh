#!/usr/bin/env bash
# Sign-in throttling from several client addresses (127.0.0.2… are
# loopback addresses too): 50 wrong passwords in a minute against one
# account from five addresses are all refused, the owner's right password
# too while the block lasts, and works once the minute is over; one
# address guessing many accounts is stopped after 30 failures while
# another address is not.  Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
PW='staff passphrase long enough'
B="http://demo.$BASE_DOMAIN:$NGINX_PORT"
E="victim-$RUN@demo.test"
signin() {	# signin ADDRESS EMAIL PASSWORD: the status
	curl -s -o "$E2E_TMP/body" -D "$E2E_TMP/head" -w '%{http_code}' \
	    --max-time 10 --interface "$1" -H 'Content-Type: application/json' \
	    --data-raw "{\"email\":\"$2\",\"password\":\"$3\"}" \
	    "$B/admin/api/v1/auth/token"
}

printf '%s\n' "$PW" | ctl staff create --tenant demo --email "$E" \
    --role staff >/dev/null
# All of it within one minute's window.
[ "$(date +%S)" -lt 25 ] || sleep $((61 - 10#$(date +%S)))

declare -A seen=()
for i in $(seq 1 10); do
	for a in 2 3 4 5 6; do
		st=$(signin "127.0.0.$a" "$E" "guess $a.$i")
		seen[$st]=$(( ${seen[$st]:-0} + 1 ))
	done
done
[ "${seen[201]:-0}" = 0 ] && [ "${seen[401]:-0}" = 10 ] &&
    [ "${seen[429]:-0}" = 40 ]
ok $? "50 wrong passwords from 5 addresses: 10 refused as wrong, then 40 blocked (401 ${seen[401]:-0}, 429 ${seen[429]:-0}, 201 ${seen[201]:-0})"
st=$(signin 127.0.0.9 "$E" "$PW")
[ "$st" = 429 ] && head_has '^retry-after: [0-9]'
ok $? "while blocked, even the right password from a new address: 429 with Retry-After ($st)"
grep -q 'Too many failed sign-ins' "$E2E_TMP/body"
ok $? "... saying why, nothing about the account"

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
ok $? "the next minute, the owner of the account signs in ($st)"
tap_done
