/* SPDX-License-Identifier: MIT */
/*
 * irqlat: interrupt latency and GIC access cost, on one vCPU.
 *
 *   BENCH irqlat_ns min=<ns> median=<ns> p99=<ns> max=<ns> n=<samples>
 *     The virtual timer is set to fire a pseudo-random 50..500 us ahead
 *     (CNTV_CVAL); the vCPU waits in WFI (PSTATE.I set around the check,
 *     unmasked after each wake-up). Latency = CNTVCT read by the second
 *     instruction of the IRQ vector (start.S, before any register is
 *     saved) - CVAL. Counter ticks are converted to ns, so the resolution
 *     is one tick (16 ns at QEMU's 62.5 MHz).
 *   BENCH gicd_read_ns per_access=<ns> gicd_loop_ns=<ns> ram_loop_ns=<ns>
 *         n=<reads>   (one line)
 *     n loads of GICD_TYPER minus the same loop loading a RAM word, per
 *     load (fastest of a few runs). Under Septum the GICD load traps.
 *   BENCH sgi_self_ns min=<ns> median=<ns> max=<ns> n=<sgis>
 *     An SGI to self (IRQs unmasked) until its handler has run, timed
 *     around the send and the wait.
 *   BENCH cntfrq=<Hz>
 *
 * TEST lines: irqlat-gic (a GIC was found), irqlat-timer (every sample
 * taken, none before its CVAL), irqlat-sgi-self (every SGI taken).
 *
 * Bootargs: samples=<n> (default 2000, at most 8192), reads=<n> (1000),
 * sgis=<n> (1000).
 */
#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/mmio.h>
#include <guest/smp.h>
#include <guest/sort.h>
#include <guest/test.h>
#include <guest/timer.h>
#include <guest/xorshift.h>

const char guest_name[] = "irqlat";

#define MAX_SAMPLES	8192
#define SGI_SELF	1
#define DELAY_MIN_NS	50000
#define DELAY_SPAN_NS	450000
#define GICD_TYPER	0x0004
#define READ_RUNS	5
#define SGI_TIMEOUT_MS	100

static u32 lat[MAX_SAMPLES];	/* ticks; reused for the SGI figures */
static u32 arm[MAX_SAMPLES];	/* ticks the timer_virt_arm() call took */
static u32 timer_intid;
static u32 timer_taken, sgi_taken, other_taken;
static u64 timer_stamp;
static u32 ram_word;

