/*
 * Unit tests: the one call the arch makes for every exit from a guest
 * (vcpu_exit, src/core/vcpu.c) and the idle loop's vcpu_settle, with the
 * whole core behind them (trap policy, hypercalls, PSCI, the vGIC glue,
 * stopping and restarting a VM, physical interrupt handling in cpu.c), on
 * the host stand-in architecture (src/arch/host: the GIC's interrupts are
 * raised by the test, vCPU loads, puts and resets are recorded).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host_gic.h>
#include <arch/host_vcpu.h>
#include <arch/timer.h>
#include <septum/psci.h>

#include "arch.h"
#include "cpu.h"
#include "gic.h"
#include "mem.h"
#include "trap.h"
#include "uart_fake.h"
#include "vcpu.h"
#include "vgic_hw.h"
#include "vm.h"
#include "vm_fixture.h"

#define RAM VM_FX_RAM
#define GUEST VM_FX_GUEST
#define VTIMER 27
#define PTIMER 30
#define GICR_SGI_ISPENDR0 0x10200
#define GICR_SGI_ICPENDR0 0x10280
#define GICR_SGI_ISACTIVER0 0x10300

static struct vm *const vm = &vms[0];
static struct vcpu *const v0 = &vms[0].vcpu[0];

static int group_setup(void **state)
{
	return vm_fx_group_setup();
}

/* The fixture's running VM "rt" (vCPU 0 running here, vCPU 1 off), with
 * the timers' PPIs linked to hardware. */
static int setup(void **state)
{
	vm_fx_setup();
	cpu_irqs = (struct cpu_irqs){ .maint = 25, .vtimer = VTIMER, .ptimer = PTIMER,
				      .uart = 33 };
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(vgic_set_hw(&vm->vgic, i, VTIMER, true), VGIC_OK);
		assert_int_equal(vgic_set_hw(&vm->vgic, i, PTIMER, true), VGIC_OK);
	}
	return 0;
}

static int teardown(void **state)
{
	vm_fx_teardown();
	return 0;
}

static enum vcpu_next hvc(uint32_t fid)
{
	const struct trap_info t = { .kind = TRAP_HVC, .insn_len = 4 };

	arch_vcpu_set_reg(&v0->arch, 0, fid);
	return vcpu_exit(v0, &t);
}

/* vCPU 0's bit of intid in the redistributor register at off (SGI frame). */
static bool redist_bit(uint32_t off, unsigned intid)
{
	uint64_t val = 0;
	uint32_t kick = 0;

	assert_int_equal(vgic_redist_access(&vm->vgic, 0, off, 4, false, &val, &kick),
			 VGIC_OK);
	return val & (1u << intid);
}

static void redist_set(uint32_t off, unsigned intid)
{
	uint64_t val = 1u << intid;
	uint32_t kick = 0;

	assert_int_equal(vgic_redist_access(&vm->vgic, 0, off, 4, true, &val, &kick),
			 VGIC_OK);
}

static bool vtimer_pending(void)
{
	return redist_bit(GICR_SGI_ISPENDR0, VTIMER);
}

/* The timer's PPI fires (its output high) and is taken at EL2. */
static enum vcpu_next timer_fires(enum arch_timer t, uint32_t intid)
{
	const struct trap_info irq = { .kind = TRAP_IRQ };

	host_vcpu_log.timer_level[t] = true;
	host_gic_raise(intid);
	return vcpu_exit(v0, &irq);
}

static void a_hypercall_runs_the_guest_again_with_its_answer(void **state)
{
	assert_int_equal(hvc(PSCI_VERSION), VCPU_RUN);
	assert_int_equal(arch_vcpu_get_reg(&v0->arch, 0), PSCI_VERSION_1_1);
	assert_true(v0->loaded);
	assert_int_equal(host_vcpu_log.puts, 0);
}

static void cpu_off_leaves_the_guest_and_the_idle_loop_puts_it(void **state)
{
	assert_int_equal(hvc(PSCI_CPU_OFF), VCPU_IDLE);
	assert_int_equal(v0->power, VCPU_OFF);
	/* What cpu_idle() does next: the vCPU is saved, nothing runs. */
	assert_false(vcpu_settle(v0));
	assert_false(v0->loaded);
	assert_int_equal(host_vcpu_log.puts, 1);
	assert_int_equal(vm->state, VM_RUNNING);
}

