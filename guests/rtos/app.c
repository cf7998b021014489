/* SPDX-License-Identifier: MIT */
/*
 * rtos: the demo application on the RTOS kernel.
 *
 * Tasks (priority 0 is the highest):
 *   control    1  every period-us (1000), deadline = period: steps the
 *                 plant and the PI controller (control.c); records its
 *                 release jitter (job start - nominal release).
 *   command    3  runs text commands from the channel and the console
 *                 UART: "setpoint <mdegC>" -> "OK setpoint <n>",
 *                 "report" -> the RTOS-* lines, "ping" -> "pong",
 *                 "reset" -> "OK reset" (statistics and misses restart),
 *                 anything else -> "ERR unknown <command>".
 *   telemetry  4  every 100 ms (deadline 100 ms): sends
 *                 "T t_ms=<ms> sp=<mdegC> pv=<mdegC> u=<permille> miss=<n>"
 *                 on the channel; a full ring drops it (counted), so
 *                 nothing waits on the peer.
 *   report     5  every report-ms: prints the RTOS-* lines; at run-ms
 *                 (or 2 s after the last new setpoint, if later), the
 *                 final ones, TEST lines and DONE.
 *   load<i>    8  load=<n> tasks that each do load-work=<n> rounds of
 *                 busy work (600; about 3 ms under -icount) every
 *                 100 ms, released together: they share the CPU
 *                 round-robin (slice-ms=<n>, 10).
 *   idle      31  WFI.
 *
 * Lines (times in ns, from counter ticks with CNTFRQ):
 *   RTOS-LAT n=<samples> min= mean= p99= max=   timer IRQ latency:
 *       programmed CNTV_CVAL -> CNTVCT at the IRQ vector
 *   RTOS-JIT n=<samples> min= mean= p99= max=   control release jitter
 *   RTOS-MISS control=<n> telemetry=<n>   deadline misses
 *   RTOS-DROP telemetry=<n> uart=<n>   messages dropped
 *   RTOS-MEDIAN lat=<ns> jit=<ns>   the medians of the two windows
 *   RTOS-LOAD slice_ms=<n> turns=<n> load0=<n> ...   (with load=)
 *       round-robin turns taken, rounds of work done per task
 *   RTOS-HIST lat|jit <ns>:<count> ...   (with hist=1, on the console
 *       only; several lines each) the window's samples, lowest first:
 *       each distinct value, or if there are more than HIST_BINS, bins
 *       from <ns> up to the next (stats_hist); for CDFs (scripts/bench
 *       --compare)
 * n, min, mean and max cover the whole run; p99 and the medians the last
 * STATS_WINDOW samples (stats.h).
 *
 * Channel: the first "septum,channel" node (none natively: no IPC).
 *
 * Bootargs: report-ms=<n> (5000), run-ms=<n> (0: run for ever; else the
 * final report, TEST lines and DONE after n ms, then PSCI SYSTEM_OFF if
 * done=off), period-us=<n> (1000), slice-ms=<n> (10), load=<n> (0, at
 * most 4), setpoint=<mdegC> (50000), hist=1 (RTOS-HIST lines), mmu=off
 * (keep the MMU off; by default it is on, guest/mmu.h), clock=icount|host (scripts/demo: each
 * console report ends with an RTOS-NOTE line saying what the figures
 * measure).
 */
#include <string.h>

#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/ipc.h>
#include <guest/mmu.h>
#include <guest/psci.h>
#include <guest/smp.h>
#include <guest/test.h>
#include <septum/errno.h>

#include "control.h"
#include "rtos.h"
#include "uart.h"

const char guest_name[] = "rtos";

#define STACK		8192
#define MAX_LOAD	4
#define TELEMETRY_MS	100
#define LOAD_PERIOD_MS	100
#define MSG_MAX		160
#define REPORT_LINES	6
#define SETTLED_MDEG	500	/* |sp - pv| at the end of a run, */
#define SETTLE_MS	2000	/* at least this long after a new setpoint */
#define REPLY_TRIES	100	/* 1 ms apart, when the ring is full */

