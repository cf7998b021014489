/* SPDX-License-Identifier: MIT */
/* AArch64 vCPU state: reset, switch, register access, exception injection. */
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

void arch_vcpu_reset(struct arch_vcpu *a, uint64_t entry, uint64_t arg,
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
	a->vttbr = vttbr;
	a->cntvoff = cntvoff;
}

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

void arch_vcpu_inject_abort(struct arch_vcpu *a, const struct trap_info *t)
{
	bool data = t->kind == TRAP_DABT;
	/* A data or instruction abort from the lower or the same EL, as a
	 * synchronous external abort; WnR for data writes. */
	uint64_t ec = (data ? EC_DABT_LOW : EC_IABT_LOW) + (from_el0(a) ? 0 : EC_LOW_TO_SAME);
	uint64_t esr = (ec << ESR_EC_SHIFT) | ESR_IL | FSC_SYNC_EXTERNAL;

	if (data && t->abort.write)
		esr |= DABT_WNR;
	take_to_el1(a, esr, t->abort.va, t->abort.far_valid);
}

void arch_vcpu_inject_undef(struct arch_vcpu *a)
{
	/* EC 0: unknown reason. */
	take_to_el1(a, ESR_IL, 0, false);
}
