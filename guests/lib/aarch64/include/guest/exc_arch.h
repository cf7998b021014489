/* SPDX-License-Identifier: MIT */
/* The register frame of the AArch64 EL1 vectors (start.S). */
#ifndef GUEST_EXC_ARCH_H
#define GUEST_EXC_ARCH_H

#include <guest/types.h>

/* The frame start.S builds; offsets are fixed there. */
struct exc_frame {
	u64 x[31];
	u64 elr;
	u64 spsr;
	u64 esr;
	u64 far;
	u64 pad;
};
_Static_assert(sizeof(struct exc_frame) == 288, "start.S FRAME_SIZE");
_Static_assert(__builtin_offsetof(struct exc_frame, elr) == 248, "FRAME_ELR");
_Static_assert(__builtin_offsetof(struct exc_frame, far) == 272, "FRAME_FAR");

/* Called from start.S only: vector is the entry's index (0..15). */
void exc_handle(struct exc_frame *f, u64 vector);

#endif /* GUEST_EXC_ARCH_H */
