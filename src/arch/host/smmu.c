/* SPDX-License-Identifier: MIT */
/*
 * Host stand-ins for the SMMU and PCI drivers: the core links against
 * them in the unit tests. No SMMU, no PCI function; the calls are
 * counted for the tests.
 */
#include "pci.h"
#include "smmu.h"

unsigned host_smmu_quiesced, host_smmu_resumed;

bool smmu_init(const struct board *b)
{
	(void)b;
	return true;
}

bool smmu_present(void)
{
	return false;
}

bool smmu_attach(struct vm *vm)
{
	(void)vm;
	return true;
}

void smmu_quiesce(struct vm *vm)
{
	(void)vm;
	host_smmu_quiesced++;
}

void smmu_resume(struct vm *vm)
{
	(void)vm;
	host_smmu_resumed++;
}

void smmu_tlb_inval_vmid(uint16_t vmid)
{
	(void)vmid;
}

void smmu_route(unsigned cpu, uint64_t mpidr)
{
	(void)cpu;
	(void)mpidr;
}

void smmu_interrupt(uint32_t intid)
{
	(void)intid;
}

bool pci_setup(struct vm *vm, const struct board *b)
{
	(void)vm;
	(void)b;
	return true;
}
