/* SPDX-License-Identifier: MIT */
/*
 * The SP805 watchdog model (sp805.h). Register semantics: ARM DDI 0270B
 * (PrimeCell Watchdog Module (SP805) TRM), 3.3; the identification
 * values are the ones Linux's sp805_wdt matches (AMBA ID 0x00141805,
 * PrimeCell ID 0xb105f00d).
 */
#include "sp805.h"

static const uint8_t ids[8] = { 0x05, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* One counter period (WdogLoad + 1 WDOGCLK cycles) in counter ticks. */
static uint64_t period(const struct sp805 *w)
{
	return ((uint64_t)w->load + 1) * w->freq / SP805_CLOCK_HZ;
}

static bool running(const struct sp805 *w)
{
	return w->control & SP805_INTEN;
}

/* RIS at time now: set once the counter has reached zero since t0. */
static bool ris(const struct sp805 *w, uint64_t now)
{
	return w->ris0 || (running(w) && now - w->t0 >= period(w));
}

/* WdogValue at time now: counts down from WdogLoad, reloading at zero. */
static uint32_t value(const struct sp805 *w, uint64_t now)
{
	uint64_t p = period(w);

	if (!running(w) || !p)
		return w->load;
	return w->load - (uint32_t)((now - w->t0) % p * SP805_CLOCK_HZ / w->freq);
}

/* The counter starts again from WdogLoad. */
static void reload(struct sp805 *w, uint64_t now, bool clear)
{
	w->ris0 = !clear && ris(w, now);
	w->t0 = now;
}

void sp805_reset(struct sp805 *w, uint64_t freq)
{
	*w = (struct sp805){ .load = 0xffffffffu, .freq = freq };
}

uint64_t sp805_deadline(const struct sp805 *w)
{
	if ((w->control & (SP805_INTEN | SP805_RESEN)) != (SP805_INTEN | SP805_RESEN))
		return 0;
	return w->t0 + (w->ris0 ? 1 : 2) * period(w);
}

static void control(struct sp805 *w, uint64_t now, uint32_t v)
{
	bool was = running(w);

	if (was && !(v & SP805_INTEN))
		w->ris0 = ris(w, now);     /* it stands still: RIS as it was */
	w->control = v & (SP805_INTEN | SP805_RESEN);
	if (!was && running(w))
		w->t0 = now;
}

static void write(struct sp805 *w, uint64_t now, uint64_t off, uint32_t v)
{
	if (off == SP805_LOCK) {
		w->locked = v != SP805_UNLOCK_KEY;
		return;
	}
	if (w->locked)
		return;
	switch (off) {
	case SP805_LOAD:
		w->load = v;
		reload(w, now, false);
		break;
	case SP805_CONTROL:
		control(w, now, v);
		break;
	case SP805_INTCLR:
		reload(w, now, true);
		break;
	default:
		break;     /* read-only, integration test and reserved: ignored */
	}
}

static uint32_t read(const struct sp805 *w, uint64_t now, uint64_t off)
{
	if (off >= SP805_PERIPHID0 && off < SP805_SIZE)
		return ids[(off - SP805_PERIPHID0) / 4];
	switch (off) {
	case SP805_LOAD:
		return w->load;
	case SP805_VALUE:
		return value(w, now);
	case SP805_CONTROL:
		return w->control;
	case SP805_RIS:
		return ris(w, now);
	case SP805_MIS:
		return ris(w, now) && running(w);
	case SP805_LOCK:
		return w->locked;
	default:
		return 0;  /* write-only, integration test and reserved: zero */
	}
}

bool sp805_access(struct sp805 *w, uint64_t now, struct vmmio_access *a)
{
	if (a->size != 4 || a->offset % 4)
		return false;
	if (a->write)
		write(w, now, a->offset, (uint32_t)a->value);
	else
		a->value = read(w, now, a->offset);
	return true;
}
