/* SPDX-License-Identifier: MIT */
/* PSCI 1.1 for guests (DEN0022D): per-VM vCPU power state machine. */
#include <septum/hvc.h>

#include "psci.h"

/*
 * vCPU power states (DEN0022D 5.1.4/5.1.5):
 *   OFF --CPU_ON--> ON_PENDING --its CPU enters it--> ON --CPU_OFF--> OFF
 * SYSTEM_OFF/SYSTEM_RESET take every vCPU OFF (vm.c).
 */

bool psci_is_call(uint32_t fid)
{
	return (fid & ~SMCCC_SMC64 & ~0x1fu) == 0x84000000u;
}

bool vm_ipa_is_ram(const struct vm *vm, uint64_t ipa)
{
	return cfg_vm_region(vm->cfg, ipa, 4);
}

/* The vCPU of vm with this MPIDR (Aff0 = index, higher affinity 0). */
static struct vcpu *vcpu_by_mpidr(struct vm *vm, uint64_t mpidr)
{
	if (mpidr & ~0xffull)
		return NULL;
	if (mpidr >= vm->nvcpus)
		return NULL;
	return &vm->vcpu[mpidr];
}

/* An entry point a vCPU of caller's VM can start at: 4-byte aligned, or for an
 * AArch32 VM also a Thumb entry (bit 0 set, DEN0022 6.4.3.3). */
static bool entry_ok(const struct vcpu *caller, uint64_t entry)
{
	const struct vm *vm = caller->vm;

	if (arch_vcpu_aarch32(&caller->arch) && (entry & 1))
		return vm_ipa_is_ram(vm, entry & ~1ull);
	return !(entry & 3) && vm_ipa_is_ram(vm, entry);
}

/* Caller holds vm->lock. */
static int64_t cpu_on(struct vcpu *caller, uint64_t mpidr, uint64_t entry,
		      uint64_t context, struct psci_effect *eff)
{
	struct vm *vm = caller->vm;
	struct vcpu *t = vcpu_by_mpidr(vm, mpidr);

	if (!t)
		return PSCI_RET_INVALID_PARAMETERS;
	if (vm->state != VM_RUNNING)
		return PSCI_RET_DENIED;
	if (t->power == VCPU_ON)
		return PSCI_RET_ALREADY_ON;
	if (t->power == VCPU_ON_PENDING)
		return PSCI_RET_ON_PENDING;
	if (!entry_ok(caller, entry))
		return PSCI_RET_INVALID_ADDRESS;
	t->power = VCPU_ON_PENDING;
	t->on_entry = entry;
	t->on_context = context;
	t->on_boot = false;
	eff->action = PSCI_ACT_WAKE;
	eff->target = t;
	return PSCI_RET_SUCCESS;
}

static int64_t affinity_info(struct vm *vm, uint64_t mpidr, uint64_t level)
{
	struct vcpu *t;

	if (level != 0)
		return PSCI_RET_INVALID_PARAMETERS;
	t = vcpu_by_mpidr(vm, mpidr);
	if (!t)
		return PSCI_RET_INVALID_PARAMETERS;
	switch (t->power) {
	case VCPU_ON:
		return PSCI_AFF_ON;
	case VCPU_ON_PENDING:
		return PSCI_AFF_ON_PENDING;
	default:
		return PSCI_AFF_OFF;
	}
}

static int64_t features(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return PSCI_RET_SUCCESS;
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

int64_t psci_call(struct vcpu *caller, uint32_t fid, uint64_t a1, uint64_t a2,
		  uint64_t a3, struct psci_effect *eff)
{
	struct vm *vm = caller->vm;
	int64_t ret;

	eff->action = PSCI_ACT_NONE;
	eff->target = NULL;
	spin_lock(&vm->lock);
	switch (fid) {
	case PSCI_VERSION:
		ret = PSCI_VERSION_1_1;
		break;
	case PSCI_FEATURES:
		ret = features((uint32_t)a1);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = PSCI_TOS_NOT_PRESENT;
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		ret = cpu_on(caller, a1, a2, a3, eff);
		break;
	case PSCI_CPU_OFF:
		caller->power = VCPU_OFF;
		ret = PSCI_RET_SUCCESS;
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		ret = affinity_info(vm, a1, a2);
		break;
	case PSCI_SYSTEM_OFF:
		eff->action = PSCI_ACT_SYSTEM_OFF;
		ret = PSCI_RET_SUCCESS;
		break;
	case PSCI_SYSTEM_RESET:
		eff->action = PSCI_ACT_SYSTEM_RESET;
		ret = PSCI_RET_SUCCESS;
		break;
	default:
		ret = PSCI_RET_NOT_SUPPORTED;
		break;
	}
	spin_unlock(&vm->lock);
	return ret;
}
