/* SPDX-License-Identifier: MIT */
/* Board devices and physical interrupts given to VMs (src/core/passthrough.c). */
#ifndef SEPTUM_PASSTHROUGH_H
#define SEPTUM_PASSTHROUGH_H

#include "types.h"
#include "vcpu.h"

struct vm;
struct vcpu;

/* Maps vm's devices into its stage 2 and gives it their interrupts and its
 * extra ones in its virtual GIC. False (with a message) if it cannot. */
bool passthrough_init(struct vm *vm);
/* Routes vm's physical SPIs to the CPU of its vCPU 0. After the GIC is up. */
void passthrough_route(struct vm *vm);
/* A physical interrupt: if a VM owns it, hands it over (it stays active
 * until the guest ends it) and returns true. IRQ path, after the priority
 * drop. */
bool passthrough_irq(uint32_t intid);
/* The same on the short path (cpu_irq_fast) for an SPI of the VM of v,
 * running on this CPU: what the arch does next (vgic_vcpu_forward);
 * VCPU_FAST_NO, nothing done, for any other interrupt. */
enum vcpu_fast passthrough_irq_fast(struct vcpu *v, uint32_t intid);

#endif /* SEPTUM_PASSTHROUGH_H */
