/* SPDX-License-Identifier: MIT */
/*
 * gic: the interrupt controller a 2-vCPU VM sees, through guest/gic.h.
 *
 *   gic-init, gic-cpu1-init   distributor and both vCPUs' interfaces up
 *   gic-id-*                  GICD_TYPER, GICD_IIDR, PIDR2 (ArchRev
 *                             matching the DT's compatible), GICD_CTLR
 *   gic-sgi-pingpong          vCPU 0 and 1 send SGI 1 to each other,
 *                             rounds times; each handler counts it and
 *                             checks the INTID (and on GICv2 the IAR's
 *                             CPUID = the sender's interface)
 *   gic-priority-*            with PSTATE.I set, SGI 2 (0xa0) and SGI 3
 *                             (0x40) pending on self; unmasked, 3 first
 *   gic-pmr-*                 ICC_PMR/GICC_PMR at or below an SGI's
 *                             priority holds it pending (ISPENDR), raising
 *                             it lets it in
 *   gic-disabled-*            the timer PPI (line high), PPI 20 (ISPENDR)
 *                             and, on GICv3, SGI 5 wait pending while
 *                             disabled (ICENABLER), are taken once enabled
 *   gic-sgi-sources           SGI 6 from both vCPUs while masked: twice
 *                             (one per CPUID) on GICv2, once on GICv3
 *   gic-sgi-others            SGI 8 to all but self reaches only vCPU 1
 *   gic-active-*              in its handler an SGI is active, not
 *                             pending; after the EOI neither
 *   gic-sgi-pending-while-active  SGI 10 re-sent by its own handler is
 *                             taken again after the EOI
 *   gic-dist-*                GICD_CTLR's group enable off holds an SGI
 *   gic-many-*                all 16 SGIs pending at once (more than the
 *                             list registers), taken best priority first
 *   gic-spi-route-*           the UART's SPI (owned), made pending, goes
 *                             to the vCPU GICD_IROUTER/ITARGETSR names
 *   gic-clear-pending-*, gic-disable-withdraws-*  pending state withdrawn
 *                             (ICPENDR, ICENABLER) while IRQs are masked
 *                             is not taken
 *   gic-timer-vcpu0/1         the virtual timer, 1 ms ahead, 100 times on
 *                             each vCPU at once: taken with ISTATUS set,
 *                             never early nor later than late-max-us, once
 *                             per arming
 *   gic-spi-not-owned         (Septum only) INTID 40, not the VM's, reads
 *                             as disabled, not pending, priority 0 after
 *                             being enabled and made pending
 *   gic-timer-level           the timer left firing through its EOI (line
 *                             still high) is taken a second time
 *   gic-pending-across-cpu-off  an SGI pending at vCPU 1 (masked) when it
 *                             calls CPU_OFF is still pending after CPU_ON
 *
 * Waits for an interrupt in WFI with PSTATE.I set around the check (so a
 * wake-up cannot be lost), with the virtual timer as a backstop where the
 * test is not about the timer.
 *
 * Bootargs: rounds=<n> SGI ping-pong rounds (default 100), shots=<n> timer
 * shots per vCPU (default 100), late-max-us=<n> the lateness a timer shot
 * may have (default 1 s: without -icount a loaded host can stall a vCPU
 * thread for long), timer-level=0 leaves gic-timer-level out.
 */
#include <libfdt.h>

#include "gic_test.h"

#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/psci.h>
#include <guest/smp.h>
#include <guest/test.h>
#include <guest/timer.h>

const char guest_name[] = "gic";

#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IIDR	0x0008
#define GICD_ITARGETSR	0x0800
#define GICD_PIDR2_V2	0x0fe8
#define GICD_PIDR2_V3	0xffe8

struct gict_shared gict;

static unsigned self(void)
{
	return smp_mpidr() == gict.mpidr[1] ? 1 : 0;
}

