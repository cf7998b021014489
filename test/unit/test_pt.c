/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the translation table walker (src/core/pt.c) with the real
 * descriptor encoders (src/arch/lpae/pte.c) and the recording TLB hooks
 * (src/arch/host/tlb.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "pt.h"
#include <arch/pte.h>
#include <arch/host_log.h>

#define POOL_PAGES 64
#define VMID       5
#define XN_BIT     BIT(54)

/* 64 KiB aligned so that runs of up to 16 pages need no skipping. */
static _Alignas(65536) uint64_t pool_mem[POOL_PAGES][ARCH_PT_ENTRIES];
static struct pt_pool pool;
static struct pt pt;

static void setup(enum pt_stage stage, unsigned ia_bits, size_t pages)
{
	pt_pool_init(&pool, pool_mem, pages);
	assert_int_equal(pt_init(&pt, &pool, stage, ia_bits, VMID), PT_OK);
	host_log_reset();
}

static void map_ok(uint64_t ia, uint64_t pa, uint64_t size, uint32_t attrs)
{
	assert_int_equal(pt_map(&pt, ia, pa_init(pa), size, attrs), PT_OK);
}

/* The descriptor at `level` on ia's walk, or NULL if the walk ends above. */
static uint64_t *raw_pte(uint64_t ia, unsigned level)
{
	uint64_t *table = pt.root;

	for (unsigned l = pt.root_level;; l++) {
		uint64_t idx = ia >> arch_level_shift(l);

		if (l != pt.root_level)
			idx &= ARCH_PT_ENTRIES - 1;
		if (l == level)
			return &table[idx];
		if (!arch_pte_is_table(table[idx], l))
			return NULL;
		table = (uint64_t *)(uintptr_t)pa_addr(arch_pte_addr(table[idx]));
	}
}

struct census {
	size_t leaves[ARCH_PT_MAX_LEVEL + 1];
	size_t tables;      /* below the root */
};

static void count_table(const uint64_t *t, unsigned level, size_t n, struct census *c)
{
	for (size_t i = 0; i < n; i++) {
		if (arch_pte_is_table(t[i], level)) {
			c->tables++;
			count_table((const uint64_t *)(uintptr_t)pa_addr(arch_pte_addr(t[i])),
				    level + 1, ARCH_PT_ENTRIES, c);
		} else if (arch_pte_is_valid(t[i])) {
			c->leaves[level]++;
		}
	}
}

static struct census census(void)
{
	struct census c = { { 0 }, 0 };

	count_table(pt.root, pt.root_level, (size_t)pt.root_pages * ARCH_PT_ENTRIES, &c);
	return c;
}

/* ---- geometry and pool --------------------------------------------------- */

static void test_geometry_stage1(void **state)
{
	static const struct { unsigned bits; uint8_t level; } cases[] = {
		{ 25, 1 }, { 32, 1 }, { 39, 1 }, { 40, 0 }, { 44, 0 }, { 48, 0 },
	};
	uint8_t level, pages;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_true(pt_geometry(PT_STAGE1_EL2, cases[i].bits, &level, &pages));
		assert_int_equal(level, cases[i].level);
		assert_int_equal(pages, 1);
	}
}

static void test_geometry_stage2_concatenates_at_level_1(void **state)
{
	static const struct { unsigned bits; uint8_t level, pages; } cases[] = {
		{ 32, 1, 1 }, { 36, 1, 1 }, { 39, 1, 1 }, { 40, 1, 2 }, { 41, 1, 4 },
		{ 42, 1, 8 }, { 43, 1, 16 }, { 44, 0, 1 }, { 48, 0, 1 },
	};
	uint8_t level, pages;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_true(pt_geometry(PT_STAGE2, cases[i].bits, &level, &pages));
		assert_int_equal(level, cases[i].level);
		assert_int_equal(pages, cases[i].pages);
	}
}

static void test_geometry_rejects_unsupported_bits(void **state)
{
	uint8_t level = 0x77, pages = 0x77;

	assert_false(pt_geometry(PT_STAGE1_EL2, 24, &level, &pages));
	assert_false(pt_geometry(PT_STAGE1_EL2, 49, &level, &pages));
	assert_false(pt_geometry(PT_STAGE2, 31, &level, &pages));
	assert_false(pt_geometry(PT_STAGE2, 25, &level, &pages));
	assert_false(pt_geometry(PT_STAGE2, 49, &level, &pages));
	assert_int_equal(level, 0x77);
	pt_pool_init(&pool, pool_mem, POOL_PAGES);
	assert_int_equal(pt_init(&pt, &pool, PT_STAGE2, 31, VMID), PT_EINVAL);
	assert_int_equal(pool.free_count, POOL_PAGES);
}

