#!/usr/bin/env bash
# Center: tenants end to end, through nginx (with a smaller smoke test on
# Apache): creating them (checks of the fields, reserved and taken slugs,
# roles), provisioning on the tenant side, also while the tenant side is
# down (Center retries until it confirms), the transition table and its
# history, what suspension, read-only mode and termination do to the shop
# (pages, APIs, staff sign-in and sessions, the export and the erasure),
# the approval of terminations, plan features (max_staff, api_access, the
# ETag of the tenant side's pull), custom domains, API keys of external
# systems and the hash-chained audit log (a tampered row is found).
# Prints TAP.
#
# Every run makes its own tenants (slugs with the run's id), platform
# admins (an owner, an ops admin, a support admin and an auditor: four
# sign-ins, well under the limit of the realm "center") and staff.  What
# it changes outside its own rows it puts back, also on exit: the
# backoffice FastCGI processes it stops for a while (restarted with
# `dev up`, which restarts only what is not running) and the audit row it
# tampers with.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
U=$(printf '%x%x' "$(date +%s)" "$$")	# lower-case hex: slugs of this run
SPW='staff passphrase long enough'	# staff (12 characters at least)
CPW='correct horse battery'		# customers
NGX_C="http://center.$BASE_DOMAIN:$NGINX_PORT"
APA_C="http://center.$BASE_DOMAIN:$APACHE_PORT"
C=$NGX_C
T0=$SECONDS

# The web servers may be restarted under us (`dev up`, here or in another
# suite): a refused connection or a 502 is tried again after a pause.
E2E_RETRY='000 502'

# ---- what is put back on exit ------------------------------------------------

BO_PIDFILE=${PID_DIR:-$RUN_DIR/pid}/backoffice.pid
BO_STOPPED=0		# 1 while the backoffice processes are stopped by us
AUDIT_ROW=		# the tampered audit row …
AUDIT_HEX=		# … and its after_json, as hex

restore_backoffice() {
	[ "$BO_STOPPED" = 1 ] || return 0
	"$E2E_TOP/dev" up >/dev/null 2>"$E2E_TMP/dev-up.err" && BO_STOPPED=0
}
restore_audit() {
	[ -n "$AUDIT_ROW" ] || return 0
	centerdb "UPDATE audit_log SET after_json =
	    CONVERT(UNHEX('$AUDIT_HEX') USING utf8mb4) WHERE id = $AUDIT_ROW" &&
	    AUDIT_ROW=
}
cleanup() {
	restore_audit >/dev/null 2>&1
	restore_backoffice >/dev/null 2>&1
}
on_exit cleanup

# ---- HTTP ------------------------------------------------------------------

# tenant ID [TOKEN] [BASE]: GET the tenant (status; the detail in the body)
tenant() { api GET "${3:-$C}/api/v1/tenants/$1" '' "${2-$OWN}"; }
state_of() { tenant "$1" "${2:-$OWN}" "${3:-$C}" >/dev/null; jb 'j.state'; }
# create JSON [TOKEN] [BASE]: POST /api/v1/tenants; prints the status
create() { api POST "${3:-$C}/api/v1/tenants" "$1" "${2-$OWN}"; }
# move ID TO [REASON] [TOKEN]: POST …/transitions; prints the status
move() {
	api POST "$C/api/v1/tenants/$1/transitions" \
	    "{\"to\":\"$2\",\"reason\":\"${3:-ct $RUN}\"}" "${4-$OWN}"
}
# decide APPROVAL approve|reject [TOKEN]: prints the status
decide() { api POST "$C/api/v1/approvals/$1/$2" '' "${3-$OPS}"; }
# one_shop_row ID SLUG: exactly one souk_shop.tenants row for the id, with slug
one_shop_row() {
	[ "$(shopdb "SELECT COUNT(*) FROM tenants WHERE id = $1")" = 1 ] &&
	    [ "$(shopdb "SELECT slug FROM tenants WHERE id = $1")" = "$2" ]
}
# invite SHOP-URL TOKEN EMAIL: POST /admin/api/v1/staff; prints the status
invite() {
	api POST "$1/admin/api/v1/staff" \
	    "{\"email\":\"$3\",\"role\":\"staff\",\"name\":\"Staff\"}" "$2"
}
# shop_i18n_is ID "LOCALE CURRENCY ZONE": the tenant side has them
shop_i18n_is() {
	[ "$(shopdb "SELECT CONCAT_WS(' ', locale, currency, time_zone) FROM tenants WHERE id = $1")" = "$2" ]
}
# register SHOP-URL EMAIL: a customer (which mails them); prints the status
register() { customer_register "$1" "$2" "$CPW" Customer; }

# ---- the platform admins -----------------------------------------------------

OWN=$(center_token "$C" owner "ct-own-$RUN@example.com")
ok $? "an owner with a full session"
OPS=$(center_token "$C" ops "ct-ops-$RUN@example.com")
ok $? "an ops admin with a full session (the second admin of approvals)"
SUP=$(center_token "$C" support "ct-sup-$RUN@example.com")
ok $? "a support admin"
AUD=$(center_token "$C" auditor "ct-aud-$RUN@example.com")
ok $? "an auditor"
[ "$(api GET "$C/api/v1/me" '' "$OWN")" = 200 ]
OWN_ACTOR="admin:$(jb 'j.id') ct-own-$RUN@example.com"

ctl audit verify >"$E2E_TMP/verify0" 2>&1
ok $? "soukctl audit verify: the chain holds before the run ($(head -n 1 "$E2E_TMP/verify0"))"

# ==== 1. creating ==============================================================

SA=ct-a-$U	# the main tenant: creation, then the transition table
SB=ct-b-$U	# suspension and read-only mode
SF=ct-f-$U	# features (starter)
SG=ct-g-$U	# domains (growth)
ST=ct-t-$U	# termination
SR=ct-r-$U	# a draft terminated with approval
SP=ct-p-$U	# provisioned while the tenant side is down
SK=ct-k-$U	# made with an API key
SX=ct-x-$U	# made through Apache

