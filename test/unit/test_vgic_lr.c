/*
 * Unit tests: the virtual GIC's queue and list-register policy
 * (src/core/vgic/vgic_lr.c), driven through the register frames the way a
 * guest and the arch glue would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "vgic.h"

#define NLR 4

static struct vgic_dist d;
static struct vgic_lr lr[2][NLR];

#define SGI(off) (VGIC_V3_SGI_BASE + (off))

static uint64_t rd(uint32_t off)
{
	uint64_t v = 0;
	uint32_t kick;

	assert_int_equal(vgic_dist_access(&d, 0, off, 4, false, &v, &kick),
			 VGIC_OK);
	return v;
}

static uint32_t wr_from(unsigned vcpu, uint32_t off, unsigned size, uint64_t v)
{
	uint32_t kick;

	assert_int_equal(vgic_dist_access(&d, vcpu, off, size, true, &v, &kick),
			 VGIC_OK);
	return kick;
}

static uint32_t wr(uint32_t off, unsigned size, uint64_t v)
{
	return wr_from(0, off, size, v);
}

static bool ispend(unsigned intid)
{
	return rd(0x200 + intid / 32 * 4) & BIT(intid % 32);
}

static bool isactive(unsigned intid)
{
	return rd(0x300 + intid / 32 * 4) & BIT(intid % 32);
}

static int setup_version(enum vgic_version v)
{
	memset(&d, 0, sizeof(d));
	assert_int_equal(vgic_init(&d, v, 2, 32), VGIC_OK);
	for (unsigned i = 32; i < 64; i++)
		assert_int_equal(vgic_set_owned(&d, i), VGIC_OK);
	vgic_lr_reset(lr[0], NLR);
	vgic_lr_reset(lr[1], NLR);
	wr(0x000, 4, v == VGIC_V3 ? 2 : 1);
	return 0;
}

static int setup_v3(void **state)
{
	uint64_t zero = 0;
	uint32_t kick;

	setup_version(VGIC_V3);
	for (unsigned c = 0; c < 2; c++)     /* wake both redistributors */
		vgic_redist_access(&d, c, 0x14, 4, true, &zero, &kick);
	return 0;
}

static int setup_v2(void **state)
{
	setup_version(VGIC_V2);
	wr(0x820, 4, 0x01010101);            /* SPIs 32..35 -> vCPU 0 */
	return 0;
}

/* An enabled SPI of priority prio, edge-triggered or level-sensitive. */
static void spi(unsigned intid, uint8_t prio, bool edge)
{
	uint32_t cfg = (uint32_t)rd(0xc00 + intid / 16 * 4);

	if (edge)
		cfg |= BIT(intid % 16 * 2 + 1);
	wr(0xc00 + intid / 16 * 4, 4, cfg);
	wr(0x400 + intid, 1, prio);
	wr(0x100 + intid / 32 * 4, 4, BIT(intid % 32));
}

/* An enabled PPI of vcpu (its redistributor on GICv3, its banked
 * distributor registers on GICv2). */
static void ppi(unsigned vcpu, unsigned intid, uint8_t prio)
{
	uint64_t v = prio;
	uint32_t kick;

	if (d.version == VGIC_V2) {
		wr_from(vcpu, 0x400 + intid, 1, prio);
		wr_from(vcpu, 0x100, 4, BIT(intid));
		return;
	}
	vgic_redist_access(&d, vcpu, SGI(0x400 + intid), 1, true, &v, &kick);
	v = BIT(intid);
	vgic_redist_access(&d, vcpu, SGI(0x100), 4, true, &v, &kick);
}

static bool fill(unsigned c)
{
	return vgic_lr_fill(&d, c, lr[c], NLR);
}

static uint32_t sync(unsigned c)
{
	return vgic_lr_sync(&d, c, lr[c], NLR);
}

static int slot(unsigned c, unsigned intid)
{
	for (int i = 0; i < NLR; i++)
		if (lr[c][i].intid == intid)
			return i;
	return -1;
}

static unsigned used(unsigned c)
{
	unsigned n = 0;

	for (int i = 0; i < NLR; i++)
		n += lr[c][i].intid != VGIC_INTID_NONE;
	return n;
}

static uint8_t state_of(unsigned c, unsigned intid)
{
	int s = slot(c, intid);

	assert_true(s >= 0);
	return lr[c][s].state;
}

/* What the guest does through its CPU interface: acknowledge (pending ->
 * active) and deactivate (active -> invalid, pending+active -> pending). */
static void guest_ack(unsigned c, unsigned intid)
{
	int s = slot(c, intid);

	assert_true(s >= 0);
	assert_int_equal(lr[c][s].state, VGIC_LR_PENDING);
	lr[c][s].state = VGIC_LR_ACTIVE;
}

static void guest_eoi(unsigned c, unsigned intid)
{
	int s = slot(c, intid);

	assert_true(s >= 0);
	assert_true(lr[c][s].state & VGIC_LR_ACTIVE);
	lr[c][s].state &= ~VGIC_LR_ACTIVE;
}

/* ---- the queue ---- */

static void queue_orders_by_priority_then_intid(void **state)
{
	struct vgic_pending q[8];

	spi(40, 0x80, true);
	spi(33, 0x40, true);
	spi(35, 0x80, true);
	ppi(0, 20, 0x40);
	ppi(0, 1, 0xa0);
	vgic_set_pending(&d, 0, 40);
	vgic_set_pending(&d, 0, 35);
	vgic_set_pending(&d, 0, 33);
	vgic_set_pending(&d, 0, 1);
	vgic_set_pending(&d, 0, 20);
	assert_int_equal(vgic_queue(&d, 0, q, 8), 5);
	assert_int_equal(q[0].intid, 20);
	assert_int_equal(q[1].intid, 33);
	assert_int_equal(q[2].intid, 35);
	assert_int_equal(q[3].intid, 40);
	assert_int_equal(q[4].intid, 1);
	assert_int_equal(q[4].priority, 0xa0);
	assert_true(q[0].pending);
	assert_false(q[0].active);
	assert_int_equal(vgic_queue(&d, 0, q, 2), 2);
	assert_int_equal(q[1].intid, 33);
}

static void queue_skips_disabled_and_waits_for_the_distributor(void **state)
{
	struct vgic_pending q[4];

	vgic_set_pending(&d, 0, 33);
	assert_int_equal(vgic_queue(&d, 0, q, 4), 0);
	assert_int_equal(wr(0x104, 4, BIT(1)), BIT(0));
	assert_int_equal(vgic_queue(&d, 0, q, 4), 1);
	assert_int_equal(wr(0x000, 4, 0), 0x3);
	assert_int_equal(vgic_queue(&d, 0, q, 4), 0);
}

static void queue_lists_active_interrupts_no_lr_holds(void **state)
{
	struct vgic_pending q[4];

	wr(0x304, 4, BIT(2));               /* SPI 34 active, disabled */
	assert_int_equal(vgic_queue(&d, 0, q, 4), 1);
	assert_int_equal(q[0].intid, 34);
	assert_true(q[0].active);
	assert_false(q[0].pending);
}

