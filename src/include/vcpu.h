/* SPDX-License-Identifier: MIT */
/*
 * A vCPU on its physical CPU: the one call the arch layer makes for every
 * exit from a guest, and the steps that bring a vCPU's power state into
 * effect. struct vcpu itself is in vm.h.
 */
#ifndef SEPTUM_VCPU_H
#define SEPTUM_VCPU_H

#include "types.h"

struct vcpu;
struct trap_info;

/* What the arch does after an exit: enter the guest again, or leave it
 * and make the CPU idle. */
enum vcpu_next {
	VCPU_RUN,   /* ERET to v's frame: v is loaded, its work posted */
	VCPU_IDLE,  /* v is off (or its VM stopped): call cpu_idle() */
};

/*
 * Handles one exit of v, the vCPU running on this CPU: t says why, decoded
 * by the arch (trap.h; TRAP_IRQ for a physical interrupt, TRAP_SERROR for
 * an SError). Takes the list registers back, applies the core's policy
 * (trap_handle), and, if v is still on, drains its VM's posted work and
 * refills the list registers for its entry. Returns what the arch does
 * next. Never blocks, never calls cpu_idle() itself.
 */
enum vcpu_next vcpu_exit(struct vcpu *v, const struct trap_info *t);

/* The short path's vcpu_fast_return (vm.h), else the rest of the exit for that trap (already handled): as
 * vcpu_exit without the handling. */
enum vcpu_next vcpu_exit_tail(struct vcpu *v);

/* What the arch's short path does after a handler (src/DESIGN.md, "The
 * short path"): the values of arch/aarch64/trap.c's enum fast. */
enum vcpu_fast {
	VCPU_FAST_NO,    /* not handled: save the rest, the full exit */
	VCPU_FAST_DONE,  /* handled: reload the caller-saved registers, ERET */
	VCPU_FAST_TAIL,  /* handled: save the rest, vcpu_exit_tail */
};

/*
 * For an architecture whose frame already holds all of v's registers (an
 * HVC #0 trap with the whole frame saved): answers the call with
 * hvc_fast (hvc.h) and its result registers, then decides the return as
 * the short path does (vcpu_fast_return, else vcpu_exit_tail) into
 * *next. Returns false, having done nothing, for a call hvc_fast does
 * not take.
 */
bool vcpu_hvc_fast(struct vcpu *v, enum vcpu_next *next);

/* Brings v's power state into effect on this CPU: saves it if it was
 * turned off, resets it if it was turned on, loads it if it is to run and
 * prepares its entry. Returns true if v is to run. From cpu_idle(). */
bool vcpu_settle(struct vcpu *v);

/* Saves v off its CPU (it was turned off). On v's CPU; takes the VM's vGIC
 * lock, so the caller may hold vm->lock but no lock further down
 * (src/DESIGN.md, "Lock order"). */
void vcpu_put(struct vcpu *v);

/* Takes v, still on, off its CPU for another vCPU to run there (a
 * schedule's switch, sched.c): its state is saved and its pending and
 * active interrupts stay with it, delivered when it is loaded again
 * (vcpu_settle). The physical interrupts its list registers link to end
 * now, so the next vCPU's timers can fire. On v's CPU; under vm->lock or
 * not, as vcpu_put. */
void vcpu_park(struct vcpu *v);

/* The guest did something it cannot survive (an SError, say): report it
 * and apply the VM's fault policy. */
void vcpu_fatal(struct vcpu *v, const char *what, uint64_t syndrome);

#endif /* SEPTUM_VCPU_H */
