/*
 * Unit tests: stopping and restarting a running VM (src/core/vm.c, with
 * cpu.c, the console, the vGIC and the stage-2 code), on the host stand-in
 * architecture (src/arch/host: TLB maintenance, vCPU puts and resets are
 * recorded; the VM's memory is a host buffer).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host_log.h>
#include <arch/host_smmu.h>
#include <arch/host_vcpu.h>

#include "console.h"
#include "vcpu.h"
#include "vgic_hw.h"
#include "cpu.h"
#include "mem.h"
#include "uart_fake.h"
#include "vm.h"
#include "vm_fixture.h"

#define RAM VM_FX_RAM
#define GUEST VM_FX_GUEST

static struct vm *const vm = &vms[0];

static int group_setup(void **state)
{
	return vm_fx_group_setup();
}

/* The fixture's running VM "rt", its memory full of what it wrote. */
static int setup(void **state)
{
	vm_fx_setup();
	memset(vm_fx_ram, 0xa5, RAM);
	memset(&host_smmu_log, 0, sizeof(host_smmu_log));
	return 0;
}

static int teardown(void **state)
{
	vm_fx_teardown();
	return 0;
}

static bool tlb_flushed_for(uint16_t vmid)
{
	for (size_t i = 0; i < host_log.count && i < HOST_LOG_MAX; i++)
		if (host_log.entry[i].op == HOST_TLB_INVAL_ALL && host_log.entry[i].vmid == vmid)
			return true;
	return false;
}

static void system_off_stops_it_and_leaves_its_memory(void **state)
{
	vm_stop(vm, &vm->vcpu[0], false, "system off");
	assert_int_equal(vm->state, VM_STOPPED);
	assert_int_equal(vm->vcpu[0].power, VCPU_OFF);
	assert_int_equal(vm->vcpu[1].power, VCPU_OFF);
	assert_false(vm->vcpu[0].loaded);
	assert_int_equal(host_vcpu_log.puts, 1);
	assert_true(tlb_flushed_for(7));
	assert_int_equal(host_smmu_log.quiesced, 1);
	assert_int_equal(host_smmu_log.resumed, 0);
	assert_int_equal(vm_fx_ram[1000], 0xa5);
	assert_non_null(strstr(uart_fake.out, "septum: vm rt: stopped (system off)"));
}

static void a_restart_reloads_it_and_starts_vcpu0_only(void **state)
{
	uint64_t dt_off = vm->dtb_ipa - GUEST;

	vm->vcpu[1].power = VCPU_ON;      /* not loaded: its CPU let it go */
	vm_stop(vm, &vm->vcpu[0], true, "system reset");
	assert_non_null(strstr(uart_fake.out, "septum: vm rt: restarting"));
	assert_int_equal(vm->state, VM_RUNNING);
	assert_int_equal(vm->starts, 2);
	assert_int_equal(vm->vcpu[0].power, VCPU_ON_PENDING);
	assert_int_equal(vm->vcpu[0].on_entry, GUEST + 0x40);
	assert_int_equal(vm->vcpu[0].on_context, vm->dtb_ipa);
	assert_int_equal(vm->vcpu[1].power, VCPU_OFF);
	assert_true(tlb_flushed_for(7));
	/* Nothing of the last run is left: the image and the device tree
	 * again, zeros elsewhere, all of it cleaned for a guest with its MMU
	 * off. */
	assert_memory_equal(vm_fx_ram, vm_fx_kernel, sizeof(vm_fx_kernel));
	assert_memory_equal(vm_fx_ram + dt_off, vm_fx_dt, sizeof(vm_fx_dt));
	assert_int_equal(vm_fx_ram[sizeof(vm_fx_kernel)], 0);
	assert_int_equal(vm_fx_ram[RAM / 2], 0);
	assert_int_equal(vm_fx_ram[dt_off + sizeof(vm_fx_dt)], 0);
	/* Cleaned in RELOAD_BULK_CHUNK pieces (a pinned CPU), all of it. */
	assert_int_equal(host_vcpu_log.syncs, RAM / RELOAD_BULK_CHUNK);
	/* Its devices' DMA was stopped before the scrub, let go after. */
	assert_int_equal(host_smmu_log.quiesced, 1);
	assert_int_equal(host_smmu_log.quiesce_syncs, 0);
	assert_int_equal(host_smmu_log.resumed, 1);
	assert_int_equal(host_smmu_log.resume_syncs, RAM / RELOAD_BULK_CHUNK);
}

static void uart_line(void *ctx, bool level)
{
	*(bool *)ctx = level;
}

static void uart_out(void *ctx, char c)
{
}

/* The guest left its UART off, interrupting; the next run finds it as
 * firmware leaves it (vuart.h), its line low. */
static void a_restart_puts_the_uart_back(void **state)
{
	static bool line;
	struct vmmio_access off = { .offset = 0x030, .size = 4, .write = true, .value = 0 };
	struct vmmio_access imsc = { .offset = 0x038, .size = 4, .write = true, .value = 0x20 };
	struct vmmio_access cr = { .offset = 0x030, .size = 4 };

	vuart_init(&vm->uart, uart_out, uart_line, &line);
	assert_true(vuart_access(NULL, &vm->uart, &off));
	assert_true(vuart_access(NULL, &vm->uart, &imsc));
	assert_true(line);
	vm_stop(vm, &vm->vcpu[0], true, "system reset");
	assert_false(line);
	assert_true(vuart_access(NULL, &vm->uart, &cr));
	assert_int_equal(cr.value, 0x301);
}

static void a_second_stopper_just_leaves(void **state)
{
	vm->state = VM_STOPPING;
	vm->vcpu[1].power = VCPU_ON;
	vm_stop(vm, &vm->vcpu[1], true, "system reset");
	assert_int_equal(vm->vcpu[1].power, VCPU_OFF);
	assert_int_equal(vm->state, VM_STOPPING);
	assert_int_equal(vm->starts, 1);
	assert_int_equal(vm_fx_ram[0], 0xa5);
}

static void a_fatal_fault_applies_the_fault_policy(void **state)
{
	vcpu_fatal(&vm->vcpu[0], "SError", 0xbf000000);
	assert_non_null(strstr(uart_fake.out, "vm rt vcpu 0: SError (syndrome 0xbf000000)"));
	assert_non_null(strstr(uart_fake.out, "vm rt: restarting (fault)"));
	assert_int_equal(vm->starts, 2);
	vm_fx_cfg.on_fault = CFG_ON_FAULT_STOP;
	vm->vcpu[0].loaded = true;
	vm->vcpu[0].power = VCPU_ON;
	vcpu_fatal(&vm->vcpu[0], "SError", 0xbf000000);
	assert_int_equal(vm->state, VM_STOPPED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(system_off_stops_it_and_leaves_its_memory, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_restart_reloads_it_and_starts_vcpu0_only, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_restart_puts_the_uart_back, setup, teardown),
		cmocka_unit_test_setup_teardown(a_second_stopper_just_leaves, setup, teardown),
		cmocka_unit_test_setup_teardown(a_fatal_fault_applies_the_fault_policy, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
