#!/bin/sh
# Linux's busy-loop throughput (scripts/bench, section sched): a fixed
# amount of work, a busybox shell loop of septum.busy-n=<n> rounds
# (default 300000), timed by the uptime clock (the counter: it runs on
# while other VMs have the CPU). One line:
#   BUSY-LOOP rounds=<n> ms=<elapsed>
# Natively and in a time partition, the ratio of the two is the share the
# loop got.
n=300000
for w in $(cat /proc/cmdline); do
	case "$w" in septum.busy-n=*) n=${w#septum.busy-n=} ;; esac
done
t0=$(cut -d' ' -f1 /proc/uptime)
i=0
while [ "$i" -lt "$n" ]; do i=$((i + 1)); done
t1=$(cut -d' ' -f1 /proc/uptime)
ms=$(echo "$t0 $t1" | awk '{printf "%d", ($2 - $1) * 1000}')
echo "BUSY-LOOP rounds=$n ms=$ms"
# The figure is scripts/bench's; the check is that there is one.
if [ "$i" -eq "$n" ] && [ "${ms:-0}" -gt 0 ]; then
	echo "TEST busy-loop PASS $n rounds in $ms ms"
else
	echo "TEST busy-loop FAIL $i of $n rounds, '$ms' ms"
fi
# The share of the CPU this Linux got, seen from inside (a time
# partition's scenario bounds it by its windows).
command -v cpushare >/dev/null && cpushare 1000