static void handler(u32 intid, u32 source, u64 stamp)
{
	unsigned me = self();
	struct seen *s = &gict.seen[me];

	if (s->nlog < LOG_MAX)
		s->log[s->nlog++] = intid;
	if (intid < GIC_NR_SGIS) {
		if (intid == SGI_PING && gic_version() == GIC_V2 &&
		    source != gict.iface[1 - me])
			s->bad_source++;
		if (intid == SGI_RETRIG && !s->sgi[intid])
			gic_send_sgi(SGI_RETRIG, gict.mpidr[me]);
		if (intid == SGI_ACTIVE) {
			s->active_seen = gic_active(SGI_ACTIVE);
			s->pending_seen = gic_pending(SGI_ACTIVE);
		}
		s->sgi_sources[intid] |= 1u << source;
		WRITE_ONCE(s->sgi[intid], s->sgi[intid] + 1);
	} else if (intid == gict.spi) {
		WRITE_ONCE(s->spi, s->spi + 1);
	} else if (intid == gict.timer_intid) {
		if (!(timer_virt_ctl() & TIMER_CTL_ISTATUS))
			s->timer_no_istatus++;
		if (me == 0 && gict.timer_keep)
			gict.timer_keep--;	/* line stays high */
		else
			timer_virt_stop();	/* drops it before the EOI */
		s->timer_stamp = stamp;
		WRITE_ONCE(s->timer, s->timer + 1);
	} else if (intid == PPI_DIS) {
		WRITE_ONCE(s->ppi_dis, s->ppi_dis + 1);
	} else {
		s->last_foreign = intid;
		WRITE_ONCE(s->foreign, s->foreign + 1);
	}
}

/*
 * Waits until *count reaches want: WFI with IRQs masked around the check,
 * so an interrupt that lands between the check and the WFI still wakes
 * it. With backstop, the virtual timer ends a wait that would otherwise
 * never wake. Returns false on timeout.
 */
bool gict_wait_count(const u32 *count, u32 want, bool backstop)
{
	u64 end = cnt_now() + cnt_ms_to_ticks(TIMEOUT_MS);
	bool ok;

	if (backstop)
		timer_virt_arm(end);
	for (;;) {
		exc_irq_mask();
		ok = READ_ONCE(*count) >= want;
		if (ok || cnt_now() > end)
			break;
		__asm__ volatile("wfi" : : : "memory");
		exc_irq_unmask();
	}
	exc_irq_unmask();
	if (backstop)
		timer_virt_stop();
	return ok;
}

/* Lets IRQs in for QUIET_MS (busy, so nothing but them can end it). */
void gict_quiet(void)
{
	exc_irq_unmask();
	cnt_delay_ms(QUIET_MS);
}

/* Waits (polling, the other vCPU must progress) for *count to reach want. */
bool gict_poll_count(const u32 *count, u32 want)
{
	u64 end = cnt_now() + cnt_ms_to_ticks(TIMEOUT_MS);

	while (READ_ONCE(*count) < want) {
		if (cnt_now() > end)
			return false;
		cpu_relax();
	}
	return true;
}

static u32 own_iface(void)
{
	u32 mask = gic_dist_read(GICD_ITARGETSR) & 0xff;

	return mask ? (u32)__builtin_ctz(mask) : 0;
}

static void ping_pong(unsigned me)
{
	unsigned peer = 1 - me;

	for (u32 r = 0; r < gict.rounds; r++) {
		if (me == 0)
			gic_send_sgi(SGI_PING, gict.mpidr[peer]);
		if (!gict_wait_count(&gict.seen[me].sgi[SGI_PING], r + 1,
				     true)) {
			gict.ping_missed[me]++;
			return;
		}
		if (me == 1)
			gic_send_sgi(SGI_PING, gict.mpidr[peer]);
	}
}

/* shots times: 1 ms ahead, WFI until taken; no backstop (it is the test). */
static void timer_shots(unsigned me)
{
	struct seen *s = &gict.seen[me];
	u64 tick_ms = cnt_ms_to_ticks(1);
	u64 *max_late = &gict.timer_res[me].max_late;

	for (u32 i = 0; i < gict.shots; i++) {
		u32 before = READ_ONCE(s->timer);
		u64 cval = cnt_now() + tick_ms;

		timer_virt_arm(cval);
		if (!gict_wait_count(&s->timer, before + 1, false)) {
			gict.timer_res[me].no_wake++;
			timer_virt_stop();
			continue;
		}
		if (s->timer_stamp < cval) {
			gict.timer_res[me].early++;
		} else if (s->timer_stamp - cval > *max_late) {
			*max_late = s->timer_stamp - cval;
		}
		gict.timer_res[me].fired++;
	}
	/* A stopped timer must not come back. */
	gict_quiet();
}

