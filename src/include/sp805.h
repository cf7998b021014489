/* SPDX-License-Identifier: MIT */
/*
 * A VM's emulated watchdog: an Arm SP805 (ARM DDI 0270B), its registers
 * as Linux's sp805_wdt driver uses them (WdogLoad, Value, Control, IntClr,
 * RIS, MIS, Lock, the integration test registers read as zero, the
 * PrimeCell identification registers). The model is pure: time comes in
 * as counter ticks (now) and the counter's frequency, so the host unit
 * tests run it. Its interrupt output is not connected (the guest DT gives
 * it no interrupt; sp805_wdt uses none).
 *
 * The counter runs while Control.INTEN is set, from WdogLoad down at
 * SP805_CLOCK_HZ; at zero it sets RIS and reloads; at zero again with
 * RIS still set and Control.RESEN set, the SP805 resets the system: here,
 * the VM misses its watchdog (sp805_deadline). Writing WdogLoad or
 * WdogIntClr (which also clears RIS) reloads it, as does setting INTEN.
 * While INTEN is clear it stands still and Value reads WdogLoad.
 */
#ifndef SEPTUM_SP805_H
#define SEPTUM_SP805_H

#include "types.h"
#include "vmmio.h"

#define SP805_SIZE      0x1000
#define SP805_CLOCK_HZ  1000000u     /* WDOGCLK: a fixed clock in the guest DT */

/* Registers (DDI 0270B 3.2) and bits. */
#define SP805_LOAD      0x000
#define SP805_VALUE     0x004
#define SP805_CONTROL   0x008
#define SP805_INTCLR    0x00c
#define SP805_RIS       0x010
#define SP805_MIS       0x014
#define SP805_LOCK      0xc00
#define SP805_ITCR      0xf00
#define SP805_ITOP      0xf04
#define SP805_PERIPHID0 0xfe0        /* ... PCellID3 at 0xffc */
#define SP805_INTEN     BIT(0)
#define SP805_RESEN     BIT(1)
#define SP805_UNLOCK_KEY 0x1acce551u

struct sp805 {
	uint32_t load;       /* WdogLoad */
	uint32_t control;    /* INTEN | RESEN */
	bool locked;         /* WdogLock: writes to the others ignored */
	bool ris0;           /* RIS when the counter last reloaded (or stopped) */
	uint64_t t0;         /* counter ticks at that reload */
	uint64_t freq;       /* counter ticks per second */
};

/* Puts w in its reset state (counter stopped, WdogLoad 0xffffffff,
 * unlocked) for a counter of freq ticks per second. */
void sp805_reset(struct sp805 *w, uint64_t freq);
/* One 32-bit access at counter time now. Returns false for any other
 * width (the guest gets an abort). */
bool sp805_access(struct sp805 *w, uint64_t now, struct vmmio_access *a);
/* When the SP805 resets the VM, in counter ticks, if nothing reloads it
 * first; 0 if it never will (INTEN or RESEN clear). */
uint64_t sp805_deadline(const struct sp805 *w);
/* The counter time of its last reload (its last kick). */
static inline uint64_t sp805_reloaded_at(const struct sp805 *w)
{
	return w->t0;
}

#endif /* SEPTUM_SP805_H */
