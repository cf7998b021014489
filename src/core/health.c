/* SPDX-License-Identifier: MIT */
/*
 * The health monitor's events and the on-fault policy (health.h).
 *
 * Locks: vm->lock for the restart times (src/DESIGN.md, "Lock order");
 * the counts are atomics.
 */
#include "arch.h"
#include "console.h"
#include "health.h"
#include "print.h"
#include "vm.h"

static const char *const reason[HEALTH_EVENTS] = {
	[HEALTH_WDOG] = "watchdog missed",
	[HEALTH_FAULT] = "fault",
	[HEALTH_POWEROFF] = "system off",
	[HEALTH_RESTART] = "system reset",
	[HEALTH_STOP] = "stopped",
};

static void count(struct vm *vm, enum health_event ev)
{
	__atomic_add_fetch(&vm->health.count[ev], 1, __ATOMIC_RELAXED);
}

/* How many of the policy's restarts in h happened within c's window
 * before now (at most restart_max are looked at). */
static unsigned recent(const struct cfg_vm *c, const struct health *h, uint64_t now,
		       uint64_t freq)
{
	uint64_t window = (uint64_t)c->restart_window_ms * freq / 1000;
	unsigned n = 0;

	for (unsigned i = 1; i <= MIN(h->restarts, c->restart_max); i++)
		n += now - h->restart_at[(h->restarts - i) % CFG_MAX_RESTARTS] < window;
	return n;
}

bool health_may_restart(const struct cfg_vm *c, const struct health *h, uint64_t now,
			uint64_t freq)
{
	return c->on_fault == CFG_ON_FAULT_RESTART &&
	       (!c->restart_max || recent(c, h, now, freq) < c->restart_max);
}

/* Decides under vm->lock, recording the restart; false: stop. The
 * outcome's reason goes into buf. */
static bool decide(struct vm *vm, enum health_event why, char *buf, size_t n)
{
	const struct cfg_vm *c = vm->cfg;
	struct health *h = &vm->health;
	uint64_t now = arch_counter(), freq = arch_counter_freq();
	unsigned within;
	bool restart;

	spin_lock(&vm->lock);
	restart = health_may_restart(c, h, now, freq);
	if (restart)
		h->restart_at[h->restarts++ % CFG_MAX_RESTARTS] = now;
	within = recent(c, h, now + 1, freq);
	spin_unlock(&vm->lock);
	if (restart && c->restart_max)
		format(buf, n, "%s; restart %u of at most %u within %u ms", reason[why], within,
		       c->restart_max, c->restart_window_ms);
	else if (!restart && c->on_fault == CFG_ON_FAULT_RESTART)
		format(buf, n, "%s; %u restarts within %u ms: restart-limit reached",
		       reason[why], within, c->restart_window_ms);
	else
		format(buf, n, "%s", reason[why]);
	return restart;
}

void health_fail(struct vm *vm, struct vcpu *caller, enum health_event why,
		 const char *what)
{
	char buf[96];
	bool restart;

	if (__atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) != VM_RUNNING) {
		vm_stop(vm, caller, false, NULL);   /* someone else stops it */
		return;
	}
	if (what)
		log_info("vm %s: %s", vm->cfg->name, what);
	count(vm, why);
	restart = decide(vm, why, buf, sizeof(buf));
	count(vm, restart ? HEALTH_RESTART : HEALTH_STOP);
	vm_stop(vm, caller, restart, buf);
}

void health_reset(struct vm *vm, struct vcpu *caller)
{
	if (__atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING)
		count(vm, HEALTH_RESTART);
	vm_stop(vm, caller, true, reason[HEALTH_RESTART]);
}

int64_t health_query(const struct vcpu *v, uint64_t id, uint64_t ev, int64_t out[3])
{
	const struct vm *vm;

	if (id != v->vm->id && !v->vm->cfg->monitor)
		return SEPTUM_E_DENIED;
	if (id >= vm_count || ev >= HEALTH_EVENTS)
		return SEPTUM_E_INVAL;
	vm = &vms[id];
	out[0] = __atomic_load_n(&vm->health.count[ev], __ATOMIC_RELAXED);
	switch (__atomic_load_n(&vm->state, __ATOMIC_RELAXED)) {
	case VM_RUNNING:
		out[1] = SEPTUM_VM_RUNNING;
		break;
	case VM_STOPPING:
		out[1] = SEPTUM_VM_STOPPING;
		break;
	default:
		out[1] = SEPTUM_VM_STOPPED;
		break;
	}
	out[2] = (int64_t)vm->starts;
	return SEPTUM_OK;
}
