/* SPDX-License-Identifier: MIT */
/*
 * The EL1 timers' interrupts as levels (vtimer.h). A physical timer PPI
 * that fires is acknowledged and forwarded to the vCPU on that CPU through
 * a linked list register, and stays active until the guest deactivates
 * it (the HW bit ends it; with soft links, vgic_hw.h, Septum does at the
 * maintenance interrupt). The output is sampled on every exit while the
 * interrupt may be in flight (timer_live), because the guest changes its
 * timer without trapping: dropped before the guest took it, it is
 * withdrawn and the physical PPI ended here.
 */
#include "arch.h"
#include "cpu.h"
#include "gic.h"
#include "vgic_vm.h"
#include "vm.h"
#include "vtimer.h"

static enum arch_timer which(uint32_t intid)
{
	return intid == cpu_irqs.ptimer ? ARCH_TIMER_PHYS : ARCH_TIMER_VIRT;
}

static uint32_t intid_of(enum arch_timer t)
{
	return t == ARCH_TIMER_PHYS ? cpu_irqs.ptimer : cpu_irqs.vtimer;
}

void vtimer_fired(struct cpu *c, uint32_t intid)
{
	struct vcpu *v = c->vcpu;

	if (!v || !v->loaded) {
		gic->deactivate(intid);
		return;
	}
	v->timer_live |= (uint8_t)BIT(which(intid));
	vgic_vm_set_pending(v->vm, v->idx, intid);
}

enum vcpu_fast vtimer_fired_fast(struct vcpu *v, uint32_t intid)
{
	v->timer_live |= (uint8_t)BIT(which(intid));
	return vgic_vcpu_forward(v, intid);
}

void vtimer_dropped(struct vcpu *v, enum arch_timer t)
{
	uint32_t intid = intid_of(t);

	v->timer_live &= (uint8_t)~BIT(t);
	if (vgic_vm_source_low(v, intid) == VGIC_DROP_RELEASE)
		gic->deactivate(intid);
}

void vtimer_put(struct vcpu *v)
{
	for (unsigned t = 0; t < ARCH_TIMERS; t++)
		if (v->timer_live & BIT(t))
			vtimer_dropped(v, (enum arch_timer)t);
}