static void queue_holds_only_spis_routed_to_the_vcpu(void **state)
{
	struct vgic_pending q[4];

	spi(33, 0x80, true);
	spi(34, 0x80, true);
	wr(0x6000 + 8 * 34, 8, 1);
	vgic_set_pending(&d, 0, 33);
	assert_int_equal(vgic_set_pending(&d, 0, 34), BIT(1));
	assert_int_equal(vgic_queue(&d, 1, q, 4), 1);
	assert_int_equal(q[0].intid, 34);
	assert_int_equal(vgic_queue(&d, 0, q, 4), 1);
	assert_int_equal(q[0].intid, 33);
}

static void sgis_and_ppis_are_queued_per_vcpu(void **state)
{
	struct vgic_pending q[4];
	uint64_t v = BIT(1);
	uint32_t kick;

	vgic_redist_access(&d, 1, SGI(0x100), 4, true, &v, &kick);
	assert_int_equal(vgic_sgi1r(&d, 0, 1ull << 24 | 0x2), BIT(1));
	assert_false(fill(0));
	assert_int_equal(used(0), 0);
	assert_false(fill(1));
	assert_int_equal(state_of(1, 1), VGIC_LR_PENDING);
	assert_int_equal(vgic_queue(&d, 0, q, 4), 0);
}

/* ---- filling ---- */

static void fill_loads_the_best_pending_into_free_lrs(void **state)
{
	static const uint8_t prio[6] = { 0x80, 0x20, 0x60, 0xa0, 0x40, 0x10 };
	struct vgic_pending q[4];

	for (unsigned i = 0; i < 6; i++) {
		spi(32 + i, prio[i], true);
		vgic_set_pending(&d, 0, 32 + i);
	}
	assert_true(fill(0));
	assert_int_equal(used(0), 4);
	for (unsigned intid = 33; intid <= 37; intid++) {
		if (intid == 35)
			continue;
		assert_int_equal(state_of(0, intid), VGIC_LR_PENDING);
	}
	assert_int_equal(slot(0, 32), -1);
	assert_int_equal(slot(0, 35), -1);
	assert_int_equal(lr[0][slot(0, 37)].priority, 0x10);
	assert_true(lr[0][0].group1);
	assert_false(lr[0][0].hw);
	assert_int_equal(vgic_queue(&d, 0, q, 4), 2);
	assert_int_equal(q[0].intid, 32);
	assert_int_equal(q[1].intid, 35);
}

static void fill_reports_nothing_queued_when_all_fit(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	assert_false(fill(0));
	assert_int_equal(used(0), 1);
	assert_false(fill(1));
}

static void fill_with_no_lrs_reports_queued(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	assert_true(vgic_lr_fill(&d, 0, lr[0], 0));
	assert_false(vgic_lr_fill(&d, 1, lr[1], 0));
}

/* SPIs 33..36 of priority prio in the 4 LRs; the guest then runs. */
static void full_lrs(uint8_t prio)
{
	for (unsigned i = 33; i <= 36; i++) {
		spi(i, prio, true);
		vgic_set_pending(&d, 0, i);
	}
	assert_false(fill(0));
}

static void fill_evicts_the_worst_pending_entry(void **state)
{
	struct vgic_pending q[4];

	full_lrs(0x80);
	sync(0);
	spi(40, 0x40, true);
	assert_int_equal(vgic_set_pending(&d, 0, 40), BIT(0));
	assert_true(fill(0));
	assert_int_equal(state_of(0, 40), VGIC_LR_PENDING);
	assert_int_equal(slot(0, 36), -1);      /* equal priorities: last INTID */
	assert_int_equal(vgic_queue(&d, 0, q, 4), 1);
	assert_int_equal(q[0].intid, 36);
	assert_true(ispend(36));
}

static void fill_does_not_evict_for_equal_priority(void **state)
{
	full_lrs(0x80);
	sync(0);
	spi(40, 0x80, true);
	vgic_set_pending(&d, 0, 40);
	assert_true(fill(0));
	assert_int_equal(slot(0, 40), -1);
	assert_int_equal(used(0), 4);
	assert_true(ispend(40));
}

static void fill_never_evicts_active_entries(void **state)
{
	full_lrs(0x80);
	for (unsigned i = 33; i <= 36; i++)
		guest_ack(0, i);
	sync(0);
	spi(40, 0x00, true);
	vgic_set_pending(&d, 0, 40);
	assert_true(fill(0));
	assert_int_equal(slot(0, 40), -1);
	for (unsigned i = 33; i <= 36; i++)
		assert_int_equal(state_of(0, i), VGIC_LR_ACTIVE);
}

static void fill_keeps_an_active_entry_in_its_slot(void **state)
{
	int s;

	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	s = slot(0, 33);
	guest_ack(0, 33);
	sync(0);
	spi(34, 0x10, true);
	vgic_set_pending(&d, 0, 34);
	assert_false(fill(0));
	assert_int_equal(slot(0, 33), s);
	assert_int_equal(state_of(0, 33), VGIC_LR_ACTIVE);
	assert_int_equal(state_of(0, 34), VGIC_LR_PENDING);
}

static void fill_repeated_without_running_keeps_its_entries(void **state)
{
	spi(33, 0x80, true);
	spi(34, 0x80, false);
	vgic_set_pending(&d, 0, 33);
	vgic_set_level(&d, 0, 34, true);
	fill(0);
	assert_false(fill(0));
	assert_int_equal(state_of(0, 33), VGIC_LR_PENDING);
	assert_int_equal(state_of(0, 34), VGIC_LR_PENDING);
	guest_ack(0, 33);
	guest_eoi(0, 33);
	sync(0);
	assert_false(ispend(33));
	assert_int_equal(slot(0, 33), -1);
}

static void priority_change_reaches_a_held_lr(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	assert_int_equal(wr_from(1, 0x421, 1, 0x20), BIT(0));
	sync(0);
	fill(0);
	assert_int_equal(lr[0][slot(0, 33)].priority, 0x20);
}

/* ---- syncing, edge-triggered ---- */

static void sync_frees_an_lr_the_guest_deactivated(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	guest_ack(0, 33);
	guest_eoi(0, 33);
	assert_int_equal(sync(0), 0);
	assert_int_equal(used(0), 0);
	assert_false(ispend(33));
	assert_false(isactive(33));
	assert_false(fill(0));
	assert_int_equal(used(0), 0);
}

static void sync_keeps_an_unacknowledged_edge_pending(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	sync(0);
	assert_true(ispend(33));
	assert_false(fill(0));
	assert_int_equal(used(0), 1);
	assert_int_equal(state_of(0, 33), VGIC_LR_PENDING);
}

static void sync_records_the_acknowledge_as_active(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	guest_ack(0, 33);
	sync(0);
	assert_true(isactive(33));
	assert_false(ispend(33));
}

static void edge_while_active_makes_the_lr_active_and_pending(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	guest_ack(0, 33);
	sync(0);
	assert_int_equal(vgic_set_pending(&d, 0, 33), BIT(0));
	fill(0);
	assert_int_equal(state_of(0, 33), VGIC_LR_PENDING_ACTIVE);
	assert_int_equal(used(0), 1);
	guest_eoi(0, 33);
	sync(0);
	fill(0);
	assert_int_equal(state_of(0, 33), VGIC_LR_PENDING);
	guest_ack(0, 33);
	guest_eoi(0, 33);
	sync(0);
	assert_false(fill(0));
	assert_int_equal(used(0), 0);
}

