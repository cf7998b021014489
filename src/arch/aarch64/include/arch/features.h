/* SPDX-License-Identifier: MIT */
/*
 * CPU features: the VMs' view of the ID registers and the EL2 traps that
 * keep what they do not see out of reach (src/arch/aarch64/features.c;
 * src/DESIGN.md, "CPU features a VM sees"). Inside the arch only.
 */
#ifndef SEPTUM_ARCH_FEATURES_H
#define SEPTUM_ARCH_FEATURES_H

#include "types.h"

/*
 * Reads the calling CPU's ID registers into the VMs' view (the first CPU
 * sets it, every later one narrows it to the features both have) and sets
 * this CPU's CPTR_EL2, MDCR_EL2 and, where implemented, HCRX_EL2 and the
 * fine-grained trap registers. From arch_cpu_init, before any VM runs.
 */
void features_cpu_init(unsigned cpu);

/* HCR_EL2 bits for a guest on the calling CPU beyond the fixed ones: the
 * ID register trap, pointer authentication when VMs see it, the RAS error
 * record and LORegion traps where the CPU has them. */
uint64_t features_hcr(void);

/* True when VMs see pointer authentication: the vCPU's keys are switched. */
bool features_pauth(void);

#endif /* SEPTUM_ARCH_FEATURES_H */
