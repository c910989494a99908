#!/usr/bin/env bash
# Signed internal calls and the notification service, end to end: the
# real souk-services program behind nginx and Apache, the worker that
# ./dev up runs, the local SMTP sink and the fake SMS provider.  Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

SVC="http://services.$BASE_DOMAIN:$NGINX_PORT"
SVC_APACHE="http://services.$BASE_DOMAIN:$APACHE_PORT"
RUN=$(date +%s)-$$

# newkey NAME ARGS...: a key for the test; sets NAME_pk and NAME_sk (file)
newkey() {
	local name=$1
	shift
	ctl keys create --owner "e2e-notify" --kind external --json "$@" \
	    >"$E2E_TMP/$name.json" || return 1
	printf -v "${name}_pk" '%s' "$(json 'j.api_key' <"$E2E_TMP/$name.json")"
	json 'j.secret' <"$E2E_TMP/$name.json" >"$E2E_TMP/$name.secret"
	printf -v "${name}_sk" '%s' "$E2E_TMP/$name.secret"
}

email_body() {	# email_body TO [NAME]
	printf '{"to":"%s","template":"order_confirmation","locale":"en",' "$1"
	printf '"data":{"customer_name":"%s","order_number":"E2E-%s",' \
	    "${2:-Ann <Tester>}" "$RUN"
	printf '"total":"$12.00","items":[{"name":"Mug","quantity":2,'
	printf '"price":"$6.00"}]}}'
}

# wait_status ID TENANT WANT: poll the notification until its status is WANT
wait_status() {
	local i st=
	for i in $(seq 1 60); do
		call GET "/api/v1/notifications/$1" --tenant "$2" >/dev/null
		st=$(json 'j.status' <"$E2E_TMP/body" 2>/dev/null)
		[ "$st" = "$3" ] && return 0
		sleep 0.25
	done
	echo "# notification $1: status $st, want $3" >&2
	return 1
}

# ---- the program answers through both web servers ----------------------

expect 200 "$SVC/healthz" "services /healthz through nginx"
expect 200 "$SVC_APACHE/readyz" "services /readyz through Apache"

# ---- refusals are uniform; the reason goes to the log --------------------

expect 401 "$SVC/api/v1/notifications/email" "unsigned call refused" \
    -H 'Content-Type: application/json' --data-raw '{}'
cp "$E2E_TMP/body" "$E2E_TMP/unsigned"
head_has '^content-type: application/problem+json'
ok $? "401 is problem+json"
body=$(email_body a@example.com)
signed_headers POST /api/v1/notifications/email --tenant 1 \
    --idempotency-key x --data "$body"
expect 401 "$SVC/api/v1/notifications/email" "a changed body is refused" \
    "${SIGNED[@]}" --data-raw "${body/a@example/b@example}"
same() { json 'j.status+" "+j.title+" "+j.detail' <"$1"; }
[ "$(same "$E2E_TMP/body")" = "$(same "$E2E_TMP/unsigned")" ]
ok $? "a bad signature gets the same answer as no signature"
grep -q 'signed call refused: bad signature' "$LOG_DIR/services.log" &&
    grep -q 'signed call refused: missing or malformed' "$LOG_DIR/services.log"
ok $? "the log says why each call was refused"

# the signed headers (v2): Content-Type and Idempotency-Key altered in
# transit make the signature fail; the same request unaltered passes
signed_headers POST /api/v1/notifications/email --tenant 1 \
    --idempotency-key "ct-$RUN" --data "$body"
printf '%s\n' "${SIGNED[@]}" | grep -qx 'x-signature-version: 2' &&
    printf '%s\n' "${SIGNED[@]}" | grep -qx 'Content-Type: application/json'
ok $? "soukctl call --sign-only signs v2, Content-Type included"
signed_altered Content-Type application/x-www-form-urlencoded
expect 401 "$SVC/api/v1/notifications/email" \
    "a signed call whose Content-Type was altered is refused" \
    "${ALTERED[@]}" --data-binary "$body"
signed_altered Idempotency-Key "other-$RUN"
expect 401 "$SVC/api/v1/notifications/email" \
    "... whose Idempotency-Key was altered, too" \
    "${ALTERED[@]}" --data-binary "$body"
