#!/usr/bin/env bash
# Runs the septum-check binary the way a user would, on QEMU virt:
#
#   test/unit/check-septum-check.sh <path to septum-check>
#
# - the valid corpus example: exit 0 and the map shows what each VM gets;
#   with --quiet, no output at all; also against a GICv2 board;
# - broken corpus files: exit 1 and exactly their "// expect:" messages,
#   each prefixed with the file name, on stderr;
# - a file that is not there: exit 2;
# - a board alone (--board, no partition): its console UART, or, exit 2,
#   why Septum refuses it and on which UARTs it says so.
set -u
checker=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
corpus=test/unit/corpus
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

fail() {
	echo "FAIL: $*"
	status=1
}

# expect_output <file> <what> <fixed string>...: each string is in file.
expect_output() {
	local file=$1 what=$2
	shift 2
	for s in "$@"; do
		grep -qF -- "$s" "$file" || fail "$what: no line with: $s"
	done
}

# The valid example.
valid=$corpus/00-valid-everything.dts
"$checker" --qemu "-m 2G" "$valid" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "$valid: exit $rc, expected 0"
[ -s "$tmp/err" ] && fail "$valid: unexpected stderr: $(cat "$tmp/err")"
expect_output "$tmp/out" "$valid" \
	"$valid: 2 VM(s), no problems" \
	"4 CPUs, GICv3, 2 GiB of RAM at 0x40000000..0xbfffffff" \
	"hypervisor image at 0x40200000..0x441fffff (64 MiB: its real size is not known here)" \
	"vCPU 1 -> CPU 1 (MPIDR 0x1)" \
	"memory@40000000  guest 0x40000000..0x41ffffff -> host 0x44200000..0x461fffff  32 MiB, allocated" \
	"memory@0   guest 0x0..0xffffff -> host 0x70000000..0x70ffffff  16 MiB, fixed" \
	"dtb         64 KiB at 0x41ff0000 (the end of the first region)" \
	"gpio             /pl061@9030000" \
	"guest 0x20030000..0x20030fff -> host 0x9030000..0x9030fff" \
	"INTID 39 (guest DT: <0 7 4>)" \
	"INTID 38 (guest DT: <0 6 1>)" \
	"console     guest 0x9000000..0x9000fff (the board UART's address), INTID 33 (guest DT: <0 1 4>), input: yes" \
	"console     guest 0x1c090000..0x1c090fff, INTID 69 (guest DT: <0 37 4>), input: no" \
	"telemetry        peer rtos, 64 KiB at guest 0x7f000000..0x7f00ffff" \
	"doorbell INTID 159 (guest DT: <0 127 1>), chosen by Septum" \
	"doorbell INTID 72 (guest DT: <0 40 1>)"

# The architecture of each VM, the kind of its kernel; an AArch32 VM on
# a CPU without AArch32 at EL1 (QEMU's cortex-a76) refused, its AArch64
# neighbours not.
f=$corpus/53-arch-aarch32-thumb-entry.dts
"$checker" --qemu "-m 2G" "$f" >"$tmp/out" 2>"$tmp/err"
expect_output "$tmp/err" "$f" \
	"$f: /t32bad/kernel: entry: 0x40000002: not 4-byte aligned"
cat > "$tmp/a32.dts" <<'DTS'
/dts-v1/;
/ {
	compatible = "septum,partition";
	#address-cells = <2>;
	#size-cells = <2>;
	a32 {
		compatible = "septum,vm";
		#address-cells = <2>;
		#size-cells = <2>;
		arch = "aarch32";
		cpus = <0>;
		memory@40000000 { reg = <0x0 0x40000000 0x0 0x1000000>; };
		kernel { image = [00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
				  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
				  18 28 6f 01 00 00 00 00]; };
	};
	a64 {
		compatible = "septum,vm";
		#address-cells = <2>;
		#size-cells = <2>;
		cpus = <1>;
		memory@40000000 { reg = <0x0 0x40000000 0x0 0x1000000>; };
		kernel { image = [00 00 00 14]; };
	};
};
DTS
"$checker" --qemu "-m 2G" "$tmp/a32.dts" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "a32.dts on cortex-a57: exit $rc: $(cat "$tmp/err")"
expect_output "$tmp/out" "a32.dts" \
	"arch        AArch32 (EL1 in AArch32, SVC mode at entry)" \
	"kernel      32-bit Linux zImage, 44 bytes" \
	"arch        AArch64"
