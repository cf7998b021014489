/* SPDX-License-Identifier: MIT */
/*
 * slice: a guest for time partitions (src/DESIGN.md, "Time partitions").
 * Schedules start their frames at physical count 0, so CNTPCT modulo the
 * frame is the position in the frame.
 *
 * mode=run (default): spins reading CNTPCT and records when it runs; a
 * jump of more than 10 us between two reads is time it did not have.
 * Told its window (frame-us, offset-us, duration-us), it checks over
 * `windows` windows (the first, partial one skipped) that
 *   TEST slice-in-window  every run interval lies inside its window
 *                         (start not before it opens, end at most
 *                         tol-us after it closes);
 *   TEST slice-share      its run time is its share of the frame, less
 *                         at most share-loss-pm per mille (the switches);
 * and prints the lateness of each window's start (the first read after
 * the window opened, minus its opening):
 *   BENCH window_start_ns min= median= p99= max= n=
 *   SLICE windows=<n> share_pm=<got> expected_pm=<duration/frame>
 * mode=idle: waits in WFI for ever with interrupts masked (nothing
 *   pending: a scheduled vCPU that waits), after printing IDLE.
 * mode=wake: `wakes` times, arms its virtual timer delay-us ahead
 *   (varied by +-25 %) and waits in WFI (IRQs masked) until it fires,
 *   after 10 ms for the other VMs' first lines;
 *   the wake-up latency (CNTVCT after WFI - CVAL) must stay under
 *   max-wake-us (TEST slice-wake):
 *   BENCH wake_ns min= median= p99= max= n=
 */
#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/sort.h>
#include <guest/test.h>
#include <guest/timer.h>

const char guest_name[] = "slice";

#define MAX_SAMPLES 16384
#define GAP_NS 10000

static u32 sample[MAX_SAMPLES];

static u64 us_to_ticks(u64 us)
{
	return us * cnt_freq() / 1000000;
}

static void report(const char *what, u32 *a, u32 n)
{
	if (!n)
		return;
	sort_u32(a, n);
	con_printf("BENCH %s min=%u median=%u p99=%u max=%u n=%u\n", what, a[0], a[n / 2],
		   a[(u64)n * 99 / 100], a[n - 1], n);
}

struct run_cfg {
	u64 frame, off, dur, tol;   /* ticks */
	u64 windows, loss_pm;
};

/* Spins until the next gap; returns the run interval [*s, *e] it ends. */
static void next_run(u64 gap, u64 *s, u64 *e)
{
	u64 prev = cnt_phys_now(), now;

	*s = prev;
	while ((now = cnt_phys_now()) - prev <= gap)
		prev = now;
	*e = prev;
}

static void run(const struct run_cfg *c)
{
	u64 gap = us_to_ticks(GAP_NS / 1000), s, e, first = 0, last = 0, ran = 0;
	u64 bad = 0;
	u32 n = 0;

	/* The first run (from boot, a part of a window) is not counted. */
	next_run(gap, &s, &e);
	for (u64 w = 0; w < c->windows; w++) {
		u64 pos, frame0, end_rel;

		next_run(gap, &s, &e);
		pos = s % c->frame;
		frame0 = s - pos;
		end_rel = e - frame0;
		if (pos < c->off || end_rel > c->off + c->dur + c->tol) {
			if (!bad++)
				test_fail("slice-in-window", "ran %llu..%llu us into the frame, "
					  "window %llu..%llu us", cnt_ticks_to_ns(pos) / 1000,
					  cnt_ticks_to_ns(end_rel) / 1000,
					  cnt_ticks_to_ns(c->off) / 1000,
					  cnt_ticks_to_ns(c->off + c->dur) / 1000);
		} else if (n < MAX_SAMPLES) {
			sample[n++] = (u32)cnt_ticks_to_ns(pos - c->off);
		}
		if (!first)
			first = s;
		last = e;
		ran += e - s;
	}
	if (!bad)
		test_pass("slice-in-window");
	{
		u64 got = ran * 1000 / (last - first + 1), want = c->dur * 1000 / c->frame;

		con_printf("SLICE windows=%llu share_pm=%llu expected_pm=%llu\n", c->windows, got,
			   want);
		test_check(got <= want + 2 && got + c->loss_pm >= want, "slice-share",
			   "share %llu/1000, expected %llu/1000 less at most %llu", got, want,
			   c->loss_pm);
	}
	report("window_start_ns", sample, n);
}

static void idle(void)
{
	con_printf("IDLE\n");
	exc_irq_mask();
	for (;;)
		__asm__ volatile("wfi" : : : "memory");
}

static void wake(u64 wakes, u64 delay_us, u64 max_us)
{
	u32 intid = timer_virt_intid(), n = 0;
	u64 worst = 0, worst_i = 0, worst_pos = 0;

	if (!test_check(gic_init() != GIC_NONE, "slice-gic", "no usable GIC"))
		return;
	gic_set_priority(intid, 0x80);
	gic_enable(intid);
	exc_irq_mask();
	/* Until the other VMs have printed their first lines (a VM that
	 * runs, rather than waits, holds its window). */
	cnt_delay_ms(10);
	for (u64 i = 0; i < wakes && n < MAX_SAMPLES; i++) {
		u64 d = us_to_ticks(delay_us * (75 + (i * 37) % 51) / 100);
		u64 cval = cnt_now() + d, now;

		timer_virt_arm(cval);
		while ((now = cnt_now()) < cval)
			__asm__ volatile("wfi" : : : "memory");
		timer_virt_stop();
		sample[n++] = (u32)cnt_ticks_to_ns(now - cval);
		if (now - cval > worst) {
			worst = now - cval;
			worst_i = i;
			worst_pos = cnt_phys_now() % us_to_ticks(1000);
		}
	}
	test_check(cnt_ticks_to_ns(worst) <= max_us * 1000, "slice-wake",
		   "woke up to %llu us late (max %llu), wake %llu, %llu us into a 1 ms frame",
		   cnt_ticks_to_ns(worst) / 1000, max_us, worst_i,
		   cnt_ticks_to_ns(worst_pos) / 1000);
	report("wake_ns", sample, n);
}

void guest_main(void)
{
	const char *mode;
	size_t len;

	if (dt_arg("mode", &mode, &len) && len == 4 && mode[0] == 'i') {
		idle();
		return;
	}
	if (dt_arg("mode", &mode, &len) && len == 4 && mode[0] == 'w') {
		wake(dt_arg_u64_or("wakes", 200), dt_arg_u64_or("delay-us", 500),
		     dt_arg_u64_or("max-wake-us", 50));
		return;
	}
	{
		struct run_cfg c = {
			.frame = us_to_ticks(dt_arg_u64_or("frame-us", 1000)),
			.off = us_to_ticks(dt_arg_u64_or("offset-us", 0)),
			.dur = us_to_ticks(dt_arg_u64_or("duration-us", 500)),
			.tol = us_to_ticks(dt_arg_u64_or("tol-us", 20)),
			.windows = dt_arg_u64_or("windows", 200),
			.loss_pm = dt_arg_u64_or("share-loss-pm", 30),
		};

		run(&c);
	}
}
