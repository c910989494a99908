#!/bin/sh
# Extract every translatable string into the .pot files and merge them
# into the translations: run by `make update-po`.
#   po/update.sh MSGIDS SRCDIR [OUTDIR]
# MSGIDS is the built souk-msgids; with OUTDIR only the .pot files are
# written there (the tests compare them with po/, nothing else changes).
set -eu

msgids=$1 src=$2 out=${3:-}
langs=$(cat "$src/po/LINGUAS")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# pot NAME "template dirs" "C files": one domain's catalog template
pot() {
	name=$1 dirs=$2 cfiles=$3
	(cd "$src" && "$msgids" $dirs) | msguniq --force-po --no-wrap -o "$tmp/t.pot"
	(cd "$src" && xgettext --force-po --from-code=UTF-8 --no-wrap -k -kN_ -kreq_trf:2 \
		--add-comments=TRANSLATORS -o "$tmp/c.pot" $cfiles)
	if [ -f "$tmp/c.pot" ]; then
		# xgettext's header first and alone (no "#-#-#-#-#" merges)
		msgcat --force-po --no-wrap --sort-by-file --use-first \
			-o "$tmp/$name.pot" "$tmp/c.pot" "$tmp/t.pot"
	else
		msgcat --force-po --no-wrap --sort-by-file -o "$tmp/$name.pot" "$tmp/t.pot"
	fi
	rm -f "$tmp/t.pot" "$tmp/c.pot"
}

shop_c=$(cd "$src" && find src -name '*.c' ! -path 'src/center/*' | sort)
center_c=$(cd "$src" && find src/center -name '*.c' | sort)
pot souk "templates/storefront templates/backoffice templates/services" \
	"$shop_c"
pot souk-center "templates/center" "$center_c"

if [ -n "$out" ]; then
	cp "$tmp/souk.pot" "$tmp/souk-center.pot" "$out/"
	exit 0
fi
cp "$tmp/souk.pot" "$src/po/souk.pot"
cp "$tmp/souk-center.pot" "$src/po/center/souk-center.pot"
for l in $langs; do
	if [ -f "$src/po/$l.po" ]; then
		msgmerge --quiet --no-wrap --update --backup=none \
			"$src/po/$l.po" "$src/po/souk.pot"
		msgattrib --no-obsolete --no-wrap -o "$src/po/$l.po" \
			"$src/po/$l.po"
	else
		msginit --no-translator --no-wrap --locale="$l" \
			-i "$src/po/souk.pot" -o "$src/po/$l.po"
	fi
done
