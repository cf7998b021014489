/* SPDX-License-Identifier: MIT */
/*
 * rrhold: QEMU's single-threaded round robin under -icount, shown without
 * a hypervisor. One vCPU (rt-cpu) runs a periodic task as the RTOS's
 * control loop does: the virtual timer armed at each release (CNTV_CVAL =
 * release), WFI, the job when it fires. The busy vCPUs do what a loaded
 * Linux's vCPUs do: a loop that never leaves EL1 (no WFI, no trap), with
 * their own periodic virtual timer (Linux's tick; busy-period-us=0: none).
 * Other vCPUs of the machine stay off.
 *
 * Per release: latency = CNTVCT at the IRQ vector's second instruction -
 * release; release jitter = CNTVCT when the job starts (back from WFI,
 * the handler done) - release. A hold is a jitter of at least hold-us;
 * the release's
 * "next busy deadline" is the first busy timer deadline after it (the
 * busy timers keep an absolute schedule: CVAL += period, whatever their
 * latency), and the gap is that deadline minus the release. A deadline
 * miss is a job that has not started before the next release.
 *
 *   RRHOLD cfg rt_cpu= busy= period_us= busy_period_us= busy_phase_us=
 *          run_ms= hold_us=
 *   RRHOLD jit n= min= median= p99= max=        (ns, release jitter)
 *   RRHOLD lat n= min= median= p99= max=        (ns, timer IRQ latency)
 *   RRHOLD holds n= misses= releases= taken=
 *   RRHOLD hold i= lat= gap=   (ns: jitter, gap; the first 64 holds, or
 *                               with want-share= the first 64 that differ)
 *   RRHOLD busy cpu= ticks= (each busy vCPU's timer interrupts)
 *
 * TEST lines: rrhold-gic, rrhold-params, rrhold-cpu-on, rrhold-releases
 * (every release's interrupt taken, none early). The figures themselves
 * are not asserted here: scripts/rrhold and the rrhold-* scenarios read
 * them.
 *
 * Bootargs: rt-cpu=<i> (2), busy=<i,j,..> (0,1), period-us=<us> (1000),
 * busy-period-us=<us> (4000), busy-phase-us=<us> (1500: busy vCPU k's
 * first deadline is k * phase later than the first one's), run-ms=<ms>
 * (2000), hold-us=<us> (10), busy-yield=<n> or <n0,n1,..> (0: never; else
 * a YIELD, which ends a vCPU's turn in QEMU's robin, every n rounds of the
 * busy loop; one value for every busy vCPU, or one for each in order),
 * want-holds=none (TEST rrhold-no-hold: no hold, no miss), want-share=<n>
 * (TEST rrhold-share: every release held, for gap / n .. gap / n +
 * hold-us, but for those next to QEMU's kick timer's deadline: check()).
 */
#include <string.h>

#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/psci.h>
#include <guest/smp.h>
#include <guest/sort.h>
#include <guest/test.h>
#include <guest/timer.h>

const char guest_name[] = "rrhold";

#define MAX_RELEASES	8192
#define MAX_HOLDS	64
#define PRIO		0x80
#define START_MS	2	/* the first busy deadline, after boot */

static struct {
	u64 mpidr[GUEST_MAX_CPUS];
	int ncpus;
	u64 rt, busy[GUEST_MAX_CPUS];
	int nbusy;
	u64 period, bperiod, bphase, run, hold;	/* ticks; run in releases */
	u64 bfirst;				/* first busy deadline */
	u64 byield[GUEST_MAX_CPUS];		/* per busy vCPU: YIELD every n */
	u64 share;				/* want-share=, 0: none */
	bool want_none;				/* want-holds=none */
	u32 intid;
} cfg;

/* Written by the interrupt handler (on each vCPU for its own index). */
static volatile u64 rt_stamp;
static volatile u32 rt_taken, other_irqs;
static volatile u64 busy_cval[GUEST_MAX_CPUS], busy_ticks[GUEST_MAX_CPUS];
static volatile u32 up;

static u32 lat[MAX_RELEASES], vlat[MAX_RELEASES];
static u32 hold_lat[MAX_HOLDS], hold_gap[MAX_HOLDS];

static int self_index(void)
{
	u64 me = smp_mpidr();

	for (int i = 0; i < cfg.ncpus; i++)
		if (cfg.mpidr[i] == me)
			return i;
	return -1;
}

static void handler(u32 intid, u32 source, u64 stamp)
{
	int me = self_index();

	(void)source;
	if (intid != cfg.intid || me < 0) {
		other_irqs++;
		return;
	}
	if ((u64)me == cfg.rt) {
		timer_virt_stop();
		rt_stamp = stamp;
		rt_taken++;
		return;
	}
	busy_ticks[me]++;
	busy_cval[me] += cfg.bperiod;
	timer_virt_arm(busy_cval[me]);
}

static void cpu_setup(void)
{
	gic_cpu_init();
	gic_set_priority(cfg.intid, PRIO);
	gic_enable(cfg.intid);
}

/* A busy vCPU: its tick from bfirst + k * phase on, and a loop of loads
 * and stores that never leaves EL1. */
