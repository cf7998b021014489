/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: a restart on a CPU with a schedule runs in the restarting
 * VM's own time (src/core/vm.c vm_stop and vm_restart_turn, reload.c,
 * sched.c), on the host stand-in architecture. The fixture's VM "rt"
 * (256 KiB of RAM) has both vCPUs on CPU 0 by a hand-made schedule: a
 * 1000-tick frame, vCPU 0 owns 0..600, 600..1000 is idle time (a window
 * whose VM was not built) and vCPU 1 may be the slack. The scrub and the
 * clean move the stand-in counter on by 200 ticks a chunk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host_smmu.h>
#include <arch/host_vcpu.h>

#include "cpu.h"
#include "htimer.h"
#include "reload.h"
#include "vsched.h"
#include "vm.h"
#include "vm_fixture.h"

#define RAM VM_FX_RAM
/* 4 chunks to scrub (cleaned as they zero), then the kernel and the DT
 * copied and cleaned: 2 syncs. */
#define SYNCS 2

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
	vm_fx_setup();
	memset(vm_fx_ram, 0xa5, RAM);
	memset(&host_smmu_log, 0, sizeof(host_smmu_log));
	memset(&s, 0, sizeof(s));
	memset(&c->htimer, 0, sizeof(c->htimer));
	memset(vm->reload.chunk_ticks, 0, sizeof(vm->reload.chunk_ticks));
	s.frame = 1000;
	s.nwin = 2;
	s.win[0] = (struct sched_window){ 0, 600, v0 };
	s.win[1] = (struct sched_window){ 600, 1000, NULL };
	c->sched = &s;
	c->vcpu = v0;
	v1->cpu = 0;
	v0->scheduled = v1->scheduled = true;
	htimer_register(HTIMER_SCHED, tick);
	host_vcpu_log.work_ticks = 200;
	return 0;
}

static int teardown(void **state)
{
	c->sched = NULL;
	vm_fx_teardown();
	return 0;
}

/* What cpu_idle() does at counter t: decide, then the restart task's
 * turn if it is its time. True if the VM started. */
static bool idle_at(uint64_t t)
{
	host_vcpu_log.counter = t;
	sched_resched(c);
	return sched_restart_turn(c);
}

static bool scrubbed(size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (vm_fx_ram[i] != 0)
			return false;
	return true;
}

static void the_stop_only_marks_the_vm(void **state)
{
	host_vcpu_log.counter = 100;
	vm_stop(vm, v0, true, "watchdog missed");
	assert_true(vm->reload.pending);
	assert_int_equal(vm->state, VM_STOPPING);
	assert_false(v0->loaded);
	/* Its DMA stopped at once; its memory untouched for now. */
	assert_int_equal(host_smmu_log.quiesced, 1);
	assert_int_equal(host_smmu_log.resumed, 0);
	assert_int_equal(vm_fx_ram[0], 0xa5);
	assert_int_equal(host_vcpu_log.counter, 100);
}

static void the_work_stops_before_the_window_ends(void **state)
{
	host_vcpu_log.counter = 100;
	vm_stop(vm, v0, true, "watchdog missed");
	/* Chunks at 100 and 300; the next would end at 700, after 600. */
	assert_false(idle_at(100));
	assert_ptr_equal(c->vcpu, v0);
	assert_int_equal(host_vcpu_log.counter, 500);
	assert_true(scrubbed(0, 2 * RELOAD_CHUNK));
	assert_int_equal(vm_fx_ram[2 * RELOAD_CHUNK], 0xa5);
	assert_int_equal(vm->reload.chunk_ticks[RELOAD_ZERO], 200);
}

static void no_work_in_another_window(void **state)
{
	host_vcpu_log.counter = 100;
	vm_stop(vm, v0, true, "watchdog missed");
	assert_false(idle_at(650));
	assert_null(c->vcpu);
	assert_int_equal(host_vcpu_log.counter, 650);
	assert_int_equal(vm_fx_ram[0], 0xa5);
	assert_int_equal(vm->reload.chunks, 0);
}

