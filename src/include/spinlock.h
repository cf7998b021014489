/* SPDX-License-Identifier: MIT */
/* Ticket spinlock on compiler atomics (LL/SC on ARMv8.0, no libgcc calls). */
#ifndef SEPTUM_SPINLOCK_H
#define SEPTUM_SPINLOCK_H

#include <arch/relax.h>

#include "types.h"

struct spinlock {
	uint16_t next;
	uint16_t owner;
};

#define SPINLOCK_INIT { 0, 0 }

static inline void spin_lock(struct spinlock *l)
{
	uint16_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		arch_relax();
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

#endif /* SEPTUM_SPINLOCK_H */
