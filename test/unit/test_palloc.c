/* SPDX-License-Identifier: MIT */
/* Unit tests of the physical range allocator (src/core/palloc.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "palloc.h"

#define TOP_PAGE 0xfffffffffffff000ull

static void add_ok(struct palloc *pa, uint64_t base, uint64_t size)
{
	assert_int_equal(palloc_add(pa, pa_init(base), size), PALLOC_OK);
}

static void assert_range(const struct palloc *pa, size_t i, uint64_t base, uint64_t size)
{
	assert_true(i < pa->count);
	assert_int_equal(pa->free[i].base, base);
	assert_int_equal(pa->free[i].size, size);
}

/* 32 one-page ranges, each followed by a one-page hole, from 0x100000. */
static void fill_list(struct palloc *pa)
{
	palloc_init(pa);
	for (uint64_t i = 0; i < PALLOC_MAX_RANGES; i++)
		add_ok(pa, 0x100000 + i * 0x2000, 0x1000);
	assert_int_equal(pa->count, PALLOC_MAX_RANGES);
}

/* ---- add --------------------------------------------------------------- */

static void test_add_keeps_ranges_sorted(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x80000, 0x1000);
	add_ok(&pa, 0x10000, 0x2000);
	add_ok(&pa, 0x40000, 0x1000);
	assert_int_equal(pa.count, 3);
	assert_range(&pa, 0, 0x10000, 0x2000);
	assert_range(&pa, 1, 0x40000, 0x1000);
	assert_range(&pa, 2, 0x80000, 0x1000);
}

static void test_add_merges_with_range_below(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x2000);
	add_ok(&pa, 0x12000, 0x3000);
	assert_int_equal(pa.count, 1);
	assert_range(&pa, 0, 0x10000, 0x5000);
}

static void test_add_merges_with_range_above(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x12000, 0x3000);
	add_ok(&pa, 0x10000, 0x2000);
	assert_int_equal(pa.count, 1);
	assert_range(&pa, 0, 0x10000, 0x5000);
}

static void test_add_filling_gap_merges_three_ranges(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x1000);
	add_ok(&pa, 0x13000, 0x1000);
	add_ok(&pa, 0x20000, 0x1000);
	add_ok(&pa, 0x11000, 0x2000);
	assert_int_equal(pa.count, 2);
	assert_range(&pa, 0, 0x10000, 0x4000);
	assert_range(&pa, 1, 0x20000, 0x1000);
}

static void test_add_overlapping_free_memory_is_ebusy(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x4000);
	assert_int_equal(palloc_add(&pa, pa_init(0x13000), 0x2000), PALLOC_EBUSY);
	assert_int_equal(palloc_add(&pa, pa_init(0xf000), 0x2000), PALLOC_EBUSY);
	assert_int_equal(palloc_add(&pa, pa_init(0x8000), 0x20000), PALLOC_EBUSY);
	assert_int_equal(pa.count, 1);
	assert_range(&pa, 0, 0x10000, 0x4000);
}

static void test_add_to_full_list_is_efull_and_changes_nothing(void **state)
{
	struct palloc pa, before;

	fill_list(&pa);
	before = pa;
	assert_int_equal(palloc_add(&pa, pa_init(0x1000), 0x1000), PALLOC_EFULL);
	assert_memory_equal(&pa, &before, sizeof(pa));
	/* A merge needs no entry, so it still works. */
	add_ok(&pa, 0x101000, 0x1000);
	assert_int_equal(pa.count, PALLOC_MAX_RANGES - 1);
	assert_range(&pa, 0, 0x100000, 0x3000);
}

/* ---- claim ------------------------------------------------------------- */

static void test_claim_exact_range_deletes_it(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x2000);
	add_ok(&pa, 0x20000, 0x2000);
	assert_int_equal(palloc_claim(&pa, pa_init(0x10000), 0x2000), PALLOC_OK);
	assert_int_equal(pa.count, 1);
	assert_range(&pa, 0, 0x20000, 0x2000);
}

static void test_claim_middle_splits_range(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x10000);
	assert_int_equal(palloc_claim(&pa, pa_init(0x14000), 0x2000), PALLOC_OK);
	assert_int_equal(pa.count, 2);
	assert_range(&pa, 0, 0x10000, 0x4000);
	assert_range(&pa, 1, 0x16000, 0xa000);
}

