/* SPDX-License-Identifier: MIT */
/* ARMv7-A vCPU state: reset, switch, exception injection. */
#include <arch/sysreg.h>
#include <arch/vcpu.h>
#include <string.h>

#include "arch.h"

void arch_fp_save(struct arch_fp_ctx *fp, unsigned d32);
void arch_fp_restore(const struct arch_fp_ctx *fp, unsigned d32);
void arch_banked_save(struct arch_banked *b);
void arch_banked_restore(const struct arch_banked *b);
uint32_t arch_hcr_guest(void);
bool arch_fp_d32(void);

_Static_assert(offsetof(struct arch_regs, pc) == 56, "asm.h REGS_PC");
_Static_assert(offsetof(struct arch_fp_ctx, fpscr) == 256, "fp.S layout");

/*
 * The boot state of the 32-bit Linux protocol (Documentation/arch/arm/
 * booting.rst): SVC mode, IRQ and FIQ masked, MMU and caches off; at the
 * kernel's first entry r0 = 0, r1 = ~0 (no machine number: the DTB says),
 * r2 = DTB; at a PSCI CPU_ON, r0 = the context ID (DEN0022 6.4.3). An odd
 * entry is Thumb. Every VM is AArch32 here (flags' ARCH_ENTRY_AARCH32).
 */
void arch_vcpu_reset(struct arch_vcpu *a, uint64_t entry, uint64_t arg, unsigned flags,
		     uint64_t vmpidr, uint64_t vttbr, uint64_t cntvoff)
{
	bool boot = flags & ARCH_ENTRY_BOOT;

	memset(a, 0, sizeof(*a));
	a->regs.r[0] = boot ? 0 : (uint32_t)arg;
	a->regs.r[1] = ~0u;
	a->regs.r[2] = boot ? (uint32_t)arg : 0;
	a->regs.pc = (uint32_t)entry & ~1u;
	a->regs.cpsr = PSR_MODE_SVC | PSR_A | PSR_I | PSR_F | ((entry & 1) ? PSR_T : 0);
	a->cp15.sctlr = SCTLR_RESET;
	/* MPIDR as the guest sees it: bit 31 RES1, Aff0 = vCPU index. */
	a->vmpidr = (uint32_t)(BIT(31) | vmpidr);
	a->hcr = arch_hcr_guest();
	a->vttbr = vttbr;
	a->cntvoff = cntvoff;
}

#define CP15_32(X) \
	X(sctlr, SCTLR) X(cpacr, CPACR) X(ttbcr, TTBCR) X(dacr, DACR) \
	X(dfsr, DFSR) X(ifsr, IFSR) X(adfsr, ADFSR) X(aifsr, AIFSR) \
	X(dfar, DFAR) X(ifar, IFAR) X(prrr, PRRR) X(nmrr, NMRR) \
	X(amair0, AMAIR0) X(amair1, AMAIR1) X(vbar, VBAR) \
	X(contextidr, CONTEXTIDR) X(tpidrurw, TPIDRURW) X(tpidruro, TPIDRURO) \
	X(tpidrprw, TPIDRPRW) X(csselr, CSSELR) X(cntkctl, CNTKCTL)

#define CP15_64(X) \
	X(ttbr0, TTBR0) X(ttbr1, TTBR1) X(par, PAR) \
	X(cntv_cval, CNTV_CVAL) X(cntp_cval, CNTP_CVAL)

void arch_vcpu_load(struct arch_vcpu *a)
{
#define LOAD(field, reg) write_sysreg(reg, a->cp15.field);
#define LOAD64(field, reg) write_sysreg64(reg, a->cp15.field);
	CP15_32(LOAD)
	CP15_64(LOAD64)
#undef LOAD
#undef LOAD64
	/* The compare values first, then the controls that may fire them. */
	write_sysreg(CNTV_CTL, a->cp15.cntv_ctl);
	write_sysreg(CNTP_CTL, a->cp15.cntp_ctl);
	arch_banked_restore(&a->banked);
	arch_fp_restore(&a->fp, arch_fp_d32());
	write_sysreg(VMPIDR, a->vmpidr);
	write_sysreg64(CNTVOFF, a->cntvoff);
	write_sysreg64(VTTBR, a->vttbr);
	write_sysreg(HCR, a->hcr);
	isb();
}

