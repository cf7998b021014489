/*
 * Unit tests: the virtual GIC's distributor frames (src/core/vgic/vgic.c,
 * vgic_v2.c, vgic_v3.c): GICv3 and GICv2 layouts, access widths, SPI
 * ownership, routing, GICv2 SGIs, injection. Redistributors and
 * ICC_SGI1R_EL1: test_vgic_redist.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "vgic.h"

/* Both fixtures: 4 vCPUs, 64 SPIs (32..95), SPIs 32..79 owned. */
#define NVCPUS 4
#define NSPI 64
#define OWNED_END 80

static struct vgic_dist d;

static int setup(enum vgic_version v)
{
	memset(&d, 0, sizeof(d));
	assert_int_equal(vgic_init(&d, v, NVCPUS, NSPI), VGIC_OK);
	for (unsigned i = 32; i < OWNED_END; i++)
		assert_int_equal(vgic_set_owned(&d, i), VGIC_OK);
	return 0;
}

static int setup_v3(void **state) { return setup(VGIC_V3); }
static int setup_v2(void **state) { return setup(VGIC_V2); }

static enum vgic_err acc(unsigned vcpu, uint32_t off, unsigned size, bool write,
			 uint64_t *v)
{
	uint32_t kick;

	return vgic_dist_access(&d, vcpu, off, size, write, v, &kick);
}

static uint64_t rd(unsigned vcpu, uint32_t off, unsigned size)
{
	uint64_t v = 0xdeadbeefdeadbeefull;
	uint32_t kick;

	assert_int_equal(vgic_dist_access(&d, vcpu, off, size, false, &v, &kick),
			 VGIC_OK);
	assert_int_equal(kick, 0);
	return v;
}

/* Writes; returns the kick mask. */
static uint32_t wr(unsigned vcpu, uint32_t off, unsigned size, uint64_t v)
{
	uint32_t kick = 0xdead;

	assert_int_equal(vgic_dist_access(&d, vcpu, off, size, true, &v, &kick),
			 VGIC_OK);
	return kick;
}

static uint64_t rrd(unsigned vcpu, uint32_t off, unsigned size)
{
	uint64_t v = 0xdeadbeefdeadbeefull;
	uint32_t kick;

	assert_int_equal(vgic_redist_access(&d, vcpu, off, size, false, &v, &kick),
			 VGIC_OK);
	return v;
}

static uint32_t rwr(unsigned vcpu, uint32_t off, unsigned size, uint64_t v)
{
	uint32_t kick = 0xdead;

	assert_int_equal(vgic_redist_access(&d, vcpu, off, size, true, &v, &kick),
			 VGIC_OK);
	return kick;
}

#define SGI(off) (VGIC_V3_SGI_BASE + (off))

/* ---- configuration ---- */

static void init_rejects_impossible_sizes(void **state)
{
	struct vgic_dist x;

	assert_int_equal(vgic_init(&x, VGIC_V3, 4, 33), VGIC_BAD_CONFIG);
	assert_int_equal(vgic_init(&x, VGIC_V3, 4, VGIC_MAX_SPIS + 32),
			 VGIC_BAD_CONFIG);
	assert_int_equal(vgic_init(&x, VGIC_V3, 0, 32), VGIC_BAD_CONFIG);
	assert_int_equal(vgic_init(&x, VGIC_V2, VGIC_MAX_VCPUS + 1, 32),
			 VGIC_BAD_CONFIG);
	assert_int_equal(vgic_init(&x, (enum vgic_version)4, 1, 32),
			 VGIC_BAD_CONFIG);
	assert_int_equal(vgic_init(&x, VGIC_V3, 1, 0), VGIC_OK);
	assert_int_equal(vgic_init(&x, VGIC_V2, 8, VGIC_MAX_SPIS), VGIC_OK);
}

static void set_owned_and_set_hw_reject_what_is_not_theirs(void **state)
{
	assert_int_equal(vgic_set_owned(&d, 31), VGIC_BAD_CONFIG);
	assert_int_equal(vgic_set_owned(&d, 96), VGIC_BAD_CONFIG);
	assert_int_equal(vgic_set_owned(&d, 95), VGIC_OK);
	assert_int_equal(vgic_set_hw(&d, 0, 3, true), VGIC_BAD_CONFIG);
	assert_int_equal(vgic_set_hw(&d, 0, 85, true), VGIC_BAD_CONFIG);
	assert_int_equal(vgic_set_hw(&d, NVCPUS, 27, true), VGIC_BAD_CONFIG);
	assert_int_equal(vgic_set_hw(&d, 1, 27, true), VGIC_OK);
	assert_int_equal(vgic_set_hw(&d, 0, 40, true), VGIC_OK);
}

