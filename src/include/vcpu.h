/* SPDX-License-Identifier: MIT */
/* What the trap path of a running vCPU calls into. */
#ifndef SEPTUM_VCPU_H
#define SEPTUM_VCPU_H

#include "trap.h"
#include "vm.h"

/* Handles one trap of a running vCPU (core policy, src/core/trap.c). */
void trap_handle(struct vcpu *v, const struct trap_info *t);
/* The frame to return to: v's, if it is still on. Otherwise saves v and
 * goes idle (does not return). Called on v's CPU at the end of a trap. */
struct arch_regs *vcpu_resume(struct vcpu *v);
/* Saves v off its CPU (it was turned off). On v's CPU; takes the VM's vGIC
 * lock, so the caller may hold vm->lock but no lock further down
 * (src/DESIGN.md, "Lock order"). */
void vcpu_put(struct vcpu *v);
/* The guest did something it cannot survive (an SError, say): report it
 * and apply the VM's fault policy. */
void vcpu_fatal(struct vcpu *v, const char *what, uint64_t syndrome);

#endif /* SEPTUM_VCPU_H */
