/* SPDX-License-Identifier: MIT */
/*
 * A vCPU on its CPU: what happens between a guest's exit and its next
 * entry (src/DESIGN.md, "The hot path"), and its power state coming into
 * effect.
 */
#include "arch.h"
#include "console.h"
#include "cpu.h"
#include "health.h"
#include "hvc.h"
#include "trap.h"
#include "vcpu.h"
#include "vgic_vm.h"
#include "vm.h"
#include "vtimer.h"

/* Work posted to v's VM by other CPUs (doorbells, console input: one
 * load when there is none), then the list registers, before v runs. */
static inline void enter(struct vcpu *v)
{
	if (__atomic_load_n(&v->vm->posted, __ATOMIC_RELAXED))
		vm_drain_posted(v->vm);
	vgic_vcpu_enter(v);
}

/* The list registers and the timer's output back into the model. */
static inline void take_back(struct vcpu *v)
{
	vgic_vcpu_exit(v);
	/* Before the trap: a read of the GIC sees the timer as it is now. */
	if (v->timer_live)
		vtimer_sample(v, v->timer_live);
}

static inline enum vcpu_next next(struct vcpu *v)
{
	if (v->power != VCPU_ON || !v->loaded)
		return VCPU_IDLE;
	enter(v);
	return VCPU_RUN;
}

enum vcpu_next vcpu_exit(struct vcpu *v, const struct trap_info *t)
{
	take_back(v);
	if (t->kind == TRAP_IRQ)
		cpu_handle_interrupt();
	else if (t->kind == TRAP_SERROR)
		vcpu_fatal(v, "SError", t->esr);
	else
		trap_handle(v, t);
	return next(v);
}

enum vcpu_next vcpu_exit_tail(struct vcpu *v)
{
	take_back(v);
	return next(v);
}

/* How v starts (arch_vcpu_reset): its VM's architecture, and whether it
 * is the VM's start. */
static unsigned entry_flags(const struct vcpu *v)
{
	return (v->vm->cfg->arch == CFG_ARCH_AARCH32 ? ARCH_ENTRY_AARCH32 : 0) |
	       (v->on_boot ? ARCH_ENTRY_BOOT : 0);
}

bool vcpu_settle(struct vcpu *v)
{
	struct vm *vm = v->vm;
	bool run;

	spin_lock(&vm->lock);
	if (v->power != VCPU_ON && v->loaded)
		vcpu_put(v);
	if (v->power == VCPU_ON_PENDING) {
		arch_vcpu_reset(&v->arch, v->on_entry, v->on_context, entry_flags(v), v->idx,
				vm->vttbr, vm->cntvoff);
		vgic_vcpu_reset(v);
		if (v->scheduled)
			arch_vcpu_trap_wfi(&v->arch);
		v->waiting = false;
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
		enter(v);
	return run;
}

void vcpu_put(struct vcpu *v)
{
	vgic_vcpu_put(v);
	vtimer_put(v);
	arch_vcpu_put(&v->arch);
	__atomic_store_n(&v->loaded, false, __ATOMIC_RELEASE);
}

void vcpu_park(struct vcpu *v)
{
	vtimer_put(v);
	vgic_vcpu_park(v);
	arch_vcpu_put(&v->arch);
	__atomic_store_n(&v->loaded, false, __ATOMIC_RELEASE);
}

void vcpu_fatal(struct vcpu *v, const char *what, uint64_t syndrome)
{
	struct vm *vm = v->vm;

	log_info("vm %s vcpu %u: %s (syndrome %#lx) at pc %#lx: a fault Septum cannot "
		 "reflect", vm->cfg->name, v->idx, what, syndrome, arch_vcpu_pc(&v->arch));
	health_fail(vm, v, HEALTH_FAULT, NULL);
}

bool vcpu_hvc_fast(struct vcpu *v, enum vcpu_next *next)
{
	struct smccc_res out;

	if (!hvc_fast(v, (uint32_t)arch_vcpu_get_reg(&v->arch, 0),
		      arch_vcpu_get_reg(&v->arch, 1), &out))
		return false;
	for (unsigned i = 0; i < out.nres; i++)
		arch_vcpu_set_reg(&v->arch, i, (uint64_t)out.r[i]);
	*next = vcpu_fast_return(v) ? VCPU_RUN : vcpu_exit_tail(v);
	return true;
}
