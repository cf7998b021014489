#!/bin/sh
# A Raspberry Pi 4's own devices passed through (test/integration/
# board-rpi4-linux, dts/rpi4-demo.dts): its SD controllers and its GPIO
# block, driven by Debian's drivers (sdhci-iproc, pinctrl-bcm2835).
#
# Each SD card (QEMU raspi4b's -drive if=sd is on the older EMMC
# controller; a card in EMMC2's slot, the Pi 4's SD slot, is -device
# sd-card,bus=/generic-sdhci/sd-bus) holds an ext4 file system made by the
# scenario's mksd: hello.txt, data.bin and its SHA-256 in data.sha256. The
# test reads them and writes written.txt and copy.bin on each, which the
# harness checks on the host after QEMU exits (checksd). Then GPIO 17 (header pin
# 11) as an output, driven 1 and 0, its level read back each time. One line
# per check: TEST <check> PASS|FAIL <detail>.
kmod=/lib/modules/kernel
mnt=/mnt/sd
line=17

# --- the guest's device tree: dma-ranges, fixed clocks ---
dt=/proc/device-tree
bus=$(ls -d $dt/dma-bus@* 2>/dev/null | head -n 1)
if [ -n "$bus" ] && [ -e "$bus/dma-ranges" ]; then
	echo "TEST dt-dma-ranges PASS ${bus#$dt/}: $(od -An -tx1 "$bus/dma-ranges" | tr -s ' \n' ' ')"
else
	echo "TEST dt-dma-ranges FAIL no dma-bus with dma-ranges ($(ls $dt | tr '\n' ' '))"
fi

# --- SD ---
bad=
for m in sdhci.ko sdhci-pltfm.ko sdhci-iproc.ko crc16.ko mbcache.ko crc32c_generic.ko \
	 jbd2.ko ext4.ko; do
	insmod "$kmod/$m" 2>/tmp/insmod || bad="$bad $m($(cat /tmp/insmod))"
done
if [ -n "$bad" ]; then
	echo "TEST sd-modules FAIL insmod:$bad"
else
	echo "TEST sd-modules PASS sdhci, sdhci-pltfm, sdhci-iproc, ext4"
fi
# The cards: mmcblk<n>, n the controller's number. As many as
# septum.sd=<n> says (default 1) are waited for, up to 15 s.
want=1
for w in $(cat /proc/cmdline); do
	case "$w" in septum.sd=*) want=${w#septum.sd=} ;; esac
done
i=0
while [ "$(ls /sys/block | grep -c '^mmcblk[0-9]*$')" -lt "$want" ] && [ "$i" -lt 150 ]; do
	sleep 0.1
	i=$((i + 1))
done
cards=$(ls /sys/block | grep '^mmcblk[0-9]*$')
if [ "$(echo "$cards" | grep -c .)" -ge "$want" ]; then
	echo "TEST sd-found PASS $(for d in $cards; do printf '%s on %s, ' "$d" \
		"$(readlink -f /sys/block/$d | grep -o '[0-9a-f]*\.mmc' | head -n 1)"; done)"
else
	echo "TEST sd-found FAIL $want card(s) wanted, /sys/block has: $(ls /sys/block | tr '\n' ' ')"
	dmesg | grep -i -E "mmc|sdhci" | tail -n 8 | sed 's/^/INFO /'
fi

# Mounts card $1, reads it, writes to it; TEST lines named after its
# controller ($2, e.g. fe340000 for EMMC2).
card() {
	mkdir -p "$mnt"
	if ! mount -t ext4 "/dev/$1" "$mnt" 2>/tmp/mount; then
		echo "TEST sd-mount-$2 FAIL $(cat /tmp/mount)"
		return
	fi
	echo "TEST sd-mount-$2 PASS ext4 on /dev/$1"
	sum=$(cut -d' ' -f1 "$mnt/data.sha256")
	got=$(sha256sum "$mnt/data.bin" | cut -d' ' -f1)
	hello=$(cat "$mnt/hello.txt")
	if [ "$hello" = "hello from the SD card" ] && [ -n "$sum" ] && [ "$got" = "$sum" ]; then
		echo "TEST sd-read-$2 PASS hello.txt and data.bin ($(wc -c <"$mnt/data.bin") bytes, sha256 $got)"
	else
		echo "TEST sd-read-$2 FAIL hello.txt '$hello', data.bin sha256 $got, want $sum"
	fi
	cp "$mnt/data.bin" "$mnt/copy.bin"
	echo "written by Linux on the Pi under Septum" >"$mnt/written.txt"
	sync
	if umount "$mnt"; then
		echo "TEST sd-write-$2 PASS copy.bin and written.txt written, unmounted"
	else
		echo "TEST sd-write-$2 FAIL umount"
	fi
}
for d in $cards; do
	card "$d" "$(readlink -f /sys/block/$d | grep -o '[0-9a-f]*\.mmc' | head -n 1 | cut -d. -f1)"
done

# --- GPIO: the BCM2711's own block (sysfs numbers from the chip's base) ---
chip=
for c in /sys/class/gpio/gpiochip*; do
	case "$(cat "$c/label" 2>/dev/null)" in
	pinctrl-bcm2711|pinctrl-bcm2835) chip=$c ;;
	esac
done
if [ -z "$chip" ]; then
	echo "TEST gpio-chip FAIL no pinctrl-bcm2711 chip ($(cat /sys/class/gpio/gpiochip*/label 2>/dev/null | tr '\n' ' '))"
	exit 0
fi
echo "TEST gpio-chip PASS $(cat "$chip/label"), $(cat "$chip/ngpio") lines, /dev/$(ls /sys/bus/gpio/devices 2>/dev/null | head -n 1)"
n=$(($(cat "$chip/base") + line))
g=/sys/class/gpio/gpio$n
echo "$n" >/sys/class/gpio/export 2>/tmp/gpio
if [ -d "$g" ] && echo out >"$g/direction" 2>>/tmp/gpio; then
	echo 1 >"$g/value"
	high=$(cat "$g/value")
	echo 0 >"$g/value"
	low=$(cat "$g/value")
	echo 1 >"$g/value"
	again=$(cat "$g/value")
	if [ "$high$low$again" = 101 ]; then
		echo "TEST gpio-drive PASS GPIO $line: driven 1, 0, 1; read back $high, $low, $again"
	else
		echo "TEST gpio-drive FAIL GPIO $line: driven 1, 0, 1; read back '$high', '$low', '$again'"
	fi
	echo "$n" >/sys/class/gpio/unexport
else
	echo "TEST gpio-drive FAIL GPIO $line: export or direction: $(cat /tmp/gpio)"
fi
exit 0
