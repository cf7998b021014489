/*
 * Unit tests: the virtual GIC's GICv3 redistributor frames and the SGIs a
 * vCPU sends with ICC_SGI1R_EL1 (src/core/vgic/vgic_v3.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "vgic.h"

/* 4 vCPUs, 64 SPIs, SPIs 32..79 owned. */
#define NVCPUS 4

static struct vgic_dist d;

static int setup(void **state)
{
	memset(&d, 0, sizeof(d));
	assert_int_equal(vgic_init(&d, VGIC_V3, NVCPUS, 64), VGIC_OK);
	for (unsigned i = 32; i < 80; i++)
		assert_int_equal(vgic_set_owned(&d, i), VGIC_OK);
	return 0;
}

static uint32_t wr(unsigned vcpu, uint32_t off, unsigned size, uint64_t v)
{
	uint32_t kick;

	assert_int_equal(vgic_dist_access(&d, vcpu, off, size, true, &v, &kick),
			 VGIC_OK);
	return kick;
}

static uint64_t rrd(unsigned vcpu, uint32_t off, unsigned size)
{
	uint64_t v = 0xdeadbeefdeadbeefull;
	uint32_t kick;

	assert_int_equal(vgic_redist_access(&d, vcpu, off, size, false, &v,
					    &kick), VGIC_OK);
	assert_int_equal(kick, 0);
	return v;
}

static uint32_t rwr(unsigned vcpu, uint32_t off, unsigned size, uint64_t v)
{
	uint32_t kick = 0xdead;

	assert_int_equal(vgic_redist_access(&d, vcpu, off, size, true, &v,
					    &kick), VGIC_OK);
	return kick;
}

static enum vgic_err racc(unsigned vcpu, uint32_t off, unsigned size,
			  bool write)
{
	uint64_t v = 0;
	uint32_t kick;

	return vgic_redist_access(&d, vcpu, off, size, write, &v, &kick);
}

#define SGI(off) (VGIC_V3_SGI_BASE + (off))

static void redist_decode_splits_region_offsets(void **state)
{
	unsigned vcpu = 99;
	uint32_t off = 99;

	assert_true(vgic_redist_decode(&d, 0x0, &vcpu, &off));
	assert_int_equal(vcpu, 0);
	assert_int_equal(off, 0);
	assert_true(vgic_redist_decode(&d, 2 * 0x20000 + 0x10180, &vcpu, &off));
	assert_int_equal(vcpu, 2);
	assert_int_equal(off, 0x10180);
	assert_true(vgic_redist_decode(&d, 4 * 0x20000 - 4, &vcpu, &off));
	assert_int_equal(vcpu, 3);
	assert_int_equal(off, 0x1fffc);
	assert_false(vgic_redist_decode(&d, 4 * 0x20000, &vcpu, &off));
}

static void redist_typer_gives_affinity_number_and_last(void **state)
{
	assert_int_equal(rrd(0, 0x0008, 8), 0x0);
	assert_int_equal(rrd(2, 0x0008, 8), 0x0000000200000200ull);
	assert_int_equal(rrd(3, 0x0008, 8), 0x0000000300000310ull);
	assert_int_equal(rrd(3, 0x0008, 4), 0x310);
	assert_int_equal(rrd(3, 0x000c, 4), 0x3);
	assert_int_equal(rrd(1, 0x000c, 4), 0x1);
}

static void redist_waker_sleep_and_children_asleep(void **state)
{
	assert_int_equal(rrd(1, 0x0014, 4), 0x6);
	rwr(1, 0x0014, 4, 0x0);
	assert_int_equal(rrd(1, 0x0014, 4), 0x0);
	assert_int_equal(rrd(0, 0x0014, 4), 0x6);      /* per vCPU */
	rwr(1, 0x0014, 4, 0x1);                         /* bit 0 RAZ/WI */
	assert_int_equal(rrd(1, 0x0014, 4), 0x0);
	rwr(1, 0x0014, 4, 0x2);
	assert_int_equal(rrd(1, 0x0014, 4), 0x6);
}

static void redist_ctlr_iidr_and_pidr2(void **state)
{
	rwr(0, 0x0000, 4, 0x1);                         /* EnableLPIs */
	assert_int_equal(rrd(0, 0x0000, 4), 0);
	assert_int_equal(rrd(0, 0x0004, 4), 0x53000000);
	assert_int_equal(rrd(0, 0xffe8, 4), 0x30);
	assert_int_equal(rrd(0, 0x0070, 4), 0);         /* PROPBASER */
}