/* The SGIs both vCPUs take from the start (GICv3 resets them disabled). */
static void enable_sgis(void)
{
	static const u32 sgis[] = { SGI_PING, SGI_SRC, SGI_ACTIVE, SGI_OTHERS,
				    SGI_CLR, SGI_OFF };

	for (unsigned i = 0; i < ARRAY_SIZE(sgis); i++) {
		gic_set_priority(sgis[i], PRIO_DEFAULT);
		gic_enable(sgis[i]);
	}
}

static void secondary(void *arg)
{
	u32 seen = 0;

	(void)arg;
	gict.cpu1_ok = gic_cpu_init();
	gict.iface[1] = own_iface();
	if (gict.cpu1_ok) {
		enable_sgis();
		gic_set_priority(gict.timer_intid, PRIO_DEFAULT);
		gic_enable(gict.timer_intid);
	}
	exc_irq_unmask();
	dsb_sy();
	WRITE_ONCE(gict.started, 1);
	sev();
	for (;;) {
		while (READ_ONCE(gict.seq) == seen)
			wfe();
		seen = READ_ONCE(gict.seq);
		dmb_sy();
		if (gict.cmd == CMD_EXIT)
			break;
		if (gict.cmd == CMD_OFF_MASKED) {
			/* CPU_OFF with IRQs masked, SGIs left enabled. */
			exc_irq_mask();
			WRITE_ONCE(gict.done, seen);
			sev();
			while (!READ_ONCE(gict.off_go))
				cpu_relax();
			return;
		}
		if (gict.cmd == CMD_PING)
			ping_pong(1);
		else if (gict.cmd == CMD_TIMER)
			timer_shots(1);
		else if (gict.cmd == CMD_SGI_SRC)
			gic_send_sgi(SGI_SRC, gict.mpidr[0]);
		dsb_sy();
		WRITE_ONCE(gict.done, seen);
		sev();
	}
	exc_irq_mask();
	for (u32 i = 0; i < GIC_NR_SGIS; i++)
		gic_disable(i);
	gic_disable(gict.timer_intid);
}

void gict_cpu1_start(enum gict_cmd c)
{
	gict.cmd = c;
	dsb_sy();
	WRITE_ONCE(gict.seq, gict.seq + 1);
	sev();
}

bool gict_cpu1_wait(void)
{
	u64 end = cnt_now() + cnt_ms_to_ticks(10 * TIMEOUT_MS);

	while (READ_ONCE(gict.done) != READ_ONCE(gict.seq)) {
		if (cnt_now() > end)
			return false;
		cpu_relax();
	}
	dmb_sy();
	return true;
}

static void test_ids(enum gic_version v, int ncpu)
{
	u32 typer = gic_dist_read(GICD_TYPER);
	u32 iidr = gic_dist_read(GICD_IIDR);
	u32 ctlr = gic_dist_read(GICD_CTLR);
	u32 pidr2 = gic_dist_read(v == GIC_V3 ? GICD_PIDR2_V3 : GICD_PIDR2_V2);
	u32 lines = ((typer & 0x1f) + 1) * 32;

	con_printf("gic: GICv%u GICD_CTLR=0x%x TYPER=0x%x IIDR=0x%x "
		   "PIDR2=0x%x\n", v, ctlr, typer, iidr, pidr2);
	test_check(((pidr2 >> 4) & 0xf) == (u32)v, "gic-id-pidr2-archrev",
		   "PIDR2=0x%x, want ArchRev %u", pidr2, v);
	test_check(iidr != 0, "gic-id-iidr", "IIDR=0");
	if (v == GIC_V3) {
		u32 rpidr2 = gic_redist_read(GICD_PIDR2_V3);

		/* IDbits [23:19] >= 9 (INTIDs up to 1019), 12.9.38. */
		test_check(lines >= 64 && ((typer >> 19) & 0x1f) >= 9,
			   "gic-id-typer", "TYPER=0x%x", typer);
		test_check(((rpidr2 >> 4) & 0xf) == 3, "gic-id-gicr-pidr2",
			   "GICR_PIDR2=0x%x", rpidr2);
		test_check((ctlr & 0x12) == 0x12, "gic-id-ctlr",
			   "GICD_CTLR=0x%x, want ARE|EnableGrp1", ctlr);
	} else {
		/* CPUNumber [7:5] = interfaces - 1, 4.3.2. */
		test_check(lines >= 64 && ((typer >> 5) & 7) == (u32)ncpu - 1,
			   "gic-id-typer", "TYPER=0x%x ncpu=%d", typer, ncpu);
		test_check(ctlr & 1, "gic-id-ctlr", "GICD_CTLR=0x%x", ctlr);
	}
}

