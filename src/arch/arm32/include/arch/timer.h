/* SPDX-License-Identifier: MIT */
/* The PL1 timers of the vCPU loaded on this CPU, through CP15 (inline:
 * every exit with a timer interrupt in flight asks, src/core/vtimer.c). */
#ifndef SEPTUM_ARCH_TIMER_H
#define SEPTUM_ARCH_TIMER_H

#include <arch/sysreg.h>

#include "types.h"

/* The PL1 timers a vCPU owns. */
enum arch_timer { ARCH_TIMER_PHYS, ARCH_TIMER_VIRT, ARCH_TIMERS };

/* Does timer t assert its interrupt now: CNTx_CTL ENABLE[0] set, IMASK[1]
 * clear, ISTATUS[2] set (Arm ARM DDI 0406C B8.2.4)? */
static inline bool arch_timer_asserted(enum arch_timer t)
{
	uint32_t ctl = t == ARCH_TIMER_VIRT ? read_sysreg(CNTV_CTL) : read_sysreg(CNTP_CTL);

	return (ctl & 7) == 5;
}

#endif /* SEPTUM_ARCH_TIMER_H */
