/* SPDX-License-Identifier: MIT */
/*
 * The EL1 timers a vCPU owns (virtual and physical), as the guest sees
 * their interrupts: levels. The timer's output is asserted while it is
 * enabled, its condition met and not masked (Arm ARM D11.2); Septum
 * forwards the physical PPI when it fires and withdraws the virtual one
 * when the guest drops the output before acknowledging it.
 */
#ifndef SEPTUM_VTIMER_H
#define SEPTUM_VTIMER_H

#include <arch/timer.h>

#include "types.h"
#include "vcpu.h"

struct cpu;
struct vcpu;

/* Physical PPI intid, one of the two EL1 timers' (cpu_irqs), fired on
 * CPU c: acknowledged and its priority dropped, still active. Forwards it
 * to c's loaded vCPU, else ends it. */
void vtimer_fired(struct cpu *c, uint32_t intid);
/* The same on the short path (cpu_irq_fast), for v, loaded and running
 * on this CPU: what the arch does next (vgic_vcpu_forward). */
enum vcpu_fast vtimer_fired_fast(struct vcpu *v, uint32_t intid);

/* Timer t's output was seen low on v's CPU: its interrupt is no longer in
 * flight; the guest's pending one goes and the physical one is ended
 * where Septum holds it. */
void vtimer_dropped(struct vcpu *v, enum arch_timer t);

/* On v's CPU between an exit and the entry (after the list registers are
 * read back), for live = v->timer_live (nonzero): looks at the output of
 * each timer whose forwarded interrupt may still be in flight. Inline:
 * a system register read per live timer on the exit path. */
static inline void vtimer_sample(struct vcpu *v, unsigned live)
{
	if ((live & BIT(ARCH_TIMER_VIRT)) && !arch_timer_asserted(ARCH_TIMER_VIRT))
		vtimer_dropped(v, ARCH_TIMER_VIRT);
	if ((live & BIT(ARCH_TIMER_PHYS)) && !arch_timer_asserted(ARCH_TIMER_PHYS))
		vtimer_dropped(v, ARCH_TIMER_PHYS);
}

/* v leaves its CPU (after vgic_vcpu_put): ends what its timers held. */
void vtimer_put(struct vcpu *v);

#endif /* SEPTUM_VTIMER_H */
