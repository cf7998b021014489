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