signed_altered x-signature-version 1
expect 401 "$SVC/api/v1/notifications/email" \
    "... and one read as version 1 (accept_signature_v1 is off)" \
    "${ALTERED[@]}" --data-binary "$body"
grep -q 'signed call refused: v1 signature' "$LOG_DIR/services.log"
ok $? "the log says a v1 signature was refused"

# replay: the same signed request twice
signed_headers POST /api/v1/notifications/email --tenant 1 \
    --idempotency-key "replay-$RUN" --data "$body"
expect 202 "$SVC/api/v1/notifications/email" "a signed request (curl)" \
    "${SIGNED[@]}" --data-binary "$body"
expect 401 "$SVC/api/v1/notifications/email" "the same request replayed" \
    "${SIGNED[@]}" --data-binary "$body"
signed_headers GET /api/v1/notifications/1 --tenant 1 \
    --timestamp $(($(date +%s) - 400))
expect 401 "$SVC/api/v1/notifications/1" "a timestamp 400 s old" "${SIGNED[@]}"

# ---- e-mail: queued once, sent once, through SMTP ------------------------

st=$(call POST /api/v1/notifications/email --tenant 1 \
    --idempotency-key "mail-$RUN" --data "$body")
id=$(json 'j.id' <"$E2E_TMP/body")
[ "$st" = 202 ] && [ "$(json 'j.status' <"$E2E_TMP/body")" = queued ]
ok $? "POST email answers 202 queued with an id ($st, id $id)"
st=$(call POST /api/v1/notifications/email --tenant 1 \
    --idempotency-key "mail-$RUN" --data "$body")
[ "$st" = 202 ] && [ "$(json 'j.id' <"$E2E_TMP/body")" = "$id" ]
ok $? "the same Idempotency-Key answers the same id"
st=$(call POST /api/v1/notifications/email --tenant 1 \
    --idempotency-key "mail-$RUN" --data "$(email_body other@example.com)")
[ "$st" = 409 ]
ok $? "the key reused for another request: 409 ($st)"
wait_status "$id" 1 sent
ok $? "the worker sends it: status sent"
[ "$(json 'j.events.map(e=>e.event).join(",")' <"$E2E_TMP/body")" = \
    "queued,attempt,sent" ] && [ "$(json 'j.attempts' <"$E2E_TMP/body")" = 1 ]
ok $? "its delivery log: queued, attempt, sent"

# mail_report ID: what the sink received for it in this run, as JSON (ids
# start again when the database is made anew; the run's mark does not)
mail_report() { mails --header "X-Souk-Notification=$1" --text "E2E-$RUN"; }
mail_report "$id" >"$E2E_TMP/mail.json"
[ "$(json 'j.length' <"$E2E_TMP/mail.json")" = 1 ]
ok $? "exactly one mail reached the SMTP sink"
[ "$(json 'j[0].from' <"$E2E_TMP/mail.json")" = \
    "Demo Outfitters <no-reply@$BASE_DOMAIN>" ] &&
    [ "$(json 'j[0].subject' <"$E2E_TMP/mail.json")" = \
    "Demo Outfitters: order E2E-$RUN confirmed" ]
ok $? "From carries the shop's name; the subject is rendered"
[ "$(json 'j[0].type+" "+j[0].date+" "+j[0].msgid' <"$E2E_TMP/mail.json")" \
    = "multipart/alternative true true" ]
ok $? "multipart/alternative with Date and Message-ID"
json 'j[0].html' <"$E2E_TMP/mail.json" | grep -q 'Hello Ann &lt;Tester&gt;,' &&
    json 'j[0].text' <"$E2E_TMP/mail.json" | grep -q 'Hello Ann <Tester>,' &&
    json 'j[0].text' <"$E2E_TMP/mail.json" | grep -q '2 x Mug'
ok $? "HTML part escaped, text part plain"

# ---- SMS through the fake provider ---------------------------------------

