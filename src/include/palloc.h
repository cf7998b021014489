/* SPDX-License-Identifier: MIT */
/*
 * Physical memory range allocator: a sorted list of free ranges. Pure logic,
 * no hardware access; not thread-safe (used at boot, on the boot CPU).
 */
#ifndef SEPTUM_PALLOC_H
#define SEPTUM_PALLOC_H

#include "types.h"

#define PALLOC_MAX_RANGES 32

enum palloc_err {
	PALLOC_OK = 0,
	PALLOC_ENOMEM,   /* no free range fits */
	PALLOC_EFULL,    /* the range list has no room for another entry */
	PALLOC_EBUSY,    /* (part of) the range is not free */
	PALLOC_EINVAL,   /* zero size, unaligned, bad alignment or wraps */
};

struct palloc_range {
	uint64_t base;
	uint64_t size;
};

struct palloc {
	size_t count;                                  /* ranges in use */
	struct palloc_range free[PALLOC_MAX_RANGES];   /* sorted, disjoint, not adjacent */
};

/* Empties the free list. */
void palloc_init(struct palloc *pa);
/* Adds [base, base+size) as free memory, merging with neighbours.
 * EBUSY if any of it is already free. Page alignment required.
 * Everywhere, EINVAL for a zero size or a range whose end would pass
 * 2^64 - PAGE_SIZE (end addresses must be representable), and EFULL
 * (nothing changed) when a new list entry is needed and there is none. */
enum palloc_err palloc_add(struct palloc *pa, paddr_t base, uint64_t size);
/* Takes [base, base+size) out of the free list; all of it must be free. */
enum palloc_err palloc_claim(struct palloc *pa, paddr_t base, uint64_t size);
/* Takes whatever part of [base, base+size) is free out of the free list
 * (for reservations such as the hypervisor image or the boot DTB). The range
 * is widened to page boundaries. */
enum palloc_err palloc_remove(struct palloc *pa, paddr_t base, uint64_t size);
/* Allocates size bytes (a non-zero multiple of PAGE_SIZE; no rounding up)
 * aligned to align (a power of two >= PAGE_SIZE) at the lowest address that
 * fits. EFULL if that fit lies inside a range and the list is full. */
enum palloc_err palloc_alloc(struct palloc *pa, uint64_t size, uint64_t align, paddr_t *out);
/* The same at the highest address that fits: for the hypervisor's own
 * memory, which leaves low RAM to VMs with fixed (identity) placement. */
enum palloc_err palloc_alloc_top(struct palloc *pa, uint64_t size, uint64_t align,
				 paddr_t *out);
/* Allocates with the largest alignment among 1 GiB, 2 MiB and 4 KiB that is
 * not larger than size and for which a fit exists, so that stage-2 can use
 * block mappings. Returns the last attempt's error if none succeeds. */
enum palloc_err palloc_alloc_best(struct palloc *pa, uint64_t size, paddr_t *out);
/* Total free bytes. */
uint64_t palloc_free_bytes(const struct palloc *pa);
const char *palloc_strerror(enum palloc_err err);

#endif /* SEPTUM_PALLOC_H */
