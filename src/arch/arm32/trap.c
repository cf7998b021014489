/* SPDX-License-Identifier: MIT */
/*
 * One C function per vector (vectors.S). Each describes the exit in
 * neutral terms (trap.h), makes the one call into the core, vcpu_exit(),
 * and does what it returns: hand the frame back to ERET, or leave the
 * guest for the idle loop (the exception stack is abandoned; nothing is
 * held across).
 */
#include <arch/hsr.h>
#include <arch/sysreg.h>

#include "arch.h"
#include "check.h"
#include "cpu.h"
#include "hvc.h"
#include "trap.h"
#include "vcpu.h"
#include "vm.h"

struct arch_regs *arch_guest_trap(struct arch_regs *regs);
struct arch_regs *arch_guest_irq(struct arch_regs *regs);
__attribute__((noreturn)) void arch_hyp_exception(struct arch_regs *regs, unsigned kind);

/* HSR of HVC #0 (EC 0x12, IL, imm16 0). */
#define HSR_HVC0 ((uint32_t)EC_HVC << HSR_EC_SHIFT | HSR_IL)

static struct arch_regs *next_of(struct arch_regs *regs, enum vcpu_next next)
{
	if (next == VCPU_RUN)
		return regs;
	cpu_idle();
}

static struct arch_regs *act(struct arch_regs *regs, const struct trap_info *t)
{
	struct vcpu *v = container_of(regs, struct vcpu, arch.regs);

	return next_of(regs, vcpu_exit(v, t));
}

/* ConditionPassed() of A8.3 "Conditional execution" for flags NZCV. */
static bool cond_holds(unsigned cond, uint32_t cpsr)
{
	bool n = cpsr & BIT(31), z = cpsr & BIT(30), c = cpsr & BIT(29), v = cpsr & BIT(28);
	bool r;

	switch (cond >> 1) {
	case 0: r = z; break;
	case 1: r = c; break;
	case 2: r = n; break;
	case 3: r = v; break;
	case 4: r = c && !z; break;
	case 5: r = n == v; break;
	case 6: r = n == v && !z; break;
	default: r = true; break;
	}
	return (cond & 1) && cond != 0xf ? !r : r;
}

/*
 * A trapped conditional instruction whose condition fails did nothing
 * (B3.13.6 "Trapping conditional instructions": the classes 0x01..0x0c
 * may trap whatever the condition; CV says whether COND is valid, else
 * it comes from the IT state, or the instruction is unconditional).
 */
static bool cond_failed(uint32_t hsr, uint32_t cpsr)
{
	unsigned ec = HSR_EC(hsr), cond;

	if (ec < EC_WFX || ec > EC_CP14_64)
		return false;
	if (hsr & HSR_CV)
		cond = HSR_COND(hsr);
	else if ((cpsr & PSR_T) && (cpsr & (PSR_IT_LO | PSR_IT_HI)))
		cond = (cpsr >> 12) & 0xf;   /* IT[7:4] */
	else
		return false;
	return !cond_holds(cond, cpsr);
}

struct arch_regs *arch_guest_trap(struct arch_regs *regs)
{
	uint32_t hsr = read_sysreg(HSR);
	struct vcpu *v = container_of(regs, struct vcpu, arch.regs);
	enum vcpu_next next;
	struct trap_info t;

	/* The short path: src/DESIGN.md, "The hot path" (HVC is never
	 * conditional). */
	if (hsr == HSR_HVC0 && vcpu_hvc_fast(v, &next))
		return next_of(regs, next);
	if (cond_failed(hsr, regs->cpsr)) {
		arch_vcpu_skip_insn(&v->arch, (hsr & HSR_IL) ? 4 : 2);
		return regs;
	}
	if (HSR_EC(hsr) == EC_IABT_GUEST)
		arch_trap_decode(hsr, read_sysreg(HIFAR), read_sysreg(HPFAR), &t);
	else if (HSR_EC(hsr) == EC_DABT_GUEST)
		arch_trap_decode(hsr, read_sysreg(HDFAR), read_sysreg(HPFAR), &t);
	else
		arch_trap_decode(hsr, 0, 0, &t);
	return act(regs, &t);
}

struct arch_regs *arch_guest_irq(struct arch_regs *regs)
{
	const struct trap_info t = { .kind = TRAP_IRQ };

	return act(regs, &t);
}

void arch_hyp_exception(struct arch_regs *regs, unsigned kind)
{
	static const char *const names[] = { "reset", "undefined instruction", "HVC",
					     "prefetch abort", "data abort" };

	panic("%s in HYP mode: pc %#x hsr %#x hdfar %#x hifar %#x lr %#x",
	      names[kind % 5], regs->pc, read_sysreg(HSR), read_sysreg(HDFAR),
	      read_sysreg(HIFAR), regs->lr_usr);
}