static void reset_clears_state_but_keeps_ownership(void **state)
{
	wr(0, 0x0000, 4, 2);
	wr(0, 0x0104, 4, 0x1);          /* enable SPI 32 */
	wr(0, 0x0420, 1, 0x80);
	rwr(1, 0x0014, 4, 0);           /* wake vCPU 1 */
	vgic_reset(&d);
	assert_int_equal(rd(0, 0x0000, 4), 0x50);
	assert_int_equal(rd(0, 0x0104, 4), 0);
	assert_int_equal(rd(0, 0x0420, 1), 0);
	assert_int_equal(rrd(1, 0x0014, 4), 0x6);
	wr(0, 0x0104, 4, 0x1);
	assert_int_equal(rd(0, 0x0104, 4), 0x1);   /* still owned */
}

/* A doorbell SPI resets edge-triggered (ICFGR2 covers SPIs 32..47, two
 * bits each, bit 1 = edge); the guest may still make it level. */
static void edge_reset_spi_stays_edge_after_reset(void **state)
{
	assert_int_equal(vgic_set_edge_reset(&d, 31), VGIC_BAD_CONFIG);
	assert_int_equal(vgic_set_edge_reset(&d, 96), VGIC_BAD_CONFIG);
	assert_int_equal(vgic_set_edge_reset(&d, 33), VGIC_OK);
	assert_int_equal(rd(0, 0x0c08, 4), 0x8);
	wr(0, 0x0c08, 4, 0);
	assert_int_equal(rd(0, 0x0c08, 4), 0);
	vgic_reset(&d);
	assert_int_equal(rd(0, 0x0c08, 4), 0x8);
	assert_int_equal(rd(0, 0x0c0c, 4), 0);
}

/* ---- GICv3 distributor ---- */

static void v3_typer_reports_lines_and_10_bit_intids(void **state)
{
	/* ITLinesNumber 2 (SPIs to 95), IDbits 9, CPUNumber 0 (ARE only),
	 * no LPIs/MBIS, SecurityExtn 0, A3V 0, No1N 0, RSS 0. */
	assert_int_equal(rd(0, 0x0004, 4), 0x00480002);
}

static void v3_ctlr_are_and_ds_read_as_one_grp1_is_stored(void **state)
{
	assert_int_equal(rd(0, 0x0000, 4), 0x50);
	assert_int_equal(wr(1, 0x0000, 4, 0x13), 0xf);   /* kicks all */
	assert_int_equal(rd(0, 0x0000, 4), 0x52);
	assert_int_equal(wr(1, 0x0000, 4, 0x2), 0);      /* no change */
	assert_int_equal(wr(1, 0x0000, 4, 0x0), 0xf);
	assert_int_equal(rd(0, 0x0000, 4), 0x50);
}

static void v3_iidr_and_pidr2_archrev_3(void **state)
{
	assert_int_equal(rd(0, 0x0008, 4), 0x53000000);
	assert_int_equal(rd(0, 0xffe8, 4), 0x30);
	wr(0, 0xffe8, 4, 0);
	assert_int_equal(rd(0, 0xffe8, 4), 0x30);
	assert_int_equal(rd(0, 0x000c, 4), 0);           /* TYPER2 */
}

static void v3_igroupr_is_rao_wi_for_owned_spis(void **state)
{
	assert_int_equal(rd(0, 0x0084, 4), 0xffffffff);
	assert_int_equal(rd(0, 0x0088, 4), 0x0000ffff); /* 80..95 not owned */
	wr(0, 0x0084, 4, 0);
	assert_int_equal(rd(0, 0x0084, 4), 0xffffffff);
	assert_int_equal(rd(0, 0x0080, 4), 0);           /* INTIDs 0-31: ARE */
}

static void v3_gicd_private_intid_registers_are_raz_wi(void **state)
{
	wr(0, 0x0100, 4, 0xffffffff);     /* ISENABLER0 */
	wr(0, 0x0200, 4, 0xffffffff);     /* ISPENDR0 */
	wr(0, 0x0400, 4, 0xf0f0f0f0);     /* IPRIORITYR0 */
	wr(0, 0x0c04, 4, 0xffffffff);     /* ICFGR1 */
	assert_int_equal(rd(0, 0x0100, 4), 0);
	assert_int_equal(rd(0, 0x0200, 4), 0);
	assert_int_equal(rd(0, 0x0400, 4), 0);
	assert_int_equal(rd(0, 0x0c04, 4), 0);
	assert_int_equal(rd(0, 0x0c00, 4), 0);
	/* and nothing reached vCPU 0's redistributor */
	assert_int_equal(rrd(0, SGI(0x0100), 4), 0);
	assert_int_equal(rrd(0, SGI(0x0200), 4), 0);
	assert_int_equal(rrd(0, SGI(0x0400), 4), 0);
	assert_int_equal(rrd(0, SGI(0x0c04), 4), 0);
}

