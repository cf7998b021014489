/* SPDX-License-Identifier: MIT */
/*
 * One C function per vector (vectors.S). Each describes the exit in
 * neutral terms (trap.h), makes the one call into the core, vcpu_exit(),
 * and does what it returns: hand the frame back to ERET, or leave the
 * guest for the idle loop (the exception stack is abandoned; nothing is
 * held across). src/DESIGN.md, "The hot path", lists every step.
 */
#include <arch/aarch32.h>
#include <arch/dabt.h>
#include <arch/esr.h>
#include <arch/sysreg.h>

#include "arch.h"
#include "check.h"
#include "cpu.h"
#include "hvc.h"
#include "trap.h"
#include "vcpu.h"
#include "vgic_vm.h"
#include "vm.h"
#include "vmmio_short.h"

unsigned arch_guest_sync_fast(struct arch_regs *regs, uint64_t esr);
unsigned arch_guest_abort_fast(struct arch_regs *regs, uint64_t esr);
struct arch_regs *arch_guest_exit_tail(struct arch_regs *regs);
struct arch_regs *arch_guest_sync(struct arch_regs *regs);
struct arch_regs *arch_guest_sync32(struct arch_regs *regs);
unsigned arch_guest_irq_fast(struct arch_regs *regs);
struct arch_regs *arch_guest_irq(struct arch_regs *regs);
struct arch_regs *arch_guest_serror(struct arch_regs *regs);
__attribute__((noreturn)) void arch_hyp_exception(struct arch_regs *regs, unsigned kind);

static struct arch_regs *act(struct arch_regs *regs, const struct trap_info *t)
{
	struct vcpu *v = container_of(regs, struct vcpu, arch.regs);

	if (vcpu_exit(v, t) == VCPU_RUN)
		return regs;
	cpu_idle();
}

/* ESR_EL2 of HVC #0 (EC 0x16, IL, imm16 0), and of an MSR ICC_SGI1R_EL1
 * (EC 0x18, IL; Op0 3, Op2 5, Op1 0, CRn 12, CRm 11, a write) but for
 * its Rt [9:5]. */
#define ESR_HVC0        ((uint64_t)EC_HVC64 << ESR_EC_SHIFT | ESR_IL)
#define ESR_SGI1R_WRITE ((uint64_t)EC_SYSREG << ESR_EC_SHIFT | ESR_IL | 3u << 20 | \
			 5u << 17 | 12u << 10 | 11u << 1)
#define ESR_RT_MASK     (0x1full << 5)
#define ESR_HVC32_0     ((uint64_t)EC_HVC32 << ESR_EC_SHIFT | ESR_IL)

/* What vectors.S does after arch_guest_sync_fast. */
enum fast {
	FAST_NO,        /* not handled: complete the frame, the full exit */
	FAST_DONE,      /* handled: reload x0..x18, x30 and ERET */
	FAST_TAIL,      /* handled: complete the frame, arch_guest_exit_tail */
};
_Static_assert(FAST_NO == (int)VCPU_FAST_NO && FAST_DONE == (int)VCPU_FAST_DONE &&
	       FAST_TAIL == (int)VCPU_FAST_TAIL, "the core's short path answers as the vectors");

/* Is register n in the fast path's frame (x0..x18, x30, or xzr)? */
static bool in_fast_frame(unsigned n)
{
	return n <= 18 || n >= 30;
}

/* The value an MSR's Rt carries, if Rt is in the fast path's frame. */
static bool fast_rt(const struct arch_regs *regs, uint64_t esr, uint64_t *val)
{
	unsigned rt = (unsigned)(esr & ESR_RT_MASK) >> 5;

	if (!in_fast_frame(rt))
		return false;
	*val = rt == 31 ? 0 : regs->x[rt];
	return true;
}

/*
 * A trap with an HVC or system register syndrome (from AArch64), with only
 * x0..x18 and x30 in the frame and ELR_EL2 still live (vectors.S): the
 * calls hvc_fast answers and SGIs sent with ICC_SGI1R_EL1, else FAST_NO
 * having done nothing. src/DESIGN.md, "The hot path".
 */