static void a_physical_interrupt_exit_handles_it_and_runs_again(void **state)
{
	assert_int_equal(timer_fires(ARCH_TIMER_VIRT, VTIMER), VCPU_RUN);
	assert_int_equal(host_gic_log.nacked, 1);
	assert_int_equal(host_gic_log.eois, 1);
	/* Forwarded to the vCPU (its deactivation is the guest's, through
	 * the hardware-linked list register), not deactivated here. */
	assert_true(vtimer_pending());
	assert_int_equal(host_gic_log.deactivated, 0);
}

/* Withdrawn before the guest took it (turned off, masked, or compare value
 * moved on): nothing stays pending and the physical PPI is ended, so the
 * next assertion is signalled again; the same for the physical timer. */
static void a_timer_dropped_before_its_ack_is_withdrawn(void **state)
{
	const struct trap_info wfi = { .kind = TRAP_WFX, .insn_len = 4 };
	const enum arch_timer ts[] = { ARCH_TIMER_VIRT, ARCH_TIMER_PHYS };
	const uint32_t ids[] = { VTIMER, PTIMER };

	for (unsigned i = 0; i < 2; i++) {
		unsigned deact = host_gic_log.deactivated;

		assert_int_equal(timer_fires(ts[i], ids[i]), VCPU_RUN);
		assert_true(redist_bit(GICR_SGI_ISPENDR0, ids[i]));
		assert_true(v0->timer_live & BIT(ts[i]));
		/* Still high at the next exit: still pending, still held. */
		assert_int_equal(vcpu_exit(v0, &wfi), VCPU_RUN);
		assert_true(redist_bit(GICR_SGI_ISPENDR0, ids[i]));
		assert_int_equal(host_gic_log.deactivated, deact);
		host_vcpu_log.timer_level[ts[i]] = false;
		assert_int_equal(vcpu_exit(v0, &wfi), VCPU_RUN);
		assert_false(redist_bit(GICR_SGI_ISPENDR0, ids[i]));
		assert_int_equal(host_gic_log.deactivated, deact + 1);
		assert_false(v0->timer_live & BIT(ts[i]));
	}
}

/* Once the guest has it active, its deactivation (hardware-linked) ends
 * the physical PPI: Septum must not. */
static void a_timer_interrupt_the_guest_took_is_left_to_it(void **state)
{
	const struct trap_info wfi = { .kind = TRAP_WFX, .insn_len = 4 };

	assert_int_equal(timer_fires(ARCH_TIMER_VIRT, VTIMER), VCPU_RUN);
	redist_set(GICR_SGI_ISACTIVER0, VTIMER);       /* as its ack would */
	host_vcpu_log.timer_level[ARCH_TIMER_VIRT] = false;
	assert_int_equal(vcpu_exit(v0, &wfi), VCPU_RUN);
	assert_int_equal(host_gic_log.deactivated, 0);
	assert_int_equal(v0->timer_live, 0);
}

/* A vCPU leaving its CPU with its timer interrupt held ends it. */
static void a_vcpu_put_ends_its_held_timer_interrupt(void **state)
{
	assert_int_equal(timer_fires(ARCH_TIMER_PHYS, PTIMER), VCPU_RUN);
	vcpu_put(v0);
	assert_int_equal(host_gic_log.deactivated, 1);
	assert_int_equal(v0->timer_live, 0);
}

/* With soft links (QEMU's GICv2 model, vgic_hw.h) the same: withdrawn
 * when dropped before the ack, the physical PPI ended by Septum. */
static void with_soft_links_a_dropped_timer_is_withdrawn_too(void **state)
{
	const struct trap_info wfi = { .kind = TRAP_WFX, .insn_len = 4 };

	vm->vgic.soft_links = true;
	assert_int_equal(timer_fires(ARCH_TIMER_VIRT, VTIMER), VCPU_RUN);
	assert_true(vtimer_pending());
	assert_int_equal(vcpu_exit(v0, &wfi), VCPU_RUN);
	assert_int_equal(host_gic_log.deactivated, 0);
	host_vcpu_log.timer_level[ARCH_TIMER_VIRT] = false;
	assert_int_equal(vcpu_exit(v0, &wfi), VCPU_RUN);
	assert_false(vtimer_pending());
	assert_int_equal(host_gic_log.deactivated, 1);
}

