/* SPDX-License-Identifier: MIT */
/* Basic types and helpers shared by all of Septum. */
#ifndef SEPTUM_TYPES_H
#define SEPTUM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Physical addresses are a type of their own so that passing a guest's
 * address where a physical one is wanted is a compile error (after
 * Hafnium's paddr_t).
 */
typedef struct { uint64_t pa; } paddr_t;

static inline paddr_t pa_init(uint64_t a) { return (paddr_t){ a }; }
static inline uint64_t pa_addr(paddr_t a) { return a.pa; }

/* Boot-only code: linked into pages that are unmapped before the first VM
 * starts (arch/aarch64/septum.ld), so nothing a guest causes can run it.
 * Whole files are boot-only by their place (src/core/cfg/, guest_dt.c,
 * libfdt); this marks single functions of other files. */
#define __boot __attribute__((section(".boottext")))
/* Inlined whatever the compiler's estimate: helpers of the hot paths
 * (the interrupt short path's list-register work). */
#define __fast_inline inline __attribute__((always_inline))

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ull << PAGE_SHIFT)
#define SZ_2M      (1ull << 21)
#define SZ_1G      (1ull << 30)

#define ARRAY_SIZE(a)        (sizeof(a) / sizeof((a)[0]))
#define ALIGN_DOWN(x, a)     ((x) & ~((uint64_t)(a) - 1))
#define ALIGN_UP(x, a)       ALIGN_DOWN((x) + (uint64_t)(a) - 1, (a))
#define IS_ALIGNED(x, a)     (((x) & ((uint64_t)(a) - 1)) == 0)
#define MIN(a, b)            ((a) < (b) ? (a) : (b))
#define MAX(a, b)            ((a) > (b) ? (a) : (b))
#define BIT(n)               (1ull << (n))

#define container_of(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))

/* Does [a, a+as) overlap [b, b+bs)? Sizes are non-zero; no wrap-around. */
static inline bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

#endif /* SEPTUM_TYPES_H */
