/* SPDX-License-Identifier: MIT */
/*
 * AArch32 at EL1 under the AArch64 EL2 (HCR_EL2.RW = 0): the guest's
 * CPSR as SPSR_EL2 holds it, its banked registers in the x registers, its
 * conditional and Thumb instructions, and its exception entry. Pure logic
 * (src/arch/aarch64/aarch32.c), compiled into the host unit tests.
 */
#ifndef SEPTUM_ARCH_AARCH32_H
#define SEPTUM_ARCH_AARCH32_H

#include "types.h"

/* CPSR / SPSR (AArch32 format; Arm ARM G1.9.1 "The AArch32 PSTATE"). */
#define PSR32_MODE_MASK 0x1f
#define PSR32_USR    0x10
#define PSR32_FIQ    0x11
#define PSR32_IRQ    0x12
#define PSR32_SVC    0x13
#define PSR32_MON    0x16
#define PSR32_ABT    0x17
#define PSR32_HYP    0x1a
#define PSR32_UND    0x1b
#define PSR32_SYS    0x1f
#define PSR32_T      BIT(5)
#define PSR32_F      BIT(6)
#define PSR32_I      BIT(7)
#define PSR32_A      BIT(8)
#define PSR32_E      BIT(9)
#define PSR32_IT_HI  (0x3full << 10)   /* IT[7:2] */
#define PSR32_IT_LO  (0x3ull << 25)    /* IT[1:0] */
#define PSR32_SSBS   BIT(23)
#define PSR32_PAN    BIT(22)
#define PSR32_IL     BIT(20)
#define PSR32_SS     BIT(21)

/* SCTLR (AArch32; SCTLR_EL1[31:0]) bits used on exception entry. */
#define SCTLR32_V     BIT(13)
#define SCTLR32_SPAN  BIT(23)
#define SCTLR32_EE    BIT(25)
#define SCTLR32_TE    BIT(30)
#define SCTLR32_DSSBS BIT(31)

/* Exception vector offsets and return-address offsets (Arm ARM G1.12.1,
 * table G1-6; pseudocode AArch32.TakeUndefInstrException,
 * AArch32.TakePrefetchAbortException, AArch32.TakeDataAbortException). */
#define VECT32_UNDEF  0x04
#define VECT32_PABT   0x0c
#define VECT32_DABT   0x10

/* The x register holding LR (r14) of an AArch32 mode (Arm ARM D1.8.1,
 * "Mapping of the AArch32 registers to the AArch64 registers"), or 31 for
 * modes no EL1 guest can be in (Hyp, Monitor). Syndromes need no mapping:
 * they give the AArch64 view already (arch/vcpu.h). */
unsigned aarch32_lr_index(unsigned mode);

/*
 * Whether a trapped AArch32 instruction with syndrome esr (ESR_EL2) passes
 * its condition check under cpsr: an instruction that fails it is skipped,
 * not emulated (Arm ARM D17.2.37, "ISS encoding for exceptions from ...
 * with CV and COND"; CV = 0 in a Thumb IT block: the condition is the
 * IT state's). Classes that are never conditional pass.
 */
bool aarch32_cond_passed(uint32_t esr, uint64_t cpsr);

/* cpsr after a Thumb instruction in an IT block completes (ITAdvance(),
 * Arm ARM pseudocode); unchanged outside an IT block and in ARM state. */
uint64_t aarch32_it_advance(uint64_t cpsr);

/* An exception taken to an AArch32 EL1 mode (AArch32.EnterMode()). */
struct aarch32_entry {
	uint64_t cpsr;    /* the new CPSR */
	uint64_t pc;      /* the vector */
	uint64_t lr;      /* the new mode's r14 */
};

/*
 * The effect of taking an exception to mode (PSR32_UND or PSR32_ABT) at
 * vector offset vect, from an instruction at pc under cpsr, with lr_arm /
 * lr_thumb the return offset in ARM / Thumb state, given the guest's
 * SCTLR and VBAR. The old cpsr goes to that mode's SPSR (the caller's
 * part).
 */
struct aarch32_entry aarch32_enter_mode(uint64_t cpsr, uint64_t pc, unsigned mode,
					unsigned vect, unsigned lr_arm, unsigned lr_thumb,
					uint64_t sctlr, uint64_t vbar);

/*
 * The DFSR/IFSR value (Arm ARM G8.2, "DFSR"/"IFSR") for a synchronous
 * external abort, in the format the guest's TTBCR.EAE selects (long:
 * STATUS 0b010000 and LPAE; short: FS 0b01000), with WnR for a data write.
 */
uint32_t aarch32_fsr_external(bool long_format, bool write);

#endif /* SEPTUM_ARCH_AARCH32_H */
