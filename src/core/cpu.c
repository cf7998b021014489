/* SPDX-License-Identifier: MIT */
/* Physical CPUs: the idle loop, IPIs, entering the pinned vCPU. */
#include "arch.h"
#include "console.h"
#include "cpu.h"
#include "gic.h"
#include "passthrough.h"
#include "trap.h"
#include "vm.h"
#include "vgic_vm.h"

struct cpu cpus[BOARD_MAX_CPUS];
unsigned cpu_count;

void cpu_kick(struct cpu *target)
{
	gic->send_sgi(GIC_SGI_KICK, target->id, target->mpidr);
}

/* Physical interrupts Septum handles itself, set at boot. */
struct cpu_irqs cpu_irqs;

/* The virtual timer fired for the vCPU on this CPU: forward it through a
 * hardware-linked list register; the guest's deactivation ends it. */
static void forward_vtimer(struct cpu *c, uint32_t intid)
{
	struct vcpu *v = c->vcpu;

	if (!v || !v->loaded) {
		gic->deactivate(intid);
		return;
	}
	vgic_vm_set_pending(v->vm, v->idx, intid);
}

void cpu_handle_interrupt(void)
{
	struct cpu *c = cpu_this();

	for (;;) {
		uint32_t intid = gic->ack();

		if (intid >= GIC_INTID_SPURIOUS)
			break;
		gic->eoi(intid);
		if (intid == cpu_irqs.vtimer) {
			forward_vtimer(c, intid);
			continue;
		}
		if (passthrough_irq(intid))
			continue;
		if (intid == cpu_irqs.uart)
			console_rx_interrupt();
		if (intid == cpu_irqs.maint && c->vcpu && c->vcpu->loaded)
			vgic_vcpu_maintenance(c->vcpu);
		/* The kick SGI (the CPU looks at its vCPU again on its way
		 * back) and the maintenance interrupt (its exit alone refills
		 * the list registers) need nothing more. */
		gic->deactivate(intid);
	}
}

/* Work posted to v's VM by other CPUs (doorbells, console input: one
 * load when there is none), then the list registers, before v runs. */
static inline void vcpu_enter(struct vcpu *v)
{
	if (__atomic_load_n(&v->vm->posted, __ATOMIC_RELAXED))
		vm_drain_posted(v->vm);
	vgic_vcpu_enter(v);
}

/* Brings v's power state into effect on this CPU. Returns true if v is to
 * run (and is loaded). */
static bool settle(struct vcpu *v)
{
	struct vm *vm = v->vm;
	bool run;

	spin_lock(&vm->lock);
	if (v->power != VCPU_ON && v->loaded)
		vcpu_put(v);
	if (v->power == VCPU_ON_PENDING) {
		arch_vcpu_reset(&v->arch, v->on_entry, v->on_context, v->idx, vm->vttbr,
				vm->cntvoff);
		vgic_vcpu_reset(v);
		v->power = VCPU_ON;
	}
	run = v->power == VCPU_ON;
	spin_unlock(&vm->lock);
	if (run && !v->loaded) {
		arch_vcpu_load(&v->arch);
		vgic_vcpu_load(v);
		__atomic_store_n(&v->loaded, true, __ATOMIC_RELEASE);
	}
	if (run)
		vcpu_enter(v);
	return run;
}

void vcpu_put(struct vcpu *v)
{
	vgic_vcpu_put(v);
	arch_vcpu_put(&v->arch);
	__atomic_store_n(&v->loaded, false, __ATOMIC_RELEASE);
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
		if (c->vcpu && settle(c->vcpu))
			arch_vcpu_enter(&c->vcpu->arch.regs);
		arch_wait_for_interrupt();
		cpu_handle_interrupt();
	}
}

struct arch_regs *vcpu_resume(struct vcpu *v)
{
	if (v->power == VCPU_ON && v->loaded) {
		vcpu_enter(v);
		return &v->arch.regs;
	}
	cpu_idle();
}

void vcpu_fatal(struct vcpu *v, const char *what, uint64_t syndrome)
{
	struct vm *vm = v->vm;
	bool restart = vm->cfg->on_fault == CFG_ON_FAULT_RESTART;

	log_info("vm %s vcpu %u: %s (syndrome %#lx) at pc %#lx: %s the VM", vm->cfg->name,
		 v->idx, what, syndrome, arch_vcpu_pc(&v->arch),
		 restart ? "restarting" : "stopping");
	vm_stop(vm, v, restart);
}
