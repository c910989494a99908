#!/usr/bin/env bash
# Center: the global settings end to end (GET and PATCH /api/v1/settings,
# the /settings page): who may read and change them (owner: settings.write;
# ops, support and auditor only read), the checks of the fields (no change
# and no audit row when refused), the audit row of each change, and what a
# change does on the other side of the platform once `soukctl worker` has
# sent every tenant its settings again:
#   - the mail sender: the services' copy of each active tenant
#     (souk_services.tenants.mail_from) takes the new sender, and a mail of
#     shop demo (a customer's registration) comes From "<shop name>
#     <sender>", with the envelope and Message-ID of that sender; back to
#     "" (souk.conf's sender) the copies are NULL and the mails come from
#     souk.conf's mail_from again;
#   - the offered methods: a tenant of this run (payment card and cod,
#     shipping standard and pickup) loses on the tenant side
#     (souk_shop.tenants) what the platform stops offering, keeps its own
#     choice in Center, and gets it back when the provider is offered
#     again; a draft is not sent anything.
# Prints TAP.
#
# A change sends every active tenant its config and (when the sender
# changes) its services' copy: two signed calls a tenant with Center's key,
# which the receivers allow 600 a minute.  Two changes within one minute
# exceed that on a stack with a few hundred tenants and the calls refused
# wait for the worker's backoff (the sender is sent after the config, so a
# refused config holds the sender back too).  Each change of this suite
# therefore waits until nothing is pending and until the minute's window
# holds no other settings change (quiet_window): the suite takes 1 to
# 2 minutes, most of it waiting.
#
# Every run makes its own platform admins (an owner, an ops admin, a
# support admin and an auditor: four sign-ins), customers of demo and two
# tenants (terminated at the end, with the ops admin's approval).  The
# settings are put back as they were at the start, also on exit, and the
# suite then waits until demo's services copy has the sender again, so the
# next suite sees the same From.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
U=$(printf '%x%x' "$(date +%s)" "$$")	# lower-case hex: slugs of this run
CPW='correct horse battery'		# customers
C="http://center.$BASE_DOMAIN:$NGINX_PORT"
CA="http://center.$BASE_DOMAIN:$APACHE_PORT"
D="http://demo.$BASE_DOMAIN:$NGINX_PORT"
SENDER="sender-$RUN@platform.example"
# souk.conf's sender: what "" means
CONF_FROM=$(sed -n 's/^[[:space:]]*mail_from[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' \
    "${SOUK_CONF:-/nonexistent}" 2>/dev/null | tail -n 1)
CONF_FROM=${CONF_FROM:-no-reply@$BASE_DOMAIN}

# The web servers may be restarted under us: a refused connection or a
# 502 is tried again after a pause.
E2E_RETRY='000 502'

# ---- HTTP ------------------------------------------------------------------

# settings [TOKEN] [BASE]: GET /api/v1/settings; prints the status
settings() { api GET "${2:-$C}/api/v1/settings" '' "${1-$OWN}"; }
# patch JSON [TOKEN]: PATCH /api/v1/settings; prints the status
patch() { api PATCH "$C/api/v1/settings" "$1" "${2-$OWN}"; }
# sig: the settings of the body in one line
sig() { jb 'j.payment_providers.join()+"|"+j.shipping_providers.join()+"|"+j.mail_from+"|"+j.mail_from_default'; }
now_sig() { settings >/dev/null && sig; }

# tenant ID: GET the tenant (status; the detail in the body)
tenant() { api GET "$C/api/v1/tenants/$1" '' "$OWN"; }

# demo_from: demo's sender in the services' copy (NULL: souk.conf's)
demo_from() {
	svcdb "SELECT COALESCE(mail_from, 'NULL') FROM tenants WHERE slug = 'demo'"
}
demo_from_is() { [ "$(demo_from)" = "$1" ]; }
# active_off FROM: active tenants of Center whose services' copy has
# another sender than FROM (NULL: souk.conf's)
active_off() {
	local want="'$1'"
	[ "$1" = NULL ] && want=NULL
	centerdb "SELECT COUNT(*) FROM tenants c
	    LEFT JOIN souk_services.tenants s ON s.id = c.id
	    WHERE c.state = 'active' AND NOT (s.mail_from <=> $want)"
}
all_active_have() { [ "$(active_off "$1")" = 0 ]; }
# methods ID: the tenant side's payment and shipping methods of a tenant
methods() {
	shopdb "SELECT CONCAT(payment_methods, '|', shipping_methods) FROM tenants WHERE id = $1"
}
methods_are() { [ "$(methods "$1")" = "$2" ]; }