[ "$(create "{\"slug\":\"$SA\",\"name\":\"Shop A $RUN\",\"currency\":\"EUR\",\"payment_methods\":[\"card\",\"paypal\"],\"shipping_methods\":[\"standard\",\"pickup\"],\"theme_color\":\"#aa3300\"}")" = 202 ]
ok $? "POST /api/v1/tenants: 202"
ID_A=$(jb 'j.id')
[ "$(jb 'j.state+" "+j.slug+" "+j.plan+" "+j.currency+" "+j.theme_color')" = \
    "provisioning $SA starter EUR #aa3300" ] &&
    [ "$(jb 'j.payment_methods.join()+" "+j.shipping_methods.join()')" = \
    "card,paypal standard,pickup" ]
ok $? "... the detail: state provisioning, slug, plan starter by default, the settings ($(jb 'j.state'))"
[ "$(hdr location)" = "/api/v1/tenants/$ID_A" ]
ok $? "... Location /api/v1/tenants/$ID_A ($(hdr location))"
[ "$(jb 'j.host+" "+Array.isArray(j.sync.pending)+" "+Array.isArray(j.domains)+" "+typeof j.features')" = \
    "$SA.$BASE_DOMAIN true true object" ] && [ "$(jb 'j.features.max_staff')" = 3 ]
ok $? "... with host, sync, domains and the starter's features (max_staff 3)"

create "{\"slug\":\"Bad Slug!\",\"name\":\"\",\"plan\":\"platinum\",\"locale\":\"english\",\"currency\":\"usd\",\"time_zone\":\"Not a zone!\",\"theme_color\":\"blue\",\"payment_methods\":[\"bitcoin\"],\"shipping_methods\":[\"teleport\"],\"owner_email\":\"not-an-email\"}" >"$E2E_TMP/st"
[ "$(cat "$E2E_TMP/st")" = 400 ] && is_problem &&
    [ "$(fields)" = "currency,locale,name,owner_email,payment_methods,plan,shipping_methods,slug,theme_color,time_zone" ]
ok $? "bad fields: 400 problem+json, errors[] names each ($(fields))"
[ "$(create '{"slug":"ok-slug-'"$U"'","name":"X","payment_methods":"card"}')" = 400 ] &&
    [ "$(fields)" = payment_methods ]
ok $? "payment_methods not an array: 400 on payment_methods"
[ "$(create '{"name":"No slug"}')" = 400 ] && [ "$(fields)" = slug ]
ok $? "no slug: 400 on slug"
[ "$(create "{\"slug\":\"$(printf 'a%.0s' $(seq 64))\",\"name\":\"Long\"}")" = 400 ] &&
    [ "$(fields)" = slug ]
ok $? "a slug of 64 characters: 400 on slug"
for r in admin center www api; do
	[ "$(create "{\"slug\":\"$r\",\"name\":\"Reserved\"}")" = 400 ] &&
	    [ "$(fields)" = slug ]
	ok $? "reserved slug $r: 400 on slug"
done
[ "$(create "{\"slug\":\"$SA\",\"name\":\"Again\"}")" = 409 ] && is_problem &&
    [ "$(fields)" = slug ] && [ "$(jb 'j.detail')" = "Another tenant has this slug." ]
ok $? "a taken slug: 409 problem+json on slug, \"$(jb 'j.detail')\""
[ "$(create "{\"slug\":\"ct-s-$U\",\"name\":\"By support\"}" "$SUP")" = 403 ] && is_problem
ok $? "a support admin may not create: 403"
[ "$(create "{\"slug\":\"ct-s-$U\",\"name\":\"Anonymous\"}" "")" = 401 ] && is_problem
ok $? "no token: 401"
[ "$(api GET "$C/api/v1/tenants/$ID_A" '' "")" = 401 ]
ok $? "no token: reading a tenant is 401 too"
expect 404 "$C/api/v1/tenants/999999999" "an unknown tenant: 404" \
    -H "Authorization: Bearer $OWN"
[ "$(api GET "$C/api/v1/tenants/$ID_A" '' "$SUP")" = 200 ]
ok $? "a support admin reads the tenant: 200"

# the other tenants of the run, all provisioning at once
[ "$(create "{\"slug\":\"$SB\",\"name\":\"Shop B $RUN\"}")" = 202 ]; ok $? "tenant B (starter): 202"
ID_B=$(jb 'j.id')
[ "$(create "{\"slug\":\"$SF\",\"name\":\"Shop F $RUN\",\"plan\":\"starter\"}")" = 202 ]; ok $? "tenant F (starter): 202"
ID_F=$(jb 'j.id')
GOWN="gowner-$RUN@example.com"
[ "$(create "{\"slug\":\"$SG\",\"name\":\"Shop G $RUN\",\"plan\":\"growth\",\"owner_email\":\"$GOWN\"}")" = 202 ] &&
    [ "$(jb 'j.plan+" "+j.features.custom_domain+" "+j.features.max_staff')" = "growth true 15" ]
ok $? "tenant G (growth, owner_email): 202, custom_domain true, max_staff 15"
ID_G=$(jb 'j.id')
[ "$(create "{\"slug\":\"$ST\",\"name\":\"Shop T $RUN\"}")" = 202 ]; ok $? "tenant T: 202"
ID_T=$(jb 'j.id')
[ "$(create "{\"slug\":\"$SR\",\"name\":\"Shop R $RUN\",\"draft\":true}")" = 202 ] &&
    [ "$(jb 'j.state+" "+j.sync.pending.length')" = "draft 0" ]
ok $? "a draft ({\"draft\":true}): 202, state draft, nothing to send"
ID_R=$(jb 'j.id')

wait_state "$C" "$OWN" "$ID_A" active 15
ok $? "tenant A becomes active within 15 s ($(jb 'j.state'))"
[ "$(jb 'j.sync.pending.length+" "+j.sync.last_error')" = "0 null" ] &&
    [ "$(jb 'j.calls.some(c=>c.what==="create"&&c.status==="201")')" = true ]
ok $? "... nothing pending, no error, the create call answered 201"
one_shop_row "$ID_A" "$SA"
ok $? "... exactly one souk_shop.tenants row for id $ID_A, slug $SA"
[ "$(shopdb "SELECT CONCAT_WS(' ', state, currency, theme_color) FROM tenants WHERE id = $ID_A")" = \
    "active EUR #aa3300" ]
ok $? "... active there, with its currency and colour"
expect 200 "$(shop "$SA")/" "the new shop's home page"
body_has "Shop A $RUN"
ok $? "... shows its name"
[ "$(api PATCH "$C/api/v1/tenants/$ID_A" "{\"name\":\"Shop A renamed $RUN\"}" "$OWN")" = 200 ] &&
    [ "$(jb 'j.name')" = "Shop A renamed $RUN" ]
ok $? "PATCH the name: 200"
expect 200 "$(shop "$SA")/" "... the home page at once"
body_has "Shop A renamed $RUN"
ok $? "... shows the new name"
[ "$(api PATCH "$C/api/v1/tenants/$ID_A" '{"slug":"other"}' "$OWN")" = 400 ] && [ "$(fields)" = slug ]
ok $? "PATCH the slug: 400 on slug"

# ---- what ICU knows: currencies, locales, time zones (API and pages) ----

[ "$(create "{\"slug\":\"ct-i-$U\",\"name\":\"Made up\",\"currency\":\"XQQ\",\"locale\":\"xx-YY\",\"time_zone\":\"Mars/Olympus\"}")" = 400 ] &&
    is_problem && [ "$(fields)" = currency,locale,time_zone ] &&
    [[ $(jb 'j.errors.find(e=>e.field=="time_zone").message') == *"IANA time zone"* ]] &&
    [ "$(centerdb "SELECT COUNT(*) FROM tenants WHERE slug = 'ct-i-$U'")" = 0 ]
ok $? "POST a made-up currency (XQQ), locale (xx-YY) and zone (Mars/Olympus): 400 on each, nothing stored ($(fields))"
for v in '"currency":"XQQ"' '"currency":"DEM"' '"currency":"XAU"' '"time_zone":"Mars/Olympus"' \
    '"time_zone":"europe/berlin"' '"locale":"en-Narnia"' '"locale":"de_DE"'; do
	f=${v%%\":*}; f=${f#\"}
	[ "$(api PATCH "$C/api/v1/tenants/$ID_A" "{$v}" "$OWN")" = 400 ] && is_problem &&
	    [ "$(fields)" = "$f" ]
	ok $? "PATCH {$v}: 400 problem+json on $f"
done
[ "$(api PATCH "$C/api/v1/tenants/$ID_A" '{"locale":"de-DE","currency":"EUR","time_zone":"Europe/Berlin"}' "$OWN")" = 200 ] &&
    [ "$(jb 'j.locale+" "+j.currency+" "+j.time_zone')" = "de-DE EUR Europe/Berlin" ] &&
    wait_for 10 shop_i18n_is "$ID_A" "de-DE EUR Europe/Berlin"
ok $? "PATCH de-DE, EUR, Europe/Berlin: 200, and the tenant side has them"
expect 200 "$C/tenants/new" "the new-tenant page" -b "souk_center=$OWN"
expect 400 "$C/tenants" "the new-tenant form with XQQ and Mars/Olympus: 400" -b "souk_center=$OWN" \
    --data-urlencode "csrf=$(csrf_of)" --data-urlencode "slug=ct-i-$U" \
    --data-urlencode "name=Made up" --data-urlencode "plan=starter" \
    --data-urlencode "locale=en" --data-urlencode "currency=XQQ" \
    --data-urlencode "time_zone=Mars/Olympus" --data-urlencode "theme_color=#112233" \
    --data-urlencode "pay_card=1" --data-urlencode "ship_standard=1"
body_has '<li>currency: a currency in use today, as its ISO 4217 code' &&
    body_has '<li>time_zone: an IANA time zone such as' && ! body_has '<li>locale:' &&
    body_has 'value="XQQ"' && body_has 'value="Mars/Olympus"' &&
    [ "$(centerdb "SELECT COUNT(*) FROM tenants WHERE slug = 'ct-i-$U'")" = 0 ]
ok $? "... the page names the currency and the time zone, keeps what was typed, nothing stored"
expect 200 "$C/tenants/$ID_A" "tenant A's page" -b "souk_center=$OWN"
expect 400 "$C/tenants/$ID_A/settings" "A's settings form with XQQ and Mars/Olympus: 400" -b "souk_center=$OWN" \
    --data-urlencode "csrf=$(csrf_of)" --data-urlencode "name=Shop A renamed $RUN" \
    --data-urlencode "plan=starter" --data-urlencode "locale=de-DE" \
    --data-urlencode "currency=XQQ" --data-urlencode "time_zone=Mars/Olympus" \
    --data-urlencode "theme_color=#aa3300" --data-urlencode "pay_card=1" --data-urlencode "ship_standard=1"
body_has 'The settings were not saved: currency: a currency in use today, as its ISO 4217 code such as EUR, USD or JPY; time_zone: an IANA time zone' &&
    [ "$(centerdb "SELECT CONCAT_WS(' ', currency, time_zone) FROM tenants WHERE id = $ID_A")" = "EUR Europe/Berlin" ]
ok $? "... says what the currency and the time zone take, nothing changed"
body_has '<p class="hint zone">Times in UTC.</p>' &&
    grep -Eq '<dt>Created</dt><dd>[A-Z][a-z]{2} [0-9]{1,2}, 20[0-9]{2}, [0-9]{1,2}:[0-9]{2}:[0-9]{2}' "$E2E_TMP/body"
ok $? "... the page shows its times for people (Created: $(sed -n 's|.*<dt>Created</dt><dd>\([^<]*\)<.*|\1|p' "$E2E_TMP/body")) and says they are in UTC"
[ "$(api POST "$C/api/v1/tenants/$ID_A/resync" '' "$OWN")" = 202 ]
ok $? "resync: 202"
[ "$(api POST "$C/api/v1/tenants/$ID_R/resync" '' "$OWN")" = 409 ]
ok $? "resync of a draft: 409"
for id in "$ID_B" "$ID_F" "$ID_G" "$ID_T"; do
	wait_state "$C" "$OWN" "$id" active 15
	ok $? "tenant $id active"
done
end=$((SECONDS + 10))
while tenant "$ID_G" >/dev/null && [ "$(jb 'j.sync.pending.length')" != 0 ] &&
    [ "$SECONDS" -lt "$end" ]; do sleep 0.5; done
[ "$(jb 'j.owner_email+" "+j.sync.pending.length')" = "$GOWN 0" ]
ok $? "G: owner_email kept, the invitation sent (nothing pending)"
[ "$(shopdb "SELECT CONCAT(role, ' ', status) FROM staff WHERE tenant_id = $ID_G AND email = '$GOWN'")" = "owner invited" ]
ok $? "... the tenant side has the owner, invited"
mail_link "$GOWN" "$SG.$BASE_DOMAIN" /admin/invite >"$E2E_TMP/link"
ok $? "... the owner's invitation mail links to the shop's backoffice ($(cat "$E2E_TMP/link"))"
[ "$(state_of "$ID_R")" = draft ] && [ "$(shopdb "SELECT COUNT(*) FROM tenants WHERE id = $ID_R")" = 0 ]
ok $? "the draft stays a draft, unknown to the tenant side"
expect 404 "$(shop "$SR")/" "the draft has no shop"

api GET "$C/api/v1/tenants?q=$U&per_page=100" '' "$OWN" >/dev/null
[ "$(jb 'j.total+" "+j.tenants.map(t=>t.slug.slice(0,5)+t.state).sort().join()')" = \
    "6 ct-a-active,ct-b-active,ct-f-active,ct-g-active,ct-r-draft,ct-t-active" ]
ok $? "GET /api/v1/tenants?q=<run>: the run's six ($(jb 'j.total'))"
api GET "$C/api/v1/tenants?q=$U&state=draft" '' "$SUP" >/dev/null
[ "$(jb 'j.total+" "+j.tenants.map(t=>t.id).join()')" = "1 $ID_R" ]
ok $? "GET /api/v1/tenants?q=<run>&state=draft: the draft only"
api GET "$C/api/v1/tenants?q=$U&per_page=2&page=2" '' "$OWN" >/dev/null
[ "$(jb 'j.page+" "+j.per_page+" "+j.total+" "+j.tenants.length')" = "2 2 6 2" ]
ok $? "... pages of 2: page 2 has 2 of 6"

# ==== 2. provisioning while the tenant side is down ================================

# is_ours PID: a process of this dev stack (its command line names the run
# directory), like dev's own check
is_ours() {
	local cmd
	cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
	[[ $cmd == *"$RUN_DIR"* ]]
}
bo_pids=()
BO_DOWN_AT=$SECONDS
if [ -s "$BO_PIDFILE" ]; then
	while read -r p || [ -n "$p" ]; do
		[[ $p =~ ^[0-9]+$ ]] && is_ours "$p" && bo_pids+=("$p")
	done <"$BO_PIDFILE"
fi
[ "${#bo_pids[@]}" -gt 0 ]
ok $? "the backoffice's FastCGI processes (${bo_pids[*]:-none})"
if [ "${#bo_pids[@]}" -gt 0 ]; then
	BO_STOPPED=1
	kill -TERM "${bo_pids[@]}" 2>/dev/null
	for _ in $(seq 50); do
		alive=0
		for p in "${bo_pids[@]}"; do is_ours "$p" && alive=1; done
		[ "$alive" = 0 ] && break
		sleep 0.1
	done
	[ "$alive" = 1 ] && kill -KILL "${bo_pids[@]}" 2>/dev/null
fi
st=$(fetch_once "$(shop "$SA")/admin/login")
[ "$st" = 502 ] || [ "$st" = 000 ]
ok $? "backoffice stopped: its pages answer $st"

[ "$(create "{\"slug\":\"$SP\",\"name\":\"Shop P $RUN\"}")" = 202 ]
ok $? "tenant P while the tenant side is down: 202"
ID_P=$(jb 'j.id')
end=$((SECONDS + 12))
while tenant "$ID_P" >/dev/null && [ "$(jb 'j.sync.attempts')" -lt 1 ] &&
    [ "$SECONDS" -lt "$end" ]; do sleep 0.5; done
[ "$(jb 'j.state')" = provisioning ] && [ "$(jb 'j.sync.attempts')" -ge 1 ]
ok $? "... it stays provisioning, sync.attempts $(jb 'j.sync.attempts') >= 1"
err=$(jb 'j.sync.last_error' | head -n 1 | cut -c1-80)
[ -n "$err" ] && [ "$err" != null ] && [ "$(jb 'j.sync.pending.includes("create")')" = true ] &&
    [ "$(jb 'j.sync.next_attempt_at!==null')" = true ]
ok $? "... sync.last_error set ($err), create still pending, a next attempt planned"
# the next try comes 5 s after the first failure, 10 s after the second…
n=$(jb 'j.sync.attempts')
[[ $n =~ ^[1-9][0-9]?$ ]] || n=1
want=$((5 << (n - 1)))
gap=$(jb 'Math.round((Date.parse(j.sync.next_attempt_at)-Date.parse(j.calls[0].at))/1000)')
[ "$gap" -ge $((want - 1)) ] && [ "$gap" -le $((want + 1)) ]
ok $? "... after $n failure(s) the next try is planned $gap s after the last (want $want)"
[ "$(jb 'j.calls.length>0&&j.calls[0].what==="create"&&j.calls[0].status!=="201"&&!!j.calls[0].error')" = true ]
ok $? "... calls[] shows the failed create ($(jb 'j.calls[0]&&j.calls[0].status+" "+j.calls[0].error' | head -n 1 | cut -c1-80))"
[ "$(shopdb "SELECT COUNT(*) FROM tenants WHERE id = $ID_P")" = 0 ]
ok $? "... the tenant side has no row for it"

# the transition table from provisioning, while it cannot become active
for to in draft provisioning active suspended; do
	[ "$(move "$ID_P" "$to")" = 409 ] && is_problem
	ok $? "provisioning -> $to: 409 ($(jb 'j.detail'))"
done
[ "$(move "$ID_P" terminated)" = 202 ] && [ "$(jb 'j.status')" = pending ]
ok $? "provisioning -> terminated: 202, approval pending"
ap=$(jb 'j.approval_id')
[ "$(decide "$ap" reject)" = 200 ] && [ "$(jb 'j.state')" = provisioning ]
ok $? "... rejected by the second admin: still provisioning"
[ "$(state_of "$ID_P")" = provisioning ]
ok $? "still provisioning after the table"

restore_backoffice
ok $? "backoffice restarted (dev up)"
echo "# the tenant side was down for $((SECONDS - BO_DOWN_AT)) s"
[ -s "$E2E_TMP/dev-up.err" ] && [ "$BO_STOPPED" = 1 ] && sed 's/^/# /' "$E2E_TMP/dev-up.err" | tail -n 20
wait_state "$C" "$OWN" "$ID_P" active 60
ok $? "... then tenant P ends active within 60 s ($(jb 'j.state'), $(jb 'j.calls.filter(c=>c.what==="create"&&c.status!=="201").length') failed create calls before)"
[ "$(jb 'j.sync.pending.length+" "+j.sync.last_error')" = "0 null" ] &&
    [ "$(jb 'j.calls.some(c=>c.what==="create"&&c.status==="201")')" = true ] &&
    [ "$(jb 'j.calls.filter(c=>c.what==="create"&&c.status!=="201").length>=1')" = true ]
ok $? "... nothing pending, no error; calls[] has the failures and the 201"
one_shop_row "$ID_P" "$SP"
ok $? "... exactly one souk_shop.tenants row for it"
expect 200 "$(shop "$SP")/" "... its shop answers"

# ==== 3. the transition table ===================================================

STATES="draft provisioning active suspended terminated"
# table ID FROM LEGAL: every `to` but LEGAL (409, or 202 then rejected for
# terminated), then LEGAL (200)
table() {
	local id=$1 from=$2 legal=$3 to st
	for to in $STATES; do
		[ "$to" = "$legal" ] && continue
		st=$(move "$id" "$to" "try $from to $to")
		if [ "$to" = terminated ] && [ "$from" != terminated ]; then
			[ "$st" = 202 ] && [ "$(jb 'j.status')" = pending ] &&
			    [ "$(decide "$(jb 'j.approval_id')" reject)" = 200 ] &&
			    [ "$(jb 'j.state')" = "$from" ]
			ok $? "$from -> $to: 202 (approval asked; rejected: still $from) ($st)"
		else
			[ "$st" = 409 ] && is_problem &&
			    [ "$(state_of "$id")" = "$from" ]
			ok $? "$from -> $to: 409, still $from ($st)"
		fi
	done
	[ -n "$legal" ] || return 0
	# draft -> provisioning: Center tells the tenant side at once, which
	# may have confirmed (active) before the answer
	[ "$(move "$id" "$legal" "to $legal, run $RUN")" = 200 ] &&
	    { [ "$(jb 'j.state')" = "$legal" ] || { [ "$legal" = provisioning ] &&
	    [ "$(jb 'j.state')" = active ]; }; }
	ok $? "$from -> $legal: 200, state $(jb 'j.state')"
}

[ "$(create "{\"slug\":\"ct-d-$U\",\"name\":\"Shop D $RUN\",\"draft\":true}")" = 202 ]
ok $? "a draft for the table"
ID_D=$(jb 'j.id')
table "$ID_D" draft provisioning
wait_state "$C" "$OWN" "$ID_D" active 15
ok $? "the draft, now provisioning, becomes active"
table "$ID_D" active suspended
table "$ID_D" suspended active
[ "$(move "$ID_D" nirvana)" = 400 ] && is_problem
ok $? "to a state that does not exist: 400"
[ "$(api POST "$C/api/v1/tenants/$ID_D/transitions" '{}' "$OWN")" = 400 ] &&
    [ "$(fields)" = to ]
ok $? "no to: 400 on to"
[ "$(move "$ID_D" suspended x "$SUP")" = 403 ]
ok $? "a support admin may not move a tenant: 403"
[ "$(state_of "$ID_D")" = active ]
ok $? "... still active"

# draft -> terminated, approved; then everything from terminated is 409
[ "$(move "$ID_R" terminated "drop the draft")" = 202 ] && [ "$(hdr location)" = "/api/v1/approvals/$(jb 'j.approval_id')" ]
ok $? "draft -> terminated: 202 with the approval's Location"
ap_r=$(jb 'j.approval_id')
[ "$(move "$ID_R" terminated again)" = 409 ] && is_problem &&
    [ "$(jb 'j.detail')" = "A termination of this tenant is already waiting for approval." ]
ok $? "... a second request while one waits: 409, \"$(jb 'j.detail')\""
[ "$(centerdb "SELECT COUNT(*) FROM tenant_approvals WHERE tenant_id = $ID_R AND status = 'pending'")" = 1 ]
ok $? "... still one pending request"
api GET "$C/api/v1/approvals?status=pending&tenant=$ID_R" '' "$OPS" >/dev/null
[ "$(jb "j.approvals.map(a=>a.id+' '+a.status+' '+a.action).join()")" = "$ap_r pending terminate" ]
ok $? "GET /api/v1/approvals?status=pending&tenant= lists it"
[ "$(decide "$ap_r" approve "$OWN")" = 403 ]
ok $? "... the requester may not approve: 403"
[ "$(decide "$ap_r" approve)" = 200 ] && [ "$(jb 'j.state')" = terminated ]
ok $? "... the ops admin approves: 200, terminated"
[ "$(decide "$ap_r" reject)" = 409 ]
ok $? "... deciding it again: 409"
table "$ID_R" terminated ""

api GET "$C/api/v1/tenants/$ID_D/history" '' "$SUP" >/dev/null
[ "$(jb 'j.transitions.length>=5')" = true ] &&
    [ "$(jb 'j.transitions.slice(0,4).map(t=>t.from+">"+t.to).join(" ")')" = \
    "suspended>active active>suspended provisioning>active draft>provisioning" ]
ok $? "history, newest first: $(jb 'j.transitions.slice(0,4).map(t=>t.from+">"+t.to).join(" ")')"
[ "$(jb 'j.transitions[0].actor+"|"+j.transitions[0].reason')" = \
    "$OWN_ACTOR|to active, run $RUN" ] &&
    [[ $(jb 'j.transitions[0].at') =~ ^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$ ]]
ok $? "... who, why and when ($(jb 'j.transitions[0].actor+" | "+j.transitions[0].reason+" | "+j.transitions[0].at'))"
[ "$(jb 'j.transitions[2].actor+"|"+j.transitions[2].reason')" = \
    "system|the tenant side confirmed provisioning" ]
ok $? "... the activation by the system ($(jb 'j.transitions[2].actor'))"
[ "$(jb 'j.transitions[j.transitions.length-1].from+">"+j.transitions[j.transitions.length-1].to+" "+j.transitions[j.transitions.length-1].reason')" = \
    ">draft created" ]
ok $? "... and its creation"

# the deprecated form
[ "$(api PATCH "$C/api/v1/tenants/$ID_D/status" '{"state":"suspended","reason":"old client"}' "$OWN")" = 200 ] &&
    [ "$(jb 'j.state')" = suspended ]
ok $? "PATCH /status (deprecated): 200, suspended"
[[ $(hdr deprecation) =~ ^@[0-9]+$ ]] && [ "$(hdr sunset)" = "Sat, 01 May 2027 00:00:00 GMT" ] &&
    head_has '^link: .*rel="successor-version"'
ok $? "... with Deprecation ($(hdr deprecation)), Sunset ($(hdr sunset)) and Link successor-version"
st=$(api PATCH "$C/api/v1/tenants/$ID_D/status" '{"state":"suspended"}' "$OWN")
[ "$st" = 409 ] && [ -n "$(hdr deprecation)" ] && [ -n "$(hdr sunset)" ]
ok $? "... an illegal move there: 409 with the headers too (got $st, Deprecation \"$(hdr deprecation)\", Sunset \"$(hdr sunset)\")"
[ "$(api PATCH "$C/api/v1/tenants/$ID_D/status" '{"state":"active"}' "$OWN")" = 200 ] &&
    [ "$(jb 'j.state')" = active ]
ok $? "... and back to active: 200"

# ==== 4. what the tenant side does ====================================================

B=$(shop "$SB")
BOWN="own-$RUN@$SB.example.com"
staff_member "$SB" "$BOWN" owner "$SPW"
ok $? "soukctl staff create: an owner of shop B"
[ "$(auth_token "$B/admin" "$BOWN" "$SPW")" = 201 ]
ok $? "the owner signs in to the backoffice: 201"
STOK=$(jb 'j.token')
expect 200 "$B/admin/api/v1/me" "... the staff token works" -H "Authorization: Bearer $STOK"
expect 200 "$B/api/v1/products" "the shop's API answers"
[ "$(register "$B" "cust0-$RUN@example.com")" = 201 ] &&
    [ "$(api POST "$B/api/v1/auth/token" "{\"email\":\"cust0-$RUN@example.com\",\"password\":\"$CPW\"}")" = 201 ]
ok $? "a customer registers and signs in"
CTOK=$(jb 'j.token')
expect 200 "$B/api/v1/me" "... the customer's token works" -H "Authorization: Bearer $CTOK"

[ "$(move "$ID_B" suspended "unpaid, run $RUN")" = 200 ] && [ "$(jb 'j.state')" = suspended ]
ok $? "suspend B: 200"
expect 503 "$B/" "suspended: the storefront page is 503"
body_has 'closed'
ok $? "... a closed page"
expect 503 "$B/api/v1/products" "suspended: the storefront API is 503"
is_problem && [ "$(jb 'j.status')" = 503 ]
ok $? "... problem+json ($(jb 'j.title'))"
st=$(auth_token "$B/admin" "$BOWN" "$SPW")
[ "$st" = 503 ] && [ "$(jb 'j.token')" = undefined ]
ok $? "suspended: backoffice sign-in refused ($st), no token"
st=$(api GET "$B/admin/api/v1/me" '' "$STOK")
[ "$st" = 401 ] || [ "$st" = 503 ]
ok $? "suspended: the existing staff token is refused ($st)"
[ "$(api POST "$C/api/v1/tenants/$ID_B/read-only" '{"read_only":true}' "$OWN")" = 409 ] && is_problem
ok $? "read-only on a suspended tenant: 409"
[ "$(shopdb "SELECT state FROM tenants WHERE id = $ID_B")" = suspended ]
ok $? "... the tenant side's row says suspended"

[ "$(move "$ID_B" active "paid, run $RUN")" = 200 ] && [ "$(jb 'j.state')" = active ]
ok $? "resume B: 200"
expect 200 "$B/" "resumed: the storefront page is 200"
expect 200 "$B/api/v1/products" "resumed: the API is 200"
st=$(api GET "$B/admin/api/v1/me" '' "$STOK")
[ "$st" = 401 ]
ok $? "resumed: the token of before the suspension stays dead (its session ended): $st"
expect 401 "$B/api/v1/me" "resumed: the customer's token of before is dead too" \
    -H "Authorization: Bearer $CTOK"
[ "$(auth_token "$B/admin" "$BOWN" "$SPW")" = 201 ]
ok $? "resumed: the owner signs in again: 201"
STOK=$(jb 'j.token')
expect 200 "$B/admin/api/v1/me" "... and the new token works" -H "Authorization: Bearer $STOK"

[ "$(api POST "$C/api/v1/tenants/$ID_B/read-only" '{"read_only":true,"reason":"migration"}' "$OWN")" = 200 ] &&
    [ "$(jb 'j.state+" "+j.read_only')" = "active true" ]
ok $? "read-only on: 200, active and read_only"
expect 200 "$B/" "read-only: GET pages 200"
expect 200 "$B/api/v1/products" "read-only: GET API 200"
st=$(register "$B" "cust-$RUN@example.com")
[ "$st" = 423 ] && is_problem && [ "$(jb 'j.title')" = "Read-Only Mode" ]
ok $? "read-only: POST /api/v1/customers 423 problem+json \"$(jb 'j.title')\" ($st)"
expect 423 "$B/account/register" "read-only: an HTML form post: 423" \
    --data-urlencode "email=cust-$RUN@example.com" --data-urlencode "password=$CPW"
head_has '^content-type: text/html' && body_has 'read-only'
ok $? "... a page that says read-only"
[ "$(auth_token "$B/admin" "$BOWN" "$SPW")" = 201 ]
ok $? "read-only: staff sign-in still 201"
STOK=$(jb 'j.token')
st=$(invite "$B" "$STOK" "s1-$RUN@$SB.example.com")
[ "$st" = 423 ] && is_problem && [ "$(jb 'j.title')" = "Read-Only Mode" ]
ok $? "read-only: POST /admin/api/v1/staff 423 ($st)"
[ "$(api POST "$C/api/v1/tenants/$ID_B/read-only" '{"read_only":true}' "$OWN")" = 200 ]
ok $? "read-only on again: 200 (nothing to change)"
[ "$(shopdb "SELECT CONCAT(state, ' ', read_only) FROM tenants WHERE id = $ID_B")" = "active 1" ]
ok $? "... the tenant side's row: active 1"
[ "$(api POST "$C/api/v1/tenants/$ID_B/read-only" '{"read_only":false}' "$OWN")" = 200 ] &&
    [ "$(jb 'j.read_only')" = false ]
ok $? "read-only off: 200"
[ "$(register "$B" "cust-$RUN@example.com")" = 201 ]
ok $? "... a customer registers: 201"
[ "$(invite "$B" "$STOK" "s1-$RUN@$SB.example.com")" = 201 ]
ok $? "... the owner invites staff: 201"
[ "$(api POST "$C/api/v1/tenants/$ID_B/read-only" '{"read_only":"yes"}' "$OWN")" = 400 ] &&
    [ "$(fields)" = read_only ]
ok $? "read_only not a boolean: 400 on read_only"
api GET "$C/api/v1/tenants/$ID_B/history" '' "$OWN" >/dev/null
[ "$(jb 'j.transitions.slice(0,2).map(t=>t.from+">"+t.to+":"+t.read_only).join(" ")')" = \
    "active>active:0 active>active:1" ] && [ "$(jb 'j.transitions[1].reason')" = migration ]
ok $? "history records read-only on (why: $(jb 'j.transitions[1].reason')) and off"

# ==== 5. termination ========================================================================

T=$(shop "$ST")
TOWN="own-$RUN@$ST.example.com"
staff_member "$ST" "$TOWN" owner "$SPW" &&
    [ "$(auth_token "$T/admin" "$TOWN" "$SPW")" = 201 ]
ok $? "an owner of shop T, signed in"
TTOK=$(jb 'j.token')
[ "$(api POST "$T/admin/api/v1/products" "{\"sku\":\"CT-$U\",\"name\":\"Teapot $RUN\",\"price\":1250,\"stock\":3}" "$TTOK")" = 201 ]
ok $? "... who adds a product: 201"
[ "$(api GET "$T/api/v1/products" '')" = 200 ] && body_has "Teapot $RUN"
ok $? "... the shop's API lists it"
[ "$(register "$T" "tcust-$RUN@example.com")" = 201 ]
ok $? "a customer of shop T"
shopdb "INSERT INTO promotions (tenant_id, code, name, kind, value)
    VALUES ($ID_T, 'CT-$U', '=Ten, \"off\"', 'percent', 10)"
ok $? "... and a coupon (written in souk_shop: T's plan has no promotions)"
SHOP_TABLES="account_tokens tenant_domains staff_recovery_codes product_categories
    staff customers categories account_sessions products customer_addresses
    promotions"
# shop_rows ID: rows of the tenant in souk_shop's tables (its tenants row aside)
shop_rows() {
	local q='' t
	for t in $SHOP_TABLES; do
		q="$q${q:+ + }(SELECT COUNT(*) FROM $t WHERE tenant_id = $1)"
	done
	shopdb "SELECT $q"
}
[ "$(shop_rows "$ID_T")" -ge 3 ]
ok $? "... shop T has rows in souk_shop ($(shop_rows "$ID_T"))"
[ "$(move "$ID_T" terminated "closing, run $RUN")" = 202 ] && [ "$(jb 'j.status')" = pending ]
ok $? "terminate T: 202, pending"
ap_t=$(jb 'j.approval_id')
[[ $ap_t =~ ^[0-9]+$ ]]
ok $? "... an approval id ($ap_t)"
[ "$(state_of "$ID_T")" = active ]
ok $? "... nothing changed yet"
[ "$(decide "$ap_t" approve "$OWN")" = 403 ] && is_problem
ok $? "self-approval: 403"
[ "$(decide "$ap_t" approve "$SUP")" = 403 ]
ok $? "a support admin may not approve: 403"
[ "$(decide "$ap_t" approve)" = 200 ] && [ "$(jb 'j.state')" = terminated ]
ok $? "the ops admin approves: 200, terminated"
expect 404 "$T/" "terminated: the storefront is 404"
body_has 'There is no shop at this address'
ok $? "... no shop at this address"
end=$((SECONDS + 15))
until [ "$(api GET "$C/api/v1/tenants/$ID_T/export" '' "$OWN")" = 200 ] ||
    [ "$SECONDS" -ge "$end" ]; do sleep 0.5; done
st=$(api GET "$C/api/v1/tenants/$ID_T/export" '' "$OWN")
[ "$st" = 200 ]
ok $? "within 15 s the export exists: 200 ($st)"
[ "$(jb 'j.format+" "+j.tenant.slug+" "+j.tenant.id')" = "souk-tenant-export/1 $ST $ID_T" ]
ok $? "... format souk-tenant-export/1, the tenant's slug and id"
[ "$(jb '[j.products,j.staff,j.categories,j.domains,j.customers].every(Array.isArray)')" = true ] &&
    [ "$(jb "j.staff.some(s=>s.email==='$TOWN')")" = true ]
ok $? "... products, staff (with the owner), categories, domains, customers arrays"
[ "$(jb "j.customers.some(c=>c.email==='tcust-$RUN@example.com')+' '+j.products.map(p=>p.sku+' '+p.name).join()")" = \
    "true CT-$U Teapot $RUN" ] &&
    ! grep -qi 'password\|"token"' "$E2E_TMP/body"
ok $? "... the customer and the product, no passwords nor tokens"
head_has '^content-disposition: attachment' && [ -n "$(hdr x-content-sha256)" ] &&
    [ "$(sha256sum <"$E2E_TMP/body" | cut -d' ' -f1)" = "$(hdr x-content-sha256)" ]
ok $? "... a download with its SHA-256 (X-Content-SHA256)"
[ "$(jb "j.promotions.map(p=>p.code+' '+p.name).join()")" = "CT-$U =Ten, \"off\"" ] &&
    [ "$(jb 'j.columns.promotions.slice(0,3).join()')" = id,code,name ]
ok $? "... the coupon, and every table's columns"
[ "$(api GET "$C/api/v1/tenants/$ID_T/export/products.csv" '' "$OWN")" = 200 ] &&
    head_has '^content-type: text/csv' &&
    [ "$(head -n1 "$E2E_TMP/body" | tr -d '\r')" = \
    id,sku,slug,name,description,price,currency,stock,featured,status,image,created_at,updated_at ] &&
    [ "$(sed -n 2p "$E2E_TMP/body" | cut -d, -f2,4,6)" = "CT-$U,Teapot $RUN,1250" ] &&
    [ "$(wc -l <"$E2E_TMP/body")" = 2 ]
ok $? "export/products.csv: 200 text/csv, a header and the teapot"
[ "$(api GET "$C/api/v1/tenants/$ID_T/export/promotions.csv" '' "$OWN")" = 200 ] &&
    grep -q "^[0-9]*,CT-$U,\"'=Ten, \"\"off\"\"\",percent,10," "$E2E_TMP/body"
ok $? "... promotions.csv quotes commas and quotes, a leading = made inert"
[ "$(api GET "$C/api/v1/tenants/$ID_T/export/customer_addresses.csv" '' "$OWN")" = 200 ] &&
    [ "$(wc -l <"$E2E_TMP/body")" = 1 ] && head -n1 "$E2E_TMP/body" | grep -q '^id,customer_id,'
ok $? "... an empty table: its header alone"
[ "$(api GET "$C/api/v1/tenants/$ID_T/export/passwords.csv" '' "$OWN")" = 404 ] && is_problem &&
    [ "$(api GET "$C/api/v1/tenants/$ID_T/export/products.json" '' "$OWN")" = 404 ]
ok $? "... another name: 404 problem+json"
[ "$(api GET "$C/api/v1/tenants/$ID_T/export/products.csv" '' "$SUP")" = 403 ]
ok $? "... a support admin may not download it: 403"
end=$((SECONDS + 15))
until [ "$(shopdb "SELECT COUNT(*) FROM staff WHERE tenant_id = $ID_T")" = 0 ] ||
    [ "$SECONDS" -ge "$end" ]; do sleep 0.5; done
[ "$(shopdb "SELECT COUNT(*) FROM staff WHERE tenant_id = $ID_T")" = 0 ]
ok $? "the shop's staff are erased in souk_shop"
[ "$(shop_rows "$ID_T")" = 0 ]
ok $? "... every row of the shop is erased in souk_shop ($(shop_rows "$ID_T") left)"
[ "$(shopdb "SELECT CONCAT(COUNT(*), ' ', MAX(state)) FROM tenants WHERE id = $ID_T")" = "1 terminated" ]
ok $? "... its tenants row stays, terminated"
tenant "$ID_T" >/dev/null
[ "$(jb 'j.sync.pending.length')" = 0 ]
ok $? "... nothing left to send ($(jb 'j.sync.pending.join()'))"
[ "$(auth_token "$T/admin" "$TOWN" "$SPW")" = 404 ]
ok $? "... and the owner's sign-in finds no shop: 404"
for to in $STATES; do
	[ "$(move "$ID_T" "$to")" = 409 ]
	ok $? "terminated -> $to: 409"
done
[ "$(api PATCH "$C/api/v1/tenants/$ID_T" '{"name":"Zombie"}' "$OWN")" = 409 ]
ok $? "a terminated tenant cannot be changed: 409"

# reject: the tenant stays as it was
[ "$(move "$ID_B" terminated "mistake")" = 202 ]
ok $? "terminate B: 202"
ap_b=$(jb 'j.approval_id')
[ "$(decide "$ap_b" reject)" = 200 ] && [ "$(jb 'j.state+" "+j.read_only')" = "active false" ]
ok $? "... rejected: 200, B unchanged (active)"
expect 200 "$B/" "... its shop still open"
api GET "$C/api/v1/approvals?tenant=$ID_B" '' "$OPS" >/dev/null
[ "$(jb "j.approvals.filter(a=>a.id==$ap_b).map(a=>a.status).join()")" = rejected ]
ok $? "... the approval says rejected"

# ==== 6. features =====================================================================

# codes of plans and features are unique: a taken one is a 409 that says so
st=$(api POST "$C/api/v1/plans" '{"code":"starter","name":"Starter again"}' "$OWN")
[ "$st" = 409 ] && is_problem && [ "$(fields)" = code ] &&
    [ "$(jb 'j.detail')" = "There is a plan with this code already." ]
ok $? "POST /api/v1/plans with a taken code: 409 on code, \"$(jb 'j.detail')\" ($st)"
st=$(api POST "$C/api/v1/features" '{"code":"max_staff","type":"limit","default":"1"}' "$OWN")
[ "$st" = 409 ] && is_problem && [ "$(fields)" = code ] &&
    [ "$(jb 'j.detail')" = "There is a feature with this code already." ]
ok $? "POST /api/v1/features with a taken code: 409 on code, \"$(jb 'j.detail')\" ($st)"

F=$(shop "$SF")
FOWN="own-$RUN@$SF.example.com"
staff_member "$SF" "$FOWN" owner "$SPW" &&
    [ "$(auth_token "$F/admin" "$FOWN" "$SPW")" = 201 ]
ok $? "an owner of starter shop F signs in"
FTOK=$(jb 'j.token')
[ "$(invite "$F" "$FTOK" "f1-$RUN@$SF.example.com")" = 201 ]
ok $? "max_staff 3: the 2nd member: 201"
[ "$(invite "$F" "$FTOK" "f2-$RUN@$SF.example.com")" = 201 ]
ok $? "max_staff 3: the 3rd member: 201"
st=$(invite "$F" "$FTOK" "f3-$RUN@$SF.example.com")
[ "$st" = 403 ] && is_problem && [[ $(jb 'j.detail') == *plan* ]]
ok $? "max_staff 3: the 4th is refused: 403, \"$(jb 'j.detail')\""
[ "$(api PUT "$C/api/v1/tenants/$ID_F/features/max_staff" '{"value":"10"}' "$OWN")" = 200 ] &&
    [ "$(jb 'j.features.max_staff')" = 10 ]
ok $? "PUT features/max_staff {\"value\":\"10\"}: 200, effective 10"
[ "$(invite "$F" "$FTOK" "f3-$RUN@$SF.example.com")" = 201 ]
ok $? "... the next invitation: 201"
# 4 members of 10: eight invitations at once, and the database lets
# exactly six through (the tenant row is locked while one counts)
members() { shopdb "SELECT COUNT(*) FROM staff WHERE tenant_id = $ID_F AND status <> 'disabled'"; }
for i in 1 2 3 4 5 6 7 8; do
	curl -s -o /dev/null -w '%{http_code}\n' --max-time 20 -X POST \
	    -H "Authorization: Bearer $FTOK" -H 'Content-Type: application/json' \
	    --data-raw "{\"email\":\"race$i-$RUN@$SF.example.com\",\"role\":\"staff\"}" \
	    "$F/admin/api/v1/staff" >"$E2E_TMP/race$i" &
done
wait
got=$(cat "$E2E_TMP"/race? | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')
[ "$(cat "$E2E_TMP"/race? | grep -c '^201$')" = 6 ] &&
    [ "$(cat "$E2E_TMP"/race? | grep -c '^403$')" = 2 ] && [ "$(members)" = 10 ]
ok $? "max_staff 10, 4 members, 8 invitations at once: six 201, two 403 ($got), $(members) members"
api GET "$F/admin/api/v1/staff" '' "$FTOK" >/dev/null
RACE_ID=$(jb "(j.items.find(m=>m.email.startsWith('race')&&m.status==='invited')||{}).id")
[ "$(api PATCH "$F/admin/api/v1/staff/$RACE_ID" '{"status":"disabled"}' "$FTOK")" = 200 ] &&
    [ "$(members)" = 9 ] && [ "$(invite "$F" "$FTOK" "f4-$RUN@$SF.example.com")" = 201 ]
ok $? "disable one: 9 members; an invitation takes the place: 201"
st=$(api PATCH "$F/admin/api/v1/staff/$RACE_ID" '{"status":"active"}' "$FTOK")
[ "$st" = 403 ] && is_problem && [[ $(jb 'j.detail') == *plan* ]] && [ "$(members)" = 10 ]
ok $? "enabling the disabled one past the limit: 403 ($st, \"$(jb 'j.detail')\")"
[ "$(api PUT "$C/api/v1/tenants/$ID_F/features/max_staff" '{"value":"lots"}' "$OWN")" = 400 ] &&
    [ "$(fields)" = value ]
ok $? "a limit that is no number: 400 on value"
[ "$(api PUT "$C/api/v1/tenants/$ID_F/features/no_such_feature" '{"value":"1"}' "$OWN")" = 400 ]
ok $? "an unknown feature: 400"
[ "$(api PUT "$C/api/v1/tenants/$ID_F/features/max_staff" '{"value":"12"}' "$SUP")" = 403 ]
ok $? "a support admin may not override: 403"

expect 200 "$F/api/v1/products" "api_access (starter: true): the shop's API 200"
[ "$(api PUT "$C/api/v1/tenants/$ID_F/features/api_access" '{"value":"false"}' "$OWN")" = 200 ] &&
    [ "$(jb 'j.features.api_access')" = false ]
ok $? "PUT features/api_access false: 200"
expect 403 "$F/api/v1/products" "... GET /api/v1/products on the shop at once: 403"
is_problem && [[ $(jb 'j.detail') == *API* ]]
ok $? "... problem+json ($(jb 'j.detail'))"
expect 403 "$F/admin/api/v1/me" "... the backoffice API too" -H "Authorization: Bearer $FTOK"
expect 200 "$F/" "... pages are not APIs: 200"
[ "$(api DELETE "$C/api/v1/tenants/$ID_F/features/api_access" '' "$OWN")" = 200 ] &&
    [ "$(jb 'j.features.api_access')" = true ]
ok $? "DELETE the override: 200, api_access true again"
expect 200 "$F/api/v1/products" "... the shop's API at once: 200"
[ "$(shopdb "SELECT JSON_EXTRACT(features, '$.api_access') FROM tenants WHERE id = $ID_F")" = true ]
ok $? "... the tenant side stored the pushed set"

# the tenant side's pull: ETag and If-None-Match (signed as tenant-app; a
# signature is good once, so each request is signed afresh)
FURL="$C/internal/api/tenants/$ID_F/features"
signed() {	# signed [ETAG]: GET $FURL signed (If-None-Match: ETAG); the status
	signed_headers GET "$FURL" --tenant "$ID_F" --as tenant-app \
	    ${1:+--if-none-match "$1"}
	fetch "$FURL" "${SIGNED[@]}"
}
[ "$(signed)" = 200 ] && [ -n "$(hdr etag)" ] && [ "$(jb 'j.etag')" = "$(hdr etag)" ] &&
    [ "$(jb 'j.tenant_id+" "+j.plan+" "+j.features.max_staff')" = "$ID_F starter 10" ]
ok $? "internal pull, signed: 200, the features and ETag $(hdr etag)"
etag=$(hdr etag)
rm -f "$E2E_TMP/body"
[ "$(signed "$etag")" = 304 ] && [ ! -s "$E2E_TMP/body" ] &&
    [ "$(hdr etag)" = "$etag" ]
ok $? "... If-None-Match with it: 304, empty"
[ "$(signed '"0000"')" = 200 ]
ok $? "... another ETag: 200"
# If-None-Match is signed (v2): swapped in transit, the call is refused
signed_headers GET "$FURL" --tenant "$ID_F" --as tenant-app \
    --if-none-match '"0000"'
signed_altered If-None-Match "$etag"
[ "$(fetch "$FURL" "${ALTERED[@]}")" = 401 ]
ok $? "... an If-None-Match altered in transit: 401"
[ "$(fetch "$FURL")" = 401 ]
ok $? "... unsigned: 401"
[ "$(api PUT "$C/api/v1/tenants/$ID_F/features/promotions" '{"value":"true"}' "$OWN")" = 200 ]
ok $? "a change of features (promotions on)"
[ "$(signed "$etag")" = 200 ] && [ -n "$(hdr etag)" ] &&
    [ "$(hdr etag)" != "$etag" ] && [ "$(jb 'j.features.promotions')" = true ]
ok $? "... the old ETag gets 200 with a new ETag ($(hdr etag))"

# ==== 7. domains =========================================================================

# A custom domain is never under the base domain: the dev stack resolves
# every *.test name to loopback for Center's check (outbound_resolve), and
# curl here is told the same with --resolve.
G=$(shop "$SG")
DOM="www.$SG-x.test"
DG="http://$DOM:$NGINX_PORT"
RES=(--resolve "$DOM:$NGINX_PORT:127.0.0.1")
[ "$(api POST "$C/api/v1/tenants/$ID_G/domains" "{\"host\":\"$DOM\"}" "$OWN")" = 201 ]
ok $? "growth: POST domains $DOM: 201"
TOKEN=$(jb "(j.domains.find(d=>d.host==='$DOM')||{}).token")
[ "$(jb "(j.domains.find(d=>d.host==='$DOM')||{}).status")" = pending ] &&
    [[ $TOKEN =~ ^[0-9a-f]{16,}$ ]]
ok $? "... pending, with a token ($TOKEN)"
[ "$(api POST "$C/api/v1/tenants/$ID_G/domains" "{\"host\":\"$DOM\"}" "$OWN")" = 409 ] &&
    is_problem && [ "$(fields)" = host ] && [ "$(jb 'j.detail')" = "This tenant has $DOM already." ]
ok $? "... the same host again: 409 on host, \"$(jb 'j.detail')\""
[ "$(api POST "$C/api/v1/tenants/$ID_G/domains" "{\"host\":\"$SA.$BASE_DOMAIN\"}" "$OWN")" = 400 ] &&
    [ "$(fields)" = host ]
ok $? "a shop's own platform name is no custom domain: 400 on host"
for h in "x.y.$BASE_DOMAIN" "a.b.c.$SG.$BASE_DOMAIN" "$BASE_DOMAIN" "center.$BASE_DOMAIN" \
    "services.$BASE_DOMAIN" "www.center.$BASE_DOMAIN" "x.localhost"; do
	[ "$(api POST "$C/api/v1/tenants/$ID_G/domains" "{\"host\":\"$h\"}" "$OWN")" = 400 ] &&
	    is_problem && [ "$(fields)" = host ] &&
	    [ "$(centerdb "SELECT COUNT(*) FROM tenant_domains WHERE host = '$h'")" = 0 ]
	ok $? "$h is the platform's: 400 on host, nothing stored"
done
# The pending cap: $DOM and 9 more wait for their check; the 11th is refused.
for i in 1 2 3 4 5 6 7 8 9; do
	st=$(api POST "$C/api/v1/tenants/$ID_G/domains" "{\"host\":\"p$i.$SG-x.test\"}" "$OWN")
	[ "$st" = 201 ] || break
done
ok $? "9 more pending domains: 201 each ($st)"
[ "$(api POST "$C/api/v1/tenants/$ID_G/domains" "{\"host\":\"p10.$SG-x.test\"}" "$OWN")" = 409 ] &&
    is_problem && [ "$(fields)" = host ] && [[ $(jb 'j.detail') == *"10 domains waiting"* ]]
ok $? "the 11th pending domain: 409 on host, \"$(jb 'j.detail')\""
for i in 1 2 3 4 5 6 7 8 9; do
	st=$(api DELETE "$C/api/v1/tenants/$ID_G/domains/p$i.$SG-x.test" '' "$OWN")
	[ "$st" = 200 ] || break
done
ok $? "... the 9 removed ($st)"
# A pending domain expires after 7 days: not listed, not verifiable.
EXP="old.$SG-x.test"
[ "$(api POST "$C/api/v1/tenants/$ID_G/domains" "{\"host\":\"$EXP\"}" "$OWN")" = 201 ] &&
    centerdb "UPDATE tenant_domains SET created_at = UTC_TIMESTAMP() - INTERVAL 8 DAY WHERE host = '$EXP'" &&
    [ "$(api GET "$C/api/v1/tenants/$ID_G" '' "$OWN")" = 200 ] &&
    [ "$(jb "j.domains.some(d=>d.host==='$EXP')")" = false ] &&
    [ -n "$(jb "(j.domains.find(d=>d.host==='$DOM')||{}).expires_at")" ]
ok $? "a pending domain 8 days old is no longer listed (the others show expires_at)"
[ "$(api POST "$C/api/v1/tenants/$ID_G/domains/$EXP/verify" '' "$OWN")" = 409 ] &&
    [[ $(jb 'j.detail') == *"not verified within 7 days"* ]]
ok $? "... verifying it: 409, \"$(jb 'j.detail')\""
expect 200 "$DG/.well-known/souk-domain-verification/$TOKEN" "the custom host answers its token" "${RES[@]}"
[ "$(cat "$E2E_TMP/body")" = "$TOKEN" ]
ok $? "... the body is the token"
expect 404 "$DG/.well-known/souk-domain-verification/0123456789abcdef0123456789abcdef" \
    "... a wrong token: 404" "${RES[@]}"
[ "$(api POST "$C/api/v1/tenants/$ID_G/domains/$DOM/primary" '' "$OWN")" = 409 ]
ok $? "a pending domain cannot be primary: 409"
[ "$(api POST "$C/api/v1/tenants/$ID_G/domains/$DOM/verify" '' "$OWN")" = 200 ] &&
    [ "$(jb "(j.domains.find(d=>d.host==='$DOM')||{}).status")" = verified ]
ok $? "verify: 200, verified"
[ "$(api POST "$C/api/v1/tenants/$ID_G/domains/$DOM/primary" '' "$OWN")" = 200 ] &&
    [ "$(jb "(j.domains.find(d=>d.host==='$DOM')||{}).primary")" = 1 ]
ok $? "primary: 200 (primary $(jb "(j.domains.find(d=>d.host==='$DOM')||{}).primary"))"
expect 301 "$G/p/anything" "the slug host redirects"
[ "$(hdr location)" = "$DG/p/anything" ]
ok $? "... 301 to $(hdr location) (want $DG/p/anything)"
expect 301 "$(shop "$SG" "$APACHE_PORT")/p/anything" "apache: the slug host redirects too"
[ "$(hdr location)" = "http://$DOM:$APACHE_PORT/p/anything" ]
ok $? "apache: ... 301 to $(hdr location)"
expect 308 "$G/api/v1/customers" "... a POST is redirected with 308" \
    -X POST -H 'Content-Type: application/json' --data-raw '{}'
expect 200 "$DG/" "the custom host serves the shop" "${RES[@]}"
body_has "Shop G $RUN"
ok $? "... with its name"
[ "$(api POST "$C/api/v1/tenants/$ID_F/domains" "{\"host\":\"www.$SF-x.test\"}" "$OWN")" = 403 ] && is_problem
ok $? "a starter tenant adding a domain: 403"
[ "$(api PUT "$C/api/v1/tenants/$ID_F/features/custom_domain" '{"value":"true"}' "$OWN")" = 200 ]
ok $? "... custom_domain for F by an override: 200"
st=$(api POST "$C/api/v1/tenants/$ID_F/domains" "{\"host\":\"$DOM\"}" "$OWN")
[ "$st" = 409 ] && is_problem && [ "$(fields)" = host ] &&
    [ "$(jb 'j.detail')" = "Another tenant has $DOM." ] &&
    [ "$(centerdb "SELECT COUNT(*) FROM tenant_domains WHERE host = '$DOM'")" = 1 ]
ok $? "F adding G's domain: 409 on host, \"$(jb 'j.detail')\" ($st)"
st=$(api POST "$C/api/v1/tenants/$ID_F/domains" "{\"host\":\"$EXP\"}" "$OWN")
[ "$st" = 201 ] &&
    [ "$(centerdb "SELECT tenant_id FROM tenant_domains WHERE host = '$EXP'")" = "$ID_F" ]
ok $? "F claiming G's expired pending domain: 201, the host is F's now ($st)"
[ "$(api DELETE "$C/api/v1/tenants/$ID_F/domains/$EXP" '' "$OWN")" = 200 ]
ok $? "... removed again"
# The worker purges expired pending domains (a pass of its own here).
EXP2="old2.$SG-x.test"
[ "$(api POST "$C/api/v1/tenants/$ID_G/domains" "{\"host\":\"$EXP2\"}" "$OWN")" = 201 ] &&
    centerdb "UPDATE tenant_domains SET created_at = UTC_TIMESTAMP() - INTERVAL 8 DAY WHERE host = '$EXP2'" &&
    ctl worker --once >/dev/null 2>&1 &&
    [ "$(centerdb "SELECT COUNT(*) FROM tenant_domains WHERE host = '$EXP2'")" = 0 ] &&
    [ "$(centerdb "SELECT COUNT(*) FROM audit_log WHERE action = 'tenant.domain.expire' AND target = 'tenant:$ID_G/domain:$EXP2'")" = 1 ]
ok $? "soukctl worker removes an expired pending domain, audited as tenant.domain.expire"
[ "$(api DELETE "$C/api/v1/tenants/$ID_F/features/custom_domain" '' "$OWN")" = 200 ]
ok $? "... the override removed"
[ "$(api DELETE "$C/api/v1/tenants/$ID_G/domains/$DOM" '' "$OWN")" = 200 ] &&
    [ "$(jb 'j.domains.length')" = 0 ]
ok $? "removing the domain: 200, no domains left"
st=$(fetch "$G/p/anything")
[ "$st" != 301 ] && [ "$st" != 308 ] && [ -z "$(hdr location)" ]
ok $? "the slug host no longer redirects ($st)"
expect 200 "$G/" "the slug host serves the shop again"
body_has "Shop G $RUN"
ok $? "... with its name"
expect 404 "$DG/" "the removed host is no shop" "${RES[@]}"
[ "$(api DELETE "$C/api/v1/tenants/$ID_G/domains/$DOM" '' "$OWN")" = 404 ]
ok $? "removing it again: 404"

# ==== 8. API keys of external systems ===================================================

umask_old=$(umask)
umask 077
[ "$(api POST "$C/api/v1/keys" "{\"owner\":\"ct reader $U\",\"scopes\":[\"tenants:read\"]}" "$OWN")" = 201 ] &&
    [[ $(jb 'j.api_key') == pk_* ]] && [ -n "$(jb 'j.secret')" ]
ok $? "POST /api/v1/keys tenants:read: 201, api_key and secret"
PK_R=$(jb 'j.api_key')
jb 'j.secret' >"$E2E_TMP/reader.secret"
[ "$(api POST "$C/api/v1/keys" "{\"owner\":\"ct writer $U\",\"scopes\":[\"tenants:read\",\"tenants:write\"]}" "$OWN")" = 201 ]
ok $? "POST /api/v1/keys tenants:write: 201"
PK_W=$(jb 'j.api_key')
jb 'j.secret' >"$E2E_TMP/writer.secret"
umask "$umask_old"
[ "$(stat -c %a "$E2E_TMP/reader.secret")" = 600 ]
ok $? "the secrets are kept in 0600 files"
[ "$(api POST "$C/api/v1/keys" '{"owner":"ct bad","scopes":["audit:read"]}' "$OWN")" = 400 ] &&
    [ "$(fields)" = scopes ]
ok $? "a scope external systems cannot have: 400 on scopes"
[ "$(api POST "$C/api/v1/keys" '{"owner":"ct sup","scopes":["tenants:read"]}' "$SUP")" = 403 ]
ok $? "a support admin may not make keys: 403"

# kcall PK SECRET-FILE METHOD URL [JSON]: soukctl call signed with a key;
# prints its exit status (the body in $E2E_TMP/body, "HTTP nnn" in …/err)
kcall() {
	local data=()
	[ -n "${5:-}" ] && data=(--data "$5")
	call "$3" "$4" --key "$1" --secret-file "$2" "${data[@]}" >/dev/null
	echo $?
}
said() { head -n 1 "$E2E_TMP/err"; }
[ "$(kcall "$PK_R" "$E2E_TMP/reader.secret" GET "$C/api/v1/tenants/$ID_A")" = 0 ] &&
    [ "$(jb 'j.slug')" = "$SA" ]
ok $? "soukctl call GET a tenant with the reader key: $(said), slug $(jb 'j.slug')"
[ "$(kcall "$PK_R" "$E2E_TMP/reader.secret" POST "$C/api/v1/tenants" \
    "{\"slug\":\"$SK\",\"name\":\"By the reader\",\"draft\":true}")" = 1 ] &&
    [ "$(said)" = "HTTP 403" ]
ok $? "... POST /api/v1/tenants with it: $(said) (403 wanted)"
[ "$(kcall "$PK_W" "$E2E_TMP/writer.secret" POST "$C/api/v1/tenants" \
    "{\"slug\":\"$SK\",\"name\":\"By the writer $RUN\",\"draft\":true}")" = 0 ] &&
    [ "$(said)" = "HTTP 202" ] && [ "$(jb 'j.slug+" "+j.state')" = "$SK draft" ]
ok $? "the writer key creates a tenant: $(said), $(jb 'j.slug+" "+j.state')"
ID_K=$(jb 'j.id')
[ "$(api GET "$C/api/v1/audit?tenant=$ID_K&action=tenant.create" '' "$OWN")" = 200 ] &&
    [[ $(jb 'j.entries[0].actor') == "key:$PK_W (ct writer $U)" ]]
ok $? "... audited with actor $(jb 'j.entries[0].actor')"
api GET "$C/api/v1/tenants/$ID_K/history" '' "$OWN" >/dev/null
[[ $(jb 'j.transitions[0].actor') == key:* ]]
ok $? "... and its history names the key"
[ "$(kcall "$PK_W" "$E2E_TMP/writer.secret" GET "$C/api/v1/audit")" = 1 ] &&
    [ "$(said)" = "HTTP 403" ]
ok $? "GET /api/v1/audit with a key: $(said) (403 wanted)"
[ "$(kcall "$PK_R" "$E2E_TMP/writer.secret" GET "$C/api/v1/tenants/$ID_A")" = 1 ] &&
    [ "$(said)" = "HTTP 401" ]
ok $? "a key with another key's secret: $(said) (401 wanted)"

# The tenant side's internal API is Center's alone: an external key, even
# one that may write tenants, gets 403 there (scope tenants:provision and
# kind center); the programs' own keys cannot be rotated or revoked from
# Center; a key for some tenants cannot create tenants.
[ "$(kcall "$PK_W" "$E2E_TMP/writer.secret" GET \
    "http://demo.$BASE_DOMAIN:$NGINX_PORT/internal/api/tenants/1/export")" = 1 ] &&
    [ "$(said)" = "HTTP 403" ]
ok $? "the writer key on the tenant side's export: $(said) (403 wanted)"
[ "$(api POST "$C/api/v1/keys" '{"owner":"ct prov","scopes":["tenants:provision"]}' "$OWN")" = 400 ] &&
    [ "$(fields)" = scopes ]
ok $? "an external key with tenants:provision: 400 on scopes"
CENTER_PK=$(json 'j.api_key' <"$E2E_TOP/var/keys/center.json")
[ "$(api POST "$C/api/v1/keys/$CENTER_PK/revoke" '' "$OWN")" = 404 ] &&
    [ "$(api POST "$C/api/v1/keys/$CENTER_PK/rotate" '' "$OWN")" = 404 ]
ok $? "Center's own key cannot be revoked or rotated from the API: 404"
[ "$(api POST "$C/api/v1/keys" "{\"owner\":\"ct one $U\",\"scopes\":[\"tenants:read\",\"tenants:write\"],\"tenants\":[\"$ID_A\"]}" "$OWN")" = 201 ]
PK_1=$(jb 'j.api_key')
(umask 077 && jb 'j.secret' >"$E2E_TMP/one.secret")
[ "$(kcall "$PK_1" "$E2E_TMP/one.secret" POST "$C/api/v1/tenants" \
    "{\"slug\":\"ct-one-$U\",\"name\":\"By a one-tenant key\"}")" = 1 ] &&
    [ "$(said)" = "HTTP 403" ] &&
    ctl call GET "$C/api/v1/tenants/$ID_A" --tenant "$ID_A" --key "$PK_1" \
    --secret-file "$E2E_TMP/one.secret" >"$E2E_TMP/body" 2>/dev/null &&
    [ "$(jb 'j.id')" = "$ID_A" ]
ok $? "a key for one tenant reads it (x-tenant-id) but may not create tenants"

# ==== 9. the audit log =================================================================

[ "$(api GET "$C/api/v1/audit?tenant=$ID_B&limit=100" '' "$OWN")" = 200 ]
ok $? "GET /api/v1/audit?tenant=B: 200"
acts=$(jb 'j.entries.map(e=>e.action).sort().join(",")')
for a in tenant.create tenant.active tenant.suspended tenant.read_only.on \
    tenant.read_only.off tenant.terminate.request tenant.terminate.reject; do
	[[ ,$acts, == *",$a,"* ]]
	ok $? "... has $a"
done
[ "$(jb "j.entries.every(e=>e.tenant_id==='$ID_B')")" = true ]
ok $? "... and only B's entries"
[ "$(jb "j.entries.filter(e=>e.action==='tenant.suspended').map(e=>e.actor+' '+e.target).join()")" = \
    "$OWN_ACTOR tenant:$ID_B" ] &&
    [ "$(jb "j.entries.filter(e=>e.action==='tenant.suspended').map(e=>JSON.parse(e.before).state+'>'+JSON.parse(e.after).state).join()")" = "active>suspended" ]
ok $? "... tenant.suspended: who, target, before and after"
AUDIT_ID=$(jb "j.entries.filter(e=>e.action==='tenant.create')[0].id")
[ "$(jb "j.entries.filter(e=>e.action==='tenant.create')[0].hash.length")" = 64 ]
ok $? "... entries carry their hash (row $AUDIT_ID)"
[ "$(fetch "$C/api/v1/audit.csv?tenant=$ID_B" -H "Authorization: Bearer $OWN")" = 200 ] &&
    head_has '^content-type: text/csv' &&
    [ "$(head -n 1 "$E2E_TMP/body" | tr -d '\r')" = \
    "id,at,actor,action,target,tenant_id,before,after,request_id,client_addr,prev_hash,hash" ] &&
    grep -q ",tenant.suspended,tenant:$ID_B," "$E2E_TMP/body"
ok $? "GET /api/v1/audit.csv: text/csv, a header line, the rows"
[ "$(api GET "$C/api/v1/audit?tenant=$ID_B" '' "$AUD")" = 200 ] &&
    [ "$(jb 'j.entries.length>0')" = true ]
ok $? "the auditor reads the audit: 200"
[ "$(create "{\"slug\":\"ct-y-$U\",\"name\":\"By the auditor\"}" "$AUD")" = 403 ]
ok $? "... but may not create a tenant: 403"
[ "$(api GET "$C/api/v1/audit" '' "$SUP")" = 403 ]
ok $? "a support admin may not read the audit: 403"
[ "$(api GET "$C/api/v1/audit" '' "$OPS")" = 403 ]
ok $? "an ops admin may not either: 403"

ctl audit verify >"$E2E_TMP/verify" 2>&1
ok $? "soukctl audit verify: exit 0 ($(head -n 1 "$E2E_TMP/verify"))"
[ "$(api GET "$C/api/v1/audit/verify" '' "$AUD")" = 200 ] && [ "$(jb 'j.ok')" = true ]
ok $? "GET /api/v1/audit/verify: ok true ($(jb 'j.rows') rows)"
AUDIT_HEX=$(centerdb "SELECT HEX(after_json) FROM audit_log WHERE id = $AUDIT_ID")
[ -n "$AUDIT_HEX" ] && [ "$AUDIT_HEX" != NULL ]
ok $? "(the after_json of row $AUDIT_ID saved)"
AUDIT_ROW=$AUDIT_ID
centerdb "UPDATE audit_log SET after_json = 'x' WHERE id = $AUDIT_ID"
ok $? "(row $AUDIT_ID tampered with as root)"
ctl audit verify >"$E2E_TMP/verify" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q "BROKEN at row $AUDIT_ID\\b" "$E2E_TMP/verify"
ok $? "soukctl audit verify: exit $rc, $(head -n 1 "$E2E_TMP/verify")"
[ "$(api GET "$C/api/v1/audit/verify" '' "$AUD")" = 200 ] &&
    [ "$(jb 'j.ok+" "+j.first_bad_id')" = "false $AUDIT_ID" ]
ok $? "GET /api/v1/audit/verify: ok false, first_bad_id $(jb 'j.first_bad_id') ($(jb 'j.problem'))"
restore_audit
ok $? "(row $AUDIT_ID restored)"
ctl audit verify >"$E2E_TMP/verify" 2>&1
ok $? "soukctl audit verify: exit 0 again ($(head -n 1 "$E2E_TMP/verify"))"
[ "$(api GET "$C/api/v1/audit/verify" '' "$AUD")" = 200 ] && [ "$(jb 'j.ok')" = true ]
ok $? "GET /api/v1/audit/verify: ok true again"

# ==== Apache: a smaller set ==========================================================

C=$APA_C
X=$(shop "$SX" "$APACHE_PORT")
expect 200 "$C/api/v1/tenants/$ID_A" "apache: GET a tenant" -H "Authorization: Bearer $OWN"
[ "$(jb 'j.slug')" = "$SA" ]
ok $? "apache: ... its slug"
[ "$(create "{\"slug\":\"$SX\",\"name\":\"Shop X $RUN\"}")" = 202 ] &&
    [ "$(hdr location)" = "/api/v1/tenants/$(jb 'j.id')" ]
ok $? "apache: POST /api/v1/tenants: 202 with Location"
ID_X=$(jb 'j.id')
[ "$(create "{\"slug\":\"$SX\",\"name\":\"Again\"}")" = 409 ]
ok $? "apache: the same slug again: 409"
[ "$(create '{"slug":"www","name":"W"}')" = 400 ] && [ "$(fields)" = slug ]
ok $? "apache: a reserved slug: 400"
wait_state "$C" "$OWN" "$ID_X" active 15
ok $? "apache: the tenant becomes active"
one_shop_row "$ID_X" "$SX"
ok $? "apache: ... one souk_shop.tenants row"
expect 200 "$X/" "apache: its storefront"
body_has "Shop X $RUN"
ok $? "apache: ... with its name"
[ "$(move "$ID_X" suspended "apache check")" = 200 ]
ok $? "apache: suspend: 200"
expect 503 "$X/" "apache: the storefront is closed"
[ "$(move "$ID_X" active "apache check")" = 200 ]
ok $? "apache: resume: 200"
expect 200 "$X/" "apache: open again"

echo "# run took $((SECONDS - T0)) s"
tap_done
