#!/bin/sh
# Septum channels from Linux: the septum_chan driver and the septum-chan
# tool against bare-metal ipcping peers (test/integration/ipc-linux):
#   link   to a VM running role=pong (echoes; "WAIT ms" delays the echo)
#   bulk   to a VM running role=sink (counts, checks, answers QUIT with SUMM);
#          optional: without it the throughput figures are skipped.
# One line per check: TEST <check> PASS|FAIL|SKIP <detail>; the tool
# prints its own TEST and BENCH lines. Kernel command line:
#   septum.ipc-count=<n>   messages of the echo test (default 10000)
#   septum.ipc-cycles=<n>  load/unload cycles (default 20)

pass() { echo "TEST $1 PASS $2"; }
fail() { echo "TEST $1 FAIL $2"; }
ko=/lib/modules/septum_chan.ko
count=10000
cycles=20
for w in $(cat /proc/cmdline); do
	case "$w" in
	septum.ipc-count=*) count=${w#septum.ipc-count=} ;;
	septum.ipc-cycles=*) cycles=${w#septum.ipc-cycles=} ;;
	esac
done

# The doorbells this VM rang under earlier loads of the module (pong
# checks at QUIT that it took no more doorbell interrupts than that).
rung=0
tally() {
	r=$(septum-chan info link | sed -n 's/.* rings=\([0-9]*\) .*/\1/p')
	rung=$((rung + ${r:-0}))
}
# Waits up to 15 s for the peer of channel $1 to initialise its half.
peer_ready() {
	i=0
	while [ $i -lt 150 ]; do
		septum-chan info "$1" | grep -q ' peer_ready=1' && return 0
		usleep 100000
		i=$((i + 1))
	done
	return 1
}
# kB of memory in use: MemTotal - MemFree after dropping caches, not
# counting free pages parked on the per-CPU lists (/proc/zoneinfo).
mem_used() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	echo 1 >/proc/sys/vm/compact_memory 2>/dev/null
	pcp=$(awk '$1 == "count:" { s += $2 } END { print s * 4 }' /proc/zoneinfo)
	awk -v pcp="$pcp" '/^MemTotal:/ { t = $2 } /^MemFree:/ { f = $2 }
		END { print t - f - pcp }' /proc/meminfo
}
meminfo() {
	awk '/^(Slab|SUnreclaim|VmallocUsed|Percpu):/ { printf "%s%s ", $1, $2 }' /proc/meminfo
}
# Active objects in kmalloc-1k, where the channel structure and its
# misc device's struct device are allocated.
kmalloc_objs() {
	awk '$1 == "kmalloc-1k" { print $2 }' /proc/slabinfo 2>/dev/null
}
# slab_growth <before> <after>: caches whose active objects grew by >= 5.
slab_growth() {
	awk 'NR == FNR { a[$1] = $2; next }
	     $1 in a && $2 - a[$1] >= 5 { printf "%s+%d ", $1, $2 - a[$1] }' "$1" "$2"
}
# Lets frees deferred past an RCU grace period (device and kobject
# teardown) happen and drops reclaimable caches, before a measurement.
settle() {
	sync
	sleep 1
	echo 2 >/proc/sys/vm/drop_caches 2>/dev/null
	sleep 1
}
gone() {	# no device, no interrupt, no module
	[ ! -e /dev/septum/link ] && ! grep -q septum- /proc/interrupts &&
		! grep -q '^septum_chan ' /proc/modules
}

if [ ! -f $ko ] || ! command -v septum-chan >/dev/null; then
	fail ipc-files "no $ko or septum-chan in the initramfs"
	exit 0
fi
echo "INFO $(modinfo $ko 2>/dev/null | grep -E '^(vermagic|license):' | tr '\n' ' ')"

# 1. Load; the device node and the doorbell interrupt appear.
if insmod $ko test_hooks=1; then
	pass ipc-insmod "test_hooks=1; tainted=$(cat /proc/sys/kernel/tainted)"
else
	fail ipc-insmod "insmod $ko failed"
	exit 0
fi
dmesg | grep -i 'septum' | sed 's/^/INFO dmesg: /'
if [ -c /dev/septum/link ]; then
	pass ipc-devnode "$(ls -l /dev/septum | tail -n +2 | awk '{ printf "%s ", $NF }')"
else
	fail ipc-devnode "no /dev/septum/link: $(ls /dev/septum 2>&1)"
	exit 0
