/* SPDX-License-Identifier: MIT */
/*
 * GICv3 virtual CPU interface control at EL2 (IHI 0069 chapter 12.5, the
 * ICH_* registers), by index where the architecture has one register per
 * index. Accessed by encoding so any assembler takes them.
 */
#ifndef SEPTUM_ARCH_GICV3_VIF_H
#define SEPTUM_ARCH_GICV3_VIF_H

#include <arch/sysreg.h>

#define ICH_HCR_EL2   S3_4_C12_C11_0
#define ICH_VTR_EL2   S3_4_C12_C11_1
#define ICH_MISR_EL2  S3_4_C12_C11_2
#define ICH_EISR_EL2  S3_4_C12_C11_3
#define ICH_ELRSR_EL2 S3_4_C12_C11_5
#define ICH_VMCR_EL2  S3_4_C12_C11_7
#define ICC_DIR_EL1   S3_0_C12_C11_1
#define ICC_CTLR_EL1  S3_0_C12_C12_4

#define __rd(r) read_sysreg(r)
#define _rd(r) __rd(r)
#define __wr(r, v) write_sysreg(r, v)
#define _wr(r, v) __wr(r, v)

/* ICH_LR<n>_EL2: op0 3, op1 4, CRn 12, CRm 12 + n/8, op2 n%8. */
#define ICH_LR_CASES(X) \
	X(0, C12, 0) X(1, C12, 1) X(2, C12, 2) X(3, C12, 3) \
	X(4, C12, 4) X(5, C12, 5) X(6, C12, 6) X(7, C12, 7) \
	X(8, C13, 0) X(9, C13, 1) X(10, C13, 2) X(11, C13, 3) \
	X(12, C13, 4) X(13, C13, 5) X(14, C13, 6) X(15, C13, 7)

static inline uint64_t arch_ich_lr_read(unsigned n)
{
	switch (n) {
#define RD(i, crm, op2) case i: return read_sysreg(S3_4_C12_##crm##_##op2);
	ICH_LR_CASES(RD)
#undef RD
	default:
		return 0;
	}
}

static inline void arch_ich_lr_write(unsigned n, uint64_t v)
{
	switch (n) {
#define WR(i, crm, op2) case i: write_sysreg(S3_4_C12_##crm##_##op2, v); break;
	ICH_LR_CASES(WR)
#undef WR
	default:
		break;
	}
}

/* ICH_AP1R<n>_EL2: op0 3, op1 4, CRn 12, CRm 9, op2 n (n < 4). */
static inline uint32_t arch_ich_ap1r_read(unsigned n)
{
	switch (n) {
	case 0: return (uint32_t)read_sysreg(S3_4_C12_C9_0);
	case 1: return (uint32_t)read_sysreg(S3_4_C12_C9_1);
	case 2: return (uint32_t)read_sysreg(S3_4_C12_C9_2);
	default: return (uint32_t)read_sysreg(S3_4_C12_C9_3);
	}
}

static inline void arch_ich_ap1r_write(unsigned n, uint32_t v)
{
	switch (n) {
	case 0: write_sysreg(S3_4_C12_C9_0, v); break;
	case 1: write_sysreg(S3_4_C12_C9_1, v); break;
	case 2: write_sysreg(S3_4_C12_C9_2, v); break;
	default: write_sysreg(S3_4_C12_C9_3, v); break;
	}
}

#endif /* SEPTUM_ARCH_GICV3_VIF_H */
