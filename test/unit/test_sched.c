/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: time partitions at run time (src/core/sched.c) on the host
 * stand-in architecture, with the fixture's VM "rt" and both its vCPUs on
 * CPU 0 by a hand-made schedule: a 1000-tick frame, vCPU 0 owns 0..600,
 * vCPU 1 owns 600..1000 and is the slack. Who runs at each moment, what
 * a switch saves, WFI, and the wake-ups of a waiting vCPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host_vcpu.h>

#include "cpu.h"
#include "htimer.h"
#include "vsched.h"
#include "vgic_vm.h"
#include "vm.h"
#include "vm_fixture.h"

#define PPI 20
#define GICR_SGI_ISENABLER0 0x10100

static struct vm *const vm = &vms[0];
static struct vcpu *const v0 = &vms[0].vcpu[0];
static struct vcpu *const v1 = &vms[0].vcpu[1];
static struct cpu *const c = &cpus[0];
static struct sched s;

static void tick(struct cpu *cpu, uint64_t now)
{
	sched_resched(cpu);
}

static int group_setup(void **state)
{
	return vm_fx_group_setup();
}

static int setup(void **state)
{
	uint64_t val;
	uint32_t kick;

	vm_fx_setup();
	memset(&s, 0, sizeof(s));
	memset(&c->htimer, 0, sizeof(c->htimer));
	s.frame = 1000;
	s.nwin = 2;
	s.win[0] = (struct sched_window){ 0, 600, v0 };
	s.win[1] = (struct sched_window){ 600, 1000, v1 };
	s.nslack = 1;
	s.slack[0] = v1;
	c->sched = &s;
	c->vcpu = v0;
	v1->cpu = 0;
	v1->power = VCPU_ON;
	v0->scheduled = v1->scheduled = true;
	htimer_register(HTIMER_SCHED, tick);
	/* The distributor and PPI 20 of vCPU 0 enabled. */
	val = 2;
	assert_int_equal(vgic_dist_access(&vm->vgic, 0, 0, 4, true, &val, &kick), VGIC_OK);
	val = 1u << PPI;
	assert_int_equal(vgic_redist_access(&vm->vgic, 0, GICR_SGI_ISENABLER0, 4, true, &val,
					    &kick), VGIC_OK);
	return 0;
}

static int teardown(void **state)
{
	c->sched = NULL;
	vm_fx_teardown();
	return 0;
}

static void at(uint64_t t)
{
	host_vcpu_log.counter = t;
	sched_resched(c);
}

static void owner_runs_in_its_window(void **state)
{
	at(3100);    /* frame 3, 100 into it */
	assert_ptr_equal(c->vcpu, v0);
	assert_true(v0->loaded);
	assert_int_equal(host_vcpu_log.puts, 0);
	assert_int_equal(host_vcpu_log.htimer_cval, 3600);   /* its window's end */
	assert_int_equal(s.switches, 0);
}

static void boundary_parks_and_switches(void **state)
{
	at(3600);
	assert_ptr_equal(c->vcpu, v1);
	assert_false(v0->loaded);
	assert_int_equal(host_vcpu_log.puts, 1);
	assert_int_equal(host_vcpu_log.htimer_cval, 4000);
	assert_int_equal(s.switches, 1);
	/* Parked, not put off: still on, its LR array kept. */
	assert_int_equal(v0->power, VCPU_ON);
}

static void interrupts_of_a_parked_vcpu_wait_for_it(void **state)
{
	at(3600);
	vgic_vm_set_pending(vm, 0, PPI);
	/* v0's window is not open: v1 keeps running. */
	at(3700);
	assert_ptr_equal(c->vcpu, v1);
	assert_true(vgic_vcpu_queued(&vm->vgic, 0));
	at(4000);
	assert_ptr_equal(c->vcpu, v0);
}

static void wfi_gives_the_window_to_the_slack(void **state)
{
	host_vcpu_log.counter = 100;
	sched_wfi(v0);
	assert_true(v0->waiting);
	assert_false(v0->loaded);
	assert_ptr_equal(c->vcpu, v1);
	/* v0 has no timer armed: the next decision is at its window's end. */
	assert_int_equal(v0->wake_at, 0);
	assert_int_equal(host_vcpu_log.htimer_cval, 600);
	/* Still nothing for it at the next frame: the slack runs there too. */
	at(1100);
	assert_ptr_equal(c->vcpu, v1);
}

static void wfi_with_an_interrupt_pending_returns(void **state)
{
	host_vcpu_log.counter = 100;
	vgic_vm_set_pending(vm, 0, PPI);
	sched_wfi(v0);
	assert_false(v0->waiting);
	assert_ptr_equal(c->vcpu, v0);
	assert_true(v0->loaded);
}

static void an_interrupt_wakes_a_waiting_vcpu(void **state)
{
	host_vcpu_log.counter = 100;
	sched_wfi(v0);
	assert_ptr_equal(c->vcpu, v1);
	vgic_vm_set_pending(vm, 0, PPI);     /* kicks this CPU: it decides again */
	at(150);
	assert_ptr_equal(c->vcpu, v0);
	assert_false(v0->waiting);
}

static void its_timer_wakes_a_waiting_vcpu(void **state)
{
	/* The virtual timer armed for 300 (CNTVOFF 0 in the fixture's VM). */
	v0->arch.el1.cntv_ctl = 1;
	v0->arch.el1.cntv_cval = 300 - vm->cntvoff;
	v0->arch.cntvoff = vm->cntvoff;
	host_vcpu_log.counter = 100;
	sched_wfi(v0);
	/* arch_vcpu_put (host) keeps the saved timer: its deadline is read. */
	assert_int_equal(v0->wake_at, 300);
	assert_int_equal(host_vcpu_log.htimer_cval, 300);
	host_vcpu_log.counter = 300;
	htimer_fired(c);
	assert_ptr_equal(c->vcpu, v0);
	assert_false(v0->waiting);
}

static void an_off_vcpu_gives_its_window_away(void **state)
{
	v1->power = VCPU_OFF;
	at(700);      /* v1's window, v1 off: v0 is not slack, nothing runs */
	assert_null(c->vcpu);
	assert_false(v0->loaded);
	v1->power = VCPU_ON_PENDING;   /* CPU_ON: it runs at once */
	at(710);
	assert_ptr_equal(c->vcpu, v1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(owner_runs_in_its_window, setup, teardown),
		cmocka_unit_test_setup_teardown(boundary_parks_and_switches, setup, teardown),
		cmocka_unit_test_setup_teardown(interrupts_of_a_parked_vcpu_wait_for_it, setup,
						teardown),
		cmocka_unit_test_setup_teardown(wfi_gives_the_window_to_the_slack, setup, teardown),
		cmocka_unit_test_setup_teardown(wfi_with_an_interrupt_pending_returns, setup,
						teardown),
		cmocka_unit_test_setup_teardown(an_interrupt_wakes_a_waiting_vcpu, setup, teardown),
		cmocka_unit_test_setup_teardown(its_timer_wakes_a_waiting_vcpu, setup, teardown),
		cmocka_unit_test_setup_teardown(an_off_vcpu_gives_its_window_away, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
