/* SPDX-License-Identifier: MIT */
/* The gic guest's further cases; the list is in tests/gic.c. */
#include "gic_test.h"

#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/psci.h>
#include <guest/smp.h>
#include <guest/test.h>
#include <guest/timer.h>

/*
 * SGI_SRC from vCPU 0 (to itself) and from vCPU 1 while vCPU 0 has IRQs
 * masked: GICv2 keeps one pending bit per source and delivers it twice,
 * once per CPUID (IHI 0048B 3.2, SGIs); GICv3 has one pending bit, so once.
 */
static void test_sgi_sources(enum gic_version v)
{
	struct seen *s = &gict.seen[0];
	u32 want = v == GIC_V2 ? 2 : 1, srcs = 1;

	if (v == GIC_V2)
		srcs = 1u << gict.iface[0] | 1u << gict.iface[1];

	exc_irq_mask();
	gic_send_sgi(SGI_SRC, gict.mpidr[0]);
	gict_cpu1_start(CMD_SGI_SRC);
	if (!gict_cpu1_wait()) {
		exc_irq_unmask();
		test_fail("gic-sgi-sources", "vcpu1 stuck");
		return;
	}
	exc_irq_unmask();
	gict_wait_count(&s->sgi[SGI_SRC], want, true);
	gict_quiet();
	test_check(s->sgi[SGI_SRC] == want && s->sgi_sources[SGI_SRC] == srcs,
		   "gic-sgi-sources", "taken=%u want=%u sources=0x%x want=0x%x",
		   s->sgi[SGI_SRC], want, s->sgi_sources[SGI_SRC], srcs);
}

/* To all but self (ICC_SGI1R_EL1.IRM, GICD_SGIR filter 1). */
static void test_sgi_others(void)
{
	bool got;

	gic_send_sgi_others(SGI_OTHERS);
	got = gict_poll_count(&gict.seen[1].sgi[SGI_OTHERS], 1);
	gict_quiet();
	test_check(got && gict.seen[1].sgi[SGI_OTHERS] == 1 &&
		   gict.seen[0].sgi[SGI_OTHERS] == 0, "gic-sgi-others",
		   "vcpu1 took %u, vcpu0 took %u", gict.seen[1].sgi[SGI_OTHERS],
		   gict.seen[0].sgi[SGI_OTHERS]);
}

/* In its handler an SGI reads active and not pending (ISACTIVER,
 * ISPENDR); after its EOI, neither. */
static void test_active(void)
{
	struct seen *s = &gict.seen[0];

	gic_send_sgi(SGI_ACTIVE, gict.mpidr[0]);
	gict_wait_count(&s->sgi[SGI_ACTIVE], 1, true);
	test_check(s->sgi[SGI_ACTIVE] == 1 && s->active_seen &&
		   !s->pending_seen, "gic-active-in-handler",
		   "taken=%u active=%d pending=%d", s->sgi[SGI_ACTIVE],
		   s->active_seen, s->pending_seen);
	test_check(!gic_active(SGI_ACTIVE) && !gic_pending(SGI_ACTIVE),
		   "gic-active-after-eoi", "active=%d pending=%d",
		   gic_active(SGI_ACTIVE), gic_pending(SGI_ACTIVE));
}

/* Sent again from its own handler (pending while active): taken twice. */
static void test_retrigger(void)
{
	struct seen *s = &gict.seen[0];

	gic_set_priority(SGI_RETRIG, PRIO_DEFAULT);
	gic_enable(SGI_RETRIG);
	gic_send_sgi(SGI_RETRIG, gict.mpidr[0]);
	gict_wait_count(&s->sgi[SGI_RETRIG], 2, true);
	gict_quiet();
	test_eq("gic-sgi-pending-while-active", s->sgi[SGI_RETRIG], 2);
}

/* With the distributor's group enable off, a pending SGI waits. */
static void test_dist_disable(void)
{
	struct seen *s = &gict.seen[0];
	bool pend;

	gic_set_priority(SGI_DIST, PRIO_DEFAULT);
	gic_enable(SGI_DIST);
	gic_dist_enable(false);
	gic_send_sgi(SGI_DIST, gict.mpidr[0]);
	gict_quiet();
	pend = gic_pending(SGI_DIST);
	test_check(s->sgi[SGI_DIST] == 0 && pend, "gic-dist-disabled-held",
		   "taken=%u pending=%d", s->sgi[SGI_DIST], pend);
	gic_dist_enable(true);
	test_check(gict_wait_count(&s->sgi[SGI_DIST], 1, true),
		   "gic-dist-enabled-taken", "taken=%u pending=%d",
		   s->sgi[SGI_DIST], gic_pending(SGI_DIST));
}

