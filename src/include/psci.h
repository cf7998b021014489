/* SPDX-License-Identifier: MIT */
/*
 * PSCI 1.1 emulated per VM (DEN0022). Pure state logic over the VM's vCPU
 * power states; what must happen on other CPUs is returned as an effect
 * for the caller to carry out (src/core/hvc.c).
 */
#ifndef SEPTUM_PSCI_EMU_H
#define SEPTUM_PSCI_EMU_H

#include <septum/psci.h>

#include "vm.h"

enum psci_action {
	PSCI_ACT_NONE,
	PSCI_ACT_WAKE,           /* effect.target was turned on: kick its CPU */
	PSCI_ACT_SYSTEM_OFF,     /* stop the whole VM */
	PSCI_ACT_SYSTEM_RESET,   /* restart the whole VM */
};

struct psci_effect {
	enum psci_action action;
	struct vcpu *target;
};

/* Is fid a PSCI function ID (SMC32 or SMC64 standard service, 0x00-0x1f)? */
bool psci_is_call(uint32_t fid);
/*
 * Performs PSCI call fid for caller, with arguments a1..a3 (already
 * truncated to 32 bits for SMC32 calls). Takes caller->vm->lock. Returns the
 * value for x0 and fills *eff.
 */
int64_t psci_call(struct vcpu *caller, uint32_t fid, uint64_t a1, uint64_t a2,
		  uint64_t a3, struct psci_effect *eff);
/* Is [ipa, ipa+4) inside one of vm's memory regions? */
bool vm_ipa_is_ram(const struct vm *vm, uint64_t ipa);

#endif /* SEPTUM_PSCI_EMU_H */
