/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the vCPU side of the arch interface (arch.h): no
 * hardware. Exceptions injected into a guest and vCPU resets, loads and
 * puts are recorded in host_vcpu_log. Entering a guest is not something
 * the unit tests do: it aborts.
 */
#include <arch/host_vcpu.h>
#include <stdlib.h>

#include "arch.h"

struct host_vcpu_log host_vcpu_log;

void host_vcpu_log_reset(void)
{
	host_vcpu_log = (struct host_vcpu_log){ 0 };
}

void arch_vcpu_inject_abort(struct arch_vcpu *a, const struct trap_info *t)
{
	host_vcpu_log.count++;
	host_vcpu_log.last = HOST_INJECT_ABORT;
	host_vcpu_log.last_abort = *t;
}

void arch_vcpu_inject_undef(struct arch_vcpu *a)
{
	host_vcpu_log.count++;
	host_vcpu_log.last = HOST_INJECT_UNDEF;
}

uint64_t arch_vcpu_id_reg(const struct arch_vcpu *a, unsigned id)
{
	return id < ID_REGS ? host_vcpu_log.id_regs[id] : 0;
}

void arch_vcpu_reset(struct arch_vcpu *a, uint64_t entry, uint64_t arg, unsigned flags,
		     uint64_t vmpidr, uint64_t vttbr, uint64_t cntvoff)
{
	*a = (struct arch_vcpu){ 0 };
	a->regs.pc = entry;
	a->regs.x[0] = arg;
	a->aarch32 = flags & ARCH_ENTRY_AARCH32;
	host_vcpu_log.last_flags = flags;
	host_vcpu_log.resets++;
}

void arch_vcpu_load(struct arch_vcpu *a)
{
	host_vcpu_log.loads++;
}

void arch_vcpu_put(struct arch_vcpu *a)
{
	host_vcpu_log.puts++;
}

void arch_vcpu_enter(struct arch_regs *regs)
{
	abort();
}

bool arch_aarch32_el1(void)
{
	return !host_vcpu_log.no_aarch32_el1;
}
