/* SPDX-License-Identifier: MIT */
/*
 * heartbeat: prints "HEARTBEAT <n> t=<ms>" every period of counter time
 * (n from 1, t = CNTVCT in ms), forever, as a liveness signal for
 * multi-VM scenarios. The counter must run and CNTFRQ be set
 * (TEST heartbeat-counter).
 *
 * Bootargs:
 *   beats=<n>       stop after n beats and print DONE (default: never)
 *   period-ms=<n>   beat period (default 100)
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

	if (!test_check(cnt_freq() != 0, "heartbeat-counter", "CNTFRQ_EL0=0"))
		return;
	period = cnt_ms_to_ticks(dt_arg_u64_or("period-ms", 100));
	next = t0 + period;
	for (u64 n = 1; !beats || n <= beats; n++) {
		u64 now;

		while ((now = cnt_now()) < next)
			cpu_relax();
		next += period;
		con_printf("HEARTBEAT %lu t=%lu\n", n, cnt_ticks_to_ms(now));
		if (n == 1)
			test_check(now > t0, "heartbeat-counter-runs",
				   "CNTVCT stuck at 0x%lx", now);
	}
}