sms() {	# sms NUMBER KEY: POST an SMS; prints the status
	call POST /api/v1/notifications/sms --tenant 1 --idempotency-key "$2" \
	    --data "{\"to\":\"$1\",\"template\":\"order_confirmation\",\"data\":{\"order_number\":\"S-$RUN\",\"total\":\"\$5\"}}"
}
st=$(sms +15551230001 "sms-$RUN")
sid=$(json 'j.id' <"$E2E_TMP/body")
[ "$st" = 202 ] && wait_status "$sid" 1 sent
ok $? "an SMS is sent ($st)"
grep "S-$RUN" "$SMS_DIR/messages.jsonl" | grep -q '"to": *"+15551230001"' &&
    grep "S-$RUN" "$SMS_DIR/messages.jsonl" | grep -q 'Demo Outfitters: thank you'
ok $? "the provider got it, rendered"
[ "$(json 'j.provider_id' <"$E2E_TMP/body")" != null ]
ok $? "the provider's message id is kept"
st=$(sms +15551230400 "sms400-$RUN")
sid=$(json 'j.id' <"$E2E_TMP/body")
wait_status "$sid" 1 failed &&
    json 'j.last_error' <"$E2E_TMP/body" | grep -q 'invalid number' &&
    [ "$(json 'j.events.map(e=>e.event).join(",")' <"$E2E_TMP/body")" = \
    "queued,attempt,failed" ]
ok $? "a number the provider refuses: failed at once, with the reason"
st=$(sms +15551230503 "sms503-$RUN")
sid=$(json 'j.id' <"$E2E_TMP/body")
wait_status "$sid" 1 sent
ok $? "503 with Retry-After from the provider: retried, then sent"
st=$(sms +15551230500 "sms500-$RUN")
sid=$(json 'j.id' <"$E2E_TMP/body")
for i in $(seq 1 40); do
	call GET "/api/v1/notifications/$sid" --tenant 1 >/dev/null
	[ "$(json 'j.attempts' <"$E2E_TMP/body")" -ge 1 ] 2>/dev/null &&
	    [ "$(json 'j.status' <"$E2E_TMP/body")" = queued ] && break
	sleep 0.25
done
[ "$(json 'j.status+" "+j.attempts' <"$E2E_TMP/body")" = "queued 1" ] &&
    json 'j.last_error' <"$E2E_TMP/body" | grep -q 'HTTP 500' &&
    json 'j.events.map(e=>e.event).join(",")' <"$E2E_TMP/body" |
    grep -q 'retry' && [ "$(json 'j.next_attempt_at' <"$E2E_TMP/body")" != null ]
ok $? "a provider error: queued again for later, with the reason"

# ---- validation ------------------------------------------------------------

st=$(call POST /api/v1/notifications/email --tenant 1 --idempotency-key \
    "v-$RUN" --data '{"to":"nope","template":"no such","locale":"EN"}')
[ "$st" = 400 ] && [ "$(json 'j.errors.map(e=>e.field).sort().join(",")' \
    <"$E2E_TMP/body")" = "locale,template,to" ]
ok $? "bad fields: 400 naming each ($st)"
st=$(call POST /api/v1/notifications/email --tenant 1 --data "$body")
[ "$st" = 400 ] && json 'j.errors.find(e=>e.field==="Idempotency-Key").message' \
    <"$E2E_TMP/body" | grep -q required
ok $? "no Idempotency-Key: 400 ($st)"
st=$(call POST /api/v1/notifications/email --tenant 1 --idempotency-key \
    "t-$RUN" --data '{"to":"a@example.com","template":"nothing_here"}')
[ "$st" = 400 ] && json 'j.errors.find(e=>e.field==="template").message' \
    <"$E2E_TMP/body" | grep -q 'no such'
ok $? "unknown template: 400 ($st)"
st=$(call POST /api/v1/notifications/email --idempotency-key "n-$RUN" \
    --data "$body")
[ "$st" = 400 ]
ok $? "no x-tenant-id: 400 ($st)"

# ---- tenants: isolation, unknown, suspended --------------------------------

st=$(call GET "/api/v1/notifications/$id" --tenant 2)
[ "$st" = 404 ]
ok $? "another tenant's notification: 404 ($st)"
st=$(call POST /api/v1/notifications/email --tenant 999 --idempotency-key \
    "u-$RUN" --data "$body")
