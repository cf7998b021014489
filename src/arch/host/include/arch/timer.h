/* SPDX-License-Identifier: MIT */
/* Host stand-in for the EL1 timers: their outputs are what a test set in
 * host_vcpu_log.timer_level (arch/host_vcpu.h). */
#ifndef SEPTUM_ARCH_TIMER_H
#define SEPTUM_ARCH_TIMER_H

#include <arch/host_vcpu.h>

enum arch_timer { ARCH_TIMER_PHYS, ARCH_TIMER_VIRT, ARCH_TIMERS };

static inline bool arch_timer_asserted(enum arch_timer t)
{
	return host_vcpu_log.timer_level[t];
}

#endif /* SEPTUM_ARCH_TIMER_H */