enum { PRIO_CONTROL = 1, PRIO_COMMAND = 3, PRIO_TELEMETRY = 4,
       PRIO_REPORT = 5, PRIO_LOAD = 8 };

#define TASK_STACK(name)	\
	static u8 name[STACK] __attribute__((aligned(16)))

static struct rtos_task t_control, t_command, t_telemetry, t_report;
static struct rtos_task t_load[MAX_LOAD];
TASK_STACK(s_control);
TASK_STACK(s_command);
TASK_STACK(s_telemetry);
TASK_STACK(s_report);
static u8 s_load[MAX_LOAD][STACK / 2] __attribute__((aligned(16)));

static struct {
	u64 period, report, run, load, slice, work;
	s32 setpoint;
	bool done_off, mmu;
	bool phys_timer;	/* timer=phys: the EL1 physical timer */
	const char *clock_note;	/* clock=icount|host: what the figures are */
	bool hist;		/* hist=1: RTOS-HIST lines in console reports */
} cfg;

static struct control ctl;
static volatile s32 new_setpoint;	/* command -> control */
static u64 setpoint_at;			/* when it last changed */
static struct stats jitter;
static u64 t0;				/* start of the run */
static u64 load_rounds[MAX_LOAD];

static struct ipc_chan chan;
static bool have_chan;
static struct rtos_sem chan_mutex;	/* one sender at a time */
static u64 tele_sent, tele_dropped;

static struct rtos_sem cmd_wake;	/* a line or a doorbell */
static char line_buf[4][UART_LINE];
static struct rtos_queue lines;

static struct rtos_sem report_mutex;
static u32 scratch[STATS_WINDOW];

/* ---- control ---- */

static void control_task(void *arg)
{
	u64 release = t_control.release;

	(void)arg;
	for (;;) {
		stats_add(&jitter, cnt_now() - release);
		ctl.sp = READ_ONCE(new_setpoint);
		control_step(&ctl);
		release = rtos_wait_period();
	}
}

/* ---- channel ---- */

/* Sends text on the channel and rings the peer: 0 or -SEPTUM_E*. */
static int chan_send(const char *s)
{
	int r;

	rtos_sem_take(&chan_mutex, RTOS_FOREVER);
	r = ipc_send(&chan, s, (u32)strlen(s));
	if (!r)
		ipc_ring(&chan);
	rtos_sem_give(&chan_mutex);
	return r;
}

static void doorbell_isr(u32 intid, void *arg)
{
	(void)arg;
	ipc_handle_irq(intid);
	rtos_sem_give(&cmd_wake);
}

/* ---- telemetry ---- */

static void telemetry_task(void *arg)
{
	char msg[MSG_MAX];

	(void)arg;
	for (;;) {
		u64 daif = read_sysreg(daif);
		s32 sp, pv, u;

		exc_irq_mask();		/* one consistent sample */
		sp = ctl.sp;
		pv = ctl.pv;
		u = ctl.u;
		write_sysreg(daif, daif);
		if (have_chan && ipc_peer_ready(&chan) > 0) {
			con_snprintf(msg, sizeof(msg),
				     "T t_ms=%llu sp=%d pv=%d u=%d miss=%llu",
				     cnt_ticks_to_ms(cnt_now() - t0), sp, pv, u,
				     t_control.misses);
			if (chan_send(msg) == 0)
				tele_sent++;
			else
				tele_dropped++;
		}
		rtos_wait_period();
	}
}

/* ---- report ---- */

#define HIST_BINS	48
#define HIST_PER_LINE	6

static struct hist {
	int k;
	struct stats_bin bins[HIST_BINS];
} hist[2];

/* The RTOS-LAT/-JIT line, and with hist=1 the window's bins into h;
 * returns the median (ns). report_mutex held. */