static void test_init_takes_one_zeroed_root_page(void **state)
{
	setup(PT_STAGE1_EL2, 39, POOL_PAGES);
	assert_int_equal(pool.free_count, POOL_PAGES - 1);
	assert_int_equal(pt.root_level, 1);
	assert_int_equal(pt.root_pages, 1);
	assert_int_equal(census().tables, 0);
	for (size_t i = 0; i < ARCH_PT_ENTRIES; i++)
		assert_false(arch_pte_is_valid(pt.root[i]));
}

static void test_pool_run_is_aligned_and_skipped_pages_stay_free(void **state)
{
	void *run;

	/* pool_mem[1] is 4 KiB but not 8 KiB aligned. */
	pt_pool_init(&pool, pool_mem[1], 8);
	run = pt_pool_alloc_pages(&pool, 2);
	assert_ptr_equal(run, pool_mem[2]);
	assert_int_equal(pool.free_count, 6);
	assert_ptr_equal(pt_pool_alloc(&pool), pool_mem[1]);
	assert_null(pt_pool_alloc_pages(&pool, 3));
	assert_null(pt_pool_alloc_pages(&pool, 8));
	assert_int_equal(pool.free_count, 5);
}

static void test_init_without_pages_is_enomem(void **state)
{
	pt_pool_init(&pool, pool_mem, 1);
	assert_int_equal(pt_init(&pt, &pool, PT_STAGE2, 40, VMID), PT_ENOMEM);
	assert_int_equal(pool.free_count, 1);
}

/* ---- map: choice of descriptor ------------------------------------------- */

static void test_map_1g_aligned_uses_one_l1_block(void **state)
{
	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x40000000, 0xc0000000, SZ_1G, PT_RW);
	/* Block | MemAttr 0b1111 | S2AP RW | SH inner | AF | XN[1:0] = 0b10. */
	assert_int_equal(pt.root[1], 0x00400000c00007fdull);
	assert_int_equal(census().leaves[1], 1);
	assert_int_equal(census().tables, 0);
	assert_int_equal(pool.free_count, POOL_PAGES - 1);
}

static void test_map_2m_aligned_uses_l2_blocks(void **state)
{
	struct census c;

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x40200000, 0x80200000, 2 * SZ_2M, PT_RW);
	c = census();
	assert_int_equal(c.leaves[1], 0);
	assert_int_equal(c.leaves[2], 2);
	assert_int_equal(c.leaves[3], 0);
	assert_int_equal(c.tables, 1);
	assert_int_equal(*raw_pte(0x40400000, 2), 0x00400000804007fdull);
}

static void test_map_pa_misaligned_to_ia_uses_pages(void **state)
{
	struct census c;

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x200000, 0x40201000, SZ_2M, PT_RWX);
	c = census();
	assert_int_equal(c.leaves[2], 0);
	assert_int_equal(c.leaves[3], 512);
	assert_int_equal(c.tables, 2);
	assert_int_equal(*raw_pte(0x3ff000, 3), 0x40400000ull | 0x7ff);
}

static void test_map_mixed_range_uses_pages_blocks_pages(void **state)
{
	/* 2 pages, 2 blocks of 2 MiB, 3 pages. */
	uint64_t ia = 0x1fe000, size = 0x2000 + 2 * SZ_2M + 0x3000;
	struct census c;

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(ia, ia + 0x40000000, size, PT_RW);
	c = census();
	assert_int_equal(c.leaves[1], 0);
	assert_int_equal(c.leaves[2], 2);
	assert_int_equal(c.leaves[3], 5);
	assert_int_equal(c.tables, 3);   /* one L2, L3 for head and tail */
	assert_int_equal(pool.free_count, POOL_PAGES - 1 - 3);
}

/* Runs of leaves (written one from the other, pt.c's commit_leaves): each
 * entry the encoder's own descriptor, in a fresh table and around entries
 * already there. */
