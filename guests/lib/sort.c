/* SPDX-License-Identifier: MIT */
#include <guest/sort.h>

void sort_u32(u32 *a, u32 n)
{
	static const u32 gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };

	for (unsigned g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
		u32 gap = gaps[g];

		/* Invariant: a[0..i) is gap-sorted. */
		for (u32 i = gap; i < n; i++) {
			u32 v = a[i], j = i;

			for (; j >= gap && a[j - gap] > v; j -= gap)
				a[j] = a[j - gap];
			a[j] = v;
		}
	}
}
