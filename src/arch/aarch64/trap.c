/* SPDX-License-Identifier: MIT */
/*
 * One C function per vector (vectors.S). Each describes the exit in
 * neutral terms (trap.h), makes the one call into the core, vcpu_exit(),
 * and does what it returns: hand the frame back to ERET, or leave the
 * guest for the idle loop (the exception stack is abandoned; nothing is
 * held across). src/DESIGN.md, "The hot path", lists every step.
 */
#include <arch/aarch32.h>
#include <arch/esr.h>
#include <arch/sysreg.h>

#include "arch.h"
#include "check.h"
#include "cpu.h"
#include "trap.h"
#include "vcpu.h"
#include "vm.h"

struct arch_regs *arch_guest_sync(struct arch_regs *regs);
struct arch_regs *arch_guest_sync32(struct arch_regs *regs);
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
	struct trap_info t;

	if (!aarch32_cond_passed((uint32_t)esr, regs->pstate)) {
		arch_vcpu_skip_insn(container_of(regs, struct arch_vcpu, regs),
				    (esr & ESR_IL) ? 4 : 2);
		return regs;
	}
	arch_trap_decode(esr, read_sysreg(far_el2), read_sysreg(hpfar_el2), &t);
	return act(regs, &t);
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
