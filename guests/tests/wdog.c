/* SPDX-License-Identifier: MIT */
/*
 * wdog: the health monitor's test guest, in one of two roles (Septum
 * only; natively it prints SKIP lines).
 *
 * role=watched (default): a VM with a watchdog. On each start it prints
 *   WDOG start=<n> first_cntpct=<CNTPCT at its first instruction>
 *        missed=<its watchdog misses so far> restarts=<its restarts so far>
 *        cntfrq=<counter ticks per second>
 * (SEPTUM_HC_VM_STATS, SEPTUM_HC_HEALTH on itself: TEST wdog-self-health),
 * checks that it missed exactly n - 1 watchdogs before (TEST
 * wdog-missed-count), kicks its watchdog kicks=<k> times every
 * kick-ms=<ms> (SEPTUM_HC_WDOG_KICK, through the SP805 with sp805=1:
 * TEST wdog-kicks), prints "WDOG start=<n> stops kicking" and spins: its
 * watchdog restarts or stops it. With sp805=1 it drives the SP805 as
 * Linux's sp805_wdt does (load for a timeout of sp805-ms, both enables;
 * a kick reloads and clears), at the address in its DT. With bench=1,
 * its first start first measures a kick both ways (bench()).
 *
 * role=monitor: reads VM watch=<id>'s health every period-ms=<ms>
 * (default 50) and prints a line whenever it changes:
 *   WDMON vm=<id> state=<s> starts=<n> missed=<m> restarts=<r> stops=<s>
 * With expect=denied it must be refused (TEST wdmon-denied) and DONE,
 * then, with off=1, it powers off (PSCI SYSTEM_OFF: the health monitor's
 * power-off event);
 * else each read must succeed (TEST wdmon-read), and with until-stops=<n>
 * it prints DONE once the VM has stopped for good n times.
 */
#include <string.h>

#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/gic.h>
#include <guest/psci.h>
#include <guest/guest.h>
#include <guest/smccc.h>
#include <guest/test.h>
#include <guest/timer.h>

const char guest_name[] = "wdog";

#define SP805_LOAD	0x000
#define SP805_INTCLR	0x00c
#define SP805_CONTROL	0x008
#define SP805_LOCK	0xc00
#define SP805_UNLOCK	0x1acce551u
#define SP805_HZ	1000000u	/* the guest DT's wdog-clock */

static volatile u32 *sp805;

static void reg(u32 off, u32 v)
{
	sp805[off / 4] = v;
}

/* sp805_wdt's wdt_config(): unlock, load, clear, (enable,) lock. */
static void sp805_config(u32 load, bool start)
{
	reg(SP805_LOCK, SP805_UNLOCK);
	reg(SP805_LOAD, load);
	reg(SP805_INTCLR, 1);
	if (start)
		reg(SP805_CONTROL, 3);
	reg(SP805_LOCK, 1);
}

static volatile u32 *find_sp805(void)
{
	u64 base;

	return dt_compatible_base("arm,sp805", &base) ? (volatile u32 *)(uintptr_t)base : NULL;
}

/* Waits ms in WFI (IRQs stay masked: the timer's pending interrupt only
 * wakes the vCPU), so that under -icount an idle VM leaves QEMU's time
 * to the others. */
static void nap(u64 ms)
{
	u64 end = cnt_now() + cnt_ms_to_ticks(ms);

	while (cnt_now() < end) {
		timer_virt_arm(end);
		__asm__ volatile("wfi" : : : "memory");
	}
	timer_virt_stop();
}

static bool nap_init(void)
{
	if (gic_init() == GIC_NONE)
		return false;
	gic_enable(timer_virt_intid());
	return true;
}

static s64 health(u64 id, u64 ev, struct smccc_res *r)
{
	*r = smccc_call(SMCCC_NATIVE(SEPTUM_HC_HEALTH), id, ev, 0, 0, 0, 0, 0);
	return (s64)r->a0;
}

/* bench=1, first start: the cost of a kick, by hypercall and as an
 * sp805_wdt ping (4 writes, the flushing read), the watchdog running:
 * BENCH wdog_kick_ns=<mean> wdog_sp805_ping_ns=<mean> (n each). Leaves
 * the SP805 off and the watchdog started by the last hypercall kick. */