static void test_claim_partly_free_range_is_ebusy(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x2000);
	add_ok(&pa, 0x13000, 0x2000);
	/* Spans the hole at 0x12000. */
	assert_int_equal(palloc_claim(&pa, pa_init(0x11000), 0x3000), PALLOC_EBUSY);
	/* Runs past the end of the first range. */
	assert_int_equal(palloc_claim(&pa, pa_init(0x11000), 0x2000), PALLOC_EBUSY);
	assert_int_equal(pa.count, 2);
	assert_range(&pa, 0, 0x10000, 0x2000);
	assert_range(&pa, 1, 0x13000, 0x2000);
}

static void test_claim_split_with_full_list_is_efull_and_changes_nothing(void **state)
{
	struct palloc pa, before;

	fill_list(&pa);
	add_ok(&pa, 0x101000, 0x1000);   /* merges ranges 0 and 1: 3 pages */
	add_ok(&pa, 0x1000, 0x1000);     /* list full again */
	assert_int_equal(pa.count, PALLOC_MAX_RANGES);
	before = pa;
	assert_int_equal(palloc_claim(&pa, pa_init(0x101000), 0x1000), PALLOC_EFULL);
	assert_memory_equal(&pa, &before, sizeof(pa));
}

/* ---- remove ------------------------------------------------------------ */

static void test_remove_middle_splits_range(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x10000);
	assert_int_equal(palloc_remove(&pa, pa_init(0x18000), 0x1000), PALLOC_OK);
	assert_int_equal(pa.count, 2);
	assert_range(&pa, 0, 0x10000, 0x8000);
	assert_range(&pa, 1, 0x19000, 0x7000);
}

static void test_remove_at_low_edge_trims_start(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x10000);
	/* Starts below the range: only the free part goes. */
	assert_int_equal(palloc_remove(&pa, pa_init(0x8000), 0xa000), PALLOC_OK);
	assert_int_equal(pa.count, 1);
	assert_range(&pa, 0, 0x12000, 0xe000);
}

static void test_remove_at_high_edge_trims_end(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x10000);
	assert_int_equal(palloc_remove(&pa, pa_init(0x1e000), 0x8000), PALLOC_OK);
	assert_int_equal(pa.count, 1);
	assert_range(&pa, 0, 0x10000, 0xe000);
}

static void test_remove_spanning_ranges_and_holes(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x4000);
	add_ok(&pa, 0x20000, 0x1000);
	add_ok(&pa, 0x30000, 0x4000);
	add_ok(&pa, 0x40000, 0x1000);
	assert_int_equal(palloc_remove(&pa, pa_init(0x12000), 0x20000), PALLOC_OK);
	assert_int_equal(pa.count, 3);
	assert_range(&pa, 0, 0x10000, 0x2000);
	assert_range(&pa, 1, 0x32000, 0x2000);
	assert_range(&pa, 2, 0x40000, 0x1000);
}

static void test_remove_widens_to_page_boundaries(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x10000);
	/* [0x14010, 0x15020) covers pages 0x14000 and 0x15000. */
	assert_int_equal(palloc_remove(&pa, pa_init(0x14010), 0x1010), PALLOC_OK);
	assert_int_equal(pa.count, 2);
	assert_range(&pa, 0, 0x10000, 0x4000);
	assert_range(&pa, 1, 0x16000, 0xa000);
}

static void test_remove_of_memory_not_free_changes_nothing(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x1000);
	assert_int_equal(palloc_remove(&pa, pa_init(0x20000), 0x5000), PALLOC_OK);
	assert_int_equal(pa.count, 1);
	assert_range(&pa, 0, 0x10000, 0x1000);
}

static void test_remove_split_with_full_list_is_efull_and_changes_nothing(void **state)
{
	struct palloc pa, before;

	fill_list(&pa);
	add_ok(&pa, 0x101000, 0x1000);   /* merges ranges 0 and 1: 3 pages */
	add_ok(&pa, 0x1000, 0x1000);     /* list full again */
	assert_int_equal(pa.count, PALLOC_MAX_RANGES);
	before = pa;
	assert_int_equal(palloc_remove(&pa, pa_init(0x101000), 0x1000), PALLOC_EFULL);
	assert_memory_equal(&pa, &before, sizeof(pa));
}