static void test_pingpong(void)
{
	struct seen *s0 = &gict.seen[0], *s1 = &gict.seen[1];

	gict_cpu1_start(CMD_PING);
	ping_pong(0);
	if (!gict_cpu1_wait()) {
		test_fail("gic-sgi-pingpong", "vcpu1 stuck");
		return;
	}
	test_check(s0->sgi[SGI_PING] == gict.rounds &&
		   s1->sgi[SGI_PING] == gict.rounds && !gict.ping_missed[0] &&
		   !gict.ping_missed[1] && !s0->bad_source && !s1->bad_source &&
		   !s0->foreign && !s1->foreign, "gic-sgi-pingpong",
		   "got %u/%u want %u, missed %u/%u, bad source %u/%u, "
		   "other %u/%u (last %u)", s0->sgi[SGI_PING],
		   s1->sgi[SGI_PING], gict.rounds, gict.ping_missed[0],
		   gict.ping_missed[1], s0->bad_source, s1->bad_source,
		   s0->foreign, s1->foreign, s0->last_foreign);
}

static void test_priority(void)
{
	struct seen *s = &gict.seen[0];
	bool both;

	gic_set_priority(SGI_LO, 0xa0);
	gic_set_priority(SGI_HI, 0x40);
	gic_enable(SGI_LO);
	gic_enable(SGI_HI);
	test_check(gic_priority(SGI_LO) == 0xa0 && gic_priority(SGI_HI) == 0x40,
		   "gic-priority-readback", "got 0x%x 0x%x",
		   gic_priority(SGI_LO), gic_priority(SGI_HI));
	exc_irq_mask();
	s->nlog = 0;
	gic_send_sgi(SGI_LO, gict.mpidr[0]);
	gic_send_sgi(SGI_HI, gict.mpidr[0]);
	both = gic_pending(SGI_LO) && gic_pending(SGI_HI);
	test_check(both, "gic-priority-both-pending", "ISPENDR SGI2=%d SGI3=%d",
		   gic_pending(SGI_LO), gic_pending(SGI_HI));
	exc_irq_unmask();
	gict_wait_count(&s->sgi[SGI_LO], 1, true);
	test_check(s->nlog == 2 && s->log[0] == SGI_HI && s->log[1] == SGI_LO,
		   "gic-priority-order", "taken %u: %u then %u", s->nlog,
		   s->log[0], s->nlog > 1 ? s->log[1] : 0);
}

static void test_pmr(void)
{
	struct seen *s = &gict.seen[0];
	bool held;

	gic_set_priority(SGI_PMR, 0x80);
	gic_enable(SGI_PMR);
	gic_set_pmr(0x80);	/* signalled only if priority < PMR */
	test_eq("gic-pmr-readback", gic_pmr(), 0x80);
	gic_send_sgi(SGI_PMR, gict.mpidr[0]);
	gict_quiet();
	held = READ_ONCE(s->sgi[SGI_PMR]) == 0;
	test_check(held && gic_pending(SGI_PMR), "gic-pmr-blocks",
		   "taken=%u pending=%d", s->sgi[SGI_PMR],
		   gic_pending(SGI_PMR));
	gic_set_pmr(0xff);
	test_check(gict_wait_count(&s->sgi[SGI_PMR], 1, true) &&
		   !gic_pending(SGI_PMR), "gic-pmr-raised",
		   "taken=%u pending=%d", s->sgi[SGI_PMR],
		   gic_pending(SGI_PMR));
}