static void v3_set_and_clear_enable(void **state)
{
	wr(0, 0x0104, 4, 0x21);
	assert_int_equal(rd(0, 0x0104, 4), 0x21);
	assert_int_equal(rd(2, 0x0184, 4), 0x21);
	wr(0, 0x0184, 4, 0x1);
	assert_int_equal(rd(0, 0x0104, 4), 0x20);
	wr(0, 0x0104, 4, 0);
	assert_int_equal(rd(0, 0x0104, 4), 0x20);
}

static void v3_set_and_clear_pending(void **state)
{
	wr(0, 0x0204, 4, 0x80000001);
	assert_int_equal(rd(1, 0x0204, 4), 0x80000001);
	assert_int_equal(rd(1, 0x0284, 4), 0x80000001);
	wr(3, 0x0284, 4, 0x80000000);
	assert_int_equal(rd(1, 0x0204, 4), 0x1);
}

static void v3_set_and_clear_active(void **state)
{
	wr(0, 0x0308, 4, 0x8001);         /* SPIs 64, 79 */
	assert_int_equal(rd(0, 0x0308, 4), 0x8001);
	assert_int_equal(rd(0, 0x0388, 4), 0x8001);
	wr(0, 0x0388, 4, 0x1);
	assert_int_equal(rd(0, 0x0308, 4), 0x8000);
}

static void v3_priority_word_access_keeps_five_bits(void **state)
{
	wr(0, 0x0420, 4, 0x12345678);     /* INTIDs 32..35 */
	assert_int_equal(rd(0, 0x0420, 4), 0x10305078);
}

static void v3_priority_byte_access_hits_one_interrupt(void **state)
{
	wr(0, 0x0420, 4, 0x10305078);
	wr(0, 0x0422, 1, 0xff);
	assert_int_equal(rd(0, 0x0422, 1), 0xf8);
	assert_int_equal(rd(0, 0x0423, 1), 0x10);
	assert_int_equal(rd(0, 0x0420, 4), 0x10f85078);
}

static void v3_icfgr_spi_edge_bit_is_programmable_low_bit_raz(void **state)
{
	assert_int_equal(rd(0, 0x0c08, 4), 0);          /* level at reset */
	wr(0, 0x0c08, 4, 0xffffffff);
	assert_int_equal(rd(0, 0x0c08, 4), 0xaaaaaaaa);
	wr(0, 0x0c08, 4, 0x8);
	assert_int_equal(rd(0, 0x0c08, 4), 0x8);         /* INTID 33 edge */
}

static void v3_irouter_64_bit_access_keeps_irm_and_aff2_to_aff0(void **state)
{
	/* Aff3 0xff (RES0 with A3V = 0), IRM, Aff2 3, Aff1 1, Aff0 2 */
	wr(0, 0x6100, 8, 0xff80030102ull);
	assert_int_equal(rd(0, 0x6100, 8), 0x80030102);
	assert_int_equal(rd(0, 0x6000 + 8 * 33, 8), 0);
}

static void v3_irouter_32_bit_halves(void **state)
{
	wr(0, 0x6108, 4, 0x00000003);     /* INTID 33, low half */
	wr(0, 0x610c, 4, 0x000000ff);     /* high half: Aff3, ignored */
	assert_int_equal(rd(0, 0x6108, 8), 0x3);
	assert_int_equal(rd(0, 0x6108, 4), 0x3);
	assert_int_equal(rd(0, 0x610c, 4), 0);
}

static void v3_irouter_of_private_intids_is_raz_wi(void **state)
{
	wr(0, 0x6000, 8, 0x1);
	wr(0, 0x60f8, 8, 0x1);
	assert_int_equal(rd(0, 0x6000, 8), 0);
	assert_int_equal(rd(0, 0x60f8, 8), 0);
}

static void v3_itargetsr_sgir_and_spendsgir_are_raz_wi(void **state)
{
	wr(0, 0x0820, 1, 0xff);
	assert_int_equal(rd(0, 0x0820, 4), 0);
	wr(0, 0x0000, 4, 2);
	assert_int_equal(wr(0, 0x0f00, 4, 0x01020003), 0);   /* SGIR */
	assert_int_equal(rrd(1, SGI(0x0200), 4), 0);
	wr(0, 0x0f20, 1, 0xff);
	assert_int_equal(rd(0, 0x0f20, 4), 0);
	assert_int_equal(rrd(0, SGI(0x0200), 4), 0);
}

static void v3_reserved_offsets_are_raz_wi(void **state)
{
	wr(0, 0x0040, 4, 0xffffffff);     /* SETSPI_NSR: no MBIS */
	assert_int_equal(rd(0, 0x0040, 4), 0);
	assert_int_equal(rd(0, 0x0204, 4), 0);
	assert_int_equal(rd(0, 0x0010, 4), 0);
	assert_int_equal(rd(0, 0xc000, 4), 0);
	assert_int_equal(rd(0, 0xffd0, 4), 0);
}

