#!/usr/bin/env bash
# End-to-end HTTP tests through nginx AND Apache to the real FastCGI
# programs, MariaDB and memcached of the dev stack.  Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

pages() {	# pages SERVER PORT
	local s=$1 p=$2 demo="http://demo.$BASE_DOMAIN:$2" \
	    acme="http://acme.$BASE_DOMAIN:$2"

	expect 200 "$demo/" "$s: demo home"
	body_has "Demo Outfitters" && ! body_has "Acme Hardware"
	ok $? "$s: demo home shows demo's name only"
	body_has '<style>:root { --brand: #1f6feb; }</style>' &&
	    head_has "^content-security-policy: .*style-src 'self' 'sha256-"
	ok $? "$s: demo home carries demo's theme colour"
	head_has '^content-security-policy: .*frame-ancestors' &&
	    head_has '^x-content-type-options: nosniff' &&
	    head_has '^referrer-policy:' && head_has '^x-request-id:'
	ok $? "$s: security headers and request id"
	fetch "$demo/" -H 'X-Request-Id: e2e-trace-42' >/dev/null
	head_has '^x-request-id: e2e-trace-42'
	ok $? "$s: a sane X-Request-Id is kept"
	expect 200 "$acme/" "$s: acme home"
	body_has "Acme Hardware" && ! body_has "Demo Outfitters"
	ok $? "$s: acme home shows acme's name only"

	expect 200 "$demo/c/gifts" "$s: category page"
	body_has 'aria-current="page">Gifts' && body_has '/p/classic-gift-card'
	ok $? "$s: category page lists its products"
	expect 200 "$demo/c/new-arrivals" "$s: paginated category"
	body_has 'rel="next" href="?page=2"' && ! body_has 'rel="prev"'
	ok $? "$s: first page links to the next only"
	expect 200 "$demo/c/new-arrivals?page=2" "$s: category page 2"
	body_has 'rel="prev" href="?page=1"'
	ok $? "$s: second page links back"
	expect 404 "$demo/c/new-arrivals?page=99" "$s: page past the end"
	# the page cache cannot be poisoned: a GET body is ignored, and
	# only canonical queries are cached
	expect 200 "$demo/c/new-arrivals" "$s: GET with a form body" \
	    -H 'Content-Type: application/x-www-form-urlencoded' --data-raw \
	    'page=2' -X GET
	! body_has 'rel="prev"'
	ok $? "$s: a GET body does not change the page"
	expect 200 "$demo/c/new-arrivals?page=02" "$s: non-canonical page"
	expect 200 "$demo/c/new-arrivals" "$s: plain category page after"
	body_has 'rel="next" href="?page=2"' && ! body_has 'rel="prev"'
	ok $? "$s: the cached first page is still the first page"
	expect 404 "$demo/c/no-such-category" "$s: unknown category"

	expect 200 "$demo/p/classic-gift-card" "$s: demo product page"
	body_has 'Demo Outfitters' && body_has '\$' && body_has 'SKU-0041'
	ok $? "$s: demo product has demo's name, dollars, its SKU"
	expect 200 "$acme/p/classic-gift-card" "$s: same slug at acme"
	body_has 'Acme Hardware' && body_has '€' && ! body_has 'Demo Outfitters'
	ok $? "$s: acme's product of the same slug is acme's"
	expect 404 "$demo/p/no-such-product" "$s: unknown product"
	expect 404 "$demo/p/Bad_Slug" "$s: malformed slug is no product"
	fetch "$demo/p/no-such-product" >/dev/null
	body_has 'could not find'
	ok $? "$s: 404 is an HTML page with a clear message"
	expect 200 "$demo/static/storefront/site.css" "$s: static css"
	head_has '^content-type: text/css'
	ok $? "$s: static css content type"
	expect 200 "$demo/media/1/classic-gift-card.svg" "$s: product image"
	head_has '^content-type: image/svg+xml'
	ok $? "$s: image content type"
}

