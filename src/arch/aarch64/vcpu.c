/* SPDX-License-Identifier: MIT */
/* AArch64 vCPU state: reset, switch, register access, exception injection. */
#include <arch/aarch32.h>
#include <arch/esr.h>
#include <arch/features.h>
#include <arch/sysreg.h>
#include <arch/vcpu.h>
#include <string.h>

#include "arch.h"

void arch_fp_save(struct arch_fp_ctx *fp);
void arch_fp_restore(const struct arch_fp_ctx *fp);
uint64_t arch_hcr_guest(void);

_Static_assert(offsetof(struct arch_fp_ctx, fpsr) == 512, "fpsimd.S layout");
_Static_assert(offsetof(struct arch_regs, pc) == 248, "asm.h REGS_PC");
_Static_assert(offsetof(struct arch_regs, pstate) == 256, "asm.h REGS_PSTATE");

/*
 * An AArch32 EL1 at reset as the 32-bit Linux boot protocol wants it
 * (Documentation/arm/booting.rst): SVC mode, A, I, F masked, MMU and
 * caches off, ARM state unless the entry is a Thumb one (bit 0).
 */
static void reset32(struct arch_vcpu *a, uint64_t entry, uint64_t arg, unsigned flags)
{
	a->aarch32 = true;
	a->regs.pc = entry & ~1ull;
	a->regs.pstate = PSR32_SVC | PSR32_A | PSR32_I | PSR32_F | ((entry & 1) ? PSR32_T : 0);
	if (flags & ARCH_ENTRY_BOOT) {
		a->regs.x[0] = 0;
		a->regs.x[1] = 0xffffffffull;   /* no machine type: DT boot */
		a->regs.x[2] = arg;
	} else {
		a->regs.x[0] = arg;
	}
	/* SCTLR RES1 bits of AArch32 (4, 3 = CP15BEN, 11, 22, 23). */
	a->el1.sctlr = BIT(3) | BIT(4) | BIT(11) | BIT(22) | BIT(23);
	a->hcr &= ~HCR_RW;
}

void arch_vcpu_reset(struct arch_vcpu *a, uint64_t entry, uint64_t arg, unsigned flags,
		     uint64_t vmpidr, uint64_t vttbr, uint64_t cntvoff)
{
	memset(a, 0, sizeof(*a));
	a->regs.x[0] = arg;
	a->regs.pc = entry;
	a->regs.pstate = PSR_DAIF | PSR_MODE_EL1h;
	a->el1.sctlr = SCTLR_EL1_RESET;
	/* MPIDR_EL1 as the guest sees it: bit 31 RES1, Aff0 = vCPU index. */
	a->vmpidr = BIT(31) | vmpidr;
	a->hcr = arch_hcr_guest();
	if (flags & ARCH_ENTRY_AARCH32)
		reset32(a, entry, arg, flags);
	a->vttbr = vttbr;
	a->cntvoff = cntvoff;
}

/* The AArch32-only EL1 state (struct arch_el1_32): SPSR_irq/abt/und/fiq
 * (S3_4_C4_C3_0..3), DACR32_EL2, IFSR32_EL2, FPEXC32_EL2. */
#define EL1_32_REGS(X) \
	X(spsr_irq, S3_4_C4_C3_0) X(spsr_abt, S3_4_C4_C3_1) \
	X(spsr_und, S3_4_C4_C3_2) X(spsr_fiq, S3_4_C4_C3_3) \
	X(dacr, S3_4_C3_C0_0) X(ifsr, S3_4_C5_C0_1) X(fpexc, S3_4_C5_C3_0)

#define EL1_REGS(X) \
	X(sctlr, sctlr_el1) X(actlr, actlr_el1) X(cpacr, cpacr_el1) \
	X(ttbr0, ttbr0_el1) X(ttbr1, ttbr1_el1) X(tcr, tcr_el1) \
	X(mair, mair_el1) X(amair, amair_el1) X(vbar, vbar_el1) \
	X(contextidr, contextidr_el1) X(tpidr_el0, tpidr_el0) \
	X(tpidrro_el0, tpidrro_el0) X(tpidr_el1, tpidr_el1) \
	X(sp_el0, sp_el0) X(sp_el1, sp_el1) X(elr_el1, elr_el1) \
	X(spsr_el1, spsr_el1) X(esr_el1, esr_el1) X(far_el1, far_el1) \
	X(afsr0, afsr0_el1) X(afsr1, afsr1_el1) X(par, par_el1) \
	X(cntkctl, cntkctl_el1) X(csselr, csselr_el1) X(mdscr, mdscr_el1) \
	X(cntv_ctl, cntv_ctl_el0) X(cntv_cval, cntv_cval_el0) \
	X(cntp_ctl, cntp_ctl_el0) X(cntp_cval, cntp_cval_el0)

