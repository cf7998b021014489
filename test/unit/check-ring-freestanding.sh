#!/usr/bin/env bash
# Compiles include/septum/ring.h the way a bare-metal or RTOS guest does:
# freestanding C11, no libc headers beyond the compiler's own, general
# registers only, strict alignment, -pedantic, warnings as errors; then
# checks that the object needs nothing but memcpy and memset and that the
# counters go through load-acquire / store-release.
#
#   test/unit/check-ring-freestanding.sh <aarch64 gcc> <objdump>
set -eu
cc=$1
objdump=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/guest.c" <<'C'
#include <septum/ring.h>

int guest_ring(void *region, void *buf);
int guest_ring(void *region, void *buf)
{
	struct septum_chan ch;
	int r = septum_chan_init(region, 0x4000, 1);

	if (septum_chan_attach(&ch, region, 0x4000, 1))
		return -1;
	r |= septum_chan_ready(&ch);
	r |= septum_chan_send(&ch, buf, 100);
	r |= septum_chan_peek_len(&ch);
	r |= septum_chan_recv(&ch, buf, 100);
	r |= septum_chan_discard(&ch);
	return r | septum_chan_space(&ch) | septum_chan_pending(&ch);
}
C
"$cc" -std=c11 -pedantic -ffreestanding -nostdlib -nostdinc -isystem "$("$cc" -print-file-name=include)" \
      -mgeneral-regs-only -mstrict-align -O2 -Wall -Wextra -Werror -Wshadow -Wcast-align \
      -Wstrict-prototypes -Wmissing-prototypes -I"$top/include" -c "$tmp/guest.c" -o "$tmp/guest.o"
undef=$("$objdump" -t "$tmp/guest.o" | awk '$2 == "*UND*" || $4 == "*UND*" { print $NF }' | sort -u | tr '\n' ' ')
for sym in $undef; do
	case $sym in memcpy|memset|guest.c) ;; *) echo "FAIL: needs $sym"; exit 1 ;; esac
done
"$objdump" -d "$tmp/guest.o" > "$tmp/guest.dis"
grep -q 'ldar' "$tmp/guest.dis" || { echo "FAIL: no ldar"; exit 1; }
grep -q 'stlr' "$tmp/guest.dis" || { echo "FAIL: no stlr"; exit 1; }
echo "ring.h: freestanding aarch64 OK (needs: ${undef:-nothing})"
