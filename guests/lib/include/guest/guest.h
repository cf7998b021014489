/* SPDX-License-Identifier: MIT */
/* What the guest runtime knows about the running image. */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <guest/types.h>

/* CNTVCT_EL0 and CNTPCT_EL0 read by the first instructions of start.S. */
extern u64 guest_boot_cntvct;
extern u64 guest_boot_cntpct;

/* [start, end) of the loaded image including .bss and all vCPU stacks. */
u64 guest_image_start(void);
u64 guest_image_end(void);

/* Parks this vCPU forever (WFE loop). */
void guest_idle(void) __noreturn;

/* Called from start.S only. */
void guest_boot_main(const void *fdt) __noreturn;

#endif /* GUEST_GUEST_H */