"$checker" --qemu "-m 2G -cpu cortex-a76" "$tmp/a32.dts" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "a32.dts on cortex-a76: exit $rc, expected 1"
expect_output "$tmp/err" "a32.dts on cortex-a76" \
	"$tmp/a32.dts: /a32: arch: \"aarch32\": CPU 0 (cpu@0, \"arm,cortex-a76\") has no AArch32 at EL1" \
	"1 problem; refused: /a32; would start: /a64"

# Which build: the board's CPUs choose it (QEMU's 32-bit virt with a
# Cortex-A15: arm32), --arch or the Septum image's header (--image) name
# it. An AArch64 Septum or VM kernel for an ARMv7-A board, an arm32
# Septum on a core without AArch32 at EL2 or on a GICv3: refused by name.
sed -e 's/kernel { image = \[00 00 00 14\]; };/kernel { image = [00 00 00 14 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 41 52 4d 64 00 00 00 00]; };/' \
	"$tmp/a32.dts" >"$tmp/a64img.dts"
"$checker" --qemu "" --arch arm32 "$tmp/a64img.dts" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "an arm64 Image for arm32: exit $rc, expected 1"
expect_output "$tmp/err" "an arm64 Image for arm32" \
	"$tmp/a64img.dts: /a64/kernel: image: an arm64 Linux Image (\"ARM\\x64\" at 0x38) cannot run in an AArch32 VM" \
	"refused: /a64; would start: /a32"
printf '\0%.0s' $(seq 1 36) >"$tmp/z.img"; printf '\x18\x28\x6f\x01' >>"$tmp/z.img"
head -c 24 /dev/zero >>"$tmp/z.img"
printf '\0%.0s' $(seq 1 56) >"$tmp/a.img"; printf 'ARM\x64\0\0\0\0' >>"$tmp/a.img"
qemu-system-arm -M virt,virtualization=on,dumpdtb="$tmp/v7.dtb" -cpu cortex-a15 -smp 2 \
	-m 1G -nic none -nographic >/dev/null 2>&1
"$checker" --board "$tmp/v7.dtb" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "ARMv7-A board alone: exit $rc: $(cat "$tmp/err")"
expect_output "$tmp/out" "ARMv7-A board alone" \
	"build       arm32: the ARMv7-A Septum in HYP mode, AArch32 VMs"
for how in "--arch aarch64" "--image $tmp/a.img"; do
	"$checker" --board "$tmp/v7.dtb" $how >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || fail "ARMv7-A board, $how: exit $rc, expected 1"
	expect_output "$tmp/err" "ARMv7-A board, $how" \
		"$tmp/v7.dtb: /cpus/cpu@0: compatible: \"arm,cortex-a15\": an ARMv7-A core, no AArch64: the AArch64 Septum cannot run on it (use the arm32 build)"
done
"$checker" --board "$tmp/v7.dtb" --image "$tmp/z.img" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "ARMv7-A board, arm32 image: exit $rc: $(cat "$tmp/err")"
qemu-system-aarch64 -M virt,virtualization=on,dumpdtb="$tmp/a76.dtb" -cpu cortex-a76 \
	-m 1G -nic none -nographic >/dev/null 2>&1
