/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: the health monitor (src/core/health.c) and the watchdog
 * (wdog.c) on a running VM (vm_fixture.h): the on-fault policy with
 * restart-limit, the counts and who may read them, a missed watchdog
 * seen by the EL2 timer of its vCPU 0's CPU, and kicks from elsewhere.
 * The counter is the host stand-in's (62.5 MHz).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host_gic.h>
#include <arch/host_vcpu.h>
#include <septum/hvc.h>

#include "cpu.h"
#include "health.h"
#include "htimer.h"
#include "uart_fake.h"
#include "vm.h"
#include "vm_fixture.h"
#include "wdog.h"

#define MS 62500ull            /* counter ticks */
#define T0 (1000 * MS)

static struct vm *const vm = &vms[0];

static int group_setup(void **state)
{
	htimer_register(HTIMER_WDOG, wdog_expired);
	return vm_fx_group_setup();
}

static int setup(void **state)
{
	vm_fx_setup();
	host_vcpu_log.counter = T0;
	memset(&cpus[0].htimer, 0, sizeof(cpus[0].htimer));
	return 0;
}

static int teardown(void **state)
{
	vm_fx_teardown();
	return 0;
}

/* The VM running again with vCPU 0 on its CPU, as after its restart. */
static void running_again(void)
{
	vm->vcpu[0].power = VCPU_ON;
	vm->vcpu[0].loaded = true;
}

static void fault(void)
{
	health_fail(vm, &vm->vcpu[0], HEALTH_FAULT, "test fault");
	running_again();
}

static void a_vm_restarts_up_to_its_limit_then_stops(void **state)
{
	vm_fx_cfg.restart_max = 2;
	vm_fx_cfg.restart_window_ms = 1000;
	fault();
	host_vcpu_log.counter += 300 * MS;
	fault();
	assert_int_equal(vm->starts, 3);
	assert_non_null(strstr(uart_fake.out, "septum: vm rt: test fault"));
	assert_non_null(strstr(uart_fake.out, "septum: vm rt: restarting (fault; restart 2 of "
				"at most 2 within 1000 ms)"));
	host_vcpu_log.counter += 300 * MS;
	fault();
	assert_int_equal(vm->state, VM_STOPPED);
	assert_int_equal(vm->starts, 3);
	assert_non_null(strstr(uart_fake.out, "septum: vm rt: stopped (fault; 2 restarts within "
				"1000 ms: restart-limit reached)"));
	assert_int_equal(vm->health.count[HEALTH_FAULT], 3);
	assert_int_equal(vm->health.count[HEALTH_RESTART], 2);
	assert_int_equal(vm->health.count[HEALTH_STOP], 1);
}

static void restarts_further_apart_than_the_window_go_on(void **state)
{
	vm_fx_cfg.restart_max = 2;
	vm_fx_cfg.restart_window_ms = 1000;
	for (unsigned i = 0; i < 5; i++) {
		fault();
		host_vcpu_log.counter += 600 * MS;
	}
	assert_int_equal(vm->state, VM_RUNNING);
	assert_int_equal(vm->starts, 6);
	assert_int_equal(vm->health.count[HEALTH_STOP], 0);
}

static void without_a_limit_it_always_restarts(void **state)
{
	for (unsigned i = 0; i < 20; i++)
		fault();
	assert_int_equal(vm->starts, 21);
	assert_int_equal(vm->health.count[HEALTH_RESTART], 20);
}

static void on_fault_stop_stops_at_once(void **state)
{
	vm_fx_cfg.on_fault = CFG_ON_FAULT_STOP;
	health_fail(vm, &vm->vcpu[0], HEALTH_POWEROFF, NULL);
	assert_int_equal(vm->state, VM_STOPPED);
	assert_non_null(strstr(uart_fake.out, "septum: vm rt: stopped (system off)"));
	assert_int_equal(vm->health.count[HEALTH_POWEROFF], 1);
	assert_int_equal(vm->health.count[HEALTH_STOP], 1);
}

static void a_guest_reset_is_no_failure(void **state)
{
	vm_fx_cfg.restart_max = 1;
	vm_fx_cfg.restart_window_ms = 1000;
	for (unsigned i = 0; i < 3; i++) {
		health_reset(vm, &vm->vcpu[0]);
		running_again();
	}
	assert_int_equal(vm->starts, 4);
	assert_int_equal(vm->health.count[HEALTH_RESTART], 3);
	fault();    /* the limit is still whole */
	assert_int_equal(vm->starts, 5);
}

static void watchdog(uint32_t ms)
{
	vm_fx_cfg.wdog = (struct cfg_watchdog){ .present = true, .period_ms = ms };
	vm_fx_cfg.plat.wdog = (struct board_range){ 0x9001000, CFG_WDOG_SIZE };
	wdog_init(vm);
	wdog_reset(vm);
}

static void no_watchdog_no_kick(void **state)
{
	assert_int_equal(wdog_kick(&vm->vcpu[0]), SEPTUM_E_NO_WATCHDOG);
	assert_int_equal(host_vcpu_log.htimer_cval, 0);
}

static void a_kick_on_the_watching_cpu_sets_its_timer(void **state)
{
	watchdog(100);
	assert_true(cpus[0].watches);
	assert_int_equal(wdog_kick(&vm->vcpu[0]), SEPTUM_OK);
	assert_int_equal(host_vcpu_log.htimer_cval, T0 + 100 * MS);
	host_vcpu_log.counter += 60 * MS;
	assert_int_equal(wdog_kick(&vm->vcpu[0]), SEPTUM_OK);
	assert_int_equal(host_vcpu_log.htimer_cval, T0 + 160 * MS);
	assert_int_equal(host_gic_log.sgis, 0);
}

