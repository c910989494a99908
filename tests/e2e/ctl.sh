#!/usr/bin/env bash
# soukctl through ./dev ctl: tenant listing and API keys.  Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

ctl tenant list --json >"$E2E_TMP/t.json"
[ "$(json 'j.filter(t=>t.id<=2).map(t=>t.slug+":"+t.state).join(",")' \
    <"$E2E_TMP/t.json")" = "demo:active,acme:active" ]
ok $? "tenant list --json names demo and acme (ids 1 and 2), active"

ctl keys create --owner e2e-ctl --kind services --tenants 1,2 \
    --scopes notifications:send --json >"$E2E_TMP/k.json"
pk=$(json 'j.api_key' <"$E2E_TMP/k.json")
sk=$(json 'j.secret' <"$E2E_TMP/k.json")
[[ $pk =~ ^pk_[0-9a-f]{24}$ ]] && [[ $sk =~ ^sk_[0-9a-f]{64}$ ]]
ok $? "keys create --json prints the api key and its secret"
ctl keys list --json >"$E2E_TMP/l.json"
[ "$(json "j.find(k=>k.public_key==='$pk').status" <"$E2E_TMP/l.json")" = \
    active ] && ! grep -q "$sk" "$E2E_TMP/l.json"
ok $? "keys list shows the key as active and never its secret"
ctl keys create --owner 'bad;owner' --tenants all >/dev/null 2>&1
[ $? = 2 ]
ok $? "keys create refuses a bad owner"
ctl keys rotate "$pk" --days 2 --json >"$E2E_TMP/r.json"
pk2=$(json 'j.api_key' <"$E2E_TMP/r.json")
ctl keys list --json >"$E2E_TMP/l.json"
[ "$(json "j.find(k=>k.public_key==='$pk').status" <"$E2E_TMP/l.json")" = \
    deprecated ] &&
    [ "$(json "j.find(k=>k.public_key==='$pk2').status" <"$E2E_TMP/l.json")" \
    = active ]
ok $? "keys rotate: a new active key, the old one deprecated"
ctl keys revoke "$pk2" >/dev/null && ! ctl keys revoke "$pk2" 2>/dev/null
ok $? "keys revoke works once"
ctl keys revoke "$pk" >/dev/null
tap_done
