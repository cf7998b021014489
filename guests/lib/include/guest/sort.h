/* SPDX-License-Identifier: MIT */
/* Sorting samples for the benchmark guests' percentiles. */
#ifndef GUEST_SORT_H
#define GUEST_SORT_H

#include <guest/types.h>

/* Sorts a[0..n) ascending in place (Shell sort, Ciura's gaps). */
void sort_u32(u32 *a, u32 n);

#endif /* GUEST_SORT_H */
