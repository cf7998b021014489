/* SPDX-License-Identifier: MIT */
/*
 * reset: PSCI SYSTEM_RESET restarts only this VM with its memory cleared
 * and its image reloaded. Septum only (natively it prints SKIP lines).
 *
 * First start (VM_STATS x2 == 1): TEST reset-first-start PASS, then a
 * marker is written over one page of free RAM (the middle of the first free
 * span of at least 8 KiB: not the image, not the DT) and into a .data
 * variable, and SYSTEM_RESET is called; if it returns:
 * TEST reset-system-reset FAIL. No DONE line on the first start.
 * Second start (x2 == 2): the whole page must read 0 and the .data
 * variable its initial value; DONE, then SYSTEM_OFF (if it returns:
 * TEST reset-system-off FAIL after the DONE line). Any other start count
 * fails and powers off.
 *
 * Bootargs: none.
 */
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/guest.h>
#include <guest/mem.h>
#include <guest/psci.h>
#include <guest/smccc.h>
#include <guest/test.h>

const char guest_name[] = "reset";

#define MARKER		0x52455345544d524bull	/* "RESETMRK" */
#define DATA_INITIAL	0x1234567890abcdefull
#define PAGE_SIZE	4096ull
#define PAGE_WORDS	(PAGE_SIZE / 8)

static volatile u64 data_word = DATA_INITIAL;

/* The marker page; the same on both starts as long as the layout is. */
static volatile u64 *ram_marker(void)
{
	struct dt_range s[MEM_MAX_SPANS];
	u64 total;
	int n = mem_free_spans(s, &total);

	for (int i = 0; i < n; i++) {
		u64 mid = (s[i].base + s[i].size / 2) & ~(PAGE_SIZE - 1);

		if (mid >= s[i].base && mid + PAGE_SIZE <= s[i].base + s[i].size)
			return (volatile u64 *)(uintptr_t)mid;
	}
	return NULL;
}

static void first_start(volatile u64 *m)
{
	s64 ret;

	test_pass("reset-first-start");
	for (unsigned int i = 0; i < PAGE_WORDS; i++)
		m[i] = MARKER ^ i;
	data_word = MARKER;
	dsb_sy();
	ret = psci_system_reset();
	test_fail("reset-system-reset", "SYSTEM_RESET returned %lld", ret);
}

static void second_start(volatile u64 *m)
{
	s64 ret;

	unsigned int bad = 0, first = 0;

	for (unsigned int i = PAGE_WORDS; i--;)
		if (m[i]) {
			bad++;
			first = i;
		}
	test_check(!bad, "reset-ram-cleared", "%u words non-zero, first %p=0x%llx",
		   bad, &m[first], m[first]);
	test_check(data_word == DATA_INITIAL, "reset-image-reloaded",
		   ".data word=0x%llx", data_word);
	test_done();
	ret = psci_system_off();
	test_fail("reset-system-off", "SYSTEM_OFF returned %lld", ret);
}

void guest_main(void)
{
	struct smccc_res st;
	volatile u64 *m = ram_marker();

	if (!test_need_septum("reset"))
		return;
	if (!test_check(m != NULL, "reset-ram", "no free page in /memory"))
		return;
	st = smccc_call0(SMCCC_NATIVE(SEPTUM_HC_VM_STATS));
	if (!test_eq("reset-vm-stats", (s64)st.a0, SEPTUM_OK))
		return;
	con_printf("reset: start count %llu, marker at %p\n", st.a2, m);
	if (st.a2 == 1)
		first_start(m);
	else if (st.a2 == 2)
		second_start(m);
	else
		test_fail("reset-start-count", "VM_STATS x2=%llu", st.a2);
	test_done();
	psci_system_off();
}
