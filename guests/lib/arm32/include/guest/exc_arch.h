/* SPDX-License-Identifier: MIT */
/* The register frame of the AArch32 PL1 vectors (arm32/start.S). */
#ifndef GUEST_EXC_ARCH_H
#define GUEST_EXC_ARCH_H

#include <guest/types.h>

/* What exc_common finds on the SVC stack: push {r0-r12, lr}, then SRS's
 * return address and SPSR. */
struct exc_frame {
	u32 r[13];
	u32 lr;		/* SVC mode's LR (the interrupted code's, if SVC) */
	u32 pc;		/* the faulting instruction (ELR_EL1's meaning) */
	u32 cpsr;	/* the interrupted CPSR (the exception mode's SPSR) */
};
_Static_assert(sizeof(struct exc_frame) == 64, "start.S push + srsdb");

/* Called from start.S only: vector is the entry's index (offset / 4). */
void exc_handle(struct exc_frame *f, u32 vector);

#endif /* GUEST_EXC_ARCH_H */