/* The pointer authentication keys (Arm ARM, APIAKeyLo_EL1 ... APGAKeyHi_EL1),
 * in struct arch_vcpu's order. */
#define PAUTH_KEYS(X) \
	X(0, S3_0_C2_C1_0) X(1, S3_0_C2_C1_1) X(2, S3_0_C2_C1_2) X(3, S3_0_C2_C1_3) \
	X(4, S3_0_C2_C2_0) X(5, S3_0_C2_C2_1) X(6, S3_0_C2_C2_2) X(7, S3_0_C2_C2_3) \
	X(8, S3_0_C2_C3_0) X(9, S3_0_C2_C3_1)

void arch_vcpu_load(struct arch_vcpu *a)
{
#define LOAD(field, reg) write_sysreg(reg, a->el1.field);
	EL1_REGS(LOAD)
#undef LOAD
#define LOAD_KEY(i, reg) write_sysreg(reg, a->pauth[i]);
	if (features_pauth()) {
		PAUTH_KEYS(LOAD_KEY)
	}
#undef LOAD_KEY
#define LOAD32(field, reg) write_sysreg(reg, a->el1_32.field);
	if (a->aarch32) {
		EL1_32_REGS(LOAD32)
	}
#undef LOAD32
	arch_fp_restore(&a->fp);
	write_sysreg(vmpidr_el2, a->vmpidr);
	write_sysreg(cntvoff_el2, a->cntvoff);
	write_sysreg(vttbr_el2, a->vttbr);
	write_sysreg(hcr_el2, a->hcr);
	isb();
}

void arch_vcpu_put(struct arch_vcpu *a)
{
#define SAVE(field, reg) a->el1.field = read_sysreg(reg);
	EL1_REGS(SAVE)
#undef SAVE
#define SAVE_KEY(i, reg) a->pauth[i] = read_sysreg(reg);
	if (features_pauth()) {
		PAUTH_KEYS(SAVE_KEY)
	}
#undef SAVE_KEY
#define SAVE32(field, reg) a->el1_32.field = read_sysreg(reg);
	if (a->aarch32) {
		EL1_32_REGS(SAVE32)
	}
#undef SAVE32
	arch_fp_save(&a->fp);
	/* Stop the guest's timers from firing at EL2 while it is away. */
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(hcr_el2, HCR_RW);
	isb();
}

/*
 * Takes a synchronous exception to EL1 (Arm ARM D1.10, "Exception entry"):
 * ELR_EL1/SPSR_EL1 get the interrupted state, the vector offset depends on
 * where it was taken from (D1.10.2 table D1-5), PSTATE becomes EL1h with
 * DAIF masked, PAN set unless SCTLR_EL1.SPAN (RES1 without FEAT_PAN) and
 * SSBS as SCTLR_EL1.DSSBS (RES0 without FEAT_SSBS), as the pseudocode's
 * AArch64.TakeException does.
 */
static void take_to_el1(struct arch_vcpu *a, uint64_t esr, uint64_t far, bool set_far)
{
	uint64_t mode = a->regs.pstate & PSR_MODE_MASK;
	uint64_t sctlr = read_sysreg(sctlr_el1);
	uint64_t offset;

	if (a->regs.pstate & PSR_MODE32)
		offset = 0x600;
	else if (mode == PSR_MODE_EL0t)
		offset = 0x400;
	else if (mode == PSR_MODE_EL1t)
		offset = 0x000;
	else
		offset = 0x200;
	write_sysreg(elr_el1, a->regs.pc);
	write_sysreg(spsr_el1, a->regs.pstate);
	write_sysreg(esr_el1, esr);
	if (set_far)
		write_sysreg(far_el1, far);
	a->regs.pc = read_sysreg(vbar_el1) + offset;
	a->regs.pstate = PSR_DAIF | PSR_MODE_EL1h;
	if (!(sctlr & SCTLR_SPAN))
		a->regs.pstate |= PSR_PAN;
	if (sctlr & SCTLR_DSSBS)
		a->regs.pstate |= PSR_SSBS;
}