static void edges_collapse_while_the_lr_is_pending(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	vgic_set_pending(&d, 0, 33);
	sync(0);
	fill(0);
	guest_ack(0, 33);
	guest_eoi(0, 33);
	sync(0);
	assert_false(ispend(33));
	fill(0);
	assert_int_equal(used(0), 0);
}

/* ---- syncing, level-sensitive ---- */

static void level_line_still_high_pends_again_after_deactivation(void **state)
{
	spi(33, 0x80, false);
	vgic_set_level(&d, 0, 33, true);
	fill(0);
	assert_int_equal(state_of(0, 33), VGIC_LR_PENDING);
	guest_ack(0, 33);
	guest_eoi(0, 33);
	sync(0);
	assert_int_equal(used(0), 0);
	assert_true(ispend(33));
	fill(0);
	assert_int_equal(state_of(0, 33), VGIC_LR_PENDING);
}

static void level_acked_with_line_high_is_active_and_pending(void **state)
{
	spi(33, 0x80, false);
	vgic_set_level(&d, 0, 33, true);
	fill(0);
	guest_ack(0, 33);
	sync(0);
	fill(0);
	assert_int_equal(state_of(0, 33), VGIC_LR_PENDING_ACTIVE);
}

static void level_line_low_before_deactivation_does_not_pend_again(void **state)
{
	spi(33, 0x80, false);
	vgic_set_level(&d, 0, 33, true);
	fill(0);
	guest_ack(0, 33);
	sync(0);
	assert_int_equal(vgic_set_level(&d, 0, 33, false), BIT(0));
	fill(0);
	assert_int_equal(state_of(0, 33), VGIC_LR_ACTIVE);
	guest_eoi(0, 33);
	sync(0);
	assert_false(fill(0));
	assert_int_equal(used(0), 0);
}

static void level_line_dropped_before_acknowledge_withdraws_the_lr(void **state)
{
	spi(33, 0x80, false);
	vgic_set_level(&d, 0, 33, true);
	fill(0);
	assert_int_equal(vgic_set_level(&d, 0, 33, false), BIT(0));
	sync(0);
	assert_false(fill(0));
	assert_int_equal(used(0), 0);
}

static void level_soft_pending_is_consumed_by_acknowledge(void **state)
{
	spi(33, 0x80, false);
	wr(0x204, 4, BIT(1));                   /* ISPENDR, line low */
	fill(0);
	guest_ack(0, 33);
	sync(0);
	assert_false(ispend(33));
	fill(0);
	assert_int_equal(state_of(0, 33), VGIC_LR_ACTIVE);
	guest_eoi(0, 33);
	sync(0);
	assert_int_equal(used(0), 0);
}

static void only_level_lrs_ask_for_eoi_maintenance(void **state)
{
	spi(33, 0x80, false);
	spi(34, 0x80, true);
	vgic_set_level(&d, 0, 33, true);
	vgic_set_pending(&d, 0, 34);
	fill(0);
	assert_true(lr[0][slot(0, 33)].eoi_maint);
	assert_false(lr[0][slot(0, 34)].eoi_maint);
}

/* ---- hardware-linked ---- */

static void hw_linked_lr_names_the_physical_intid(void **state)
{
	assert_int_equal(vgic_set_hw(&d, 0, 40, true), VGIC_OK);
	spi(40, 0x80, false);
	vgic_set_pending(&d, 0, 40);
	fill(0);
	assert_true(lr[0][slot(0, 40)].hw);
	assert_int_equal(lr[0][slot(0, 40)].pintid, 40);
	assert_false(lr[0][slot(0, 40)].eoi_maint);
}

static void hw_linked_is_never_active_and_pending(void **state)
{
	assert_int_equal(vgic_set_hw(&d, 0, 40, true), VGIC_OK);
	spi(40, 0x80, true);
	vgic_set_pending(&d, 0, 40);
	fill(0);
	guest_ack(0, 40);
	sync(0);
	vgic_set_pending(&d, 0, 40);
	fill(0);
	assert_int_equal(state_of(0, 40), VGIC_LR_ACTIVE);
	guest_eoi(0, 40);
	sync(0);
	fill(0);
	assert_int_equal(state_of(0, 40), VGIC_LR_PENDING);
}

static void hw_linked_level_ppi_reloads_after_each_edge(void **state)
{
	assert_int_equal(vgic_set_hw(&d, 1, 27, true), VGIC_OK);
	ppi(1, 27, 0x20);
	assert_int_equal(vgic_set_pending(&d, 1, 27), BIT(1));
	fill(1);
	assert_true(lr[1][slot(1, 27)].hw);
	guest_ack(1, 27);
	guest_eoi(1, 27);
	sync(1);
	assert_false(fill(1));
	assert_int_equal(used(1), 0);
}

/* The timer's output dropped before the guest acknowledged it: the LR
 * holding it pending is emptied and the caller ends the physical PPI. */
static void source_low_withdraws_an_unacknowledged_hw_ppi(void **state)
{
	uint32_t kick;

	assert_int_equal(vgic_set_hw(&d, 1, 27, true), VGIC_OK);
	ppi(1, 27, 0x20);
	vgic_set_pending(&d, 1, 27);
	fill(1);
	sync(1);                                /* the LR still pending */
	assert_int_equal(vgic_source_low(&d, 1, 27, &kick), VGIC_DROP_RELEASE);
	assert_int_equal(kick, BIT(1));
	assert_false(fill(1));
	assert_int_equal(slot(1, 27), -1);
	assert_int_equal(vgic_source_low(&d, 1, 27, &kick), VGIC_DROP_NONE);
}

/* Acknowledged, it is the guest's: its deactivation ends the PPI. */
static void source_low_leaves_an_active_hw_ppi_to_the_guest(void **state)
{
	uint32_t kick;

	assert_int_equal(vgic_set_hw(&d, 1, 27, true), VGIC_OK);
	ppi(1, 27, 0x20);
	vgic_set_pending(&d, 1, 27);
	fill(1);
	guest_ack(1, 27);
	sync(1);
	assert_int_equal(vgic_source_low(&d, 1, 27, &kick), VGIC_DROP_GUEST);
	fill(1);
	assert_int_equal(state_of(1, 27), VGIC_LR_ACTIVE);
}

/* Not linked to hardware: not Septum's to withdraw. */
static void source_low_ignores_an_unlinked_ppi(void **state)
{
	uint32_t kick;

	ppi(1, 27, 0x20);
	vgic_set_level(&d, 1, 27, true);
	fill(1);
	sync(1);
	assert_int_equal(vgic_source_low(&d, 1, 27, &kick), VGIC_DROP_NONE);
	assert_int_equal(kick, 0);
	assert_int_equal(state_of(1, 27), VGIC_LR_PENDING);
}

/* Soft links: no HW bit, a maintenance interrupt at the EOI instead, and
 * the guest's deactivation is reported once for Septum to end the
 * physical interrupt; withdrawal works as with the HW bit. */
