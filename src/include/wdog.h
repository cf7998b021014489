/* SPDX-License-Identifier: MIT */
/*
 * A VM's watchdog: one deadline, kicked by SEPTUM_HC_WDOG_KICK or through
 * the VM's emulated SP805 (sp805.h), watched by the EL2 timer (htimer.h,
 * HTIMER_WDOG) of the CPU of the VM's vCPU 0 only: no other VM's CPU does
 * anything for it, and a healthy VM pays for its kicks alone (a kick
 * stores the new deadline; on the watching CPU it also moves the timer,
 * elsewhere the timer finds the later deadline when it fires and goes
 * again; only a deadline that comes earlier than the timer is set for
 * sends that CPU a kick). A missed deadline is the health monitor's
 * (health.h). src/DESIGN.md, "Health monitor".
 */
#ifndef SEPTUM_WDOG_H
#define SEPTUM_WDOG_H

#include "sp805.h"
#include "spinlock.h"
#include "types.h"

struct cpu;
struct vm;
struct vcpu;

struct wdog {
	uint64_t period;        /* the partition's timeout-ms, in counter ticks; 0: none */
	uint64_t deadline;      /* counter ticks; 0: not started (atomic) */
	uint64_t kicked;        /* the last kick's time (for the log) */
	uint64_t armed;         /* what the watching CPU's timer is set to, 0: nothing */
	bool rearm;             /* the watching CPU is to look again (atomic) */
	struct spinlock lock;   /* the SP805 */
	struct sp805 sp805;
};

/* Sets up vm's watchdog, if its partition gives it one: the SP805 frame,
 * the watching CPU. Build time, after its vCPUs are placed. */
void wdog_init(struct vm *vm);
/* Not started, SP805 in its reset state: vm is (re)starting. */
void wdog_reset(struct vm *vm);
/* Stops it (vm is stopping), from any CPU of vm. */
void wdog_stop(struct vm *vm);
/* SEPTUM_HC_WDOG_KICK from v: returns x0. */
int64_t wdog_kick(struct vcpu *v);
/* The HTIMER_WDOG client: the watching CPU c's timer fired at now. */
void wdog_expired(struct cpu *c, uint64_t now);
/* A kick SGI on c: if it watches a VM whose deadline moved earlier, it
 * looks at its VMs' deadlines again. */
void wdog_ipi(struct cpu *c);

#endif /* SEPTUM_WDOG_H */