"$checker" --board "$tmp/a76.dtb" --image "$tmp/z.img" "$tmp/a32.dts" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "arm32 image on cortex-a76: exit $rc, expected 1"
expect_output "$tmp/err" "arm32 image on cortex-a76" \
	"/cpus/cpu@0: compatible: \"arm,cortex-a76\": no AArch32 at EL2: the arm32 (ARMv7-A, HYP mode) Septum cannot run on it (use the AArch64 build)" \
	"the board does not suit this build: no VM starts"
"$checker" --qemu "gic-version=3" --arch arm32 "$tmp/a32.dts" >"$tmp/out" 2>"$tmp/err"
expect_output "$tmp/err" "arm32 on GICv3" \
	"GIC: GICv3: the arm32 (ARMv7-A, HYP mode) Septum drives a GICv2 only (use the AArch64 build)"
"$checker" --board "$tmp/v7.dtb" --image "$tmp/v7.dtb" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "--image of a DTB: exit $rc, expected 2"
expect_output "$tmp/err" "--image of a DTB" "not a Septum image"

"$checker" --quiet --qemu "-m 2G" "$valid" >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "$valid --quiet: exit $rc, expected 0"
[ -s "$tmp/out" ] && fail "$valid --quiet: printed: $(cat "$tmp/out")"

"$checker" --qemu "gic-version=2 -smp 4 -m 2G" "$valid" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "$valid on GICv2: exit $rc: $(cat "$tmp/err")"
expect_output "$tmp/out" "$valid on GICv2" "4 CPUs, GICv2"

# Broken ones: exactly the expected messages.
for f in $corpus/07-device-given-twice.dts $corpus/13-device-shares-page.dts \
	 $corpus/29-channel-peer-lacks-it.dts $corpus/41-bad-partition.dts \
	 $corpus/44-vm-compatible-misspelt.dts $corpus/50-dma-needs-identity.dts; do
	"$checker" --quiet --qemu "-m 2G" "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || fail "$f: exit $rc, expected 1"
	[ -s "$tmp/out" ] && fail "$f: unexpected stdout: $(cat "$tmp/out")"
	sed -n "s|^// expect: |$f: |p" "$f" >"$tmp/want"
	diff -u "$tmp/want" "$tmp/err" >"$tmp/diff" || fail "$f: messages differ:
$(cat "$tmp/diff")"
done

# Without --quiet, a summary follows the messages.
f=$corpus/02-cpu-given-twice.dts
"$checker" --qemu "-m 2G" "$f" >"$tmp/out" 2>"$tmp/err"
expect_output "$tmp/err" "$f" \
	"$f: /beta: cpus: 1: physical CPU already given to /alpha" \
	"$f: 1 problem; refused: /beta; would start: /alpha"

# A VM identity-mapped at RAM base (test/integration/uboot-guest): where
# QEMU -kernel puts Septum it cannot be; with --load where firmware puts it
# instead, it can.
f=test/integration/uboot-guest/partition.dts
"$checker" --quiet "$f" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "$f: exit $rc, expected 1"
expect_output "$tmp/err" "$f" \
	"$f: /uboot/memory@40000000: host-address: 0x40000000..0x4fffffff: overlaps the hypervisor (0x40200000..0x441fffff)"
"$checker" --load 0x50000000 "$f" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "$f --load 0x50000000: exit $rc: $(cat "$tmp/err")"
expect_output "$tmp/out" "$f --load 0x50000000" \
	"hypervisor image at 0x50000000..0x53ffffff" \
	"memory@40000000  guest 0x40000000..0x4fffffff -> host 0x40000000..0x4fffffff  256 MiB, fixed" \
	"dtb         64 KiB at 0x40000000"
grep -qF "boot DTB" "$tmp/out" && fail "$f --load 0x50000000: still assumes QEMU's boot DTB"
"$checker" --load 0x50000001 "$f" >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] || fail "--load not 2 MiB aligned: exit $rc, expected 2"

