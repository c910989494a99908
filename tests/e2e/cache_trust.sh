#!/usr/bin/env bash
# memcached is not a trust anchor: anyone on the box can write to it.
# Values written straight into it, as such a user would, are ignored
# through both web servers: a host record pointing a shop's host at
# another shop, the other shop's genuine record moved under the host, a
# whole page, Center's identity-provider discovery document.  A host
# without a shop leaves nothing in memcached.  Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

ACME_ID=$(shopdb "SELECT id FROM tenants WHERE slug = 'acme'")
DEMO_NAME=$(shopdb "SELECT name FROM tenants WHERE slug = 'demo'")
ACME_NAME=$(shopdb "SELECT name FROM tenants WHERE slug = 'acme'")

# home PORT SLUG: the shop's home page into $E2E_TMP/body; its status
home() { fetch "http://$2.$BASE_DOMAIN:$1/"; }

for port in "$NGINX_PORT" "$APACHE_PORT"; do
	s="port $port"
	demo_key="souk:v1:host:demo.$BASE_DOMAIN"
	acme_key="souk:v1:host:acme.$BASE_DOMAIN"

	[ "$(home "$port" acme)" = 200 ] && [ "$(home "$port" demo)" = 200 ]
	ok $? "$s: both demo shops answer"
	acme_rec=$(mc_take "$acme_key")
	[ -n "$acme_rec" ] && [[ $acme_rec == *'"slug":"acme"'* ]]
	ok $? "$s: acme's host record is in memcached, with its MAC"

	mc_put "$demo_key" "{\"id\":$ACME_ID,\"slug\":\"acme\",\"name\":\"x\",\
\"state\":\"active\",\"read_only\":false,\"locale\":\"en\",\"currency\":\"EUR\",\
\"time_zone\":\"UTC\",\"theme_color\":\"#000000\",\"catalog_version\":1}"
	[ "$(home "$port" demo)" = 200 ] && body_has "$DEMO_NAME" &&
	    ! body_has "$ACME_NAME"
	ok $? "$s: a forged record pointing demo's host at acme is ignored"

	mc_put "$demo_key" "$acme_rec"
	[ "$(home "$port" demo)" = 200 ] && body_has "$DEMO_NAME" &&
	    ! body_has "$ACME_NAME"
	ok $? "$s: acme's genuine record moved under demo's host is ignored"

	mc_put "$demo_key:page:/" "1:1
<p>defaced</p>"
	home "$port" demo >/dev/null
	mc_put "$demo_key:page:/" "$(mc_take "$demo_key:page:/" |
	    sed 's/<body[^>]*>/&<p>defaced<\/p>/')"
	[ "$(home "$port" demo)" = 200 ] && ! body_has defaced &&
	    body_has "$DEMO_NAME"
	ok $? "$s: a forged or altered cached page is not served"

	host="nobody-$RANDOM.$BASE_DOMAIN"
	[ "$(fetch "http://$host:$port/")" = 404 ] &&
	    [ -z "$(mc_take "souk:v1:host:$host")" ]
	ok $? "$s: a host without a shop answers 404 and writes nothing to memcached"
done

# Center's discovery document: a forged one would send admins to an
# authorization endpoint of the forger's choosing.
C="http://center.$BASE_DOMAIN:$NGINX_PORT"
issuer=$(sed -n 's/^oidc_issuer *= *//p' "$SOUK_CONF")
if [ -n "$issuer" ]; then
	doc_key="souk:v1:oidc:$(printf '%s' \
	    "$issuer/.well-known/openid-configuration" | sha256sum |
	    cut -d' ' -f1)"
	fetch "$C/login/oidc" >/dev/null
	mc_put "$doc_key" "{\"issuer\":\"$issuer\",\
\"authorization_endpoint\":\"http://evil.example/auth\",\
\"token_endpoint\":\"http://evil.example/token\",\
\"jwks_uri\":\"http://evil.example/jwks\"}"
	fetch "$C/login/oidc" >/dev/null
	[[ $(loc) == "$issuer"/* ]] && [[ $(loc) != *evil.example* ]]
	ok $? "center: a forged discovery document is ignored"
else
	skip "center: a forged discovery document is ignored" "no oidc_issuer"
fi

tap_done
