/* SPDX-License-Identifier: MIT */
/*
 * Physical CPUs. Each runs at most one vCPU, pinned by the partition
 * description; a CPU whose vCPU is off waits in cpu_idle().
 */
#ifndef SEPTUM_CPU_H
#define SEPTUM_CPU_H

#include "board.h"
#include "types.h"

struct vcpu;

/* Requests one CPU makes of another (bits in cpu.requests), sent with an
 * IPI. The target acts on them in cpu_handle_requests(). */
#define CPU_REQ_CHECK_VCPU BIT(0)   /* the vCPU's power state changed */

struct cpu {
	uint64_t stack_top;      /* offset 0: used by vectors.S and head.S */
	unsigned id;             /* logical index (board /cpus order) */
	uint64_t mpidr;
	bool online;
	struct vcpu *vcpu;       /* the vCPU pinned here, or NULL */
	uint32_t requests;       /* CPU_REQ_*, atomic */
};

extern struct cpu cpus[BOARD_MAX_CPUS];

/* INTIDs of the physical interrupts Septum handles (0 = none). */
struct cpu_irqs {
	uint32_t maint;      /* virtual interface maintenance (PPI) */
	uint32_t vtimer;     /* EL1 virtual timer (PPI), forwarded */
	uint32_t uart;       /* console UART receive (SPI), boot CPU */
};
extern struct cpu_irqs cpu_irqs;
extern unsigned cpu_count;

/* The calling CPU. */
struct cpu *cpu_this(void);
/* Sets bits in target's requests and interrupts it (an SGI). */
void cpu_request(struct cpu *target, uint32_t req);
/* Runs the pinned vCPU when it is on, else waits for an IPI. Never returns.
 * Called on a CPU's own stack, with nothing to unwind. */
__attribute__((noreturn)) void cpu_idle(void);
/* Handles pending IPIs and requests; called from the IRQ path. */
void cpu_handle_interrupt(void);

#endif /* SEPTUM_CPU_H */
