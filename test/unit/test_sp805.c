/* SPDX-License-Identifier: MIT */
/* The SP805 watchdog model (src/core/sp805.c): its registers as Linux's
 * sp805_wdt drives them, and when it would reset the VM. Counter at 62.5
 * MHz (QEMU virt's), the SP805's clock 1 MHz: one WDOGCLK cycle is 62.5
 * counter ticks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sp805.h"

#define FREQ 62500000ull
#define T0 1000000ull

static struct sp805 w;

static uint32_t rd(uint64_t now, uint64_t off)
{
	struct vmmio_access a = { .offset = off, .size = 4 };

	assert_true(sp805_access(&w, now, &a));
	return (uint32_t)a.value;
}

static void wr(uint64_t now, uint64_t off, uint32_t v)
{
	struct vmmio_access a = { .offset = off, .size = 4, .write = true, .value = v };

	assert_true(sp805_access(&w, now, &a));
}

/* sp805_wdt's wdt_config(): unlock, load, clear, enable both, lock. */
static void linux_start(uint64_t now, uint32_t load)
{
	wr(now, SP805_LOCK, SP805_UNLOCK_KEY);
	wr(now, SP805_LOAD, load);
	wr(now, SP805_INTCLR, 1);
	wr(now, SP805_CONTROL, SP805_INTEN | SP805_RESEN);
	wr(now, SP805_LOCK, 1);
}

static int setup(void **state)
{
	sp805_reset(&w, FREQ);
	return 0;
}

static void it_resets_stopped_and_unlocked(void **state)
{
	assert_int_equal(rd(T0, SP805_LOAD), 0xffffffff);
	assert_int_equal(rd(T0, SP805_VALUE), 0xffffffff);
	assert_int_equal(rd(T0, SP805_CONTROL), 0);
	assert_int_equal(rd(T0, SP805_LOCK), 0);
	assert_int_equal(rd(T0, SP805_RIS), 0);
	assert_int_equal(sp805_deadline(&w), 0);
}

static void it_identifies_as_an_sp805_primecell(void **state)
{
	static const uint32_t ids[8] = { 0x05, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(rd(T0, SP805_PERIPHID0 + 4 * i), ids[i]);
	assert_int_equal(rd(T0, SP805_ITCR), 0);
}

static void started_it_resets_after_two_periods(void **state)
{
	/* Linux's load for a 2 s timeout at 1 MHz: rate / 2 * 2 - 1. */
	linux_start(T0, 999999);
	assert_int_equal(rd(T0, SP805_LOCK), 1);
	assert_int_equal(sp805_deadline(&w), T0 + 2 * 62500000ull);
	assert_int_equal(sp805_reloaded_at(&w), T0);
}

static void the_value_counts_down_and_ris_rises_after_one_period(void **state)
{
	linux_start(T0, 999999);
	assert_int_equal(rd(T0 + 625, SP805_VALUE), 999999 - 10);
	assert_int_equal(rd(T0 + 62500000 - 63, SP805_RIS), 0);
	assert_int_equal(rd(T0 + 62500000, SP805_RIS), 1);
	assert_int_equal(rd(T0 + 62500000, SP805_MIS), 1);
	assert_int_equal(rd(T0 + 62500000 + 625, SP805_VALUE), 999999 - 10);
}

static void a_ping_reloads_and_clears(void **state)
{
	uint64_t later = T0 + 62500000 + 1000;

	linux_start(T0, 999999);
	/* wdt_ping(): unlock, load, clear, lock, after RIS rose. */
	wr(later, SP805_LOCK, SP805_UNLOCK_KEY);
	wr(later, SP805_LOAD, 999999);
	wr(later, SP805_INTCLR, 1);
	wr(later, SP805_LOCK, 1);
	assert_int_equal(rd(later, SP805_RIS), 0);
	assert_int_equal(sp805_deadline(&w), later + 2 * 62500000ull);
}

static void a_reload_without_clearing_leaves_one_period(void **state)
{
	uint64_t later = T0 + 62500000 + 1000;

	linux_start(T0, 999999);
	wr(later, SP805_LOCK, SP805_UNLOCK_KEY);
	wr(later, SP805_LOAD, 999999);
	assert_int_equal(rd(later, SP805_RIS), 1);
	assert_int_equal(sp805_deadline(&w), later + 62500000ull);
}

static void locked_it_ignores_writes(void **state)
{
	linux_start(T0, 999999);
	wr(T0 + 10, SP805_LOAD, 5);
	wr(T0 + 10, SP805_CONTROL, 0);
	wr(T0 + 10, SP805_INTCLR, 1);
	assert_int_equal(rd(T0 + 10, SP805_LOAD), 999999);
	assert_int_equal(sp805_deadline(&w), T0 + 2 * 62500000ull);
}

static void without_resen_or_inten_it_never_resets(void **state)
{
	linux_start(T0, 999999);
	wr(T0 + 10, SP805_LOCK, SP805_UNLOCK_KEY);
	wr(T0 + 10, SP805_CONTROL, SP805_INTEN);
	assert_int_equal(sp805_deadline(&w), 0);
	wr(T0 + 10, SP805_CONTROL, 0);
	assert_int_equal(sp805_deadline(&w), 0);
	assert_int_equal(rd(T0 + 100000000, SP805_VALUE), 999999);
	/* Enabled again: it starts from WdogLoad. */
	wr(T0 + 200, SP805_CONTROL, SP805_INTEN | SP805_RESEN);
	assert_int_equal(sp805_deadline(&w), T0 + 200 + 2 * 62500000ull);
}

static void only_aligned_words_are_taken(void **state)
{
	struct vmmio_access a = { .offset = SP805_LOAD, .size = 2 };
	struct vmmio_access b = { .offset = SP805_LOAD + 2, .size = 4 };

	assert_false(sp805_access(&w, T0, &a));
	assert_false(sp805_access(&w, T0, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(it_resets_stopped_and_unlocked, setup),
		cmocka_unit_test_setup(it_identifies_as_an_sp805_primecell, setup),
		cmocka_unit_test_setup(started_it_resets_after_two_periods, setup),
		cmocka_unit_test_setup(the_value_counts_down_and_ris_rises_after_one_period, setup),
		cmocka_unit_test_setup(a_ping_reloads_and_clears, setup),
		cmocka_unit_test_setup(a_reload_without_clearing_leaves_one_period, setup),
		cmocka_unit_test_setup(locked_it_ignores_writes, setup),
		cmocka_unit_test_setup(without_resen_or_inten_it_never_resets, setup),
		cmocka_unit_test_setup(only_aligned_words_are_taken, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
