/* SPDX-License-Identifier: MIT */
/* The EL1 timers of the vCPU loaded on this CPU (inline: every exit with a
 * timer interrupt in flight asks, src/core/vtimer.c). */
#ifndef SEPTUM_ARCH_TIMER_H
#define SEPTUM_ARCH_TIMER_H

#include <arch/sysreg.h>

#include "types.h"

/* The EL1 timers a vCPU owns. */
enum arch_timer { ARCH_TIMER_PHYS, ARCH_TIMER_VIRT, ARCH_TIMERS };

/* Does EL1 timer t assert its interrupt now: CNTx_CTL_EL0 ENABLE[0] set,
 * IMASK[1] clear, ISTATUS[2] set (Arm ARM D11.2)? */
static inline bool arch_timer_asserted(enum arch_timer t)
{
	uint64_t ctl = t == ARCH_TIMER_VIRT ? read_sysreg(cntv_ctl_el0) :
					      read_sysreg(cntp_ctl_el0);

	return (ctl & 7) == 5;
}

#endif /* SEPTUM_ARCH_TIMER_H */
