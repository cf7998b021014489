/* SPDX-License-Identifier: MIT */
/*
 * The health monitor: what happens to a VM that misses its watchdog,
 * faults in a way Septum cannot reflect, or powers off. Each event is
 * logged with its VM and reason and counted; then the VM's on-fault
 * policy applies: stop, or restart up to restart-limit times within its
 * window, then stop. src/DESIGN.md, "Health monitor".
 */
#ifndef SEPTUM_HEALTH_H
#define SEPTUM_HEALTH_H

#include <septum/hvc.h>

#include "cfg.h"
#include "types.h"

struct vm;
struct vcpu;

/* The events counted per VM (SEPTUM_HC_HEALTH's numbers). */
enum health_event {
	HEALTH_WDOG = SEPTUM_HEALTH_WDOG,
	HEALTH_FAULT = SEPTUM_HEALTH_FAULT,
	HEALTH_POWEROFF = SEPTUM_HEALTH_POWEROFF,
	HEALTH_RESTART = SEPTUM_HEALTH_RESTART,
	HEALTH_STOP = SEPTUM_HEALTH_STOP,
	HEALTH_EVENTS = SEPTUM_HEALTH_EVENTS,
};

/* Per VM, in struct vm: counts since Septum started (any CPU reads them)
 * and the times of the policy's last restarts (under vm->lock). */
struct health {
	uint32_t count[HEALTH_EVENTS];
	uint64_t restart_at[CFG_MAX_RESTARTS];  /* counter ticks, a ring */
	uint32_t restarts;                      /* by the policy, ever */
};

/*
 * Whether the policy of c restarts its VM at counter time now (freq ticks
 * a second), given the policy's restarts so far in h: no for on-fault =
 * "stop", or when restart-limit's N restarts already happened within its
 * window. Pure.
 */
bool health_may_restart(const struct cfg_vm *c, const struct health *h, uint64_t now,
			uint64_t freq);

/*
 * Event why (HEALTH_WDOG, _FAULT or _POWEROFF) happened to vm: logs
 * "vm <name>: <what>" unless what is NULL (the caller said it), counts
 * it, and applies the VM's policy through vm_stop(), logging and counting
 * the restart or the final stop. caller is a vCPU of vm whose CPU this
 * is; no lock held. Returns once the VM is stopped or restarted.
 */
void health_fail(struct vm *vm, struct vcpu *caller, enum health_event why,
		 const char *what);

/* The guest asked for a restart (PSCI SYSTEM_RESET): counted as a
 * restart, not held against restart-limit. Same caller rules. */
void health_reset(struct vm *vm, struct vcpu *caller);

/* SEPTUM_HC_HEALTH from v: fills x1..x3 for VM id's event ev and returns
 * x0 (0, SEPTUM_E_DENIED or SEPTUM_E_INVAL). */
int64_t health_query(const struct vcpu *v, uint64_t id, uint64_t ev, int64_t out[3]);

#endif /* SEPTUM_HEALTH_H */
