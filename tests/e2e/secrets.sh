#!/usr/bin/env bash
# Each program holds the secrets it uses and no other's: the storefront
# starts without the master key, the seal key or the two-factor key, and
# its database user cannot read Center's API keys; the FastCGI sockets
# are not open to every local user (who could claim any REMOTE_ADDR).
# Prints TAP.
set -u
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

ETC=$(dirname "$SOUK_CONF")

# keys_of PROGRAM: the last "keys:" line the program logged at start
keys_of() {
	grep -h "program=$1 .*keys: master" "$E2E_TOP"/var/log/*.log 2>/dev/null |
	    tail -n 1
}

line=$(keys_of storefront)
[[ $line == *"master no, seal no, totp no, session yes"* ]]
ok $? "the storefront runs without the master, seal and two-factor keys"
line=$(keys_of backoffice)
[[ $line == *"master no, seal yes, totp yes, session yes"* ]]
ok $? "the backoffice has the seal and two-factor keys, not the master key"
line=$(keys_of services)
[[ $line == *"master no, seal yes, totp no"* ]]
ok $? "the services have the seal key alone"

# section PROGRAM: the keys souk.conf gives that program alone
section() {
	awk -v s="[$1]" '/^\[/ { on = ($0 == s); next } on && /=/ { print $1 }' \
	    "$SOUK_CONF"
}
! section storefront | grep -Eq \
    '^(master_key_file|seal_key_file|totp_key_file|center_api_secret_file)$' &&
    ! grep -Eq '^(master_key_file|seal_key_file|center_api_secret_file) *=' \
    <(sed '/^\[/,$d' "$SOUK_CONF")
ok $? "souk.conf names no master, seal or Center secret for the storefront"

sf_pw=$(head -n 1 "$ETC/storefront_db.secret")
err=$(mariadb --socket="$DB_SOCKET" -usouk_storefront -p"$sf_pw" -N \
    -e 'SELECT COUNT(*) FROM souk_center.api_keys' 2>&1)
[[ $err == *denied* ]]
ok $? "the storefront's database user cannot read Center's API keys"
[ "$(mariadb --socket="$DB_SOCKET" -usouk_storefront -p"$sf_pw" -N \
    -e 'SELECT COUNT(*) > 0 FROM souk_shop.tenants' 2>&1)" = 1 ]
ok $? "... and reads the shops"
shop_pw=$(head -n 1 "$ETC/shop_db.secret")
[ "$(mariadb --socket="$DB_SOCKET" -usouk_shop -p"$shop_pw" -N \
    -e 'SELECT COUNT(*) > 0 FROM souk_center.api_keys' 2>&1)" = 1 ]
ok $? "the backoffice's user reads them (it verifies Center's calls)"

bad=$(find "$(dirname "$DB_SOCKET")" -name '*.sock' ! -name 'mysql.sock' \
    -perm -o=w)
[ -z "$bad" ] && [ -n "$(find "$(dirname "$DB_SOCKET")" -name \
    'storefront.sock')" ]
ok $? "no FastCGI socket is writable by other users ($bad)"

[ "$(ctl keys reseal 2>&1)" = \
    "0 secrets resealed under their purpose keys" ]
ok $? "every stored secret is sealed under its purpose key"

tap_done