static void v3_byte_access_to_isenabler_is_bad(void **state)
{
	uint64_t v = 0xff;

	assert_int_equal(acc(0, 0x0104, 1, true, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x0104, 1, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(rd(0, 0x0104, 4), 0);
}

static void v3_halfword_access_is_bad_everywhere(void **state)
{
	uint64_t v = 0;

	assert_int_equal(acc(0, 0x0000, 2, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x0420, 2, true, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x6100, 2, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x0040, 2, false, &v), VGIC_BAD_ACCESS);
}

static void v3_64_bit_access_only_to_irouter(void **state)
{
	uint64_t v = 0;

	assert_int_equal(acc(0, 0x6100, 8, false, &v), VGIC_OK);
	assert_int_equal(acc(0, 0x0104, 8, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x0420, 8, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x0000, 8, false, &v), VGIC_BAD_ACCESS);
}

static void v3_unaligned_access_is_bad(void **state)
{
	uint64_t v = 0xffffffff;

	assert_int_equal(acc(0, 0x0105, 4, true, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x0421, 4, true, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x6104, 8, true, &v), VGIC_BAD_ACCESS);
	assert_int_equal(rd(0, 0x0104, 4), 0);
	assert_int_equal(rd(0, 0x0420, 4), 0);
}

/* The blocks of the offset table where two widths meet: SGIR and the
 * byte-wide C/SPENDSGIR (RAZ/WI with ARE), the last IROUTERs and the
 * reserved words after them; past the frame, RAZ/WI words. */
static void v3_widths_change_mid_block(void **state)
{
	uint64_t v = 0;

	assert_int_equal(acc(0, 0x0f0c, 1, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(rd(0, 0x0f10, 1), 0);
	assert_int_equal(rd(0, 0x0f2f, 1), 0);
	assert_int_equal(acc(0, 0x0f30, 1, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(wr(0, 0x7fd8, 8, 0x80000003ull), 0);
	assert_int_equal(rd(0, 0x7fd8, 8), 0);      /* IROUTER1019: SPI 1019 absent */
	assert_int_equal(acc(0, 0x7fe0, 8, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(rd(0, 0x7fe0, 4), 0);
	assert_int_equal(wr(0, 0x6000 + 8 * 40, 8, 0x2), 0);
	assert_int_equal(rd(0, 0x6000 + 8 * 40, 8), 0x2);
	assert_int_equal(rd(0, 0x10004, 4), 0);
	assert_int_equal(acc(0, 0x10004, 1, false, &v), VGIC_BAD_ACCESS);
}

/* SPI 80 (word 2, bit 16) belongs to another VM. */
static void v3_unowned_spi_reads_zero_and_ignores_writes(void **state)
{
	wr(0, 0x0000, 4, 2);
	wr(0, 0x0108, 4, BIT(16));
	wr(0, 0x0208, 4, BIT(16));
	wr(0, 0x0308, 4, BIT(16));
	wr(0, 0x0450, 1, 0x80);
	wr(0, 0x0c14, 4, 0x2);
	wr(0, 0x6000 + 8 * 80, 8, 1);
	assert_int_equal(rd(0, 0x0108, 4), 0);
	assert_int_equal(rd(0, 0x0208, 4), 0);
	assert_int_equal(rd(0, 0x0308, 4), 0);
	assert_int_equal(rd(0, 0x0388, 4), 0);
	assert_int_equal(rd(0, 0x0088, 4) & BIT(16), 0);
	assert_int_equal(rd(0, 0x0450, 1), 0);
	assert_int_equal(rd(0, 0x0c14, 4), 0);
	assert_int_equal(rd(0, 0x6000 + 8 * 80, 8), 0);
}

static void v3_unowned_spi_ignores_injection(void **state)
{
	struct vgic_pending q[4];

	wr(0, 0x0000, 4, 2);
	assert_int_equal(vgic_set_pending(&d, 0, 80), 0);
	assert_int_equal(vgic_set_level(&d, 0, 81, true), 0);
	assert_int_equal(rd(0, 0x0208, 4), 0);
	assert_int_equal(vgic_queue(&d, 0, q, 4), 0);
}

static void v3_unimplemented_spis_are_raz_wi(void **state)
{
	wr(0, 0x010c, 4, 0xffffffff);     /* INTIDs 96..127 */
	assert_int_equal(rd(0, 0x010c, 4), 0);
	assert_int_equal(vgic_set_pending(&d, 0, 96), 0);
	assert_int_equal(vgic_set_pending(&d, 0, 1020), 0);
}

static void v3_set_pending_kicks_only_when_deliverable(void **state)
{
	wr(0, 0x6000 + 8 * 40, 8, 2);     /* SPI 40 -> vCPU 2 */
	wr(0, 0x0000, 4, 2);
	assert_int_equal(vgic_set_pending(&d, 0, 40), 0);   /* disabled */
	assert_int_equal(rd(0, 0x0204, 4), BIT(8));
	assert_int_equal(wr(0, 0x0104, 4, BIT(8)), BIT(2));
	assert_int_equal(vgic_set_pending(&d, 3, 40), BIT(2));
	wr(0, 0x0000, 4, 0);
	assert_int_equal(vgic_set_pending(&d, 3, 40), 0);  /* dist off */
}

static void v3_route_outside_the_vm_delivers_nowhere(void **state)
{
	struct vgic_pending q[4];

	wr(0, 0x0000, 4, 2);
	wr(0, 0x0104, 4, 0x3);
	wr(0, 0x6100, 8, 0x4);            /* SPI 32 -> 0.0.0.4: no vCPU 4 */
	wr(0, 0x6108, 8, 0x100);          /* SPI 33 -> 0.0.1.0 */
	assert_int_equal(vgic_set_pending(&d, 0, 32), 0);
	assert_int_equal(vgic_set_pending(&d, 0, 33), 0);
	for (unsigned c = 0; c < NVCPUS; c++)
		assert_int_equal(vgic_queue(&d, c, q, 4), 0);
	assert_int_equal(wr(0, 0x6100, 8, 0x3), BIT(3));   /* re-routed */
}

static void v3_one_of_n_picks_the_lowest_awake_vcpu(void **state)
{
	wr(0, 0x0000, 4, 2);
	wr(0, 0x0104, 4, 0x1);
	wr(0, 0x6100, 8, BIT(31));        /* SPI 32, IRM */
	assert_int_equal(vgic_set_pending(&d, 0, 32), 0); /* all asleep */
	rwr(2, 0x0014, 4, 0);
	assert_int_equal(vgic_set_pending(&d, 0, 32), BIT(2));
	rwr(1, 0x0014, 4, 0);
	assert_int_equal(vgic_set_pending(&d, 0, 32), BIT(1));
}

/* ---- GICv2 distributor ---- */

/* The SGIR block: SGIR a word, C/SPENDSGIR bytes too; past the 4 KiB
 * frame, RAZ/WI words (PIDR2 does not repeat). */
static void v2_widths_change_mid_block(void **state)
{
	uint64_t v = 0;

	assert_int_equal(acc(0, 0x0f00, 1, true, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x0f0c, 1, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(rd(0, 0x0f10, 1), 0);
	assert_int_equal(acc(0, 0x0f30, 1, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(rd(0, 0x0f30, 4), 0);
	assert_int_equal(rd(0, 0x1fe8, 4), 0);
	assert_int_equal(acc(0, 0x1400, 1, false, &v), VGIC_BAD_ACCESS);
}

static void v2_typer_reports_lines_and_cpus(void **state)
{
	assert_int_equal(rd(0, 0x004, 4), 0x62);
}

static void v2_ctlr_has_one_enable_bit(void **state)
{
	assert_int_equal(rd(0, 0x000, 4), 0);
	assert_int_equal(wr(0, 0x000, 4, 3), 0xf);
	assert_int_equal(rd(0, 0x000, 4), 1);
}

static void v2_iidr_and_pidr2_archrev_2(void **state)
{
	assert_int_equal(rd(0, 0x008, 4), 0x53000000);
	assert_int_equal(rd(0, 0xfe8, 4), 0x20);
	assert_int_equal(rd(0, 0xfe0, 4), 0);
}

static void v2_igroupr_is_raz_wi(void **state)
{
	wr(0, 0x080, 4, 0xffffffff);
	wr(0, 0x084, 4, 0xffffffff);
	assert_int_equal(rd(0, 0x080, 4), 0);
	assert_int_equal(rd(0, 0x084, 4), 0);
}

static void v2_sgis_are_always_enabled(void **state)
{
	assert_int_equal(rd(1, 0x100, 4), 0x0000ffff);
	wr(1, 0x180, 4, 0xffffffff);
	assert_int_equal(rd(1, 0x100, 4), 0x0000ffff);
	wr(1, 0x100, 4, 0x08000000);
	assert_int_equal(rd(1, 0x100, 4), 0x0800ffff);
}

static void v2_private_registers_are_banked_per_vcpu(void **state)
{
	wr(1, 0x100, 4, 0x80000000);
	wr(1, 0x41c, 1, 0x40);
	wr(1, 0x300, 4, 0x10000);
	assert_int_equal(rd(1, 0x100, 4), 0x8000ffff);
	assert_int_equal(rd(0, 0x100, 4), 0x0000ffff);
	assert_int_equal(rd(1, 0x41c, 4), 0x40);
	assert_int_equal(rd(0, 0x41c, 4), 0);
	assert_int_equal(rd(1, 0x300, 4), 0x10000);
	assert_int_equal(rd(2, 0x300, 4), 0);
}

static void v2_spi_enable_pending_active_priority(void **state)
{
	wr(0, 0x104, 4, 0x3);
	wr(1, 0x204, 4, 0x2);
	wr(2, 0x304, 4, 0x4);
	wr(3, 0x420, 4, 0xffffffff);
	assert_int_equal(rd(3, 0x104, 4), 0x3);
	assert_int_equal(rd(3, 0x204, 4), 0x2);
	assert_int_equal(rd(3, 0x304, 4), 0x4);
	assert_int_equal(rd(0, 0x420, 4), 0xf8f8f8f8);
	wr(0, 0x184, 4, 0x1);
	wr(0, 0x284, 4, 0x2);
	wr(0, 0x384, 4, 0x4);
	assert_int_equal(rd(3, 0x104, 4), 0x2);
	assert_int_equal(rd(3, 0x204, 4), 0);
	assert_int_equal(rd(3, 0x304, 4), 0);
}

static void v2_icfgr_sgis_fixed_ppis_and_spis_programmable(void **state)
{
	assert_int_equal(rd(0, 0xc00, 4), 0xaaaaaaaa);
	wr(0, 0xc00, 4, 0);
	assert_int_equal(rd(0, 0xc00, 4), 0xaaaaaaaa);
	wr(0, 0xc04, 4, 0x00800000);                    /* PPI 27 edge */
	assert_int_equal(rd(0, 0xc04, 4), 0x00800000);
	assert_int_equal(rd(1, 0xc04, 4), 0);
	wr(0, 0xc08, 4, 0xffffffff);
	assert_int_equal(rd(0, 0xc08, 4), 0xaaaaaaaa);
}

static void v2_itargetsr_private_bytes_name_the_reader(void **state)
{
	assert_int_equal(rd(2, 0x800, 4), 0x04040404);
	assert_int_equal(rd(0, 0x81c, 4), 0x01010101);
	assert_int_equal(rd(3, 0x81f, 1), 0x08);
	wr(2, 0x800, 4, 0);
	assert_int_equal(rd(2, 0x800, 4), 0x04040404);
}

static void v2_itargetsr_spis_by_byte_and_word_masked_to_cpus(void **state)
{
	wr(0, 0x820, 1, 0xff);
	assert_int_equal(rd(0, 0x820, 1), 0x0f);
	wr(0, 0x824, 4, 0x18040201);
	assert_int_equal(rd(1, 0x824, 4), 0x08040201);
	assert_int_equal(rd(1, 0x820, 4), 0x0000000f);
}

static void v2_itargetsr_routes_to_the_lowest_target(void **state)
{
	wr(0, 0x000, 4, 1);
	wr(0, 0x104, 4, 0x1);
	assert_int_equal(vgic_set_pending(&d, 0, 32), 0);  /* no target */
	assert_int_equal(wr(0, 0x820, 1, 0x0c), BIT(2));
	assert_int_equal(vgic_set_pending(&d, 0, 32), BIT(2));
}

static void v2_itargetsr_is_raz_wi_with_one_cpu(void **state)
{
	struct vgic_pending q[2];

	assert_int_equal(vgic_init(&d, VGIC_V2, 1, 32), VGIC_OK);
	assert_int_equal(vgic_set_owned(&d, 32), VGIC_OK);
	assert_int_equal(rd(0, 0x800, 4), 0);
	wr(0, 0x820, 1, 0xff);
	assert_int_equal(rd(0, 0x820, 4), 0);
	assert_int_equal(rd(0, 0x004, 4), 0x1);
	wr(0, 0x000, 4, 1);
	wr(0, 0x104, 4, 0x1);
	assert_int_equal(vgic_set_pending(&d, 0, 32), BIT(0));
	assert_int_equal(vgic_queue(&d, 0, q, 2), 1);
}

static void v2_unowned_spi_reads_zero_and_ignores_writes(void **state)
{
	wr(0, 0x000, 4, 1);
	wr(0, 0x108, 4, BIT(16));
	wr(0, 0x208, 4, BIT(16));
	wr(0, 0x308, 4, BIT(16));
	wr(0, 0x450, 1, 0x80);
	wr(0, 0x850, 1, 0x1);
	wr(0, 0xc14, 4, 0x2);
	assert_int_equal(rd(0, 0x108, 4), 0);
	assert_int_equal(rd(0, 0x208, 4), 0);
	assert_int_equal(rd(0, 0x308, 4), 0);
	assert_int_equal(rd(0, 0x450, 1), 0);
	assert_int_equal(rd(0, 0x850, 1), 0);
	assert_int_equal(rd(0, 0xc14, 4), 0);
	assert_int_equal(vgic_set_pending(&d, 0, 80), 0);
	assert_int_equal(rd(0, 0x208, 4), 0);
}

static void v2_sgir_target_list_pends_with_the_source(void **state)
{
	wr(0, 0x000, 4, 1);
	assert_int_equal(wr(0, 0xf00, 4, 0x00060003), 0x6);
	assert_int_equal(rd(1, 0xf23, 1), 0x01);   /* SGI 3, source 0 */
	assert_int_equal(rd(2, 0xf23, 1), 0x01);
	assert_int_equal(rd(3, 0xf23, 1), 0);
	assert_int_equal(rd(0, 0xf23, 1), 0);
	assert_int_equal(rd(1, 0x200, 4), BIT(3));
}

static void v2_sgir_all_but_self(void **state)
{
	wr(0, 0x000, 4, 1);
	assert_int_equal(wr(2, 0xf00, 4, 0x01ff000f), 0xb);
	assert_int_equal(rd(0, 0xf2f, 1), 0x04);
	assert_int_equal(rd(1, 0xf2f, 1), 0x04);
	assert_int_equal(rd(2, 0xf2f, 1), 0);
	assert_int_equal(rd(3, 0xf2f, 1), 0x04);
}

static void v2_sgir_self_only(void **state)
{
	wr(0, 0x000, 4, 1);
	assert_int_equal(wr(3, 0xf00, 4, 0x020f0000), 0x8);
	assert_int_equal(rd(3, 0xf20, 1), 0x08);
	assert_int_equal(rd(0, 0xf20, 1), 0);
}

static void v2_sgir_reserved_filter_and_absent_cpus_do_nothing(void **state)
{
	wr(0, 0x000, 4, 1);
	assert_int_equal(wr(0, 0xf00, 4, 0x030f0001), 0);
	assert_int_equal(wr(0, 0xf00, 4, 0x00f00001), 0);  /* CPUs 4-7 */
	for (unsigned c = 0; c < NVCPUS; c++)
		assert_int_equal(rd(c, 0x200, 4), 0);
	assert_int_equal(rd(0, 0xf00, 4), 0);              /* write-only */
}

/* vgic_sgir (the short path's GICD_SGIR store) does what the table's
 * word write does: each filter, the same kick masks and sources. */
static void v2_sgir_direct_is_the_distributor_write(void **state)
{
	static const uint32_t vals[] = { 0x00060003, 0x01ff000f, 0x020f0000,
					 0x030f0001, 0x00f00001 };
	uint32_t kick[ARRAY_SIZE(vals)];
	uint8_t src[NVCPUS][VGIC_NR_SGIS];

	wr(0, 0x000, 4, 1);
	for (unsigned i = 0; i < ARRAY_SIZE(vals); i++)
		kick[i] = wr(i % NVCPUS, 0xf00, 4, vals[i]);
	for (unsigned c = 0; c < NVCPUS; c++)
		memcpy(src[c], d.cpu[c].sgi_src, VGIC_NR_SGIS);
	setup_v2(state);
	wr(0, 0x000, 4, 1);
	for (unsigned i = 0; i < ARRAY_SIZE(vals); i++)
		assert_int_equal(vgic_sgir(&d, i % NVCPUS, vals[i]), kick[i]);
	for (unsigned c = 0; c < NVCPUS; c++)
		assert_memory_equal(src[c], d.cpu[c].sgi_src, VGIC_NR_SGIS);
	assert_int_equal(kick[0], 0x6);
}

static void v2_sgis_pend_per_source(void **state)
{
	wr(1, 0xf00, 4, 0x00010002);
	wr(2, 0xf00, 4, 0x00010002);
	assert_int_equal(rd(0, 0xf20, 4), 0x00060000);
	assert_int_equal(rd(0, 0xf10, 4), 0x00060000);
	wr(0, 0xf12, 1, 0x02);                          /* CPENDSGIR */
	assert_int_equal(rd(0, 0xf22, 1), 0x04);
	wr(0, 0x280, 4, 0xffffffff);                    /* ICPENDR0: SGIs WI */
	wr(0, 0x200, 4, 0x1);                           /* ISPENDR0: SGIs WI */
	assert_int_equal(rd(0, 0x200, 4), BIT(2));
	wr(0, 0xf12, 1, 0x04);
	assert_int_equal(rd(0, 0x200, 4), 0);
}

static void v2_spendsgir_sets_sources_of_own_sgis(void **state)
{
	wr(0, 0x000, 4, 1);
	assert_int_equal(wr(1, 0xf24, 4, 0xff000300), BIT(1));
	assert_int_equal(rd(1, 0xf24, 4), 0x0f000300);
	assert_int_equal(rd(0, 0xf24, 4), 0);
	assert_int_equal(rd(1, 0x200, 4), BIT(5) | BIT(7));
}

static void v2_access_widths(void **state)
{
	uint64_t v = 0;

	assert_int_equal(acc(0, 0x821, 1, false, &v), VGIC_OK);
	assert_int_equal(acc(0, 0x421, 1, false, &v), VGIC_OK);
	assert_int_equal(acc(0, 0xf11, 1, false, &v), VGIC_OK);
	assert_int_equal(acc(0, 0xf2e, 1, false, &v), VGIC_OK);
	assert_int_equal(acc(0, 0x104, 1, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0xc08, 1, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0xf00, 1, true, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x420, 2, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x420, 8, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x000, 8, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x822, 4, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x100, 3, false, &v), VGIC_BAD_ACCESS);
	assert_int_equal(acc(0, 0x0c0, 4, false, &v), VGIC_OK);  /* reserved */
}

static void set_level_follows_line_for_level_and_latches_edges(void **state)
{
	wr(0, 0x0000, 4, 2);
	wr(0, 0x0104, 4, 0x3);
	wr(0, 0x0c08, 4, 0x8);                 /* 33 edge, 32 level */
	assert_int_equal(vgic_set_level(&d, 0, 32, true), BIT(0));
	assert_int_equal(vgic_set_level(&d, 0, 33, true), BIT(0));
	assert_int_equal(rd(0, 0x0204, 4), 0x3);
	wr(0, 0x0284, 4, 0x3);                 /* ICPENDR: line still high */
	assert_int_equal(rd(0, 0x0204, 4), 0x1);
	vgic_set_level(&d, 0, 32, false);
	vgic_set_level(&d, 0, 33, false);
	assert_int_equal(rd(0, 0x0204, 4), 0);
	vgic_set_level(&d, 0, 33, true);       /* a second rising edge */
	assert_int_equal(rd(0, 0x0204, 4), 0x2);
}

#define T3(f) cmocka_unit_test_setup(f, setup_v3)
#define T2(f) cmocka_unit_test_setup(f, setup_v2)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_rejects_impossible_sizes),
		T3(set_owned_and_set_hw_reject_what_is_not_theirs),
		T3(reset_clears_state_but_keeps_ownership),
		T3(edge_reset_spi_stays_edge_after_reset),
		T2(edge_reset_spi_stays_edge_after_reset),
		T3(v3_typer_reports_lines_and_10_bit_intids),
		T3(v3_ctlr_are_and_ds_read_as_one_grp1_is_stored),
		T3(v3_iidr_and_pidr2_archrev_3),
		T3(v3_igroupr_is_rao_wi_for_owned_spis),
		T3(v3_gicd_private_intid_registers_are_raz_wi),
		T3(v3_set_and_clear_enable),
		T3(v3_set_and_clear_pending),
		T3(v3_set_and_clear_active),
		T3(v3_priority_word_access_keeps_five_bits),
		T3(v3_priority_byte_access_hits_one_interrupt),
		T3(v3_icfgr_spi_edge_bit_is_programmable_low_bit_raz),
		T3(v3_irouter_64_bit_access_keeps_irm_and_aff2_to_aff0),
		T3(v3_irouter_32_bit_halves),
		T3(v3_irouter_of_private_intids_is_raz_wi),
		T3(v3_itargetsr_sgir_and_spendsgir_are_raz_wi),
		T3(v3_reserved_offsets_are_raz_wi),
		T3(v3_byte_access_to_isenabler_is_bad),
		T3(v3_halfword_access_is_bad_everywhere),
		T3(v3_64_bit_access_only_to_irouter),
		T3(v3_unaligned_access_is_bad),
		T3(v3_widths_change_mid_block),
		T3(v3_unowned_spi_reads_zero_and_ignores_writes),
		T3(v3_unowned_spi_ignores_injection),
		T3(v3_unimplemented_spis_are_raz_wi),
		T3(v3_set_pending_kicks_only_when_deliverable),
		T3(v3_route_outside_the_vm_delivers_nowhere),
		T3(v3_one_of_n_picks_the_lowest_awake_vcpu),
		T2(v2_widths_change_mid_block),
		T2(v2_typer_reports_lines_and_cpus),
		T2(v2_ctlr_has_one_enable_bit),
		T2(v2_iidr_and_pidr2_archrev_2),
		T2(v2_igroupr_is_raz_wi),
		T2(v2_sgis_are_always_enabled),
		T2(v2_private_registers_are_banked_per_vcpu),
		T2(v2_spi_enable_pending_active_priority),
		T2(v2_icfgr_sgis_fixed_ppis_and_spis_programmable),
		T2(v2_itargetsr_private_bytes_name_the_reader),
		T2(v2_itargetsr_spis_by_byte_and_word_masked_to_cpus),
		T2(v2_itargetsr_routes_to_the_lowest_target),
		T2(v2_itargetsr_is_raz_wi_with_one_cpu),
		T2(v2_unowned_spi_reads_zero_and_ignores_writes),
		T2(v2_sgir_target_list_pends_with_the_source),
		T2(v2_sgir_all_but_self),
		T2(v2_sgir_self_only),
		T2(v2_sgir_reserved_filter_and_absent_cpus_do_nothing),
		T2(v2_sgir_direct_is_the_distributor_write),
		T2(v2_sgis_pend_per_source),
		T2(v2_spendsgir_sets_sources_of_own_sgis),
		T2(v2_access_widths),
		T3(set_level_follows_line_for_level_and_latches_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