static void busy(void *arg)
{
	u64 k = (u64)(uintptr_t)arg, me = cfg.busy[k];
	static volatile u64 scratch[GUEST_MAX_CPUS][64];

	cpu_setup();
	exc_irq_unmask();
	if (cfg.bperiod) {
		busy_cval[me] = cfg.bfirst + k * cfg.bphase;
		timer_virt_arm(busy_cval[me]);
	}
	__atomic_add_fetch(&up, 1, __ATOMIC_SEQ_CST);
	for (u64 i = 0;; i++) {
		scratch[me][i & 63] += i;
		if (cfg.byield[k] && !(i % cfg.byield[k]))
			__asm__ volatile("yield" : : : "memory");
	}
}

/* The first busy deadline after t: min over the busy vCPUs' schedules. */
static u64 next_busy_deadline(u64 t)
{
	u64 best = UINT64_MAX;

	for (int k = 0; cfg.bperiod && k < cfg.nbusy; k++) {
		u64 d = cfg.bfirst + (u64)k * cfg.bphase;

		if (d <= t)
			d += ((t - d) / cfg.bperiod + 1) * cfg.bperiod;
		best = d < best ? d : best;
	}
	return best;
}

static void wait_irq(u32 before)
{
	for (;;) {
		exc_irq_mask();
		if (rt_taken != before)
			break;
		__asm__ volatile("wfi" : : : "memory");
		exc_irq_unmask();
	}
	exc_irq_unmask();
}

static void print_dist(const char *name, u32 *a, u32 n)
{
	sort_u32(a, n);
	con_printf("RRHOLD %s n=%u min=%llu median=%llu p99=%llu max=%llu\n",
		   name, n, cnt_ticks_to_ns(a[0]), cnt_ticks_to_ns(a[n / 2]),
		   cnt_ticks_to_ns(a[(u64)(n - 1) * 99 / 100]),
		   cnt_ticks_to_ns(a[n - 1]));
}

/* The checks asked for: no hold at all, or every release held for the
 * gap to the next busy deadline divided by share (QEMU's robin gives
 * each vCPU that share of the time to the next deadline). QEMU's kick
 * timer (every 100 ms of virtual time, at a phase the guest does not
 * know) is a deadline too: it comes first for the releases up to one
 * busy period before it, which may differ. */
static void check(u32 n, u32 holds, u32 misses, u32 matched)
{
	u64 run_ms = cnt_ticks_to_ms(cfg.run * cfg.period);
	u64 kicked = (run_ms / 100 + 1) * (cfg.bperiod / cfg.period + 1);

	if (cfg.want_none)
		test_check(!holds && !misses, "rrhold-no-hold",
			   "holds=%u misses=%u of %u releases", holds, misses, n);
	if (cfg.share)
		test_check(holds == n && matched + kicked >= holds,
			   "rrhold-share", "releases=%u held=%u held gap/%llu=%u",
			   n, holds, cfg.share, matched);
}

static void report(u32 n, u32 holds, u32 logged, u32 misses, u32 early)
{
	for (u32 i = 0; i < logged; i++)
		con_printf("RRHOLD hold i=%u lat=%llu gap=%llu\n", i,
			   cnt_ticks_to_ns(hold_lat[i]),
			   hold_gap[i] == UINT32_MAX ? 0 : cnt_ticks_to_ns(hold_gap[i]));
	for (int k = 0; k < cfg.nbusy; k++)
		con_printf("RRHOLD busy cpu=%llu ticks=%llu\n", cfg.busy[k],
			   busy_ticks[cfg.busy[k]]);
	con_printf("RRHOLD holds n=%u misses=%u releases=%u taken=%u\n", holds,
		   misses, n, rt_taken);
	print_dist("jit", lat, n);
	print_dist("lat", vlat, n);
	test_check(rt_taken == n && !early && !other_irqs, "rrhold-releases",
		   "taken=%u want=%u early=%u other=%u", rt_taken, n, early,
		   other_irqs);
}

/* The periodic task: cfg.run releases, one period apart. */
static void rt_task(void)
{
	u64 release = cnt_now() + cfg.period;
	u32 holds = 0, misses = 0, early = 0, matched = 0, logged = 0;
	u32 n = (u32)cfg.run;

	for (u32 i = 0; i < n; i++) {
		u32 before = rt_taken;
		u64 l, start;

		timer_virt_arm(release);
		wait_irq(before);
		start = cnt_now();
		if (rt_stamp < release)
			early++;
		l = start - release;
		vlat[i] = (u32)(rt_stamp > release ? rt_stamp - release : 0);
		lat[i] = (u32)l;
		if (l >= cfg.hold) {
			u64 d = next_busy_deadline(release);

			bool match = cfg.share && d != UINT64_MAX &&
				     l >= (d - release) / cfg.share &&
				     l <= (d - release) / cfg.share + cfg.hold;

			matched += match;
			/* The first holds; with want-share, those that differ. */
			if (logged < MAX_HOLDS && !match) {
				hold_lat[logged] = (u32)l;
				hold_gap[logged++] = d == UINT64_MAX ? UINT32_MAX :
						     (u32)(d - release);
			}
			holds++;
		}
		/* The job starts now; it misses if the next release passed. */
		if (start >= release + cfg.period)
			misses++;
		release += cfg.period;
	}
	report(n, holds, logged, misses, early);
	con_printf("RRHOLD share n=%llu matched=%u holds=%u\n", cfg.share,
		   matched, holds);
	check(n, holds, misses, matched);
}

