/* SPDX-License-Identifier: MIT */
/*
 * bench: hypercall round-trip time and boot time.
 *
 *   BENCH hvc_nop_ns min=<ns> avg=<ns> max=<ns> n=<calls>
 *     SEPTUM_HC_NOP through the DT's conduit (HVC #0 under Septum), timed
 *     with CNTVCT in batches; min/max are per-call averages of the
 *     fastest/slowest batch.
 *   BENCH first_instruction_counter=<CNTVCT at start.S's first instruction>
 *   BENCH first_instruction_cntpct=<CNTPCT at the same point>
 *   BENCH boot_to_guest_ns=<that CNTPCT in ns>
 *   BENCH cntfrq=<Hz>
 * Under Septum NOP must return 0 (TEST bench-hvc-nop); natively (QEMU's
 * PSCI conduit answers -1) that check is skipped but the timing printed.
 *
 * Bootargs: batches=<n> (default 100), batch=<calls> (default 100),
 * call=version: time SMCCC_VERSION (0x80000000, DEN0028 7.2) instead of
 * Septum's NOP: another hypervisor's null call (Xen 4.17 answers it in
 * its vSMCCC code, where an unknown function ID prints a warning per call;
 * scripts/bench --compare).
 */
#include <string.h>

#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/guest.h>
#include <guest/smccc.h>
#include <guest/test.h>

const char guest_name[] = "bench";

#define SMCCC_VERSION	0x80000000u

static void bench_hvc_nop(u64 batches, u64 batch, u32 fid)
{
	u64 min = UINT64_MAX, max = 0, sum = 0;
	s64 bad = 0;

	for (u64 b = 0; b < batches; b++) {
		u64 t0 = cnt_now(), t;

		for (u64 i = 0; i < batch; i++)
			bad |= (s64)smccc_call(fid, 0, 0, 0, 0, 0, 0, 0).a0;
		t = cnt_now() - t0;
		sum += t;
		min = t < min ? t : min;
		max = t > max ? t : max;
	}
	con_printf("BENCH hvc_nop_ns min=%llu avg=%llu max=%llu n=%llu\n",
		   cnt_ticks_to_ns(min) / batch,
		   cnt_ticks_to_ns(sum) / (batches * batch),
		   cnt_ticks_to_ns(max) / batch, batches * batch);
	if (fid == SMCCC_VERSION)
		con_printf("bench: the calls were SMCCC_VERSION (call=version)\n");
	else if (test_need_septum("bench-hvc-nop"))
		test_check(bad == 0, "bench-hvc-nop", "NOP returned %lld", bad);
}

void guest_main(void)
{
	u64 batches = dt_arg_u64_or("batches", 100);
	u64 batch = dt_arg_u64_or("batch", 100);
	const char *v;
	size_t len;
	bool version = dt_arg("call", &v, &len) && len == 7 &&
		       !strncmp(v, "version", 7);

	con_printf("BENCH cntfrq=%llu\n", cnt_freq());
	con_printf("BENCH first_instruction_counter=%llu\n", guest_boot_cntvct);
	con_printf("BENCH first_instruction_cntpct=%llu\n", guest_boot_cntpct);
	con_printf("BENCH boot_to_guest_ns=%llu\n",
		   cnt_ticks_to_ns(guest_boot_cntpct));
	if (!test_check(batches && batch && cnt_freq(), "bench-params",
			"batches=%llu batch=%llu cntfrq=%llu", batches, batch,
			cnt_freq()))
		return;
	bench_hvc_nop(batches, batch, version ? SMCCC_VERSION :
			SMCCC_NATIVE(SEPTUM_HC_NOP));
}