# A VM with QEMU's virtio transports (DMA-capable): its RAM is
# identity-mapped and the report says it is trusted, and why each device
# counts or not.
f=$tmp/dma.dts
cat >"$f" <<'EOF'
/dts-v1/;
/ {
	compatible = "septum,partition";
	#address-cells = <2>;
	#size-cells = <2>;
	linux {
		compatible = "septum,vm";
		#address-cells = <2>;
		#size-cells = <2>;
		cpus = <0>;
		memory@50000000 { reg = <0x0 0x50000000 0x0 0x10000000>; };
		kernel { image = [1f 20 03 d5]; };
		devices {
			rtc { path = "/pl031@9010000"; };
			v0 { path = "/virtio_mmio@a000000"; };
			v1 { path = "/virtio_mmio@a000200"; dma = "no"; };
			v2 { path = "/virtio_mmio@a000400"; };
			v3 { path = "/virtio_mmio@a000600"; };
			v4 { path = "/virtio_mmio@a000800"; };
			v5 { path = "/virtio_mmio@a000a00"; };
			v6 { path = "/virtio_mmio@a000c00"; };
			v7 { path = "/virtio_mmio@a000e00"; };
		};
	};
};
EOF
"$checker" "$f" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "$f: exit $rc: $(cat "$tmp/err")"
expect_output "$tmp/out" "$f" \
	"memory@50000000  guest 0x50000000..0x5fffffff -> host 0x50000000..0x5fffffff  256 MiB, identity-mapped for DMA" \
	"trusted     its DMA-capable devices (/virtio_mmio@a000000, /virtio_mmio@a000400, /virtio_mmio@a000600, /virtio_mmio@a000800, /virtio_mmio@a000a00, /virtio_mmio@a000c00, /virtio_mmio@a000e00) can reach all of physical memory (no IOMMU)" \
	"DMA: no (not a known bus master)" \
	"DMA: no (dma = \"no\" in the partition)" \
	"DMA: yes (dma-coherent in the board DT)"

"$checker" "$tmp/no-such-file.dtb" >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] || fail "a missing file: exit $rc, expected 2"

# The board alone (--board, no partition), on Debian's DTBs of real boards
# (scripts/fetch-linux): its console UART, or why Septum refuses it, in
# Septum's own words, and where Septum says so.
dtbs=.cache/linux/dtbs
[ -s $dtbs/bcm2711-rpi-4-b.dtb ] || fail "$dtbs: no board DTBs (run scripts/fetch-linux)"

f=$dtbs/zynqmp-zcu102-rev1.0.dtb
"$checker" --board $f >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "--board $f: exit $rc, expected 0: $(cat "$tmp/err")"
expect_output "$tmp/out" "--board $f" \
	"owns the GIC /axi/interrupt-controller@f9010000 and the console UART /axi/serial@ff000000 (0xff000000, INTID 53)" \
	"console     Cadence UART: left as set if the firmware enabled it, else Septum enables it at 8N1 and the baud rate it has (the DT gives no fixed reference clock)"

# As Debian ships it, the Pi's memory node is empty (its firmware fills it).
f=$dtbs/bcm2711-rpi-4-b.dtb
"$checker" --board $f >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "--board $f: exit $rc, expected 2"
printf '%s\n' "$f: /: memory: missing (no node with device_type \"memory\")" \
	"$f: the board device tree is not usable: Septum halts and says so on /soc/serial@7e215040 (BCM2835 mini-UART at 0xfe215040)" >"$tmp/want"
diff -u "$tmp/want" "$tmp/err" >"$tmp/diff" || fail "--board $f: messages differ:
$(cat "$tmp/diff")"