static u64 fmt_stats(char *buf, const char *tag, const struct stats *st,
		     struct hist *h)
{
	struct stats_summary s = stats_summary(st, scratch);

	if (cfg.hist)
		h->k = stats_hist(scratch, s.n < STATS_WINDOW ? (u32)s.n :
				  STATS_WINDOW, h->bins, HIST_BINS);
	con_snprintf(buf, MSG_MAX, "%s n=%llu min=%llu mean=%llu p99=%llu max=%llu",
		     tag, s.n, cnt_ticks_to_ns(s.min), cnt_ticks_to_ns(s.mean),
		     cnt_ticks_to_ns(s.p99), cnt_ticks_to_ns(s.max));
	return cnt_ticks_to_ns(s.p50);
}

/* Fills out[] with the report (LAT, JIT, MISS, DROP, MEDIAN, then LOAD
 * with load=); returns the number of lines. */
static int report_lines(char out[REPORT_LINES][MSG_MAX])
{
	u64 lat50, jit50;
	int n = 5;

	rtos_sem_take(&report_mutex, RTOS_FOREVER);
	lat50 = fmt_stats(out[0], "RTOS-LAT", rtos_timer_latency(), &hist[0]);
	jit50 = fmt_stats(out[1], "RTOS-JIT", &jitter, &hist[1]);
	rtos_sem_give(&report_mutex);
	con_snprintf(out[4], MSG_MAX, "RTOS-MEDIAN lat=%llu jit=%llu", lat50,
		     jit50);
	con_snprintf(out[2], MSG_MAX,
		     "RTOS-MISS control=%llu telemetry=%llu", t_control.misses,
		     t_telemetry.misses);
	con_snprintf(out[3], MSG_MAX, "RTOS-DROP telemetry=%llu uart=%u",
		     tele_dropped, uart_rx_dropped());
	if (cfg.load) {
		int len = con_snprintf(out[5], MSG_MAX,
				       "RTOS-LOAD slice_ms=%llu turns=%llu",
				       cfg.slice, rtos_rr_turns());

		for (u64 i = 0; i < cfg.load && len < MSG_MAX; i++)
			len += con_snprintf(out[5] + len, MSG_MAX - len,
					    " load%llu=%llu", i,
					    READ_ONCE(load_rounds[i]));
		n++;
	}
	return n;
}

/* The RTOS-HIST lines of h, HIST_PER_LINE bins each (console lock
 * held): short enough for Xen's vpl011, which splits lines at 128. */
static void print_hist(const char *tag, const struct hist *h)
{
	char line[MSG_MAX];
	int len = 0;

	for (int i = 0; i < h->k; i++) {
		if (i % HIST_PER_LINE == 0)
			len = con_snprintf(line, MSG_MAX, "RTOS-HIST %s", tag);
		len += con_snprintf(line + len, MSG_MAX - len, " %llu:%u",
				    cnt_ticks_to_ns(h->bins[i].lo),
				    h->bins[i].count);
		if (i % HIST_PER_LINE == HIST_PER_LINE - 1 || i == h->k - 1)
			con_printf("%s\n", line);
	}
}

static void print_report(void)
{
	static u64 reported_misses;
	char out[REPORT_LINES][MSG_MAX];
	int n = report_lines(out);

	rtos_console_lock();
	for (int i = 0; i < n; i++)
		con_printf("%s\n", out[i]);
	if (cfg.hist) {
		print_hist("lat", &hist[0]);
		print_hist("jit", &hist[1]);
	}
	if (cfg.clock_note) {
		u64 misses = t_control.misses + t_telemetry.misses;

		con_printf("RTOS-NOTE %s; new misses: %llu\n",
			   cfg.clock_note, misses - reported_misses);
		reported_misses = misses;
	}
	rtos_console_unlock();
}