/* INTID intid (already made pending, disabled) waits, then is taken. */
static void check_disabled(const char *name, u32 intid, const u32 *count,
			   bool backstop)
{
	char n1[40], n2[40];
	bool held;

	con_snprintf(n1, sizeof(n1), "%s-held", name);
	con_snprintf(n2, sizeof(n2), "%s-taken", name);
	gict_quiet();
	held = READ_ONCE(*count) == 0;
	test_check(held && gic_pending(intid) && !gic_enabled(intid), n1,
		   "taken=%u pending=%d enabled=%d", *count, gic_pending(intid),
		   gic_enabled(intid));
	gic_enable(intid);
	test_check(gict_wait_count(count, 1, backstop) &&
		   !gic_pending(intid), n2, "taken=%u pending=%d", *count,
		   gic_pending(intid));
}

/*
 * Three ways to be pending while disabled: the timer's line (its CVAL
 * already passed), ISPENDR on PPI 20 and, on GICv3, an SGI (GICv2 SGIs
 * may be always enabled: IHI 0048B 4.3, GICD_ISENABLERn). QEMU's own
 * GICv2 with two CPUs drops ISPENDR writes to PPIs (it latches them for
 * the PPI's "target", which is none), so natively that case is left to
 * GICv3.
 */
static void test_disabled(enum gic_version v)
{
	struct seen *s = &gict.seen[0];

	gic_disable(gict.timer_intid);
	timer_virt_arm(cnt_now());
	check_disabled("gic-disabled-timer", gict.timer_intid, &s->timer,
		       false);
	gict.timer_expected++;
	if (v == GIC_V3 || test_need_septum("gic-disabled-ppi-held")) {
		gic_disable(PPI_DIS);
		gic_set_priority(PPI_DIS, PRIO_DEFAULT);
		gic_set_pending(PPI_DIS);
		check_disabled("gic-disabled-ppi", PPI_DIS, &s->ppi_dis, true);
		gic_disable(PPI_DIS);
	}
	if (v != GIC_V3)
		return;
	gic_set_priority(SGI_DIS, PRIO_DEFAULT);
	gic_disable(SGI_DIS);
	gic_send_sgi(SGI_DIS, gict.mpidr[0]);
	check_disabled("gic-disabled-sgi", SGI_DIS, &s->sgi[SGI_DIS], true);
}

static void timer_verdict(unsigned cpu)
{
	const __typeof__(gict.timer_res[0]) *r = &gict.timer_res[cpu];
	const struct seen *s = &gict.seen[cpu];
	u64 late_max = cnt_ms_to_ticks(gict.late_max_us) / 1000;
	char name[24];

	con_snprintf(name, sizeof(name), "gic-timer-vcpu%u", cpu);
	con_printf("gic: timer vcpu%u fired=%u late_max_ns=%llu\n", cpu,
		   r->fired, cnt_ticks_to_ns(r->max_late));
	test_check(r->fired == gict.shots && s->timer == gict.shots &&
		   !r->early && !r->no_wake && !s->timer_no_istatus &&
		   r->max_late <= late_max, name,
		   "fired=%u taken=%u want=%u early=%u timeouts=%u "
		   "no-istatus=%u late_max_ticks=%llu", r->fired, s->timer,
		   gict.shots, r->early, r->no_wake, s->timer_no_istatus,
		   r->max_late);
}

static void test_timer(void)
{
	/* The backstops so far must each have been stopped before firing. */
	test_eq("gic-timer-no-stray", gict.seen[0].timer + gict.seen[1].timer,
		gict.timer_expected);
	gict.seen[0].timer = gict.seen[1].timer = 0;
	gict_cpu1_start(CMD_TIMER);
	timer_shots(0);
	if (!gict_cpu1_wait()) {
		test_fail("gic-timer-vcpu1", "vcpu1 stuck");
		return;
	}
	timer_verdict(0);
	timer_verdict(1);
}

