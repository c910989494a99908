#!/usr/bin/env bash
# Session records in memcached: a signed-in request is served from the
# cached record (proved by deleting the row behind the cache's back), and
# every change that ends sessions makes the cached records of its scope
# unusable at once (a new epoch).  Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
S="http://demo.$BASE_DOMAIN:$NGINX_PORT"
A="http://demo.$BASE_DOMAIN:$APACHE_PORT"
E="cache-$RUN@example.com"
PW='correct horse battery'
token() { auth_token "$1" "$E" "$PW" >/dev/null; jb 'j.token'; }	# token BASE: a new customer token for E
me() { fetch "$1/api/v1/me" -H "Authorization: Bearer $2"; }

expect 201 "$S/api/v1/customers" "a customer" \
    -H 'Content-Type: application/json' \
    --data-raw "{\"email\":\"$E\",\"password\":\"$PW\",\"name\":\"Cas\"}"
t1=$(token "$S")
[ "$(me "$S" "$t1")" = 200 ] && [ "$(me "$A" "$t1")" = 200 ]
ok $? "the token works through both servers (its record is now cached)"
shopdb "DELETE s FROM account_sessions s JOIN customers c
    ON c.tenant_id = s.tenant_id AND c.id = s.account_id
    WHERE s.principal = 'customer' AND c.email = '$E'"
[ "$(me "$S" "$t1")" = 200 ] && [ "$(me "$A" "$t1")" = 200 ]
ok $? "with its row deleted behind the cache's back, the cached record still serves"
t2=$(token "$S")
[ "$(me "$S" "$t2")" = 200 ]
ok $? "a second session"
expect 204 "$S/api/v1/auth/token" "sign out the second" -X DELETE \
    -H "Authorization: Bearer $t2"
[ "$(me "$S" "$t2")" = 401 ] && [ "$(me "$A" "$t2")" = 401 ]
ok $? "the signed-out token is dead at once on both servers"
[ "$(me "$S" "$t1")" = 401 ] && [ "$(me "$A" "$t1")" = 401 ]
ok $? "the sign-out made every cached record of the shop unusable (the first token now meets the database)"
t3=$(token "$S")
[ "$(me "$S" "$t3")" = 200 ]
ok $? "a new sign-in works again"
acme=$(fetch "http://acme.$BASE_DOMAIN:$NGINX_PORT/api/v1/me" \
    -H "Authorization: Bearer $t3")
[ "$acme" = 401 ]
ok $? "a cached record of one shop is nothing on another shop ($acme)"
tap_done