static void test_map_runs_are_each_entry_the_encoders(void **state)
{
	uint64_t ia = 0x3fe000, pa = 0x80000000 + 0x3fe000, size = 300 * 0x1000 + 3 * SZ_2M;

	setup(PT_STAGE1_EL2, 39, POOL_PAGES);
	map_ok(ia + 7 * 0x1000, pa + 7 * 0x1000, 0x1000, PT_RW);     /* one already there */
	map_ok(ia + SZ_2M + 0x2000, pa + SZ_2M + 0x2000, SZ_2M, PT_R);   /* a run's end */
	assert_int_equal(pt_map(&pt, ia, pa_init(pa), size, PT_RW), PT_EEXIST);
	map_ok(ia, pa, SZ_2M + 0x2000, PT_RW);
	map_ok(ia + 2 * SZ_2M + 0x2000, pa + 2 * SZ_2M + 0x2000, size - 2 * SZ_2M - 0x2000, PT_RW);
	for (uint64_t a = ia; a < ia + size; a += 0x1000) {
		uint64_t *l3 = raw_pte(a, 3), *l2 = raw_pte(a, 2);
		bool ro = a >= ia + SZ_2M + 0x2000 && a < ia + 2 * SZ_2M + 0x2000;

		if (l3)
			assert_int_equal(*l3, arch_pte_leaf(pa_init(a - ia + pa), ro ? PT_R : PT_RW,
							    3, PT_STAGE1_EL2));
		else
			assert_int_equal(*l2, arch_pte_leaf(pa_init(ALIGN_DOWN(a, SZ_2M) - ia + pa),
							    ro ? PT_R : PT_RW, 2, PT_STAGE1_EL2));
	}
}

static void test_map_publishes_new_tables_after_filling_them(void **state)
{
	setup(PT_STAGE2, 39, POOL_PAGES);
	host_log_watch(&pt.root[0]);
	map_ok(0x1000, 0x40001000, 0x1000, PT_RW);
	/* L3 filled, sync, L3 into L2; sync, L2 into root; final sync. */
	assert_int_equal(host_log.count, 3);
	assert_int_equal(host_log_count(HOST_PT_SYNC), 3);
	assert_int_equal(host_log.entry[0].watched, 0);
	assert_int_equal(host_log.entry[1].watched, 0);
	assert_true(arch_pte_is_table(host_log.entry[2].watched, 1));
}

/* ---- lookup -------------------------------------------------------------- */

static void test_lookup_returns_pa_attrs_and_size(void **state)
{
	paddr_t pa;
	uint32_t attrs;
	uint64_t size;

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x40200000, 0x80200000, SZ_2M, PT_RW);
	map_ok(0x1000, 0x90000000, 0x1000, PT_R | PT_X);
	map_ok(0x40000000ull * 3, 0x40000000ull * 5, SZ_1G, PT_RWX);

	assert_true(pt_lookup(&pt, 0x40212345, &pa, &attrs, &size));
	assert_int_equal(pa_addr(pa), 0x80212345);
	assert_int_equal(attrs, PT_RW);
	assert_int_equal(size, SZ_2M);

	assert_true(pt_lookup(&pt, 0x1abc, &pa, &attrs, &size));
	assert_int_equal(pa_addr(pa), 0x90000abc);
	assert_int_equal(attrs, PT_R | PT_X);
	assert_int_equal(size, 0x1000);

	assert_true(pt_lookup(&pt, 0xc1234000, &pa, &attrs, &size));
	assert_int_equal(pa_addr(pa), 0x141234000ull);
	assert_int_equal(attrs, PT_RWX);
	assert_int_equal(size, SZ_1G);
}

static void test_lookup_of_unmapped_address_fails(void **state)
{
	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x1000, 0x90000000, 0x1000, PT_RW);
	assert_false(pt_lookup(&pt, 0x0, NULL, NULL, NULL));
	assert_false(pt_lookup(&pt, 0x2000, NULL, NULL, NULL));
	assert_false(pt_lookup(&pt, 0x40000000, NULL, NULL, NULL));
	assert_false(pt_lookup(&pt, 1ull << 39, NULL, NULL, NULL));
	assert_true(pt_lookup(&pt, 0x1fff, NULL, NULL, NULL));
}

/* ---- attributes ---------------------------------------------------------- */

static void check_round_trip(enum pt_stage stage, const uint32_t *set, size_t n)
{
	uint32_t attrs;

	setup(stage, 39, POOL_PAGES);
	for (size_t i = 0; i < n; i++)
		map_ok(i * 0x1000, 0x80000000 + i * 0x1000, 0x1000, set[i]);
	for (size_t i = 0; i < n; i++) {
		assert_true(pt_lookup(&pt, i * 0x1000, NULL, &attrs, NULL));
		assert_int_equal(attrs, set[i]);
	}
}

static void test_stage1_attrs_round_trip(void **state)
{
	static const uint32_t set[] = {
		PT_R, PT_RW, PT_R | PT_X, PT_RWX, PT_R | PT_DEVICE, PT_RW | PT_DEVICE,
	};

	check_round_trip(PT_STAGE1_EL2, set, ARRAY_SIZE(set));
}