/* 16 distinct priorities, a permutation of the SGI numbers. */
static u8 many_prio(u32 sgi)
{
	return (u8)(0x10 + 8 * ((sgi * 7) % GIC_NR_SGIS));
}

/*
 * All 16 SGIs pending on self at once, more than a hypervisor has list
 * registers (QEMU's virtual interfaces have 4): taken one by one, best
 * priority first.
 */
static void test_many_pending(void)
{
	struct seen *s = &gict.seen[0];
	u32 npend = 0, bad = 0, last = 0;

	exc_irq_mask();
	for (u32 i = 0; i < GIC_NR_SGIS; i++) {
		gic_set_priority(i, many_prio(i));
		gic_enable(i);
	}
	s->nlog = 0;
	for (u32 i = 0; i < GIC_NR_SGIS; i++)
		gic_send_sgi(i, gict.mpidr[0]);
	for (u32 i = 0; i < GIC_NR_SGIS; i++)
		npend += gic_pending(i);
	exc_irq_unmask();
	gict_wait_count(&s->nlog, GIC_NR_SGIS, true);
	gict_quiet();
	for (u32 i = 0; i < s->nlog; i++) {
		u32 p = s->log[i] < GIC_NR_SGIS ? many_prio(s->log[i]) : 0;

		if (p <= last)
			bad++;
		last = p;
	}
	test_check(npend == GIC_NR_SGIS, "gic-many-pending",
		   "%u of 16 SGIs pending", npend);
	test_check(s->nlog == GIC_NR_SGIS && !bad, "gic-many-order",
		   "taken %u, %u out of order (first %u %u %u %u)", s->nlog,
		   bad, s->log[0], s->log[1], s->log[2], s->log[3]);
	for (u32 i = 0; i < GIC_NR_SGIS; i++)
		gic_set_priority(i, PRIO_DEFAULT);
}

/* The UART's SPI made pending (ISPENDR) goes where it is routed. */
static void test_spi_route(void)
{
	u32 spi = gict.spi;

	if (!test_check(spi >= 32, "gic-spi-found", "no UART SPI in the DT"))
		return;
	gic_set_priority(spi, PRIO_DEFAULT);
	gic_route_spi(spi, gict.mpidr[1]);
	gic_enable(spi);
	gic_set_pending(spi);
	test_check(gict_poll_count(&gict.seen[1].spi, 1) &&
		   gict.seen[0].spi == 0,
		   "gic-spi-route-vcpu1", "vcpu1 took %u, vcpu0 took %u",
		   gict.seen[1].spi, gict.seen[0].spi);
	gic_route_spi(spi, gict.mpidr[0]);
	gic_set_pending(spi);
	test_check(gict_wait_count(&gict.seen[0].spi, 1, true) &&
		   gict.seen[1].spi == 1, "gic-spi-route-vcpu0",
		   "vcpu0 took %u, vcpu1 took %u", gict.seen[0].spi,
		   gict.seen[1].spi);
}

/*
 * Pending state withdrawn before the vCPU takes it (IRQs masked all the
 * while, so a hypervisor has already queued it): ICPENDR clears it, and
 * ICENABLER holds it back until ISENABLER. The UART's SPI on both
 * versions, and an SGI on GICv3.
 */
static void test_withdraw(enum gic_version v)
{
	struct seen *s = &gict.seen[0];
	u32 spi = gict.spi, before = s->spi;
	bool pend0, pend1, pend2;

	if (spi < 32)
		return;
	exc_irq_mask();
	gic_set_pending(spi);
	pend0 = gic_pending(spi);
	gic_clear_pending(spi);
	pend1 = gic_pending(spi);
	gict_quiet();
	test_check(pend0 && !pend1 && s->spi == before,
		   "gic-clear-pending-spi", "pending %d then %d, taken %u",
		   pend0, pend1, s->spi - before);

	exc_irq_mask();
	gic_set_pending(spi);
	gic_disable(spi);
	gict_quiet();
	pend2 = gic_pending(spi);
	test_check(pend2 && s->spi == before, "gic-disable-withdraws-spi",
		   "pending=%d taken %u", pend2, s->spi - before);
	gic_enable(spi);
	test_check(gict_wait_count(&s->spi, before + 1, true) &&
		   !gic_pending(spi), "gic-disable-withdraws-spi-taken",
		   "taken %u pending=%d", s->spi - before, gic_pending(spi));
	gic_disable(spi);
	if (v != GIC_V3)
		return;
	before = s->sgi[SGI_CLR];
	exc_irq_mask();
	gic_send_sgi(SGI_CLR, gict.mpidr[0]);
	pend0 = gic_pending(SGI_CLR);
	gic_clear_pending(SGI_CLR);
	pend1 = gic_pending(SGI_CLR);
	gict_quiet();
	test_check(pend0 && !pend1 && s->sgi[SGI_CLR] == before,
		   "gic-clear-pending-sgi", "pending %d then %d, taken %u",
		   pend0, pend1, s->sgi[SGI_CLR] - before);
}

