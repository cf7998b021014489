/* SPDX-License-Identifier: MIT */
/*
 * hotpath: the hypervisor's hot paths as a guest sees them, on two vCPUs,
 * natively and under Septum (scripts/bench --compare, test/integration/
 * hotpath-v2, -v3). All figures in ns of CNTVCT (QEMU -icount shift=0:
 * 1 ns = 1 instruction, resolution one 16 ns tick):
 *
 *   BENCH hp_dev_irq_ns min= median= p99= max= n=
 *     A passed-through device's level interrupt until the guest's IRQ
 *     vector: QEMU virt's PL061 GPIO, pin 0 an output with a high-level
 *     interrupt (GPIOIS/GPIOIEV), so that one store to its data register
 *     raises the SPI at a known counter value (QEMU's pl061_update sets
 *     the level interrupt from the data register, outputs included).
 *     Latency = CNTVCT at the vector's second instruction - CNTVCT read
 *     just before the store. The handler drops the pin and clears it.
 *   BENCH hp_gicd_read_ns per_access= gicd_loop_ns= ram_loop_ns= n=
 *     A GICD_TYPER load over a RAM load (trapped and emulated under
 *     Septum), fastest of five loops.
 *   BENCH hp_sgi_cross_ns min= median= p99= max= n=
 *     An SGI from vCPU 0 to vCPU 1 (waiting in WFI on another CPU) until
 *     vCPU 1's IRQ vector: its stamp - CNTVCT before the send. vCPU 0
 *     waits with YIELD, which ends its turn under QEMU's round robin.
 *   BENCH hp_timer10ms_extra_ns min= median= p99= max= n=
 *     Arming the virtual timer 10 ms ahead, WFI, taking its interrupt
 *     (the handler turns it off), back after WFI: the round's length
 *     minus 10 ms.
 *
 * TEST lines: hotpath-gic, hotpath-cpu1 (vCPU 1 started), hotpath-dev,
 * hotpath-sgi, hotpath-timer (every sample taken, none lost or early).
 *
 * Bootargs: samples=<n> (default 1000, at most 4096), rounds=<n> (200),
 * gpio=<PL061 base> (0x9030000), gpio-intid=<INTID> (39: SPI 7),
 * only=dev|gicd|sgi|timer (that figure alone: scripts/hotprof).
 */
#include <string.h>

#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/mmio.h>
#include <guest/psci.h>
#include <guest/smp.h>
#include <guest/sort.h>
#include <guest/test.h>
#include <guest/timer.h>

const char guest_name[] = "hotpath";

#define MAX_SAMPLES	4096
#define SGI_CROSS	2
#define PRIO		0x80
#define WAIT_MS		100
#define READ_RUNS	5
#define GICD_TYPER	0x0004
/* PL061 (DDI 0190B, 3.3): GPIODATA with address mask bit 0 (pin 0 only),
 * direction, interrupt sense, event, mask, clear. */
#define PL061_DATA0	0x004
#define PL061_DIR	0x400
#define PL061_IS	0x404
#define PL061_IEV	0x40c
#define PL061_IE	0x410
#define PL061_IC	0x41c

static u32 lat[MAX_SAMPLES];
static u64 gpio;
static u32 gpio_intid, timer_intid;
static u32 ram_word;

/* What the handler saw, on either vCPU. */
static struct {
	volatile u32 dev, sgi, timer, other;
	volatile u64 dev_stamp, sgi_stamp;
	volatile u32 cpu1_up, cpu1_ok;
} hp;

static void gpio_quiet(void)
{
	mmio_write32(gpio + PL061_DATA0, 0);
	mmio_write32(gpio + PL061_IC, 1);
}