static void final_checks(void)
{
	u64 jobs = t_control.jobs, want = cfg.run * 1000 / cfg.period;
	s32 err = ctl.sp - ctl.pv;

	rtos_console_lock();
	test_check(rtos_timer_latency()->n > 0, "rtos-timer-irq",
		   "no timer interrupt measured");
	test_check(jobs + 2 >= want, "rtos-control-jobs", "jobs=%llu want=%llu",
		   jobs, want);
	test_eq("rtos-control-misses", (s64)t_control.misses, 0);
	test_eq("rtos-telemetry-misses", (s64)t_telemetry.misses, 0);
	test_check(err <= SETTLED_MDEG && err >= -SETTLED_MDEG,
		   "rtos-control-settled", "sp=%d pv=%d", ctl.sp, ctl.pv);
	if (cfg.load > 1)
		test_check(rtos_rr_turns() > 0 && load_rounds[0] &&
			   load_rounds[cfg.load - 1], "rtos-round-robin",
			   "turns=%llu load0=%llu", rtos_rr_turns(),
			   load_rounds[0]);
	if (have_chan)
		test_check(tele_sent > 0, "rtos-ipc-telemetry",
			   "sent=%llu dropped=%llu", tele_sent, tele_dropped);
	test_done();
	rtos_console_unlock();
}

static void report_task(void *arg)
{
	u64 end = cfg.run ? t0 + cnt_ms_to_ticks(cfg.run) : RTOS_NEVER;
	u64 next = rtos_now() + cnt_ms_to_ticks(cfg.report);

	(void)arg;
	for (;;) {
		rtos_sleep_until(next < end ? next : end);
		if (rtos_now() >= end)	/* give a late setpoint time to settle */
			rtos_sleep_until(setpoint_at + cnt_ms_to_ticks(SETTLE_MS));
		print_report();
		if (rtos_now() >= end) {
			final_checks();
			if (cfg.done_off)
				psci_system_off();
			end = RTOS_NEVER;
		}
		next += cnt_ms_to_ticks(cfg.report);
	}
}

/* ---- commands ---- */

typedef void (*reply_fn)(const char *line);

static void reply_console(const char *line)
{
	rtos_printf("%s\n", line);
}

static void reply_chan(const char *line)
{
	for (int i = 0; i < REPLY_TRIES; i++) {
		if (chan_send(line) != -SEPTUM_EAGAIN)
			return;
		rtos_sleep_until(rtos_now() + cnt_ms_to_ticks(1));
	}
}

/* Parses a decimal integer with an optional sign, the whole of s. */
static bool parse_int(const char *s, s64 *out)
{
	bool neg = *s == '-';
	u64 v;

	if (*s == '-' || *s == '+')
		s++;
	if (!dt_parse_u64(s, strlen(s), &v) || v > INT32_MAX)
		return false;
	*out = neg ? -(s64)v : (s64)v;
	return true;
}

static void command(char *line, reply_fn reply)
{
	char out[REPORT_LINES][MSG_MAX];
	s64 v;
	size_t n = strlen(line);

	while (n && (line[n - 1] == ' ' || line[n - 1] == '\r' ||
		     line[n - 1] == '\n'))
		line[--n] = '\0';
	if (!strcmp(line, "ping")) {
		reply("pong");
	} else if (!strcmp(line, "reset")) {
		/* A new measurement window: statistics and miss counts. */
		rtos_sem_take(&report_mutex, RTOS_FOREVER);
		rtos_measure_reset();
		exc_irq_mask();
		stats_reset(&jitter);
		t_control.misses = 0;
		t_telemetry.misses = 0;
		exc_irq_unmask();
		rtos_sem_give(&report_mutex);
		reply("OK reset");
	} else if (!strcmp(line, "report")) {
		int k = report_lines(out);

		for (int i = 0; i < k; i++)
			reply(out[i]);
		if (cfg.hist && reply == reply_console) {
			rtos_console_lock();
			print_hist("lat", &hist[0]);
			print_hist("jit", &hist[1]);
			rtos_console_unlock();
		}
	} else if (!strncmp(line, "setpoint ", 9)) {
		if (parse_int(line + 9, &v) && v >= CONTROL_SP_MIN &&
		    v <= CONTROL_SP_MAX) {
			WRITE_ONCE(new_setpoint, (s32)v);
			setpoint_at = rtos_now();
			con_snprintf(out[0], MSG_MAX, "OK setpoint %lld", v);
		} else {
			con_snprintf(out[0], MSG_MAX,
				     "ERR setpoint %s (want %d..%d)",
				     line + 9, CONTROL_SP_MIN, CONTROL_SP_MAX);
		}
		reply(out[0]);
	} else {
		con_snprintf(out[0], MSG_MAX, "ERR unknown %s", line);
		reply(out[0]);
	}
}