static void redist_sgi_frame_is_banked_per_vcpu(void **state)
{
	rwr(1, SGI(0x0100), 4, 0x08010001);
	assert_int_equal(rrd(1, SGI(0x0100), 4), 0x08010001);
	assert_int_equal(rrd(1, SGI(0x0180), 4), 0x08010001);
	assert_int_equal(rrd(0, SGI(0x0100), 4), 0);
	rwr(1, SGI(0x0180), 4, 0x1);
	assert_int_equal(rrd(1, SGI(0x0100), 4), 0x08010000);
}

static void redist_pending_and_active_for_sgis_and_ppis(void **state)
{
	rwr(2, SGI(0x0200), 4, 0x80000004);
	assert_int_equal(rrd(2, SGI(0x0200), 4), 0x80000004);
	rwr(2, SGI(0x0280), 4, 0x4);
	assert_int_equal(rrd(2, SGI(0x0280), 4), 0x80000000);
	rwr(2, SGI(0x0300), 4, 0x00100000);
	assert_int_equal(rrd(2, SGI(0x0380), 4), 0x00100000);
	rwr(2, SGI(0x0380), 4, 0xffffffff);
	assert_int_equal(rrd(2, SGI(0x0300), 4), 0);
}

static void redist_igroupr0_is_rao_wi(void **state)
{
	assert_int_equal(rrd(0, SGI(0x0080), 4), 0xffffffff);
	rwr(0, SGI(0x0080), 4, 0);
	assert_int_equal(rrd(0, SGI(0x0080), 4), 0xffffffff);
}

static void redist_icfgr0_sgis_are_edge_and_read_only(void **state)
{
	assert_int_equal(rrd(0, SGI(0x0c00), 4), 0xaaaaaaaa);
	rwr(0, SGI(0x0c00), 4, 0);
	assert_int_equal(rrd(0, SGI(0x0c00), 4), 0xaaaaaaaa);
}

static void redist_icfgr1_ppis_are_programmable(void **state)
{
	assert_int_equal(rrd(0, SGI(0x0c04), 4), 0);
	rwr(0, SGI(0x0c04), 4, 0xc0000000);             /* PPI 31 edge */
	assert_int_equal(rrd(0, SGI(0x0c04), 4), 0x80000000);
	assert_int_equal(rrd(1, SGI(0x0c04), 4), 0);
}

static void redist_priority_byte_and_word(void **state)
{
	rwr(3, SGI(0x041c), 4, 0xa0b0c0d7);             /* PPIs 28..31 */
	assert_int_equal(rrd(3, SGI(0x041c), 4), 0xa0b0c0d0);
	rwr(3, SGI(0x0400), 1, 0x4f);                   /* SGI 0 */
	assert_int_equal(rrd(3, SGI(0x0400), 1), 0x48);
	assert_int_equal(rrd(3, SGI(0x041f), 1), 0xa0);
	assert_int_equal(rrd(2, SGI(0x0400), 4), 0);
}

static void redist_access_widths(void **state)
{
	assert_int_equal(racc(0, 0x0008, 8, false), VGIC_OK);
	assert_int_equal(racc(0, 0x000c, 8, false), VGIC_BAD_ACCESS);
	assert_int_equal(racc(0, 0x0014, 8, false), VGIC_BAD_ACCESS);
	assert_int_equal(racc(0, 0x0000, 1, false), VGIC_BAD_ACCESS);
	assert_int_equal(racc(0, 0x0014, 2, true), VGIC_BAD_ACCESS);
	assert_int_equal(racc(0, SGI(0x0100), 1, true), VGIC_BAD_ACCESS);
	assert_int_equal(racc(0, SGI(0x0100), 8, true), VGIC_BAD_ACCESS);
	assert_int_equal(racc(0, SGI(0x0401), 1, true), VGIC_OK);
	assert_int_equal(racc(0, SGI(0x0402), 2, true), VGIC_BAD_ACCESS);
	assert_int_equal(racc(0, SGI(0x0102), 4, true), VGIC_BAD_ACCESS);
}

static void redist_enable_of_pending_ppi_kicks_its_vcpu(void **state)
{
	wr(0, 0x0000, 4, 2);
	assert_int_equal(vgic_set_pending(&d, 2, 27), 0);
	assert_int_equal(rwr(2, SGI(0x0100), 4, BIT(27)), BIT(2));
	assert_int_equal(vgic_set_pending(&d, 2, 27), BIT(2));
	assert_int_equal(rrd(1, SGI(0x0200), 4), 0);
}

