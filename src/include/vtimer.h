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

#include "types.h"

struct cpu;
struct vcpu;

/* Physical PPI intid, one of the two EL1 timers' (cpu_irqs), fired on
 * CPU c: acknowledged and its priority dropped, still active. Forwards it
 * to c's loaded vCPU, else ends it. */
void vtimer_fired(struct cpu *c, uint32_t intid);

/* On v's CPU between an exit and the entry (after the list registers are
 * read back): for each timer whose forwarded interrupt may still be in
 * flight, looks at its output; once low, the guest's pending interrupt
 * goes and the physical one is ended where Septum holds it. */
void vtimer_sample(struct vcpu *v);

/* v leaves its CPU (after vgic_vcpu_put): ends what its timers held. */
void vtimer_put(struct vcpu *v);

#endif /* SEPTUM_VTIMER_H */
