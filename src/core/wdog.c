/* SPDX-License-Identifier: MIT */
/*
 * A VM's watchdog (wdog.h): the deadline, the watching CPU's timer and
 * the SP805 frame's glue.
 *
 * Only the watching CPU sets its timer. Kicks on other CPUs store the
 * deadline, then read what the timer is set to (armed); the watching
 * CPU clears armed, then reads the deadline, then sets both (look()).
 * Both pairs are sequentially consistent, so at least one of the two sees
 * the other's store: either the kick sees armed = 0 or later than its
 * deadline and sends the watching CPU a kick, or the watching CPU sees the
 * new deadline. The timer is thus never set later than the deadline.
 *
 * Locks: wdog.lock (the SP805 registers) is taken alone.
 */
#include <septum/hvc.h>

#include "arch.h"
#include "check.h"
#include "cpu.h"
#include "health.h"
#include "htimer.h"
#include "print.h"
#include "vm.h"
#include "wdog.h"

static struct cpu *watcher(const struct vm *vm)
{
	return &cpus[vm->vcpu[0].cpu];
}

static uint64_t ticks_to_us(uint64_t t)
{
	return t * 1000000 / arch_counter_freq();
}

/* The watchdog is missed: the health monitor applies the VM's policy. */
static void missed(struct vm *vm, uint64_t d, uint64_t now)
{
	struct wdog *w = &vm->wdog;
	char what[120];

	format(what, sizeof(what), "watchdog missed: no kick for %lu us (timeout-ms %lu; "
	       "deadline at counter %#lx, seen %lu ticks later)",
	       ticks_to_us(now - w->kicked), ticks_to_us(w->period) / 1000, d, now - d);
	__atomic_store_n(&w->deadline, 0, __ATOMIC_SEQ_CST);
	health_fail(vm, &vm->vcpu[0], HEALTH_WDOG, what);
}

/* On vm's watching CPU: clears armed, then reads the deadline; a missed
 * one is handled if fail (from the timer's interrupt), else left for the
 * timer (set in the past, it fires at once). Returns the deadline to set
 * the timer for, 0 if none. */
static uint64_t check(struct vm *vm, uint64_t now, bool fail)
{
	struct wdog *w = &vm->wdog;
	uint64_t d;

	__atomic_store_n(&w->armed, 0, __ATOMIC_SEQ_CST);
	d = __atomic_load_n(&w->deadline, __ATOMIC_SEQ_CST);
	if (d && now >= d && fail) {
		missed(vm, d, now);
		return 0;
	}
	__atomic_store_n(&w->armed, d, __ATOMIC_SEQ_CST);
	return d;
}

/* On CPU c: every VM it watches (one while each vCPU owns its CPU; more
 * when CPUs are shared), checked; the timer set to the earliest
 * deadline. */
static void look(struct cpu *c, uint64_t now, bool fail)
{
	uint64_t first = 0;

	for (unsigned i = 0; i < vm_count; i++) {
		struct vm *vm = &vms[i];
		uint64_t d;

		if (!vm->wdog.period || watcher(vm) != c)
			continue;
		d = check(vm, now, fail);
		if (d && (!first || d < first))
			first = d;
	}
	htimer_set(HTIMER_WDOG, first);
}

/* The deadline is now d (0: stopped), set at counter time now. */
static void move(struct vm *vm, uint64_t d, uint64_t now)
{
	struct wdog *w = &vm->wdog;
	struct cpu *c = watcher(vm);
	uint64_t a;

	w->kicked = now;
	__atomic_store_n(&w->deadline, d, __ATOMIC_SEQ_CST);
	if (!d)
		return;    /* the timer, if set, finds nothing to do */
	if (c == cpu_this()) {
		look(c, now, false);
		return;
	}
	a = __atomic_load_n(&w->armed, __ATOMIC_SEQ_CST);
	if (!a || d < a) {
		__atomic_store_n(&w->rearm, true, __ATOMIC_SEQ_CST);
		cpu_kick(c);
	}
}

/* The SP805's deadline, no later than the partition's period after its
 * last reload; 0 if it would never reset. */
static uint64_t sp805_due(const struct wdog *w)
{
	uint64_t d = sp805_deadline(&w->sp805);

	return d ? MIN(d, sp805_reloaded_at(&w->sp805) + w->period) : 0;
}

/* The vmmio handler of the SP805 frame (dev: the VM). */
static bool sp805_mmio(struct vcpu *v, void *dev, struct vmmio_access *a)
{
	struct vm *vm = dev;
	struct wdog *w = &vm->wdog;
	uint64_t now = arch_counter(), before, after;
	bool ok;

	spin_lock(&w->lock);
	before = sp805_due(w);
	ok = sp805_access(&w->sp805, now, a);
	after = sp805_due(w);
	spin_unlock(&w->lock);
	if (after != before)
		move(vm, after, now);
	(void)v;
	return ok;
}

__boot void wdog_init(struct vm *vm)
{
	const struct cfg_watchdog *c = &vm->cfg->wdog;

	if (!c->present)
		return;
	vm->wdog.period = (uint64_t)c->period_ms * arch_counter_freq() / 1000;
	CHECK(vmmio_register(&vm->mmio, vm->cfg->plat.wdog.base, vm->cfg->plat.wdog.size,
			     sp805_mmio, vm));
	watcher(vm)->watches = true;
}

void wdog_reset(struct vm *vm)
{
	struct wdog *w = &vm->wdog;

	__atomic_store_n(&w->deadline, 0, __ATOMIC_SEQ_CST);
	spin_lock(&w->lock);
	sp805_reset(&w->sp805, arch_counter_freq());
	spin_unlock(&w->lock);
}

void wdog_stop(struct vm *vm)
{
	__atomic_store_n(&vm->wdog.deadline, 0, __ATOMIC_SEQ_CST);
}

int64_t wdog_kick(struct vcpu *v)
{
	struct vm *vm = v->vm;
	uint64_t now = arch_counter();

	if (!vm->wdog.period)
		return SEPTUM_E_NO_WATCHDOG;
	move(vm, now + vm->wdog.period, now);
	return SEPTUM_OK;
}

void wdog_expired(struct cpu *c, uint64_t now)
{
	look(c, now, true);
}

void wdog_ipi(struct cpu *c)
{
	bool any = false;

	for (unsigned i = 0; i < vm_count; i++)
		if (vms[i].wdog.period && watcher(&vms[i]) == c)
			any |= __atomic_exchange_n(&vms[i].wdog.rearm, false, __ATOMIC_SEQ_CST);
	if (any)
		look(c, arch_counter(), true);
}
