# Shared by the end-to-end suites: the dev stack's settings, TAP output and
# small curl helpers.  Source it; it reads var/dev.env written by ./dev up.
# shellcheck shell=bash

E2E_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=/dev/null
. "${SOUK_TEST_ENV:-$E2E_TOP/var/dev.env}"
BASE_DOMAIN=${BASE_DOMAIN:-localhost}
E2E_TMP=$(mktemp -d)
trap 'rm -rf "$E2E_TMP"' EXIT

tap_n=0
tap_failed=0

ok() {	# ok CONDITION-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" = 0 ]
}

# fetch URL [curl args…]: body in $E2E_TMP/body, headers in $E2E_TMP/head;
# prints the status code.
fetch() {
	local url=$1
	shift
	curl -s -o "$E2E_TMP/body" -D "$E2E_TMP/head" -w '%{http_code}' \
	    --max-time 10 "$@" "$url"
}

body_has() { grep -q -- "$1" "$E2E_TMP/body"; }
head_has() { grep -qi -- "$1" "$E2E_TMP/head"; }

# expect STATUS URL DESCRIPTION [curl args…]
expect() {
	local want=$1 url=$2 desc=$3 got
	shift 3
	got=$(fetch "$url" "$@")
	[ "$got" = "$want" ]
	ok $? "$desc ($url -> $got, want $want)"
}

# jq-free JSON reads: node is always there (the browser suite needs it).
json() {	# json EXPRESSION < file   (EXPRESSION uses the variable "j")
	node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
	    const j=JSON.parse(s);const v=('"$1"');
	    console.log(typeof v==="object"?JSON.stringify(v):String(v));})'
}