static void it_goes_on_in_its_next_windows_and_starts_the_vm(void **state)
{
	host_vcpu_log.counter = 100;
	vm_stop(vm, v0, true, "watchdog missed");
	assert_false(idle_at(100));        /* scrub 1, 2 */
	assert_false(idle_at(650));        /* not its time */
	assert_false(idle_at(1000));       /* scrub 3, 4, the copies, the kernel's clean */
	assert_int_equal(host_vcpu_log.counter, 1600);
	assert_int_equal(host_vcpu_log.syncs, 1);
	assert_true(idle_at(2000));        /* the DT's clean ends at 2200 */
	assert_int_equal(host_vcpu_log.counter, 2200);
	assert_int_equal(host_vcpu_log.syncs, SYNCS);
	assert_int_equal(host_vcpu_log.zeroed_to_poc, RAM);
	assert_false(vm->reload.pending);
	assert_int_equal(vm->state, VM_RUNNING);
	assert_int_equal(v0->power, VCPU_ON_PENDING);
	assert_int_equal(v1->power, VCPU_OFF);
	assert_int_equal(host_smmu_log.resumed, 1);
	assert_int_equal(host_smmu_log.resume_syncs, SYNCS);
	/* The image and the DT back, zeros elsewhere. */
	assert_memory_equal(vm_fx_ram, vm_fx_kernel, sizeof(vm_fx_kernel));
	assert_true(scrubbed(sizeof(vm_fx_kernel), RAM / 2));
	/* Its vCPU 0 runs in its next window: no turn left to do. */
	assert_false(idle_at(3000));
	assert_ptr_equal(c->vcpu, v0);
	assert_int_equal(host_vcpu_log.counter, 3000);
}

static void the_slack_of_its_vcpus_is_its_time(void **state)
{
	s.nslack = 1;
	s.slack[0] = v1;
	host_vcpu_log.counter = 100;
	vm_stop(vm, v0, true, "watchdog missed");
	assert_false(idle_at(650));
	assert_ptr_equal(c->vcpu, v1);
	/* One chunk from 650 to 850: the next would end at 1050, after the
	 * frame's end (v0's window). */
	assert_int_equal(host_vcpu_log.counter, 850);
	assert_int_equal(vm->reload.chunks, 1);
}

static void a_pending_interrupt_ends_the_turn_after_one_chunk(void **state)
{
	host_vcpu_log.counter = 100;
	vm_stop(vm, v0, true, "watchdog missed");
	host_vcpu_log.irq_pending = true;
	assert_false(idle_at(100));
	assert_int_equal(vm->reload.chunks, 1);
	assert_int_equal(vm->reload.turns, 1);
	assert_int_equal(host_vcpu_log.counter, 300);
}

static void a_second_stop_while_it_reloads_just_leaves(void **state)
{
	host_vcpu_log.counter = 100;
	vm_stop(vm, v0, true, "watchdog missed");
	assert_false(idle_at(100));
	vm_stop(vm, v1, true, "system reset");
	assert_true(vm->reload.pending);
	assert_int_equal(vm->reload.chunks, 2);   /* not begun again */
	assert_int_equal(vm->starts, 1);
}

static void one_slow_chunk_does_not_stall_the_work(void **state)
{
	host_vcpu_log.counter = 100;
	vm_stop(vm, v0, true, "watchdog missed");
	vm->reload.chunk_ticks[RELOAD_ZERO] = 2000;   /* a chunk once took 2000 */
	assert_false(idle_at(100));
	assert_int_equal(vm->reload.chunks, 0);
	assert_int_equal(vm->reload.chunk_ticks[RELOAD_ZERO], 1000);
	assert_false(idle_at(1100));
	assert_int_equal(vm->reload.chunk_ticks[RELOAD_ZERO], 500);
	assert_false(idle_at(2100));          /* 2100 + 500 fits, 2300 + 500 not */
	assert_int_equal(vm->reload.chunks, 1);
	/* The next turn's estimate is what this one saw. */
	assert_int_equal(vm->reload.chunk_ticks[RELOAD_ZERO], 200);
	assert_false(idle_at(3100));          /* 3100, 3300 */
	assert_int_equal(vm->reload.chunks, 3);
}

static void a_vcpu_of_it_loaded_here_is_put_not_waited_for(void **state)
{
	/* The watchdog fires for vCPU 0 while vCPU 1 runs on this CPU. */
	v0->loaded = false;
	v1->power = VCPU_ON;
	v1->loaded = true;
	c->vcpu = v1;
	host_vcpu_log.counter = 700;
	vm_stop(vm, v0, true, "watchdog missed");
	assert_false(v1->loaded);
	assert_int_equal(v1->power, VCPU_OFF);
	assert_int_equal(host_vcpu_log.puts, 1);
	assert_true(vm->reload.pending);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_stop_only_marks_the_vm, setup, teardown),
		cmocka_unit_test_setup_teardown(the_work_stops_before_the_window_ends, setup,
						teardown),
		cmocka_unit_test_setup_teardown(no_work_in_another_window, setup, teardown),
		cmocka_unit_test_setup_teardown(it_goes_on_in_its_next_windows_and_starts_the_vm,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_slack_of_its_vcpus_is_its_time, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_pending_interrupt_ends_the_turn_after_one_chunk,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_second_stop_while_it_reloads_just_leaves, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_vcpu_of_it_loaded_here_is_put_not_waited_for,
						setup, teardown),
		cmocka_unit_test_setup_teardown(one_slow_chunk_does_not_stall_the_work, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