static void soft_link_reports_the_guests_deactivation(void **state)
{
	uint32_t kick;
	int s;

	d.soft_links = true;
	assert_int_equal(vgic_set_hw(&d, 1, 27, true), VGIC_OK);
	ppi(1, 27, 0x20);
	vgic_set_pending(&d, 1, 27);
	fill(1);
	s = slot(1, 27);
	assert_false(lr[1][s].hw);
	assert_true(lr[1][s].soft && lr[1][s].eoi_maint);
	assert_int_equal(lr[1][s].pintid, 27);
	guest_ack(1, 27);
	sync(1);
	assert_int_equal(vgic_take_ended(&d, 1), VGIC_INTID_NONE);   /* active */
	fill(1);
	guest_eoi(1, 27);
	sync(1);
	assert_int_equal(vgic_take_ended(&d, 1), 27);
	assert_int_equal(vgic_take_ended(&d, 1), VGIC_INTID_NONE);
	vgic_set_pending(&d, 1, 27);                      /* fires again */
	fill(1);
	sync(1);
	assert_int_equal(vgic_source_low(&d, 1, 27, &kick), VGIC_DROP_RELEASE);
	assert_false(fill(1));
	assert_int_equal(vgic_take_ended(&d, 1), VGIC_INTID_NONE);
}

/* ---- register writes against held LRs ---- */

static void icpendr_while_held_wins_over_the_lr(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	assert_int_equal(wr_from(1, 0x284, 4, BIT(1)), BIT(0));
	sync(0);                                /* the LR still pending */
	assert_false(ispend(33));
	assert_false(fill(0));
	assert_int_equal(used(0), 0);
}

static void icactiver_while_held_wins_over_the_lr(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	guest_ack(0, 33);
	sync(0);
	fill(0);
	assert_int_equal(wr_from(1, 0x384, 4, BIT(1)), BIT(0));
	sync(0);                                /* the LR still active */
	assert_false(isactive(33));
	assert_false(fill(0));
	assert_int_equal(used(0), 0);
}

static void icfgr_write_while_held_keeps_the_transferred_edge(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	assert_int_equal(wr_from(1, 0xc08, 4, 0), BIT(0));  /* now level */
	sync(0);                                /* the LR still pending */
	assert_true(ispend(33));
	fill(0);
	assert_int_equal(state_of(0, 33), VGIC_LR_PENDING);
	guest_ack(0, 33);
	guest_eoi(0, 33);
	sync(0);
	assert_false(ispend(33));
}

static void isactiver_on_a_queued_interrupt_loads_it_active(void **state)
{
	spi(34, 0x80, true);
	wr(0x304, 4, BIT(2));
	fill(0);
	assert_int_equal(state_of(0, 34), VGIC_LR_ACTIVE);
	guest_eoi(0, 34);
	sync(0);
	assert_false(isactive(34));
}

static void icenabler_withdraws_a_pending_lr_keeping_it_pending(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	assert_int_equal(wr_from(1, 0x184, 4, BIT(1)), BIT(0));
	sync(0);
	assert_false(fill(0));
	assert_int_equal(used(0), 0);
	assert_true(ispend(33));
	assert_int_equal(wr_from(1, 0x104, 4, BIT(1)), BIT(0));
	fill(0);
	assert_int_equal(state_of(0, 33), VGIC_LR_PENDING);
}