static void test_stage2_attrs_round_trip(void **state)
{
	static const uint32_t set[] = {
		0, PT_R, PT_W, PT_RW, PT_X, PT_R | PT_X, PT_RWX,
		PT_DEVICE, PT_R | PT_DEVICE, PT_RW | PT_DEVICE,
	};

	check_round_trip(PT_STAGE2, set, ARRAY_SIZE(set));
}

static void test_device_memory_is_never_executable(void **state)
{
	uint32_t attrs;

	setup(PT_STAGE1_EL2, 39, POOL_PAGES);
	map_ok(0x9000000, 0x9000000, 0x1000, PT_RWX | PT_DEVICE);
	assert_true(pt_lookup(&pt, 0x9000000, NULL, &attrs, NULL));
	assert_int_equal(attrs, PT_RW | PT_DEVICE);
	assert_int_equal(*raw_pte(0x9000000, 3) & XN_BIT, XN_BIT);

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x9000000, 0x9000000, 0x1000, PT_RWX | PT_DEVICE);
	assert_true(pt_lookup(&pt, 0x9000000, NULL, &attrs, NULL));
	assert_int_equal(attrs, PT_RW | PT_DEVICE);
	assert_int_equal(*raw_pte(0x9000000, 3) & (3ull << 53), 2ull << 53);
}

static void test_stage1_raw_descriptors(void **state)
{
	setup(PT_STAGE1_EL2, 39, POOL_PAGES);
	map_ok(0x1000, 0x80001000, 0x1000, PT_RW);
	map_ok(0x2000, 0x80002000, 0x1000, PT_R | PT_X);
	map_ok(0x200000, 0x80200000, SZ_2M, PT_RWX);
	map_ok(0x9000000, 0x9000000, 0x1000, PT_RW | PT_DEVICE);
	/* Page | AttrIndx 0 | AP[1] RES1 | SH inner | AF | XN. */
	assert_int_equal(*raw_pte(0x1000, 3), 0x0040000080001743ull);
	/* ... AP[2] set (read-only), executable. */
	assert_int_equal(*raw_pte(0x2000, 3), 0x00000000800027c3ull);
	/* Block, executable. */
	assert_int_equal(*raw_pte(0x200000, 2), 0x0000000080200741ull);
	/* AttrIndx 1 (Device-nGnRE), no SH, XN. */
	assert_int_equal(*raw_pte(0x9000000, 3), 0x0040000009000447ull);
}

static void test_stage2_raw_descriptors(void **state)
{
	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x1000, 0x40001000, 0x1000, PT_RWX);
	map_ok(0x2000, 0x40002000, 0x1000, PT_R);
	map_ok(0x9000000, 0x9000000, 0x1000, PT_RW | PT_DEVICE);
	/* Page | MemAttr 0b1111 | S2AP RW | SH inner | AF, executable. */
	assert_int_equal(*raw_pte(0x1000, 3), 0x00000000400017ffull);
	/* S2AP read only, XN[1:0] = 0b10. */
	assert_int_equal(*raw_pte(0x2000, 3), 0x004000004000277full);
	/* MemAttr 0b0001 (Device-nGnRE), no SH. */
	assert_int_equal(*raw_pte(0x9000000, 3), 0x00400000090004c7ull);
}

/* ---- map: failures change nothing ---------------------------------------- */

static void test_map_over_existing_is_eexist_and_changes_nothing(void **state)
{
	size_t free_before;

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x5000, 0x80005000, 0x1000, PT_RW);
	free_before = pool.free_count;
	host_log_reset();
	assert_int_equal(pt_map(&pt, 0x0, pa_init(0x90000000), 0x400000, PT_RW),
			 PT_EEXIST);
	assert_int_equal(pool.free_count, free_before);
	assert_int_equal(host_log.count, 0);
	assert_false(pt_lookup(&pt, 0x0, NULL, NULL, NULL));
	assert_false(pt_lookup(&pt, 0x200000, NULL, NULL, NULL));
	assert_int_equal(census().leaves[3], 1);
	assert_int_equal(*raw_pte(0x5000, 3), 0x00400000800057ffull);
}

static void test_map_inside_block_is_eexist(void **state)
{
	uint64_t before;

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x200000, 0x80200000, SZ_2M, PT_RW);
	before = *raw_pte(0x200000, 2);
	assert_int_equal(pt_map(&pt, 0x3ff000, pa_init(0x1000), 0x2000, PT_RW),
			 PT_EEXIST);
	assert_int_equal(*raw_pte(0x200000, 2), before);
	assert_false(pt_lookup(&pt, 0x400000, NULL, NULL, NULL));
	assert_int_equal(census().tables, 1);
}

