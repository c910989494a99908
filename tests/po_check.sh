#!/bin/sh
# TAP: every string of the templates and of the C code that people read
# is translated in every shipped language (po/LINGUAS), and po/souk.pot
# is what the sources hold now (run `make update-po` after changing
# them).  A missing, untranslated or fuzzy entry fails the build.
set -u

src=${SOUK_SRCDIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0

ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
	fi
}

"$src/po/update.sh" "$PWD/souk-msgids" "$src" "$tmp" >"$tmp/log" 2>&1
rc=$?
ok $rc "strings extract"
[ $rc -eq 0 ] || sed 's/^/# /' "$tmp/log"
for pot in souk; do
	msgcmp --use-untranslated "$src/po/$pot.pot" "$tmp/$pot.pot" \
		>"$tmp/cmp" 2>&1
	ok $? "po/$pot.pot holds every string of the sources"
	sed 's/^/# /' "$tmp/cmp" | head -20
done
for l in $(cat "$src/po/LINGUAS"); do
	msgcmp "$src/po/$l.po" "$tmp/souk.pot" >"$tmp/cmp" 2>&1
	ok $? "po/$l.po translates every string"
	sed 's/^/# /' "$tmp/cmp" | head -20
	msgfmt --check -o /dev/null "$src/po/$l.po" >"$tmp/cmp" 2>&1
	ok $? "po/$l.po compiles with msgfmt --check"
	sed 's/^/# /' "$tmp/cmp" | head -20
done
echo "1..$n"
exit $fail
