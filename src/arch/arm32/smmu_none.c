/* SPDX-License-Identifier: MIT */
/*
 * The arm32 build has no SMMUv3 driver (ARMv7-A boards with an SMMUv3
 * are not a target; drivers/smmuv3.c walks VMSAv8-64 stage-2 tables):
 * a board's SMMU is left as firmware left it, and a device confined by
 * it is refused when its VM is built. Nor does it place PCI functions
 * (drivers/pci_ecam.c): a VM with one is refused.
 */
#include "console.h"
#include "pci.h"
#include "smmu.h"
#include "vm.h"
#include "vpci.h"

__boot bool pci_setup(struct vm *vm, const struct board *b)
{
	(void)b;
	for (unsigned i = 0; i < vm->cfg->ndev; i++)
		if (vm->cfg->dev[i].pci) {
			log_info("error: %s/devices/%s: a PCI function, which the arm32 build "
				 "does not give to VMs; VM %s refused", vm->cfg->path,
				 vm->cfg->dev[i].name, vm->cfg->name);
			return false;
		}
	return true;
}

/* Never reached: a VM with a PCI function is refused above. */
uint32_t pci_cfg_read(uint16_t rid, unsigned off, unsigned size)
{
	(void)rid;
	(void)off;
	(void)size;
	return 0xffffffffu;
}

void pci_cfg_write(uint16_t rid, unsigned off, unsigned size, uint32_t v)
{
	(void)rid;
	(void)off;
	(void)size;
	(void)v;
}

__boot bool smmu_init(const struct board *b)
{
	if (b->smmu.regs.size)
		log_info("smmu at %#lx: not driven by the arm32 build; devices behind it "
			 "cannot be given to VMs", b->smmu.regs.base);
	return true;
}

bool smmu_present(void)
{
	return false;
}

__boot bool smmu_attach(struct vm *vm)
{
	for (unsigned i = 0; i < vm->cfg->ndev; i++)
		if (vm->cfg->dev[i].confined) {
			log_info("error: %s/devices/%s: behind the SMMU, which the arm32 build "
				 "does not drive; VM %s refused", vm->cfg->path,
				 vm->cfg->dev[i].name, vm->cfg->name);
			return false;
		}
	return true;
}

void smmu_quiesce(struct vm *vm)
{
	(void)vm;
}

void smmu_resume(struct vm *vm)
{
	(void)vm;
}

uint64_t smmu_faults(const struct vm *vm)
{
	(void)vm;
	return 0;
}

void smmu_tlb_inval_vmid(uint16_t vmid)
{
	(void)vmid;
}

__boot void smmu_route(unsigned cpu, uint64_t mpidr)
{
	(void)cpu;
	(void)mpidr;
}

void smmu_interrupt(uint32_t intid)
{
	(void)intid;
}
