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

void cpu_handle_interrupt(void)
{
	struct cpu *c = cpu_this();

	for (;;) {
		uint32_t intid = gic->ack();

		if (intid >= GIC_INTID_SPURIOUS)
			break;
		gic->eoi(intid);
		if (intid == cpu_irqs.vtimer || intid == cpu_irqs.ptimer) {
			vtimer_fired(c, intid);
			continue;
		}
		if (passthrough_irq(intid))
			continue;
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
