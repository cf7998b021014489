/* SPDX-License-Identifier: MIT */
/* Spinlocks on LDAXR/STXR with WFE/SEV (Arm ARM K13.3). */
#include <guest/smp.h>

void spin_lock(struct spinlock *l)
{
	u32 tmp, busy;

	__asm__ volatile(
	"	sevl\n"
	"1:	wfe\n"
	"2:	ldaxr	%w0, [%2]\n"
	"	cbnz	%w0, 1b\n"
	"	stxr	%w1, %w3, [%2]\n"
	"	cbnz	%w1, 2b\n"
	: "=&r"(busy), "=&r"(tmp)
	: "r"(&l->v), "r"(1)
	: "memory");
}

void spin_unlock(struct spinlock *l)
{
	__asm__ volatile("stlr wzr, [%0]" : : "r"(&l->v) : "memory");
	sev();
}