static void handler(u32 intid, u32 source, u64 stamp)
{
	(void)source;
	if (intid == gpio_intid) {
		gpio_quiet();
		hp.dev_stamp = stamp;
		WRITE_ONCE(hp.dev, hp.dev + 1);
	} else if (intid == SGI_CROSS) {
		hp.sgi_stamp = stamp;
		WRITE_ONCE(hp.sgi, hp.sgi + 1);
	} else if (intid == timer_intid) {
		timer_virt_stop();
		WRITE_ONCE(hp.timer, hp.timer + 1);
	} else {
		WRITE_ONCE(hp.other, hp.other + 1);
	}
}

/* WFI until *count moves past before; IRQs masked around the check so a
 * wake-up cannot be lost. */
static void wait_irq(volatile u32 *count, u32 before)
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

/* Sorts n samples (ticks) and prints them as one BENCH line. */
static void report(const char *name, u32 n)
{
	sort_u32(lat, n);
	con_printf("BENCH %s min=%llu median=%llu p99=%llu max=%llu n=%u\n",
		   name, cnt_ticks_to_ns(lat[0]), cnt_ticks_to_ns(lat[n / 2]),
		   cnt_ticks_to_ns(lat[(u64)(n - 1) * 99 / 100]),
		   cnt_ticks_to_ns(lat[n - 1]), n);
}

static void bench_dev(u32 n)
{
	u32 lost = 0;

	/* High level before level sense: low data must not match. */
	mmio_write32(gpio + PL061_IEV, 1);
	mmio_write32(gpio + PL061_IS, 1);
	mmio_write32(gpio + PL061_DIR, 1);
	gpio_quiet();
	mmio_write32(gpio + PL061_IE, 1);
	gic_route_spi(gpio_intid, smp_mpidr());
	gic_set_priority(gpio_intid, PRIO);
	gic_enable(gpio_intid);
	for (u32 i = 0; i < n; i++) {
		u32 before = hp.dev;
		u64 t0 = cnt_now();

		mmio_write32(gpio + PL061_DATA0, 1);
		wait_irq(&hp.dev, before);
		if (hp.dev_stamp < t0)
			lost++;
		lat[i] = (u32)(hp.dev_stamp - t0);
	}
	mmio_write32(gpio + PL061_IE, 0);
	gic_disable(gpio_intid);
	report("hp_dev_irq_ns", n);
	test_check(hp.dev == n && !lost, "hotpath-dev",
		   "taken=%u want=%u early=%u", hp.dev, n, lost);
}

static u64 load_loop(u64 addr, u64 n)
{
	u64 t0 = cnt_now();

	mmio_read_loop(addr, n);
	return cnt_now() - t0;
}

static void bench_gicd(u64 n)
{
	u64 gicd = UINT64_MAX, ram = UINT64_MAX;

	for (int r = 0; r < READ_RUNS; r++) {
		u64 g = load_loop(gic_dist_base() + GICD_TYPER, n);
		u64 m = load_loop((u64)(uintptr_t)&ram_word, n);

		gicd = g < gicd ? g : gicd;
		ram = m < ram ? m : ram;
	}
	con_printf("BENCH hp_gicd_read_ns per_access=%lld gicd_loop_ns=%llu "
		   "ram_loop_ns=%llu n=%llu\n",
		   ((s64)cnt_ticks_to_ns(gicd) - (s64)cnt_ticks_to_ns(ram)) /
			   (s64)n,
		   cnt_ticks_to_ns(gicd), cnt_ticks_to_ns(ram), n);
}

static void cpu1(void *arg)
{
	(void)arg;
	hp.cpu1_ok = gic_cpu_init();
	if (hp.cpu1_ok) {
		gic_set_priority(SGI_CROSS, PRIO);
		gic_enable(SGI_CROSS);
	}
	dsb_sy();
	WRITE_ONCE(hp.cpu1_up, 1);
	exc_irq_unmask();
	for (;;)
		__asm__ volatile("wfi" : : : "memory");
}