/*
 * A level-sensitive interrupt whose line is still high after its EOI is
 * taken again: vCPU 0's handler leaves the timer on once. Polled, not
 * WFI: if the second one never comes, nothing else would wake the vCPU.
 * Bootarg timer-level=0 leaves it out (see test/integration/gic-v2).
 */
static void test_timer_level(void)
{
	struct seen *s = &gict.seen[0];
	u32 before = s->timer;
	u64 end;

	if (!dt_arg_u64_or("timer-level", 1))
		return;
	gict.timer_keep = 1;
	timer_virt_arm(cnt_now() + cnt_ms_to_ticks(1));
	end = cnt_now() + cnt_ms_to_ticks(TIMEOUT_MS);
	while (READ_ONCE(s->timer) < before + 2 && cnt_now() < end)
		cpu_relax();
	timer_virt_stop();
	gict_quiet();
	gict.timer_expected += s->timer - before;
	test_check(s->timer - before == 2 && !gict.timer_keep,
		   "gic-timer-level", "taken %u times, want 2; CNTV_CTL=0x%x",
		   s->timer - before, timer_virt_ctl());
}

/* vCPU 1, started again: is SGI_OFF still pending, and is it taken? */
static void secondary_again(void *arg)
{
	(void)arg;
	gic_cpu_init();
	gict.off_pending = gic_pending(SGI_OFF);
	exc_irq_unmask();
	cnt_delay_ms(QUIET_MS);
	exc_irq_mask();
	gict.off_taken = gict.seen[1].sgi[SGI_OFF];
	for (u32 i = 0; i < GIC_NR_SGIS; i++)
		gic_disable(i);
	gic_disable(gict.timer_intid);
	dsb_sy();
	WRITE_ONCE(gict.restarted, 1);
}

/*
 * An SGI pending for vCPU 1 (IRQs masked there, so it is not taken) while
 * it calls CPU_OFF. The pending state belongs to its redistributor (the
 * distributor on GICv2), not to the powered-down PE, and PSCI CPU_OFF
 * leaves the GIC alone: after CPU_ON it is still pending and is taken
 * once IRQs are unmasked.
 */
static void test_pending_across_off(void)
{
	u32 before = gict.seen[1].sgi[SGI_OFF];
	u64 end;

	gict_cpu1_start(CMD_OFF_MASKED);
	if (!gict_cpu1_wait()) {
		test_fail("gic-pending-across-cpu-off", "vcpu1 stuck");
		return;
	}
	gic_send_sgi(SGI_OFF, gict.mpidr[1]);
	cnt_delay_ms(QUIET_MS);		/* vCPU 1 sees it, masked */
	WRITE_ONCE(gict.off_go, 1);
	if (!psci_wait_affinity(gict.mpidr[1], PSCI_AFF_OFF, TIMEOUT_MS) ||
	    smp_cpu_on(gict.mpidr[1], 1, secondary_again, NULL) !=
		    PSCI_RET_SUCCESS) {
		test_fail("gic-pending-across-cpu-off", "vcpu1 restart failed");
		return;
	}
	end = cnt_now() + cnt_ms_to_ticks(TIMEOUT_MS);
	while (!READ_ONCE(gict.restarted) && cnt_now() < end)
		cpu_relax();
	dmb_sy();
	test_check(gict.restarted && gict.off_pending &&
		   gict.off_taken == before + 1, "gic-pending-across-cpu-off",
		   "restarted=%u pending after CPU_ON=%d taken=%u",
		   gict.restarted, gict.off_pending, gict.off_taken - before);
}

void gict_more_irqs(enum gic_version v)
{
	test_sgi_sources(v);
	test_sgi_others();
	test_active();
	test_retrigger();
	test_dist_disable();
	test_many_pending();
	test_spi_route();
	test_withdraw(v);
}

void gict_more_cpu(void)
{
	test_timer_level();
	test_pending_across_off();
}
