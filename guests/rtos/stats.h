/* SPDX-License-Identifier: MIT */
/*
 * Latency statistics in counter ticks, bounded: count, sum, min and max
 * over every sample since boot, and the last STATS_WINDOW samples in a
 * ring, from which the median and p99 are taken (at 1 kHz, about the last 4 s). One
 * writer (an interrupt handler or one task); a reader may see a sample
 * being replaced, which moves the p99 by one sample at most.
 */
#ifndef RTOS_STATS_H
#define RTOS_STATS_H

#include <guest/types.h>

#define STATS_WINDOW	4096

struct stats {
	u64 n, sum;
	u32 min, max;
	u32 ring[STATS_WINDOW];
};

struct stats_summary {
	u64 n;			/* samples since boot */
	u32 min, mean, max;	/* ticks */
	u32 p50, p99;		/* ticks, of the window */
};

void stats_reset(struct stats *st);
/* Adds one sample (ticks; values above 2^32 - 1 are clamped). */
void stats_add(struct stats *st, u64 ticks);
/* Summarises st, sorting a copy of its window in scratch
 * (STATS_WINDOW entries). All zero if there is no sample. */
struct stats_summary stats_summary(const struct stats *st, u32 *scratch);

/* One histogram bin: samples from lo up to the next bin's lo, in ticks. */
struct stats_bin {
	u32 lo, count;
};

/* The n sorted samples of a window (stats_summary's scratch after it
 * returns) as at most max bins, lowest first: one bin per distinct value
 * if there are at most max of them, else bins that keep the top bits of
 * each value (4, 3, 2, then 1: one bin per power of two), the first of
 * those that fits. Returns the number of bins (max >= 33 always fits). */
int stats_hist(const u32 *sorted, u32 n, struct stats_bin *bins, int max);

#endif /* RTOS_STATS_H */