static void bench(u32 n)
{
	u64 t0, t1, t2, t3;

	if (!sp805)
		return;
	t0 = cnt_now();
	for (u32 i = 0; i < n; i++)
		smccc_call0(SMCCC_NATIVE(SEPTUM_HC_WDOG_KICK));
	t1 = cnt_now();
	sp805_config(SP805_HZ / 2 - 1, true);
	t2 = cnt_now();
	for (u32 i = 0; i < n; i++) {
		sp805_config(SP805_HZ / 2 - 1, false);
		(void)sp805[SP805_LOCK / 4];
	}
	t3 = cnt_now();
	reg(SP805_LOCK, SP805_UNLOCK);
	reg(SP805_CONTROL, 0);
	reg(SP805_LOCK, 1);
	smccc_call0(SMCCC_NATIVE(SEPTUM_HC_WDOG_KICK));
	con_printf("BENCH wdog_kick_ns=%llu wdog_sp805_ping_ns=%llu n=%u\n",
		   cnt_ticks_to_ns(t1 - t0) / n, cnt_ticks_to_ns(t3 - t2) / n, n);
}

static void watched(void)
{
	struct smccc_res st = smccc_call0(SMCCC_NATIVE(SEPTUM_HC_VM_STATS));
	struct smccc_res info = smccc_call0(SMCCC_NATIVE(SEPTUM_HC_VM_INFO));
	u64 kicks = dt_arg_u64_or("kicks", 5), kick_ms = dt_arg_u64_or("kick-ms", 20);
	bool use_sp805 = dt_arg_u64_or("sp805", 0);
	u32 load = (u32)(SP805_HZ / 2 * dt_arg_u64_or("sp805-ms", 100) / 1000 - 1);
	struct smccc_res m, r;
	u64 bad = 0;

	if (!test_check(health(info.a1, SEPTUM_HEALTH_WDOG, &m) == SEPTUM_OK &&
			health(info.a1, SEPTUM_HEALTH_RESTART, &r) == SEPTUM_OK,
			"wdog-self-health", "HEALTH on itself: %lld", (s64)m.a0))
		return;
	con_printf("WDOG start=%llu first_cntpct=%llu missed=%llu restarts=%llu cntfrq=%llu\n",
		   st.a2, guest_boot_cntpct, m.a1, r.a1, cnt_freq());
	test_check(m.a1 == st.a2 - 1, "wdog-missed-count", "start %llu after %llu misses",
		   st.a2, m.a1);
	if (use_sp805 && !test_check((sp805 = find_sp805()) != NULL, "wdog-sp805",
				     "no arm,sp805 node in the DT"))
		return;
	if (st.a2 == 1 && dt_arg_u64_or("bench", 0)) {
		sp805 = find_sp805();
		bench(1000);
		sp805 = use_sp805 ? sp805 : NULL;
	}
	for (u64 i = 0; i < kicks; i++) {
		if (use_sp805)
			sp805_config(load, i == 0);
		else if ((s64)smccc_call0(SMCCC_NATIVE(SEPTUM_HC_WDOG_KICK)).a0 != SEPTUM_OK)
			bad++;
		nap(kick_ms);
	}
	test_check(!bad, "wdog-kicks", "%llu of %llu kicks refused", bad, kicks);
	con_printf("WDOG start=%llu stops kicking\n", st.a2);
	timer_virt_stop();
	for (;;)
		__asm__ volatile("wfi" : : : "memory");
}

static void monitor(void)
{
	u64 id = dt_arg_u64_or("watch", 0), stops = dt_arg_u64_or("until-stops", 0);
	u64 period = dt_arg_u64_or("period-ms", 50), last[5] = { ~0ull };
	const char *v;
	size_t len;
	struct smccc_res r[5];

	if (dt_arg("expect", &v, &len) && len == 6 && !memcmp(v, "denied", 6)) {
		test_eq("wdmon-denied", health(id, SEPTUM_HEALTH_WDOG, r), SEPTUM_E_DENIED);
		if (dt_arg_u64_or("off", 0)) {
			test_done();
			psci_system_off();
		}
		return;
	}
	for (;;) {
		bool changed = false;

		for (unsigned e = 0; e < 5; e++) {
			if (health(id, e, &r[e]) != SEPTUM_OK) {
				test_fail("wdmon-read", "HEALTH vm %llu event %u: %lld", id, e,
					  (s64)r[e].a0);
				return;
			}
			changed |= r[e].a1 != last[e];
			last[e] = r[e].a1;
		}
		if (changed)
			con_printf("WDMON vm=%llu state=%llu starts=%llu missed=%llu restarts=%llu "
				   "stops=%llu\n", id, r[0].a2, r[0].a3, r[0].a1, r[3].a1, r[4].a1);
		if (stops && r[4].a1 >= stops && r[0].a2 == SEPTUM_VM_STOPPED) {
			test_pass("wdmon-read");
			return;
		}
		nap(period);
	}
}

void guest_main(void)
{
	const char *v;
	size_t len;

	if (!test_need_septum("wdog") ||
	    !test_check(nap_init(), "wdog-gic", "no GIC in the DT"))
		return;
	if (dt_arg("role", &v, &len) && len == 7 && !memcmp(v, "monitor", 7))
		monitor();
	else
		watched();
}