json_api() {	# json_api SERVER PORT
	local s=$1 demo="http://demo.$BASE_DOMAIN:$2" \
	    acme="http://acme.$BASE_DOMAIN:$2" cursor="" ids="" n=0 page id

	expect 200 "$demo/api/v1/products?limit=5" "$s: api list"
	[ "$(json 'j.items.length' <"$E2E_TMP/body")" = 5 ] &&
	    [ "$(json 'j.next_cursor !== null' <"$E2E_TMP/body")" = true ]
	ok $? "$s: api list has 5 items and a next cursor"
	json 'Object.keys(j.items[0]).join(",")' <"$E2E_TMP/body" |
	    grep -q 'id,slug,sku,name,description,price,currency'
	ok $? "$s: api items carry id, slug, name, price…"
	while :; do
		fetch "$demo/api/v1/products?limit=7${cursor:+&cursor=$cursor}" \
		    >/dev/null
		page=$(json 'j.items.map(i=>i.id).join(" ")' <"$E2E_TMP/body")
		ids="$ids $page"
		n=$((n + 1))
		cursor=$(json 'j.next_cursor' <"$E2E_TMP/body")
		[ "$cursor" = null ] || [ $n -gt 20 ] && break
	done
	# shellcheck disable=SC2086 # split the id list on purpose
	set -- $ids
	[ $# = 50 ] && [ "$(printf '%s\n' "$@" | sort -u | wc -l)" = 50 ]
	ok $? "$s: following cursors yields 50 distinct products ($# seen)"
	id=$1
	expect 200 "$demo/api/v1/products/$id" "$s: api product"
	[ "$(json 'j.id' <"$E2E_TMP/body")" = "$id" ]
	ok $? "$s: api product has the id asked for"
	expect 404 "$acme/api/v1/products/$id" "$s: demo's product id at acme"
	head_has '^content-type: application/problem+json'
	ok $? "$s: foreign id answers problem+json"
	fetch "$acme/api/v1/products?limit=100" >/dev/null
	! json 'j.items.map(i=>i.id).join(" ")' <"$E2E_TMP/body" |
	    tr ' ' '\n' | grep -qx "$id"
	ok $? "$s: acme's list never shows demo's products"
	for bad in 0 101 abc -1 1.5; do
		expect 400 "$demo/api/v1/products?limit=$bad" "$s: limit=$bad"
	done
	[ "$(json 'j.errors[0].field' <"$E2E_TMP/body")" = limit ] &&
	    [ "$(json 'j.status' <"$E2E_TMP/body")" = 400 ]
	ok $? "$s: problem+json names the bad field"
	expect 400 "$demo/api/v1/products?cursor=zz" "$s: bad cursor"
	expect 200 "$demo/api/v1/products?limit=2&unknown=1" \
	    "$s: undeclared parameters are dropped"
	expect 404 "$demo/api/v1/products/0" "$s: id 0"
	expect 404 "$demo/api/v1/nothing" "$s: unknown api path"
	head_has '^content-type: application/problem+json'
	ok $? "$s: unknown api path answers problem+json"
}

errors() {	# errors SERVER PORT
	local s=$1 demo="http://demo.$BASE_DOMAIN:$2"

	expect 404 "http://nobody.$BASE_DOMAIN:$2/" "$s: unknown host"
	! body_has 'Demo Outfitters' && ! body_has 'Acme Hardware' &&
	    body_has 'no shop at this address'
	ok $? "$s: unknown host page names no tenant"
	expect 400 "$demo/?q=%zz" "$s: malformed query"
	expect 400 "$demo/c/gifts?page=%E0%80" "$s: invalid UTF-8 in query"
	expect 400 "$demo/c/gifts?page=0" "$s: page out of range"
	head -c 2000000 /dev/zero >"$E2E_TMP/big"
	expect 413 "$demo/api/v1/products" "$s: oversized body" \
	    -X POST -H 'Content-Type: application/json' \
	    --data-binary @"$E2E_TMP/big"
	expect 405 "$demo/api/v1/products" "$s: wrong method" -X DELETE
	head_has '^allow: GET, HEAD'
	ok $? "$s: 405 says which methods are allowed"
	[ "$(curl -s -I -o /dev/null -w '%{http_code} %{size_download}' \
	    "$demo/")" = "200 0" ]
	ok $? "$s: HEAD answers headers only"
}

apps() {	# apps SERVER PORT
	local s=$1 p=$2

	expect 200 "http://demo.$BASE_DOMAIN:$p/healthz" "$s: storefront healthz"
	expect 200 "http://demo.$BASE_DOMAIN:$p/readyz" "$s: storefront readyz"
	expect 303 "http://center.$BASE_DOMAIN:$p/" "$s: center sends strangers to sign in"
	head_has '^location: /login'
	ok $? "$s: ... to /login"
	expect 200 "http://center.$BASE_DOMAIN:$p/login" "$s: center sign-in page"
	body_has 'Center Control'
	ok $? "$s: center serves its own layout"
	expect 200 "http://center.$BASE_DOMAIN:$p/healthz" "$s: center healthz"
	expect 200 "http://center.$BASE_DOMAIN:$p/readyz" "$s: center readyz"
	expect 303 "http://demo.$BASE_DOMAIN:$p/admin/" \
	    "$s: backoffice dashboard without a session"
	expect 200 "http://demo.$BASE_DOMAIN:$p/admin/login" \
	    "$s: backoffice sign-in page"
	body_has 'Demo Outfitters · Backoffice'
	ok $? "$s: backoffice serves its own layout for its shop"
	expect 301 "http://demo.$BASE_DOMAIN:$p/admin" "$s: /admin redirects"
	expect 200 "http://demo.$BASE_DOMAIN:$p/admin/healthz" \
	    "$s: backoffice healthz"
	expect 200 "http://demo.$BASE_DOMAIN:$p/admin/readyz" \
	    "$s: backoffice readyz"
	health "$s" "$p"
}

# Health details are for operators: loopback's 127.0.0.1 (health_allow)
# or the health token; 127.0.0.2 stands for anybody else.
health() {	# health SERVER PORT
	local s=$1 p=$2 u="http://demo.$BASE_DOMAIN:$2/readyz"
	local tok
	tok=$(sed -n 's/^health_token_file *= *//p' "$SOUK_CONF" | xargs cat)

	[ "$(fetch "$u")" = 200 ] && body_has '"memcached": *"ok"' &&
	    body_has '"cache_refused"' && head_has '^cache-control: no-store'
	ok $? "$s: readyz gives an operator's address the details, no-store"
	[ "$(fetch "$u" --interface 127.0.0.2)" = 200 ] &&
	    [ "$(jb 'Object.keys(j).join()')" = status ] &&
	    jb 'j.status=="ready"' | grep -qx true
	ok $? "$s: readyz tells anybody else ready or not, nothing more"
	[ "$(fetch "$u" --interface 127.0.0.2 \
	    -H "Authorization: Bearer $tok")" = 200 ] &&
	    body_has '"database": *"ok"'
	ok $? "$s: ... unless they hold the health token"
	[ "$(fetch "$u" --interface 127.0.0.2 \
	    -H "Authorization: Bearer x$tok")" = 200 ] &&
	    ! body_has database
	ok $? "$s: ... the right one"
	fetch "http://center.$BASE_DOMAIN:$p/healthz" >/dev/null
	head_has '^cache-control: no-store'
	ok $? "$s: healthz is not cached"
}

# A verified custom domain reaches its shop; a pending one does not.
custom_domains() {
	shopdb "
	    INSERT INTO tenant_domains (tenant_id, host, status)
	    VALUES (2, 'www.acme-tools.test', 'verified'),
	           (2, 'pending.acme-tools.test', 'pending')
	    ON DUPLICATE KEY UPDATE status = VALUES(status)"
	ok $? "custom domains added for acme"
}

custom_domain_pages() {	# custom_domain_pages SERVER PORT
	expect 200 "http://127.0.0.1:$2/p/classic-gift-card" \
	    "$1: verified custom domain" -H 'Host: www.acme-tools.test'
	body_has 'Acme Hardware'
	ok $? "$1: custom domain serves acme's product"
	expect 404 "http://127.0.0.1:$2/" "$1: pending custom domain" \
	    -H 'Host: pending.acme-tools.test'
}

custom_domains
for server in "nginx:$NGINX_PORT" "apache:$APACHE_PORT"; do
	custom_domain_pages "${server%%:*}" "${server#*:}"
	pages "${server%%:*}" "${server#*:}"
	json_api "${server%%:*}" "${server#*:}"
	errors "${server%%:*}" "${server#*:}"
	apps "${server%%:*}" "${server#*:}"
done
tap_done
