/* SPDX-License-Identifier: MIT */
/* Free-RAM spans for the memory-walking guests. */
#include <guest/guest.h>
#include <guest/mem.h>

/* Cuts [h0, h1) out of n spans (s has room for MEM_MAX_SPANS). */
static int cut_hole(struct dt_range *s, int n, u64 h0, u64 h1)
{
	struct dt_range out[MEM_MAX_SPANS];
	int m = 0;

	for (int i = 0; i < n; i++) {
		u64 b = s[i].base, e = s[i].base + s[i].size;

		if (h1 <= b || h0 >= e) {
			out[m++] = s[i];
			continue;
		}
		if (h0 > b && m < MEM_MAX_SPANS)
			out[m++] = (struct dt_range){ b, h0 - b };
		if (h1 < e && m < MEM_MAX_SPANS)
			out[m++] = (struct dt_range){ h1, e - h1 };
	}
	for (int i = 0; i < m; i++)
		s[i] = out[i];
	return m;
}

int mem_free_spans(struct dt_range *out, u64 *total)
{
	struct dt_range mem[DT_MAX_RANGES];
	int nmem = dt_memory(mem, DT_MAX_RANGES), n = 0;

	*total = 0;
	for (int i = 0; i < nmem; i++) {
		u64 b = (mem[i].base + 7) & ~7ull;
		u64 e = (mem[i].base + mem[i].size) & ~7ull;

		*total += mem[i].size;
		if (e > b)
			out[n++] = (struct dt_range){ b, e - b };
	}
	n = cut_hole(out, n, guest_image_start(), guest_image_end());
	return cut_hole(out, n, dt_addr() & ~7ull,
			(dt_addr() + dt_size() + 7) & ~7ull);
}
