/* SPDX-License-Identifier: MIT */
/* AArch64 vCPU state: what a guest owns while it runs on a physical CPU. */
#ifndef SEPTUM_ARCH_VCPU_H
#define SEPTUM_ARCH_VCPU_H

#include <arch/aarch32.h>

#include "types.h"

/*
 * The trap frame. While a vCPU runs, SP_EL2 points at its arch_regs, so the
 * vectors save x0..x30, ELR_EL2 and SPSR_EL2 straight into it (vectors.S).
 * Offsets are pinned below because the assembly uses them.
 */
struct arch_regs {
	uint64_t x[31];
	uint64_t pc;       /* ELR_EL2 */
	uint64_t pstate;   /* SPSR_EL2 */
	uint64_t pad;
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct arch_regs) == 272, "vectors.S frame size");

/* EL1 (and EL0) system registers a guest owns. */
struct arch_el1_ctx {
	uint64_t sctlr, actlr, cpacr, ttbr0, ttbr1, tcr, mair, amair;
	uint64_t vbar, contextidr, tpidr_el0, tpidrro_el0, tpidr_el1;
	uint64_t sp_el0, sp_el1, elr_el1, spsr_el1, esr_el1, far_el1;
	uint64_t afsr0, afsr1, par, cntkctl, csselr, mdscr;
	uint64_t cntv_ctl, cntv_cval, cntp_ctl, cntp_cval;
};

/* FP/SIMD: V0..V31, FPSR, FPCR (fpsimd.S depends on this layout). */
struct arch_fp_ctx {
	__uint128_t v[32];
	uint64_t fpsr;
	uint64_t fpcr;
} __attribute__((aligned(16)));

/* Pointer authentication keys APIA, APIB, APDA, APDB, APGA, each low then
 * high half (switched when VMs see the feature). */
#define ARCH_PAUTH_KEYS 10

/* What only an AArch32 EL1 has beyond the EL1 registers above (Arm ARM
 * D1.8, the AArch32 EL1 state in AArch64 EL2's view): the SPSRs of abt,
 * und, irq and fiq (SPSR_svc is SPSR_EL1), DACR, IFSR and FPEXC. */
struct arch_el1_32 {
	uint64_t spsr_abt, spsr_und, spsr_irq, spsr_fiq;
	uint64_t dacr, ifsr, fpexc;
};

struct arch_vcpu {
	struct arch_regs regs;
	struct arch_el1_ctx el1;
	struct arch_fp_ctx fp;
	uint64_t pauth[ARCH_PAUTH_KEYS];
	struct arch_el1_32 el1_32;   /* switched only if aarch32 */
	bool aarch32;                /* EL1 is AArch32 (HCR_EL2.RW = 0) */
	uint64_t vmpidr;
	uint64_t hcr;
	uint64_t vttbr;
	uint64_t cntvoff;
};

/* Ends a trapped AArch32 instruction: the IT state advances. */
void arch_vcpu_skip32(struct arch_vcpu *a);

/*
 * General register n of a vCPU's frame (31 reads as zero, ignores
 * writes), and its pc. For an AArch32 vCPU too: a syndrome from AArch32
 * names its registers in the AArch64 view (Arm ARM D17.2.37, ISS Rt, Rt2,
 * SRT: "the AArch64 view of the register"; D1.8.1 maps LR_svc to x18,
 * R8_fiq to x24, ...), so n is already the banked register of the mode
 * the guest was in. Inline: the hypercall path uses them per argument.
 */
static inline uint64_t arch_vcpu_get_reg(const struct arch_vcpu *a, unsigned n)
{
	return n < 31 ? a->regs.x[n] : 0;
}

static inline void arch_vcpu_set_reg(struct arch_vcpu *a, unsigned n, uint64_t v)
{
	if (n < 31)
		a->regs.x[n] = v;
}

/* Steps over the trapped instruction (len bytes); for AArch32 also its
 * part of an IT block. */
static inline void arch_vcpu_skip_insn(struct arch_vcpu *a, unsigned len)
{
	a->regs.pc += len;
	if (a->aarch32)
		arch_vcpu_skip32(a);
}

/* True if the vCPU's EL1 is AArch32 (32-bit registers, SMC32 calls). */
static inline bool arch_vcpu_aarch32(const struct arch_vcpu *a)
{
	return a->aarch32;
}

static inline uint64_t arch_vcpu_pc(const struct arch_vcpu *a)
{
	return a->regs.pc;
}

#define TIMER_CTX(a) ((a)->el1)

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
