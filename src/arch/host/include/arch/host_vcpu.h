/* SPDX-License-Identifier: MIT */
/*
 * The host stand-in for what the core asks of a CPU and a vCPU's hardware
 * context beyond its registers (src/arch/host/vcpu.c): each exception the
 * core injects into a guest, each vCPU reset, load and put is recorded
 * here for the unit tests to inspect; the ID register values a VM sees
 * are set here by the tests.
 */
#ifndef SEPTUM_ARCH_HOST_VCPU_H
#define SEPTUM_ARCH_HOST_VCPU_H

#include <arch/id_regs.h>

#include "trap.h"

enum host_inject {
	HOST_INJECT_NONE,
	HOST_INJECT_UNDEF,
	HOST_INJECT_ABORT,
};

struct host_vcpu_log {
	unsigned count;              /* injections since the reset */
	enum host_inject last;
	struct trap_info last_abort; /* the trap an abort was injected for */
	unsigned resets, loads, puts, syncs;   /* arch_vcpu_reset ... */
	size_t zeroed_to_poc;                  /* bytes, arch_zero_to_poc */
	unsigned last_flags;         /* the last reset's ARCH_ENTRY_* */
	bool no_aarch32_el1;         /* arch_aarch32_el1() says false */
	uint64_t counter;            /* what arch_counter() returns */
	uint64_t work_ticks;         /* arch_zero and arch_sync_guest_memory
	                              * move counter on by this much */
	bool irq_pending;            /* what arch_irq_pending() answers */
	uint64_t htimer_cval;        /* the EL2 timer's deadline, 0 = stopped */
	unsigned htimer_writes;      /* arch_htimer_program/stop calls */
	bool timer_level[2];         /* arch_timer_asserted(phys, virt) */
	uint64_t id_regs[ID_REGS];   /* what arch_vcpu_id_reg() answers */
};

extern struct host_vcpu_log host_vcpu_log;

/* Forgets what was recorded and the ID register values set. */
void host_vcpu_log_reset(void);

#endif /* SEPTUM_ARCH_HOST_VCPU_H */
