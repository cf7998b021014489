/* SPDX-License-Identifier: MIT */
/* AArch64 vCPU state: what a guest owns while it runs on a physical CPU. */
#ifndef SEPTUM_ARCH_VCPU_H
#define SEPTUM_ARCH_VCPU_H

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

struct arch_vcpu {
	struct arch_regs regs;
	struct arch_el1_ctx el1;
	struct arch_fp_ctx fp;
	uint64_t pauth[ARCH_PAUTH_KEYS];
	uint64_t vmpidr;
	uint64_t hcr;
	uint64_t vttbr;
	uint64_t cntvoff;
};

/* General register n of a vCPU's frame (31 reads as zero, ignores
 * writes), and its pc. Inline: the hypercall path uses them per argument. */
static inline uint64_t arch_vcpu_get_reg(const struct arch_vcpu *a, unsigned n)
{
	return n < 31 ? a->regs.x[n] : 0;
}

static inline void arch_vcpu_set_reg(struct arch_vcpu *a, unsigned n, uint64_t v)
{
	if (n < 31)
		a->regs.x[n] = v;
}

static inline void arch_vcpu_skip_insn(struct arch_vcpu *a, unsigned len)
{
	a->regs.pc += len;
}

static inline uint64_t arch_vcpu_pc(const struct arch_vcpu *a)
{
	return a->regs.pc;
}

#endif /* SEPTUM_ARCH_VCPU_H */
