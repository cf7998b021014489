/* Unit tests: the EL2 timer's bookkeeping (src/core/htimer.c): the
 * hardware follows the earliest armed deadline, stops when none is, and
 * a client may re-arm from its callback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host_vcpu.h>

#include "cpu.h"
#include "htimer.h"

static unsigned calls[HTIMER_CLIENTS];
static uint64_t seen_now;
static uint64_t rearm;   /* what the sched client re-arms with (0: none) */

static void sched_fn(struct cpu *c, uint64_t now)
{
	assert_ptr_equal(c, &cpus[0]);
	assert_int_equal(c->htimer.deadline[HTIMER_SCHED], 0);
	calls[HTIMER_SCHED]++;
	seen_now = now;
	if (rearm)
		htimer_set(HTIMER_SCHED, rearm);
}

static void wdog_fn(struct cpu *c, uint64_t now)
{
	calls[HTIMER_WDOG]++;
}

static int setup(void **state)
{
	memset(&cpus[0], 0, sizeof(cpus[0]));
	memset(calls, 0, sizeof(calls));
	seen_now = rearm = 0;
	host_vcpu_log_reset();
	htimer_register(HTIMER_SCHED, sched_fn);
	htimer_register(HTIMER_WDOG, wdog_fn);
	return 0;
}

static void nothing_armed_never_touches_the_timer(void **state)
{
	htimer_set(HTIMER_SCHED, 0);
	assert_int_equal(host_vcpu_log.htimer_writes, 0);
}

static void hardware_follows_the_earliest_deadline(void **state)
{
	htimer_set(HTIMER_WDOG, 5000);
	assert_int_equal(host_vcpu_log.htimer_cval, 5000);
	htimer_set(HTIMER_SCHED, 3000);
	assert_int_equal(host_vcpu_log.htimer_cval, 3000);
	htimer_set(HTIMER_SCHED, 7000);
	assert_int_equal(host_vcpu_log.htimer_cval, 5000);
	/* The same earliest deadline again: no register write. */
	unsigned w = host_vcpu_log.htimer_writes;
	htimer_set(HTIMER_SCHED, 6000);
	assert_int_equal(host_vcpu_log.htimer_writes, w);
}

static void disarming_all_stops_the_timer(void **state)
{
	htimer_set(HTIMER_SCHED, 3000);
	htimer_set(HTIMER_WDOG, 4000);
	htimer_set(HTIMER_SCHED, 0);
	assert_int_equal(host_vcpu_log.htimer_cval, 4000);
	htimer_set(HTIMER_WDOG, 0);
	assert_int_equal(host_vcpu_log.htimer_cval, 0);
	assert_int_equal(cpus[0].htimer.programmed, 0);
}

static void fired_runs_only_expired_clients(void **state)
{
	htimer_set(HTIMER_SCHED, 3000);
	htimer_set(HTIMER_WDOG, 9000);
	host_vcpu_log.counter = 3010;
	htimer_fired(&cpus[0]);
	assert_int_equal(calls[HTIMER_SCHED], 1);
	assert_int_equal(calls[HTIMER_WDOG], 0);
	assert_int_equal(seen_now, 3010);
	assert_int_equal(cpus[0].htimer.deadline[HTIMER_SCHED], 0);
	assert_int_equal(host_vcpu_log.htimer_cval, 9000);
	host_vcpu_log.counter = 9000;
	htimer_fired(&cpus[0]);
	assert_int_equal(calls[HTIMER_WDOG], 1);
	assert_int_equal(host_vcpu_log.htimer_cval, 0);
}

static void a_client_may_rearm_in_its_callback(void **state)
{
	htimer_set(HTIMER_SCHED, 1000);
	htimer_set(HTIMER_WDOG, 8000);
	rearm = 2000;
	host_vcpu_log.counter = 1000;
	htimer_fired(&cpus[0]);
	assert_int_equal(calls[HTIMER_SCHED], 1);
	assert_int_equal(cpus[0].htimer.deadline[HTIMER_SCHED], 2000);
	assert_int_equal(host_vcpu_log.htimer_cval, 2000);
	/* Both expire at once: each runs once, the re-armed one is kept. */
	rearm = 12000;
	host_vcpu_log.counter = 8500;
	htimer_fired(&cpus[0]);
	assert_int_equal(calls[HTIMER_SCHED], 2);
	assert_int_equal(calls[HTIMER_WDOG], 1);
	assert_int_equal(host_vcpu_log.htimer_cval, 12000);
}

static void a_spurious_fire_reprograms_the_same_deadline(void **state)
{
	/* Fired before the deadline (the counter read first): nothing runs,
	 * and the deadline is written again so the timer stays armed. */
	htimer_set(HTIMER_SCHED, 5000);
	unsigned w = host_vcpu_log.htimer_writes;
	host_vcpu_log.counter = 4999;
	htimer_fired(&cpus[0]);
	assert_int_equal(calls[HTIMER_SCHED], 0);
	assert_int_equal(host_vcpu_log.htimer_writes, w + 1);
	assert_int_equal(host_vcpu_log.htimer_cval, 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(nothing_armed_never_touches_the_timer, setup),
		cmocka_unit_test_setup(hardware_follows_the_earliest_deadline, setup),
		cmocka_unit_test_setup(disarming_all_stops_the_timer, setup),
		cmocka_unit_test_setup(fired_runs_only_expired_clients, setup),
		cmocka_unit_test_setup(a_client_may_rearm_in_its_callback, setup),
		cmocka_unit_test_setup(a_spurious_fire_reprograms_the_same_deadline, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