static void bench_sgi(u64 peer, u32 n)
{
	u32 lost = 0;

	for (u32 i = 0; i < n; i++) {
		u32 before = hp.sgi;
		u64 t0 = cnt_now(), end = t0 + cnt_ms_to_ticks(WAIT_MS);

		gic_send_sgi(SGI_CROSS, peer);
		while (READ_ONCE(hp.sgi) == before && cnt_now() < end)
			cpu_relax();
		dmb_sy();
		if (READ_ONCE(hp.sgi) == before || hp.sgi_stamp < t0)
			lost++;
		lat[i] = (u32)(hp.sgi_stamp - t0);
	}
	report("hp_sgi_cross_ns", n);
	test_check(hp.sgi == n && !lost, "hotpath-sgi",
		   "taken=%u want=%u lost=%u", hp.sgi, n, lost);
}

static void bench_timer(u32 n)
{
	u64 period = cnt_ms_to_ticks(10);

	gic_set_priority(timer_intid, PRIO);
	gic_enable(timer_intid);
	for (u32 i = 0; i < n; i++) {
		u32 before = hp.timer;
		u64 t0 = cnt_now(), t1;

		timer_virt_arm(t0 + period);
		wait_irq(&hp.timer, before);
		t1 = cnt_now();
		lat[i] = (u32)(t1 - t0 - period);
	}
	report("hp_timer10ms_extra_ns", n);
	test_check(hp.timer == n, "hotpath-timer", "taken=%u want=%u",
		   hp.timer, n);
}

static bool start_cpu1(u64 mpidr)
{
	u64 end;

	if (!test_eq("hotpath-cpu1-on", smp_cpu_on(mpidr, 1, cpu1, NULL),
		     PSCI_RET_SUCCESS))
		return false;
	end = cnt_now() + cnt_ms_to_ticks(WAIT_MS);
	while (!READ_ONCE(hp.cpu1_up) && cnt_now() < end)
		cpu_relax();
	dmb_sy();
	return test_check(hp.cpu1_up && hp.cpu1_ok, "hotpath-cpu1",
			  "started=%u gic=%u", hp.cpu1_up, hp.cpu1_ok);
}

/* Whether the only= bootarg, if any, names this figure. */
static bool want(const char *name)
{
	const char *v;
	size_t len;

	return !dt_arg("only", &v, &len) ||
	       (len == strlen(name) && !strncmp(v, name, len));
}

void guest_main(void)
{
	u64 samples = dt_arg_u64_or("samples", 1000);
	u64 rounds = dt_arg_u64_or("rounds", 200);
	u64 mpidr[2];
	enum gic_version v = gic_init();

	gpio = dt_arg_u64_or("gpio", 0x9030000);
	gpio_intid = (u32)dt_arg_u64_or("gpio-intid", 39);
	con_printf("BENCH cntfrq=%llu\n", cnt_freq());
	if (!test_check(v != GIC_NONE, "hotpath-gic", "no usable GIC"))
		return;
	if (!test_check(samples && samples <= MAX_SAMPLES && rounds &&
			rounds <= MAX_SAMPLES && cnt_freq() &&
			dt_cpus(mpidr, 2) >= 2, "hotpath-params",
			"samples=%llu rounds=%llu (max %u), 2 CPUs", samples,
			rounds, MAX_SAMPLES))
		return;
	timer_intid = timer_virt_intid();
	gic_set_handler(handler);
	exc_irq_unmask();
	con_printf("hotpath: GICv%u, PL061 at 0x%llx INTID %u, %llu samples\n",
		   v, gpio, gpio_intid, samples);
	if (want("dev"))
		bench_dev((u32)samples);
	if (want("gicd"))
		bench_gicd(samples);
	if (want("sgi") && start_cpu1(mpidr[1]))
		bench_sgi(mpidr[1], (u32)samples);
	if (want("timer"))
		bench_timer((u32)rounds);
	exc_irq_mask();
	test_eq("hotpath-no-other-irq", hp.other, 0);
}
