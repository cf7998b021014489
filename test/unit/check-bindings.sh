#!/usr/bin/env bash
# Checks partition descriptions against their dt-schema binding,
# dts/bindings/septum,partition.yaml.
#
#   test/unit/check-bindings.sh [file.dts ...]
#
# Without arguments it checks dts/*.dts and test/integration/*/partition.dts,
# except the scenarios named bad-* (deliberately invalid: the schema must
# reject them, which scripts/test checks with --expect-fail).
# First the binding itself is checked with dt-doc-validate, then each file
# is compiled with dtc and validated with dt-validate. Guest images are not
# needed: every /incbin/ gets a small placeholder file, since the schema
# only looks at the image's type, not its content.
#
# Prints "PASS <file>" or "FAIL <file>" (followed by the tools' messages)
# per file. Exit status: 0 all passed, 1 something failed, 2 a tool is
# missing. dt-validate exits 0 even when it reports problems, so any output
# from it other than the schema match counts as a failure; so does a file
# the binding's select did not match (root compatible not
# "septum,partition").
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
bindings="$top/dts/bindings"
schema="$bindings/septum,partition.yaml"
schema_id="http://devicetree.org/schemas/septum,partition.yaml#"

for tool in dtc dt-validate dt-doc-validate; do
	if ! command -v "$tool" >/dev/null; then
		echo "check-bindings: $tool not found (Debian: device-tree-compiler, dt-schema)" >&2
		exit 2
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

rel() {
	case "$1" in
	"$top"/*) echo "${1#"$top"/}" ;;
	*) echo "$1" ;;
	esac
}

report() {	# report <file> <ok> <messages file>
	if [ "$2" = yes ]; then
		echo "PASS $(rel "$1")"
	else
		echo "FAIL $(rel "$1")"
		sed 's/^/    /' "$3"
		status=1
	fi
}

# The binding itself.
ok=yes
dt-doc-validate -u "$bindings" "$schema" >"$tmp/log" 2>&1 || ok=no
[ -s "$tmp/log" ] && ok=no
report "$schema" "$ok" "$tmp/log"

if [ $# -gt 0 ]; then
	files=("$@")
else
	shopt -s nullglob
	files=("$top"/dts/*.dts)
	for f in "$top"/test/integration/*/partition.dts; do
		case "$f" in */bad-*/partition.dts) ;; *) files+=("$f") ;; esac
	done
	shopt -u nullglob
fi

n=0
for f in "${files[@]}"; do
	n=$((n + 1))
	inc="$tmp/inc$n"
	dtb="$tmp/file$n.dtb"
	mkdir -p "$inc"
	: >"$tmp/log"

	# One placeholder per /incbin/("name"), non-empty: an empty image
	# would be a boolean property, which the binding rejects.
	grep -o '/incbin/("[^"]*")' "$f" 2>>"$tmp/log" |
		sed 's|^/incbin/("\(.*\)")$|\1|' |
		while IFS= read -r name; do
			mkdir -p "$inc/$(dirname "$name")"
			printf '\037\040\003\325' >"$inc/$name"	# AArch64 NOP
		done

	ok=yes
	# A partition's interrupts are in the board GIC's format and it has
	# no interrupt-parent: dtc's interrupts_property check does not apply.
	if ! dtc -I dts -O dtb -Wno-interrupts_property -i "$inc" -o "$dtb" "$f" \
		>>"$tmp/log" 2>&1; then
		ok=no
	else
		# dtc warnings count too: [ -s log ] below.
		dt-validate -M -s "$bindings" -l septum,partition "$dtb" \
			>"$tmp/out" 2>&1 || ok=no
		# Keep everything but the two lines saying the root matched.
		grep -q "^$dtb: /: matched on schema(s)\$" "$tmp/out" ||
			{ ok=no; echo "root node not matched by $schema_id" >>"$tmp/log"; }
		grep -v -x -F -e "$dtb: /: matched on schema(s)" -e "	$schema_id" \
			"$tmp/out" | sed "s|$dtb|$(rel "$f")|g" >>"$tmp/log"
		[ -s "$tmp/log" ] && ok=no
	fi
	report "$f" "$ok" "$tmp/log"
done

exit $status
