/* SPDX-License-Identifier: MIT */
/*
 * timers: both EL1 timers (virtual: CNTV_*, physical: CNTP_*) as the
 * architecture defines them, their interrupt output a level that is
 * asserted while ENABLE = 1, ISTATUS = 1 and IMASK = 0 (Arm ARM D11.2).
 * Runs natively and under Septum, on GICv3 and GICv2. For each timer T:
 *
 *   T-fires              armed 1 ms ahead: taken once, not early, with
 *                        ISTATUS set in the handler
 *   T-pending-while-high with its INTID disabled at the GIC, a firing
 *                        timer's interrupt reads pending (ISPENDR)
 *   T-withdraw-<how>     ... and no longer pending once the output drops,
 *                        nor taken once the INTID is enabled again, for
 *                        each way to drop it: disable (CTL.ENABLE = 0),
 *                        imask (CTL.IMASK = 1), cval (compare value moved
 *                        1 s ahead), tval (TVAL written 1 s ahead)
 *   T-rearm-once         re-armed in the past after all that: taken
 *                        exactly once (the handler turns it off)
 *   T-level              left firing through its EOI (output still high):
 *                        taken a second time; turned off then: no third
 *
 * Bootargs: none.
 */
#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/test.h>
#include <guest/timer.h>

const char guest_name[] = "timers";

enum which { VIRT, PHYS };

/* What the handler saw and what it does to the timer. */
static struct {
	enum which t;
	u32 intid;
	volatile u32 taken;
	volatile u32 istatus_set;
	u32 keep_firing;       /* deliveries after which it leaves CTL alone */
} h;

static u64 now(enum which t)
{
	return t == VIRT ? cnt_now() : cnt_phys_now();
}

static void set_ctl(enum which t, u64 ctl)
{
	if (t == VIRT)
		write_sysreg(cntv_ctl_el0, ctl);
	else
		write_sysreg(cntp_ctl_el0, ctl);
	isb();
}

static u64 get_ctl(enum which t)
{
	isb();
	return t == VIRT ? read_sysreg(cntv_ctl_el0) : read_sysreg(cntp_ctl_el0);
}

static void set_cval(enum which t, u64 cval)
{
	if (t == VIRT)
		write_sysreg(cntv_cval_el0, cval);
	else
		write_sysreg(cntp_cval_el0, cval);
	isb();
}

static void set_tval(enum which t, u64 tval)
{
	if (t == VIRT)
		write_sysreg(cntv_tval_el0, tval);
	else
		write_sysreg(cntp_tval_el0, tval);
	isb();
}

static void arm_at(enum which t, u64 cval)
{
	set_cval(t, cval);
	set_ctl(t, TIMER_CTL_ENABLE);
}

static void handler(u32 intid, u32 source, u64 stamp)
{
	(void)source;
	(void)stamp;
	if (intid != h.intid)
		return;
	h.taken++;
	if (get_ctl(h.t) & TIMER_CTL_ISTATUS)
		h.istatus_set++;
	if (h.taken > h.keep_firing)
		set_ctl(h.t, 0);
}

static void reset_counts(u32 keep_firing)
{
	h.taken = 0;
	h.istatus_set = 0;
	h.keep_firing = keep_firing;
}

static u32 intid_of(enum which t)
{
	return t == VIRT ? timer_virt_intid() : timer_phys_intid();
}

static const char *name(enum which t, const char *what)
{
	static char buf[48];
	const char *p = t == VIRT ? "virt-" : "phys-";
	unsigned n = 0;

	while (*p && n < sizeof(buf) - 1)
		buf[n++] = *p++;
	while (*what && n < sizeof(buf) - 1)
		buf[n++] = *what++;
	buf[n] = 0;
	return buf;
}

static void test_fires(enum which t)
{
	u64 at, ticks = cnt_ms_to_ticks(1);

	reset_counts(0);
	at = now(t) + ticks;
	arm_at(t, at);
	cnt_delay_ms(5);
	test_check(h.taken == 1 && h.istatus_set == 1, name(t, "fires"),
		   "taken %u times, ISTATUS set in %u", h.taken, h.istatus_set);
	set_ctl(t, 0);
}

/* Fires the timer with its INTID disabled; true if it then reads pending. */
static bool fire_disabled(enum which t)
{
	gic_disable(h.intid);
	arm_at(t, now(t));
	while (!(get_ctl(t) & TIMER_CTL_ISTATUS))
		;
	cnt_delay_ms(1);                 /* the PPI reaches the GIC (and EL2) */
	return gic_pending(h.intid);
}

static void test_withdraw(enum which t, const char *how)
{
	bool before, after;

	reset_counts(0);
	before = fire_disabled(t);
	if (how[0] == 'd')
		set_ctl(t, 0);
	else if (how[0] == 'i')
		set_ctl(t, TIMER_CTL_ENABLE | TIMER_CTL_IMASK);
	else if (how[0] == 'c')
		set_cval(t, now(t) + cnt_ms_to_ticks(1000));
	else
		set_tval(t, cnt_ms_to_ticks(1000));
	after = gic_pending(h.intid);
	gic_enable(h.intid);
	cnt_delay_ms(2);
	if (how[0] == 'd')
		test_check(before, name(t, "pending-while-high"), "not pending");
	test_check(!after && h.taken == 0, name(t, how[0] == 'd' ? "withdraw-disable" :
						how[0] == 'i' ? "withdraw-imask" :
						how[0] == 'c' ? "withdraw-cval" : "withdraw-tval"),
		   "pending after: %d, taken %u times", after, h.taken);
	set_ctl(t, 0);
}

static void test_rearm_once(enum which t)
{
	reset_counts(0);
	arm_at(t, now(t));
	cnt_delay_ms(2);
	test_check(h.taken == 1, name(t, "rearm-once"), "taken %u times", h.taken);
	set_ctl(t, 0);
}

static void test_level(enum which t)
{
	reset_counts(1);
	arm_at(t, now(t));
	cnt_delay_ms(2);
	test_check(h.taken == 2 && h.istatus_set == 2, name(t, "level"),
		   "taken %u times, ISTATUS set in %u", h.taken, h.istatus_set);
	set_ctl(t, 0);
}

static void run(enum which t)
{
	h.t = t;
	h.intid = intid_of(t);
	set_ctl(t, 0);
	gic_set_priority(h.intid, 0x80);
	gic_enable(h.intid);
	test_fires(t);
	test_withdraw(t, "disable");
	test_withdraw(t, "imask");
	test_withdraw(t, "cval");
	test_withdraw(t, "tval");
	test_rearm_once(t);
	test_level(t);
	gic_disable(h.intid);
}

void guest_main(void)
{
	enum gic_version v = gic_init();

	if (v == GIC_NONE) {
		test_fail("timers-gic", "no GIC found");
		return;
	}
	con_printf("timers: GICv%d, virtual timer INTID %u, physical %u\n", v,
		   intid_of(VIRT), intid_of(PHYS));
	gic_set_handler(handler);
	exc_irq_unmask();
	run(VIRT);
	run(PHYS);
	exc_irq_mask();
}
