/* SPDX-License-Identifier: MIT */
/*
 * The ID register space as a VM sees it (src/DESIGN.md, "CPU features a
 * VM sees"). The space is op0 3, op1 0, CRn 0, CRm 1-7, op2 0-7 (Arm
 * ARM, DDI 0487, the System register index for "Op0 == 0b11, Op1 ==
 * 0b000, CRn == 0b0000", and HCR_EL2.TID3, which traps a guest's reads of
 * all 56 encodings, reserved ones included); Septum answers each from the
 * VMs' view. An ID register is named by its index
 * in that space, (CRm - 1) * 8 + op2.
 */
#ifndef SEPTUM_ARCH_ID_REGS_H
#define SEPTUM_ARCH_ID_REGS_H

#include "types.h"

#define ID_REGS              56
#define ID_INDEX(crm, op2)   (((crm) - 1) * 8 + (op2))

/* The registers Septum reads or shows (AArch32 ones: CRm 1-3). */
enum id_reg {
	ID_PFR0 = ID_INDEX(1, 0), ID_PFR1 = ID_INDEX(1, 1), ID_DFR0 = ID_INDEX(1, 2),
	ID_MMFR0 = ID_INDEX(1, 4), ID_MMFR1 = ID_INDEX(1, 5), ID_MMFR2 = ID_INDEX(1, 6),
	ID_MMFR3 = ID_INDEX(1, 7), ID_ISAR0 = ID_INDEX(2, 0), ID_ISAR1 = ID_INDEX(2, 1),
	ID_ISAR2 = ID_INDEX(2, 2), ID_ISAR3 = ID_INDEX(2, 3), ID_ISAR4 = ID_INDEX(2, 4),
	ID_ISAR5 = ID_INDEX(2, 5), ID_MMFR4 = ID_INDEX(2, 6), ID_ISAR6 = ID_INDEX(2, 7),
	MVFR0 = ID_INDEX(3, 0), MVFR1 = ID_INDEX(3, 1), MVFR2 = ID_INDEX(3, 2),
	ID_PFR2 = ID_INDEX(3, 4), ID_MMFR5 = ID_INDEX(3, 6),
	ID_AARCH32_LAST = ID_INDEX(3, 7),
	ID_AA64PFR0 = ID_INDEX(4, 0), ID_AA64PFR1 = ID_INDEX(4, 1),
	ID_AA64DFR0 = ID_INDEX(5, 0),
	ID_AA64ISAR0 = ID_INDEX(6, 0), ID_AA64ISAR1 = ID_INDEX(6, 1),
	ID_AA64ISAR2 = ID_INDEX(6, 2),
	ID_AA64MMFR0 = ID_INDEX(7, 0), ID_AA64MMFR1 = ID_INDEX(7, 1),
	ID_AA64MMFR2 = ID_INDEX(7, 2),
};

/* Field positions (the low bit of each 4-bit field) Septum acts on. */
#define PFR0_EL0         0
#define PFR0_EL1         4
#define PFR0_RAS         28
#define PFR0_MPAM        40
#define PFR0_AMU         44
#define PFR1_MPAM_FRAC   16
#define DFR0_PMUVER      8
#define DFR0_TRACEFILT   40
#define ISAR1_APA        4
#define ISAR1_API        8
#define ISAR1_GPA        24
#define ISAR1_GPI        28
#define ISAR2_GPA3       8
#define ISAR2_APA3       12
#define MMFR0_FGT        56
#define MMFR1_LO         16
#define MMFR1_HCX        40

static inline unsigned id_field(uint64_t v, unsigned shift)
{
	return (v >> shift) & 0xf;
}

/*
 * The view a VM gets of a CPU whose ID registers read raw[]: the fields
 * Septum shows, each at most its cap; every other field, and every other
 * register, zero (a feature Septum does not know is hidden). The AArch32
 * registers are zero unless EL0 has AArch32. Pure.
 */
void id_regs_sanitize(const uint64_t raw[ID_REGS], uint64_t view[ID_REGS]);

/* Narrows view (one CPU's) to what other (another CPU's view) shows too,
 * field by field. Pure. */
void id_regs_common(uint64_t view[ID_REGS], const uint64_t other[ID_REGS]);

/* True if view shows pointer authentication (any key or algorithm). */
bool id_regs_pauth(const uint64_t view[ID_REGS]);

#endif /* SEPTUM_ARCH_ID_REGS_H */
