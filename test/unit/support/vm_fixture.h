/* SPDX-License-Identifier: MIT */
/*
 * A running VM for the unit tests of what happens to one (vcpu_exit,
 * stopping and restarting): "rt", 2 vCPUs on CPUs 0 and 1, its RAM a host
 * buffer at guest address VM_FX_GUEST, built the way vm.c leaves a VM it
 * started, on the host stand-in architecture.
 */
#ifndef TEST_SUPPORT_VM_FIXTURE_H
#define TEST_SUPPORT_VM_FIXTURE_H

#include "board.h"
#include "cfg.h"
#include "vm.h"

#define VM_FX_RAM (256u << 10)
#define VM_FX_GUEST 0x40000000ull

extern struct board vm_fx_board;     /* GICv3 */
extern struct cfg_vm vm_fx_cfg;      /* on-fault restart */
extern uint8_t *vm_fx_ram;
extern const uint8_t vm_fx_kernel[16];
extern const uint8_t vm_fx_dt[100];

/* The page-table pool, the VM's RAM and the stand-in GIC interface, once
 * per group. 0, or -1 if memory ran out (a cmocka group setup's answer). */
int vm_fx_group_setup(void);

/* vms[0] is "rt", running: vCPU 0 on and loaded on CPU 0 (this one),
 * vCPU 1 off on CPU 1; a GICv3 vGIC with 32 SPIs; an empty stage 2. The
 * host stand-ins' logs are cleared. */
void vm_fx_setup(void);

/* Frees the VM's stage 2. */
void vm_fx_teardown(void);

#endif /* TEST_SUPPORT_VM_FIXTURE_H */