/* Two devices in one page are each mapped: the second map of the page,
 * exactly as it is mapped, succeeds and changes nothing. */
static void test_map_again_exactly_is_ok_and_changes_nothing(void **state)
{
	size_t free_before;
	uint64_t before;

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0xa000000, 0xa000000, 0x1000, PT_RW | PT_DEVICE);
	free_before = pool.free_count;
	before = *raw_pte(0xa000000, 3);
	host_log_reset();
	map_ok(0xa000000, 0xa000000, 0x1000, PT_RW | PT_DEVICE);
	assert_int_equal(*raw_pte(0xa000000, 3), before);
	assert_int_equal(pool.free_count, free_before);
	assert_int_equal(census().leaves[3], 1);
}

static void test_map_again_elsewhere_or_otherwise_is_eexist(void **state)
{
	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0xa000000, 0xa000000, 0x1000, PT_RW | PT_DEVICE);
	assert_int_equal(pt_map(&pt, 0xa000000, pa_init(0xa001000), 0x1000,
				PT_RW | PT_DEVICE), PT_EEXIST);
	assert_int_equal(pt_map(&pt, 0xa000000, pa_init(0xa000000), 0x1000, PT_RW),
			 PT_EEXIST);
	assert_int_equal(pt_map(&pt, 0xa000000, pa_init(0xa000000), 0x1000, PT_R | PT_DEVICE),
			 PT_EEXIST);
}

/* A range around a page mapped as asked: the rest gets mapped. */
static void test_map_around_a_page_mapped_as_asked_maps_the_rest(void **state)
{
	paddr_t pa;

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x5000, 0x80005000, 0x1000, PT_RW);
	map_ok(0x4000, 0x80004000, 0x3000, PT_RW);
	for (uint64_t ia = 0x4000; ia < 0x7000; ia += 0x1000) {
		assert_true(pt_lookup(&pt, ia, &pa, NULL, NULL));
		assert_int_equal(pa_addr(pa), 0x80000000 + ia);
	}
	assert_int_equal(census().leaves[3], 3);
}

/* A page inside a block that already maps it as asked: the block stays. */
static void test_map_inside_a_block_mapping_it_as_asked_keeps_the_block(void **state)
{
	uint64_t before;

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x200000, 0x80200000, SZ_2M, PT_RW);
	before = *raw_pte(0x200000, 2);
	map_ok(0x3ff000, 0x803ff000, 0x1000, PT_RW);
	assert_int_equal(*raw_pte(0x200000, 2), before);
	assert_int_equal(census().tables, 1);
}

static void test_map_without_pool_pages_is_enomem_and_changes_nothing(void **state)
{
	/* Root plus one page: a 4 KiB mapping needs an L2 and an L3 table. */
	setup(PT_STAGE2, 39, 2);
	assert_int_equal(pt_map(&pt, 0x1000, pa_init(0x80001000), 0x1000, PT_RW),
			 PT_ENOMEM);
	assert_int_equal(pool.free_count, 1);
	assert_int_equal(host_log.count, 0);
	for (size_t i = 0; i < ARCH_PT_ENTRIES; i++)
		assert_int_equal(pt.root[i], 0);
	/* One table is enough for a 2 MiB block: the count was exact. */
	map_ok(0x200000, 0x80200000, SZ_2M, PT_RW);
	assert_int_equal(pool.free_count, 0);
}

static void test_map_rejects_bad_ranges(void **state)
{
	const uint64_t top = 1ull << 39;

	setup(PT_STAGE2, 39, POOL_PAGES);
	assert_int_equal(pt_map(&pt, 0x1800, pa_init(0x1000), 0x1000, PT_RW), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0x1000, pa_init(0x1800), 0x1000, PT_RW), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0x1000, pa_init(0x1000), 0x1800, PT_RW), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0x1000, pa_init(0x1000), 0, PT_RW), PT_EINVAL);
	assert_int_equal(pt_map(&pt, top - 0x1000, pa_init(0x1000), 0x2000, PT_RW),
			 PT_EINVAL);
	assert_int_equal(pt_map(&pt, top, pa_init(0x1000), 0x1000, PT_RW), PT_EINVAL);
	/* ia + size wraps to 0. */
	assert_int_equal(pt_map(&pt, 0x1000, pa_init(0x1000), 0xfffffffffffff000ull,
				PT_RW), PT_EINVAL);
	/* Output beyond 48 bits. */
	assert_int_equal(pt_map(&pt, 0x1000, pa_init((1ull << 48) - 0x1000), 0x2000,
				PT_RW), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0x1000, pa_init(0x1000), 0x1000, PT_RW | BIT(4)),
			 PT_EINVAL);
	assert_int_equal(host_log.count, 0);
	assert_int_equal(census().tables, 0);
}