static void a_missed_watchdog_restarts_the_vm(void **state)
{
	watchdog(100);
	wdog_kick(&vm->vcpu[0]);
	host_vcpu_log.counter = T0 + 100 * MS + 5;
	htimer_fired(&cpus[0]);
	assert_int_equal(vm->starts, 2);
	assert_int_equal(vm->health.count[HEALTH_WDOG], 1);
	assert_non_null(strstr(uart_fake.out, "septum: vm rt: watchdog missed: no kick for "
				"100000 us (timeout-ms 100; deadline at counter 0x4190ab0, seen 5 "
				"ticks later)"));
	assert_non_null(strstr(uart_fake.out, "septum: vm rt: restarting (watchdog missed)"));
	/* Restarted, it is not started until the next kick. */
	assert_int_equal(vm->wdog.deadline, 0);
}

static void a_timer_that_finds_a_later_deadline_goes_again(void **state)
{
	watchdog(100);
	vm->vcpu[0].cpu = 1;            /* kicks from this CPU, 0, are from elsewhere */
	wdog_kick(&vm->vcpu[0]);
	/* Nothing set on the watching CPU yet: it gets a kick. */
	assert_int_equal(host_gic_log.sgis, 1);
	assert_int_equal(host_gic_log.last_sgi_cpu, 1);
	assert_true(vm->wdog.rearm);
	/* Pretend to be CPU 1 looking (the stand-in is always CPU 0). */
	vm->vcpu[0].cpu = 0;
	wdog_ipi(&cpus[0]);
	assert_false(vm->wdog.rearm);
	assert_int_equal(host_vcpu_log.htimer_cval, T0 + 100 * MS);
	/* A later deadline: no kick; the timer finds it when it fires. */
	vm->vcpu[0].cpu = 1;
	host_vcpu_log.counter += 50 * MS;
	wdog_kick(&vm->vcpu[0]);
	assert_int_equal(host_gic_log.sgis, 1);
	vm->vcpu[0].cpu = 0;
	host_vcpu_log.counter = T0 + 100 * MS;
	htimer_fired(&cpus[0]);
	assert_int_equal(vm->starts, 1);
	assert_int_equal(host_vcpu_log.htimer_cval, T0 + 150 * MS);
}

/* Two VMs watched by one CPU (CPUs shared in time): the timer follows the
 * earlier deadline, and each miss is the missing VM's. */
static void one_cpu_watches_two_vms_by_the_earlier_deadline(void **state)
{
	struct vm *b = &vms[1];
	static struct cfg_vm cb;

	watchdog(100);
	cb = vm_fx_cfg;
	strcpy(cb.name, "b");
	cb.wdog.period_ms = 40;
	cb.on_fault = CFG_ON_FAULT_STOP;
	*b = (struct vm){ .cfg = &cb, .nvcpus = 1, .state = VM_RUNNING, .starts = 1 };
	b->vcpu[0] = (struct vcpu){ .vm = b, .cpu = 0 };
	b->wdog.period = 40 * MS;
	vm_count = 2;
	wdog_kick(&vm->vcpu[0]);
	wdog_kick(&b->vcpu[0]);
	assert_int_equal(host_vcpu_log.htimer_cval, T0 + 40 * MS);
	host_vcpu_log.counter = T0 + 40 * MS;
	htimer_fired(&cpus[0]);
	assert_int_equal(b->health.count[HEALTH_WDOG], 1);
	assert_int_equal(b->state, VM_STOPPED);
	assert_int_equal(vm->state, VM_RUNNING);
	assert_int_equal(vm->health.count[HEALTH_WDOG], 0);
	assert_int_equal(host_vcpu_log.htimer_cval, T0 + 100 * MS);
}

static void a_vm_reads_its_own_counts_only(void **state)
{
	int64_t out[3];

	vm_count = 2;
	vms[1].state = VM_RUNNING;
	vms[1].starts = 4;
	vms[1].health.count[HEALTH_WDOG] = 3;
	vm->health.count[HEALTH_FAULT] = 2;
	assert_int_equal(health_query(&vm->vcpu[0], 1, HEALTH_WDOG, out), SEPTUM_E_DENIED);
	assert_int_equal(health_query(&vm->vcpu[0], 0, HEALTH_FAULT, out), SEPTUM_OK);
	assert_int_equal(out[0], 2);
	assert_int_equal(out[1], SEPTUM_VM_RUNNING);
	assert_int_equal(out[2], 1);
	vm_fx_cfg.monitor = true;
	assert_int_equal(health_query(&vm->vcpu[0], 1, HEALTH_WDOG, out), SEPTUM_OK);
	assert_int_equal(out[0], 3);
	assert_int_equal(out[2], 4);
	assert_int_equal(health_query(&vm->vcpu[0], 2, HEALTH_WDOG, out), SEPTUM_E_INVAL);
	assert_int_equal(health_query(&vm->vcpu[0], 1, HEALTH_EVENTS, out), SEPTUM_E_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_vm_restarts_up_to_its_limit_then_stops, setup,
						teardown),
		cmocka_unit_test_setup_teardown(restarts_further_apart_than_the_window_go_on,
						setup, teardown),
		cmocka_unit_test_setup_teardown(without_a_limit_it_always_restarts, setup,
						teardown),
		cmocka_unit_test_setup_teardown(on_fault_stop_stops_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(a_guest_reset_is_no_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(no_watchdog_no_kick, setup, teardown),
		cmocka_unit_test_setup_teardown(a_kick_on_the_watching_cpu_sets_its_timer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_missed_watchdog_restarts_the_vm, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_timer_that_finds_a_later_deadline_goes_again,
						setup, teardown),
		cmocka_unit_test_setup_teardown(one_cpu_watches_two_vms_by_the_earlier_deadline,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_vm_reads_its_own_counts_only, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
