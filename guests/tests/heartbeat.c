/* SPDX-License-Identifier: MIT */
/*
 * heartbeat: prints "HEARTBEAT <n> t=<ms>" every period of counter time
 * (n from 1, t = CNTVCT in ms), forever, as a liveness signal for
 * multi-VM scenarios. The counter must run and CNTFRQ be set
 * (TEST heartbeat-counter).
 *
 * With max-late-ms=<n>, a beat that comes more than n ms after its
 * deadline (the CPU was taken away from this VM) is reported once:
 * TEST heartbeat-on-time FAIL. Use it under -icount, where guest time is
 * an instruction count and the host's scheduling cannot make a beat late.
 *
 * Bootargs:
 *   beats=<n>       stop after n beats and print DONE (default: never)
 *   period-ms=<n>   beat period (default 100)
 *   max-late-ms=<n> fail if a beat is more than n ms late (default: off)
 */
#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/test.h>

const char guest_name[] = "heartbeat";

void guest_main(void)
{
	u64 beats = dt_arg_u64_or("beats", 0);
	u64 period, next, t0 = cnt_now();
	u64 late = 0, worst = 0;
	u64 max_late = cnt_ms_to_ticks(dt_arg_u64_or("max-late-ms", 0));

	if (!test_check(cnt_freq() != 0, "heartbeat-counter", "CNTFRQ_EL0=0"))
		return;
	period = cnt_ms_to_ticks(dt_arg_u64_or("period-ms", 100));
	next = t0 + period;
	for (u64 n = 1; !beats || n <= beats; n++) {
		u64 now;

		/* A plain spin, no YIELD: under QEMU -icount a YIELD hands the
		 * emulator to the next CPU each time, which costs far more
		 * wall time than it lets the VM's own time advance. */
		while ((now = cnt_now()) < next)
			;
		if (now - next > worst)
			worst = now - next;
		if (max_late && now - next > max_late && !late++)
			test_fail("heartbeat-on-time", "beat %llu came %llu ms late", n,
				  cnt_ticks_to_ms(now - next));
		next += period;
		con_printf("HEARTBEAT %llu t=%llu late_max_us=%llu\n", n, cnt_ticks_to_ms(now),
			   cnt_ticks_to_ns(worst) / 1000);
		if (n == 1)
			test_check(now > t0, "heartbeat-counter-runs",
				   "CNTVCT stuck at 0x%llx", now);
	}
}
