/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the PCI driver: no function is placed (pci_setup
 * does nothing), and pci_cfg_read/pci_cfg_write reach one fake function
 * (host_pci.h) that the unit tests of core/vpci.c fill in: a write
 * changes the bits its wmask allows, as a real BAR keeps only its
 * address bits.
 */
#include <arch/host_pci.h>

#include "pci.h"
#include "vpci.h"

struct host_pci_fn host_pci;

bool pci_setup(struct vm *vm, const struct board *b)
{
	(void)vm;
	(void)b;
	return true;
}

uint32_t pci_cfg_read(uint16_t rid, unsigned off, unsigned size)
{
	uint32_t v = 0;

	if (rid != host_pci.rid) {
		host_pci.other_rid++;
		return 0xffffffffu;
	}
	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)host_pci.cfg[off + i] << 8 * i;
	return v;
}

void pci_cfg_write(uint16_t rid, unsigned off, unsigned size, uint32_t v)
{
	if (rid != host_pci.rid) {
		host_pci.other_rid++;
		return;
	}
	host_pci.writes++;
	if (off >= 0x10 && off < 0x28)
		host_pci.bar_writes++;
	for (unsigned i = 0; i < size; i++) {
		uint8_t m = host_pci.wmask[off + i];

		host_pci.cfg[off + i] = (uint8_t)((host_pci.cfg[off + i] & ~m) | ((v >> 8 * i) & m));
	}
}
