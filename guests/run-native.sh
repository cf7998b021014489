#!/bin/sh
# Runs every test guest natively on QEMU virt (no hypervisor, guest at EL1
# or, on arm32, PL1 in SVC mode; QEMU's own PSCI) and checks each ends with
# "DONE <guest> ... failed=0". Septum-only checks print SKIP natively.
# Usage:
#   guests/run-native.sh [guest-dir]             (default build/aarch64/guests)
#   ARCH=arm32 guests/run-native.sh [guest-dir]  (default build/arm32/guests)
# ARCH=aarch64 runs qemu-system-aarch64 -cpu cortex-a57 on GICv3; ARCH=arm32
# qemu-system-arm -cpu cortex-a15 on GICv2. QEMU_CPU and QEMU_MACHINE
# override the CPU model and the machine, e.g. QEMU_CPU=cortex-a7 or
# QEMU_MACHINE=virt,gic-version=3,virtualization=on (the guests then drop
# from EL2/HYP to EL1/SVC themselves and use SMC for PSCI).
set -u
arch=${ARCH:-aarch64}
case "$arch" in
aarch64) qemu=qemu-system-aarch64 cpu=cortex-a57 gic=3 ;;
arm32) qemu=qemu-system-arm cpu=cortex-a15 gic=2 ;;
*) echo "ARCH must be aarch64 or arm32" >&2; exit 2 ;;
esac
dir=${1:-build/$arch/guests}
cpu=${QEMU_CPU:-$cpu}
machine=${QEMU_MACHINE:-virt,gic-version=$gic}
status=0

# timers (1 ms deadlines) and the RTOS's deadlines hold in virtual time
# only: a busy host stalls TCG. They run under -icount, as in their
# scenarios.
run() {	# run <guest> <smp> <bootargs> [more QEMU options]
	out=$(timeout 60 $qemu -M "$machine" -cpu "$cpu" ${4:-} \
		-nic none -nographic -m 256M -smp "$2" \
		-kernel "$dir/$1.bin" -append "done=off $3" 2>&1 | tr -d '\r')
	done_line=$(printf '%s\n' "$out" | grep "^DONE $1 ")
	case "$done_line" in
	*" failed=0")
		echo "ok   $done_line" ;;
	*)
		echo "FAIL $1: ${done_line:-no DONE line}"
		printf '%s\n' "$out" | grep -E 'FAIL|FATAL' | sed 's/^/     /'
		status=1 ;;
	esac
}

run smp 2 ""
run memtest 1 ""
run fault 1 "probe=0x60000000,0x0c000000"
run victim 1 "rounds=3"
run reset 1 ""
run hvc 1 ""
run heartbeat 1 "beats=3"
run bench 1 ""
run hello 1 ""
run gic 2 ""
run timers 1 "" "-icount shift=0,sleep=off"
run irqlat 1 ""
run flood 1 ""
run ipcping 1 ""
run rtosctl 1 ""
run rtos 1 "run-ms=3000 report-ms=1000" "-icount shift=0,sleep=off"
# echo waits for console input: test/integration's console scenarios.
exit $status
