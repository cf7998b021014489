/* SPDX-License-Identifier: MIT */
/* Host stand-ins for the vCPU register accessors (the trap frame is the
 * same struct as on AArch64; nothing here touches a CPU). */
#include <arch/vcpu.h>

#include "arch.h"

uint64_t arch_vcpu_get_reg(const struct arch_vcpu *a, unsigned n)
{
	return n < 31 ? a->regs.x[n] : 0;
}

void arch_vcpu_set_reg(struct arch_vcpu *a, unsigned n, uint64_t v)
{
	if (n < 31)
		a->regs.x[n] = v;
}

void arch_vcpu_skip_insn(struct arch_vcpu *a, unsigned len)
{
	a->regs.pc += len;
}

uint64_t arch_vcpu_pc(const struct arch_vcpu *a)
{
	return a->regs.pc;
}