static void handler(u32 intid, u32 source, u64 stamp)
{
	(void)source;
	if (intid == timer_intid) {
		timer_virt_stop();
		timer_stamp = stamp;
		WRITE_ONCE(timer_taken, timer_taken + 1);
	} else if (intid == SGI_SELF) {
		WRITE_ONCE(sgi_taken, sgi_taken + 1);
	} else {
		WRITE_ONCE(other_taken, other_taken + 1);
	}
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static u64 rng(void)
{
	return xorshift64(&rng_state);
}

/* Waits in WFI until *count passes before; PSTATE.I is set around the
 * check so that a wake-up cannot be lost. */
static void wait_irq(const u32 *count, u32 before)
{
	for (;;) {
		exc_irq_mask();
		if (READ_ONCE(*count) != before)
			break;
		__asm__ volatile("wfi" : : : "memory");
		exc_irq_unmask();
	}
	exc_irq_unmask();
}

static void bench_timer(u32 n)
{
	u64 ns_per_tick_x = cnt_freq();
	u32 early = 0;

	for (u32 i = 0; i < n; i++) {
		u64 delay = DELAY_MIN_NS + rng() % (DELAY_SPAN_NS + 1);
		u64 cval = cnt_now() + delay * ns_per_tick_x / 1000000000u;
		u32 before = timer_taken;
		u64 t0 = cnt_now();

		timer_virt_arm(cval);
		arm[i] = (u32)(cnt_now() - t0);
		wait_irq(&timer_taken, before);
		if (timer_stamp < cval) {
			early++;
			lat[i] = 0;
		} else {
			lat[i] = (u32)(timer_stamp - cval);
		}
	}
	sort_u32(lat, n);
	con_printf("BENCH irqlat_ns min=%llu median=%llu p99=%llu max=%llu n=%u\n",
		   cnt_ticks_to_ns(lat[0]), cnt_ticks_to_ns(lat[n / 2]),
		   cnt_ticks_to_ns(lat[(u64)(n - 1) * 99 / 100]),
		   cnt_ticks_to_ns(lat[n - 1]), n);
	/* Arming a timer is a few instructions; under QEMU -icount it also
	 * ends this vCPU's turn, so a busy neighbour shows up here. */
	sort_u32(arm, n);
	con_printf("BENCH timer_arm_ns min=%llu median=%llu p99=%llu max=%llu n=%u\n",
		   cnt_ticks_to_ns(arm[0]), cnt_ticks_to_ns(arm[n / 2]),
		   cnt_ticks_to_ns(arm[(u64)(n - 1) * 99 / 100]),
		   cnt_ticks_to_ns(arm[n - 1]), n);
	test_check(timer_taken == n && !early, "irqlat-timer",
		   "taken=%u want=%u early=%u", timer_taken, n, early);
}

/* n loads from addr in a fixed loop; returns the ticks it took. */
static u64 load_loop(u64 addr, u64 n)
{
	u64 t0, t1;

	t0 = cnt_now();
	mmio_read_loop(addr, n);
	t1 = cnt_now();
	return t1 - t0;
}

static void bench_gicd(u64 dist, u64 n)
{
	u64 gicd = UINT64_MAX, ram = UINT64_MAX;

	for (int r = 0; r < READ_RUNS; r++) {
		u64 g = load_loop(dist + GICD_TYPER, n);
		u64 m = load_loop((u64)(uintptr_t)&ram_word, n);

		gicd = g < gicd ? g : gicd;
		ram = m < ram ? m : ram;
	}
	con_printf("BENCH gicd_read_ns per_access=%lld gicd_loop_ns=%llu "
		   "ram_loop_ns=%llu n=%llu\n",
		   ((s64)cnt_ticks_to_ns(gicd) - (s64)cnt_ticks_to_ns(ram)) /
			   (s64)n,
		   cnt_ticks_to_ns(gicd), cnt_ticks_to_ns(ram), n);
}

static void bench_sgi_self(u32 n)
{
	u64 self = smp_mpidr();
	u32 missed = 0;

	gic_set_priority(SGI_SELF, 0x80);
	gic_enable(SGI_SELF);
	for (u32 i = 0; i < n; i++) {
		u32 before = sgi_taken;
		u64 t0 = cnt_now(), end = t0 + cnt_ms_to_ticks(SGI_TIMEOUT_MS);
		u64 t1;

		gic_send_sgi(SGI_SELF, self);
		while (READ_ONCE(sgi_taken) == before && cnt_now() < end)
			;
		t1 = cnt_now();
		if (READ_ONCE(sgi_taken) == before)
			missed++;
		lat[i] = (u32)(t1 - t0);
	}
	sort_u32(lat, n);
	con_printf("BENCH sgi_self_ns min=%llu median=%llu max=%llu n=%u\n",
		   cnt_ticks_to_ns(lat[0]), cnt_ticks_to_ns(lat[n / 2]),
		   cnt_ticks_to_ns(lat[n - 1]), n);
	test_check(!missed && sgi_taken == n, "irqlat-sgi-self",
		   "taken=%u want=%u missed=%u", sgi_taken, n, missed);
}

/* hog=<n>: n more vCPUs (or hogcpus=<i,j,..>: those) write 1 MiB over and
 * over (MMU off), to see whether a busy neighbour delays this vCPU's timer
 * interrupt. */
static volatile u64 hog_buf[1 << 17] __attribute__((aligned(64)));

static void hog(void *arg)
{
	(void)arg;
	for (u64 round = 0;; round++)
		for (u64 i = 0; i < ARRAY_SIZE(hog_buf); i++)
			hog_buf[i] = i ^ round;
}

void guest_main(void)
{
	u64 samples = dt_arg_u64_or("samples", 2000);
	u64 reads = dt_arg_u64_or("reads", 1000);
	u64 sgis = dt_arg_u64_or("sgis", 1000);
	enum gic_version v = gic_init();

	con_printf("BENCH cntfrq=%llu\n", cnt_freq());
	if (!test_check(v != GIC_NONE, "irqlat-gic", "no usable GIC"))
		return;
	if (!test_check(samples && samples <= MAX_SAMPLES && reads && sgis &&
			sgis <= MAX_SAMPLES && cnt_freq(), "irqlat-params",
			"samples=%llu reads=%llu sgis=%llu (max %u)", samples,
			reads, sgis, MAX_SAMPLES))
		return;
	{
		u64 hogs = dt_arg_u64_or("hog", 0), mpidr[4], which[4];
		int n = dt_cpus(mpidr, 4);
		int k = dt_arg_u64_list("hogcpus", which, 4);

		for (u64 i = 1; !k && i <= hogs && (int)i < n; i++)
			which[k++] = i;
		for (int i = 0; i < k; i++)
			if (which[i] && (int)which[i] < n)
				test_eq("irqlat-hog-cpu-on",
					smp_cpu_on(mpidr[which[i]], (unsigned)which[i], hog, NULL), 0);
	}
	timer_intid = timer_virt_intid();
	gic_set_handler(handler);
	gic_set_priority(timer_intid, 0x80);
	gic_enable(timer_intid);
	exc_irq_unmask();
	con_printf("irqlat: GICv%u, timer INTID %u, %llu samples\n", v,
		   timer_intid, samples);
	bench_timer((u32)samples);
	bench_gicd(gic_dist_base(), reads);
	bench_sgi_self((u32)sgis);
	exc_irq_mask();
	test_eq("irqlat-no-other-irq", other_taken, 0);
}
