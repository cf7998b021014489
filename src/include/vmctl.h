/* SPDX-License-Identifier: MIT */
/* Building, starting and stopping VMs (src/core/vm.c). */
#ifndef SEPTUM_VMCTL_H
#define SEPTUM_VMCTL_H

#include "board.h"
#include "cfg.h"
#include "vm.h"

/*
 * Builds every valid VM of p: places its memory (fixed or allocated from
 * mem_ram), builds its stage-2 tables, loads its images and device tree.
 * A VM that cannot be built is refused with a message naming it; the
 * others go on. Boot CPU, before the VMs start. Returns the VMs built.
 */
unsigned vm_build_all(struct partition *p, const struct board *b);
/* Starts vm on vCPU 0 (cpu_idle on each CPU picks it up). */
void vm_start(struct vm *vm);
/* Makes t's CPU look at t (after its power state changed). */
void vm_kick(struct vcpu *t);
/* Makes a CPU of vm that runs one of its vCPUs pass through the entry
 * path (for work posted to the VM): vCPU prefer's if it is on, else the
 * first vCPU that is. */
void vm_kick_running(struct vm *vm, unsigned prefer);
/* After posting work to vm from another CPU (vgic_post, vuart_post):
 * flags it and kicks a running vCPU (prefer's if it is on). */
void vm_post(struct vm *vm, unsigned prefer);
/* On a CPU of vm, before entering the guest, if vm->posted: folds in the
 * posted doorbells and console input. */
void vm_drain_posted(struct vm *vm);
/*
 * Takes every vCPU of vm off its CPU. With restart, reloads its memory
 * and starts it again; else leaves it stopped. Called by a vCPU of vm
 * (caller) on its own CPU, without vm->lock. Returns once the VM is
 * stopped (and restarted); the caller's vCPU resumes only if restarted
 * on this CPU.
 */
void vm_stop(struct vm *vm, struct vcpu *caller, bool restart);

/* The board's device tree, kept (reserved) for as long as Septum runs:
 * passed-through device nodes are copied from it into guest trees. */
extern const void *vm_board_fdt;

/* Writes vm's device tree into buf. Returns its size, or 0 if it does not
 * fit (src/core/guest_dt.c). */
size_t guest_dt_build(const struct vm *vm, void *buf, size_t size);

#endif /* SEPTUM_VMCTL_H */
