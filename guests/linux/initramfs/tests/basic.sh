#!/bin/sh
# Basic checks of a Linux guest: CPUs, interrupts, time, affinity. One line
# per check: TEST <check> PASS|FAIL|SKIP <detail>; INFO lines are context.
# Reads from the kernel command line: septum.cpus=<n> (else nproc is only
# printed); septum.uart-input=1: prompt "SEPTUM-LINUX-INPUT?" and read a
# line from the console, to see the UART's receive interrupt count. Times are guest time, from /proc/uptime (10 ms resolution).

pass() { echo "TEST $1 PASS $2"; }
fail() { echo "TEST $1 FAIL $2"; }
skip() { echo "TEST $1 SKIP $2"; }
now() { read -r t _ </proc/uptime; echo "$t"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
between() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x >= lo && x <= hi) }'; }
# irqs <pattern>: the total count (all CPUs) of the /proc/interrupts lines
# whose description matches.
irqs() {
	awk -v pat="$1" -v n="$(nproc)" '
		NR > 1 && $0 ~ pat { for (i = 2; i <= n + 1; i++) s += $i; found = 1 }
		END { if (found) print s + 0 }' /proc/interrupts
}

n=$(nproc)
want=
input=
for w in $(cat /proc/cmdline); do
	case "$w" in
	septum.cpus=*) want=${w#septum.cpus=} ;;
	septum.uart-input=*) input=${w#septum.uart-input=} ;;
	esac
done
echo "INFO cpus=$n online=$(cat /sys/devices/system/cpu/online)" \
     "mem_kib=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
echo "INFO cmdline: $(cat /proc/cmdline)"

# 1. CPUs
if [ -z "$want" ]; then
	skip nproc "nproc=$n (no septum.cpus= given)"
elif [ "$n" = "$want" ]; then
	pass nproc "nproc=$n"
else
	fail nproc "nproc=$n expected $want"
fi

# 2. Interrupts: the arch timer ticks; the UART's interrupt is registered
# and, with septum.uart-input=1, counts when a line arrives. (Output alone
# does not interrupt on QEMU: its PL011 transmit FIFO is never full, so the
# driver never waits for TX interrupts.)
sed -n '1p; /arch_timer/p; /uart\|pl011\|ttyAMA/p; /IPI/p' /proc/interrupts | sed 's/^/INFO irq /'
t0=$(irqs arch_timer)
sleep 1
t1=$(irqs arch_timer)
if [ -z "$t0" ]; then
	fail irq-timer "no arch_timer line in /proc/interrupts"
elif [ "$t1" -gt "$t0" ]; then
	pass irq-timer "arch_timer $t0 -> $t1 over sleep 1"
else
	fail irq-timer "arch_timer did not count: $t0 -> $t1"
fi
u0=$(irqs 'uart|pl011')
if [ -z "$u0" ]; then
	fail irq-uart "no uart/pl011 line in /proc/interrupts"
elif [ "$input" = 1 ]; then
	# Blocks until a line arrives: the harness answers this prompt.
	echo "SEPTUM-LINUX-INPUT? type a line"
	read -r line
	u1=$(irqs 'uart|pl011')
	if [ "$u1" -gt "$u0" ]; then
		pass irq-uart "uart $u0 -> $u1 receiving '$line'"
	else
		fail irq-uart "uart did not count: $u0 -> $u1 receiving '$line'"
	fi
else
	pass irq-uart "uart registered, count $u0 (septum.uart-input=1 checks it counts)"
fi

# 3. sleep 2 takes at least 2 s of guest time (the timer never fires
# early). This runs in host time, where a busy host can wake the vCPU
# late by any amount, so the upper bound only catches a timer that never
# fires.
a=$(now); sleep 2; b=$(now)
d=$(elapsed "$a" "$b")
if between "$d" 1.9 30.0; then
	pass sleep "sleep 2 took ${d}s"
else
	fail sleep "sleep 2 took ${d}s (want 1.9-30.0)"
fi

# 4. Affinity: a busy loop pinned on each CPU, all at once; each reports
# the CPU it ran on (/proc/self/stat field 39) after spinning.
rm -f /tmp/cpu.*
cpu=0
while [ "$cpu" -lt "$n" ]; do
	taskset -c "$cpu" sh -c '
		i=0; while [ $i -lt 20000 ]; do i=$((i + 1)); done
		awk "{ print \$39 }" /proc/self/stat >/tmp/cpu.'"$cpu" &
	cpu=$((cpu + 1))
done
a=$(now); wait; b=$(now)
cpu=0
while [ "$cpu" -lt "$n" ]; do
	on=$(cat "/tmp/cpu.$cpu" 2>/dev/null)
	if [ "$on" = "$cpu" ]; then
		pass "taskset-cpu$cpu" "busy loop ran on cpu $on"
	else
		fail "taskset-cpu$cpu" "busy loop pinned to cpu $cpu ran on '${on:-?}'"
	fi
	cpu=$((cpu + 1))
done
echo "INFO $n pinned busy loops took $(elapsed "$a" "$b")s together"

# 5. Interrupt-heavy: 200 sleeps of 10 ms, each ended by a timer interrupt.
t0=$(irqs arch_timer)
a=$(now)
i=0
while [ $i -lt 200 ]; do usleep 10000; i=$((i + 1)); done
b=$(now)
t1=$(irqs arch_timer)
d=$(elapsed "$a" "$b")
# At least the 2 s asked for; the upper bound only catches a hang (each
# usleep is a fork and exec, slow under emulation).
if between "$d" 2.0 30.0 && [ $((t1 - t0)) -ge 200 ]; then
	pass usleep-200 "200 x usleep 10000 took ${d}s, $((t1 - t0)) timer interrupts"
else
	fail usleep-200 "200 x usleep 10000 took ${d}s (want 2.0-30.0), $((t1 - t0)) timer interrupts (want >= 200)"
fi
