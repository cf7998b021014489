/* SPDX-License-Identifier: MIT */
/* GICv3 CPU interface system registers at EL2 (IHI 0069 chapter 12). */
#ifndef SEPTUM_ARCH_GICV3_H
#define SEPTUM_ARCH_GICV3_H

#include <arch/sysreg.h>

static inline void arch_gicv3_cpuif_init(void)
{
	/* ICC_SRE_EL2: SRE (system registers), Enable (EL1 may use them). */
	write_sysreg(S3_4_C12_C9_5, 0x9);
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff);   /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_3, 0);    /* ICC_BPR1_EL1 */
	write_sysreg(S3_0_C12_C12_4, 2);    /* ICC_CTLR_EL1: EOImode 1 */
	write_sysreg(S3_0_C12_C12_7, 1);    /* ICC_IGRPEN1_EL1 */
	isb();
}

static inline void arch_gicv3_send_sgi(uint64_t v)
{
	dsb(ishst);
	write_sysreg(S3_0_C12_C11_5, v);    /* ICC_SGI1R_EL1 */
	isb();
}

static inline uint32_t arch_gicv3_ack(void)
{
	uint32_t intid = read_sysreg(S3_0_C12_C12_0) & 0xffffff; /* ICC_IAR1_EL1 */

	dsb(sy);
	return intid;
}

static inline void arch_gicv3_eoi(uint32_t intid)
{
	write_sysreg(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
	isb();
}

static inline void arch_gicv3_deactivate(uint32_t intid)
{
	write_sysreg(S3_0_C12_C11_1, intid); /* ICC_DIR_EL1 */
	isb();
}

#endif /* SEPTUM_ARCH_GICV3_H */
