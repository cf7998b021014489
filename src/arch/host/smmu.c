/* SPDX-License-Identifier: MIT */
/*
 * Host stand-ins for the SMMU driver: the core links against
 * them in the unit tests. No SMMU; quiesce and resume
 * note how many guest-memory syncs (arch_sync_guest_memory: the end of
 * a VM's load) had happened, so a test sees the order.
 */
#include <arch/host_smmu.h>
#include <arch/host_vcpu.h>

#include "smmu.h"

struct host_smmu_log host_smmu_log;

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
	host_smmu_log.quiesced++;
	host_smmu_log.quiesce_syncs = host_vcpu_log.syncs;
}

void smmu_resume(struct vm *vm)
{
	(void)vm;
	host_smmu_log.resumed++;
	host_smmu_log.resume_syncs = host_vcpu_log.syncs;
}

uint64_t smmu_faults(const struct vm *vm)
{
	(void)vm;
	return host_smmu_log.faults;
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
