/* SPDX-License-Identifier: MIT */
/*
 * A VM's emulated ECAM window (vpci.h): where it lies and its trap. It
 * takes the board host's ECAM address (one bus, VPCI_ECAM_SIZE), which
 * must be clear of the VM's RAM and passed-through registers: an access
 * there must reach no stage-2 mapping, so that it traps.
 */
#include "console.h"
#include "vm.h"
#include "vmmio.h"
#include "vpci.h"

static bool ecam_access(struct vcpu *v, void *dev, struct vmmio_access *a)
{
	(void)v;
	return vpci_access(dev, a);
}

/* What of the VM's address space [base, base + VPCI_ECAM_SIZE) meets
 * (NULL: nothing). */
static const char *ecam_clash(const struct cfg_vm *c, uint64_t base)
{
	for (unsigned i = 0; i < c->nmem; i++)
		if (ranges_overlap(base, VPCI_ECAM_SIZE, c->mem[i].guest, c->mem[i].size))
			return "its RAM";
	for (unsigned i = 0; i < c->ndev; i++)
		for (unsigned r = 0; r < c->dev[i].nreg; r++)
			if (ranges_overlap(base, VPCI_ECAM_SIZE, c->dev[i].reg[r].guest,
					   c->dev[i].reg[r].size))
				return c->dev[i].name;
	return NULL;
}

__boot bool vpci_init(struct vm *vm, const struct board *b)
{
	struct vpci *p = &vm->vpci;
	const struct cfg_vm *c = vm->cfg;
	const char *clash;

	if (!p->nfn)
		return true;
	p->base = b->pci.ecam.base;
	clash = ecam_clash(c, p->base);
	if (clash || !vmmio_register(&vm->mmio, p->base, VPCI_ECAM_SIZE, ecam_access, p)) {
		log_info("error: %s/devices: the PCI configuration space Septum emulates at "
			 "%#lx (the board's ECAM address, %lu KiB) meets %s; VM %s refused",
			 c->path, p->base, (uint64_t)(VPCI_ECAM_SIZE >> 10),
			 clash ? clash : "another emulated device", c->name);
		return false;
	}
	return true;
}
