#!/usr/bin/env bash
# Start-up and shutdown of the installed programs: configuration and
# template errors stop start-up with file and line; SIGTERM stops an idle
# worker at once and lets a request in flight finish.  Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

PROG=$RUN_DIR/inst/libexec/souk/souk-storefront.fcgi
TEMPLATES=$RUN_DIR/inst/share/souk/templates

# conf_with KEY VALUE: a copy of the dev souk.conf with KEY set to VALUE
conf_with() {
	# among the common keys: before the programs' [sections]
	grep -v "^$1 *=" "$SOUK_CONF" | awk -v kv="$1 = $2" \
	    '/^\[/ && !done { print kv; done = 1 } { print }
	    END { if (!done) print kv }' >"$E2E_TMP/souk.conf"
	chmod 600 "$E2E_TMP/souk.conf"
}

"$PROG" -c "$SOUK_CONF" --check >/dev/null 2>&1
ok $? "storefront --check accepts the installed templates"
for app in backoffice center; do
	"$RUN_DIR/inst/libexec/souk/souk-$app.fcgi" -c "$SOUK_CONF" --check \
	    >/dev/null 2>&1
	ok $? "$app --check accepts the installed templates"
done

# broken_template FILE SED-EXPRESSION EXPECTED-MESSAGE
broken_template() {
	rm -rf "$E2E_TMP/t"
	cp -r "$TEMPLATES" "$E2E_TMP/t"
	sed -i "$2" "$E2E_TMP/t/storefront/$1"
	conf_with template_dir "$E2E_TMP/t"
	! "$PROG" -c "$E2E_TMP/souk.conf" --check 2>"$E2E_TMP/err" &&
	    grep -q -- "$3" "$E2E_TMP/err"
	ok $? "start-up stops on $1: $3 ($(head -c 160 "$E2E_TMP/err"))"
}
line=$(grep -n '{{sku}}' "$TEMPLATES/storefront/product.html" | cut -d: -f1)
broken_template product.html 's/{{sku}}/{{skew}}/' \
    "product.html:$line: unknown variable \"skew\""
broken_template category.html 's|{{/pager}}||' 'category.html:[0-9]*: '
broken_template home.html 's|{{>partials/product_grid}}|{{>partials/nope}}|' \
    'home.html:[0-9]*: '

printf 'base_domain = localhost\nno_such_key = 1\n' >"$E2E_TMP/bad.conf"
! "$PROG" -c "$E2E_TMP/bad.conf" --check 2>"$E2E_TMP/err" &&
    grep -q 'bad.conf:2: .*no_such_key' "$E2E_TMP/err"
ok $? "an unknown configuration key stops start-up with file and line"

# internal base URLs: https://, or http:// to loopback with the dev switch
conf_with services_url http://services.example.com:8080
! "$PROG" -c "$E2E_TMP/souk.conf" --check 2>"$E2E_TMP/err" &&
    grep -q 'services_url must be an https:// URL' "$E2E_TMP/err"
ok $? "an http:// internal URL to another host stops start-up ($(head -c 160 "$E2E_TMP/err"))"
conf_with tenant_app_url http://10.0.0.5
! "$RUN_DIR/inst/libexec/souk/souk-center.fcgi" -c "$E2E_TMP/souk.conf" \
    --check 2>"$E2E_TMP/err" && grep -q 'tenant_app_url must be' "$E2E_TMP/err"
ok $? "... also for Center's tenant_app_url"
conf_with internal_allow_http no
! "$PROG" -c "$E2E_TMP/souk.conf" --check 2>"$E2E_TMP/err" &&
    grep -q '_url must be an https:// URL' "$E2E_TMP/err"
ok $? "... and the dev stack's loopback http:// needs internal_allow_http"
conf_with center_url https://center.example.com
"$PROG" -c "$E2E_TMP/souk.conf" --check >/dev/null 2>&1
ok $? "an https:// internal URL is fine"

# spawn: one storefront worker on a private socket; prints its pid
spawn() {
	rm -f "$E2E_TMP/w.sock" "$E2E_TMP/w.pid"
	SOUK_CONF=$SOUK_CONF spawn-fcgi -s "$E2E_TMP/w.sock" -P "$E2E_TMP/w.pid" \
	    -- "$PROG" >/dev/null 2>&1
	cat "$E2E_TMP/w.pid"
}

gone_within() {	# gone_within PID TENTHS
	for _ in $(seq "$2"); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

pid=$(spawn)
sleep 0.5	# past start-up, waiting in accept
kill -TERM "$pid"
gone_within "$pid" 30
ok $? "SIGTERM stops an idle worker within 3 s"

# A request whose body arrives 1 s late is in flight when SIGTERM comes.
pid=$(spawn)
{ sleep 1; printf '{}'; } | env -i REQUEST_METHOD=POST CONTENT_LENGTH=2 \
    CONTENT_TYPE=application/json REQUEST_URI=/api/v1/products \
    HTTP_HOST="demo.$BASE_DOMAIN" cgi-fcgi -bind -connect "$E2E_TMP/w.sock" \
    >"$E2E_TMP/inflight" 2>&1 &
client=$!
sleep 0.3
kill -TERM "$pid"
wait "$client"
grep -q '^Status: 405' "$E2E_TMP/inflight"
ok $? "the request in flight at SIGTERM is answered in full"
gone_within "$pid" 20
ok $? "then the worker exits"
tap_done
