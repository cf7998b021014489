/*
 * Unit tests: devices and interrupts given to a VM (src/core/passthrough.c)
 * with its real stage-2 table and virtual GIC, on the host stand-in
 * architecture (src/arch/host: the physical GIC records what it is asked).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host_gic.h>

#include "cpu.h"
#include "mem.h"
#include "passthrough.h"
#include "vm.h"
/* The model's own view of an interrupt's state (private to src/core/vgic). */
#include "../../src/core/vgic/vgic_priv.h"

#define POOL_PAGES 32

struct vm vms[CFG_MAX_VMS];
unsigned vm_count;
struct cpu cpus[BOARD_MAX_CPUS];
struct palloc mem_ram;
struct pt_pool mem_pt_pool;

static struct cfg_vm cfg;
static struct vm *const vm = &vms[0];
static unsigned kicks;

void vm_kick(struct vcpu *t)
{
	kicks++;
}

void vm_post(struct vm *target, unsigned prefer)
{
}

static int group_setup(void **state)
{
	void *pool = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);

	if (!pool)
		return -1;
	pt_pool_init(&mem_pt_pool, pool, POOL_PAGES);
	return 0;
}

/* A VM on CPU 2 with an RTC (one page at 0x9010000, SPI 34) and an extra
 * interrupt, SPI 40. */
static int setup(void **state)
{
	memset(vms, 0, sizeof(vms));
	memset(&cfg, 0, sizeof(cfg));
	memset(&host_gic_log, 0, sizeof(host_gic_log));
	kicks = 0;
	strcpy(cfg.name, "vm");
	strcpy(cfg.path, "/vm");
	cfg.nvcpus = 1;
	cfg.ndev = 1;
	strcpy(cfg.dev[0].name, "rtc");
	cfg.dev[0].nreg = 1;
	cfg.dev[0].reg[0] = (struct cfg_dev_reg){ .guest = 0x9010000, .host = 0x9010000,
						  .size = 0x1000 };
	cfg.dev[0].nirq = 1;
	cfg.dev[0].irq[0] = 34;
	cfg.nirq = 1;
	cfg.irq[0] = 40;
	cpus[2] = (struct cpu){ .id = 2, .mpidr = 0x2 };
	vm_count = 1;
	vm->cfg = &cfg;
	vm->nvcpus = 1;
	vm->state = VM_RUNNING;
	vm->vcpu[0] = (struct vcpu){ .vm = vm, .cpu = 2, .power = VCPU_ON };
	assert_int_equal(vgic_init(&vm->vgic, VGIC_V3, 1, 32), VGIC_OK);
	assert_int_equal(pt_init(&vm->s2, &mem_pt_pool, PT_STAGE2, 40, 1), PT_OK);
	return 0;
}

static int teardown(void **state)
{
	pt_destroy(&vm->s2);
	return 0;
}

static bool pending(uint32_t intid)
{
	struct vgic_irq *irq = vgic_irq_get(&vm->vgic, 0, intid);

	return irq && vgic_irq_pending(&vm->vgic, 0, intid, irq);
}

static void device_registers_are_mapped_as_device_memory(void **state)
{
	paddr_t pa;
	uint32_t at;

	assert_true(passthrough_init(vm));
	assert_true(pt_lookup(&vm->s2, 0x9010000, &pa, &at, NULL));
	assert_int_equal(pa_addr(pa), 0x9010000);
	assert_int_equal(at & (PT_RW | PT_DEVICE | PT_X), PT_RW | PT_DEVICE);
	assert_false(pt_lookup(&vm->s2, 0x9011000, &pa, NULL, NULL));
}

static void its_interrupts_are_routed_to_its_first_vcpus_cpu(void **state)
{
	assert_true(passthrough_init(vm));
	passthrough_route(vm);
	assert_int_equal(host_gic_log.routed, 2);
	assert_int_equal(host_gic_log.last_routed, 40);
	assert_int_equal(host_gic_log.last_routed_cpu, 2);
}

static void a_physical_interrupt_becomes_the_vms_and_no_one_elses(void **state)
{
	assert_true(passthrough_init(vm));
	passthrough_route(vm);
	assert_true(passthrough_irq(34));
	assert_true(pending(34));
	assert_true(passthrough_irq(40));
	assert_true(pending(40));
	assert_false(passthrough_irq(35));       /* nobody's */
	assert_false(passthrough_irq(27));       /* a PPI: never passed through */
	assert_false(pending(35));
	assert_int_equal(host_gic_log.deactivated, 0);
}

static void a_stopped_vms_interrupt_is_ended_not_delivered(void **state)
{
	assert_true(passthrough_init(vm));
	passthrough_route(vm);
	vm->state = VM_STOPPED;
	assert_true(passthrough_irq(34));
	assert_false(pending(34));
	assert_int_equal(host_gic_log.deactivated, 1);
}

static void an_spi_another_vm_owns_refuses_the_vm(void **state)
{
	static struct cfg_vm other;
	struct vm *b = &vms[1];

	assert_true(passthrough_init(vm));
	passthrough_route(vm);
	other = (struct cfg_vm){ .name = "b", .path = "/b", .nvcpus = 1, .nirq = 1,
				 .irq = { 40 } };
	b->cfg = &other;
	b->nvcpus = 1;
	assert_int_equal(vgic_init(&b->vgic, VGIC_V3, 1, 32), VGIC_OK);
	assert_false(passthrough_init(b));
	assert_true(passthrough_irq(40));
	assert_true(pending(40));            /* still the first VM's */
}

static void a_register_range_that_is_taken_refuses_the_vm(void **state)
{
	assert_int_equal(pt_map(&vm->s2, 0x9010000, pa_init(0x1000000), 0x1000, PT_RW), PT_OK);
	assert_false(passthrough_init(vm));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(device_registers_are_mapped_as_device_memory,
						setup, teardown),
		cmocka_unit_test_setup_teardown(its_interrupts_are_routed_to_its_first_vcpus_cpu,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_physical_interrupt_becomes_the_vms_and_no_one_elses,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_stopped_vms_interrupt_is_ended_not_delivered,
						setup, teardown),
		cmocka_unit_test_setup_teardown(an_spi_another_vm_owns_refuses_the_vm, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_register_range_that_is_taken_refuses_the_vm,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
