/* Unit tests: the per-VM PSCI state machine (src/core/psci.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <septum/hvc.h>

#include "psci.h"

static struct cfg_vm cfg;
static struct vm vm;

static int setup(void **state)
{
	memset(&cfg, 0, sizeof(cfg));
	memset(&vm, 0, sizeof(vm));
	cfg.nmem = 2;
	cfg.mem[0] = (struct cfg_mem){ .guest = 0x40000000, .size = 0x1000000 };
	cfg.mem[1] = (struct cfg_mem){ .guest = 0x80000000, .size = 0x200000 };
	vm.cfg = &cfg;
	vm.nvcpus = 3;
	vm.state = VM_RUNNING;
	for (unsigned i = 0; i < 3; i++) {
		vm.vcpu[i].vm = &vm;
		vm.vcpu[i].idx = i;
		vm.vcpu[i].power = VCPU_OFF;
	}
	vm.vcpu[0].power = VCPU_ON;
	return 0;
}

static int64_t call(unsigned caller, uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
		    struct psci_effect *eff)
{
	return psci_call(&vm.vcpu[caller], fid, a1, a2, a3, eff);
}

static void version_is_1_1(void **state)
{
	struct psci_effect eff;

	assert_int_equal(call(0, PSCI_VERSION, 0, 0, 0, &eff), 0x10001);
	assert_int_equal(eff.action, PSCI_ACT_NONE);
}

static void features_lists_what_is_implemented(void **state)
{
	struct psci_effect eff;

	assert_int_equal(call(0, PSCI_FEATURES, PSCI_CPU_ON_64, 0, 0, &eff), 0);
	assert_int_equal(call(0, PSCI_FEATURES, PSCI_SYSTEM_RESET, 0, 0, &eff), 0);
	assert_int_equal(call(0, PSCI_FEATURES, SMCCC_VERSION, 0, 0, &eff), 0);
	assert_int_equal(call(0, PSCI_FEATURES, PSCI_CPU_SUSPEND_64, 0, 0, &eff),
			 PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(0, PSCI_FEATURES, 0x8400ffff, 0, 0, &eff),
			 PSCI_RET_NOT_SUPPORTED);
}

static void cpu_on_turns_an_off_vcpu_on_pending(void **state)
{
	struct psci_effect eff;

	assert_int_equal(call(0, PSCI_CPU_ON_64, 2, 0x40001000, 0xabcd, &eff), 0);
	assert_int_equal(vm.vcpu[2].power, VCPU_ON_PENDING);
	assert_int_equal(vm.vcpu[2].on_entry, 0x40001000);
	assert_int_equal(vm.vcpu[2].on_context, 0xabcd);
	assert_int_equal(eff.action, PSCI_ACT_WAKE);
	assert_ptr_equal(eff.target, &vm.vcpu[2]);
	assert_int_equal(vm.vcpu[1].power, VCPU_OFF);
}

static void cpu_on_twice_reports_on_pending_then_already_on(void **state)
{
	struct psci_effect eff;

	call(0, PSCI_CPU_ON_64, 1, 0x40001000, 0, &eff);
	assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40001000, 0, &eff), PSCI_RET_ON_PENDING);
	assert_int_equal(eff.action, PSCI_ACT_NONE);
	vm.vcpu[1].power = VCPU_ON;
	assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40001000, 0, &eff), PSCI_RET_ALREADY_ON);
	assert_int_equal(call(1, PSCI_CPU_ON_64, 0, 0x40001000, 0, &eff), PSCI_RET_ALREADY_ON);
}

static void cpu_on_rejects_unknown_mpidr(void **state)
{
	struct psci_effect eff;

	assert_int_equal(call(0, PSCI_CPU_ON_64, 3, 0x40001000, 0, &eff),
			 PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(call(0, PSCI_CPU_ON_64, 0x101, 0x40001000, 0, &eff),
			 PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(call(0, PSCI_CPU_ON_64, ~0ull, 0x40001000, 0, &eff),
			 PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(eff.action, PSCI_ACT_NONE);
}

static void cpu_on_rejects_entry_outside_memory(void **state)
{
	struct psci_effect eff;

	assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x41000000, 0, &eff),
			 PSCI_RET_INVALID_ADDRESS);
	assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40000002, 0, &eff),
			 PSCI_RET_INVALID_ADDRESS);
	assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x801ffffc, 0, &eff), 0);
	assert_int_equal(vm.vcpu[1].on_entry, 0x801ffffc);
	assert_int_equal(call(0, PSCI_CPU_ON_64, 2, 0x80200000, 0, &eff),
			 PSCI_RET_INVALID_ADDRESS);
	assert_int_equal(vm.vcpu[2].power, VCPU_OFF);
}

static void cpu_on_denied_while_vm_stops(void **state)
{
	struct psci_effect eff;

	vm.state = VM_STOPPING;
	assert_int_equal(call(0, PSCI_CPU_ON_64, 1, 0x40001000, 0, &eff), PSCI_RET_DENIED);
	assert_int_equal(vm.vcpu[1].power, VCPU_OFF);
}

static void affinity_info_tracks_power_states(void **state)
{
	struct psci_effect eff;

	assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 0, 0, 0, &eff), PSCI_AFF_ON);
	assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 1, 0, 0, &eff), PSCI_AFF_OFF);
	call(0, PSCI_CPU_ON_64, 1, 0x40001000, 0, &eff);
	assert_int_equal(call(0, PSCI_AFFINITY_INFO_32, 1, 0, 0, &eff), PSCI_AFF_ON_PENDING);
	assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 1, 1, 0, &eff),
			 PSCI_RET_INVALID_PARAMETERS);
	assert_int_equal(call(0, PSCI_AFFINITY_INFO_64, 9, 0, 0, &eff),
			 PSCI_RET_INVALID_PARAMETERS);
}

static void cpu_off_turns_the_caller_off(void **state)
{
	struct psci_effect eff;

	vm.vcpu[1].power = VCPU_ON;
	assert_int_equal(call(1, PSCI_CPU_OFF, 0, 0, 0, &eff), 0);
	assert_int_equal(vm.vcpu[1].power, VCPU_OFF);
	assert_int_equal(vm.vcpu[0].power, VCPU_ON);
	assert_int_equal(eff.action, PSCI_ACT_NONE);
}

static void system_off_and_reset_are_effects(void **state)
{
	struct psci_effect eff;

	call(0, PSCI_SYSTEM_OFF, 0, 0, 0, &eff);
	assert_int_equal(eff.action, PSCI_ACT_SYSTEM_OFF);
	call(0, PSCI_SYSTEM_RESET, 0, 0, 0, &eff);
	assert_int_equal(eff.action, PSCI_ACT_SYSTEM_RESET);
	/* The state change itself is vm_stop's job, not PSCI's. */
	assert_int_equal(vm.vcpu[0].power, VCPU_ON);
}

