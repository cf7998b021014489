/* SPDX-License-Identifier: MIT */
/*
 * A VM's virtual GIC as the rest of Septum uses it (src/core/vgic/vgic_vm.c):
 * raising virtual interrupts, and the hooks around each guest entry/exit.
 */
#ifndef SEPTUM_VGIC_VM_H
#define SEPTUM_VGIC_VM_H

#include "board.h"
#include "types.h"
#include "vgic.h"
#include "vcpu.h"

struct vm;
struct vcpu;

/* Sets up vm's virtual GIC (model, emulated frames, GICv2's GICV mapping)
 * after its layout and stage 2 exist. False if it cannot. */
bool vgic_vm_init(struct vm *vm, const struct board *b);
/* Drives the line of intid (vCPU vcpu's bank for a PPI): a virtual
 * device's SPI (the virtual UART), a forwarded level interrupt not linked
 * to hardware. */
void vgic_vm_set_level(struct vm *vm, unsigned vcpu, uint32_t intid, bool level);
/* On v's CPU, between its exit and entry: the source of the forwarded
 * intid stopped asserting (vgic_source_low, vgic.h). */
enum vgic_drop vgic_vm_source_low(struct vcpu *v, uint32_t intid);

/* Latches intid pending for vCPU vcpu (SGIs, PPIs) or the VM (SPIs). */
void vgic_vm_set_pending(struct vm *vm, unsigned vcpu, uint32_t intid);
/* Latches SPI intid from another VM's CPU without taking vm's locks (a
 * doorbell): one of vm's vCPUs folds it in on its next entry (vgic_post). */
void vgic_vm_post(struct vm *vm, uint32_t intid);
/* On a CPU of vm: folds the posted SPIs into its model (vm_drain_posted). */
void vgic_vm_drain_posted(struct vm *vm);
/* A trapped ICC_SGI1R_EL1 write by v. False if the VM has no GICv3. */
bool vgic_vm_sgi1r(struct vcpu *v, uint64_t val);

/* On v's own CPU: a fresh vCPU; its interface onto the CPU; every exit
 * from the guest (first thing); every entry (last thing); leaving. */
void vgic_vcpu_reset(struct vcpu *v);
void vgic_vcpu_load(struct vcpu *v);
void vgic_vcpu_exit(struct vcpu *v);
void vgic_vcpu_enter(struct vcpu *v);
void vgic_vcpu_put(struct vcpu *v);
/* v leaves its CPU still on (vcpu_park): its list-register entries stay
 * in the model and in v->lrs, written back at its next entry; the
 * physical interrupts they link to are ended. After the exit's sync. */
void vgic_vcpu_park(struct vcpu *v);
/*
 * The short path (vcpu_irq_fast), on v's CPU with v running, its list
 * registers not read back. vgic_vcpu_forward: the physical intid linked
 * to hardware (its timer's PPI, its VM's SPI) fired; it is latched, and
 * put into a free list register where vgic_lr_insert allows. The return
 * says whether the guest may be entered at once (VCPU_FAST_DONE) or the
 * exit's tail must run (VCPU_FAST_TAIL: the model has more for v, or a
 * list register is still in use). vgic_vcpu_refill_fast: a kick or the
 * maintenance interrupt; false (nothing done) unless every list register
 * v had is finished (deactivated), in which case they are folded back,
 * freed and refilled by the full vgic_lr_fill.
 */
enum vcpu_fast vgic_vcpu_forward(struct vcpu *v, uint32_t intid);
bool vgic_vcpu_refill_fast(struct vcpu *v);
/* vgic_vcpu_refill_fast that first folds in the SPIs posted to v's VM
 * (vgic_lr_fill_posted: a doorbell's receiver). When it returns false
 * nothing was drained: the caller drains (vgic_vm_drain_posted). */
bool vgic_vcpu_refill_posted_fast(struct vcpu *v);
/* The maintenance interrupt fired on v's CPU (after vgic_vcpu_exit). */
void vgic_vcpu_maintenance(struct vcpu *v);

#endif /* SEPTUM_VGIC_VM_H */
