#!/bin/sh
# Figures, printed, not asserted (scripts/bench): 64 MiB written to and
# read back from the virtio disk (an ext4 file, written with fsync, read
# after dropping the caches) with busybox dd, and the round trip of 20
# pings to QEMU's user-network gateway. Host time (no -icount): what
# QEMU's emulation and the host's load allow, for comparing the same
# device natively, identity-mapped and behind the SMMU. Run after
# tests/virtio.sh (modules loaded, eth0 configured).
mnt=/mnt/disk
mkdir -p "$mnt"
if mount -t ext4 /dev/vda "$mnt" 2>/tmp/mount; then
	# busybox dd prints no rate: time it by /proc/uptime (10 ms ticks).
	t0=$(cut -d' ' -f1 /proc/uptime)
	dd if=/dev/zero of="$mnt/big" bs=1M count=64 conv=fsync 2>/dev/null
	t1=$(cut -d' ' -f1 /proc/uptime)
	sync
	echo 3 >/proc/sys/vm/drop_caches
	t2=$(cut -d' ' -f1 /proc/uptime)
	n=$(dd if="$mnt/big" of=/dev/null bs=1M 2>&1 | sed -n 's/+.*records in//p')
	t3=$(cut -d' ' -f1 /proc/uptime)
	rm -f "$mnt/big"
	umount "$mnt"
	echo "$t0 $t1 64" | awk '{ printf "INFO bench blk-write-64M %.2f s, %.1f MiB/s\n", $2 - $1, $3 / ($2 - $1) }'
	echo "$t2 $t3 $n" | awk '{ printf "INFO bench blk-read-64M %.2f s, %.1f MiB/s (%d MiB)\n", $2 - $1, $3 / ($2 - $1), $3 }'
	if [ "$n" = 64 ]; then
		echo "TEST blk-bench PASS 64 MiB written and read"
	else
		echo "TEST blk-bench FAIL read back $n MiB of 64"
	fi
else
	echo "TEST blk-bench FAIL mount: $(cat /tmp/mount)"
fi
if ping -c 20 -W 2 10.0.2.2 >/tmp/ping 2>&1; then
	echo "INFO bench net-rtt $(tail -n 1 /tmp/ping)"
	echo "TEST net-bench PASS 20 pings"
else
	echo "TEST net-bench FAIL $(tail -n 2 /tmp/ping | tr '\n' ' ')"
fi
exit 0
