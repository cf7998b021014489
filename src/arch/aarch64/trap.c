/* SPDX-License-Identifier: MIT */
/*
 * One C function per vector (vectors.S). Each decodes what the hardware
 * reports into neutral terms and lets the core decide.
 */
#include <arch/sysreg.h>

#include "arch.h"
#include "check.h"
#include "console.h"
#include "cpu.h"
#include "trap.h"
#include "vm.h"
#include "vgic_vm.h"

struct arch_regs *arch_guest_sync(struct arch_regs *regs);
struct arch_regs *arch_guest_irq(struct arch_regs *regs);
struct arch_regs *arch_guest_serror(struct arch_regs *regs);
__attribute__((noreturn)) void arch_hyp_exception(struct arch_regs *regs, unsigned kind);

static struct vcpu *regs_vcpu(struct arch_regs *regs)
{
	return container_of(regs, struct vcpu, arch.regs);
}

struct arch_regs *arch_guest_sync(struct arch_regs *regs)
{
	struct vcpu *v = regs_vcpu(regs);
	struct trap_info t;

	vgic_vcpu_exit(v);
	arch_trap_decode(read_sysreg(esr_el2), read_sysreg(far_el2),
			 read_sysreg(hpfar_el2), &t);
	trap_handle(v, &t);
	return vcpu_resume(v);
}

struct arch_regs *arch_guest_irq(struct arch_regs *regs)
{
	struct vcpu *v = regs_vcpu(regs);

	vgic_vcpu_exit(v);
	cpu_handle_interrupt();
	return vcpu_resume(v);
}

struct arch_regs *arch_guest_serror(struct arch_regs *regs)
{
	struct vcpu *v = regs_vcpu(regs);

	vgic_vcpu_exit(v);
	vcpu_fatal(v, "SError", read_sysreg(esr_el2));
	return vcpu_resume(v);
}

void arch_hyp_exception(struct arch_regs *regs, unsigned kind)
{
	static const char *const names[] = { "synchronous", "IRQ", "FIQ", "SError" };

	panic("%s exception at EL2: pc %#lx esr %#lx far %#lx lr %#lx",
	      names[kind & 3], regs->pc, read_sysreg(esr_el2), read_sysreg(far_el2),
	      regs->x[30]);
}
