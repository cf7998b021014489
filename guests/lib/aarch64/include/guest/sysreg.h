/* SPDX-License-Identifier: MIT */
/*
 * System-register access for AArch64 EL1 (MRS/MSR by name). The arm32
 * variant of this file maps the same names to CP15 accessors, so shared
 * code says read_sysreg(cntvct_el0) on both.
 */
#ifndef GUEST_SYSREG_H
#define GUEST_SYSREG_H

#define read_sysreg(r) ({						\
	u64 __v;							\
	__asm__ volatile("mrs %0, " #r : "=r"(__v));			\
	__v;								\
})
#define write_sysreg(r, v)						\
	__asm__ volatile("msr " #r ", %0" : : "r"((u64)(v)))

/* Unmask / mask IRQs at this vCPU (PSTATE.I). */
static inline void exc_irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static inline void exc_irq_mask(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

#endif /* GUEST_SYSREG_H */