/* ---- alloc ------------------------------------------------------------- */

static void test_alloc_takes_lowest_fit(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x1000);
	add_ok(&pa, 0x20000, 0x4000);
	add_ok(&pa, 0x30000, 0x4000);
	/* The first range is too small: the second one's start. */
	assert_int_equal(palloc_alloc(&pa, 0x2000, PAGE_SIZE, &out), PALLOC_OK);
	assert_int_equal(pa_addr(out), 0x20000);
	assert_range(&pa, 1, 0x22000, 0x2000);
}

static void test_alloc_aligns_start_and_splits_range(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	add_ok(&pa, 0x1000, 0x3000);            /* no 2 MiB boundary inside */
	add_ok(&pa, 0x1ff000, 0x400000);
	assert_int_equal(palloc_alloc(&pa, 0x1000, SZ_2M, &out), PALLOC_OK);
	assert_int_equal(pa_addr(out), 0x200000);
	assert_int_equal(pa.count, 3);
	assert_range(&pa, 0, 0x1000, 0x3000);
	assert_range(&pa, 1, 0x1ff000, 0x1000);
	assert_range(&pa, 2, 0x201000, 0x3fe000);
}

static void test_alloc_without_fit_is_enomem_and_changes_nothing(void **state)
{
	struct palloc pa, before;
	paddr_t out = pa_init(0x1234);

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x4000);
	add_ok(&pa, 0x20000, 0x4000);
	before = pa;
	assert_int_equal(palloc_alloc(&pa, 0x5000, PAGE_SIZE, &out), PALLOC_ENOMEM);
	assert_int_equal(palloc_alloc(&pa, 0x1000, SZ_1G, &out), PALLOC_ENOMEM);
	assert_memory_equal(&pa, &before, sizeof(pa));
	assert_int_equal(pa_addr(out), 0x1234);
}

static void test_alloc_top_takes_highest_fit(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x4000);
	add_ok(&pa, 0x20000, 0x4000);
	add_ok(&pa, 0x30000, 0x1000);
	/* The last range is too small: the end of the one before. */
	assert_int_equal(palloc_alloc_top(&pa, 0x2000, PAGE_SIZE, &out), PALLOC_OK);
	assert_int_equal(pa_addr(out), 0x22000);
	assert_range(&pa, 1, 0x20000, 0x2000);
	assert_range(&pa, 2, 0x30000, 0x1000);
}

static void test_alloc_top_aligns_down_and_splits_range(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	add_ok(&pa, 0x1ff000, 0x403000);        /* ends at 0x602000 */
	add_ok(&pa, 0x700000, 0x3000);          /* no 2 MiB boundary inside */
	assert_int_equal(palloc_alloc_top(&pa, 0x1000, SZ_2M, &out), PALLOC_OK);
	assert_int_equal(pa_addr(out), 0x600000);
	assert_int_equal(pa.count, 3);
	assert_range(&pa, 0, 0x1ff000, 0x401000);
	assert_range(&pa, 1, 0x601000, 0x1000);
	assert_range(&pa, 2, 0x700000, 0x3000);
}

static void test_alloc_top_without_fit_is_enomem_and_changes_nothing(void **state)
{
	struct palloc pa, before;
	paddr_t out = pa_init(0x1234);

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x4000);
	before = pa;
	assert_int_equal(palloc_alloc_top(&pa, 0x5000, PAGE_SIZE, &out), PALLOC_ENOMEM);
	assert_int_equal(palloc_alloc_top(&pa, 0x1000, SZ_1G, &out), PALLOC_ENOMEM);
	assert_int_equal(palloc_alloc_top(&pa, 0x1800, PAGE_SIZE, &out), PALLOC_EINVAL);
	assert_memory_equal(&pa, &before, sizeof(pa));
	assert_int_equal(pa_addr(out), 0x1234);
}