void arch_vcpu_put(struct arch_vcpu *a)
{
#define SAVE(field, reg) a->cp15.field = read_sysreg(reg);
#define SAVE64(field, reg) a->cp15.field = read_sysreg64(reg);
	CP15_32(SAVE)
	CP15_64(SAVE64)
	SAVE(cntv_ctl, CNTV_CTL)
	SAVE(cntp_ctl, CNTP_CTL)
#undef SAVE
#undef SAVE64
	arch_banked_save(&a->banked);
	arch_fp_save(&a->fp, arch_fp_d32());
	/* Stop the guest's timers from firing in HYP while it is away. */
	write_sysreg(CNTV_CTL, 0);
	write_sysreg(CNTP_CTL, 0);
	write_sysreg(HCR, 0);
	isb();
}

void arch_vcpu_skip_insn(struct arch_vcpu *a, unsigned len)
{
	uint32_t cpsr = a->regs.cpsr;
	uint32_t it = ((cpsr >> 25) & 3) | ((cpsr >> 8) & 0xfc);

	a->regs.pc += len;
	if (!(cpsr & PSR_T) || !it)
		return;
	/* ITAdvance() (A2.5.2): the block ends, or the next condition. */
	it = (it & 7) == 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
	cpsr &= ~(PSR_IT_LO | PSR_IT_HI);
	a->regs.cpsr = cpsr | ((it & 3) << 25) | ((it >> 2) << 10);
}

/*
 * Takes an exception to the guest's PL1 (B1.8.3 "Exception entry"): the
 * mode's LR and SPSR get the return address and the interrupted CPSR, the
 * CPSR becomes the mode with IRQs (and, for aborts, asynchronous aborts)
 * masked, IT and J cleared, T and E from SCTLR.TE and SCTLR.EE; the PC is
 * the vector at SCTLR.V ? 0xffff0000 : VBAR (B1.8.1).
 */
static void take_exception(struct arch_vcpu *a, uint32_t mode, uint32_t offset, uint32_t lr)
{
	uint32_t sctlr = read_sysreg(SCTLR);
	uint32_t cpsr = a->regs.cpsr;
	uint32_t base = (sctlr & SCTLR_V) ? 0xffff0000u : read_sysreg(VBAR);
	uint32_t ncpsr = cpsr & ~(PSR_MODE_MASK | PSR_T | PSR_E | PSR_IT_LO | PSR_IT_HI | PSR_J);

	ncpsr |= mode | PSR_I;
	if (mode == PSR_MODE_ABT)
		ncpsr |= PSR_A;
	if (sctlr & SCTLR_TE)
		ncpsr |= PSR_T;
	if (sctlr & SCTLR_EE)
		ncpsr |= PSR_E;
	if (mode == PSR_MODE_ABT) {
		__asm__ volatile("msr lr_abt, %0" : : "r"(lr));
		__asm__ volatile("msr spsr_abt, %0" : : "r"(cpsr));
	} else {
		__asm__ volatile("msr lr_und, %0" : : "r"(lr));
		__asm__ volatile("msr spsr_und, %0" : : "r"(cpsr));
	}
	a->regs.pc = base + offset;
	a->regs.cpsr = ncpsr;
}

/*
 * A synchronous external abort in the guest's fault status format
 * (TTBCR.EAE: long descriptors, B4.1.52 and B3.13.3): LPAE bit 9 with
 * status 0x10, else FS 0b01000; WnR for data writes.
 */
void arch_vcpu_inject_abort(struct arch_vcpu *a, const struct trap_info *t)
{
	bool data = t->kind == TRAP_DABT;
	uint32_t fsr = (read_sysreg(TTBCR) & BIT(31)) ? (BIT(9) | 0x10) : 0x08;

	if (data) {
		if (t->abort.write)
			fsr |= BIT(11);
		write_sysreg(DFSR, fsr);
		write_sysreg(DFAR, (uint32_t)t->abort.va);
		/* Data abort: LR = the instruction + 8 (B1.9.9). */
		take_exception(a, PSR_MODE_ABT, 0x10, a->regs.pc + 8);
	} else {
		write_sysreg(IFSR, fsr);
		write_sysreg(IFAR, (uint32_t)t->abort.va);
		/* Prefetch abort: LR = the instruction + 4 (B1.9.8). */
		take_exception(a, PSR_MODE_ABT, 0x0c, a->regs.pc + 4);
	}
}

void arch_vcpu_inject_undef(struct arch_vcpu *a)
{
	/* LR = the next instruction: + 2 in Thumb, + 4 in ARM (B1.9.6). */
	take_exception(a, PSR_MODE_UND, 0x04, a->regs.pc + ((a->regs.cpsr & PSR_T) ? 2 : 4));
}