fi
if grep -q 'septum-link' /proc/interrupts; then
	pass ipc-irq-registered "$(grep septum- /proc/interrupts | tr -s ' ' | tr '\n' ';')"
else
	fail ipc-irq-registered "no septum-link in /proc/interrupts"
fi
if peer_ready link; then
	pass ipc-peer-ready "$(septum-chan info link | head -n 1)"
else
	fail ipc-peer-ready "pong never initialised its half: $(septum-chan info link | head -n 1)"
	exit 0
fi

# 2. Error paths, the echo test, blocking, mmap, round trips.
septum-chan errors-test link
septum-chan echo-test link -n "$count"
septum-chan poll-test link -w 200
septum-chan mmap-test link
dmesg | grep -iE 'abort|SIGBUS|unhandled' | tail -n 4 | sed 's/^/INFO dmesg: /'
septum-chan echo-test link -n 100
septum-chan rtt link -n 1000 -s 16

# 3. Throughput to the sink, if there is one.
if [ -c /dev/septum/bulk ] && peer_ready bulk; then
	septum-chan bench bulk -s 64 -n 20000
	septum-chan bench bulk -s 4096 -n 2000
else
	echo "INFO no sink on channel bulk: no throughput figures"
fi

# Until process $1 has $2 open and sleeps (blocked in it), at most 10 s:
# a fixed pause is not enough on a loaded machine in host time.
wait_blocked() {
	i=0
	while [ $i -lt 200 ]; do
		for f in /proc/$1/fd/*; do
			[ "$(readlink "$f" 2>/dev/null)" = "$2" ] &&
				[ "$(cut -d' ' -f3 /proc/$1/stat 2>/dev/null)" = S ] &&
				return 0
		done
		usleep 50000
		i=$((i + 1))
	done
	return 1
}

# 4. A module in use cannot be removed.
septum-chan recv link -n 1 -t 10000 >/dev/null &
reader=$!
wait_blocked $reader /dev/septum/link || echo "INFO reader $reader not blocked in /dev/septum/link after 10 s"
if rmmod septum_chan 2>/dev/null; then
	fail ipc-rmmod-busy "rmmod succeeded with /dev/septum/link open"
	wait $reader
	exit 0
fi
pass ipc-rmmod-busy "rmmod refused while a reader has /dev/septum/link open"
kill $reader
wait $reader
septum-chan info link | tail -n 1 | sed 's/^/INFO stats: /'
tally
rmmod septum_chan

# 4b. Unbind the device with files open: a reader blocked in it fails
# with ENODEV, so does a later read on another open file, the node and
# the interrupt go at once, the last close frees it, and the kernel logs
# no oops or warning. Binding again brings the channel back.
kernel_trouble() { dmesg | grep -ciE 'oops|BUG:|WARNING:|refcount_t'; }
insmod $ko
drv=/sys/bus/platform/drivers/septum-chan
pdev=
for d in $drv/*; do
	[ -f "$d/of_node/label" ] &&
		[ "$(tr -d '\0' <"$d/of_node/label")" = link ] && pdev=$(basename "$d")
done
if [ -z "$pdev" ] || ! peer_ready link; then
	fail ipc-unbind-open "no platform device for link under $drv"
else
	trouble0=$(kernel_trouble)
	exec 3</dev/septum/link
	septum-chan recv link -n 1 -t 10000 >/dev/null 2>/tmp/unbind.err &
	reader=$!
	wait_blocked $reader /dev/septum/link ||
		echo "INFO reader $reader not blocked in /dev/septum/link after 10 s"
	echo "$pdev" >$drv/unbind
	wait $reader
	rc=$?
	dd bs=65536 count=1 <&3 >/dev/null 2>/tmp/unbind.dd
	ddrc=$?
	left=$( [ -e /dev/septum/link ] && echo node; grep -q septum-link /proc/interrupts && echo irq)
	exec 3<&-
	settle
	trouble=$(( $(kernel_trouble) - trouble0 ))
	if [ $rc != 0 ] && grep -q 'No such device' /tmp/unbind.err &&
	   [ $ddrc != 0 ] && grep -q 'No such device' /tmp/unbind.dd &&
	   [ -z "$left" ] && [ $trouble = 0 ]; then
		pass ipc-unbind-open "blocked reader: $(cat /tmp/unbind.err); open file: $(head -n 1 /tmp/unbind.dd); node and irq gone; kernel log clean"
	else
		fail ipc-unbind-open "reader rc=$rc '$(cat /tmp/unbind.err)', dd rc=$ddrc '$(head -n 1 /tmp/unbind.dd)', left: $left, new oops/warnings: $trouble"
	fi
	echo "$pdev" >$drv/bind
	if [ -c /dev/septum/link ] && peer_ready link &&
	   septum-chan echo-test link -n 20 -m 256 >/tmp/rebind; then
		pass ipc-rebind "bound again: /dev/septum/link back, echo works"
	else
		fail ipc-rebind "after bind: $(ls /dev/septum 2>&1) $(cat /tmp/rebind 2>/dev/null | tail -n 2)"
	fi
	tally
fi
rmmod septum_chan

# 5. Load and unload $cycles times; the peer keeps echoing across loads
# (the driver resumes its initialised half) and nothing is left behind.
bad=0
base_mem=
base_objs=
i=1
while [ $i -le "$cycles" ]; do
	insmod $ko || { bad=$((bad + 1)); break; }
	if [ ! -c /dev/septum/link ] || ! grep -q septum-link /proc/interrupts; then
		echo "INFO cycle $i: no device or interrupt"
		bad=$((bad + 1))
	fi
	septum-chan echo-test link -n 20 -m 256 >/tmp/cycle || {
		cat /tmp/cycle
		bad=$((bad + 1))
	}
	tally
	rmmod septum_chan || { bad=$((bad + 1)); break; }
	if ! gone; then
		echo "INFO cycle $i: left behind: $(ls /dev/septum 2>&1) $(grep septum /proc/interrupts /proc/modules)"
		bad=$((bad + 1))
	fi
	if [ $i = 1 ]; then
		settle
		base_mem=$(mem_used)
		base_objs=$(kmalloc_objs)
		cp /proc/slabinfo /tmp/slab1 2>/dev/null
		echo "INFO after cycle 1: used=${base_mem}kB kmalloc_objs=$base_objs $(meminfo)"
	fi
	i=$((i + 1))
done
settle
end_mem=$(mem_used)
end_objs=$(kmalloc_objs)
cp /proc/slabinfo /tmp/slab2 2>/dev/null
echo "INFO slab caches grown: $(slab_growth /tmp/slab1 /tmp/slab2)"
echo "INFO after cycle $cycles: used=${end_mem}kB kmalloc_objs=$end_objs $(meminfo)"
if [ $bad = 0 ]; then
	pass ipc-load-unload "$cycles cycles: device, interrupt and module gone after each; echo works after each load"
else
	fail ipc-load-unload "$bad problem(s) in $cycles cycles"
fi
# Each load allocates 160 kB of bounce buffers (2 x 16 kB for link, 2 x
# 64 kB for bulk: 3 MB over 19 cycles if leaked) and, in kmalloc-1k, a
# channel structure and a struct device per channel (38 objects).
grow=$((end_mem - base_mem))
objs=$((end_objs - base_objs))
# Frees the kernel defers (RCU callbacks, workqueues) lag on a busy host:
# measure again, up to 10 times a second apart, before calling it a leak.
# A real one (38 objects and 3 MB over 19 cycles) does not go away.
tries=0
while [ "$cycles" -ge 10 ] && { [ $grow -ge 512 ] || [ $objs -ge 10 ]; } && [ $tries -lt 10 ]; do
	sleep 1
	settle
	end_mem=$(mem_used)
	end_objs=$(kmalloc_objs)
	grow=$((end_mem - base_mem))
	objs=$((end_objs - base_objs))
	tries=$((tries + 1))
done
[ $tries = 0 ] || echo "INFO leak check measured again $tries time(s) (deferred frees)"
what="memory in use +${grow} kB, kmalloc-1k objects +$objs over $((cycles - 1)) cycles"
if [ "$cycles" -lt 10 ]; then
	echo "INFO only $cycles cycles: $what"
elif [ $grow -lt 512 ] && [ $objs -lt 10 ]; then
	pass ipc-no-leak "$what"
else
	fail ipc-no-leak "$what"
fi

# 6. Loaded without test_hooks: the test hooks are refused; end pong's run.
insmod $ko
peer_ready link || fail ipc-peer-ready-again "peer not ready after reload"
septum-chan errors-test link
septum-chan mmap-test link
septum-chan echo-test link -n 100
septum-chan quit link -r $rung
rmmod septum_chan
exit 0
