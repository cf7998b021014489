/* SPDX-License-Identifier: MIT */
/* Spinlocks and starting other vCPUs of this VM. */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include <guest/layout.h>
#include <guest/types.h>

/* A test-and-set lock (LDAXR/STXR or LDREX/STREX) with WFE/SEV. */
struct spinlock {
	u32 v;
};

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

/* MPIDR_EL1 with the RES1/MT/U bits masked off (affinity fields only). */
u64 smp_mpidr(void);

/*
 * Starts the vCPU with MPIDR mpidr (PSCI CPU_ON) running fn(arg) on stack
 * slot (1 .. GUEST_MAX_CPUS-1); when fn returns the vCPU calls CPU_OFF.
 * The slot's stack must not be in use. Returns the PSCI result.
 */
s64 smp_cpu_on(u64 mpidr, unsigned int slot, void (*fn)(void *), void *arg);

/* The CPU_ON entry point (start.S) and the exit it falls into. */
void guest_secondary_entry(void);
void smp_cpu_exit(void) __noreturn;

#endif /* GUEST_SMP_H */
