/* SPDX-License-Identifier: MIT */
/* Bounded latency statistics; see stats.h. */
#include <guest/sort.h>

#include "stats.h"

void stats_reset(struct stats *st)
{
	st->n = st->sum = 0;
	st->min = UINT32_MAX;
	st->max = 0;
}

void stats_add(struct stats *st, u64 ticks)
{
	u32 v = ticks > UINT32_MAX ? UINT32_MAX : (u32)ticks;

	st->ring[st->n % STATS_WINDOW] = v;
	st->sum += v;
	if (v < st->min)
		st->min = v;
	if (v > st->max)
		st->max = v;
	WRITE_ONCE(st->n, st->n + 1);
}

struct stats_summary stats_summary(const struct stats *st, u32 *scratch)
{
	struct stats_summary r = { .n = READ_ONCE(st->n) };
	u32 w = r.n < STATS_WINDOW ? (u32)r.n : STATS_WINDOW;

	if (!r.n)
		return r;
	for (u32 i = 0; i < w; i++)
		scratch[i] = st->ring[i];
	sort_u32(scratch, w);
	r.min = st->min;
	r.max = st->max;
	r.mean = (u32)(st->sum / r.n);
	r.p50 = scratch[(w - 1) / 2];
	r.p99 = scratch[(u64)(w - 1) * 99 / 100];
	return r;
}

/* v with all but its top `bits` significant bits cleared (bits 0: v). */
static u32 bin_of(u32 v, int bits)
{
	int top = 31 - __builtin_clz(v | 1);

	if (!bits || top < bits)
		return v;
	return v & ~((1u << (top + 1 - bits)) - 1);
}

/* Fills bins from n sorted samples at the given precision; returns the
 * count, or max + 1 if they do not fit. */
static int fill_bins(const u32 *v, u32 n, int bits, struct stats_bin *bins,
		     int max)
{
	int k = 0;

	/* Invariant: bins[0..k) hold v[0..i) and bins[k - 1] is v[i - 1]'s. */
	for (u32 i = 0; i < n; i++) {
		u32 lo = bin_of(v[i], bits);

		if (k && bins[k - 1].lo == lo) {
			bins[k - 1].count++;
			continue;
		}
		if (k == max)
			return max + 1;
		bins[k].lo = lo;
		bins[k++].count = 1;
	}
	return k;
}

int stats_hist(const u32 *sorted, u32 n, struct stats_bin *bins, int max)
{
	static const int precision[] = { 0, 4, 3, 2, 1 };
	int k = 0;

	for (unsigned p = 0; p < ARRAY_SIZE(precision); p++) {
		k = fill_bins(sorted, n, precision[p], bins, max);
		if (k <= max)
			return k;
	}
	return 0;
}
