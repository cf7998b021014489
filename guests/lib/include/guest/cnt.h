/* SPDX-License-Identifier: MIT */
/* The generic timer's counters (Arm ARM D11.1), read at EL1. */
#ifndef GUEST_CNT_H
#define GUEST_CNT_H

#include <guest/types.h>

static inline u64 cnt_freq(void)
{
	return read_sysreg(cntfrq_el0) & 0xffffffffu;
}

/* CNTVCT_EL0, ordered after earlier instructions by an ISB. */
static inline u64 cnt_now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static inline u64 cnt_phys_now(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

/* Counter ticks to nanoseconds / milliseconds, without overflow. */
u64 cnt_ticks_to_ns(u64 ticks);
u64 cnt_ticks_to_ms(u64 ticks);
u64 cnt_ms_to_ticks(u64 ms);

/* Busy-waits ms milliseconds of counter time. */
void cnt_delay_ms(u64 ms);

#endif /* GUEST_CNT_H */
