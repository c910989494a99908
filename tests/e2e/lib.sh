# Shared by every end-to-end suite: the dev stack's settings, TAP output,
# HTTP and JSON helpers, soukctl and the databases, TOTP codes, the mails
# the SMTP sink keeps, and sign-ins.  Each helper lives here once; what only
# one suite needs stays in that suite.  Source it first; it reads
# var/dev.env written by ./dev up.  Not executable: ./dev test runs only
# the suites.
# shellcheck shell=bash

E2E_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=/dev/null
. "${SOUK_TEST_ENV:-$E2E_TOP/var/dev.env}"
BASE_DOMAIN=${BASE_DOMAIN:-localhost}
E2E_TMP=$(mktemp -d)

# ---- exit ------------------------------------------------------------------

E2E_ON_EXIT=()
e2e_exit() {
	local f
	for f in "${E2E_ON_EXIT[@]}"; do "$f"; done
	rm -rf "$E2E_TMP"
}
trap e2e_exit EXIT
# on_exit FUNCTION: runs FUNCTION when the suite ends, also on ^C or TERM
# (before $E2E_TMP is removed); for what a suite must put back
on_exit() {
	E2E_ON_EXIT+=("$1")
	trap 'exit 130' INT TERM
}

# ---- TAP -------------------------------------------------------------------

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

# skip DESCRIPTION REASON: a check that cannot be made (TAP SKIP)
skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" = 0 ]
}

# ---- HTTP --------------------------------------------------------------------

# fetch_once URL [curl args…]: body in $E2E_TMP/body, headers in
# $E2E_TMP/head; prints the status code.
fetch_once() {
	local url=$1
	shift
	curl -s -o "$E2E_TMP/body" -D "$E2E_TMP/head" -w '%{http_code}' \
	    --max-time 10 "$@" "$url"
}

# fetch URL [curl args…]: fetch_once, tried again after 2 s (E2E_TRIES
# times in all) while the status is one of E2E_RETRY.  A suite whose web
# servers may be restarted under it (another suite's `dev up`) sets, after
# sourcing this file, E2E_RETRY='000 502' (a refused connection, a 502),
# and 503 too unless a 503 is an answer it checks; by default nothing is
# tried again.  Prints the status code.
E2E_RETRY=
E2E_TRIES=6
fetch() {
	local st i
	for ((i = 1; ; i++)); do
		st=$(fetch_once "$@")
		if [[ " $E2E_RETRY " != *" $st "* ]] || [ "$i" -ge "$E2E_TRIES" ]
		then
			break
		fi
		sleep 2
	done
	echo "$st"
}

body_has() { grep -q -- "$1" "$E2E_TMP/body"; }	# body_has REGEX
head_has() { grep -qi -- "$1" "$E2E_TMP/head"; }	# head_has REGEX (any case)
# hdr NAME: the answer's header NAME
hdr() { sed -n "s/^$1: *\\([^[:space:]].*\\)\$/\\1/Ip" "$E2E_TMP/head" | tr -d '\r' | head -n 1; }
# loc: the answer's Location
loc() { sed -n 's/^location: *\([^[:space:]]*\).*/\1/Ip' "$E2E_TMP/head"; }
# is_problem: the answer is application/problem+json
is_problem() { head_has '^content-type: application/problem+json'; }
# csrf_of: the CSRF token of the first form of the page in the body
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$E2E_TMP/body" | head -n 1; }
# cookie_of JAR NAME: the value of cookie NAME in curl's cookie jar JAR
cookie_of() { awk -v n="$2" '$6 == n { print $7 }' "$1"; }

# expect STATUS URL DESCRIPTION [curl args…]: a check of fetch's status
expect() {
	local want=$1 url=$2 desc=$3 got
	shift 3
	got=$(fetch "$url" "$@")
	[ "$got" = "$want" ]
	ok $? "$desc ($url -> $got, want $want)"
}

