#!/bin/sh
# PCI functions passed through by Septum (test/integration/pci-virtio*):
# Linux finds them through the pci-host-ecam-generic node of its DT, in
# the configuration space Septum emulates (src/core/vpci.c), and drives
# them with Debian's virtio-pci modules (kmod/pci-order). Checked here:
# the modules load, a virtio block device (1af4:1042) and network card
# (1af4:1041) appear, bound to virtio-pci, their BARs where Septum placed
# them (inside the host's ranges), on a legacy interrupt (no MSI: Septum
# hides MSI and MSI-X), and no slot but theirs answers. tests/virtio.sh
# (run after this one) then uses the disk and the network.
sh /tests/pcimod.sh

blk= net= n=0
for d in /sys/bus/pci/devices/*; do
	[ -e "$d/vendor" ] || continue
	n=$((n + 1))
	id="$(cat "$d/vendor"):$(cat "$d/device")"
	drv=$(readlink "$d/driver" 2>/dev/null)
	echo "INFO pci ${d##*/} $id class $(cat "$d/class") irq $(cat "$d/irq")" \
		"driver ${drv##*/} bar $(head -n 5 "$d/resource" | awk '$1 != "0x0000000000000000" { printf "%s-%s ", $1, $2 }')"
	msi=no
	[ -d "$d/msi_irqs" ] && msi=yes
	ok=yes
	[ "${drv##*/}" = virtio-pci ] || ok=no
	[ "$(cat "$d/irq")" -gt 0 ] || ok=no
	[ "$msi" = no ] || ok=no
	case "$id" in
	0x1af4:0x1042) blk="$ok ${d##*/}" ;;
	0x1af4:0x1041) net="$ok ${d##*/}" ;;
	esac
done
for f in "blk:$blk" "net:$net"; do
	what=${f%%:*} got=${f#*:}
	case "$got" in
	yes*) echo "TEST pci-$what PASS ${got#yes } bound to virtio-pci, INTx, no MSI" ;;
	no*) echo "TEST pci-$what FAIL ${got#no }: driver, irq or MSI wrong (INFO above)" ;;
	*) echo "TEST pci-$what FAIL not found" ;;
	esac
done
if [ "$n" = 2 ]; then
	echo "TEST pci-slots PASS 2 functions, every other slot absent"
else
	echo "TEST pci-slots FAIL $n functions ($(ls /sys/bus/pci/devices | tr '\n' ' '))"
fi
grep -i 'virtio\|pci' /proc/interrupts | sed 's/  */ /g; s/^/INFO irq/'
exit 0
