/* SPDX-License-Identifier: MIT */
/*
 * The EL1 virtual timer (Arm ARM D11.2: CNTV_CVAL_EL0, CNTV_CTL_EL0),
 * compared with CNTVCT_EL0 (guest/cnt.h), and the EL1 physical timer
 * (CNTP_*, compared with CNTPCT_EL0).
 */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include <guest/types.h>

/* CNTV_CTL_EL0 fields. */
#define TIMER_CTL_ENABLE	(1u << 0)
#define TIMER_CTL_IMASK		(1u << 1)
#define TIMER_CTL_ISTATUS	(1u << 2)	/* read-only: condition met */

/* The INTID of the virtual timer's interrupt: the DT timer's third
 * "interrupts" entry (a PPI), else 27 (PPI 11). */
u32 timer_virt_intid(void);
/* The EL1 physical timer's: the second entry, else 30 (PPI 14). */
u32 timer_phys_intid(void);

/* Fires when CNTVCT_EL0 >= cval: writes CVAL, then enables, unmasked. */
void timer_virt_arm(u64 cval);

/* Turns the timer off (CTL = 0), which drops its interrupt. */
void timer_virt_stop(void);

/* Keeps it enabled but masks its interrupt (CTL.IMASK). */
void timer_virt_mask(void);

u32 timer_virt_ctl(void);

/* The EL1 physical timer (CNTP_*), compared with CNTPCT_EL0: the same. */
void timer_phys_arm(u64 cval);
void timer_phys_stop(void);
u32 timer_phys_ctl(void);

#endif /* GUEST_TIMER_H */
