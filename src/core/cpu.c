/* SPDX-License-Identifier: MIT */
/* Physical CPUs: the idle loop, IPIs, entering the pinned vCPU. */
#include "arch.h"
#include "console.h"
#include "cpu.h"
#include "gic.h"
#include "htimer.h"
#include "passthrough.h"
#include "smmu.h"
#include "vsched.h"
#include "vcpu.h"
#include "vtimer.h"
#include "vm.h"
#include "vgic_vm.h"
#include "wdog.h"

struct cpu cpus[BOARD_MAX_CPUS];
unsigned cpu_count;

void cpu_kick(struct cpu *target)
{
	gic->send_sgi(GIC_SGI_KICK, target->id, target->mpidr);
}

/* Physical interrupts Septum handles itself, set at boot. */
struct cpu_irqs cpu_irqs;

/* One interrupt, acknowledged and its priority dropped. */
static void handle(struct cpu *c, uint32_t intid)
{
	if (intid == cpu_irqs.vtimer || intid == cpu_irqs.ptimer) {
		vtimer_fired(c, intid);
		return;
	}
	if (passthrough_irq(intid))
		return;
	if (intid == cpu_irqs.htimer)
		htimer_fired(c);
	if (intid == cpu_irqs.uart) {
		console_rx_interrupt();
		console_tx_interrupt();
	}
	if (intid == cpu_irqs.maint && c->vcpu && c->vcpu->loaded)
		vgic_vcpu_maintenance(c->vcpu);
	if (intid == GIC_SGI_KICK && c->watches)
		wdog_ipi(c);
	/* On a scheduled CPU a kick may be for a vCPU that is not
	 * running: decide again. */
	if (intid == GIC_SGI_KICK && c->sched)
		sched_resched(c);
	smmu_interrupt(intid);
	/* The kick SGI (the CPU looks at its vCPU again on its way
	 * back) and the maintenance interrupt (its exit alone refills
	 * the list registers) need nothing more. */
	gic->deactivate(intid);
}

/* The next interrupt to handle: the one the short path held, else the
 * GIC's (priority dropped); >= GIC_INTID_SPURIOUS if none. */
static uint32_t take(struct cpu *c)
{
	uint32_t intid;

	if (c->held_irq) {
		intid = c->held_irq - 1;
		c->held_irq = 0;
		return intid;
	}
	intid = gic->ack();
	if (intid < GIC_INTID_SPURIOUS)
		gic->eoi(intid);
	return intid;
}

void cpu_handle_interrupt(void)
{
	struct cpu *c = cpu_this();
	uint32_t intid;

	while ((intid = take(c)) < GIC_INTID_SPURIOUS)
		handle(c, intid);
}

/* The kick SGI and the maintenance interrupt on the short path: v's power
 * state and posted work, then its list registers if all are finished. */
static enum vcpu_fast fast_look(struct vcpu *v)
{
	if (v->power != VCPU_ON || !v->loaded)
		return VCPU_FAST_TAIL;
	if (__atomic_load_n(&v->vm->posted, __ATOMIC_RELAXED)) {
		/* A doorbell: its SPI latched and loaded under one lock. */
		vm_drain_posted_but_vgic(v->vm);
		if (!vgic_vcpu_refill_posted_fast(v)) {
			vgic_vm_drain_posted(v->vm);
			return VCPU_FAST_TAIL;
		}
	} else if (__atomic_load_n(&v->vgic_dirty, __ATOMIC_ACQUIRE) &&
		   !vgic_vcpu_refill_fast(v)) {
		return VCPU_FAST_TAIL;
	}
	return vcpu_fast_return(v) ? VCPU_FAST_DONE : VCPU_FAST_TAIL;
}

enum vcpu_fast cpu_irq_fast(struct vcpu *v)
{
	struct cpu *c = cpu_this();
	uint32_t intid = gic->ack();
	enum vcpu_fast r;

	if (intid >= GIC_INTID_SPURIOUS)
		return vcpu_fast_return(v) ? VCPU_FAST_DONE : VCPU_FAST_TAIL;
	gic->eoi(intid);
	if (c->vcpu == v && v->loaded) {
		/* The kick first: an SGI is no timer nor passed-through SPI. */
		if (intid == GIC_SGI_KICK) {
			if (c->watches || c->sched)
				goto full;
			gic->deactivate(intid);
			return fast_look(v);
		}
		if (intid == cpu_irqs.vtimer || intid == cpu_irqs.ptimer)
			return vtimer_fired_fast(v, intid);
		if ((r = passthrough_irq_fast(v, intid)) != VCPU_FAST_NO)
			return r;
		/* The maintenance interrupt if every list register is
		 * finished; else the full exit's. */
		if (intid == cpu_irqs.maint && vgic_vcpu_refill_fast(v)) {
			gic->deactivate(intid);
			return fast_look(v);
		}
	}
full:
	c->held_irq = intid + 1;
	return VCPU_FAST_NO;
}

void cpu_boot_done(void)
{
	uint64_t n = arch_unmap_boot_code();

	log_info("boot-only code unmapped (%lu KiB): the parsers, the guest DT generator "
		 "and libfdt can no longer run", n >> 10);
	cpu_idle();
}

void cpu_idle(void)
{
	struct cpu *c = cpu_this();

	for (;;) {
		if (c->sched) {
			sched_resched(c);
			if (c->sched->restart_turn && sched_restart_turn(c))
				continue;   /* its VM started: decide again */
		}
		if (c->vcpu && vcpu_settle(c->vcpu))
			arch_vcpu_enter(&c->vcpu->arch.regs);
		arch_wait_for_interrupt();
		cpu_handle_interrupt();
	}
}
