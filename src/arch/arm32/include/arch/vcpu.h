/* SPDX-License-Identifier: MIT */
/* ARMv7-A vCPU state: what a guest owns while it runs on a physical CPU. */
#ifndef SEPTUM_ARCH_VCPU_H
#define SEPTUM_ARCH_VCPU_H

#include "types.h"

/*
 * The trap frame. While a vCPU runs, SP_hyp points at its arch_regs, so
 * the HYP vectors store r0..r12 and LR straight into it (vectors.S). HYP
 * mode has no LR of its own: its r14 is LR_usr, the guest's, saved here
 * too. The guest's other banked SP/LR/SPSR stay in the CPU while it is
 * loaded (struct arch_banked holds them while it is not).
 * Offsets are pinned: the assembly uses them.
 */
struct arch_regs {
	uint32_t r[13];    /* r0..r12 (the User/System bank) */
	uint32_t lr_usr;   /* r14 of User/System mode */
	uint32_t pc;       /* ELR_hyp */
	uint32_t cpsr;     /* SPSR_hyp */
};

_Static_assert(sizeof(struct arch_regs) == 64, "vectors.S frame size");

/* The banked registers of the modes a guest runs in (B9.2.1 "Banked
 * register access instructions"); banked.S depends on this layout. */
struct arch_banked {
	uint32_t sp_usr;
	uint32_t sp_svc, lr_svc, spsr_svc;
	uint32_t sp_abt, lr_abt, spsr_abt;
	uint32_t sp_und, lr_und, spsr_und;
	uint32_t sp_irq, lr_irq, spsr_irq;
	uint32_t r8_fiq, r9_fiq, r10_fiq, r11_fiq, r12_fiq, sp_fiq, lr_fiq, spsr_fiq;
};

/* PL1 (and PL0) CP15 state a guest owns. */
struct arch_cp15_ctx {
	uint64_t ttbr0, ttbr1, par, cntv_cval, cntp_cval;
	uint32_t sctlr, actlr, cpacr, ttbcr, dacr, dfsr, ifsr, adfsr, aifsr;
	uint32_t dfar, ifar, prrr, nmrr, amair0, amair1, vbar, contextidr;
	uint32_t tpidrurw, tpidruro, tpidrprw, csselr, cntkctl, cntv_ctl, cntp_ctl;
};

/* VFP/Advanced SIMD: D0..D31, FPSCR, FPEXC (fp.S depends on this layout). */
struct arch_fp_ctx {
	uint64_t d[32];
	uint32_t fpscr;
	uint32_t fpexc;
};

struct arch_vcpu {
	struct arch_regs regs;
	struct arch_banked banked;
	struct arch_cp15_ctx cp15;
	struct arch_fp_ctx fp;
	uint64_t vttbr;
	uint64_t cntvoff;
	uint32_t vmpidr;
	uint32_t hcr;
};

/* SP or LR (n = 13, 14) of the mode in cpsr, read from or written to the
 * CPU's banked registers: the vCPU is loaded (banked.S). */
uint32_t arch_banked_get(uint32_t cpsr, unsigned n);
void arch_banked_set(uint32_t cpsr, unsigned n, uint32_t v);

/* General register n (0..14) as the vCPU's current mode sees it; 15 and
 * above read as zero and ignore writes. The vCPU must be loaded for 13
 * and 14 outside User/System mode. Inline: the hypercall path uses them
 * per argument. Values are 32 bits: writes keep the low half. */
static inline uint64_t arch_vcpu_get_reg(const struct arch_vcpu *a, unsigned n)
{
	if (n < 13)
		return a->regs.r[n];
	if (n == 14 && ((a->regs.cpsr & 0xf) == 0 || (a->regs.cpsr & 0xf) == 0xf))
		return a->regs.lr_usr;
	return n < 15 ? arch_banked_get(a->regs.cpsr, n) : 0;
}

static inline void arch_vcpu_set_reg(struct arch_vcpu *a, unsigned n, uint64_t v)
{
	if (n < 13)
		a->regs.r[n] = (uint32_t)v;
	else if (n == 14 && ((a->regs.cpsr & 0xf) == 0 || (a->regs.cpsr & 0xf) == 0xf))
		a->regs.lr_usr = (uint32_t)v;
	else if (n < 15)
		arch_banked_set(a->regs.cpsr, n, (uint32_t)v);
}

/* Steps over a trapped instruction of len bytes, advancing the Thumb IT
 * state as the instruction would have (vcpu.c). */
void arch_vcpu_skip_insn(struct arch_vcpu *a, unsigned len);

static inline uint64_t arch_vcpu_pc(const struct arch_vcpu *a)
{
	return a->regs.pc;
}

/* True if the vCPU's EL1 is AArch32 (32-bit registers, SMC32 calls):
 * always, in HYP mode. */
static inline bool arch_vcpu_aarch32(const struct arch_vcpu *a)
{
	return true;
}

#define TIMER_CTX(a) ((a)->cp15)

/* A timer (CTL, CVAL in counter ticks) as a deadline: 0 if it cannot fire
 * (ENABLE clear or IMASK set: Arm ARM D11.2.3, CNTx_CTL). */
static inline uint64_t arch_timer_deadline(uint64_t ctl, uint64_t cval)
{
	return (ctl & 3) == 1 ? (cval ? cval : 1) : 0;
}

/*
 * The physical counter value at which the saved (put) vCPU's earliest EL1
 * timer fires, 0 if neither is armed: the virtual timer counts the
 * physical counter less CNTVOFF. For the scheduler, to wake a vCPU that
 * waits in WFI while it is off its CPU.
 */
static inline uint64_t arch_vcpu_timer_deadline(const struct arch_vcpu *a)
{
	uint64_t v = arch_timer_deadline(TIMER_CTX(a).cntv_ctl, TIMER_CTX(a).cntv_cval);
	uint64_t p = arch_timer_deadline(TIMER_CTX(a).cntp_ctl, TIMER_CTX(a).cntp_cval);

	if (v)
		v += a->cntvoff;
	return !v ? p : !p ? v : v < p ? v : p;
}

/* WFI traps to the hypervisor from now on (HCR_EL2.TWI, HCR.TWI: bit 13
 * on both, Arm ARM D19.2.48, DDI 0406C.d B4.1.65): for a vCPU that shares
 * its CPU by a schedule. Takes effect at the next arch_vcpu_load. */
static inline void arch_vcpu_trap_wfi(struct arch_vcpu *a)
{
	a->hcr |= 1u << 13;
}

#endif /* SEPTUM_ARCH_VCPU_H */