# Its stdout-path made to name no UART, as in the board-refused scenario,
# whose expectations of Septum's console must match these very lines.
f=$tmp/pi-no-console.dtb
cp $dtbs/bcm2711-rpi-4-b.dtb "$f"
fdtput -t s "$f" /chosen stdout-path /soc/gpio@7e200000
fdtput -t x "$f" /memory@0 reg 0 0 0x40000000
"$checker" --board "$f" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "--board pi-no-console.dtb: exit $rc, expected 2"
printf '%s\n' "$f: /chosen: stdout-path: \"/soc/gpio@7e200000\": compatible \"brcm,bcm2711-gpio\": not a UART Septum drives (arm,pl011, brcm,bcm2835-aux-uart, ns16550a, ns16550, snps,dw-apb-uart, cdns,uart-r1p12, xlnx,xuartps or fsl,imx6q-uart)" \
	"$f: the board device tree is not usable: Septum halts and says so on /soc/serial@7e201000 (PL011 at 0xfe201000), /soc/serial@7e215040 (BCM2835 mini-UART at 0xfe215040)" >"$tmp/want"
diff -u "$tmp/want" "$tmp/err" >"$tmp/diff" || fail "--board pi-no-console.dtb: messages differ:
$(cat "$tmp/diff")"
scenario=test/integration/board-refused/scenario.conf
python3 - "$scenario" "$f" "$tmp/err" <<'PY' || fail "$scenario: does not expect septum-check's words"
import re, sys
conf, prefix, err = sys.argv[1:]
rx = {l.rstrip("\n").split(" ", 2)[2] for l in open(conf) if l.startswith("expect-count 2 ^septum: ")}
lines = [l.rstrip("\n")[len(prefix) + 2:] for l in open(err)]
said = ["septum: board: " + lines[0], "septum: halted: " + lines[1].split(": Septum")[0]]
sys.exit(0 if all(any(re.search(r, s) for r in rx) for s in said) else 1)
PY

# The i.MX 8M Plus EVK as shipped: its console is the i.MX UART2.
f=$dtbs/imx8mp-evk.dtb
"$checker" --board $f >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "--board $f: exit $rc, expected 0"
expect_output "$tmp/out" "--board $f" \
	"console     i.MX UART: its receiver turned on"

# ... with UARTs Septum has no driver for (all four made Renesas SCIFs):
# it halts without a word unless the image names an earlycon.
f=$tmp/imx8mp-no-uart.dtb
cp $dtbs/imx8mp-evk.dtb "$f"
for u in 30860000 30880000 30890000 30a60000; do
	fdtput -t s "$f" /soc@0/bus@30800000/spba-bus@30800000/serial@$u compatible renesas,scif 2>/dev/null ||
		fdtput -t s "$f" /soc@0/bus@30800000/serial@$u compatible renesas,scif
done
"$checker" --board $f >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "--board $f: exit $rc, expected 2"
expect_output "$tmp/err" "--board $f" \
	"$f: /chosen: stdout-path: \"/soc@0/bus@30800000/serial@30890000\": compatible \"renesas,scif\": not a UART Septum drives" \
	"$f: the board device tree is not usable: Septum halts without a word: it drives no UART of this device tree (name one with scripts/pack.py --earlycon)"

# Time partitions: each scheduled CPU's frame as a timeline, each VM's
# share; a bad schedule's message, file first.
f=test/integration/sched-two-vms/partition.dts
"$checker" -i build/aarch64/guests --qemu "-smp 1" "$f" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || fail "$f: exit $rc: $(cat "$tmp/err")"
expect_output "$tmp/out" "$f" \
	"CPU 0: major frame 1000 us, 2 window(s), 0 slack vCPU(s)" \
	"  |AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBBBB|" \
	"  A alpha/0  0..600 us (60.0 %)" \
	"VM alpha: 60.0 % of CPU 0" \
	"VM beta: 40.0 % of CPU 0"
f=test/integration/sched-refused/partition.dts
"$checker" -i build/aarch64/guests --quiet --qemu "-smp 4" "$f" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "$f: exit $rc, expected 1"
expect_output "$tmp/err" "$f" \
	"$f: /schedule/cpu@1: windows: <delta 0 500 500>: overlaps <gamma 0 0 600>" \
	"$f: /zeta: cpus: 3: listed twice (a CPU that runs more than one vCPU needs /schedule/cpu@3)"

[ $status -eq 0 ] && echo "PASS septum-check"
exit $status