static void command_task(void *arg)
{
	char buf[MSG_MAX];

	(void)arg;
	for (;;) {
		int len;

		rtos_sem_take(&cmd_wake, RTOS_FOREVER);
		uart_echo();
		/* A line's echo is in the ring before the line is queued: what
		 * was typed shows before the answer. */
		while (rtos_queue_recv(&lines, buf, 0) == RTOS_OK) {
			uart_echo();
			command(buf, reply_console);
		}
		while (have_chan &&
		       (len = ipc_recv(&chan, buf, sizeof(buf) - 1)) >= 0) {
			buf[len] = '\0';
			command(buf, reply_chan);
		}
	}
}

/* ---- load ---- */

static void load_task(void *arg)
{
	u64 *rounds = arg, next = t0;

	for (;;) {
		for (u64 r = 0; r < cfg.work; r++) {
			for (volatile u32 i = 0; i < 1000; i++)
				;
			WRITE_ONCE(*rounds, *rounds + 1);
		}
		next += cnt_ms_to_ticks(LOAD_PERIOD_MS);
		rtos_sleep_until(next);
	}
}

/* ---- start ---- */

static void read_config(void)
{
	const char *v;
	size_t len;

	cfg.period = dt_arg_u64_or("period-us", 1000);
	cfg.report = dt_arg_u64_or("report-ms", 5000);
	cfg.run = dt_arg_u64_or("run-ms", 0);
	cfg.load = dt_arg_u64_or("load", 0);
	cfg.slice = dt_arg_u64_or("slice-ms", 10);
	cfg.work = dt_arg_u64_or("load-work", 600);
	cfg.setpoint = (s32)dt_arg_u64_or("setpoint", 50000);
	cfg.done_off = dt_arg("done", &v, &len) && len == 3 &&
		       !strncmp(v, "off", 3);
	cfg.mmu = !(dt_arg("mmu", &v, &len) && len == 3 &&
		    !strncmp(v, "off", 3));
	if (dt_arg("clock", &v, &len) && len == 6 && !strncmp(v, "icount", 6))
		cfg.clock_note = "ns of QEMU -icount time (1 instruction = 1 ns): "
				 "Septum's path; boot-time misses are QEMU's (README)";
	else if (dt_arg("clock", &v, &len) && len == 4 && !strncmp(v, "host", 4))
		cfg.clock_note = "host time: includes the host's scheduling of QEMU "
				 "(scripts/demo without --host-time: -icount)";
	cfg.hist = dt_arg_u64_or("hist", 0) != 0;
	cfg.phys_timer = dt_arg("timer", &v, &len) && len == 4 && !strncmp(v, "phys", 4);
	if (!cfg.period)
		cfg.period = 1000;
	if (!cfg.report)
		cfg.report = 5000;
	if (cfg.load > MAX_LOAD)
		cfg.load = MAX_LOAD;
	if (cfg.setpoint > CONTROL_SP_MAX)
		cfg.setpoint = CONTROL_SP_MAX;
}