static bool parse(void)
{
	u64 f = cnt_freq(), run_ms = dt_arg_u64_or("run-ms", 2000);
	const char *v;
	size_t len;
	int n;

	cfg.ncpus = dt_cpus(cfg.mpidr, GUEST_MAX_CPUS);
	cfg.rt = dt_arg_u64_or("rt-cpu", 2);
	n = dt_arg_u64_list("busy", cfg.busy, GUEST_MAX_CPUS);
	cfg.nbusy = n > 0 ? n : 0;
	if (!dt_arg("busy", &v, &len)) {	/* "busy=": none */
		cfg.nbusy = 2;
		cfg.busy[0] = 0;
		cfg.busy[1] = 1;
	}
	cfg.period = dt_arg_u64_or("period-us", 1000) * f / 1000000;
	cfg.bperiod = dt_arg_u64_or("busy-period-us", 4000) * f / 1000000;
	cfg.bphase = dt_arg_u64_or("busy-phase-us", 1500) * f / 1000000;
	cfg.hold = dt_arg_u64_or("hold-us", 10) * f / 1000000;
	/* busy-yield=<n>: every busy vCPU; <n0,n1,..>: the k-th busy one. */
	n = dt_arg_u64_list("busy-yield", cfg.byield, GUEST_MAX_CPUS);
	for (int k = n == 1 ? 1 : GUEST_MAX_CPUS; n > 0 && k < GUEST_MAX_CPUS; k++)
		cfg.byield[k] = cfg.byield[0];
	cfg.share = dt_arg_u64_or("want-share", 0);
	cfg.want_none = dt_arg("want-holds", &v, &len) && len == 4 &&
			!strncmp(v, "none", 4);
	cfg.run = cfg.period ? run_ms * f / 1000 / cfg.period : 0;
	con_printf("RRHOLD cfg rt_cpu=%llu busy=%d period_us=%llu "
		   "busy_period_us=%llu busy_phase_us=%llu run_ms=%llu hold_us=%llu "
		   "cpus=%d\n", cfg.rt, cfg.nbusy, dt_arg_u64_or("period-us", 1000),
		   dt_arg_u64_or("busy-period-us", 4000),
		   dt_arg_u64_or("busy-phase-us", 1500), run_ms,
		   dt_arg_u64_or("hold-us", 10), cfg.ncpus);
	if (!test_check(cfg.rt < (u64)cfg.ncpus && cfg.run && cfg.run <= MAX_RELEASES &&
			cfg.hold, "rrhold-params",
			"rt-cpu=%llu cpus=%d releases=%llu (max %u)", cfg.rt,
			cfg.ncpus, cfg.run, MAX_RELEASES))
		return false;
	for (int k = 0; k < cfg.nbusy; k++)
		if (!test_check(cfg.busy[k] < (u64)cfg.ncpus && cfg.busy[k] != cfg.rt,
				"rrhold-params", "busy cpu %llu (cpus=%d rt=%llu)",
				cfg.busy[k], cfg.ncpus, cfg.rt))
			return false;
	return true;
}

static void rt_entry(void *arg)
{
	(void)arg;
	cpu_setup();
	exc_irq_unmask();
	while (READ_ONCE(up) < (u32)cfg.nbusy)
		cpu_relax();
	rt_task();
	test_done();
	for (;;)
		wfe();
}

/* Starts vCPU i with fn(arg) (i = 0: runs it here, never returns if fn
 * does not). */
static bool start(u64 i, void (*fn)(void *), void *arg)
{
	if (!i) {
		fn(arg);
		return true;
	}
	return test_eq("rrhold-cpu-on", smp_cpu_on(cfg.mpidr[i], (unsigned)i, fn, arg),
		       PSCI_RET_SUCCESS);
}

void guest_main(void)
{
	int boot_busy = -1;

	if (!test_check(gic_init() != GIC_NONE, "rrhold-gic", "no usable GIC") ||
	    !parse())
		return;
	cfg.intid = timer_virt_intid();
	gic_set_handler(handler);
	cfg.bfirst = cnt_now() + cnt_ms_to_ticks(START_MS);
	for (int k = 0; k < cfg.nbusy; k++) {
		if (!cfg.busy[k])
			boot_busy = k;
		else if (!start(cfg.busy[k], busy, (void *)(uintptr_t)k))
			return;
	}
	if (cfg.rt && !start(cfg.rt, rt_entry, NULL))
		return;
	if (boot_busy >= 0)
		busy((void *)(uintptr_t)boot_busy);	/* never returns */
	if (!cfg.rt)
		rt_entry(NULL);				/* never returns */
	smp_cpu_exit();					/* vCPU 0 neither */
}
