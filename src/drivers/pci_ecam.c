/* SPDX-License-Identifier: MIT */
/*
 * A PCI function given to a VM (src/DESIGN.md, "SMMU"): at boot Septum,
 * which owns the host bridge's configuration space (ECAM: PCIe base spec
 * 7.2.2), places the function's memory BARs in the window the partition
 * resolved (cfg_pci.c) and enables memory decoding and bus mastering. The
 * VM sees its registers there; it never sees the configuration space.
 * I/O BARs are left unassigned.
 */
#include "console.h"
#include "mmio.h"
#include "pci.h"
#include "vm.h"

#define CFG_ID       0x00
#define CFG_COMMAND  0x04
#define CMD_MEM      BIT(1)
#define CMD_MASTER   BIT(2)
#define CMD_INTX_OFF BIT(10)
#define CFG_BAR0     0x10

static const struct board_pci *host;

static uint64_t cfg_addr(uint32_t rid, unsigned off)
{
	return host->ecam.base + ((uint64_t)(rid - (host->bus_first << 8)) << 12) + off;
}

/* Sizes memory BAR i (PCI local bus 3.0, 6.2.5.1): writes all ones and
 * reads back the mask. Returns its size (0: none or I/O); *is64 if it
 * takes two slots. Decoding is off while it runs. */
static uint64_t bar_size(uint32_t rid, unsigned i, bool *is64)
{
	uint64_t a = cfg_addr(rid, CFG_BAR0 + 4 * i);
	uint32_t old = mmio_read32(a), lo, hi = 0xffffffffu;

	*is64 = (old & 7) == 4;
	if (old & 1)
		return 0;
	mmio_write32(a, 0xffffffffu);
	lo = mmio_read32(a) & ~0xfu;
	mmio_write32(a, old);
	if (*is64) {
		mmio_write32(a + 4, 0xffffffffu);
		hi = mmio_read32(a + 4);
		mmio_write32(a + 4, 0);
	}
	if (!lo && (!*is64 || !hi))
		return 0;
	return ~((uint64_t)hi << 32 | lo) + 1;
}

/* Places rid's memory BARs in [bus, bus + size) in BAR order, each
 * aligned to its size; *used: the bytes taken. False if they do not fit. */
static bool place_bars(uint32_t rid, uint64_t bus, uint64_t size, uint64_t *used)
{
	uint64_t next = 0;

	for (unsigned i = 0; i < 6; i++) {
		bool is64;
		uint64_t n = bar_size(rid, i, &is64), at;
		uint64_t a = cfg_addr(rid, CFG_BAR0 + 4 * i);

		if (n) {
			at = (next + n - 1) & ~(n - 1);
			if (at + n > size)
				return false;
			mmio_write32(a, (uint32_t)(bus + at));
			if (is64)
				mmio_write32(a + 4, (uint32_t)((bus + at) >> 32));
			next = at + n;
		}
		if (is64)
			i++;
	}
	*used = next;
	return true;
}

__boot bool pci_setup(struct vm *vm, const struct board *b)
{
	const struct cfg_vm *c = vm->cfg;

	host = &b->pci;
	for (unsigned i = 0; i < c->ndev; i++) {
		const struct cfg_device *d = &c->dev[i];
		uint32_t rid = d->pci_rid, id;
		uint64_t bus, used = 0;

		if (!d->pci)
			continue;
		id = mmio_read32(cfg_addr(rid, CFG_ID));
		bus = d->reg[0].host - b->pci.mem32.base + b->pci.mem32_pci;
		mmio_write32(cfg_addr(rid, CFG_COMMAND), 0);
		if ((id & 0xffff) == 0xffff || !place_bars(rid, bus, d->reg[0].size, &used)) {
			log_info("error: %s/devices/%s: PCI %02x:%02x.%u: %s; VM %s refused",
				 c->path, d->name, rid >> 8, (rid >> 3) & 0x1f, rid & 7,
				 (id & 0xffff) == 0xffff ? "no such function" :
				 "its BARs do not fit in its window", c->name);
			return false;
		}
		/* INTx only if its line is the VM's (cfg_pci.c). */
		mmio_write32(cfg_addr(rid, CFG_COMMAND), CMD_MEM | CMD_MASTER |
			     (d->nirq ? 0 : CMD_INTX_OFF));
		log_info("vm %s: PCI %02x:%02x.%u (%04x:%04x) BARs at %#lx (%lu KiB used of its "
			 "window), guest %#lx; DMA %s", c->name, rid >> 8, (rid >> 3) & 0x1f,
			 rid & 7, id & 0xffff, id >> 16, d->reg[0].host, used >> 10, d->reg[0].guest,
			 d->confined ? "confined by the SMMU" : "not confined");
	}
	return true;
}
