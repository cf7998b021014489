#!/bin/sh
# Sleeps straight after boot, with nothing else running: each wait ends
# only by a timer interrupt, so a lost virtual timer interrupt hangs here.
# One line per check: TEST <check> PASS|FAIL <detail>.
now() { read -r t _ </proc/uptime; echo "$t"; }
timer_irqs() { awk '/arch_timer/ { s = 0; for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) s += $i; print s; exit }' /proc/interrupts; }

for i in 1 2 3 4 5; do
	t0=$(now)
	sleep 1
	t1=$(now)
	if awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a >= 0.99) }'; then
		echo "TEST sleep-$i PASS slept $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s; timer irqs $(timer_irqs)"
	else
		echo "TEST sleep-$i FAIL woke after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
	fi
done
t0=$(now)
usleep 200000
t1=$(now)
if awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a >= 0.19) }'; then
	echo "TEST usleep PASS"
else
	echo "TEST usleep FAIL woke after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
fi
