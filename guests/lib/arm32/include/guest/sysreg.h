/* SPDX-License-Identifier: MIT */
/*
 * System-register access at AArch32 PL1 under the AArch64 names the
 * shared code uses (STYLE.md habit 8): read_sysreg(cntvct_el0) is MRRC
 * p15, 1, <lo>, <hi>, c14 here. Only the registers the guests touch are
 * mapped; another name fails to compile (no sysreg_read_<name>).
 * Encodings: Arm ARM (DDI 0487) G8 (AArch32 system registers) and the
 * GICv3 CPU interface, IHI 0069H 12.1.5.
 */
#ifndef GUEST_SYSREG_H
#define GUEST_SYSREG_H

#define read_sysreg(r)		sysreg_read_##r()
#define write_sysreg(r, v)	sysreg_write_##r((u64)(v))

/* A 32-bit register: MRC/MCR p15, op1, Rt, CRn, CRm, op2. */
#define SYSREG32(name, op1, crn, crm, op2)				\
static inline u64 sysreg_read_##name(void)				\
{									\
	u32 v;								\
	__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", "	\
			 #op2 : "=r"(v));				\
	return v;							\
}									\
static inline void sysreg_write_##name(u64 v)				\
{									\
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", "	\
			 #op2 : : "r"((u32)v) : "memory");		\
}

/* A 64-bit register: MRRC/MCRR p15, op1, Rt (low), Rt2 (high), CRm. */
#define SYSREG64(name, op1, crm)					\
static inline u64 sysreg_read_##name(void)				\
{									\
	u64 v;								\
	__asm__ volatile("mrrc p15, " #op1 ", %Q0, %R0, " #crm		\
			 : "=r"(v));					\
	return v;							\
}									\
static inline void sysreg_write_##name(u64 v)				\
{									\
	__asm__ volatile("mcrr p15, " #op1 ", %Q0, %R0, " #crm		\
			 : : "r"(v) : "memory");			\
}

/* Generic timer (G8.7): CNTFRQ, CNTP_*, CNTV_*, CNTPCT, CNTVCT. */
SYSREG32(cntfrq_el0, 0, c14, c0, 0)
SYSREG32(cntp_tval_el0, 0, c14, c2, 0)
SYSREG32(cntp_ctl_el0, 0, c14, c2, 1)
SYSREG32(cntv_tval_el0, 0, c14, c3, 0)
SYSREG32(cntv_ctl_el0, 0, c14, c3, 1)
SYSREG64(cntpct_el0, 0, c14)
SYSREG64(cntvct_el0, 1, c14)
SYSREG64(cntp_cval_el0, 2, c14)
SYSREG64(cntv_cval_el0, 3, c14)

/* Identification and control: MPIDR, SCTLR, CTR. */
SYSREG32(mpidr_el1, 0, c0, c0, 5)
SYSREG32(ctr_el0, 0, c0, c0, 1)
SYSREG32(sctlr_el1, 0, c1, c0, 0)

/* The long-descriptor translation regime: TTBCR, TTBR0, MAIR0/MAIR1
 * (MAIR_EL1 is MAIR1:MAIR0). */
SYSREG32(tcr_el1, 0, c2, c0, 2)
SYSREG64(ttbr0_el1, 0, c2)
SYSREG32(mair0, 0, c10, c2, 0)
SYSREG32(mair1, 0, c10, c2, 1)

static inline void sysreg_write_mair_el1(u64 v)
{
	sysreg_write_mair0(v);
	sysreg_write_mair1(v >> 32);
}

/* GICv3 CPU interface, by the S3_<op1>_<CRn>_<CRm>_<op2> names of the
 * AArch64 encodings (IAR1, EOIR1, BPR1, CTLR, SRE, IGRPEN1, PMR,
 * SGI1R). */
SYSREG32(S3_0_C12_C12_0, 0, c12, c12, 0)
SYSREG32(S3_0_C12_C12_1, 0, c12, c12, 1)
SYSREG32(S3_0_C12_C12_3, 0, c12, c12, 3)
SYSREG32(S3_0_C12_C12_4, 0, c12, c12, 4)
SYSREG32(S3_0_C12_C12_5, 0, c12, c12, 5)
SYSREG32(S3_0_C12_C12_7, 0, c12, c12, 7)
SYSREG32(S3_0_C4_C6_0, 0, c4, c6, 0)
SYSREG64(S3_0_C12_C11_5, 0, c12)

/* DAIF is the CPSR's A, I, F bits here (same positions, [8:6]): read the
 * CPSR, write its control byte (I, F, T = 0, the mode: SVC stays). */
static inline u64 sysreg_read_daif(void)
{
	u32 v;

	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

static inline void sysreg_write_daif(u64 v)
{
	__asm__ volatile("msr cpsr_c, %0" : : "r"((u32)v) : "memory", "cc");
}

/* Unmask / mask IRQs at this vCPU (CPSR.I). */
static inline void exc_irq_unmask(void)
{
	__asm__ volatile("cpsie i" : : : "memory");
}

static inline void exc_irq_mask(void)
{
	__asm__ volatile("cpsid i" : : : "memory");
}

#endif /* GUEST_SYSREG_H */
