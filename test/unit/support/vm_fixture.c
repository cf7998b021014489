/* SPDX-License-Identifier: MIT */
/* A running VM for unit tests (vm_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host_gic.h>
#include <arch/host_log.h>
#include <arch/host_vcpu.h>

#include "cpu.h"
#include "mem.h"
#include "uart_fake.h"
#include "vgic_hw.h"
#include "vm_fixture.h"

#define POOL_PAGES 32

struct board vm_fx_board;
struct cfg_vm vm_fx_cfg;
uint8_t *vm_fx_ram;
const uint8_t vm_fx_kernel[16] = "kernel-image-16b";
const uint8_t vm_fx_dt[100] = { 0xd0, 0x0d, 0xfe, 0xed };

int vm_fx_group_setup(void)
{
	void *pool = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);

	vm_fx_ram = aligned_alloc(PAGE_SIZE, VM_FX_RAM);
	if (!pool || !vm_fx_ram)
		return -1;
	pt_pool_init(&mem_pt_pool, pool, POOL_PAGES);
	vm_fx_board.gic.version = 3;
	return vgic_hw_probe(&vm_fx_board) ? 0 : -1;   /* the stand-in interface */
}

static void fx_cfg(void)
{
	memset(&vm_fx_cfg, 0, sizeof(vm_fx_cfg));
	strcpy(vm_fx_cfg.name, "rt");
	vm_fx_cfg.nvcpus = 2;
	vm_fx_cfg.nmem = 1;
	vm_fx_cfg.mem[0] = (struct cfg_mem){ .guest = VM_FX_GUEST, .size = VM_FX_RAM,
					     .host = (uintptr_t)vm_fx_ram };
	vm_fx_cfg.kernel = (struct cfg_image){ .data = vm_fx_kernel,
					       .size = sizeof(vm_fx_kernel),
					       .load = VM_FX_GUEST,
					       .entry = VM_FX_GUEST + 0x40 };
	vm_fx_cfg.on_fault = CFG_ON_FAULT_RESTART;
}

void vm_fx_setup(void)
{
	struct vm *vm = &vms[0];

	memset(vms, 0, sizeof(vms));
	fx_cfg();
	vm_count = 1;
	vm->cfg = &vm_fx_cfg;
	vm->nvcpus = 2;
	vm->state = VM_RUNNING;
	vm->starts = 1;
	vm->dt = vm_fx_dt;
	vm->dt_size = sizeof(vm_fx_dt);
	vm->dtb_ipa = VM_FX_GUEST + VM_FX_RAM - CFG_GUEST_DT_SIZE;
	for (unsigned i = 0; i < 2; i++) {
		cpus[i] = (struct cpu){ .id = i, .mpidr = i };
		vm->vcpu[i] = (struct vcpu){ .vm = vm, .idx = i, .cpu = (uint8_t)i };
		cpus[i].vcpu = &vm->vcpu[i];
	}
	vm->vcpu[0].power = VCPU_ON;
	vm->vcpu[0].loaded = true;
	assert_int_equal(vgic_init(&vm->vgic, VGIC_V3, 2, 32), VGIC_OK);
	assert_int_equal(pt_init(&vm->s2, &mem_pt_pool, PT_STAGE2, 40, 7), PT_OK);
	memset(&host_gic_log, 0, sizeof(host_gic_log));
	host_log_reset();
	host_vcpu_log_reset();
	uart_fake_reset();
}

void vm_fx_teardown(void)
{
	pt_destroy(&vms[0].s2);
}