[ "$st" = 404 ]
ok $? "unknown tenant: 404 ($st)"
ctl tenant state acme suspended >/dev/null
st=$(call POST /api/v1/notifications/email --tenant 2 --idempotency-key \
    "s-$RUN" --data "$body")
ctl tenant state acme active >/dev/null
[ "$st" = 403 ]
ok $? "suspended tenant: 403, nothing queued ($st)"

# a shop's own sending rate: acme may send one message a minute here
svcdb "UPDATE tenants SET sends_per_minute = 1 WHERE id = 2"
call POST /api/v1/notifications/email --tenant 2 --idempotency-key \
    "r1-$RUN" --data "$body" >/dev/null
signed_headers POST /api/v1/notifications/email --tenant 2 \
    --idempotency-key "r2-$RUN" --data "$body"
expect 429 "$SVC/api/v1/notifications/email" "over the shop's sending rate" \
    "${SIGNED[@]}" --data-binary "$body"
head_has '^retry-after: [0-9]' && body_has 'too many messages'
ok $? "the shop's 429 says Retry-After and why"
svcdb "UPDATE tenants SET sends_per_minute = 120 WHERE id = 2"

# ---- keys: tenant scope, scopes, allowlist, rate limit, revoke, rotate -----

newkey only2 --tenants 2 --scopes notifications:send,notifications:read
st1=$(call POST /api/v1/notifications/email --key "$only2_pk" \
    --secret-file "$only2_sk" --tenant 1 --idempotency-key "k1-$RUN" \
    --data "$body")
st2=$(call POST /api/v1/notifications/email --key "$only2_pk" \
    --secret-file "$only2_sk" --tenant 2 --idempotency-key "k2-$RUN" \
    --data "$body")
[ "$st1" = 403 ] && [ "$st2" = 202 ]
ok $? "a key for tenant 2 only: 403 for tenant 1, 202 for 2 ($st1 $st2)"
aid=$(json 'j.id' <"$E2E_TMP/body")
wait_status "$aid" 2 sent && mail_report "$aid" >"$E2E_TMP/m2.json" &&
    [ "$(json 'j[0].from' <"$E2E_TMP/m2.json")" = \
    "Acme Hardware <no-reply@$BASE_DOMAIN>" ]
ok $? "acme's mail comes from Acme Hardware"
# (only once it is sent: the worker fails what a suspended shop queued)
ctl tenant state acme suspended >/dev/null
st=$(call POST /api/v1/notifications/email --key "$only2_pk" \
    --secret-file "$only2_sk" --tenant 2 --idempotency-key "k2-$RUN" \
    --data "$body")
ctl tenant state acme active >/dev/null
[ "$st" = 202 ] && [ "$(json 'j.id' <"$E2E_TMP/body")" = "$aid" ]
ok $? "a retry gets its first answer even after the shop was suspended ($st)"
newkey ro --tenants all --scopes notifications:read
st1=$(call POST /api/v1/notifications/email --key "$ro_pk" \
    --secret-file "$ro_sk" --tenant 1 --idempotency-key "ro-$RUN" \
    --data "$body")
st2=$(call GET "/api/v1/notifications/$id" --key "$ro_pk" \
    --secret-file "$ro_sk" --tenant 1)
[ "$st1" = 403 ] && [ "$st2" = 200 ]
ok $? "a read-only key cannot send but can read ($st1 $st2)"
newkey far --tenants all --scopes notifications:read --ips 10.9.9.9,fd00::/8
newkey near --tenants all --scopes notifications:read --ips 10.0.0.0/8,127.0.0.1
st1=$(call GET "/api/v1/notifications/$id" --key "$far_pk" \
    --secret-file "$far_sk" --tenant 1)
st2=$(call GET "/api/v1/notifications/$id" --key "$near_pk" \
    --secret-file "$near_sk" --tenant 1)
