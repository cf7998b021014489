/* SPDX-License-Identifier: MIT */
/*
 * The EL2 timer shared by its clients (htimer.h). Every deadline is
 * kept per CPU in struct cpu; CNTHP follows the earliest. Only the
 * calling CPU touches its own state, with interrupts masked: no lock.
 */
#include "arch.h"
#include "cpu.h"
#include "htimer.h"

static void (*clients[HTIMER_CLIENTS])(struct cpu *c, uint64_t now);

void htimer_register(enum htimer_client k, void (*fn)(struct cpu *c, uint64_t now))
{
	clients[k] = fn;
}

uint64_t htimer_next(const struct cpu *c)
{
	uint64_t first = 0;

	for (unsigned k = 0; k < HTIMER_CLIENTS; k++) {
		uint64_t d = c->htimer.deadline[k];

		if (d && (!first || d < first))
			first = d;
	}
	return first;
}

/* Programs the hardware to the earliest armed deadline of c (the calling
 * CPU), or stops it; touches it only when that changes. */
static void reprogram(struct cpu *c)
{
	uint64_t first = htimer_next(c);

	if (first == c->htimer.programmed)
		return;
	c->htimer.programmed = first;
	if (first)
		arch_htimer_program(first);
	else
		arch_htimer_stop();
}

void htimer_set(enum htimer_client k, uint64_t deadline)
{
	struct cpu *c = cpu_this();

	c->htimer.deadline[k] = deadline;
	reprogram(c);
}

void htimer_fired(struct cpu *c)
{
	uint64_t now = arch_counter();

	/* The hardware fired for c->htimer.programmed: forget it, so that
	 * re-arming the same deadline programs it again. */
	c->htimer.programmed = ~0ull;
	for (unsigned k = 0; k < HTIMER_CLIENTS; k++) {
		uint64_t d = c->htimer.deadline[k];

		if (!d || d > now)
			continue;
		c->htimer.deadline[k] = 0;
		if (clients[k])
			clients[k](c, now);
	}
	reprogram(c);
}