static void test_alloc_rejects_bad_size_and_alignment(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	add_ok(&pa, 0x10000, 0x10000);
	assert_int_equal(palloc_alloc(&pa, 0, PAGE_SIZE, &out), PALLOC_EINVAL);
	assert_int_equal(palloc_alloc(&pa, 0x1800, PAGE_SIZE, &out), PALLOC_EINVAL);
	assert_int_equal(palloc_alloc(&pa, 0x1000, 0, &out), PALLOC_EINVAL);
	assert_int_equal(palloc_alloc(&pa, 0x1000, 0x800, &out), PALLOC_EINVAL);
	assert_int_equal(palloc_alloc(&pa, 0x1000, 0x3000, &out), PALLOC_EINVAL);
	assert_int_equal(palloc_alloc_best(&pa, 0, &out), PALLOC_EINVAL);
	assert_int_equal(palloc_alloc_best(&pa, 0x10, &out), PALLOC_EINVAL);
	assert_int_equal(palloc_free_bytes(&pa), 0x10000);
}

static void test_alloc_alignment_past_2_64_is_enomem(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	add_ok(&pa, 0x8000000000001000ull, 0x10000);
	/* The next 2^63 boundary above the range would be 2^64. */
	assert_int_equal(palloc_alloc(&pa, 0x1000, 1ull << 63, &out), PALLOC_ENOMEM);
	assert_int_equal(pa.count, 1);
}

static void test_alloc_best_uses_1g_alignment(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	add_ok(&pa, 0x1000, 3 * SZ_1G);
	assert_int_equal(palloc_alloc_best(&pa, SZ_1G, &out), PALLOC_OK);
	assert_int_equal(pa_addr(out), SZ_1G);
}

static void test_alloc_best_falls_back_to_2m_alignment(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	/* [2M, 1G + 4M): holds 1 GiB at 2 MiB but not at 1 GiB alignment. */
	add_ok(&pa, SZ_2M, SZ_1G + SZ_2M);
	assert_int_equal(palloc_alloc_best(&pa, SZ_1G, &out), PALLOC_OK);
	assert_int_equal(pa_addr(out), SZ_2M);
}

static void test_alloc_best_uses_2m_alignment_for_2m_multiple(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	add_ok(&pa, 0x1000, 8 * SZ_2M);
	assert_int_equal(palloc_alloc_best(&pa, 2 * SZ_2M, &out), PALLOC_OK);
	assert_int_equal(pa_addr(out), SZ_2M);
}

static void test_alloc_best_uses_4k_for_small_sizes(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	add_ok(&pa, 0x1000, 8 * SZ_2M);
	assert_int_equal(palloc_alloc_best(&pa, 0x3000, &out), PALLOC_OK);
	assert_int_equal(pa_addr(out), 0x1000);
}

static void test_alloc_best_without_fit_is_enomem(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	add_ok(&pa, 0x1000, SZ_2M);
	assert_int_equal(palloc_alloc_best(&pa, 2 * SZ_2M, &out), PALLOC_ENOMEM);
	assert_int_equal(palloc_free_bytes(&pa), SZ_2M);
}

/* ---- argument checks ----------------------------------------------------- */

static void test_zero_or_unaligned_ranges_are_einval(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	assert_int_equal(palloc_add(&pa, pa_init(0x10000), 0), PALLOC_EINVAL);
	assert_int_equal(palloc_add(&pa, pa_init(0x10800), 0x1000), PALLOC_EINVAL);
	assert_int_equal(palloc_add(&pa, pa_init(0x10000), 0x1800), PALLOC_EINVAL);
	add_ok(&pa, 0x10000, 0x4000);
	assert_int_equal(palloc_claim(&pa, pa_init(0x10000), 0), PALLOC_EINVAL);
	assert_int_equal(palloc_claim(&pa, pa_init(0x10010), 0x1000), PALLOC_EINVAL);
	assert_int_equal(palloc_remove(&pa, pa_init(0x10000), 0), PALLOC_EINVAL);
	assert_int_equal(pa.count, 1);
	assert_range(&pa, 0, 0x10000, 0x4000);
}

static void test_ranges_wrapping_past_2_64_are_einval(void **state)
{
	struct palloc pa;

	palloc_init(&pa);
	/* base + size would be 2^64 + 0x10000: wraps to 0x10000. */
	assert_int_equal(palloc_add(&pa, pa_init(0xffffffffffff0000ull), 0x20000),
			 PALLOC_EINVAL);
	/* Ends exactly at 2^64: not representable either. */
	assert_int_equal(palloc_add(&pa, pa_init(TOP_PAGE), 0x1000), PALLOC_EINVAL);
	assert_int_equal(pa.count, 0);
	add_ok(&pa, 0x10000, 0x4000);
	assert_int_equal(palloc_claim(&pa, pa_init(0x10000), TOP_PAGE), PALLOC_EINVAL);
	assert_int_equal(palloc_remove(&pa, pa_init(0x10000), UINT64_MAX), PALLOC_EINVAL);
	/* Widening the end up to a page boundary would wrap. */
	assert_int_equal(palloc_remove(&pa, pa_init(TOP_PAGE), 0x10), PALLOC_EINVAL);
	assert_int_equal(pa.count, 1);
	assert_range(&pa, 0, 0x10000, 0x4000);
}