# api METHOD URL [JSON-BODY] [TOKEN]: fetch with the body as JSON and the
# token as a bearer token; prints the status
api() {
	local args=(-X "$1")
	[ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' \
	    --data-raw "$3")
	[ -n "${4:-}" ] && args+=(-H "Authorization: Bearer $4")
	fetch "$2" "${args[@]}"
}

# ---- JSON --------------------------------------------------------------------

# jq-free JSON reads: node is always there (the browser suite needs it).
json() {	# json EXPRESSION < file   (EXPRESSION uses the variable "j")
	node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
	    const j=JSON.parse(s);const v=('"$1"');
	    console.log(typeof v==="object"?JSON.stringify(v):String(v));})'
}
jb() { json "$1" <"$E2E_TMP/body" 2>/dev/null; }	# jb EXPRESSION: of the body
# fields: the fields of a problem's errors, sorted, comma-separated
fields() { jb '(j.errors||[]).map(e=>e.field).sort().join(",")'; }

# wait_for SECONDS CMD…: runs CMD every half second until it succeeds;
# status 1 if it has not within SECONDS
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.5
	done
}

# ---- soukctl and the databases -------------------------------------------------

ctl() { "$E2E_TOP/dev" ctl "$@"; }	# ctl ARGS…: soukctl on the dev stack

# call ARGS…: soukctl call ARGS; the body in $E2E_TMP/body, soukctl's
# stderr ("HTTP nnn" first) in $E2E_TMP/err; prints the status code and
# returns soukctl's exit status
call() {
	local rc
	ctl call "$@" >"$E2E_TMP/body" 2>"$E2E_TMP/err"
	rc=$?
	sed -n 's/^HTTP //p' "$E2E_TMP/err"
	return "$rc"
}

# signed_headers ARGS…: SIGNED=(-H … -H …), the headers of soukctl call
# ARGS --sign-only, for a signed request made with curl (a signature is
# good once).  They include the signed Content-Type (JSON with --data),
# Idempotency-Key and If-None-Match: give those to soukctl, not to curl
signed_headers() {
	local h
	SIGNED=()
	while IFS= read -r h; do SIGNED+=(-H "$h"); done \
	    < <(ctl call "$@" --sign-only)
}

# signed_altered NAME VALUE: ALTERED=(the SIGNED headers with header NAME's
# value replaced by VALUE), a signed request changed in transit
signed_altered() {
	local h
	ALTERED=()
	for h in "${SIGNED[@]}"; do
		case ${h,,} in
		"${1,,}:"*) ALTERED+=("$1: $2") ;;
		*) ALTERED+=("$h") ;;
		esac
	done
}

# shopdb|centerdb|svcdb SQL: runs SQL as root in souk_shop, souk_center or
# souk_services; prints the rows tab-separated, without column names
shopdb() { mariadb --socket="$DB_SOCKET" -uroot souk_shop -N -e "$1"; }
centerdb() { mariadb --socket="$DB_SOCKET" -uroot souk_center -N -e "$1"; }
svcdb() { mariadb --socket="$DB_SOCKET" -uroot souk_services -N -e "$1"; }

# ---- memcached, as anyone on the box can reach it ---------------------------

# mc_put KEY VALUE: VALUE under KEY as it is, for a minute (no MAC)
# mc_take KEY: the bytes under KEY (sealed as the programs wrote them)
e2e_mc() {
	python3 - "$MEMCACHED_PORT" "$@" <<'PY'
import socket, sys
port, op, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.create_connection(("127.0.0.1", port), timeout=5)
f = s.makefile("rwb")
if op == "put":
    v = sys.stdin.buffer.read() if sys.argv[4] == "-" else \
        sys.argv[4].encode()
    f.write(b"set %s 0 60 %d\r\n%s\r\n" % (key.encode(), len(v), v))
    f.flush()
    sys.exit(0 if f.readline().startswith(b"STORED") else 1)
f.write(b"get %s\r\n" % key.encode())
f.flush()
head = f.readline().split()
if head[:1] == [b"VALUE"]:
    sys.stdout.buffer.write(f.read(int(head[3])))
PY
}
mc_put() { e2e_mc put "$1" "$2"; }
mc_take() { e2e_mc take "$1"; }

# ---- TOTP (RFC 6238: SHA-1, 6 digits, 30-s steps) ------------------------------

