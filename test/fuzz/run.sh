#!/usr/bin/env bash
# Fuzzes the configuration input with libFuzzer:
#
#   test/fuzz/run.sh [seconds]      default 60 seconds per target
#
# Builds two targets from test/fuzz/fuzz_partition.c with clang
# (-fsanitize=fuzzer,address,undefined) into build/fuzz/ (or $FUZZ_OUT),
# separately from CMake's gcc build, and runs each for the given time:
#
#   fuzz_partition  the input is a partition DTB, against QEMU virt (GICv3)
#   fuzz_board      the input is a board DTB, with a fixed partition
#
# Seeds: every partition in test/unit/corpus, dts/ and test/integration
# compiled with dtc (placeholder /incbin/ images), QEMU virt's DTBs and
# test/fuzz/bus-board.dts. The working corpora in build/fuzz/corpus-* grow
# from run to run. Fails (exit 1) on any crash, hang (an input taking over
# 10 s), sanitizer report or leak; the input that caused it is saved as
# build/fuzz/crash-*, to replay with build/fuzz/fuzz_<target> <file>.
# Exit 77 if clang or its fuzzer runtime is missing.
set -euo pipefail
secs=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${FUZZ_OUT:-$top/build/fuzz}
cc=${CLANG:-clang}
libfdt=$top/.cache/libfdt
fuzz=$top/test/fuzz

if ! command -v "$cc" >/dev/null; then
	echo "fuzz: $cc not found (Debian: clang)" >&2
	exit 77
fi
mkdir -p "$out"
echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' >"$out/probe.c"
if ! "$cc" -fsanitize=fuzzer "$out/probe.c" -o "$out/probe" 2>/dev/null; then
	echo "fuzz: $cc cannot link -fsanitize=fuzzer (Debian: libclang-rt-14-dev)" >&2
	exit 77
fi
[ -f "$libfdt/fdt.c" ] || { echo "fuzz: run scripts/setup (libfdt)" >&2; exit 2; }

# Fixed inputs: QEMU virt's DTBs and the board-mode partition.
for v in 2 3; do
	[ -s "$out/virt-gicv$v.dtb" ] ||
		qemu-system-aarch64 -M "virt,virtualization=on,gic-version=$v,dumpdtb=$out/virt-gicv$v.dtb" \
			-cpu cortex-a57 -smp 4 -m 2G -nic none -nographic </dev/null >/dev/null 2>&1
done
dtc -q -I dts -O dtb -o "$out/board-mode-partition.dtb" "$fuzz/board-mode-partition.dts"

# Seeds.
seeds_p=$out/seeds-partition seeds_b=$out/seeds-board
rm -rf "$seeds_p" "$seeds_b" "$out/inc"
mkdir -p "$seeds_p" "$seeds_b" "$out/inc" "$out/corpus-partition" "$out/corpus-board"
n=0
for f in "$top"/test/unit/corpus/*.dts "$top"/dts/*.dts "$top"/test/integration/*/partition.dts \
	 "$fuzz/board-mode-partition.dts"; do
	{ grep -o '/incbin/("[^"]*")' "$f" || true; } | sed 's|^/incbin/("\(.*\)")$|\1|' |
		while IFS= read -r name; do
			mkdir -p "$out/inc/$(dirname "$name")"
			printf '\037\040\003\325\037\040\003\325' >"$out/inc/$name"
		done
	n=$((n + 1))
	dtc -q -I dts -O dtb -i "$out/inc" -o "$seeds_p/$n-$(basename "$f" .dts).dtb" "$f"
done
cp "$out"/virt-gicv*.dtb "$seeds_b/"
dtc -q -I dts -O dtb -o "$seeds_b/bus-board.dtb" "$fuzz/bus-board.dts"

# Build. libfdt is third-party: its own warnings are not ours.
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -I "$top/src/include" -I "$top/include" -I "$libfdt"
       -I "$top/src/arch/aarch64/include")
warn=(-Wall -Wextra -Werror -Wno-unused-parameter)
# Every file of src/core/cfg: the configuration input's whole parser.
core=()
for f in "$top"/src/core/cfg/*.c; do core+=("$(basename "$f" .c)"); done
objs=()
for f in "$libfdt"/fdt*.c; do
	o="$out/obj-$(basename "$f" .c).o"
	"$cc" "${flags[@]}" -w -c "$f" -o "$o"
	objs+=("$o")
done
for f in "${core[@]}"; do
	"$cc" "${flags[@]}" "${warn[@]}" -c "$top/src/core/cfg/$f.c" -o "$out/obj-$f.o"
	objs+=("$out/obj-$f.o")
done
"$cc" "${flags[@]}" "${warn[@]}" -c "$top/src/lib/print.c" -o "$out/obj-print.o"
objs+=("$out/obj-print.o")
# cfg_place() places memory with the hypervisor's allocator.
"$cc" "${flags[@]}" "${warn[@]}" -c "$top/src/core/palloc.c" -o "$out/obj-palloc.o"
objs+=("$out/obj-palloc.o")
for t in partition board; do
	"$cc" "${flags[@]}" "${warn[@]}" -DFUZZ_${t^^} \
		-DFUZZ_BOARD_DTB="\"$out/virt-gicv3.dtb\"" \
		-DFUZZ_PARTITION_DTB="\"$out/board-mode-partition.dtb\"" \
		"$fuzz/fuzz_partition.c" "${objs[@]}" -o "$out/fuzz_$t"
done

status=0
for t in partition board; do
	echo "fuzz: $t, $secs s"
	if ! (cd "$out" && "./fuzz_$t" -max_total_time="$secs" -timeout=10 -max_len=65536 \
		-rss_limit_mb=2048 -dict="$fuzz/dtb.dict" -print_final_stats=1 \
		-artifact_prefix="$out/crash-$t-" "corpus-$t" "seeds-$t" >"$out/$t.log" 2>&1); then
		status=1
		echo "fuzz: $t FAILED; the end of $out/$t.log:"
		tail -40 "$out/$t.log"
	fi
	grep -E '^#[0-9]+[[:space:]]+DONE' "$out/$t.log" | tail -1 | sed "s/^/fuzz: $t: /" || true
	grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' \
		"$out/$t.log" | sed "s/^/fuzz: $t: /" || true
done
exit $status
