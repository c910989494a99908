#!/usr/bin/env bash
# Center's enterprise sign-in (OpenID Connect, code flow with PKCE)
# against a real provider on loopback (tests/fakes/oidc: npm
# oidc-provider, whose development login form takes any login).  Curl
# plays the browser: Center -> provider -> login form -> Center.
# Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=$(date +%s)-$$
PW='a long enough passphrase'
SUPPORT="sso-support-$RUN@example.com"
OWNER="sso-owner-$RUN@example.com"
printf '%s\n' "$PW" | ctl admin create --email "$SUPPORT" --role support \
    --name 'Sam Support' >/dev/null
printf '%s\n' "$PW" | ctl admin create --email "$OWNER" --role owner \
    >/dev/null

# sso BASE JAR LOGIN [STATE]: the whole flow; the last answer's status is
# printed, its URL is in $E2E_TMP/url, its body and head as fetch keeps
# them.  STATE replaces the state Center sent (to tamper with it).
sso() {
	local base=$1 jar=$2 login=$3 loc page act
	rm -f "$jar"
	loc=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" \
	    "$base/login/oidc")
	[[ $loc == http://127.0.0.1:$OIDC_PORT/auth\?* ]] || { echo "no-auth"; return; }
	if [ -n "${4:-}" ]; then loc=$(sed "s/state=[0-9a-f]*/state=$4/" <<<"$loc"); fi
	page=$(curl -s -L -c "$jar" -b "$jar" "$loc")
	act=$(sed -n 's/.*<form[^>]*action="\([^"]*\)".*/\1/p' <<<"$page" | head -n 1)
	[ -n "$act" ] || { echo "no-form"; return; }
	curl -s -L -c "$jar" -b "$jar" -D "$E2E_TMP/head" -o "$E2E_TMP/body" \
	    -w '%{url_effective}\n%{http_code}' --data-urlencode prompt=login \
	    --data-urlencode "login=$login" --data-urlencode password=any \
	    "$act" >"$E2E_TMP/url.code"
	head -n 1 "$E2E_TMP/url.code" >"$E2E_TMP/url"
	tail -n 1 "$E2E_TMP/url.code"
}

for server in nginx:$NGINX_PORT apache:$APACHE_PORT; do
	s=${server%%:*}
	C="http://center.$BASE_DOMAIN:${server#*:}"
	J=$E2E_TMP/jar-$s
	expect 200 "$C/login" "$s: the sign-in page"
	body_has 'href="/login/oidc"' && body_has 'Sign in with the dev identity provider'
	ok $? "$s: ... offers single sign-on"
	fetch "$C/login/oidc" -c "$J.0" >/dev/null
	where=$(loc)
	[[ $where == *code_challenge_method=S256* && $where == *code_challenge=* &&
	    $where == *nonce=* && $where == *state=* && $where == *scope=openid%20email* ]]
	ok $? "$s: the authorization request has PKCE (S256), state and nonce"
	head_has '^set-cookie: souk_center_oidc=[0-9a-f.]*; Path=/login/oidc; HttpOnly; SameSite=Lax'
	ok $? "$s: the flow's secrets are in an HttpOnly cookie scoped to /login/oidc"

	[ "$(sso "$C" "$J" "$SUPPORT")" = 200 ] &&
	    [ "$(cat "$E2E_TMP/url")" = "$C/" ] && body_has 'Sam Support (support)'
	ok $? "$s: an admin signs in through the provider and lands on the dashboard"
	head_has '^set-cookie: souk_center_oidc=; Path=/login/oidc; HttpOnly; SameSite=Lax; Max-Age=0'
	ok $? "$s: ... and the flow's cookie is cleared"
	sid=$(cookie_of "$J" souk_center)
	[[ $sid =~ ^sa_[0-9a-f]{64}$ ]]
	ok $? "$s: ... with a session cookie"
	grep -q "caller=admin:[0-9]* route=oidc.callback" "$LOG_DIR/center.log" ||
	    grep -q "caller=admin:[0-9]* route=oidc.callback" "$LOG_DIR/apache-error.log"
	ok $? "$s: the callback's log line names the admin"

	# The provider's test accounts: the login is the subject, its
	# lower case the e-mail.  Another subject with the same e-mail is
	# another account of the provider: the first sign-in pinned this one.
	[ "$(sso "$C" "$J" "${SUPPORT^^}")" = 403 ] &&
	    body_has 'another account of the identity provider' &&
	    ! awk '$6 == "souk_center" { f = 1 } END { exit !f }' "$J"
	ok $? "$s: another account of the provider with the admin's e-mail is refused, no session"
	[ "$(sso "$C" "$J" "$SUPPORT")" = 200 ] &&
	    [ "$(cat "$E2E_TMP/url")" = "$C/" ]
	ok $? "$s: the pinned account signs in again"

	[ "$(sso "$C" "$J" "stranger-$RUN@example.com")" = 403 ] &&
	    body_has 'no active admin with that e-mail'
	ok $? "$s: an e-mail that is no admin's is refused (no self-registration)"
	! awk '$6 == "souk_center" { f = 1 } END { exit !f }' "$J"
	ok $? "$s: ... and gets no session"

	[ "$(sso "$C" "$J" "$SUPPORT" "$(printf '%032d' 7)")" = 400 ] &&
	    body_has 'That sign-in had expired'
	ok $? "$s: a callback whose state is not the flow's is refused"

	[ "$(sso "$C" "$J" "$OWNER")" = 200 ] &&
	    [ "$(cat "$E2E_TMP/url")" = "$C/account/2fa" ]
	ok $? "$s: an owner without two-factor goes on to set it up"
done

# The callback answered once is not answered again: the code is spent
# and the flow cookie is gone.
C="http://center.$BASE_DOMAIN:$NGINX_PORT"
J=$E2E_TMP/jar-replay
sso "$C" "$J" "$SUPPORT" >/dev/null
cb=$(grep -o "$C/login/oidc/callback?[^[:space:]]*" "$E2E_TMP/head" | head -n 1)
[ -n "$cb" ]
ok $? "the provider sent the browser back with a code"
expect 400 "$cb" "the same callback again (its code is spent) is refused" \
    -b "$J"
! head_has '^set-cookie: souk_center=sa_'
ok $? "... and starts no session"
rm -f "$J.x"
printf 'center.%s\tFALSE\t/login/oidc\tFALSE\t0\tsouk_center_oidc\t%s\n' \
    "$BASE_DOMAIN" "$(printf '%032d.%032d.%064d' 1 2 3)" >"$J.x"
expect 400 "$cb" "... also with a forged flow cookie" -b "$J.x"
expect 401 "$C/login/oidc/callback?error=access_denied&state=x" \
    "the provider's refusal is shown, not a session"
tap_done