static void test_map_stage1_without_read_is_einval(void **state)
{
	setup(PT_STAGE1_EL2, 39, POOL_PAGES);
	assert_int_equal(pt_map(&pt, 0x1000, pa_init(0x1000), 0x1000, PT_W), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0x1000, pa_init(0x1000), 0x1000, PT_X), PT_EINVAL);
	assert_int_equal(census().leaves[3], 0);
}

/* ---- unmap --------------------------------------------------------------- */

static void test_unmap_whole_block_invalidates_and_frees_table(void **state)
{
	size_t free_before;

	setup(PT_STAGE2, 39, POOL_PAGES);
	free_before = pool.free_count;
	map_ok(0x40200000, 0x80200000, SZ_2M, PT_RW);
	host_log_reset();
	assert_int_equal(pt_unmap(&pt, 0x40200000, SZ_2M), PT_OK);
	assert_false(pt_lookup(&pt, 0x40200000, NULL, NULL, NULL));
	/* The block, then the emptied L2 table's entry, each BBM-removed. */
	assert_int_equal(host_log.count, 4);
	assert_int_equal(host_log.entry[0].op, HOST_PT_SYNC);
	assert_int_equal(host_log.entry[1].op, HOST_TLB_INVAL_IA);
	assert_int_equal(host_log.entry[1].ia, 0x40200000);
	assert_int_equal(host_log.entry[1].vmid, VMID);
	assert_int_equal(host_log.entry[1].stage, PT_STAGE2);
	assert_int_equal(host_log.entry[2].op, HOST_PT_SYNC);
	assert_int_equal(host_log.entry[3].op, HOST_TLB_INVAL_IA);
	assert_int_equal(host_log.entry[3].ia, 0x40000000);
	assert_int_equal(pt.root[1], 0);
	assert_int_equal(pool.free_count, free_before);
}

static void test_unmap_page_in_2m_block_splits_break_before_make(void **state)
{
	const uint32_t attrs = PT_R | PT_X;
	uint64_t *l2e, *l3;
	size_t free_before;
	struct census c;

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x40200000, 0x80200000, SZ_2M, attrs);
	free_before = pool.free_count;
	l2e = raw_pte(0x40200000, 2);
	host_log_reset();
	host_log_watch(l2e);

	assert_int_equal(pt_unmap(&pt, 0x40205000, 0x1000), PT_OK);

	/* Invalid entry made visible, TLB cleaned, and only then the table. */
	assert_int_equal(host_log.count, 4);
	assert_int_equal(host_log.entry[0].op, HOST_PT_SYNC);
	assert_int_equal(host_log.entry[0].watched, 0);
	assert_int_equal(host_log.entry[1].op, HOST_TLB_INVAL_IA);
	assert_int_equal(host_log.entry[1].ia, 0x40200000);
	assert_int_equal(host_log.entry[1].watched, 0);
	assert_int_equal(host_log.entry[2].op, HOST_PT_SYNC);
	assert_int_equal(host_log.entry[2].watched, 0);
	assert_int_equal(host_log.entry[3].op, HOST_PT_SYNC);
	assert_int_equal(host_log.entry[3].watched, *l2e);
	assert_true(arch_pte_is_table(*l2e, 2));

	l3 = (uint64_t *)(uintptr_t)pa_addr(arch_pte_addr(*l2e));
	for (uint64_t i = 0; i < ARCH_PT_ENTRIES; i++) {
		uint64_t want = i == 5 ? 0 :
			arch_pte_leaf(pa_init(0x80200000 + i * 0x1000), attrs, 3, PT_STAGE2);

		assert_int_equal(l3[i], want);
	}
	c = census();
	assert_int_equal(c.leaves[2], 0);
	assert_int_equal(c.leaves[3], 511);
	assert_int_equal(pool.free_count, free_before - 1);
}

static void test_unmap_page_in_1g_block_splits_two_levels(void **state)
{
	paddr_t pa;
	uint64_t size;
	struct census c;

	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x40000000, 0x80000000, SZ_1G, PT_RW);
	host_log_reset();
	assert_int_equal(pt_unmap(&pt, 0x40201000, 0x1000), PT_OK);
	c = census();
	assert_int_equal(c.leaves[1], 0);
	assert_int_equal(c.leaves[2], 511);
	assert_int_equal(c.leaves[3], 511);
	assert_int_equal(c.tables, 2);
	assert_int_equal(host_log_count(HOST_TLB_INVAL_IA), 1);
	assert_int_equal(host_log.entry[1].ia, 0x40000000);

	assert_true(pt_lookup(&pt, 0x40000000, &pa, NULL, &size));
	assert_int_equal(pa_addr(pa), 0x80000000);
	assert_int_equal(size, SZ_2M);
	assert_true(pt_lookup(&pt, 0x40202000, &pa, NULL, &size));
	assert_int_equal(pa_addr(pa), 0x80202000);
	assert_int_equal(size, 0x1000);
	assert_false(pt_lookup(&pt, 0x40201000, NULL, NULL, NULL));
}