[ "$st1" = 401 ] && [ "$st2" = 200 ]
ok $? "IP allowlist: refused from elsewhere, allowed from 127.0.0.1 ($st1 $st2)"
# a repeated query name: the signature sorts both, the application would
# read one, so the call is refused before the handler
signed_headers GET "/api/v1/notifications/$id?x=1&x=2" --tenant 1
expect 401 "$SVC/api/v1/notifications/$id?x=1&x=2" \
    "a signed call with ?x=1&x=2 is refused" "${SIGNED[@]}"
signed_headers GET "/api/v1/notifications/$id?x=1&%78=2" --tenant 1
expect 401 "$SVC/api/v1/notifications/$id?x=1&%78=2" \
    "... and with ?x=1&%78=2 (the same name encoded)" "${SIGNED[@]}"
grep -q 'signed call refused: query name ."x." repeated' \
    "$LOG_DIR/services.log"
ok $? "the log says which name was repeated"
signed_headers GET "/api/v1/notifications/$id?x=1&y=2" --tenant 1
expect 200 "$SVC/api/v1/notifications/$id?x=1&y=2" \
    "... while ?x=1&y=2 passes" "${SIGNED[@]}"
st=$(call GET "/api/v1/notifications/$id?x=1&x=2" --tenant 1)
[ "$st" = "" ] && grep -q 'invalid' "$E2E_TMP/err"
ok $? "soukctl call refuses to sign a repeated query name ($(cat "$E2E_TMP/err"))"
newkey slow --tenants all --scopes notifications:read --rate-limit 2
call GET "/api/v1/notifications/$id" --key "$slow_pk" --secret-file \
    "$slow_sk" --tenant 1 >/dev/null
call GET "/api/v1/notifications/$id" --key "$slow_pk" --secret-file \
    "$slow_sk" --tenant 1 >/dev/null
signed_headers GET "/api/v1/notifications/$id" --key "$slow_pk" \
    --secret-file "$slow_sk" --tenant 1
expect 429 "$SVC/api/v1/notifications/$id" "over the key's rate limit" \
    "${SIGNED[@]}"
head_has '^retry-after: [0-9]'
ok $? "429 says Retry-After"
st=$(call GET "/api/v1/notifications/$id" --key "$ro_pk" --secret-file \
    "$ro_sk" --tenant 1)
ctl keys rotate "$ro_pk" --days 1 --json >"$E2E_TMP/rot.json"
json 'j.secret' <"$E2E_TMP/rot.json" >"$E2E_TMP/rot.secret"
rot_pk=$(json 'j.api_key' <"$E2E_TMP/rot.json")
st1=$(call GET "/api/v1/notifications/$id" --key "$ro_pk" --secret-file \
    "$ro_sk" --tenant 1)
st2=$(call GET "/api/v1/notifications/$id" --key "$rot_pk" --secret-file \
    "$E2E_TMP/rot.secret" --tenant 1)
[ "$st" = 200 ] && [ "$st1" = 200 ] && [ "$st2" = 200 ]
ok $? "after rotation the old key works until its date, the new one too"
ctl keys revoke "$ro_pk" >/dev/null
st=$(call GET "/api/v1/notifications/$id" --key "$ro_pk" --secret-file \
    "$ro_sk" --tenant 1)
[ "$st" = 401 ]
ok $? "a revoked key is refused at once ($st)"
grep -q "caller=$near_pk(e2e-notify) route=notify.get" "$LOG_DIR/services.log"
ok $? "the request log names the calling key and system"

# ---- a shop's own template ---------------------------------------------------

newkey tpl --tenants 1 --scopes notifications:templates
st=$(call PUT /api/v1/templates/email/order_confirmation/en --key "$tpl_pk" \
    --secret-file "$tpl_sk" --tenant 1 --data '{"subject":"Order {{order_number}} at {{shop_name}}","html":"<p>{{unknown}}</p>","text":"x"}')
[ "$st" = 400 ] && json 'j.detail' <"$E2E_TMP/body" | grep -q 'unknown variable'
ok $? "a shop template with an unknown field is refused ($st)"
st=$(call PUT /api/v1/templates/email/order_confirmation/en --key "$tpl_pk" \
    --secret-file "$tpl_sk" --tenant 1 --data '{"subject":"Order {{order_number}} at {{shop_name}}","html":"<p>Thanks {{customer_name}}</p>","text":"Thanks {{customer_name}}"}')
