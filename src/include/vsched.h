/* SPDX-License-Identifier: MIT */
/*
 * Time partitions at run time (src/DESIGN.md, "Time partitions"): a
 * physical CPU with a schedule (cfg.h, struct cfg_sched) runs its vCPUs
 * in their windows, switching at the boundaries from the EL2 timer
 * (htimer.h, HTIMER_SCHED); a vCPU that waits in WFI gives its time to
 * the slack. CPUs without a schedule (cpu->sched NULL) never come here.
 * Everything runs on the CPU concerned, with interrupts masked.
 */
#ifndef SEPTUM_VSCHED_H
#define SEPTUM_VSCHED_H

#include "cfg.h"
#include "types.h"

struct cpu;
struct vcpu;

/* A window in counter ticks from the frame's start. */
struct sched_window {
	uint64_t start, end;
	struct vcpu *owner;      /* NULL: its VM was not built (idle time) */
};

struct sched {
	uint64_t frame;          /* major frame, ticks */
	unsigned nwin;
	struct sched_window win[CFG_MAX_WINDOWS];   /* by start, disjoint */
	unsigned nslack;
	struct vcpu *slack[CFG_MAX_SLACK];
	uint64_t switches;       /* vCPU changes on this CPU */
	bool restart_turn;       /* the vCPU chosen is a restart task's */
};

/* Boot CPU, after the VMs are built and before they start: gives each
 * CPU with a valid schedule in p its struct sched (cpu->sched), marks its
 * vCPUs scheduled (WFI traps for them), logs the timelines. Frames start
 * at physical count 0 and every multiple of their length: all CPUs'
 * frames line up, and a guest finds its place in the frame from CNTPCT. */
void sched_init(const struct partition *p);

/* Decides which vCPU runs now on c (the calling CPU, scheduled): the open
 * window's owner if it can run, else the first slack vCPU that can, else
 * none; c->vcpu becomes it, and the vCPU that was loaded is taken off the
 * CPU (keeping its interrupts) if it is not the one. Arms HTIMER_SCHED for
 * the next boundary (or a waiting vCPU's timer). From cpu_idle(), the
 * kick SGI and the EL2 timer; no lock held. */
void sched_resched(struct cpu *c);

/*
 * On c (the calling CPU, scheduled), from cpu_idle() after
 * sched_resched(): if the vCPU chosen belongs to a VM being restarted
 * (vm->reload.pending, set by vm_stop) and this is its vCPU 0's CPU (the
 * VM's time here is its restart task's), does one turn of its restart task
 * (vm_restart_turn) up to the CPU's next decision (its earliest EL2 timer
 * deadline) or a pending interrupt, so the next window's owner starts on
 * time. Returns true if the turn finished the reload and started the VM;
 * false if there was no turn to do or the work goes on in the VM's next
 * time (the CPU then waits for its next event).
 */
bool sched_restart_turn(struct cpu *c);

/* v, loaded on its scheduled CPU, trapped on WFI (the instruction is
 * stepped over): unless an interrupt is pending for it, it waits and
 * leaves the CPU to the slack until one is, or its timer fires. */
void sched_wfi(struct vcpu *v);

#endif /* SEPTUM_VSCHED_H */
