#!/bin/sh
# Debian's virtio-pci modules (kmod/pci-order), loaded in order: for a
# native run with virtio PCI devices (test/integration/pci-virtio-native);
# tests/pci.sh does the same and checks what Septum shows.
kmod=/lib/modules/kernel
bad=
while read -r m; do
	insmod "$kmod/$m" 2>/tmp/insmod || bad="$bad $m($(cat /tmp/insmod))"
done <"$kmod/pci-order"
if [ -n "$bad" ]; then
	echo "TEST pci-modules FAIL insmod:$bad"
else
	echo "TEST pci-modules PASS $(wc -l <"$kmod/pci-order") loaded"
fi
exit 0
