#!/bin/sh
# The modules the initramfs carries, on a machine that gives Linux no Septum
# channel (a native boot, or a VM without one): Debian's virtio and ext4
# modules load in order; septum_chan.ko, built out of tree for this kernel
# (its vermagic names `uname -r`), loads, registers its platform driver,
# binds no device and makes no /dev/septum, and unloads again; the kernel
# log gains no oops or warning. One line per check: TEST <check>
# PASS|FAIL <detail>.
kmod=/lib/modules/kernel
ko=/lib/modules/septum_chan.ko
drv=/sys/bus/platform/drivers/septum-chan

pass() { echo "TEST $1 PASS $2"; }
fail() { echo "TEST $1 FAIL $2"; }
loaded() { grep -q "^$1 " /proc/modules; }

echo "INFO machine=$(uname -m) kernel=$(uname -r)"
log0=$(dmesg | wc -l)

# 1. Debian's modules, in load order (scripts/build-linux-guest).
if [ ! -f "$kmod/order" ]; then
	fail kmod-load "no $kmod/order (scripts/build-linux-guest)"
else
	bad=
	while read -r m; do
		insmod "$kmod/$m" 2>/tmp/insmod || bad="$bad $m($(cat /tmp/insmod))"
		loaded "${m%.ko}" || bad="$bad ${m%.ko}(not in /proc/modules)"
	done <"$kmod/order"
	if [ -n "$bad" ]; then
		fail kmod-load "insmod:$bad"
	else
		pass kmod-load "$(wc -l <"$kmod/order") of Debian's modules loaded"
	fi
fi

# 2. The channel driver: vermagic, load, nothing to bind, unload.
if [ ! -f "$ko" ]; then
	fail septum_chan-vermagic "no $ko (scripts/build-linux-guest)"
	exit 0
fi
# (busybox's modinfo looks only in /lib/modules/<release>: read the
# .modinfo strings of the file itself.)
vermagic=$(tr '\000' '\n' <"$ko" | sed -n 's/^vermagic=//p' | head -n 1)
case "$vermagic" in
"$(uname -r) "*) pass septum_chan-vermagic "$vermagic" ;;
*) fail septum_chan-vermagic "'$vermagic' is not for $(uname -r)" ;;
esac
if insmod "$ko" 2>/tmp/insmod && loaded septum_chan; then
	pass septum_chan-insmod "tainted=$(cat /proc/sys/kernel/tainted)"
else
	fail septum_chan-insmod "insmod $ko: $(cat /tmp/insmod)"
	exit 0
fi
# Bound devices show as links in the driver's folder, next to its controls.
bound=0
for e in "$drv"/*; do
	case "${e##*/}" in
	bind | unbind | uevent | module | "*") ;;
	*) bound=$((bound + 1)) ;;
	esac
done
if [ ! -d "$drv" ]; then
	fail septum_chan-driver "no $drv"
elif [ "$bound" != 0 ] || [ -e /dev/septum ]; then
	fail septum_chan-driver "$bound device(s) bound: $(ls "$drv" | tr '\n' ' ')$(ls /dev/septum 2>/dev/null)"
else
	pass septum_chan-driver "registered, no septum,channel node to bind, no /dev/septum"
fi
if rmmod septum_chan && ! loaded septum_chan && [ ! -d "$drv" ]; then
	pass septum_chan-rmmod "unloaded, driver gone"
else
	fail septum_chan-rmmod "still there: $(grep '^septum_chan ' /proc/modules)"
fi

# 3. The kernel log since this script started: no oops, BUG or warning.
dmesg | tail -n +"$((log0 + 1))" | sed 's/^/INFO dmesg /'
oops=$(dmesg | tail -n +"$((log0 + 1))" | grep -c 'Oops\|BUG\|WARNING\|Unable to handle\|Internal error')
if [ "$oops" = 0 ]; then
	pass modules-dmesg "no oops or warning"
else
	fail modules-dmesg "$oops oops/BUG/WARNING line(s)"
fi
