/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the CPU side of the arch interface (arch.h): this is
 * CPU 0, its counter is host_vcpu_log.counter, the tables are 40-bit.
 * What only real hardware can do (wait for an interrupt, turn on an MMU)
 * is not something the unit tests do: it aborts.
 */
#include <arch/host_vcpu.h>
#include <stdlib.h>

#include "arch.h"
#include "cpu.h"

struct cpu *cpu_this(void)
{
	return &cpus[0];
}

uint64_t arch_cpu_mpidr(void)
{
	return 0;
}

void arch_cpu_init(struct cpu *c)
{
}

int64_t arch_cpu_start(enum psci_conduit conduit, uint64_t mpidr, struct cpu *c)
{
	return -1;
}

void arch_cpu_release(uint64_t release, struct cpu *c)
{
}

void arch_wait_for_interrupt(void)
{
	abort();
}

bool arch_irq_pending(void)
{
	return host_vcpu_log.irq_pending;
}

uint64_t arch_counter(void)
{
	return host_vcpu_log.counter;
}

uint64_t arch_counter_freq(void)
{
	return 62500000;
}

void arch_htimer_program(uint64_t cval)
{
	host_vcpu_log.htimer_cval = cval;
	host_vcpu_log.htimer_writes++;
}

void arch_htimer_stop(void)
{
	host_vcpu_log.htimer_cval = 0;
	host_vcpu_log.htimer_writes++;
}

unsigned arch_pa_bits(void)
{
	return 40;
}

unsigned arch_ia_bits(void)
{
	return 40;
}

void arch_mmu_enable(const struct board *b)
{
	abort();
}

uint64_t arch_unmap_boot_code(void)
{
	return 0;
}

void arch_stage2_init(void)
{
}

uint64_t arch_vttbr(const struct pt *s2)
{
	return ((uint64_t)s2->vmid << 48) | (uint64_t)(uintptr_t)s2->root;
}

void arch_sync_guest_memory(void *p, size_t n)
{
	host_vcpu_log.syncs++;
	host_vcpu_log.counter += host_vcpu_log.work_ticks;
}