/* ---- GICv3 SGIs: ICC_SGI1R_EL1 ---- */

#define SGI1R(intid, list) ((uint64_t)(intid) << 24 | (list))

static void enable_sgi_everywhere(unsigned sgi)
{
	wr(0, 0x0000, 4, 2);
	for (unsigned c = 0; c < NVCPUS; c++)
		rwr(c, SGI(0x0100), 4, BIT(sgi));
}

static void sgi1r_target_list_pends_on_each_target(void **state)
{
	enable_sgi_everywhere(5);
	assert_int_equal(vgic_sgi1r(&d, 0, SGI1R(5, 0xa)), 0xa);
	assert_int_equal(rrd(0, SGI(0x0200), 4), 0);
	assert_int_equal(rrd(1, SGI(0x0200), 4), BIT(5));
	assert_int_equal(rrd(2, SGI(0x0200), 4), 0);
	assert_int_equal(rrd(3, SGI(0x0200), 4), BIT(5));
}

static void sgi1r_irm_targets_all_but_self(void **state)
{
	enable_sgi_everywhere(1);
	assert_int_equal(vgic_sgi1r(&d, 2, SGI1R(1, 0) | BIT(40)), 0xb);
	assert_int_equal(rrd(0, SGI(0x0200), 4), BIT(1));
	assert_int_equal(rrd(1, SGI(0x0200), 4), BIT(1));
	assert_int_equal(rrd(2, SGI(0x0200), 4), 0);
	assert_int_equal(rrd(3, SGI(0x0200), 4), BIT(1));
}

static void sgi1r_affinity_outside_the_vm_is_ignored(void **state)
{
	enable_sgi_everywhere(7);
	assert_int_equal(vgic_sgi1r(&d, 0, SGI1R(7, 0x2) | 1ull << 16), 0);
	assert_int_equal(vgic_sgi1r(&d, 0, SGI1R(7, 0x2) | 1ull << 32), 0);
	assert_int_equal(vgic_sgi1r(&d, 0, SGI1R(7, 0x2) | 1ull << 48), 0);
	assert_int_equal(vgic_sgi1r(&d, 0, SGI1R(7, 0x2) | 1ull << 44), 0);
	assert_int_equal(vgic_sgi1r(&d, 0, SGI1R(7, 0xfff0)), 0); /* Aff0 4+ */
	for (unsigned c = 0; c < NVCPUS; c++)
		assert_int_equal(rrd(c, SGI(0x0200), 4), 0);
}

static void sgi1r_to_a_disabled_sgi_pends_without_kick(void **state)
{
	wr(0, 0x0000, 4, 2);
	assert_int_equal(vgic_sgi1r(&d, 0, SGI1R(9, 0x2)), 0);
	assert_int_equal(rrd(1, SGI(0x0200), 4), BIT(9));
	assert_int_equal(rwr(1, SGI(0x0100), 4, BIT(9)), BIT(1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(redist_decode_splits_region_offsets, setup),
		cmocka_unit_test_setup(redist_typer_gives_affinity_number_and_last, setup),
		cmocka_unit_test_setup(redist_waker_sleep_and_children_asleep, setup),
		cmocka_unit_test_setup(redist_ctlr_iidr_and_pidr2, setup),
		cmocka_unit_test_setup(redist_sgi_frame_is_banked_per_vcpu, setup),
		cmocka_unit_test_setup(redist_pending_and_active_for_sgis_and_ppis, setup),
		cmocka_unit_test_setup(redist_igroupr0_is_rao_wi, setup),
		cmocka_unit_test_setup(redist_icfgr0_sgis_are_edge_and_read_only, setup),
		cmocka_unit_test_setup(redist_icfgr1_ppis_are_programmable, setup),
		cmocka_unit_test_setup(redist_priority_byte_and_word, setup),
		cmocka_unit_test_setup(redist_access_widths, setup),
		cmocka_unit_test_setup(redist_enable_of_pending_ppi_kicks_its_vcpu, setup),
		cmocka_unit_test_setup(sgi1r_target_list_pends_on_each_target, setup),
		cmocka_unit_test_setup(sgi1r_irm_targets_all_but_self, setup),
		cmocka_unit_test_setup(sgi1r_affinity_outside_the_vm_is_ignored, setup),
		cmocka_unit_test_setup(sgi1r_to_a_disabled_sgi_pends_without_kick, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
