/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: LPAE descriptor encoding (arch/lpae/pte.c built with 40-bit
 * output addresses; Arm ARM DDI 0406C.d B3.6.1, B3.6.2). The walker's own tests run with these
 * encoders too (test_pt32).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arch/pte.h>

static void levels_resolve_30_21_12_bits(void **state)
{
	assert_int_equal(arch_level_shift(1), 30);
	assert_int_equal(arch_level_shift(2), 21);
	assert_int_equal(arch_level_shift(3), 12);
	assert_true(arch_level_has_blocks(1));
	assert_true(arch_level_has_blocks(2));
}

static void table_descriptor(void **state)
{
	uint64_t d = arch_pte_table(pa_init(0x8fffff000ull));

	assert_int_equal(d, 0x8fffff003ull);
	assert_true(arch_pte_is_table(d, 1));
	assert_true(arch_pte_is_table(d, 2));
	/* At level 3 the same bits are a page. */
	assert_false(arch_pte_is_table(d, 3));
	assert_int_equal(pa_addr(arch_pte_addr(d)), 0x8fffff000ull);
}

static void output_addresses_have_40_bits(void **state)
{
	uint64_t d = arch_pte_leaf(pa_init(0xff80001000ull), PT_RW, 3, PT_STAGE2);

	assert_int_equal(pa_addr(arch_pte_addr(d)), 0xff80001000ull);
	/* Bits above 39 are not an address in LPAE: dropped. */
	d = arch_pte_leaf(pa_init((1ull << 40) | 0x2000), PT_RW, 3, PT_STAGE2);
	assert_int_equal(pa_addr(arch_pte_addr(d)), 0x2000);
}

static void hyp_stage1_descriptors(void **state)
{
	/* Page, AttrIndx 0, AP[1] SBO, SH inner, AF, XN (bit 54). */
	assert_int_equal(arch_pte_leaf(pa_init(0x40001000), PT_RW, 3, PT_STAGE1_EL2),
			 0x0040000040001743ull);
	/* Read-only text: AP[2], executable. */
	assert_int_equal(arch_pte_leaf(pa_init(0x40002000), PT_R | PT_X, 3, PT_STAGE1_EL2),
			 0x00000000400027c3ull);
	/* 2 MiB block. */
	assert_int_equal(arch_pte_leaf(pa_init(0x40200000), PT_RWX, 2, PT_STAGE1_EL2),
			 0x0000000040200741ull);
	/* Device: AttrIndx 1, no SH, never executable. */
	assert_int_equal(arch_pte_leaf(pa_init(0x09000000), PT_RWX | PT_DEVICE, 3,
				       PT_STAGE1_EL2), 0x0040000009000447ull);
}

static void stage2_descriptors(void **state)
{
	/* MemAttr 0b1111, HAP RW, SH inner, AF, executable. */
	assert_int_equal(arch_pte_leaf(pa_init(0x40001000), PT_RWX, 3, PT_STAGE2),
			 0x00000000400017ffull);
	/* HAP read only, XN. */
	assert_int_equal(arch_pte_leaf(pa_init(0x40002000), PT_R, 3, PT_STAGE2),
			 0x004000004000277full);
	/* 1 GiB block, MemAttr 0b0001 (Device), no SH, XN. */
	assert_int_equal(arch_pte_leaf(pa_init(0x40000000), PT_RW | PT_DEVICE, 1, PT_STAGE2),
			 0x00400000400004c5ull);
}

static void attributes_round_trip(void **state)
{
	static const uint32_t s2[] = { PT_R, PT_RW, PT_RWX, PT_R | PT_X, PT_RW | PT_DEVICE,
				       PT_R | PT_DEVICE };
	static const uint32_t s1[] = { PT_R, PT_RW, PT_R | PT_X, PT_RWX, PT_RW | PT_DEVICE };

	for (size_t i = 0; i < sizeof(s2) / sizeof(s2[0]); i++)
		assert_int_equal(arch_pte_attrs(arch_pte_leaf(pa_init(0x1000), s2[i], 3,
							      PT_STAGE2), PT_STAGE2), s2[i]);
	for (size_t i = 0; i < sizeof(s1) / sizeof(s1[0]); i++)
		assert_int_equal(arch_pte_attrs(arch_pte_leaf(pa_init(0x1000), s1[i], 3,
							      PT_STAGE1_EL2), PT_STAGE1_EL2), s1[i]);
}

static void invalid_is_zero(void **state)
{
	assert_int_equal(arch_pte_invalid(), 0);
	assert_false(arch_pte_is_valid(arch_pte_invalid()));
	assert_true(arch_pte_is_valid(arch_pte_leaf(pa_init(0), PT_R, 3, PT_STAGE2)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(levels_resolve_30_21_12_bits),
		cmocka_unit_test(table_descriptor),
		cmocka_unit_test(output_addresses_have_40_bits),
		cmocka_unit_test(hyp_stage1_descriptors),
		cmocka_unit_test(stage2_descriptors),
		cmocka_unit_test(attributes_round_trip),
		cmocka_unit_test(invalid_is_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