static void test_spi_not_owned(void)
{
	struct seen *s = &gict.seen[0];
	bool en, pend;
	u8 prio;

	if (!test_need_septum("gic-spi-not-owned"))
		return;
	gic_set_priority(SPI_FOREIGN, PRIO_DEFAULT);
	gic_enable(SPI_FOREIGN);
	gic_set_pending(SPI_FOREIGN);
	gict_quiet();
	en = gic_enabled(SPI_FOREIGN);
	pend = gic_pending(SPI_FOREIGN);
	prio = gic_priority(SPI_FOREIGN);
	test_check(!en && !pend && prio == 0 && !s->foreign,
		   "gic-spi-not-owned", "enabled=%d pending=%d prio=0x%x "
		   "taken=%u", en, pend, prio, s->foreign);
	gic_disable(SPI_FOREIGN);
	gic_clear_pending(SPI_FOREIGN);
}

static bool start_cpu1(void)
{
	u64 end;

	if (!test_eq("gic-cpu1-on",
		     smp_cpu_on(gict.mpidr[1], 1, secondary, NULL),
		     PSCI_RET_SUCCESS))
		return false;
	end = cnt_now() + cnt_ms_to_ticks(TIMEOUT_MS);
	while (!READ_ONCE(gict.started) && cnt_now() < end)
		cpu_relax();
	dmb_sy();
	return test_check(gict.started && gict.cpu1_ok, "gic-cpu1-init",
			  "started=%u redistributor found=%d", gict.started,
			  gict.cpu1_ok);
}

/* The UART's SPI from the DT (an SPI the VM owns under Septum), or 0. */
static u32 uart_spi(void)
{
	static const char *const compat[] = { "arm,pl011", "arm,sbsa-uart" };
	const void *fdt = (const void *)(uintptr_t)dt_addr();
	const fdt32_t *irq = NULL;
	int node = -1, len = 0;

	for (unsigned i = 0; node < 0 && i < ARRAY_SIZE(compat); i++)
		node = fdt_node_offset_by_compatible(fdt, -1, compat[i]);
	if (node >= 0)
		irq = fdt_getprop(fdt, node, "interrupts", &len);
	if (!irq || len < 12 || fdt32_to_cpu(irq[0]) != 0)
		return 0;
	return 32 + fdt32_to_cpu(irq[1]);
}

static bool setup(enum gic_version *v, int *ncpu)
{
	u64 mpidr[GUEST_MAX_CPUS];

	*v = gic_init();
	if (!test_check(*v != GIC_NONE, "gic-init", "no usable GIC in the DT"))
		return false;
	*ncpu = dt_cpus(mpidr, GUEST_MAX_CPUS);
	if (!test_check(*ncpu >= 2 && mpidr[0] == smp_mpidr(), "gic-dt-cpus",
			"ncpu=%d, need 2", *ncpu))
		return false;
	gict.mpidr[0] = mpidr[0];
	gict.mpidr[1] = mpidr[1];
	gict.iface[0] = own_iface();
	gict.timer_intid = timer_virt_intid();
	gict.rounds = (u32)dt_arg_u64_or("rounds", 100);
	gict.shots = (u32)dt_arg_u64_or("shots", 100);
	gict.late_max_us = dt_arg_u64_or("late-max-us", 1000000);
	gict.spi = uart_spi();
	gic_set_handler(handler);
	enable_sgis();
	gic_set_priority(gict.timer_intid, PRIO_DEFAULT);
	gic_enable(gict.timer_intid);
	exc_irq_unmask();
	return true;
}

void guest_main(void)
{
	enum gic_version v;
	int ncpu;

	if (!setup(&v, &ncpu))
		return;
	con_printf("gic: GICv%u, %d vCPUs, timer INTID %u\n", v, ncpu,
		   gict.timer_intid);
	test_ids(v, ncpu);
	if (!start_cpu1())
		return;
	test_pingpong();
	test_priority();
	test_pmr();
	test_disabled(v);
	gict_more_irqs(v);
	test_timer();
	test_spi_not_owned();
	gict_more_cpu();
	test_eq("gic-no-foreign",
		gict.seen[0].foreign + gict.seen[1].foreign, 0);
	test_check(psci_wait_affinity(gict.mpidr[1], PSCI_AFF_OFF, TIMEOUT_MS),
		   "gic-cpu1-off", "AFFINITY_INFO=%lld",
		   psci_affinity_info(gict.mpidr[1]));
	exc_irq_mask();
}
