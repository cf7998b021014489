/* SPDX-License-Identifier: MIT */
/* Counter-tick conversions, split to avoid 64-bit overflow. */
#include <guest/cnt.h>

static u64 scale(u64 ticks, u64 mul, u64 div)
{
	return ticks / div * mul + ticks % div * mul / div;
}

u64 cnt_ticks_to_ns(u64 ticks)
{
	u64 f = cnt_freq();

	return f ? scale(ticks, 1000000000u, f) : 0;
}

u64 cnt_ticks_to_ms(u64 ticks)
{
	u64 f = cnt_freq();

	return f ? scale(ticks, 1000u, f) : 0;
}

u64 cnt_ms_to_ticks(u64 ms)
{
	return scale(ms, cnt_freq(), 1000u);
}

void cnt_delay_ms(u64 ms)
{
	u64 end = cnt_now() + cnt_ms_to_ticks(ms);

	while (cnt_now() < end)
		cpu_relax();
}