# quiet_window: before a change.  Waits (up to 60 s) until no tenant has
# a sync due, then, unless the last settings change was well before this
# minute began, until the next minute: a change's calls then have Center's
# key's window of the receivers to themselves.
quiet_window() {
	local end=$((SECONDS + 60)) busy=0 last at now
	while [ "$(centerdb "SELECT COUNT(*) FROM tenants WHERE sync_pending <> 0
	    AND sync_attempts < 5")" != 0 ]; do
		busy=1
		[ "$SECONDS" -ge "$end" ] && break
		sleep 0.5
	done
	at=$(centerdb "SELECT at FROM audit_log WHERE action = 'settings.change'
	    ORDER BY id DESC LIMIT 1")
	last=0
	[ -n "$at" ] && last=$(date -u -d "${at/T/ } UTC" +%s 2>/dev/null || echo 0)
	now=$(date +%s)
	if [ "$busy" = 1 ] || [ $((last + 15)) -ge $((now - now % 60)) ]; then
		echo "# waiting $((60 - now % 60 + 1)) s for a fresh minute" >&2
		sleep $((60 - now % 60 + 1))
	fi
}

# register EMAIL: a customer of demo, which mails them; prints the status
register() { customer_register "$D" "$1" "$CPW" "Settings Customer"; }

# mail_of TO: "display name|address|envelope sender|Message-ID's domain"
# of the first mail to TO (waits for it up to 20 s)
mail_of() {
	mails --to "$1" --wait 20 >"$E2E_TMP/mail.json" &&
	    json 'j[0].from_name+"|"+j[0].from_addr+"|"+j[0].envelope_from+"|"+j[0].msgid_domain' \
	    <"$E2E_TMP/mail.json"
}

# ---- what is put back on exit ------------------------------------------------

OWN='' OPS=''
ORIG_SIG=		# the settings at the start (sig) …
RESTORE=		# … and the PATCH body that puts them back
ORIG_DEMO=		# demo's sender in the services' copy that goes with them
TENANTS=()		# the tenants of this run, terminated at the end

# restore_settings: the settings as they were, then demo's copy too;
# returns 1 if they are not back
restore_settings() {
	[ -n "$ORIG_SIG" ] && [ -n "$OWN" ] || return 0
	[ "$(now_sig)" = "$ORIG_SIG" ] && return 0
	quiet_window 2>/dev/null
	[ "$(patch "$RESTORE")" = 200 ] && [ "$(sig)" = "$ORIG_SIG" ] &&
	    wait_for 60 demo_from_is "$ORIG_DEMO"
}
# drop_tenants: this run's tenants terminated (the owner asks, the ops
# admin approves); returns 1 if one is not
drop_tenants() {
	local id ap rc=0 left=()
	for id in "${TENANTS[@]}"; do
		if [ "$(api POST "$C/api/v1/tenants/$id/transitions" \
		    "{\"to\":\"terminated\",\"reason\":\"cs $RUN done\"}" "$OWN")" = 202 ] &&
		    ap=$(jb 'j.approval_id') && [ -n "$ap" ] &&
		    [ "$(api POST "$C/api/v1/approvals/$ap/approve" '' "$OPS")" = 200 ] &&
		    [ "$(jb 'j.state')" = terminated ]; then
			:
		else
			rc=1
			left+=("$id")
		fi
	done
	TENANTS=("${left[@]}")
	return "$rc"
}
cleanup() {
	restore_settings >/dev/null 2>&1
	[ "${#TENANTS[@]}" = 0 ] || drop_tenants >/dev/null 2>&1
}
on_exit cleanup

# ==== 1. the admins, the settings at the start ===============================

OWN=$(center_token "$C" owner "cs-own-$RUN@example.com")
ok $? "an owner with a full session"
OPS=$(center_token "$C" ops "cs-ops-$RUN@example.com")
ok $? "an ops admin"
SUP=$(center_token "$C" support "cs-sup-$RUN@example.com")
ok $? "a support admin"
AUD=$(center_token "$C" auditor "cs-aud-$RUN@example.com")
ok $? "an auditor"

st=$(settings)
ORIG_SIG=$(sig)
[ "$st" = 200 ] && [ -n "$ORIG_SIG" ] &&
    [ "$(jb 'Array.isArray(j.payment_providers)&&Array.isArray(j.shipping_providers)&&typeof j.mail_from_default')" = boolean ] &&
    [ "$(jb 'j.base_domain')" = "$BASE_DOMAIN" ]
ok $? "GET /api/v1/settings as the owner: 200, the providers, mail_from and mail_from_default, base_domain ($st: $ORIG_SIG)"
ORIG_PAY=$(jb 'j.payment_providers')
ORIG_SHIP=$(jb 'j.shipping_providers')
if [ "$(jb 'j.mail_from_default')" = true ]; then
	RESTORE_FROM='' ORIG_DEMO=NULL
else
	RESTORE_FROM=$(jb 'j.mail_from') ORIG_DEMO=$RESTORE_FROM
fi
RESTORE="{\"payment_providers\":$ORIG_PAY,\"shipping_providers\":$ORIG_SHIP,\"mail_from\":\"$RESTORE_FROM\"}"
# what change A stops offering: cod and pickup if offered, else the last
P=$(jb 'j.payment_providers.includes("cod")?"cod":j.payment_providers[j.payment_providers.length-1]')
PK=$(jb "j.payment_providers.filter(x=>x!=='$P')[0]")
S=$(jb 'j.shipping_providers.includes("pickup")?"pickup":j.shipping_providers[j.shipping_providers.length-1]')
SK=$(jb "j.shipping_providers.filter(x=>x!=='$S')[0]")
NEW_PAY=$(jb "j.payment_providers.filter(x=>x!=='$P')")
NEW_SHIP=$(jb "j.shipping_providers.filter(x=>x!=='$S')")
[ -n "$PK" ] && [ "$PK" != undefined ] && [ -n "$SK" ] && [ "$SK" != undefined ]
ok $? "at least two payment and two shipping providers offered: $P and $S can go, $PK and $SK stay"
if [ "$(jb 'j.mail_from_default')" = true ]; then
	[ "$(jb 'j.mail_from')" = "$CONF_FROM" ]
	ok $? "... mail_from_default: mail_from is souk.conf's ($(jb 'j.mail_from'), conf $CONF_FROM)"
fi
wait_for 60 demo_from_is "$ORIG_DEMO"
ok $? "demo's services copy agrees with the settings: $ORIG_DEMO ($(demo_from))"
DEMO_NAME=$(svcdb "SELECT name FROM tenants WHERE slug = 'demo'")
DEMO_ID=$(centerdb "SELECT id FROM tenants WHERE slug = 'demo'")
[ -n "$DEMO_NAME" ] && [ -n "$DEMO_ID" ]
ok $? "shop demo: tenant $DEMO_ID, \"$DEMO_NAME\""

# ==== 2. who may read and change them ========================================

for who in OPS SUP AUD; do
	[ "$(settings "${!who}")" = 200 ] && [ "$(sig)" = "$ORIG_SIG" ]
	ok $? "$who reads the settings: 200, the same"
	st=$(patch "{\"mail_from\":\"x-$RUN@platform.example\"}" "${!who}")
	[ "$st" = 403 ] && is_problem
	ok $? "$who may not change them: 403 problem+json ($st)"
done
[ "$(settings "")" = 401 ] && is_problem
ok $? "no token: GET 401"
[ "$(patch "{\"mail_from\":\"x-$RUN@platform.example\"}" "")" = 401 ]
ok $? "no token: PATCH 401"
[ "$(settings "$OWN" "$CA")" = 200 ] && [ "$(sig)" = "$ORIG_SIG" ]
ok $? "through Apache: the same settings"

# ==== 3. checks of the fields ===================================================

bad() {	# bad JSON FIELD DESCRIPTION
	local st
	st=$(patch "$1")
	[ "$st" = 400 ] && is_problem && [ "$(fields)" = "$2" ]
	ok $? "$3: 400 problem+json on ${2:-no field} ($st, $(fields))"
}
bad '{"mail_from":"bad"}' mail_from 'mail_from "bad"'
[ "$(jb 'j.errors[0].field')" = mail_from ]
ok $? "... errors[0].field is mail_from"
bad '{"mail_from":"x@example.com\r\nBcc: y@example.com"}' mail_from \
    'mail_from with a line break and a header'
bad '{"mail_from":"Platform <x@example.com>"}' mail_from \
    'mail_from with a display name'
bad '{"payment_providers":["bitcoin"]}' payment_providers 'payment_providers ["bitcoin"]'
[ "$(jb 'j.errors[0].field')" = payment_providers ]
ok $? "... errors[0].field is payment_providers"
bad '{"payment_providers":"card"}' payment_providers 'payment_providers not an array'
bad '{"payment_providers":["card",7]}' payment_providers 'payment_providers with a number'
bad '{"shipping_providers":["teleport"]}' shipping_providers 'shipping_providers ["teleport"]'
st=$(patch '["card"]')
[ "$st" = 400 ] && is_problem
ok $? "a body that is no object: 400 ($st)"
st=$(api PATCH "$C/api/v1/settings" '' "$OWN")
[ "$st" = 400 ]
ok $? "no body: 400 ($st)"
[ "$(now_sig)" = "$ORIG_SIG" ]
ok $? "after the refused changes the settings are as they were"
[ "$(centerdb "SELECT COUNT(*) FROM audit_log WHERE action = 'settings.change'
    AND actor LIKE '% cs-%-$RUN@example.com'")" = 0 ]
ok $? "... and no settings.change audit row names an admin of this run"

# ==== 4. the tenants of this run =============================================

SX=cs-x-$U	# active: the offered methods
SD=cs-d-$U	# a draft: sent nothing
st=$(api POST "$C/api/v1/tenants" "{\"slug\":\"$SX\",\"name\":\"Settings X $RUN\",\"payment_methods\":[\"$PK\",\"$P\"],\"shipping_methods\":[\"$SK\",\"$S\"]}" "$OWN")
ID_X=$(jb 'j.id')
[ "$st" = 202 ] && [[ $ID_X =~ ^[0-9]+$ ]] && TENANTS+=("$ID_X")
ok $? "tenant X with payment $PK,$P and shipping $SK,$S: 202 ($st)"
st=$(api POST "$C/api/v1/tenants" "{\"slug\":\"$SD\",\"name\":\"Settings D $RUN\",\"draft\":true,\"payment_methods\":[\"$PK\",\"$P\"]}" "$OWN")
ID_D=$(jb 'j.id')
[ "$st" = 202 ] && [ "$(jb 'j.state')" = draft ] && TENANTS+=("$ID_D")
ok $? "a draft D: 202 ($st)"
wait_state "$C" "$OWN" "$ID_X" active 20
ok $? "X becomes active within 20 s ($(jb 'j.state'))"
wait_for 15 methods_are "$ID_X" "$PK,$P|$SK,$S"
ok $? "... the tenant side has its methods ($(methods "$ID_X"))"

# ==== 5. change A: a sender of this run, $P and $S no longer offered ========

quiet_window
V_DEMO=$(centerdb "SELECT version FROM tenants WHERE id = $DEMO_ID")
V_DRAFT=$(centerdb "SELECT version FROM tenants WHERE id = ${ID_D:-0}")
st=$(patch "{\"mail_from\":\"$SENDER\",\"payment_providers\":$NEW_PAY,\"shipping_providers\":$NEW_SHIP}")
A_SIG="$(jb 'j.payment_providers.join()+"|"+j.shipping_providers.join()')|$SENDER|false"
[ "$st" = 200 ] && [ "$(sig)" = "$A_SIG" ] &&
    [ "$(jb 'j.payment_providers.includes("'"$P"'")||j.shipping_providers.includes("'"$S"'")')" = false ]
ok $? "PATCH mail_from $SENDER, without $P and $S: 200, the new settings ($st: $(sig))"
[ "$(now_sig)" = "$A_SIG" ]
ok $? "... GET has them (mail_from_default false)"
[ "$(settings "$SUP")" = 200 ] && [ "$(sig)" = "$A_SIG" ]
ok $? "... the support admin reads them too"
[ "$(centerdb "SELECT version FROM tenants WHERE id = $DEMO_ID")" -gt "${V_DEMO:-999999999}" ]
ok $? "... demo is marked to be sent its settings again (version $V_DEMO -> $(centerdb "SELECT version FROM tenants WHERE id = $DEMO_ID"))"
[ -n "$V_DRAFT" ] && [ "$(centerdb "SELECT CONCAT(version, ' ', sync_pending) FROM tenants WHERE id = $ID_D")" = "$V_DRAFT 0" ]
ok $? "... the draft is not (version $V_DRAFT, nothing pending)"

T0=$SECONDS
wait_for 60 demo_from_is "$SENDER"
ok $? "within 60 s demo's services copy has the new sender ($(demo_from), $((SECONDS - T0)) s)"
wait_for 30 all_active_have "$SENDER"
ok $? "... and so has every active tenant's ($(active_off "$SENDER") without it)"
wait_for 30 methods_are "$ID_X" "$PK|$SK"
ok $? "X on the tenant side: payment $PK, shipping $SK only ($(methods "$ID_X"))"
tenant "$ID_X" >/dev/null
[ "$(jb 'j.payment_methods.join()+"|"+j.shipping_methods.join()')" = "$PK,$P|$SK,$S" ]
ok $? "... while Center keeps X's own choice ($(jb 'j.payment_methods.join()+"|"+j.shipping_methods.join()'))"
st=$(api PATCH "$C/api/v1/tenants/$ID_X" "{\"payment_methods\":[\"$P\"]}" "$OWN")
[ "$st" = 400 ] && [ "$(fields)" = payment_methods ]
ok $? "X may not choose $P now: 400 on payment_methods ($st)"
st=$(api POST "$C/api/v1/tenants" "{\"slug\":\"cs-n-$U\",\"name\":\"N\",\"shipping_methods\":[\"$S\"]}" "$OWN")
[ "$st" = 400 ] && [ "$(fields)" = shipping_methods ]
ok $? "a new tenant may not choose $S now: 400 on shipping_methods ($st)"
[ "$st" = 202 ] && TENANTS+=("$(jb 'j.id')")

CA1="cs-a-$RUN@example.com"
st=$(register "$CA1")
[ "$st" = 201 ]
ok $? "a customer registers on demo: 201 ($st)"
m=$(mail_of "$CA1")
ok $? "... and is mailed"
[ "$m" = "$DEMO_NAME|$SENDER|$SENDER|platform.example" ]
ok $? "... From \"$DEMO_NAME\" <$SENDER>, envelope and Message-ID of that sender ($m)"

# the page, with the admins' sessions (the page takes the token as its cookie)
st=$(fetch "$C/settings" -b "souk_center=$OWN")
[ "$st" = 200 ] && body_has "name=\"mail_from\" type=\"email\" value=\"$SENDER\"" &&
    body_has "name=\"pay_$PK\" value=\"1\" checked" &&
    body_has "name=\"pay_$P\" value=\"1\">" &&
    body_has "name=\"ship_$S\" value=\"1\">" &&
    body_has '<button type="submit">Save</button>'
ok $? "the owner's /settings page: the sender, $PK ticked, $P and $S not, a Save button ($st)"
csrf=$(csrf_of)
st=$(fetch "$C/settings" -b "souk_center=$OWN" --data-urlencode "mail_from=bad" \
    --data-urlencode "pay_$PK=1" --data-urlencode "ship_$SK=1" \
    --data-urlencode "csrf=$csrf")
[ "$st" = 400 ] && body_has 'class="error"' && body_has 'mail_from:'
ok $? "... posting mail_from \"bad\": 400, the page names mail_from ($st)"
st=$(fetch "$C/settings" -b "souk_center=$OWN" --data-urlencode "mail_from=" \
    --data-urlencode "pay_$PK=1" --data-urlencode "ship_$SK=1")
[ "$st" = 403 ]
ok $? "... posting without the form's token: 403 ($st)"
st=$(fetch "$C/settings" -b "souk_center=$SUP")
[ "$st" = 200 ] && body_has "value=\"$SENDER\"[^>]* readonly" &&
    body_has "name=\"pay_$PK\" value=\"1\" checked disabled" &&
    ! body_has '<button type="submit">Save</button>'
ok $? "the support admin's page: read-only fields, no Save button ($st)"
st=$(fetch "$C/settings" -b "souk_center=$SUP" --data-urlencode "mail_from=" \
    --data-urlencode "pay_$PK=1" --data-urlencode "ship_$SK=1" \
    --data-urlencode "csrf=$(csrf_of)")
[ "$st" = 403 ]
ok $? "... posting the form anyway: 403 ($st)"
[ "$(now_sig)" = "$A_SIG" ]
ok $? "the refused posts changed nothing"

# ==== 6. change B: back to souk.conf's sender and every provider ============

quiet_window
st=$(patch "{\"mail_from\":\"\",\"payment_providers\":$ORIG_PAY,\"shipping_providers\":$ORIG_SHIP}")
B_SIG="$(jb 'j.payment_providers.join()+"|"+j.shipping_providers.join()')|$CONF_FROM|true"
[ "$st" = 200 ] && [ "$(jb 'j.mail_from_default+" "+j.mail_from')" = "true $CONF_FROM" ]
ok $? "PATCH mail_from \"\" and the providers of the start: 200, mail_from_default, souk.conf's $CONF_FROM ($st: $(sig))"
[ "$(now_sig)" = "$B_SIG" ] &&
    [ "$(jb 'j.payment_providers.join()+" "+j.shipping_providers.join()')" = \
    "$(echo "$ORIG_SIG" | cut -d'|' -f1) $(echo "$ORIG_SIG" | cut -d'|' -f2)" ]
ok $? "... GET has them ($(sig))"
T0=$SECONDS
wait_for 60 demo_from_is NULL
ok $? "within 60 s demo's services copy has no sender of its own: NULL ($(demo_from), $((SECONDS - T0)) s)"
wait_for 30 all_active_have NULL
ok $? "... and neither has any active tenant's ($(active_off NULL) with one)"
wait_for 30 methods_are "$ID_X" "$PK,$P|$SK,$S"
ok $? "X on the tenant side: its own $PK,$P and $SK,$S again ($(methods "$ID_X"))"
CA2="cs-b-$RUN@example.com"
st=$(register "$CA2")
[ "$st" = 201 ]
ok $? "another customer registers on demo: 201 ($st)"
m=$(mail_of "$CA2")
ok $? "... and is mailed"
[ "$m" = "$DEMO_NAME|$CONF_FROM|$CONF_FROM|${CONF_FROM#*@}" ]
ok $? "... From \"$DEMO_NAME\" <$CONF_FROM> again, envelope and Message-ID too ($m)"
st=$(fetch "$C/settings" -b "souk_center=$OWN")
[ "$st" = 200 ] && body_has 'name="mail_from" type="email" value=""' &&
    body_has "placeholder=\"$CONF_FROM\"" && body_has "name=\"pay_$P\" value=\"1\" checked"
ok $? "the owner's page: an empty sender (souk.conf's $CONF_FROM shown), $P ticked ($st)"

# ==== 7. the audit log =======================================================

st=$(api GET "$C/api/v1/audit?action=settings.change&actor=cs-own-$RUN@example.com&limit=10" '' "$AUD")
[ "$st" = 200 ] && [ "$(jb 'j.entries.length')" = 2 ] &&
    [ "$(jb 'j.entries.filter(e=>e.action==="settings.change"&&e.target==="settings"&&e.actor.endsWith(" cs-own-'"$RUN"'@example.com")).length')" = 2 ]
ok $? "GET /api/v1/audit?action=settings.change (auditor): the owner's two changes, none for the refused ones ($st, $(jb 'j.entries.length'))"
A_TEXT="$(echo "$NEW_PAY" | tr -d '[]"'); $(echo "$NEW_SHIP" | tr -d '[]"'); $SENDER"
[ "$(jb 'JSON.parse(j.entries[1].after).settings')" = "$A_TEXT" ] &&
    [ "$(jb 'JSON.parse(j.entries[0].before).settings')" = "$A_TEXT" ]
ok $? "... A's after is \"$A_TEXT\", and B's before ($(jb 'JSON.parse(j.entries[1].after).settings'))"
[ "$(jb 'JSON.parse(j.entries[0].after).settings')" = \
    "$(echo "$ORIG_PAY" | tr -d '[]"'); $(echo "$ORIG_SHIP" | tr -d '[]"'); $CONF_FROM" ]
ok $? "... B's after names souk.conf's sender ($(jb 'JSON.parse(j.entries[0].after).settings'))"
[ "$(api GET "$C/api/v1/audit?action=settings.change&limit=1" '' "$SUP")" = 403 ]
ok $? "the support admin may not read the audit log: 403"
ctl audit verify >"$E2E_TMP/verify" 2>&1
ok $? "soukctl audit verify: the chain holds ($(head -n 1 "$E2E_TMP/verify"))"

# ==== 8. as at the start ======================================================

restore_settings && [ "$(now_sig)" = "$ORIG_SIG" ]
ok $? "the settings are as at the start ($(now_sig))"
wait_for 60 demo_from_is "$ORIG_DEMO"
ok $? "... and demo's services copy: $ORIG_DEMO ($(demo_from))"
drop_tenants
ok $? "the run's tenants terminated (asked by the owner, approved by the ops admin)"

tap_done
