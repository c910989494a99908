#!/usr/bin/env bash
# Center: domain events and webhooks, end to end through nginx.  The
# subscriptions (create, validation, roles, list, change; the secret shown
# once), delivery of a tenant's life (created, activated, suspended) with
# the Standard Webhooks headers checked here (webhook-id = the body's id,
# a fresh webhook-timestamp, the HMAC-SHA256 signature; a changed body does
# not verify), retries after 500s with growing gaps, redelivery, the
# automatic disabling of a failing subscription and its re-enabling, the
# outbox written in the transaction of the change (a refused transition
# writes no event), the audit entries and the dashboard.  Prints TAP.
#
# The webhooks go to tests/fakes/webhook_receiver.py, started here on a
# free loopback port and stopped on exit; its paths are /ok/RUN/…,
# /flaky/RUN and /dead/RUN, so the subscriptions of other runs (there may
# be some, and other tenants' events too) are told apart by path and by
# this run's tenant id.  The dev settings make this quick: first retry
# after 1 s, then ×4; 6 attempts; a subscription failing for 6 s without
# a success is disabled.  Every subscription made here is disabled at the
# end (and on any early exit).
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
C="http://center.$BASE_DOMAIN:$NGINX_PORT"
T0=$(date +%s)

# The web servers may be restarted under us: a refused connection, a 502
# or a 503 is tried again after a pause.
E2E_RETRY='000 502 503'
E2E_TRIES=8

# ---- the receiver ----------------------------------------------------------

HOOKS=$E2E_TMP/hooks.log
: >"$HOOKS"
PORT=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
RCV="http://127.0.0.1:$PORT"
python3 "$E2E_TOP/tests/fakes/webhook_receiver.py" --port "$PORT" \
    --log "$HOOKS" &
RCV_PID=$!

SUBS=()		# the ids of the subscriptions made here
WATCH_PID=
ID_mgmt=0 ID_all=0 ID_some=0 ID_flaky=0 ID_dead=0
SEC_mgmt=whsec_ SEC_all=whsec_ SEC_some=whsec_ SEC_flaky=whsec_ SEC_dead=whsec_
TOK_OWN=