totp() { e2e_totp code "$1"; }	# totp SECRET: the code of now's step
# totp_step SECRET: "STEP CODE" of now's step (one reading of the clock)
totp_step() { e2e_totp step "$1"; }
# totp_wrong SECRET: six digits that are no code of the steps around now
totp_wrong() { e2e_totp wrong "$1"; }
e2e_totp() {	# e2e_totp code|step|wrong SECRET (base32)
	python3 - "$@" <<'PY'
import base64, hashlib, hmac, struct, sys, time
def code(secret, step):
    s = secret.upper() + "=" * (-len(secret) % 8)
    mac = hmac.new(base64.b32decode(s), struct.pack(">Q", step),
                   hashlib.sha1).digest()
    o = mac[-1] & 15
    v = struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff
    return "%06d" % (v % 1000000)
mode, secret = sys.argv[1:3]
now = int(time.time()) // 30
if mode == "code":
    print(code(secret, now))
elif mode == "step":
    print(now, code(secret, now))
else:
    near = {code(secret, s) for s in range(now - 3, now + 4)}
    print(next("%06d" % n for n in range(123456, 1000000)
               if "%06d" % n not in near))
PY
}

# ---- mails (one .eml file each in $MAIL_DIR) -------------------------------------

# mails [--to ADDR] [--header NAME=VALUE] [--text STRING] [--wait SECONDS]:
# the mails of the sink, oldest first, as a JSON array of {file, from,
# from_name, from_addr, to, subject, type, date, msgid (whether there is a
# Date and a Message-ID), msgid_domain, envelope_from, text, html}: those
# to ADDR, with the header, whose text part has STRING; waits up to
# SECONDS for one; status 1 if there is none.
# With --link HOST PATH [--not TOKEN] [--token]: instead, the newest link
# http://HOST[:port]PATH?token=… in their text parts (other than the one
# with TOKEN), or with --token its token only; status 1 if there is none.
mails() {
	python3 - "$MAIL_DIR" "$@" <<'PY'
import argparse, email, email.policy, glob, json, os, re, sys, time
p = argparse.ArgumentParser(prog="mails")
p.add_argument("dir")
p.add_argument("--to")
p.add_argument("--header", action="append", default=[])
p.add_argument("--text")
p.add_argument("--wait", type=float, default=0)
p.add_argument("--link", nargs=2)
p.add_argument("--not", dest="skip")
p.add_argument("--token", action="store_true")
a = p.parse_args()
heads = [h.split("=", 1) for h in a.header]
if a.link:
    pat = re.compile(r"https?://" + re.escape(a.link[0]) + r"(?::\d+)?"
                     + re.escape(a.link[1]) + r"\?token=(sl_[0-9A-Za-z_-]+)")

def part(m, ctype):
    for q in m.walk():
        if q.get_content_type() == ctype:
            return q.get_content()
    return ""

def scan():
    found = []
    for name in sorted(glob.glob(a.dir + "/*.eml")):
        with open(name, "rb") as f:
            raw = f.read()
        if a.to and a.to.encode() not in raw[:8192]:
            continue
        if any(v.encode() not in raw for _, v in heads):
            continue
        m = email.message_from_bytes(raw, policy=email.policy.default)
        if a.to and a.to not in str(m["To"]):
            continue
        if any(m.get(k) != v for k, v in heads):
            continue
        text = part(m, "text/plain")
        if a.text is not None and a.text not in text:
            continue
        found.append((name, m, text))
    return found

def newest_link(found):
    link = None
    for _, _, text in found:
        for t in pat.finditer(text):
            if t.group(1) != a.skip:
                link = t
    return link

def info(name, m, text):
    addr = m["From"].addresses[0] if m["From"] else None
    return {"file": os.path.basename(name), "from": str(m["From"]),
            "from_name": addr.display_name if addr else "",
            "from_addr": addr.addr_spec if addr else "",
            "to": str(m["To"]), "subject": str(m["Subject"]),
            "type": m.get_content_type(), "date": bool(m["Date"]),
            "msgid": bool(m["Message-ID"]),
            "msgid_domain": str(m.get("Message-ID", "")).strip("<> ").rpartition("@")[2],
            "envelope_from": str(m.get("X-Envelope-From", "")).strip("<> "),
            "text": text, "html": part(m, "text/html")}

end = time.time() + a.wait
while True:
    found = scan()
    got = newest_link(found) if a.link else found
    if got or time.time() > end:
        break
    time.sleep(0.3)
if a.link:
    if got:
        print(got.group(1) if a.token else got.group(0))
else:
    print(json.dumps([info(*f) for f in found]))
sys.exit(0 if got else 1)
PY
}
# mail_link TO HOST PATH [NOT]: the newest link http://HOST[:port]PATH?token=…
# in a mail to TO, other than the one with token NOT; waits up to 15 s
mail_link() { mails --to "$1" --link "$2" "$3" --not "${4:-}" --wait 15; }
# mail_token TO HOST PATH [NOT]: the token of that link
mail_token() { mails --to "$1" --link "$2" "$3" --not "${4:-}" --token --wait 15; }

