#!/bin/sh
# Runs every test guest natively on QEMU virt (no hypervisor, guest at EL1,
# QEMU's own PSCI) and checks each ends with "DONE <guest> ... failed=0".
# Septum-only checks print SKIP natively. Usage:
#   guests/run-native.sh [guest-dir]     (default build/aarch64/guests)
# QEMU_MACHINE overrides the machine, e.g. virt,gic-version=3,virtualization=on
# (the guests then drop from EL2 to EL1 themselves and use SMC for PSCI).
set -u
dir=${1:-build/aarch64/guests}
machine=${QEMU_MACHINE:-virt,gic-version=3}
status=0

run() {	# run <guest> <smp> <bootargs>
	out=$(timeout 60 qemu-system-aarch64 -M "$machine" -cpu cortex-a57 \
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
exit $status