static void migrate_info_and_unknown_calls(void **state)
{
	struct psci_effect eff;

	assert_int_equal(call(0, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0, &eff), PSCI_TOS_NOT_PRESENT);
	assert_int_equal(call(0, 0x84000010, 0, 0, 0, &eff), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(0, PSCI_CPU_SUSPEND_64, 0, 0, 0, &eff), PSCI_RET_NOT_SUPPORTED);
}

static void is_call_covers_the_psci_range_only(void **state)
{
	assert_true(psci_is_call(0x84000000));
	assert_true(psci_is_call(0x8400001f));
	assert_true(psci_is_call(0xc4000003));
	assert_false(psci_is_call(0x84000020));
	assert_false(psci_is_call(0x85000000));
	assert_false(psci_is_call(0x86000000));
	assert_false(psci_is_call(0x04000000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(version_is_1_1, setup),
		cmocka_unit_test_setup(features_lists_what_is_implemented, setup),
		cmocka_unit_test_setup(cpu_on_turns_an_off_vcpu_on_pending, setup),
		cmocka_unit_test_setup(cpu_on_twice_reports_on_pending_then_already_on, setup),
		cmocka_unit_test_setup(cpu_on_rejects_unknown_mpidr, setup),
		cmocka_unit_test_setup(cpu_on_rejects_entry_outside_memory, setup),
		cmocka_unit_test_setup(cpu_on_denied_while_vm_stops, setup),
		cmocka_unit_test_setup(affinity_info_tracks_power_states, setup),
		cmocka_unit_test_setup(cpu_off_turns_the_caller_off, setup),
		cmocka_unit_test_setup(system_off_and_reset_are_effects, setup),
		cmocka_unit_test_setup(migrate_info_and_unknown_calls, setup),
		cmocka_unit_test(is_call_covers_the_psci_range_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