[ "$st" = 204 ]
ok $? "a shop template is stored ($st)"
st=$(call POST /api/v1/notifications/email --tenant 1 --idempotency-key \
    "own-$RUN" --data "$body")
oid=$(json 'j.id' <"$E2E_TMP/body")
st2=$(call PUT /api/v1/templates/email/order_confirmation/en --key "$tpl_pk" \
    --secret-file "$tpl_sk" --tenant 2 --data '{"subject":"x","html":"x","text":"x"}')
call DELETE /api/v1/templates/email/order_confirmation/en --key "$tpl_pk" \
    --secret-file "$tpl_sk" --tenant 1 >/dev/null
wait_status "$oid" 1 sent && [ "$(json 'j.subject' <"$E2E_TMP/body")" = \
    "Order E2E-$RUN at Demo Outfitters" ] && [ "$st2" = 403 ]
ok $? "the shop's own text is used; another shop's is out of reach"

# ---- security messages are the platform's -----------------------------------

tput_() {	# tput_ CHANNEL CODE JSON: PUT a shop template of tenant 1
	call PUT "/api/v1/templates/$1/$2/en" --key "$tpl_pk" \
	    --secret-file "$tpl_sk" --tenant 1 --data "$3"
}
st=$(tput_ email password_reset '{"subject":"Reset","html":"<a href=\"https://evil.example/?u={{reset_url|url}}\">go</a>","text":"{{reset_url}}"}')
[ "$st" = 400 ] && [ "$(fields)" = code ] &&
    jb 'j.errors[0].message' | grep -q 'security message'
ok $? "a shop cannot store its own password_reset: 400 on code ($st)"
[ "$(jb 'j.status+" "+j.title')" = "400 Bad Request" ] &&
    jb 'j.detail' | grep -q "platform's text only"
ok $? "the refusal is a problem with a detail"
all=1
for c in email_verification staff_invitation; do
	st=$(tput_ email "$c" '{"subject":"x","html":"x","text":"x"}')
	[ "$st" = 400 ] || all=0
	st=$(tput_ sms "$c" '{"text":"{{code}}"}')
	[ "$st" = 400 ] || all=0
done
[ "$all" = 1 ]
ok $? "nor email_verification or staff_invitation, by e-mail or SMS"

# a row put straight into the database (an old release, an intruder) is
# never used: the platform's text goes out
svcdb "REPLACE INTO notification_templates (tenant_id, channel, code, locale, subject, body_html, body_text) VALUES (1, 'email', 'password_reset', 'en', 'EVIL {{shop_name}}', '<a href=\"https://evil.example/?u={{reset_url|url}}\">go</a>', 'EVIL {{reset_url}}')"
reset_url="http://demo.$BASE_DOMAIN/reset?token=E2E-$RUN"
st=$(call POST /api/v1/notifications/email --tenant 1 --idempotency-key \
    "pr-$RUN" --data "{\"to\":\"reset-$RUN@example.com\",\"template\":\"password_reset\",\"data\":{\"customer_name\":\"Ann\",\"reset_url\":\"$reset_url\"}}")
pid=$(jb 'j.id')
[ "$st" = 202 ] && wait_status "$pid" 1 sent &&
    mail_report "$pid" >"$E2E_TMP/reset.json" &&
    [ "$(json 'j.length' <"$E2E_TMP/reset.json")" = 1 ] &&
    [ "$(json 'j[0].subject' <"$E2E_TMP/reset.json")" = \
    "Reset your Demo Outfitters password" ] &&
    json 'j[0].text' <"$E2E_TMP/reset.json" | grep -qF "$reset_url" &&
    ! grep -qi 'evil' "$E2E_TMP/reset.json"
ok $? "a password_reset row in the database is ignored: the platform's mail is sent ($st)"
svcdb "DELETE FROM notification_templates WHERE tenant_id = 1 AND code = 'password_reset'"

# ---- the work budget and the data's limits -----------------------------------