static void test_unmap_over_holes_removes_all_and_frees_tables(void **state)
{
	size_t free_before;

	setup(PT_STAGE2, 39, POOL_PAGES);
	free_before = pool.free_count;
	map_ok(0x1000, 0x80001000, 0x1000, PT_RW);
	map_ok(0x3000, 0x80003000, 0x1000, PT_RW);
	map_ok(0x400000, 0x80400000, SZ_2M, PT_RW);
	host_log_reset();
	assert_int_equal(pt_unmap(&pt, 0x0, 0x800000), PT_OK);
	/* Two pages, one block, the L3 and the L2 table. */
	assert_int_equal(host_log_count(HOST_TLB_INVAL_IA), 5);
	assert_int_equal(census().leaves[2] + census().leaves[3], 0);
	assert_int_equal(census().tables, 0);
	assert_int_equal(pool.free_count, free_before);
}

static void test_unmap_split_without_pool_pages_is_enomem_and_changes_nothing(void **state)
{
	uint64_t before;

	setup(PT_STAGE2, 39, 2);
	map_ok(0x200000, 0x80200000, SZ_2M, PT_RW);
	assert_int_equal(pool.free_count, 0);
	before = *raw_pte(0x200000, 2);
	host_log_reset();
	assert_int_equal(pt_unmap(&pt, 0x201000, 0x1000), PT_ENOMEM);
	assert_int_equal(*raw_pte(0x200000, 2), before);
	assert_int_equal(host_log.count, 0);
	/* Unmapping all of it needs no table. */
	assert_int_equal(pt_unmap(&pt, 0x200000, SZ_2M), PT_OK);
	assert_int_equal(pool.free_count, 1);
}

static void test_unmap_nested_split_counts_both_tables(void **state)
{
	setup(PT_STAGE2, 39, 2);
	map_ok(0x40000000, 0x80000000, SZ_1G, PT_RW);
	assert_int_equal(pool.free_count, 1);
	host_log_reset();
	/* A page inside a 1 GiB block needs an L2 and an L3 table. */
	assert_int_equal(pt_unmap(&pt, 0x40201000, 0x1000), PT_ENOMEM);
	assert_int_equal(pt.root[1], 0x00400000800007fdull);
	assert_int_equal(host_log.count, 0);
	/* A 2 MiB piece needs only the L2 table. */
	assert_int_equal(pt_unmap(&pt, 0x40200000, SZ_2M), PT_OK);
	assert_int_equal(census().leaves[2], 511);
	assert_int_equal(pool.free_count, 0);
}

static void test_unmap_rejects_bad_ranges(void **state)
{
	setup(PT_STAGE2, 39, POOL_PAGES);
	map_ok(0x1000, 0x80001000, 0x1000, PT_RW);
	host_log_reset();
	assert_int_equal(pt_unmap(&pt, 0x1800, 0x1000), PT_EINVAL);
	assert_int_equal(pt_unmap(&pt, 0x1000, 0x800), PT_EINVAL);
	assert_int_equal(pt_unmap(&pt, 0x1000, 0), PT_EINVAL);
	assert_int_equal(pt_unmap(&pt, 0x1000, 1ull << 39), PT_EINVAL);
	assert_int_equal(pt_unmap(&pt, 0x1000, 0xfffffffffffff000ull), PT_EINVAL);
	assert_int_equal(host_log.count, 0);
	assert_true(pt_lookup(&pt, 0x1000, NULL, NULL, NULL));
}

/* ---- teardown and big inputs --------------------------------------------- */

static void test_destroy_returns_every_page(void **state)
{
	setup(PT_STAGE2, 40, POOL_PAGES);
	map_ok(0x1000, 0x80001000, 0x3000, PT_RW);
	map_ok(0x40200000, 0x80200000, 3 * SZ_2M + 0x5000, PT_RW);
	map_ok(0x8000000000ull, 0x80000000, SZ_1G, PT_RW);
	map_ok(0x8040000000ull, 0x80000000, 0x1000, PT_RW);
	assert_true(pool.free_count < POOL_PAGES - 2);
	pt_destroy(&pt);
	assert_null(pt.root);
	assert_int_equal(pool.free_count, POOL_PAGES);
	for (size_t i = 0; i < POOL_PAGES; i++)
		assert_non_null(pt_pool_alloc(&pool));
	assert_null(pt_pool_alloc(&pool));
}