# ---- accounts and sign-in ----------------------------------------------------------

shop() { echo "http://$1.$BASE_DOMAIN:${2:-$NGINX_PORT}"; }	# shop SLUG [PORT]: its URL

# auth_token BASE EMAIL PASSWORD [OTP]: POST BASE/api/v1/auth/token (BASE:
# Center, a shop, or a shop's backoffice …/admin); prints the status, the
# token in the body
auth_token() {
	local otp=
	[ -n "${4:-}" ] && otp=",\"otp\":\"$4\""
	api POST "$1/api/v1/auth/token" \
	    "{\"email\":\"$2\",\"password\":\"$3\"$otp}"
}

# form_signin URL JAR EMAIL PASSWORD: GET the sign-in form at URL (its
# cookie into JAR), then post EMAIL, PASSWORD and the form's CSRF token
# with JAR; prints the status of the post
form_signin() {
	fetch "$1" -c "$2" >/dev/null
	fetch "$1" -b "$2" -c "$2" --data-urlencode "email=$3" \
	    --data-urlencode "password=$4" --data-urlencode "csrf=$(csrf_of)"
}

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

# staff_member SLUG EMAIL ROLE PASSWORD: a member of shop SLUG named
# "Role SLUG", made with soukctl (quietly); soukctl's status
staff_member() {
	printf '%s\n' "$4" | ctl staff create --tenant "$1" --email "$2" \
	    --role "$3" --name "${3^} $1" >/dev/null 2>&1
}

CENTER_PW='a long enough passphrase'	# center_token's admins

# center_token BASE ROLE EMAIL: makes the admin (soukctl), signs in, sets
# up two-factor sign-in when the role needs it, and prints a bearer token
# of a full session.  Returns 1 if a step fails.
center_token() {
	local base=$1 role=$2 email=$3 tmp tok secret
	tmp=$(mktemp)
	printf '%s\n' "$CENTER_PW" | ctl admin create --email "$email" \
	    --role "$role" --name "$role $email" >/dev/null 2>&1 || {
		rm -f "$tmp"
		return 1
	}
	curl -s -o "$tmp" --max-time 10 -H 'Content-Type: application/json' \
	    --data-raw "{\"email\":\"$email\",\"password\":\"$CENTER_PW\"}" \
	    "$base/api/v1/auth/token"
	tok=$(json 'j.token' <"$tmp")
	if [ "$(json 'j.stage' <"$tmp")" = enroll ]; then
		curl -s -o "$tmp" --max-time 10 -X POST \
		    -H "Authorization: Bearer $tok" "$base/api/v1/me/mfa"
		secret=$(json 'j.secret' <"$tmp")
		curl -s -o "$tmp" --max-time 10 -H "Authorization: Bearer $tok" \
		    -H 'Content-Type: application/json' \
		    --data-raw "{\"code\":\"$(totp "$secret")\"}" \
		    "$base/api/v1/me/mfa/confirm"
		tok=$(json 'j.token' <"$tmp")
	fi
	rm -f "$tmp"
	[[ $tok == sa_* ]] || return 1
	echo "$tok"
}

# wait_state BASE TOKEN ID STATE SECONDS: GET BASE/api/v1/tenants/ID
# (Center) every half second until the tenant is in STATE; status 1 if it
# is not within SECONDS.  The last answer is in the body.
wait_state() { wait_for "$5" e2e_state_is "$1" "$2" "$3" "$4"; }
e2e_state_is() {
	api GET "$1/api/v1/tenants/$3" '' "$2" >/dev/null
	[ "$(jb 'j.state')" = "$4" ]
}
