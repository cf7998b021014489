#!/bin/sh
# QEMU virt's virtio-mmio transports passed through (test/integration/
# linux-virtio): a disk (virtio-blk) and a network card (virtio-net, QEMU's
# user networking), driven by Debian's own modules. Both devices read and
# write guest memory themselves (DMA); Septum identity-maps the VM's RAM so
# that the addresses the drivers give them are the right ones.
#
# The disk holds an ext4 file system (mkdisk): hello.txt, data.bin and its
# SHA-256 in data.sha256. The test reads them, copies data.bin to copy.bin
# and writes written.txt; the harness checks both on the host after QEMU
# exits (checkdisk). Then a DHCP lease from QEMU's user network and pings
# to its gateway. One line per check: TEST <check> PASS|FAIL <detail>.
kmod=/lib/modules/kernel
mnt=/mnt/disk

# Debian's modules, in load order (scripts/build-linux-guest).
if [ ! -f "$kmod/order" ]; then
	echo "TEST virtio-modules FAIL no $kmod/order (scripts/build-linux-guest)"
	exit 0
fi
bad=
while read -r m; do
	insmod "$kmod/$m" 2>/tmp/insmod || bad="$bad $m($(cat /tmp/insmod))"
done <"$kmod/order"
if [ -n "$bad" ]; then
	echo "TEST virtio-modules FAIL insmod:$bad"
else
	echo "TEST virtio-modules PASS $(wc -l <"$kmod/order") loaded"
fi

# Waits up to $2 seconds for file $1 to appear.
wait_for() {
	i=0
	while [ ! -e "$1" ] && [ "$i" -lt "$(($2 * 10))" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$1" ]
}

# --- virtio-blk ---
if wait_for /sys/block/vda 10; then
	echo "TEST blk-found PASS vda, $(cat /sys/block/vda/size) sectors"
else
	echo "TEST blk-found FAIL no /sys/block/vda ($(ls /sys/block))"
fi
mkdir -p "$mnt"
if mount -t ext4 /dev/vda "$mnt" 2>/tmp/mount; then
	echo "TEST blk-mount PASS ext4 on /dev/vda"
	want=$(cut -d' ' -f1 "$mnt/data.sha256")
	got=$(sha256sum "$mnt/data.bin" | cut -d' ' -f1)
	hello=$(cat "$mnt/hello.txt")
	if [ "$hello" = "hello from the host" ] && [ -n "$want" ] && [ "$got" = "$want" ]; then
		echo "TEST blk-read PASS hello.txt and data.bin ($(wc -c <"$mnt/data.bin") bytes, sha256 $got)"
	else
		echo "TEST blk-read FAIL hello.txt '$hello', data.bin sha256 $got, want $want"
	fi
	cp "$mnt/data.bin" "$mnt/copy.bin"
	echo "written by Linux under Septum" >"$mnt/written.txt"
	sync
	if umount "$mnt"; then
		echo "TEST blk-write PASS copy.bin and written.txt written, unmounted"
	else
		echo "TEST blk-write FAIL umount"
	fi
else
	echo "TEST blk-mount FAIL $(cat /tmp/mount)"
fi

# --- virtio-net ---
eth=
if wait_for /sys/class/net/eth0 10; then
	eth=eth0
	echo "TEST net-found PASS eth0 $(cat /sys/class/net/eth0/address)"
else
	echo "TEST net-found FAIL no eth0 ($(ls /sys/class/net))"
fi
cat >/tmp/udhcpc.script <<'EOF'
#!/bin/sh
# busybox udhcpc's hook: configure the lease it got.
case "$1" in
deconfig) ifconfig "$interface" 0.0.0.0 ;;
bound|renew)
	ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}"
	[ -n "$router" ] && route add default gw "${router%% *}" dev "$interface"
	echo "$ip $router" >/tmp/lease ;;
esac
exit 0
EOF
chmod +x /tmp/udhcpc.script
if [ -n "$eth" ]; then
	ifconfig lo up
	ifconfig "$eth" up
	if udhcpc -i "$eth" -n -q -t 5 -T 2 -s /tmp/udhcpc.script >/tmp/udhcpc 2>&1; then
		echo "TEST net-dhcp PASS lease $(cat /tmp/lease)"
	else
		echo "TEST net-dhcp FAIL $(tr '\n' ' ' </tmp/udhcpc)"
	fi
	# QEMU's user network answers pings to its gateway itself.
	if ping -c 5 -W 2 10.0.2.2 >/tmp/ping 2>&1; then
		echo "TEST net-ping PASS $(grep 'packets' /tmp/ping)"
	else
		echo "TEST net-ping FAIL $(tail -n 3 /tmp/ping | tr '\n' ' ')"
	fi
	if ping -c 20 -s 1400 -W 2 10.0.2.2 >/tmp/ping 2>&1; then
		echo "TEST net-ping-1400 PASS $(grep 'packets' /tmp/ping)"
	else
		echo "TEST net-ping-1400 FAIL $(tail -n 3 /tmp/ping | tr '\n' ' ')"
	fi
fi
grep -i virtio /proc/interrupts | sed 's/  */ /g; s/^/INFO irq/'
exit 0
