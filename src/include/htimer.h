/* SPDX-License-Identifier: MIT */
/*
 * The EL2 timer (CNTHP), one per physical CPU, shared by the parts of
 * Septum that need a deadline on the calling CPU: the time-partition
 * scheduler and the health monitor. Each client has at most one deadline
 * per CPU; the hardware is programmed to the earliest armed one and
 * stopped when none is armed, so a CPU with no client armed never takes
 * the interrupt (pinned CPUs keep their path as it was).
 */
#ifndef SEPTUM_HTIMER_H
#define SEPTUM_HTIMER_H

#include "types.h"

struct cpu;

enum htimer_client { HTIMER_SCHED, HTIMER_WDOG, HTIMER_CLIENTS };

/* Per-CPU state, in struct cpu. */
struct htimer {
	uint64_t deadline[HTIMER_CLIENTS];   /* counter ticks, 0 = disarmed */
	uint64_t programmed;                 /* in CNTHP_CVAL, 0 = stopped */
};

/* At boot, before any CPU arms client k: fn runs on the CPU whose
 * deadline for k expired, with the counter value it was seen at, from
 * the interrupt path (the deadline is already cleared; fn may re-arm). */
void htimer_register(enum htimer_client k, void (*fn)(struct cpu *c, uint64_t now));

/* Arms client k on the calling CPU for deadline (absolute, arch_counter()
 * ticks), or disarms it (0); the hardware follows the earliest deadline.
 * Interrupts masked (EL2 runs with them masked). */
void htimer_set(enum htimer_client k, uint64_t deadline);

/* The earliest deadline armed on c (any client), 0 if none. */
uint64_t htimer_next(const struct cpu *c);

/* The EL2 timer's interrupt (cpu_irqs.htimer) on c, the calling CPU:
 * runs each client whose deadline has passed, then reprograms. */
void htimer_fired(struct cpu *c);

#endif /* SEPTUM_HTIMER_H */
