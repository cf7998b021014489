#!/bin/sh
# The health monitor from Linux (septum.wdog=1 on the command line, a
# watchdog in the VM's partition node): sp805_wdt bound to the VM's SP805,
# busybox's watchdog daemon pinging it; then the kernel crashes
# (sysrq c). Nothing pings any more: Septum sees the watchdog missed and
# applies the VM's on-fault policy. One line per check.
pass() { echo "TEST $1 PASS $2"; }
fail() { echo "TEST $1 FAIL $2"; }

if grep -q '^sp805_wdt ' /proc/modules; then
	pass wdog-module "sp805_wdt loaded"
else
	fail wdog-module "sp805_wdt not in /proc/modules"
fi
id=$(cat /sys/class/watchdog/watchdog0/identity 2>/dev/null)
case "$id" in
*sp805*) pass wdog-device "$id, timeout $(cat /sys/class/watchdog/watchdog0/timeout) s" ;;
*) fail wdog-device "watchdog0 identity '$id'" ;;
esac
if pidof watchdog >/dev/null; then
	pass wdog-daemon "busybox watchdog pid $(pidof watchdog)"
else
	fail wdog-daemon "no watchdog daemon"
fi
state=$(cat /sys/class/watchdog/watchdog0/state 2>/dev/null)
[ "$state" = active ] && pass wdog-active "state $state" || fail wdog-active "state '$state'"
# Let the daemon ping a few times: still alive means the pings work.
sleep 3
pass wdog-alive "uptime $(cut -d' ' -f1 /proc/uptime) s after its pings"
echo "SEPTUM-WDOG crashing the kernel (sysrq c)"
# (The console is one line: let these lines out before the kernel's.)
sleep 1
echo 1 >/proc/sys/kernel/sysrq
echo c >/proc/sysrq-trigger
fail wdog-crash "still running after sysrq c"
