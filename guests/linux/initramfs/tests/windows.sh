#!/bin/sh
# Measurement windows for a real-time guest next to this Linux, driven by
# a harness that watches this console and types into the other guest's
# (scripts/xendemo: the RTOS under Xen, where there is no Septum channel):
#
#   WINDOW-START <name>   the harness starts a window (RTOS: "reset")
#   WINDOW-END <name>     ... and ends it (RTOS: "report")
#
# Two windows of septum.window-s=<n> seconds (default 5): "idle", then
# "loaded" with /demo/stress.sh running (a busy loop on each vCPU and a
# dd through the page cache, as in the demo). TEST load-busy: each vCPU
# was at least 90% busy in the loaded window.
s=5
for w in $(cat /proc/cmdline); do
	case "$w" in septum.window-s=*) s=${w#septum.window-s=} ;; esac
done
cpu_times() {
	awk '/^cpu[01] /{printf "%d %d ", $2+$3+$4+$7+$8, $5+$6}' /proc/stat
}
sleep 1
echo "WINDOW-START idle"
sleep "$s"
echo "WINDOW-END idle"
sleep 1
/demo/stress.sh start >/dev/null
sleep 1
t0=$(cpu_times)
echo "WINDOW-START loaded"
sleep "$s"
echo "WINDOW-END loaded"
t1=$(cpu_times)
/demo/stress.sh stop >/dev/null
sleep 1
busy=$(echo $t0 $t1 | awk '{for (i = 0; i < 2; i++) {
	b = $(5 + 2 * i) - $(1 + 2 * i); d = $(6 + 2 * i) - $(2 + 2 * i);
	printf "%d ", b + d ? 100 * b / (b + d) : 0 }}')
if [ "$(echo $busy | awk '{print ($1 >= 90 && $2 >= 90)}')" = 1 ]; then
	echo "TEST load-busy PASS vCPUs busy in the loaded window: $busy(%)"
else
	echo "TEST load-busy FAIL vCPUs busy in the loaded window: $busy(%), want >= 90 each"
fi