unsigned arch_guest_sync_fast(struct arch_regs *regs, uint64_t esr)
{
	struct vcpu *v = container_of(regs, struct vcpu, arch.regs);
	struct smccc_res out;
	uint64_t val;

	if (esr == ESR_HVC0) {
		if (!hvc_fast(v, (uint32_t)regs->x[0], regs->x[1], &out))
			return FAST_NO;
		for (unsigned i = 0; i < out.nres; i++)
			regs->x[i] = (uint64_t)out.r[i];
	} else if ((esr & ~ESR_RT_MASK) == ESR_SGI1R_WRITE && fast_rt(regs, esr, &val)) {
		if (!vgic_vm_sgi1r(v, val))
			return FAST_NO;
		write_sysreg(elr_el2, read_sysreg(elr_el2) + 4);
	} else {
		return FAST_NO;
	}
	return vcpu_fast_return(v) ? FAST_DONE : FAST_TAIL;
}

/*
 * A data abort from AArch64 (EC 0x24), with the frame and ELR_EL2 as for
 * arch_guest_sync_fast: an access to an emulated device that
 * vmmio_emulate_short can take (the vGIC's frames), if its transfer register
 * is in the frame; else FAST_NO having done nothing.
 */
unsigned arch_guest_abort_fast(struct arch_regs *regs, uint64_t esr)
{
	struct vcpu *v = container_of(regs, struct vcpu, arch.regs);
	struct trap_info t;

	if (!dabt_access(esr, read_sysreg(far_el2), read_sysreg(hpfar_el2), &t) ||
	    !in_fast_frame(t.abort.reg) || vmmio_emulate_short(v, &t) != VMMIO_DONE)
		return FAST_NO;
	write_sysreg(elr_el2, read_sysreg(elr_el2) + t.insn_len);
	return vcpu_fast_return(v) ? FAST_DONE : FAST_TAIL;
}

/* After FAST_TAIL, with the whole frame saved. */
struct arch_regs *arch_guest_exit_tail(struct arch_regs *regs)
{
	struct vcpu *v = container_of(regs, struct vcpu, arch.regs);

	if (vcpu_exit_tail(v) == VCPU_RUN)
		return regs;
	cpu_idle();
}

struct arch_regs *arch_guest_sync(struct arch_regs *regs)
{
	struct trap_info t;

	arch_trap_decode(read_sysreg(esr_el2), read_sysreg(far_el2), read_sysreg(hpfar_el2),
			 &t);
	return act(regs, &t);
}

/* From an AArch32 EL1 (its own vector: the AArch64 path pays nothing for
 * it). A conditional instruction that trapped although its condition
 * fails did nothing: it is stepped over (IT state too), not emulated. */
struct arch_regs *arch_guest_sync32(struct arch_regs *regs)
{
	uint64_t esr = read_sysreg(esr_el2);
	struct vcpu *v = container_of(regs, struct vcpu, arch.regs);
	enum vcpu_next next;
	struct trap_info t;

	/* An AArch32 VM's HVC #0 (never conditional; the frame is whole):
	 * the short path's calls in their SMC32 form. */
	if (esr == ESR_HVC32_0 && vcpu_hvc_fast(v, &next)) {
		if (next == VCPU_RUN)
			return regs;
		cpu_idle();
	}
	if (!aarch32_cond_passed((uint32_t)esr, regs->pstate)) {
		arch_vcpu_skip_insn(container_of(regs, struct arch_vcpu, regs),
				    (esr & ESR_IL) ? 4 : 2);
		return regs;
	}
	arch_trap_decode(esr, read_sysreg(far_el2), read_sysreg(hpfar_el2), &t);
	return act(regs, &t);
}

/*
 * An interrupt from the guest (either state), with only x0..x18 and x30 in
 * the frame and ELR_EL2, SPSR_EL2 still live (vectors.S): cpu_irq_fast.
 * After FAST_NO, arch_guest_irq handles the interrupt it acknowledged.
 */
unsigned arch_guest_irq_fast(struct arch_regs *regs)
{
	return cpu_irq_fast(container_of(regs, struct vcpu, arch.regs));
}

struct arch_regs *arch_guest_irq(struct arch_regs *regs)
{
	const struct trap_info t = { .kind = TRAP_IRQ };

	return act(regs, &t);
}

struct arch_regs *arch_guest_serror(struct arch_regs *regs)
{
	const struct trap_info t = { .kind = TRAP_SERROR,
				     .esr = (uint32_t)read_sysreg(esr_el2) };

	return act(regs, &t);
}

void arch_hyp_exception(struct arch_regs *regs, unsigned kind)
{
	static const char *const names[] = { "synchronous", "IRQ", "FIQ", "SError" };

	panic("%s exception at EL2: pc %#lx esr %#lx far %#lx lr %#lx",
	      names[kind & 3], regs->pc, read_sysreg(esr_el2), read_sysreg(far_el2),
	      regs->x[30]);
}
