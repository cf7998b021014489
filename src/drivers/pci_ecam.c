/* SPDX-License-Identifier: MIT */
/*
 * A PCI function given to a VM (src/DESIGN.md, "SMMU"): at boot Septum,
 * which owns the host bridge's configuration space (ECAM: PCIe base spec
 * 7.2.2), places the function's memory BARs in the window the partition
 * resolved (cfg_pci.c) and enables memory decoding and bus mastering. The
 * VM sees its registers there, and the configuration space only through
 * the filter of core/vpci.c, which reaches it here (pci_cfg_read/write).
 * I/O BARs are left unassigned.
 */
#include "console.h"
#include "mmio.h"
#include "pci.h"
#include "vm.h"
#include "vpci.h"

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

uint32_t pci_cfg_read(uint16_t rid, unsigned off, unsigned size)
{
	uint64_t a = cfg_addr(rid, off);

	return size == 4 ? mmio_read32(a) : size == 2 ? *(volatile uint16_t *)(uintptr_t)a :
	       mmio_read8(a);
}

void pci_cfg_write(uint16_t rid, unsigned off, unsigned size, uint32_t v)
{
	uint64_t a = cfg_addr(rid, off);

	if (size == 4)
		mmio_write32(a, v);
	else if (size == 2)
		*(volatile uint16_t *)(uintptr_t)a = (uint16_t)v;
	else
		mmio_write8(a, (uint8_t)v);
}

/* Places rid's memory BARs in [bus, bus + size) in BAR order, each
 * aligned to its size; *used: the bytes taken. False if they do not fit. */
static bool place_bars(uint32_t rid, uint64_t bus, uint64_t size, uint64_t *used)
{
	uint64_t next = 0;

	for (unsigned i = 0; i < 6; i++) {
		bool is64;
		uint64_t n = vpci_bar_size(rid, i, &is64), at;
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

__boot static bool refuse(const struct cfg_vm *c, const struct cfg_device *d, const char *why)
{
	log_info("error: %s/devices/%s: PCI %02x:%02x.%u: %s; VM %s refused", c->path, d->name,
		 d->pci_rid >> 8, (d->pci_rid >> 3) & 0x1f, d->pci_rid & 7, why, c->name);
	return false;
}

/* Places d's BARs and shows it to the VM (vpci_add); decoding is off
 * until both are done. */
__boot static bool setup_fn(struct vm *vm, const struct board *b, const struct cfg_device *d)
{
	const struct cfg_vm *c = vm->cfg;
	uint32_t rid = d->pci_rid, id = mmio_read32(cfg_addr(rid, CFG_ID));
	uint64_t bus = d->reg[0].host - b->pci.mem32.base + b->pci.mem32_pci, used = 0;
	const struct vpci_fn *f;
	unsigned hidden = 0;
	const char *err;

	if ((id & 0xffff) == 0xffff)
		return refuse(c, d, "no such function");
	mmio_write32(cfg_addr(rid, CFG_COMMAND), 0);
	if (!place_bars(rid, bus, d->reg[0].size, &used))
		return refuse(c, d, "its BARs do not fit in its window");
	if ((err = vpci_add(&vm->vpci, (uint16_t)rid, bus, d->reg[0].guest,
			    d->nirq ? d->irq[0] : 0)))
		return refuse(c, d, err);
	/* INTx only if its line is the VM's (cfg_pci.c). */
	mmio_write32(cfg_addr(rid, CFG_COMMAND), CMD_MEM | CMD_MASTER |
		     (d->nirq ? 0 : CMD_INTX_OFF));
	f = &vm->vpci.fn[vm->vpci.nfn - 1];
	for (unsigned i = 0; i < f->ncap; i++)
		hidden += !f->cap[i].keep;
	log_info("vm %s: PCI %02x:%02x.%u (%04x:%04x) BARs at %#lx (%lu KiB used of its "
		 "window), guest %#lx, its 00:%02x.0, MSI/MSI-X capabilities hidden: %u; DMA %s",
		 c->name, rid >> 8, (rid >> 3) & 0x1f, rid & 7, id & 0xffff, id >> 16,
		 d->reg[0].host, used >> 10, d->reg[0].guest, vm->vpci.nfn - 1, hidden,
		 d->confined ? "confined by the SMMU" : "not confined");
	return true;
}

__boot bool pci_setup(struct vm *vm, const struct board *b)
{
	const struct cfg_vm *c = vm->cfg;

	host = &b->pci;
	for (unsigned i = 0; i < c->ndev; i++)
		if (c->dev[i].pci && !setup_fn(vm, b, &c->dev[i]))
			return false;
	return vpci_init(vm, b);
}