static void open_channel(void)
{
	if (ipc_find(&chan, NULL) || ipc_open(&chan)) {
		con_printf("rtos: no channel: IPC off\n");
		return;
	}
	have_chan = true;
	if (chan.intid)
		rtos_irq_attach(chan.intid, doorbell_isr, NULL);
	con_printf("rtos: channel '%s' to %s, doorbell INTID %u\n",
		   chan.label ? chan.label : "?", chan.peer ? chan.peer : "?",
		   chan.intid);
}

/* A CPU of this VM that spins without yielding (spin-cpus=<n>): the load a
 * neighbour in a kernel's stop_machine() rendezvous puts on QEMU. */
static void spinner(void *arg)
{
	volatile u64 *n = arg;

	for (;;)
		*n = *n + 1;
}

/*
 * spin-cpus=<n>: CPUs 1..n of this VM (MPIDR Aff0 = 1..n, QEMU virt's
 * numbering) spin. Run natively, it shows what QEMU's -icount round-robin
 * does to the RTOS's timer while another CPU spins, with no hypervisor.
 */
static void start_spinners(void)
{
	static u64 counts[GUEST_MAX_CPUS];
	u64 n = dt_arg_u64_or("spin-cpus", 0);

	for (unsigned i = 1; i <= n && i < GUEST_MAX_CPUS; i++) {
		s64 r = smp_cpu_on(i, i, spinner, &counts[i]);

		con_printf("rtos: CPU %u spins (CPU_ON %ld)\n", i, (long)r);
	}
}

void guest_main(void)
{
	u64 period, first;
	bool uart;

	read_config();
	/* Caches on, RAM and the channel Normal Write-Back like a cacheable
	 * peer's mapping (guest/mmu.h). */
	if (cfg.mmu)
		mmu_enable();
	if (!test_check(cnt_freq() && rtos_init(cnt_ms_to_ticks(cfg.slice), cfg.phys_timer),
			"rtos-init", "no GIC or no counter frequency"))
		return;
	sem_init(&chan_mutex, 1, 1);
	sem_init(&report_mutex, 1, 1);
	sem_init(&cmd_wake, 0, UINT32_MAX);
	queue_init(&lines, line_buf, UART_LINE, ARRAY_SIZE(line_buf));
	stats_reset(&jitter);
	control_init(&ctl, cfg.setpoint);
	new_setpoint = cfg.setpoint;
	open_channel();
	uart = uart_rx_start(&lines, &cmd_wake);
	start_spinners();

	period = cfg.period * cnt_freq() / 1000000;
	t0 = cnt_now();
	setpoint_at = t0;
	first = t0 + period;
	rtos_task_start(&t_control, "control", PRIO_CONTROL, control_task,
			NULL, s_control, STACK, first);
	rtos_task_periodic(&t_control, period, period, first);
	rtos_task_start(&t_telemetry, "telemetry", PRIO_TELEMETRY,
			telemetry_task, NULL, s_telemetry, STACK, first);
	rtos_task_periodic(&t_telemetry, cnt_ms_to_ticks(TELEMETRY_MS),
			   cnt_ms_to_ticks(TELEMETRY_MS), first);
	rtos_task_start(&t_command, "command", PRIO_COMMAND, command_task,
			NULL, s_command, STACK, 0);
	rtos_task_start(&t_report, "report", PRIO_REPORT, report_task, NULL,
			s_report, STACK, 0);
	for (u64 i = 0; i < cfg.load; i++)
		rtos_task_start(&t_load[i], "load", PRIO_LOAD, load_task,
				&load_rounds[i], s_load[i], sizeof(s_load[i]), 0);
	con_printf("rtos: GICv%u cntfrq=%llu period_us=%llu report_ms=%llu "
		   "run_ms=%llu load=%llu uart_input=%s mmu=%s timer=%s\n", gic_version(),
		   cnt_freq(), cfg.period, cfg.report, cfg.run, cfg.load,
		   uart ? "irq" : "none", mmu_enabled() ? "on" : "off",
		   cfg.phys_timer ? "phys" : "virt");
	con_printf("RTOS ready\n");
	rtos_run();
}
