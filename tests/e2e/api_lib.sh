# Shared by the suites that call the JSON APIs and post the pages' forms.
# Source it after lib.sh: it makes fetch patient and adds the helpers
# below, which read the answer lib.sh's fetch leaves in $E2E_TMP.
# shellcheck shell=bash

# The web servers may be restarted under us (`dev up` in another suite's
# step): a refused connection or a 502 is tried again after a pause.  A
# 503 is an answer (a closed shop).
eval "$(declare -f fetch | sed '1s/^fetch/fetch_once/')"
fetch() {
	local st
	for _ in 1 2 3 4 5 6; do
		st=$(fetch_once "$@")
		case $st in 000 | 502) sleep 2 ;; *) break ;; esac
	done
	echo "$st"
}

# api METHOD URL [JSON-BODY] [TOKEN]: prints the status
api() {
	local args=(-X "$1")
	[ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' \
	    --data-raw "$3")
	[ -n "${4:-}" ] && args+=(-H "Authorization: Bearer $4")
	fetch "$2" "${args[@]}"
}
jb() { json "$1" <"$E2E_TMP/body" 2>/dev/null; }	# jb EXPRESSION: of the body
# fields: the fields of a problem's errors, sorted, comma-separated
fields() { jb '(j.errors||[]).map(e=>e.field).sort().join(",")'; }
# hdr NAME: the answer's header NAME
hdr() { sed -n "s/^$1: *\\([^[:space:]].*\\)\$/\\1/Ip" "$E2E_TMP/head" | tr -d '\r' | head -n 1; }
is_problem() { head_has '^content-type: application/problem+json'; }
# csrf_of: the CSRF token of the first form of the page in the body
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$E2E_TMP/body" | head -n 1; }

# customer_register SHOP-URL EMAIL PASSWORD [NAME]: POST /api/v1/customers
# (which mails them); prints the status.  A shop takes 10 registrations a
# minute from one address, whoever sends them: on a 429 it waits once, as
# Retry-After says (at most 61 s), and tries again.
customer_register() {
	local st wait body
	body="{\"email\":\"$2\",\"password\":\"$3\",\"name\":\"${4:-}\"}"
	st=$(api POST "$1/api/v1/customers" "$body")
	if [ "$st" = 429 ]; then
		wait=$(sed -n 's/^retry-after: *\([0-9]*\).*/\1/ip' "$E2E_TMP/head")
		echo "# registration throttled, waiting ${wait:-?} s" >&2
		sleep "$(( ${wait:-30} > 61 ? 61 : ${wait:-30} ))"
		st=$(api POST "$1/api/v1/customers" "$body")
	fi
	echo "$st"
}