static bool from_el0(const struct arch_vcpu *a)
{
	return (a->regs.pstate & PSR_MODE32) ||
	       (a->regs.pstate & PSR_MODE_MASK) == PSR_MODE_EL0t;
}

/*
 * Takes an exception to AArch32 EL1 mode at vector offset vect
 * (AArch32.EnterMode()): the mode's LR and SPSR get the return address
 * and the interrupted CPSR.
 */
static void take_to_mode32(struct arch_vcpu *a, unsigned mode, unsigned vect,
			   unsigned lr_arm, unsigned lr_thumb)
{
	struct aarch32_entry e = aarch32_enter_mode(a->regs.pstate, a->regs.pc, mode, vect,
						   lr_arm, lr_thumb, read_sysreg(sctlr_el1),
						   read_sysreg(vbar_el1));

	if (mode == PSR32_UND)
		write_sysreg(S3_4_C4_C3_2, a->regs.pstate);   /* SPSR_und */
	else
		write_sysreg(S3_4_C4_C3_1, a->regs.pstate);   /* SPSR_abt */
	a->regs.x[aarch32_lr_index(mode)] = e.lr;
	a->regs.pc = e.pc;
	a->regs.pstate = e.cpsr;
}

/*
 * A stage-2 abort as an AArch32 synchronous external abort: data aborts
 * set DFSR (ESR_EL1[31:0]) and DFAR (FAR_EL1[31:0]), prefetch aborts
 * IFSR (IFSR32_EL2) and IFAR (FAR_EL1[63:32]), in the format of the
 * guest's TTBCR.EAE (TCR_EL1 bit 31); then abort mode
 * (AArch32.TakeDataAbortException, ...PrefetchAbortException).
 */
static void inject_abort32(struct arch_vcpu *a, const struct trap_info *t)
{
	bool data = t->kind == TRAP_DABT;
	bool lpae = read_sysreg(tcr_el1) & BIT(31);
	uint32_t fsr = aarch32_fsr_external(lpae, data && t->abort.write);
	uint64_t far = read_sysreg(far_el1);

	if (data) {
		write_sysreg(esr_el1, fsr);
		if (t->abort.far_valid)
			write_sysreg(far_el1, (far & ~0xffffffffull) | (uint32_t)t->abort.va);
		take_to_mode32(a, PSR32_ABT, VECT32_DABT, 8, 8);
	} else {
		write_sysreg(S3_4_C5_C0_1, fsr);   /* IFSR32_EL2 */
		write_sysreg(far_el1, (far & 0xffffffffull) | (t->abort.va << 32));
		take_to_mode32(a, PSR32_ABT, VECT32_PABT, 4, 4);
	}
}

/* A data or instruction abort from the lower or the same EL, as a
 * synchronous external abort; WnR for data writes. */
static void inject_abort64(struct arch_vcpu *a, const struct trap_info *t)
{
	bool data = t->kind == TRAP_DABT;
	uint64_t ec = (data ? EC_DABT_LOW : EC_IABT_LOW) + (from_el0(a) ? 0 : EC_LOW_TO_SAME);
	uint64_t esr = (ec << ESR_EC_SHIFT) | ESR_IL | FSC_SYNC_EXTERNAL;

	if (data && t->abort.write)
		esr |= DABT_WNR;
	take_to_el1(a, esr, t->abort.va, t->abort.far_valid);
}

void arch_vcpu_inject_abort(struct arch_vcpu *a, const struct trap_info *t)
{
	if (a->aarch32)
		inject_abort32(a, t);
	else
		inject_abort64(a, t);
}

void arch_vcpu_inject_undef(struct arch_vcpu *a)
{
	/* AArch32: undefined mode, LR = the instruction + 4 (ARM) or + 2
	 * (Thumb), AArch32.TakeUndefInstrException. */
	if (a->aarch32) {
		take_to_mode32(a, PSR32_UND, VECT32_UNDEF, 4, 2);
		return;
	}
	/* EC 0: unknown reason. */
	take_to_el1(a, ESR_IL, 0, false);
}