static void distributor_disable_withdraws_pending_keeps_active(void **state)
{
	spi(33, 0x80, true);
	spi(34, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	vgic_set_pending(&d, 0, 34);
	fill(0);
	guest_ack(0, 34);
	sync(0);
	wr(0x000, 4, 0);
	fill(0);
	assert_int_equal(slot(0, 33), -1);
	assert_int_equal(state_of(0, 34), VGIC_LR_ACTIVE);
}

/* ---- SPIs and routing ---- */

static void held_spi_is_not_queued_for_its_new_target(void **state)
{
	struct vgic_pending q[4];

	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	assert_int_equal(wr(0x6108, 8, 1), BIT(0));   /* in flight */
	assert_int_equal(vgic_queue(&d, 1, q, 4), 0);
	sync(0);
	fill(0);
	assert_int_equal(state_of(0, 33), VGIC_LR_PENDING);
}

static void releasing_a_rerouted_spi_kicks_its_new_target(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	guest_ack(0, 33);
	sync(0);
	wr(0x6108, 8, 1);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	assert_int_equal(state_of(0, 33), VGIC_LR_ACTIVE);
	guest_eoi(0, 33);
	assert_int_equal(sync(0), BIT(1));
	assert_false(fill(1));
	assert_int_equal(state_of(1, 33), VGIC_LR_PENDING);
}

static void vcpu_pending_reports_the_best_priority(void **state)
{
	uint8_t prio = 0;

	assert_false(vgic_vcpu_pending(&d, 0, &prio));
	spi(33, 0x80, true);
	ppi(0, 20, 0x40);
	vgic_set_pending(&d, 0, 33);
	vgic_set_pending(&d, 0, 21);            /* disabled */
	assert_true(vgic_vcpu_pending(&d, 0, &prio));
	assert_int_equal(prio, 0x80);
	vgic_set_pending(&d, 0, 20);
	fill(0);
	sync(0);                                /* both still in LRs */
	assert_true(vgic_vcpu_pending(&d, 0, &prio));
	assert_int_equal(prio, 0x40);
	assert_false(vgic_vcpu_pending(&d, 1, NULL));
}

static void lr_reset_marks_every_slot_unused(void **state)
{
	struct vgic_lr a[3];

	memset(a, 0x5a, sizeof(a));
	vgic_lr_reset(a, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(a[i].intid, VGIC_INTID_NONE);
		assert_int_equal(a[i].state, VGIC_LR_INVALID);
		assert_false(a[i].hw);
	}
}

/* ---- GICv2 ---- */

static void v2_lrs_are_group_0(void **state)
{
	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	assert_false(lr[0][slot(0, 33)].group1);
}

static void v2_sgi_lr_takes_one_source_others_wait(void **state)
{
	wr_from(1, 0xf00, 4, 0x00010003);
	wr_from(0, 0xf00, 4, 0x02000003);      /* from self, too */
	assert_false(fill(0));
	assert_int_equal(used(0), 1);
	assert_int_equal(lr[0][slot(0, 3)].source, 0);
	assert_true(lr[0][slot(0, 3)].eoi_maint);
	assert_false(lr[0][slot(0, 3)].group1);
	guest_ack(0, 3);
	guest_eoi(0, 3);
	sync(0);
	fill(0);
	assert_int_equal(state_of(0, 3), VGIC_LR_PENDING);
	assert_int_equal(lr[0][slot(0, 3)].source, 1);
	assert_false(lr[0][slot(0, 3)].eoi_maint);
}

static void v2_sgi_new_source_waits_for_deactivation(void **state)
{
	wr_from(1, 0xf00, 4, 0x00010003);
	fill(0);
	guest_ack(0, 3);
	sync(0);
	assert_int_equal(wr_from(1, 0xf00, 4, 0x00010003), BIT(0));
	assert_int_equal(wr_from(0, 0xf00, 4, 0x02000003), BIT(0));
	fill(0);
	assert_int_equal(state_of(0, 3), VGIC_LR_PENDING_ACTIVE);
	assert_int_equal(lr[0][slot(0, 3)].source, 1);
	assert_true(lr[0][slot(0, 3)].eoi_maint);
	guest_eoi(0, 3);
	sync(0);
	fill(0);
	assert_int_equal(state_of(0, 3), VGIC_LR_PENDING);
	assert_int_equal(lr[0][slot(0, 3)].source, 1);
}

static void v2_evicted_sgi_gives_its_source_back(void **state)
{
	uint64_t v = 0;
	uint32_t kick;

	wr(0x403, 1, 0x80);                     /* SGI 3 */
	wr_from(1, 0xf00, 4, 0x00010003);
	assert_false(vgic_lr_fill(&d, 0, lr[0], 1));
	vgic_lr_sync(&d, 0, lr[0], 1);
	spi(33, 0x00, true);
	vgic_set_pending(&d, 0, 33);
	assert_true(vgic_lr_fill(&d, 0, lr[0], 1));
	assert_int_equal(lr[0][0].intid, 33);
	vgic_dist_access(&d, 0, 0xf23, 1, false, &v, &kick);
	assert_int_equal(v, 0x02);
}

/* Posted SPIs (doorbells from another VM's CPU) wait for a drain. */
static void posted_spi_is_latched_only_by_the_drain(void **state)
{
	spi(40, 0x80, true);
	assert_int_equal(vgic_post(&d, 40), 0);
	assert_false(ispend(40));
	assert_int_equal(vgic_drain_posted(&d), BIT(0));
	assert_true(ispend(40));
	assert_false(fill(0));
	assert_int_equal(state_of(0, 40), VGIC_LR_PENDING);
	/* Drained once: nothing left. */
	assert_int_equal(vgic_drain_posted(&d), 0);
}

static void posted_edges_collapse_and_keep_every_spi(void **state)
{
	spi(33, 0x80, true);
	spi(63, 0x40, true);
	vgic_post(&d, 33);
	vgic_post(&d, 33);
	vgic_post(&d, 63);
	assert_int_equal(vgic_drain_posted(&d), BIT(0));
	assert_true(ispend(33));
	assert_true(ispend(63));
	assert_false(fill(0));
	assert_int_equal(used(0), 2);
}

static void posted_spi_names_its_routed_vcpu_and_kicks_it(void **state)
{
	spi(34, 0x80, true);
	wr(0x6000 + 8 * 34, 8, 1);                 /* IROUTER: vCPU 1 */
	assert_int_equal(vgic_post(&d, 34), 1);
	assert_int_equal(vgic_drain_posted(&d), BIT(1));
	assert_false(fill(1));
	assert_int_equal(lr[1][0].intid, 34);
}

/* The doorbell receiver's refill: the posted SPI latched and loaded under
 * one lock, as vgic_drain_posted and the fill would do it. */
static void fill_posted_drains_and_loads_the_doorbell(void **state)
{
	uint32_t kick;
	int s;

	spi(34, 0x80, true);
	assert_int_equal(vgic_post(&d, 34), 0);
	assert_true(vgic_lr_fill_posted(&d, 0, lr[0], NLR, 0, &s, &kick));
	assert_int_equal(s, 0);
	assert_int_equal(lr[0][0].intid, 34);
	assert_int_equal(state_of(0, 34), VGIC_LR_PENDING);
	assert_false(ispend(34));                   /* edge: moved into the LR */
	assert_int_equal(vgic_drain_posted(&d), 0); /* nothing left posted */
	guest_ack(0, 34);
	guest_eoi(0, 34);
	assert_int_equal(vgic_post(&d, 34), 0);     /* the next one, same slot */
	assert_true(vgic_lr_fill_posted(&d, 0, lr[0], NLR, BIT(0), &s, &kick));
	assert_int_equal(s, 0);
	assert_int_equal(state_of(0, 34), VGIC_LR_PENDING);
	/* Nothing posted: it is vgic_lr_fill_one. */
	guest_ack(0, 34);
	guest_eoi(0, 34);
	assert_true(vgic_lr_fill_posted(&d, 0, lr[0], NLR, BIT(0), &s, &kick));
	assert_int_equal(s, -1);
	assert_int_equal(used(0), 0);
}

/* One for another vCPU is latched and kicked, not loaded here; two for
 * this one are left to the full fill, both latched. */
static void fill_posted_kicks_other_vcpus_and_leaves_two_to_the_fill(void **state)
{
	uint32_t kick;
	int s;

	spi(34, 0x80, true);
	wr(0x6000 + 8 * 34, 8, 1);                 /* IROUTER: vCPU 1 */
	vgic_post(&d, 34);
	assert_true(vgic_lr_fill_posted(&d, 0, lr[0], NLR, 0, &s, &kick));
	assert_int_equal(kick & BIT(1), BIT(1));
	assert_int_equal(used(0), 0);
	assert_false(fill(1));
	assert_int_equal(lr[1][0].intid, 34);
	spi(35, 0x80, true);
	spi(36, 0x40, true);
	vgic_post(&d, 35);
	vgic_post(&d, 36);
	assert_false(vgic_lr_fill_posted(&d, 0, lr[0], NLR, 0, &s, &kick));
	assert_true(ispend(35));
	assert_true(ispend(36));
	assert_false(fill(0));
	assert_int_equal(slot(0, 36), 0);
	assert_int_equal(slot(0, 35), 1);
}

static void posted_disabled_spi_stays_pending_without_a_kick(void **state)
{
	vgic_post(&d, 35);                          /* owned, not enabled */
	assert_int_equal(vgic_drain_posted(&d), 0);
	assert_true(ispend(35));
}

static void post_ignores_what_the_vm_does_not_implement(void **state)
{
	assert_true(vgic_post(&d, 27) < 0);          /* a PPI */
	assert_true(vgic_post(&d, 64) < 0);          /* past its 32 SPIs */
	assert_int_equal(vgic_drain_posted(&d), 0);
}

static void v2_posted_spi_names_its_itargetsr_vcpu(void **state)
{
	spi(40, 0x80, true);
	wr(0x800 + 40, 1, 0x2);                     /* ITARGETSR: vCPU 1 */
	assert_int_equal(vgic_post(&d, 40), 1);
	assert_int_equal(vgic_drain_posted(&d), BIT(1));
	assert_false(fill(1));
	assert_int_equal(state_of(1, 40), VGIC_LR_PENDING);
}

static void reset_drops_posted_spis(void **state)
{
	spi(40, 0x80, true);
	vgic_post(&d, 40);
	vgic_reset(&d);
	wr(0x000, 4, 2);
	spi(40, 0x80, true);
	assert_int_equal(vgic_drain_posted(&d), 0);
	assert_false(ispend(40));
}

#define T3(f) cmocka_unit_test_setup(f, setup_v3)
#define T2(f) cmocka_unit_test_setup(f, setup_v2)


/* ---- the short path's insert (vgic_lr_insert) ---- */

static bool insert(unsigned c, unsigned intid, int *s, uint32_t *kick)
{
	return vgic_lr_insert(&d, c, intid, lr[c], NLR, 0, s, kick);
}

/* The insert writes the LR the full fill would have: vCPU 0 by insert,
 * vCPU 1 by vgic_set_pending and fill, the same PPI on each. */
static void insert_loads_the_lr_the_fill_would(void **state)
{
	uint32_t kick;
	int s;

	for (unsigned c = 0; c < 2; c++) {
		assert_int_equal(vgic_set_hw(&d, c, 27, true), VGIC_OK);
		ppi(c, 27, 0xa0);
	}
	assert_true(insert(0, 27, &s, &kick));
	assert_int_equal(s, 0);
	assert_int_equal(kick, 0);
	vgic_set_pending(&d, 1, 27);
	assert_false(fill(1));
	assert_int_equal(lr[0][0].intid, lr[1][0].intid);
	assert_int_equal(lr[0][0].state, VGIC_LR_PENDING);
	assert_int_equal(lr[0][0].state, lr[1][0].state);
	assert_int_equal(lr[0][0].priority, lr[1][0].priority);
	assert_true(lr[0][0].hw && lr[1][0].hw);
	assert_int_equal(lr[0][0].pintid, 27);
	assert_int_equal(lr[0][0].group1, lr[1][0].group1);
	assert_int_equal(lr[0][0].eoi_maint, lr[1][0].eoi_maint);
	/* In the LR, transferred: not queued, and a fill keeps it as is. */
	assert_int_equal(vgic_queue(&d, 0, (struct vgic_pending[4]){ 0 }, 4), 0);
	assert_false(fill(0));
	assert_int_equal(used(0), 1);
	assert_int_equal(state_of(0, 27), VGIC_LR_PENDING);
}

static void insert_then_deactivation_frees_the_lr_for_the_next(void **state)
{
	uint32_t kick;
	int s;

	assert_int_equal(vgic_set_hw(&d, 0, 40, true), VGIC_OK);
	spi(40, 0x80, false);
	for (int round = 0; round < 3; round++) {
		assert_true(insert(0, 40, &s, &kick));
		assert_true(s >= 0);
		guest_ack(0, 40);
		guest_eoi(0, 40);
		assert_int_equal(sync(0), 0);
		assert_int_equal(used(0), 0);
		assert_false(ispend(40));
		assert_false(isactive(40));
	}
}

static void insert_yields_to_anything_else_queued(void **state)
{
	uint32_t kick;
	int s;

	assert_int_equal(vgic_set_hw(&d, 0, 27, true), VGIC_OK);
	ppi(0, 27, 0xa0);
	spi(33, 0x40, true);
	vgic_set_pending(&d, 0, 33);          /* queued, no fill yet */
	assert_false(insert(0, 27, &s, &kick));
	assert_int_equal(s, -1);
	assert_int_equal(kick, BIT(0));
	assert_int_equal(used(0), 0);
	/* Latched: the full fill loads both, the better one first. */
	assert_false(fill(0));
	assert_int_equal(slot(0, 33), 0);
	assert_int_equal(slot(0, 27), 1);
}

static void insert_with_no_free_lr_falls_back_to_the_fill(void **state)
{
	uint32_t kick;
	int s;

	for (unsigned i = 32; i < 32 + NLR; i++) {
		spi(i, 0x80, true);
		vgic_set_pending(&d, 0, i);
	}
	assert_false(fill(0));
	assert_int_equal(used(0), NLR);
	assert_int_equal(vgic_set_hw(&d, 0, 27, true), VGIC_OK);
	ppi(0, 27, 0x40);
	assert_false(insert(0, 27, &s, &kick));
	assert_int_equal(kick, BIT(0));
	assert_true(fill(0));                 /* 27 evicts the worst, 35 */
	assert_true(slot(0, 27) >= 0);
	assert_int_equal(slot(0, 35), -1);
}

static void insert_of_a_disabled_interrupt_only_latches_it(void **state)
{
	uint32_t kick;
	int s;

	assert_int_equal(vgic_set_hw(&d, 0, 40, true), VGIC_OK);
	spi(40, 0x80, false);
	wr(0x180 + 4, 4, BIT(8));             /* ICENABLER: 40 off */
	assert_true(insert(0, 40, &s, &kick));
	assert_int_equal(s, -1);
	assert_int_equal(kick, 0);
	assert_true(ispend(40));
	assert_false(fill(0));
	assert_int_equal(used(0), 0);
	wr(0x100 + 4, 4, BIT(8));             /* enabled: the fill finds it */
	assert_false(fill(0));
	assert_int_equal(state_of(0, 40), VGIC_LR_PENDING);
}

static void insert_of_an_spi_routed_elsewhere_kicks_its_vcpu(void **state)
{
	uint32_t kick;
	int s;

	assert_int_equal(vgic_set_hw(&d, 0, 40, true), VGIC_OK);
	spi(40, 0x80, false);
	wr(0x6000 + 8 * 40, 8, 1);            /* IROUTER: vCPU 1 */
	assert_true(insert(0, 40, &s, &kick));
	assert_int_equal(s, -1);
	assert_int_equal(kick, BIT(1));
	assert_int_equal(used(0), 0);
	assert_false(fill(1));
	assert_int_equal(state_of(1, 40), VGIC_LR_PENDING);
}

static void insert_of_an_active_interrupt_falls_back(void **state)
{
	uint32_t kick;
	int s;

	spi(40, 0x80, true);
	wr(0x300 + 4, 4, BIT(8));             /* ISACTIVER: 40 active */
	assert_false(insert(0, 40, &s, &kick));
	assert_int_equal(s, -1);
	assert_int_equal(kick, BIT(0));
	assert_false(fill(0));
	assert_int_equal(state_of(0, 40), VGIC_LR_PENDING | VGIC_LR_ACTIVE);
}

static void insert_of_an_interrupt_another_lr_holds_kicks_it(void **state)
{
	uint32_t kick;
	int s;

	spi(33, 0x80, true);
	vgic_set_pending(&d, 0, 33);
	fill(0);
	guest_ack(0, 33);
	sync(0);
	wr(0x6000 + 8 * 33, 8, 1);            /* now routed to vCPU 1 */
	/* Not into vCPU 1's LRs: vCPU 0's holds it; both must look. */
	assert_false(insert(1, 33, &s, &kick));
	assert_int_equal(s, -1);
	assert_int_equal(kick, BIT(0) | BIT(1));
	assert_int_equal(used(1), 0);
	assert_int_equal(state_of(0, 33), VGIC_LR_ACTIVE);
}


/* ---- the short path's release (vgic_lr_release) ---- */

/*
 * Every entry the guest finished, of each kind the fold treats apart: a
 * hardware-linked PPI, a level SPI whose line stays high, an edge SPI
 * written pending and active (ISPENDR, ISACTIVER) while held, a pending
 * SPI re-routed to vCPU 1 while held. vgic_lr_release must leave the
 * model, the LRs and the kick mask exactly as vgic_lr_sync does.
 */
static void release_matches_the_sync_of_finished_entries(void **state)
{
	static struct vgic_dist before, after;
	struct vgic_lr lrs_before[NLR], lrs_after[NLR];
	const unsigned intids[NLR] = { 27, 33, 34, 35 };
	uint32_t kick;

	assert_int_equal(vgic_set_hw(&d, 0, 27, true), VGIC_OK);
	ppi(0, 27, 0x20);
	spi(33, 0x40, false);
	spi(34, 0x40, true);
	spi(35, 0x60, true);
	vgic_set_pending(&d, 0, 27);
	vgic_set_level(&d, 0, 33, true);
	vgic_set_pending(&d, 0, 34);
	vgic_set_pending(&d, 0, 35);
	assert_false(fill(0));
	assert_int_equal(used(0), NLR);
	for (unsigned i = 0; i < NLR; i++)
		guest_ack(0, intids[i]);
	wr(0x200 + 4, 4, BIT(34 - 32) | BIT(35 - 32));  /* ISPENDR while held */
	wr(0x300 + 4, 4, BIT(34 - 32));                 /* ISACTIVER while held */
	if (d.version == VGIC_V3)                       /* 35 -> vCPU 1 */
		wr(0x6000 + 8 * 35, 8, 1);
	else
		wr(0x800 + 35, 1, 2);
	for (unsigned i = 0; i < NLR; i++)
		guest_eoi(0, intids[i]);
	memcpy(&before, &d, sizeof(d));
	memcpy(lrs_before, lr[0], sizeof(lrs_before));
	kick = sync(0);
	assert_int_equal(kick, BIT(1));
	memcpy(&after, &d, sizeof(d));
	memcpy(lrs_after, lr[0], sizeof(lrs_after));
	/* Back to before the sync: the release must do the same. */
	memcpy(&d, &before, sizeof(d));
	memcpy(lr[0], lrs_before, sizeof(lrs_before));
	assert_int_equal(vgic_lr_release(&d, 0, lr[0], BIT(NLR) - 1), kick);
	assert_int_equal(memcmp(&d, &after, sizeof(d)), 0);
	assert_int_equal(memcmp(lr[0], lrs_after, sizeof(lrs_after)), 0);
	assert_int_equal(used(0), 0);
	assert_true(ispend(33));                        /* the line is high */
	assert_true(ispend(34) && isactive(34));
	assert_false(isactive(27));
}

/* The insert's release of the finished LRs: the same PPI again and again
 * in one LR with no sync between, and the release's kick passed on. */
static void insert_releases_the_finished_lrs_first(void **state)
{
	uint32_t kick;
	int s, prev;

	assert_int_equal(vgic_set_hw(&d, 0, 27, true), VGIC_OK);
	ppi(0, 27, 0xa0);
	spi(35, 0x80, true);
	vgic_set_pending(&d, 0, 35);
	assert_false(fill(0));
	guest_ack(0, 35);
	wr(0x200 + 4, 4, BIT(35 - 32));        /* pending again while held */
	wr(0x6000 + 8 * 35, 8, 1);             /* 35 -> vCPU 1 */
	guest_eoi(0, 35);
	prev = slot(0, 35);
	for (int round = 0; round < 3; round++) {
		assert_true(vgic_lr_insert(&d, 0, 27, lr[0], NLR, BIT(prev), &s, &kick));
		assert_int_equal(kick, round == 0 ? BIT(1) : 0);
		assert_int_equal(used(0), 1);
		assert_int_equal(state_of(0, 27), VGIC_LR_PENDING);
		assert_true(lr[0][s].hw);
		guest_ack(0, 27);
		guest_eoi(0, 27);
		prev = s;
	}
	assert_int_equal(sync(0), 0);
	assert_int_equal(used(0), 0);
	assert_false(ispend(27) || isactive(27));
	assert_false(fill(1));
	assert_int_equal(state_of(1, 35), VGIC_LR_PENDING);
}

/* ---- the short path's refill (vgic_lr_fill_one) ---- */

static bool fill_one(unsigned c)
{
	uint32_t kick;

	return vgic_lr_fill_one(&d, c, lr[c], NLR, 0, &(int){ 0 }, &kick);
}

static void fill_one_loads_a_lone_sgi_as_the_fill_would(void **state)
{
	uint32_t kick;

	for (unsigned c = 0; c < 2; c++) {
		ppi(c, 2, 0x60);
		kick = vgic_sgi1r(&d, 1 - c, 2ull << 24 | BIT(c));
		assert_int_equal(kick, BIT(c));
	}
	assert_true(fill_one(0));
	assert_false(fill(1));
	assert_int_equal(used(0), 1);
	assert_int_equal(memcmp(&lr[0][0], &lr[1][0], sizeof(lr[0][0])), 0);
	assert_int_equal(lr[0][0].state, VGIC_LR_PENDING);
	guest_ack(0, 2);
	guest_eoi(0, 2);
	assert_int_equal(sync(0), 0);
	assert_true(fill_one(0));              /* nothing queued: nothing done */
	assert_int_equal(used(0), 0);
}

/* The SGI receiver's refill with the previous SGI's LR finished: released
 * first, then the next SGI loaded, no sync between. */
static void fill_one_releases_the_finished_lrs_first(void **state)
{
	uint32_t kick;
	int prev, s;

	ppi(0, 2, 0x60);
	for (int round = 0; round < 3; round++) {
		assert_int_equal(vgic_sgi1r(&d, 1, 2ull << 24 | BIT(0)), BIT(0));
		prev = slot(0, 2);              /* the last round's, finished */
		assert_true(vgic_lr_fill_one(&d, 0, lr[0], NLR, prev >= 0 ? BIT(prev) : 0,
					     &s, &kick));
		assert_int_equal(s, slot(0, 2));
		assert_int_equal(kick, 0);
		assert_int_equal(used(0), 1);
		assert_int_equal(state_of(0, 2), VGIC_LR_PENDING);
		guest_ack(0, 2);
		guest_eoi(0, 2);
	}
	assert_true(vgic_lr_fill_one(&d, 0, lr[0], NLR, BIT(slot(0, 2)), &s, &kick));
	assert_int_equal(used(0), 0);           /* released, nothing queued */
	assert_int_equal(s, -1);
	assert_int_equal(vgic_queue(&d, 0, (struct vgic_pending[4]){ 0 }, 4), 0);
}

static void fill_one_leaves_two_queued_to_the_fill(void **state)
{
	spi(33, 0x80, true);
	spi(34, 0x40, true);
	vgic_set_pending(&d, 0, 33);
	vgic_set_pending(&d, 0, 34);
	assert_false(fill_one(0));
	assert_int_equal(used(0), 0);
	assert_false(fill(0));
	assert_int_equal(slot(0, 34), 0);
	assert_int_equal(slot(0, 33), 1);
}

static void fill_one_leaves_an_active_interrupt_to_the_fill(void **state)
{
	spi(40, 0x80, true);
	wr(0x300 + 4, 4, BIT(8));             /* ISACTIVER: 40 active */
	assert_false(fill_one(0));
	assert_int_equal(used(0), 0);
	assert_false(fill(0));
	assert_int_equal(state_of(0, 40), VGIC_LR_ACTIVE);
}

/* The SPI hint words are the VM's: an SPI queued for vCPU 1 is a second
 * hint beside vCPU 0's SGI, so the refill walks, and loads the SGI. */
static void fill_one_walks_when_another_vcpus_spi_is_hinted(void **state)
{
	spi(40, 0x80, true);
	wr(0x6000 + 8 * 40, 8, 1);            /* IROUTER: vCPU 1 */
	vgic_set_pending(&d, 0, 40);
	ppi(0, 2, 0x60);
	vgic_sgi1r(&d, 1, 2ull << 24 | BIT(0));
	assert_true(fill_one(0));
	assert_int_equal(used(0), 1);
	assert_int_equal(state_of(0, 2), VGIC_LR_PENDING);
	assert_false(fill(1));
	assert_int_equal(state_of(1, 40), VGIC_LR_PENDING);
}

/* A lone hint the vCPU cannot take (routed elsewhere) stays for its
 * target; one that cannot be queued at all (disabled) goes. */
static void fill_one_keeps_a_lone_hint_for_its_target(void **state)
{
	spi(40, 0x80, true);
	wr(0x6000 + 8 * 40, 8, 1);            /* IROUTER: vCPU 1 */
	vgic_set_pending(&d, 0, 40);
	assert_true(fill_one(0));             /* nothing for vCPU 0 */
	assert_int_equal(used(0), 0);
	assert_true(vgic_lr_fill_one(&d, 1, lr[1], NLR, 0, &(int){ 0 }, &(uint32_t){ 0 }));
	assert_int_equal(state_of(1, 40), VGIC_LR_PENDING);
	spi(41, 0x80, true);
	wr(0x6000 + 8 * 41, 8, 0);
	vgic_set_pending(&d, 0, 41);
	wr(0x180 + 4, 4, BIT(9));             /* ICENABLER: 41 off */
	assert_true(fill_one(0));
	assert_int_equal(used(0), 0);
	wr(0x100 + 4, 4, BIT(9));             /* on again: hinted, loaded */
	assert_true(fill_one(0));
	assert_int_equal(state_of(0, 41), VGIC_LR_PENDING);
}

static void fill_one_loads_a_v2_sgi_with_its_lowest_source(void **state)
{
	wr_from(1, 0xf00, 4, 0x00010003);      /* SGI 3: 1 -> 0 */
	wr_from(0, 0xf00, 4, 0x02000003);      /* 0 -> 0 */
	wr_from(0, 0xf00, 4, 0x00020003);      /* 0 -> 1 */
	wr_from(1, 0xf00, 4, 0x02000003);      /* 1 -> 1 */
	assert_true(fill_one(0));
	assert_false(fill(1));
	assert_int_equal(memcmp(&lr[0][0], &lr[1][0], sizeof(lr[0][0])), 0);
	assert_int_equal(lr[0][0].source, 0);
	assert_true(lr[0][0].eoi_maint);       /* source 1 waits */
	guest_ack(0, 3);
	guest_eoi(0, 3);
	sync(0);
	assert_true(fill_one(0));
	assert_int_equal(state_of(0, 3), VGIC_LR_PENDING);
	assert_int_equal(lr[0][slot(0, 3)].source, 1);
	assert_false(lr[0][slot(0, 3)].eoi_maint);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T3(queue_orders_by_priority_then_intid),
		T3(queue_skips_disabled_and_waits_for_the_distributor),
		T3(queue_lists_active_interrupts_no_lr_holds),
		T3(queue_holds_only_spis_routed_to_the_vcpu),
		T3(sgis_and_ppis_are_queued_per_vcpu),
		T3(fill_loads_the_best_pending_into_free_lrs),
		T3(fill_reports_nothing_queued_when_all_fit),
		T3(fill_with_no_lrs_reports_queued),
		T3(fill_evicts_the_worst_pending_entry),
		T3(fill_does_not_evict_for_equal_priority),
		T3(fill_never_evicts_active_entries),
		T3(fill_keeps_an_active_entry_in_its_slot),
		T3(fill_repeated_without_running_keeps_its_entries),
		T3(priority_change_reaches_a_held_lr),
		T3(sync_frees_an_lr_the_guest_deactivated),
		T3(sync_keeps_an_unacknowledged_edge_pending),
		T3(sync_records_the_acknowledge_as_active),
		T3(edge_while_active_makes_the_lr_active_and_pending),
		T3(edges_collapse_while_the_lr_is_pending),
		T3(level_line_still_high_pends_again_after_deactivation),
		T3(level_acked_with_line_high_is_active_and_pending),
		T3(level_line_low_before_deactivation_does_not_pend_again),
		T3(level_line_dropped_before_acknowledge_withdraws_the_lr),
		T3(level_soft_pending_is_consumed_by_acknowledge),
		T3(only_level_lrs_ask_for_eoi_maintenance),
		T3(hw_linked_lr_names_the_physical_intid),
		T3(hw_linked_is_never_active_and_pending),
		T3(hw_linked_level_ppi_reloads_after_each_edge),
		T3(source_low_withdraws_an_unacknowledged_hw_ppi),
		T3(source_low_leaves_an_active_hw_ppi_to_the_guest),
		T3(source_low_ignores_an_unlinked_ppi),
		T3(soft_link_reports_the_guests_deactivation),
		T2(source_low_withdraws_an_unacknowledged_hw_ppi),
		T2(soft_link_reports_the_guests_deactivation),
		T3(icpendr_while_held_wins_over_the_lr),
		T3(icactiver_while_held_wins_over_the_lr),
		T3(icfgr_write_while_held_keeps_the_transferred_edge),
		T3(isactiver_on_a_queued_interrupt_loads_it_active),
		T3(icenabler_withdraws_a_pending_lr_keeping_it_pending),
		T3(distributor_disable_withdraws_pending_keeps_active),
		T3(held_spi_is_not_queued_for_its_new_target),
		T3(releasing_a_rerouted_spi_kicks_its_new_target),
		T3(vcpu_pending_reports_the_best_priority),
		T3(insert_loads_the_lr_the_fill_would),
		T3(release_matches_the_sync_of_finished_entries),
		T2(release_matches_the_sync_of_finished_entries),
		T3(insert_releases_the_finished_lrs_first),
		T3(fill_one_loads_a_lone_sgi_as_the_fill_would),
		T3(fill_one_releases_the_finished_lrs_first),
		T3(fill_one_leaves_two_queued_to_the_fill),
		T3(fill_one_leaves_an_active_interrupt_to_the_fill),
		T3(fill_one_walks_when_another_vcpus_spi_is_hinted),
		T3(fill_one_keeps_a_lone_hint_for_its_target),
		T2(insert_loads_the_lr_the_fill_would),
		T3(insert_then_deactivation_frees_the_lr_for_the_next),
		T3(insert_yields_to_anything_else_queued),
		T3(insert_with_no_free_lr_falls_back_to_the_fill),
		T3(insert_of_a_disabled_interrupt_only_latches_it),
		T3(insert_of_an_spi_routed_elsewhere_kicks_its_vcpu),
		T3(insert_of_an_active_interrupt_falls_back),
		T3(insert_of_an_interrupt_another_lr_holds_kicks_it),
		T3(posted_spi_is_latched_only_by_the_drain),
		T3(posted_edges_collapse_and_keep_every_spi),
		T3(posted_spi_names_its_routed_vcpu_and_kicks_it),
		T3(posted_disabled_spi_stays_pending_without_a_kick),
		T3(fill_posted_drains_and_loads_the_doorbell),
		T3(fill_posted_kicks_other_vcpus_and_leaves_two_to_the_fill),
		T3(post_ignores_what_the_vm_does_not_implement),
		T3(reset_drops_posted_spis),
		T2(v2_posted_spi_names_its_itargetsr_vcpu),
		cmocka_unit_test(lr_reset_marks_every_slot_unused),
		T2(v2_lrs_are_group_0),
		T2(v2_sgi_lr_takes_one_source_others_wait),
		T2(fill_one_loads_a_v2_sgi_with_its_lowest_source),
		T2(v2_sgi_new_source_waits_for_deactivation),
		T2(v2_evicted_sgi_gives_its_source_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
