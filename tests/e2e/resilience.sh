#!/usr/bin/env bash
# What happens when things go wrong around the programs: memcached hung or
# dead (pages must still answer from MariaDB), a suspended shop (503
# "temporarily closed", other shops unaffected).  Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

MC_PID_FILE=$RUN_DIR/pid/memcached.pid

memcached_start() {
	local args=(-l 127.0.0.1 -p "$MEMCACHED_PORT" -U 0 -m 64 -d
	    -P "$MC_PID_FILE")
	[ "$(id -u)" = 0 ] && args+=(-u root)
	memcached "${args[@]}"
	for _ in $(seq 50); do
		curl -s -o /dev/null "http://demo.$BASE_DOMAIN:$NGINX_PORT/readyz" \
		    -w '%{http_code}' | grep -q 200 && return 0
		sleep 0.1
	done
	return 1
}

# every PORT: the shop pages and the API answer 200, each within 2 s
pages_answer() {
	local port=$1 u code t
	for u in / /c/gifts /p/classic-gift-card /api/v1/products?limit=3 \
	    /admin/login; do
		read -r code t < <(curl -s -o /dev/null --max-time 5 \
		    -w '%{http_code} %{time_total}\n' \
		    "http://demo.$BASE_DOMAIN:$port$u")
		[ "$code" = 200 ] || { echo "# $u -> $code"; return 1; }
		awk -v t="$t" 'BEGIN { exit !(t < 2.0) }' ||
		    { echo "# $u took ${t}s"; return 1; }
	done
}

mc_pid=$(cat "$MC_PID_FILE")

kill -STOP "$mc_pid"
for port in "$NGINX_PORT" "$APACHE_PORT"; do
	pages_answer "$port"
	ok $? "memcached hung: pages on port $port still answer quickly"
done
expect 503 "http://demo.$BASE_DOMAIN:$NGINX_PORT/readyz" \
    "memcached hung: readyz says not ready"
kill -CONT "$mc_pid"

kill -TERM "$mc_pid"
for _ in $(seq 50); do kill -0 "$mc_pid" 2>/dev/null || break; sleep 0.1; done
for port in "$NGINX_PORT" "$APACHE_PORT"; do
	pages_answer "$port"
	ok $? "memcached stopped: pages on port $port still 200"
	expect 503 "http://center.$BASE_DOMAIN:$port/readyz" \
	    "memcached stopped: center readyz on port $port is 503"
done
body_has '"memcached":"down"'
ok $? "readyz names memcached as the dependency that is down"
# Failed sign-ins are still counted, in Center's database.
guesser="guess-$(date +%s)-$$@example.com"
for i in $(seq 1 10); do
	fetch "http://demo.$BASE_DOMAIN:$NGINX_PORT/api/v1/auth/token" \
	    -H 'Content-Type: application/json' \
	    --data-raw "{\"email\":\"$guesser\",\"password\":\"guess $i\"}" \
	    >/dev/null
done
expect 429 "http://demo.$BASE_DOMAIN:$APACHE_PORT/api/v1/auth/token" \
    "memcached stopped: the 11th wrong password in a minute is refused" \
    -H 'Content-Type: application/json' \
    --data-raw "{\"email\":\"$guesser\",\"password\":\"guess 11\"}"
head_has '^retry-after: [0-9]'
ok $? "... with Retry-After"
memcached_start
ok $? "memcached restarted"
# every_app_ready ROUNDS: number of readyz answers other than 200
every_app_ready() {
	local bad=0 port u
	for _ in $(seq "$1"); do
		for port in "$NGINX_PORT" "$APACHE_PORT"; do
			for u in "center.$BASE_DOMAIN:$port/readyz" \
			    "demo.$BASE_DOMAIN:$port/readyz" \
			    "demo.$BASE_DOMAIN:$port/admin/readyz"; do
				[ "$(fetch "http://$u")" = 200 ] ||
				    bad=$((bad + 1))
			done
		done
	done
	echo "$bad"
}
# A worker that saw the outage retries after its 2 s skip window.
sleep 2.5
every_app_ready 3 >/dev/null
sleep 2.5
bad=$(every_app_ready 6)
[ "$bad" = 0 ]
ok $? "memcached back: every worker of every app is ready again ($bad not)"

ctl tenant state acme suspended >/dev/null
ok $? "soukctl suspends acme"
for port in "$NGINX_PORT" "$APACHE_PORT"; do
	acme="http://acme.$BASE_DOMAIN:$port"
	expect 503 "$acme/" "suspended shop home on port $port"
	body_has 'Temporarily closed'
	ok $? "suspended shop shows the temporarily closed page"
	expect 503 "$acme/p/classic-gift-card" "suspended shop product page"
	expect 503 "$acme/api/v1/products" "suspended shop API"
	head_has '^content-type: application/problem+json'
	ok $? "suspended shop API answers problem+json"
	expect 200 "http://demo.$BASE_DOMAIN:$port/" "other shop unaffected"
done
ctl tenant state acme active >/dev/null
ok $? "soukctl reactivates acme"
expect 200 "http://acme.$BASE_DOMAIN:$NGINX_PORT/" "reactivated shop is open"
# Cached listing pages follow catalog changes at once: a write bumps the
# tenant's catalog_version and drops its host record.
demo="http://demo.$BASE_DOMAIN:$NGINX_PORT"
fetch "$demo/c/gifts" >/dev/null && body_has 'Classic Gift Card'
ok $? "category page cached with the demo catalog"
shopdb "
    UPDATE products SET name = 'Renamed Gift Card'
    WHERE tenant_id = 1 AND slug = 'classic-gift-card';
    UPDATE tenants SET catalog_version = catalog_version + 1 WHERE id = 1"
ctl tenant state demo active >/dev/null	# drops the cached host records
for port in "$NGINX_PORT" "$APACHE_PORT"; do
	fetch "http://demo.$BASE_DOMAIN:$port/c/gifts" >/dev/null &&
	    body_has 'Renamed Gift Card'
	ok $? "port $port: a catalog change shows on the cached page at once"
done
fetch "http://acme.$BASE_DOMAIN:$NGINX_PORT/c/gifts" >/dev/null &&
    body_has 'Classic Gift Card' && ! body_has 'Renamed'
ok $? "the other shop's cached page is untouched"
ctl demo >/dev/null
fetch "$demo/c/gifts" >/dev/null && body_has 'Classic Gift Card' &&
    ! body_has 'Renamed'
ok $? "soukctl demo restores the catalog and the page follows"
tap_done