# On exit every subscription of the run is switched off: by the API, and
# should that fail, in the database (the receiver goes away: they would
# only fail until Center disables them).
cleanup() {
	local id
	[ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null
	if [ -n "$TOK_OWN" ]; then
		for id in "${SUBS[@]}"; do
			curl -s -o /dev/null --max-time 10 -X PATCH \
			    -H "Authorization: Bearer $TOK_OWN" \
			    -H 'Content-Type: application/json' \
			    --data-raw '{"status":"disabled"}' \
			    "$C/api/v1/webhooks/$id"
		done
	fi
	[ ${#SUBS[@]} -gt 0 ] && centerdb "UPDATE webhook_subscriptions
	    SET status = 'disabled', disabled_reason = 'e2e center_events: end of run $RUN'
	    WHERE status = 'active' AND id IN ($(IFS=,; echo "${SUBS[*]}"))" 2>/dev/null
	kill "$RCV_PID" 2>/dev/null
	wait "$RCV_PID" 2>/dev/null
}
on_exit cleanup

# The receiver's log, read by Python: records of one path (and one tenant,
# data.tenant.id of the body), the Standard Webhooks signature checked.
cat >"$E2E_TMP/hk.py" <<'EOF'
import base64, hashlib, hmac, json, sys, time

def load(log, path, tenant=None):
    out = []
    with open(log, encoding="utf-8") as f:
        for line in f:
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if r.get("path") != path:
                continue
            try:
                b = json.loads(r["body"])
            except ValueError:
                b = {}
            if not isinstance(b, dict):
                b = {}
            r["type"] = b.get("type")
            r["bid"] = b.get("id")
            d = b.get("data") if isinstance(b.get("data"), dict) else {}
            t = d.get("tenant") if isinstance(d.get("tenant"), dict) else {}
            r["tenant"] = t.get("id")
            if tenant is not None and str(r["tenant"]) != str(tenant):
                continue
            out.append(r)
    return out

def sign(secret, wid, ts, body):
    if not secret.startswith("whsec_"):
        raise ValueError("the secret has no whsec_ prefix")
    key = base64.b64decode(secret[6:], validate=True)
    msg = ("%s.%s.%s" % (wid, ts, body)).encode("utf-8")
    return "v1," + base64.b64encode(
        hmac.new(key, msg, hashlib.sha256).digest()).decode()

def problem(r, secret):
    """What is wrong with a record, or None."""
    if not r["webhook_id"] or r["bid"] != r["webhook_id"]:
        return "body id %r != webhook-id %r" % (r["bid"], r["webhook_id"])
    try:
        ts = int(r["webhook_timestamp"])
    except (TypeError, ValueError):
        return "webhook-timestamp %r" % r["webhook_timestamp"]
    if abs(ts - r["at"]) > 60:
        return "webhook-timestamp %d is %.0f s off" % (ts, ts - r["at"])
    want = sign(secret, r["webhook_id"], r["webhook_timestamp"], r["body"])
    if not hmac.compare_digest(want, r["webhook_signature"] or ""):
        return "signature %r, want %r" % (r["webhook_signature"], want)
    return None

cmd, log, path = sys.argv[1], sys.argv[2], sys.argv[3]
a = sys.argv[4:]
if cmd == "types":		# TENANT: "type type …" in arrival order
    print(" ".join(r["type"] or "?" for r in load(log, path, a[0])))
elif cmd == "alltypes":		# the distinct types of every record
    print(" ".join(sorted({r["type"] or "?" for r in load(log, path)})))
elif cmd == "ids":		# TENANT TYPE: the webhook-ids, one a line
    for r in load(log, path, a[0]):
        if r["type"] == a[1]:
            print(r["webhook_id"])
elif cmd == "count":		# the records of the path
    print(len(load(log, path)))
elif cmd == "verify":		# SECRET [WID]: "N" checked, or the problem
    rs = [r for r in load(log, path) if len(a) < 2 or r["webhook_id"] == a[1]]
    for r in rs:
        p = problem(r, a[0])
        if p:
            print("%s: %s" % (r["webhook_id"], p))
            sys.exit(1)
    print(len(rs))
elif cmd == "tamper":		# SECRET: a changed body, id or time must fail
    r = load(log, path)[0]
    if problem(r, a[0]) is not None:
        sys.exit(1)
    bad = []
    for k, v in (("body", r["body"].replace('"type":"', '"type":"x', 1)),
                 ("body", r["body"] + " "),
                 ("webhook_timestamp", str(int(r["webhook_timestamp"]) + 1)),
                 ("webhook_id", r["webhook_id"] + "x")):
        t = dict(r, **{k: v})
        if k == "webhook_id":
            t["bid"] = t["webhook_id"]
        if problem(t, a[0]) is None:
            bad.append(k)
    print("accepted: " + ",".join(bad) if bad else "rejected")
    sys.exit(1 if bad else 0)
elif cmd == "times":		# WID: "at timestamp status" a line
    for r in load(log, path):
        if r["webhook_id"] == a[0]:
            print("%.3f %s %s" % (r["at"], r["webhook_timestamp"], r["status"]))
elif cmd == "after":		# T: records received after unix time T
    print(len([r for r in load(log, path) if r["at"] > float(a[0])]))
elif cmd == "first":		# unix time of the first record
    rs = load(log, path)
    print("%.3f" % rs[0]["at"] if rs else "")
elif cmd == "body":		# WID: the body of its first record
    for r in load(log, path):
        if r["webhook_id"] == a[0]:
            sys.stdout.write(r["body"])
            break
EOF
hk() { python3 "$E2E_TMP/hk.py" "$1" "$HOOKS" "$2" "${@:3}"; }

rcv_up() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST "$RCV/probe")" = 404 ]; }
wait_for 10 rcv_up
ok $? "the webhook receiver listens on 127.0.0.1:$PORT"

# ---- the admins ------------------------------------------------------------

OWN="ev-own-$RUN@example.com"
TOK_OWN=$(center_token "$C" owner "$OWN")
ok $? "an owner with a full session"
TOK_OPS=$(center_token "$C" ops "ev-ops-$RUN@example.com")
ok $? "an ops admin with a full session"
TOK_SUP=$(center_token "$C" support "ev-sup-$RUN@example.com")
ok $? "a support admin with a full session"

# ---- 1. managing subscriptions ------------------------------------------

# sub NAME PATH EVENTS-JSON: makes a subscription as the owner; sets
# ID_<NAME> and SEC_<NAME>; the status is the result
sub() {
	local st
	st=$(api POST "$C/api/v1/webhooks" "{\"url\":\"$RCV$2\",\"events\":$3,\"description\":\"e2e $1 $RUN\"}" "$TOK_OWN")
	if [ "$st" = 201 ]; then
		SUBS+=("$(jb 'j.id')")
		printf -v "ID_$1" '%s' "$(jb 'j.id')"
		printf -v "SEC_$1" '%s' "$(jb 'j.secret')"
	fi
	[ "$st" = 201 ]
}

P_MGMT=/ok/$RUN/mgmt
sub mgmt "$P_MGMT" '["tenant_updated"]'
ok $? "POST /api/v1/webhooks: 201"
[ "$(jb 'j.url+" "+j.events.join(",")+" "+j.status+" "+j.description')" = \
    "$RCV$P_MGMT tenant_updated active e2e mgmt $RUN" ] &&
    [[ ${ID_mgmt:-} =~ ^[0-9]+$ ]]
ok $? "... the subscription: id, url, events, status active, description"
[[ ${SEC_mgmt:-} =~ ^whsec_[A-Za-z0-9+/]+={0,2}$ ]] &&
    [ "$(python3 -c 'import base64,sys; print(len(base64.b64decode(sys.argv[1][6:])))' "$SEC_mgmt")" -ge 24 ]
ok $? "... with its secret: whsec_ and at least 24 bytes in base64"

for u in "ftp://127.0.0.1:$PORT/ok/$RUN/bad" "127.0.0.1:$PORT/ok/$RUN/bad" \
    "http://user@127.0.0.1:$PORT/ok/$RUN/bad" \
    "http://user:pw@127.0.0.1:$PORT/ok/$RUN/bad" "http:///ok/$RUN/bad"; do
	[ "$(api POST "$C/api/v1/webhooks" "{\"url\":\"$u\",\"events\":[\"*\"]}" "$TOK_OWN")" = 400 ] &&
	    is_problem && [ "$(jb 'j.status')" = 400 ]
	ok $? "url $u: 400 problem+json"
done
# The dev stack allows loopback receivers (outbound_allow_loopback); no
# switch lets a webhook reach link-local (cloud metadata), unspecified or
# multicast addresses, in any spelling.  check_center and check_net hold
# the production policy (loopback and private refused too).
for u in "http://169.254.169.254/latest/meta-data/" "http://[::ffff:169.254.169.254]/x" \
    "http://[::ffff:a9fe:a9fe]/x" "http://2852039166/x" "http://0.0.0.0:$PORT/ok/$RUN/bad" \
    "http://[::]:$PORT/x" "http://[fe80::1]:$PORT/x" "http://224.0.0.1/x"; do
	st=$(api POST "$C/api/v1/webhooks" "{\"url\":\"$u\",\"events\":[\"*\"]}" "$TOK_OWN")
	[ "$st" = 400 ] && is_problem && [ "$(fields)" = url ] &&
	    [[ $(jb 'j.errors[0].message||j.detail') == *"non-public address"* ]]
	ok $? "url $u: 400 on url, \"$(jb 'j.errors[0].message||j.detail')\""
done
[ "$(api POST "$C/api/v1/webhooks" "{\"events\":[\"*\"]}" "$TOK_OWN")" = 400 ]
ok $? "no url: 400"
[ "$(api POST "$C/api/v1/webhooks" "{\"url\":\"$RCV/ok/$RUN/bad\",\"events\":[\"tenant_exploded\"]}" "$TOK_OWN")" = 400 ] &&
    is_problem
ok $? "an unknown event type: 400 problem+json"
[ "$(api POST "$C/api/v1/webhooks" "{\"url\":\"$RCV/ok/$RUN/bad\",\"events\":[\"tenant_created\",\"nope\"]}" "$TOK_OWN")" = 400 ]
ok $? "a known and an unknown event type: 400"
[ "$(api POST "$C/api/v1/webhooks" "{\"url\":\"$RCV/ok/$RUN/bad\",\"events\":[]}" "$TOK_OWN")" = 400 ]
ok $? "no event type: 400"
[ "$(api POST "$C/api/v1/webhooks" "{\"url\":\"$RCV/ok/$RUN/bad\",\"events\":\"*\"}" "$TOK_OWN")" = 400 ]
ok $? "events not an array: 400"
[ "$(api POST "$C/api/v1/webhooks" "{\"url\":\"$RCV/ok/$RUN/bad\",\"events\":[\"*\"]}" "$TOK_SUP")" = 403 ] &&
    is_problem
ok $? "a support admin may not add a subscription: 403"
[ "$(api GET "$C/api/v1/webhooks" '' "$TOK_SUP")" = 403 ]
ok $? "... nor list them: 403"
[ "$(api PATCH "$C/api/v1/webhooks/$ID_mgmt" '{"description":"support"}' "$TOK_SUP")" = 403 ]
ok $? "... nor change one: 403"
[ "$(api POST "$C/api/v1/webhooks" "{\"url\":\"$RCV/ok/$RUN/bad\",\"events\":[\"*\"]}")" = 401 ]
ok $? "no token: 401"
[ "$(api GET "$C/api/v1/webhooks" '' "$TOK_OPS")" = 200 ]
ok $? "an ops admin lists the subscriptions: 200"

# Every event type of the API's list can be subscribed to on its own.
DOC_TYPES="tenant_created tenant_activated tenant_suspended tenant_resumed"
DOC_TYPES="$DOC_TYPES tenant_terminated tenant_read_only_changed tenant_updated"
DOC_TYPES="$DOC_TYPES tenant_erased plan_changed features_changed domain_added"
DOC_TYPES="$DOC_TYPES domain_verified domain_removed tenant_provisioning"
# (tenant_provisioning: the event of draft -> provisioning)
others=${DOC_TYPES% tenant_provisioning}
sub types "/ok/$RUN/types" "[\"${others// /\",\"}\"]"
ok $? "a subscription to every documented type but tenant_provisioning: 201"
st=$(api POST "$C/api/v1/webhooks" "{\"url\":\"$RCV/ok/$RUN/types\",\"events\":[\"tenant_provisioning\"]}" "$TOK_OWN")
[ "$st" = 201 ] && SUBS+=("$(jb 'j.id')")
[ "$st" = 201 ]
ok $? "a subscription to tenant_provisioning (documented, emitted by draft -> provisioning): 201 (got $st: $(jb 'j.title+": "+j.detail'))"

[ "$(api GET "$C/api/v1/webhooks" '' "$TOK_OWN")" = 200 ] &&
    [ "$(jb "j.webhooks.filter(w=>w.id===$ID_mgmt).map(w=>w.url+' '+w.status).join()")" = "$RCV$P_MGMT active" ]
ok $? "GET /api/v1/webhooks lists it"
[ "$(jb "j.webhooks.filter(w=>w.url.indexOf('/$RUN/bad')>=0).length")" = 0 ]
ok $? "... and none of the refused ones"
missing=$(jb "'$DOC_TYPES'.split(' ').filter(t=>!(j.event_types||[]).includes(t)).join(' ')")
[ -z "$missing" ]
ok $? "... its event_types name every documented type (missing: ${missing:-none})"
! body_has 'whsec_' && ! body_has "${SEC_mgmt#whsec_}" &&
    [ "$(jb 'j.webhooks.filter(w=>"secret" in w || "secret_enc" in w).length')" = 0 ]
ok $? "... without any secret"
[ "$(api GET "$C/api/v1/webhooks/$ID_mgmt" '' "$TOK_OWN")" = 200 ] &&
    [ "$(jb 'j.id+" "+j.url')" = "$ID_mgmt $RCV$P_MGMT" ] &&
    ! body_has 'whsec_' && ! body_has "${SEC_mgmt#whsec_}" &&
    [ "$(jb '"secret" in j')" = false ]
ok $? "GET /api/v1/webhooks/$ID_mgmt: 200 without the secret"
PATCHED_mgmt=0
st=$(api PATCH "$C/api/v1/webhooks/$ID_mgmt" '{"events":["tenant_updated","plan_changed"],"description":"changed by e2e"}' "$TOK_OWN")
[ "$st" = 200 ] && PATCHED_mgmt=1
[ "$st" = 200 ] &&
    [ "$(jb 'j.events.join(",")+" "+j.description+" "+j.status')" = \
    "tenant_updated,plan_changed changed by e2e active" ] &&
    ! body_has 'whsec_'
ok $? "PATCH events and description: 200 with them, no secret (got $st: $(jb 'j.title+": "+j.detail'))"
if [ "$PATCHED_mgmt" = 1 ]; then
	[ "$(api GET "$C/api/v1/webhooks/$ID_mgmt" '' "$TOK_OWN")" = 200 ] &&
	    [ "$(jb 'j.events.join(",")+" "+j.description+" "+j.url')" = \
	    "tenant_updated,plan_changed changed by e2e $RCV$P_MGMT" ]
	ok $? "... GET agrees, the url kept"
else
	skip "... GET agrees, the url kept" "the PATCH failed"
fi
api GET "$C/api/v1/webhooks/$ID_mgmt" '' "$TOK_OWN" >/dev/null
was=$(jb 'j.events.join(",")+" "+j.description+" "+j.url+" "+j.status')
[ "$(api PATCH "$C/api/v1/webhooks/$ID_mgmt" '{"events":["tenant_exploded"]}' "$TOK_OWN")" = 400 ] &&
    [ "$(api PATCH "$C/api/v1/webhooks/$ID_mgmt" '{"url":"ftp://example.com/x"}' "$TOK_OWN")" = 400 ] &&
    [ "$(api PATCH "$C/api/v1/webhooks/$ID_mgmt" '{"status":"paused"}' "$TOK_OWN")" = 400 ]
ok $? "PATCH with a bad event type, url or status: 400"
[ "$(api GET "$C/api/v1/webhooks/$ID_mgmt" '' "$TOK_OWN")" = 200 ] &&
    [ "$(jb 'j.events.join(",")+" "+j.description+" "+j.url+" "+j.status')" = "$was" ]
ok $? "... nothing changed"
expect 404 "$C/api/v1/webhooks/999999999" "an unknown subscription: 404" \
    -H "Authorization: Bearer $TOK_OWN"

# ---- 2. delivery of a tenant's life, signed ------------------------------

P_ALL=/ok/$RUN/all
P_SOME=/ok/$RUN/some
P_FLAKY=/flaky/$RUN
P_DEAD=/dead/$RUN
sub all "$P_ALL" '["*"]' && sub some "$P_SOME" '["tenant_suspended"]' &&
    sub flaky "$P_FLAKY" '["tenant_suspended"]' && sub dead "$P_DEAD" '["*"]'
ok $? "subscriptions: $P_ALL *, $P_SOME and $P_FLAKY tenant_suspended, $P_DEAD *"
# When $P_DEAD is disabled, seen from the API (polled every half second).
(
	end=$(($(date +%s) + 60))
	while [ "$(date +%s)" -lt "$end" ]; do
		if curl -s --max-time 5 -H "Authorization: Bearer $TOK_OWN" \
		    "$C/api/v1/webhooks/$ID_dead" |
		    grep -Eq '"status": ?"disabled"'; then
			date +%s.%N >"$E2E_TMP/dead_off"
			break
		fi
		sleep 0.5
	done
) &
WATCH_PID=$!

SLUG="ev-$RUN"
[ "$(api POST "$C/api/v1/tenants" "{\"slug\":\"$SLUG\",\"name\":\"Events $RUN\"}" "$TOK_OWN")" = 202 ] &&
    [ "$(jb 'j.state')" = provisioning ]
ok $? "POST /api/v1/tenants $SLUG: 202 provisioning"
TID=$(jb 'j.id')
[[ $TID =~ ^[0-9]+$ ]] || TID=0
wait_state "$C" "$TOK_OWN" "$TID" active 30
ok $? "the tenant becomes active"

outbox_n() { centerdb "SELECT COUNT(*) FROM outbox WHERE tenant_id = $TID"; }
# A refused transition writes nothing (the event is in the transaction).
n0=$(outbox_n)
[ "$(api POST "$C/api/v1/tenants/$TID/transitions" '{"to":"provisioning"}' "$TOK_OWN")" = 409 ] &&
    [ "$(api POST "$C/api/v1/tenants/$TID/transitions" '{"to":"active"}' "$TOK_OWN")" = 409 ] &&
    [ "$(api POST "$C/api/v1/tenants/$TID/transitions" '{"to":"sleeping"}' "$TOK_OWN")" = 400 ]
ok $? "active -> provisioning, active -> active: 409; to sleeping: 400"
[ "$(outbox_n)" = "$n0" ]
ok $? "... no event written in the outbox (rows for the tenant: $n0 -> $(outbox_n))"

[ "$(api POST "$C/api/v1/tenants/$TID/transitions" '{"to":"suspended","reason":"e2e events"}' "$TOK_OWN")" = 200 ] &&
    [ "$(jb 'j.state')" = suspended ]
ok $? "active -> suspended: 200"
n1=$(outbox_n)
[ "$n1" = $((n0 + 1)) ] &&
    [ "$(centerdb "SELECT type FROM outbox WHERE tenant_id = $TID ORDER BY id DESC LIMIT 1")" = tenant_suspended ]
ok $? "... exactly one event written: tenant_suspended ($n0 -> $n1)"
[ "$(api POST "$C/api/v1/tenants/$TID/transitions" '{"to":"suspended"}' "$TOK_OWN")" = 409 ] &&
    [ "$(api POST "$C/api/v1/tenants/$TID/transitions" '{"to":"provisioning"}' "$TOK_OWN")" = 409 ] &&
    [ "$(outbox_n)" = "$n1" ]
ok $? "suspended -> suspended, -> provisioning: 409, no event written"

has_all() {
	local t
	t=" $(hk types "$P_ALL" "$TID") "
	[[ $t == *" tenant_created "* && $t == *" tenant_activated "* &&
	    $t == *" tenant_suspended "* ]] &&
	    [ -n "$(hk ids "$P_SOME" "$TID" tenant_suspended)" ]
}
wait_for 20 has_all
ok $? "the receiver got the events ($P_ALL: $(hk types "$P_ALL" "$TID"); $P_SOME: $(hk types "$P_SOME" "$TID"))"
for ty in tenant_created tenant_activated tenant_suspended; do
	[ "$(hk ids "$P_ALL" "$TID" "$ty" | wc -l)" = 1 ]
	ok $? "$P_ALL: $ty of tenant $TID once"
done
[ "$(hk types "$P_SOME" "$TID")" = tenant_suspended ]
ok $? "$P_SOME: only tenant_suspended of tenant $TID"
[ "$(hk alltypes "$P_SOME")" = tenant_suspended ]
ok $? "$P_SOME: nothing but tenant_suspended at all ($(hk alltypes "$P_SOME"))"
WID_CREATED=$(hk ids "$P_ALL" "$TID" tenant_created | head -n 1)
WID_SUSP=$(hk ids "$P_ALL" "$TID" tenant_suspended | head -n 1)
[ "$(hk ids "$P_SOME" "$TID" tenant_suspended)" = "$WID_SUSP" ]
ok $? "the same event (webhook-id) to both subscriptions"
[[ $WID_CREATED =~ ^evt_[0-9a-f]{32}$ ]]
ok $? "webhook-ids are evt_ and 32 hex digits ($WID_CREATED)"
hk body "$P_ALL" "$WID_CREATED" >"$E2E_TMP/created.json"
[ "$(json 'j.type+" "+j.data.tenant.id+" "+j.data.tenant.slug+" "+j.data.tenant.state+" "+/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(j.timestamp)' <"$E2E_TMP/created.json")" = \
    "tenant_created $TID $SLUG provisioning true" ]
ok $? "tenant_created's body: type, timestamp, data.tenant (id, slug, state)"
hk body "$P_ALL" "$WID_SUSP" >"$E2E_TMP/susp.json"
[ "$(json 'j.data.tenant.state+" "+j.data.from+" "+j.data.reason+" "+/^admin:\d+$/.test(j.data.actor)' <"$E2E_TMP/susp.json")" = \
    "suspended active e2e events true" ]
ok $? "tenant_suspended's body: state, from, reason, actor (an admin by id, no e-mail)"

r=$(hk verify "$P_ALL" "$SEC_all")
[[ $r =~ ^[0-9]+$ ]] && [ "$r" -ge 3 ]
ok $? "$P_ALL: every record: id = webhook-id, timestamp within 60 s, signature right ($r)"
r=$(hk verify "$P_SOME" "$SEC_some")
[[ $r =~ ^[0-9]+$ ]] && [ "$r" -ge 1 ]
ok $? "$P_SOME: every record verifies with its own secret ($r)"
! hk verify "$P_SOME" "$SEC_all" >/dev/null
ok $? "... and not with another subscription's secret"
r=$(hk tamper "$P_ALL" "$SEC_all")
ok $? "the verifier rejects a changed body, timestamp or id ($r)"

# ---- 3. retries after 500s ------------------------------------------------

flaky_done() { [ "$(hk times "$P_FLAKY" "$WID_SUSP" | wc -l)" -ge 3 ]; }
wait_for 25 flaky_done
ok $? "$P_FLAKY: tenant_suspended arrived 3 times"
mapfile -t fl < <(hk times "$P_FLAKY" "$WID_SUSP")
[ "${#fl[@]}" = 3 ] && [ "$(printf '%s\n' "${fl[@]}" | awk '{print $3}' | paste -sd,)" = 500,500,200 ]
ok $? "... answered 500, 500, 200 (${#fl[@]} records: $(printf '%s\n' "${fl[@]}" | awk '{print $3}' | paste -sd,))"
r=$(hk verify "$P_FLAKY" "$SEC_flaky" "$WID_SUSP")
[ "$r" = 3 ]
ok $? "... the same webhook-id each time, each signed right ($r)"
g1=- g2=-
[ "${#fl[@]}" -ge 3 ] && read -r g1 g2 < <(printf '%s\n' "${fl[@]}" |
    awk '{t[NR]=$1} END {printf "%.2f %.2f\n", t[2]-t[1], t[3]-t[2]}')
[ "${#fl[@]}" -ge 3 ] && awk -v a="$g1" -v b="$g2" 'BEGIN { exit !(a >= 0 && a <= 3 && b >= 2.5 && b <= 7 && b > a) }'
ok $? "... after gaps of $g1 s then $g2 s (≈1 then ≈4: growing)"
deliveries() {	# deliveries SUB-ID: the list in $E2E_TMP/body
	api GET "$C/api/v1/webhooks/$1/deliveries" '' "$TOK_OWN"
}
flaky_delivered() {
	deliveries "$ID_flaky" >/dev/null &&
	    [ "$(jb "j.deliveries.filter(d=>d.event_id==='$WID_SUSP').map(d=>d.status+' '+d.attempts).join()")" = "delivered 3" ]
}
wait_for 5 flaky_delivered
ok $? "GET …/webhooks/$ID_flaky/deliveries: delivered after 3 attempts ($(jb "j.deliveries.filter(d=>d.event_id==='$WID_SUSP').map(d=>d.status+' '+d.attempts).join()"))"
D_FLAKY=$(jb "j.deliveries.filter(d=>d.event_id==='$WID_SUSP').map(d=>d.id+' '+d.event_type+' '+d.last_status+' '+d.webhook_id).join()")
[[ $D_FLAKY =~ ^[0-9]+\ tenant_suspended\ 200\ $ID_flaky$ ]]
ok $? "... the delivery: event_type, last_status 200, webhook_id ($D_FLAKY)"
D_FLAKY=${D_FLAKY%% *}
[ "$(api GET "$C/api/v1/webhook-deliveries/$D_FLAKY" '' "$TOK_OWN")" = 200 ] &&
    [ "$(jb 'j.status+" "+j.webhook_id+" "+j.attempts.map(a=>a.status).join(",")')" = "delivered $ID_flaky 500,500,200" ]
ok $? "GET /api/v1/webhook-deliveries/$D_FLAKY: attempts 500, 500, 200 ($(jb 'j.attempts.map(a=>a.status).join(",")'))"
[ "$(jb 'j.attempts.filter(a=>a.error).length')" -ge 2 ] &&
    [ "$(jb 'j.attempts.every(a=>/^\d+$/.test(String(a.ms))&&/^\d{4}-/.test(a.at))')" = true ]
ok $? "... the failed attempts with an error, each with ms and at"
[ "$(api GET "$C/api/v1/webhooks/$ID_flaky/deliveries?status=delivered" '' "$TOK_OWN")" = 200 ] &&
    [ "$(jb 'j.deliveries.every(d=>d.status==="delivered")')" = true ] &&
    [ "$(jb "j.deliveries.some(d=>d.id==$D_FLAKY)")" = true ]
ok $? "…/deliveries?status=delivered lists it, and only delivered ones"

# ---- 5. a dead endpoint: the subscription is disabled ---------------------

dead_disabled() {
	api GET "$C/api/v1/webhooks/$ID_dead" '' "$TOK_OWN" >/dev/null &&
	    [ "$(jb 'j.status')" = disabled ]
}
wait_for 30 dead_disabled
ok $? "$P_DEAD: the subscription is disabled"
reason=$(jb 'j.disabled_reason')
[ -n "$reason" ] && [ "$reason" != null ] && [[ $reason == "failing for over "* ]]
ok $? "... with a reason ($reason)"
dead_seen() { [ -s "$E2E_TMP/dead_off" ]; }
wait_for 5 dead_seen
T_DIS=$(cat "$E2E_TMP/dead_off" 2>/dev/null || date +%s.%N)
first=$(hk first "$P_DEAD")
[ -n "$first" ] && awk -v a="$first" -v b="$T_DIS" 'BEGIN { d = b - a; exit !(d >= 5 && d <= 26) }'
ok $? "... 6–25 s after its first failure (first POST to disabled: $(awk -v a="${first:-0}" -v b="$T_DIS" 'BEGIN{printf "%.1f", b-a}') s, $(hk count "$P_DEAD") POSTs)"
r=$(hk verify "$P_DEAD" "$SEC_dead")
[[ $r =~ ^[1-9][0-9]*$ ]]
ok $? "... its POSTs were signed right too ($r)"

# Another event: the tenant resumes.  /all gets it, /dead does not.
n2=$(outbox_n)
[ "$(api POST "$C/api/v1/tenants/$TID/transitions" '{"to":"active","reason":"e2e resume"}' "$TOK_OWN")" = 200 ] &&
    [ "$(jb 'j.state')" = active ]
ok $? "suspended -> active: 200"
[ "$(outbox_n)" = $((n2 + 1)) ] &&
    [ "$(centerdb "SELECT type FROM outbox WHERE tenant_id = $TID ORDER BY id DESC LIMIT 1")" = tenant_resumed ]
ok $? "... exactly one event written: tenant_resumed"
got_resumed() { [ -n "$(hk ids "$P_ALL" "$TID" tenant_resumed)" ]; }
wait_for 15 got_resumed
ok $? "$P_ALL got tenant_resumed"
sleep 3
# (a second's margin: the rest of the worker's batch in hand)
n=$(hk after "$P_DEAD" "$(awk -v t="$T_DIS" 'BEGIN { printf "%.3f", t + 1 }')")
[ "$n" = 0 ]
ok $? "$P_DEAD: no POST once disabled, 3 s after the next event ($n)"
deliveries "$ID_dead" >/dev/null
WID_RES=$(hk ids "$P_ALL" "$TID" tenant_resumed | head -n 1)
[ "$(jb "j.deliveries.filter(d=>d.event_id==='$WID_RES').length")" = 0 ]
ok $? "... and no delivery made for it"
dead_list=$(jb 'j.deliveries.map(d=>d.status+":"+d.attempts+":"+d.last_status).join(" ")')
[ "$(jb 'j.deliveries.some(d=>d.attempts>=1) && j.deliveries.every(d=>d.status==="pending")')" = true ]
ok $? "... its deliveries were tried and wait, none delivered (status:attempts:last_status $dead_list)"

# ---- 4. redelivery ---------------------------------------------------------

deliveries "$ID_all" >/dev/null
D_CREATED=$(jb "j.deliveries.filter(d=>d.event_id==='$WID_CREATED'&&d.status==='delivered').map(d=>d.id).join()")
[[ $D_CREATED =~ ^[0-9]+$ ]]
ok $? "$P_ALL: the delivery of tenant_created is delivered (${D_CREATED:-none})"
[ "$(api POST "$C/api/v1/webhook-deliveries/$D_CREATED/redeliver" '' "$TOK_OWN")" = 202 ]
ok $? "POST /api/v1/webhook-deliveries/$D_CREATED/redeliver: 202"
T_REDEL=$(date +%s)
twice() { [ "$(hk times "$P_ALL" "$WID_CREATED" | wc -l)" -ge 2 ]; }
wait_for 10 twice
ok $? "the receiver got the same webhook-id again"
mapfile -t rd < <(hk times "$P_ALL" "$WID_CREATED")
[ "${#rd[@]}" = 2 ]
ok $? "... once more, no more (${#rd[@]} in all)"
r=$(hk verify "$P_ALL" "$SEC_all" "$WID_CREATED")
[ "$r" = 2 ]
ok $? "... signed right ($r records of it verify)"
read -r _ ts1 _ <<<"${rd[0]}"
read -r _ ts2 _ <<<"${rd[1]:-x 0 x}"
[ "$ts2" -gt "$ts1" ] && [ "$ts2" -ge "$T_REDEL" ]
ok $? "... with a new timestamp ($ts1 then $ts2)"
python3 - "$HOOKS" "$P_ALL" "$WID_CREATED" <<'EOF'
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
rs = [r for r in rs if r["path"] == sys.argv[2] and r["webhook_id"] == sys.argv[3]]
sys.exit(not (len(rs) == 2 and rs[0]["body"] == rs[1]["body"] and
              rs[0]["webhook_signature"] != rs[1]["webhook_signature"]))
EOF
ok $? "... the same body, a new signature"
redelivered() {
	api GET "$C/api/v1/webhook-deliveries/$D_CREATED" '' "$TOK_OWN" >/dev/null &&
	    [ "$(jb 'j.status+" "+j.attempts.map(a=>a.status).join(",")')" = "delivered 200,200" ]
}
wait_for 5 redelivered
ok $? "GET /api/v1/webhook-deliveries/$D_CREATED: delivered, attempts 200, 200 ($(jb 'j.status+" "+j.attempts.map(a=>a.status).join(",")'))"
[ "$(api POST "$C/api/v1/webhook-deliveries/999999999/redeliver" '' "$TOK_OWN")" = 404 ]
ok $? "redelivering an unknown delivery: 404"
[ "$(api POST "$C/api/v1/webhook-deliveries/$D_CREATED/redeliver" '' "$TOK_SUP")" = 403 ]
ok $? "a support admin may not redeliver: 403"

# ---- every attempt recorded was made ----------------------------------------

# sent SUB-ID PATH [TENANT]: the attempts Center recorded for each event
# (status list) against the POSTs the receiver got; prints the difference
sent() {
	centerdb "SELECT o.event_id, GROUP_CONCAT(a.status ORDER BY a.id)
	    FROM webhook_deliveries d JOIN outbox o ON o.id = d.outbox_id
	    JOIN webhook_attempts a ON a.delivery_id = d.id
	    WHERE d.subscription_id = $1 ${3:+AND o.tenant_id = $3}
	    GROUP BY o.event_id" >"$E2E_TMP/att.tsv"
	python3 - "$HOOKS" "$2" "$E2E_TMP/att.tsv" "${3:-}" <<'PY'
import json, sys
log, path, tsv, tenant = sys.argv[1:]
rec = dict(l.rstrip("\n").split("\t") for l in open(tsv) if l.strip())
got = {}
for l in open(log, encoding="utf-8"):
    r = json.loads(l)
    if r["path"] != path:
        continue
    b = json.loads(r["body"])
    t = ((b.get("data") or {}).get("tenant") or {}).get("id")
    if tenant and str(t) != tenant:
        continue
    got.setdefault(r["webhook_id"], []).append(str(r["status"]))
bad = ["%s recorded %s, sent %s" % (e, rec.get(e, "-"), ",".join(got.get(e, [])) or "-")
       for e in sorted(set(rec) | set(got)) if rec.get(e) != ",".join(got.get(e, []))]
print("; ".join(bad) if bad else "%d events" % len(rec))
sys.exit(1 if bad else 0)
PY
}
r=$(sent "$ID_all" "$P_ALL" "$TID")
ok $? "$P_ALL: every attempt Center recorded for tenant $TID's events was sent, with the status the receiver answered ($r)"
r=$(sent "$ID_some" "$P_SOME" "$TID")
ok $? "$P_SOME: the same ($r)"
r=$(sent "$ID_flaky" "$P_FLAKY" "$TID")
ok $? "$P_FLAKY: the same ($r)"
r=$(sent "$ID_dead" "$P_DEAD")
ok $? "$P_DEAD: the same, for all its deliveries ($r)"

# ---- 5 (end). re-enabling --------------------------------------------------

# A subscription whose URL came in before the address policy (put in the
# database here) is refused by the worker at delivery, with a plain reason.
ID_meta=0
P_META=/ok/$RUN/meta
sub meta "$P_META" '["tenant_updated"]' &&
    centerdb "UPDATE webhook_subscriptions SET url = 'http://169.254.169.254:$PORT$P_META' WHERE id = $ID_meta"
ok $? "a subscription to tenant_updated, its URL then made the metadata address in the database"
PATCHED_dead=0
st=$(api PATCH "$C/api/v1/webhooks/$ID_dead" '{"status":"active"}' "$TOK_OWN")
[ "$st" = 200 ] && PATCHED_dead=1
[ "$st" = 200 ] && [ "$(jb 'j.status+" "+j.disabled_reason')" = "active null" ]
ok $? "PATCH $P_DEAD status active: 200, active, no disabled_reason (got $st: $(jb 'j.title+": "+j.detail'))"
T_EN=$(date +%s.%N)
[ "$(api PATCH "$C/api/v1/tenants/$TID" '{"name":"Events renamed"}' "$TOK_OWN")" = 200 ]
ok $? "an event: the tenant renamed (tenant_updated)"
if [ "$PATCHED_dead" = 1 ]; then
	dead_again() { [ "$(hk after "$P_DEAD" "$T_EN")" -ge 1 ]; }
	wait_for 10 dead_again
	ok $? "$P_DEAD gets POSTs again once re-enabled"
	sleep 3
	api GET "$C/api/v1/webhooks/$ID_dead" '' "$TOK_OWN" >/dev/null
	[ "$(jb 'j.status')" = active ]
	ok $? "... and failing 3 s later it is still active: a new 6-s window ($(jb 'j.status+" "+j.failing_since+" "+j.disabled_reason'))"
else
	skip "$P_DEAD gets POSTs again once re-enabled" "not re-enabled"
	skip "... and failing 3 s later it is still active" "not re-enabled"
fi

upd_got() { [ -n "$(hk ids "$P_MGMT" "$TID" tenant_updated)" ]; }
wait_for 10 upd_got
ok $? "$P_MGMT got tenant_updated"
r=$(hk verify "$P_MGMT" "$SEC_mgmt")
t=$(hk alltypes "$P_MGMT")
[[ $t == tenant_updated || ($PATCHED_mgmt = 1 && $t == "plan_changed tenant_updated") ]] &&
    [[ $r =~ ^[1-9][0-9]*$ ]]
ok $? "... nothing but its types ($t), signed with its secret ($r)"
meta_tried() {
	deliveries "$ID_meta" >/dev/null &&
	    [ "$(jb 'j.deliveries.filter(d=>d.attempts>=1).length')" -ge 1 ]
}
wait_for 15 meta_tried
[ "$(jb 'j.deliveries.filter(d=>d.attempts>=1).map(d=>d.status+" "+d.last_error)[0]')" = \
    "pending the URL's address or port is not allowed" ]
ok $? "$P_META: the worker refuses to post to it: \"$(jb 'j.deliveries.filter(d=>d.attempts>=1).map(d=>d.status+" "+d.last_error)[0]')\""

# ---- 6. the outbox -----------------------------------------------------------

[ "$(centerdb "SELECT COUNT(*) - COUNT(DISTINCT event_id) FROM outbox")" = 0 ] &&
    [ "$(centerdb "SELECT COUNT(*) FROM outbox WHERE event_id NOT REGEXP '^evt_[0-9a-f]{32}\$'")" = 0 ]
ok $? "outbox: every event_id unique and evt_ + 32 hex digits"
all_res() {
	[ -n "$(hk ids "$P_ALL" "$TID" tenant_updated)" ] &&
	    [ "$(centerdb "SELECT COUNT(*) FROM outbox WHERE tenant_id = $TID AND fanned_out = 0")" = 0 ]
}
wait_for 10 all_res
centerdb "SELECT event_id, type, tenant_id, payload FROM outbox WHERE tenant_id = $TID ORDER BY id" >"$E2E_TMP/outbox.tsv"
r=$(python3 - "$HOOKS" "$P_ALL" "$TID" "$E2E_TMP/outbox.tsv" <<'EOF'
import json, sys
log, path, tid, tsv = sys.argv[1:]
rows = {}
for line in open(tsv, encoding="utf-8"):
    eid, typ, t, payload = line.rstrip("\n").split("\t", 3)
    payload = payload.replace("\\\\", "\x00").replace("\\t", "\t").replace("\\n", "\n").replace("\x00", "\\")
    rows[eid] = (typ, t, payload)
got = {}
for l in open(log, encoding="utf-8"):
    r = json.loads(l)
    if r["path"] != path:
        continue
    b = json.loads(r["body"])
    if str(((b.get("data") or {}).get("tenant") or {}).get("id")) != tid:
        continue
    got.setdefault(r["webhook_id"], []).append((b["type"], r["body"]))
bad = []
for eid, recs in got.items():
    if eid not in rows:
        bad.append("%s received, not in the outbox" % eid)
        continue
    for typ, body in recs:
        if typ != rows[eid][0] or body != rows[eid][2] or rows[eid][1] != tid:
            bad.append("%s: type/body/tenant differ from the outbox row" % eid)
for eid in rows:
    if eid not in got:
        bad.append("%s (%s) in the outbox, never received" % (eid, rows[eid][0]))
print("; ".join(bad) if bad else "%d events" % len(rows))
sys.exit(1 if bad else 0)
EOF
)
ok $? "outbox rows of tenant $TID = the events $P_ALL got, body = payload ($r)"
hist=$(api GET "$C/api/v1/tenants/$TID/history" '' "$TOK_OWN" >/dev/null && jb 'j.transitions.length')
evs=$(centerdb "SELECT COUNT(*) FROM outbox WHERE tenant_id = $TID AND type IN ('tenant_created','tenant_activated','tenant_suspended','tenant_resumed','tenant_provisioning','tenant_terminated','tenant_read_only_changed')")
[ -n "$hist" ] && [ "$hist" = "$evs" ]
ok $? "one lifecycle event per history row (history $hist, events $evs)"

# ---- 7. the audit log --------------------------------------------------------

[ "$(api GET "$C/api/v1/audit?action=webhook.&actor=$OWN&limit=200" '' "$TOK_OWN")" = 200 ]
ok $? "GET /api/v1/audit?action=webhook.&actor=…: 200"
aud() { jb "j.entries.filter(e=>e.action==='$1'&&e.target==='$2'&&e.actor.endsWith(' $OWN')).length"; }
miss=
for id in "${SUBS[@]}"; do
	[ "$(aud webhook.create "webhook:$id")" = 1 ] || miss="$miss $id"
done
[ -z "$miss" ]
ok $? "webhook.create by the owner for each of the ${#SUBS[@]} subscriptions (missing:${miss:- none})"
[ "$(jb "j.entries.filter(e=>e.action==='webhook.create'&&e.target==='webhook:$ID_all').map(e=>JSON.parse(e.after).url).join()")" = "$RCV$P_ALL" ]
ok $? "... its after names the url"
[ "$(aud webhook.update "webhook:$ID_mgmt")" -ge 1 ] &&
    [ "$(aud webhook.update "webhook:$ID_dead")" -ge 1 ]
ok $? "webhook.update by the owner ($ID_mgmt: $(aud webhook.update "webhook:$ID_mgmt"), $ID_dead: $(aud webhook.update "webhook:$ID_dead"))"
[ "$(aud webhook.update "webhook:$ID_mgmt")" = "$PATCHED_mgmt" ] &&
    [ "$(aud webhook.update "webhook:$ID_dead")" = "$PATCHED_dead" ]
ok $? "... one per change made, none for the refused ones"
[ "$(aud webhook.redeliver "delivery:$D_CREATED")" = 1 ]
ok $? "webhook.redeliver by the owner for delivery:$D_CREATED"
[ "$(jb 'j.entries.filter(e=>e.action.indexOf("webhook.")!==0).length')" = 0 ] &&
    [ "$(jb "j.entries.filter(e=>!e.actor.endsWith(' $OWN')).length")" = 0 ]
ok $? "... the filters hold (only webhook.*, only this admin)"
[ "$(api GET "$C/api/v1/audit?action=webhook.&limit=5" '' "$TOK_OPS")" = 403 ]
ok $? "ops may not read the audit log: 403"

# ---- 8. the dashboard -------------------------------------------------------

[ "$(api GET "$C/api/v1/dashboard" '' "$TOK_SUP")" = 200 ]
ok $? "GET /api/v1/dashboard (support): 200"
[ "$(jb 'j.tenants_by_state.active >= 1')" = true ]
ok $? "... tenants_by_state.active ≥ 1 ($(jb 'j.tenants_by_state.active'))"
[ "$(jb "j.recent_events.filter(e=>e.tenant_id==$TID).map(e=>e.type).includes('tenant_updated')")" = true ] &&
    [ "$(jb "j.recent_events.filter(e=>e.tenant_id==$TID).every(e=>/^evt_/.test(e.id)&&/^\\d{4}-/.test(e.at))")" = true ]
ok $? "... recent_events has this tenant's ($(jb "j.recent_events.filter(e=>e.tenant_id==$TID).map(e=>e.type).join(',')"))"
[ "$(jb 'j.failing_deliveries.every(d=>d.status==="failed")')" = true ]
ok $? "... failing_deliveries are all failed ($(jb 'j.failing_deliveries.length'))"
# With 6 attempts (0, 1, 5, 21, 85 s … later) and disabling after 6 s,
# the dead endpoint's deliveries are still pending when it is disabled:
# none is failed, so the dashboard lists none of them.
deliveries "$ID_dead" >/dev/null
dead_failed=$(jb 'j.deliveries.filter(d=>d.status==="failed").length')
dead_pending=$(jb 'j.deliveries.filter(d=>d.status==="pending"&&d.attempts<6).length')
api GET "$C/api/v1/dashboard" '' "$TOK_OWN" >/dev/null
dash_dead=$(jb "j.failing_deliveries.filter(d=>d.webhook_id==$ID_dead).length")
if [ "$dead_failed" = 0 ]; then
	[ "$dash_dead" = 0 ] && [ "$dead_pending" -ge 1 ]
	ok $? "... none of $P_DEAD (its deliveries: $dead_pending pending, none failed yet)"
else
	[ "$dash_dead" -ge 1 ]
	ok $? "... $P_DEAD's failed deliveries ($dash_dead of $dead_failed)"
fi

# ---- the end: the subscriptions off ------------------------------------------

off=0
for id in "${SUBS[@]}"; do
	[ "$(api PATCH "$C/api/v1/webhooks/$id" '{"status":"disabled"}' "$TOK_OWN")" = 200 ] &&
	    [ "$(jb 'j.status')" = disabled ] && off=$((off + 1))
done
[ "$off" = "${#SUBS[@]}" ]
ok $? "the ${#SUBS[@]} subscriptions of this run disabled ($off)"
api GET "$C/api/v1/webhooks" '' "$TOK_OWN" >/dev/null
[ "$(jb "j.webhooks.filter(w=>w.url.indexOf('/$RUN/')>=0&&w.status!=='disabled').length")" = 0 ]
ok $? "... the list agrees"

echo "# run $RUN: tenant $TID, receiver port $PORT, $(($(date +%s) - T0)) s"
tap_done
