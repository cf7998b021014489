/* SPDX-License-Identifier: MIT */
/* The VM's free RAM: the DT's /memory minus this image and the DT. */
#ifndef GUEST_MEM_H
#define GUEST_MEM_H

#include <guest/dt.h>

#define MEM_MAX_SPANS	(DT_MAX_RANGES * 3)

/*
 * Fills up to MEM_MAX_SPANS sorted, disjoint, 8-byte aligned [base,
 * base+size) spans of RAM not holding the image (with .bss and stacks) or
 * the DT. Returns the span count; *total gets the RAM size from the DT.
 */
int mem_free_spans(struct dt_range *out, u64 *total);

#endif /* GUEST_MEM_H */