/* ---- accounting ---------------------------------------------------------- */

static void test_free_bytes_sums_all_ranges(void **state)
{
	struct palloc pa;
	paddr_t out;

	palloc_init(&pa);
	assert_int_equal(palloc_free_bytes(&pa), 0);
	add_ok(&pa, 0x10000, 0x3000);
	add_ok(&pa, 0x40000000, SZ_1G);
	assert_int_equal(palloc_free_bytes(&pa), 0x3000 + SZ_1G);
	assert_int_equal(palloc_alloc(&pa, SZ_2M, SZ_2M, &out), PALLOC_OK);
	assert_int_equal(palloc_free_bytes(&pa), 0x3000 + SZ_1G - SZ_2M);
}

static void test_strerror_names_each_error(void **state)
{
	assert_string_equal(palloc_strerror(PALLOC_EFULL), "free range list is full");
	assert_string_equal(palloc_strerror(PALLOC_EBUSY), "range is not free");
	assert_string_equal(palloc_strerror((enum palloc_err)99), "unknown palloc error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_keeps_ranges_sorted),
		cmocka_unit_test(test_add_merges_with_range_below),
		cmocka_unit_test(test_add_merges_with_range_above),
		cmocka_unit_test(test_add_filling_gap_merges_three_ranges),
		cmocka_unit_test(test_add_overlapping_free_memory_is_ebusy),
		cmocka_unit_test(test_add_to_full_list_is_efull_and_changes_nothing),
		cmocka_unit_test(test_claim_exact_range_deletes_it),
		cmocka_unit_test(test_claim_middle_splits_range),
		cmocka_unit_test(test_claim_partly_free_range_is_ebusy),
		cmocka_unit_test(test_claim_split_with_full_list_is_efull_and_changes_nothing),
		cmocka_unit_test(test_remove_middle_splits_range),
		cmocka_unit_test(test_remove_at_low_edge_trims_start),
		cmocka_unit_test(test_remove_at_high_edge_trims_end),
		cmocka_unit_test(test_remove_spanning_ranges_and_holes),
		cmocka_unit_test(test_remove_widens_to_page_boundaries),
		cmocka_unit_test(test_remove_of_memory_not_free_changes_nothing),
		cmocka_unit_test(test_remove_split_with_full_list_is_efull_and_changes_nothing),
		cmocka_unit_test(test_alloc_takes_lowest_fit),
		cmocka_unit_test(test_alloc_aligns_start_and_splits_range),
		cmocka_unit_test(test_alloc_without_fit_is_enomem_and_changes_nothing),
		cmocka_unit_test(test_alloc_rejects_bad_size_and_alignment),
		cmocka_unit_test(test_alloc_alignment_past_2_64_is_enomem),
		cmocka_unit_test(test_alloc_best_uses_1g_alignment),
		cmocka_unit_test(test_alloc_best_falls_back_to_2m_alignment),
		cmocka_unit_test(test_alloc_best_uses_2m_alignment_for_2m_multiple),
		cmocka_unit_test(test_alloc_best_uses_4k_for_small_sizes),
		cmocka_unit_test(test_alloc_best_without_fit_is_enomem),
		cmocka_unit_test(test_alloc_top_takes_highest_fit),
		cmocka_unit_test(test_alloc_top_aligns_down_and_splits_range),
		cmocka_unit_test(test_alloc_top_without_fit_is_enomem_and_changes_nothing),
		cmocka_unit_test(test_zero_or_unaligned_ranges_are_einval),
		cmocka_unit_test(test_ranges_wrapping_past_2_64_are_einval),
		cmocka_unit_test(test_free_bytes_sums_all_ranges),
		cmocka_unit_test(test_strerror_names_each_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