# items_json N [NAME]: {"to":…,"template":"order_confirmation","data":{"items":[N × {"name":NAME}]}}
items_json() {
	python3 -c 'import json,sys; n=int(sys.argv[1]); print(json.dumps({"to": "big@example.com", "template": "order_confirmation", "data": {"order_number": "B-" + sys.argv[2], "items": [{"name": "n"}] * n}}))' "$1" "$RUN"
}
st=$(tput_ email order_confirmation '{"subject":"x","html":"{{#items}}{{#items}}{{#items}}{{#items}}{{#items}}{{#items}}{{name}}{{/items}}{{/items}}{{/items}}{{/items}}{{/items}}{{/items}}","text":"x"}')
[ "$st" = 400 ] && jb 'j.detail' | grep -q 'nested more than 4 deep'
ok $? "a shop template nested six deep is refused ($st)"
st=$(tput_ email order_confirmation '{"subject":"x","html":"{{#items}}{{#items}}{{#items}}{{#items}}{{name}}{{/items}}{{/items}}{{/items}}{{/items}}","text":"x"}')
[ "$st" = 204 ]
ok $? "four deep is stored ($st)"
items_json 1000 >"$E2E_TMP/items.json"
t0=$(date +%s%N)
st=$(timeout 30 "$E2E_TOP/dev" ctl call POST /api/v1/notifications/email \
    --tenant 1 --idempotency-key "nest-$RUN" --data "@$E2E_TMP/items.json" \
    2>"$E2E_TMP/err" >"$E2E_TMP/body"; sed -n 's/^HTTP //p' "$E2E_TMP/err")
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$st" = 413 ] && [ "$ms" -lt 5000 ] &&
    jb 'j.detail' | grep -q 'Rendering this message stopped'
ok $? "four nested sections over 1,000 items: 413 in ${ms} ms ($st)"
grep -q 'template order_confirmation: render stopped' "$LOG_DIR/services.log"
ok $? "the log says which render stopped and why"
expect 200 "$SVC/healthz" "the services still answer afterwards"
st=$(call POST /api/v1/notifications/email --tenant 2 --idempotency-key \
    "after-$RUN" --data "$body")
[ "$st" = 202 ]
ok $? "and still send ($st)"
call DELETE /api/v1/templates/email/order_confirmation/en --key "$tpl_pk" \
    --secret-file "$tpl_sk" --tenant 1 >/dev/null
st=$(call POST /api/v1/notifications/email --tenant 1 --idempotency-key \
    "plat-$RUN" --data "@$E2E_TMP/items.json")
[ "$st" = 202 ]
ok $? "the platform's template over the same 1,000 items is sent ($st)"

items_json 1001 >"$E2E_TMP/items.json"
st=$(call POST /api/v1/notifications/email --tenant 1 --idempotency-key \
    "big1-$RUN" --data "@$E2E_TMP/items.json")
[ "$st" = 413 ] && [ "$(fields)" = data ] &&
    jb 'j.errors[0].message' | grep -q '1000 elements'
ok $? "an array of 1,001 elements in data: 413 on data ($st)"
python3 -c 'import json; print(json.dumps({"to": "big@example.com", "template": "order_confirmation", "data": {"message": "a" * 70000}}))' >"$E2E_TMP/big.json"
st=$(call POST /api/v1/notifications/email --tenant 1 --idempotency-key \
    "big2-$RUN" --data "@$E2E_TMP/big.json")
[ "$st" = 413 ] && [ "$(fields)" = data ] &&
    jb 'j.errors[0].message' | grep -q '65536 bytes'
ok $? "70 KB of data: 413 on data ($st)"
st=$(call POST /api/v1/notifications/email --tenant 1 --idempotency-key \
    "big3-$RUN" --data '{"to":"big@example.com","template":"order_confirmation","data":{"a":{"a":{"a":{"a":{"a":{"a":{"a":1}}}}}}}}')
[ "$st" = 413 ] && [ "$(fields)" = data ] &&
    jb 'j.errors[0].message' | grep -q '6 levels'
ok $? "data nested seven levels: 413 on data ($st)"

for k in only2 far near slow tpl; do
	pkv=${k}_pk
	ctl keys revoke "${!pkv}" >/dev/null 2>&1
done
ctl keys revoke "$rot_pk" >/dev/null 2>&1
tap_done