static void test_concatenated_root_maps_above_2_39(void **state)
{
	paddr_t pa;

	setup(PT_STAGE2, 40, POOL_PAGES);
	assert_int_equal(pt.root_pages, 2);
	assert_int_equal((uintptr_t)pt.root & 0x1fff, 0);
	assert_int_equal(pool.free_count, POOL_PAGES - 2);
	map_ok(0x8040000000ull, 0xc0000000, SZ_1G, PT_RW);
	/* Second concatenated table, entry 1. */
	assert_int_equal(pt.root[ARCH_PT_ENTRIES + 1], 0x00400000c00007fdull);
	assert_int_equal(pt.root[1], 0);
	assert_true(pt_lookup(&pt, 0x8040001000ull, &pa, NULL, NULL));
	assert_int_equal(pa_addr(pa), 0xc0001000);
	assert_int_equal(pt_map(&pt, 1ull << 40, pa_init(0), 0x1000, PT_RW), PT_EINVAL);
}

static void test_strerror_names_each_error(void **state)
{
	assert_string_equal(pt_strerror(PT_ENOMEM), "translation table pool exhausted");
	assert_string_equal(pt_strerror(PT_EEXIST), "range already mapped");
	assert_string_equal(pt_strerror((enum pt_err)42), "unknown page-table error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry_stage1),
		cmocka_unit_test(test_geometry_stage2_concatenates_at_level_1),
		cmocka_unit_test(test_geometry_rejects_unsupported_bits),
		cmocka_unit_test(test_init_takes_one_zeroed_root_page),
		cmocka_unit_test(test_pool_run_is_aligned_and_skipped_pages_stay_free),
		cmocka_unit_test(test_init_without_pages_is_enomem),
		cmocka_unit_test(test_map_1g_aligned_uses_one_l1_block),
		cmocka_unit_test(test_map_2m_aligned_uses_l2_blocks),
		cmocka_unit_test(test_map_pa_misaligned_to_ia_uses_pages),
		cmocka_unit_test(test_map_mixed_range_uses_pages_blocks_pages),
		cmocka_unit_test(test_map_runs_are_each_entry_the_encoders),
		cmocka_unit_test(test_map_publishes_new_tables_after_filling_them),
		cmocka_unit_test(test_lookup_returns_pa_attrs_and_size),
		cmocka_unit_test(test_lookup_of_unmapped_address_fails),
		cmocka_unit_test(test_stage1_attrs_round_trip),
		cmocka_unit_test(test_stage2_attrs_round_trip),
		cmocka_unit_test(test_device_memory_is_never_executable),
		cmocka_unit_test(test_stage1_raw_descriptors),
		cmocka_unit_test(test_stage2_raw_descriptors),
		cmocka_unit_test(test_map_over_existing_is_eexist_and_changes_nothing),
		cmocka_unit_test(test_map_inside_block_is_eexist),
		cmocka_unit_test(test_map_again_exactly_is_ok_and_changes_nothing),
		cmocka_unit_test(test_map_again_elsewhere_or_otherwise_is_eexist),
		cmocka_unit_test(test_map_around_a_page_mapped_as_asked_maps_the_rest),
		cmocka_unit_test(test_map_inside_a_block_mapping_it_as_asked_keeps_the_block),
		cmocka_unit_test(test_map_without_pool_pages_is_enomem_and_changes_nothing),
		cmocka_unit_test(test_map_rejects_bad_ranges),
		cmocka_unit_test(test_map_stage1_without_read_is_einval),
		cmocka_unit_test(test_unmap_whole_block_invalidates_and_frees_table),
		cmocka_unit_test(test_unmap_page_in_2m_block_splits_break_before_make),
		cmocka_unit_test(test_unmap_page_in_1g_block_splits_two_levels),
		cmocka_unit_test(test_unmap_over_holes_removes_all_and_frees_tables),
		cmocka_unit_test(test_unmap_split_without_pool_pages_is_enomem_and_changes_nothing),
		cmocka_unit_test(test_unmap_nested_split_counts_both_tables),
		cmocka_unit_test(test_unmap_rejects_bad_ranges),
		cmocka_unit_test(test_destroy_returns_every_page),
		cmocka_unit_test(test_concatenated_root_maps_above_2_39),
		cmocka_unit_test(test_strerror_names_each_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