static void the_timer_of_a_vcpu_not_loaded_is_deactivated(void **state)
{
	const struct trap_info irq = { .kind = TRAP_IRQ };

	v0->loaded = false;
	host_gic_raise(VTIMER);
	host_gic_raise(GIC_SGI_KICK);
	assert_int_equal(vcpu_exit(v0, &irq), VCPU_IDLE);
	assert_int_equal(host_gic_log.nacked, 2);
	assert_int_equal(host_gic_log.deactivated, 2);
	assert_false(vtimer_pending());
}

static void an_serror_restarts_the_vm_and_settle_resets_vcpu0(void **state)
{
	const struct trap_info serror = { .kind = TRAP_SERROR, .esr = 0xbe000011 };

	assert_int_equal(vcpu_exit(v0, &serror), VCPU_IDLE);
	assert_non_null(strstr(uart_fake.out, "vm rt vcpu 0: SError (syndrome 0xbe000011)"));
	assert_int_equal(vm->starts, 2);
	assert_int_equal(v0->power, VCPU_ON_PENDING);
	/* The idle loop brings vCPU 0 back at the image's entry point. */
	assert_true(vcpu_settle(v0));
	assert_int_equal(v0->power, VCPU_ON);
	assert_true(v0->loaded);
	assert_int_equal(host_vcpu_log.resets, 1);
	assert_int_equal(host_vcpu_log.loads, 1);
	assert_int_equal(arch_vcpu_pc(&v0->arch), GUEST + 0x40);
}

static void an_serror_with_the_stop_policy_stops_the_vm(void **state)
{
	const struct trap_info serror = { .kind = TRAP_SERROR, .esr = 0xbe000011 };

	vm_fx_cfg.on_fault = CFG_ON_FAULT_STOP;
	assert_int_equal(vcpu_exit(v0, &serror), VCPU_IDLE);
	assert_int_equal(vm->state, VM_STOPPED);
	assert_false(vcpu_settle(v0));
}

static void a_vcpu_turned_on_by_its_sibling_starts_where_it_was_asked(void **state)
{
	struct vcpu *v1 = &vm->vcpu[1];
	const struct trap_info t = { .kind = TRAP_HVC, .insn_len = 4 };

	arch_vcpu_set_reg(&v0->arch, 0, PSCI_CPU_ON_64);
	arch_vcpu_set_reg(&v0->arch, 1, 1);
	arch_vcpu_set_reg(&v0->arch, 2, GUEST + 0x800);
	arch_vcpu_set_reg(&v0->arch, 3, 0x1234);
	assert_int_equal(vcpu_exit(v0, &t), VCPU_RUN);
	assert_int_equal(arch_vcpu_get_reg(&v0->arch, 0), PSCI_RET_SUCCESS);
	assert_int_equal(v1->power, VCPU_ON_PENDING);
	assert_int_equal(host_gic_log.sgis, 1);        /* CPU 1 kicked */
	assert_int_equal(host_gic_log.last_sgi_cpu, 1);
	assert_true(vcpu_settle(v1));                   /* as CPU 1 would */
	assert_int_equal(arch_vcpu_pc(&v1->arch), GUEST + 0x800);
	assert_int_equal(arch_vcpu_get_reg(&v1->arch, 0), 0x1234);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(a_hypercall_runs_the_guest_again_with_its_answer),
		T(cpu_off_leaves_the_guest_and_the_idle_loop_puts_it),
		T(a_physical_interrupt_exit_handles_it_and_runs_again),
		T(a_timer_dropped_before_its_ack_is_withdrawn),
		T(a_timer_interrupt_the_guest_took_is_left_to_it),
		T(a_vcpu_put_ends_its_held_timer_interrupt),
		T(with_soft_links_a_dropped_timer_is_withdrawn_too),
		T(the_timer_of_a_vcpu_not_loaded_is_deactivated),
		T(an_serror_restarts_the_vm_and_settle_resets_vcpu0),
		T(an_serror_with_the_stop_policy_stops_the_vm),
		T(a_vcpu_turned_on_by_its_sibling_starts_where_it_was_asked),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
