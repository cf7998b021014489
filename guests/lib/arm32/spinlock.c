/* SPDX-License-Identifier: MIT */
/* Spinlocks on LDREX/STREX with WFE/SEV (ARMv7 ARM A3.4, D7.x; the
 * Linux arch/arm spinlock pattern). */
#include <guest/smp.h>

void spin_lock(struct spinlock *l)
{
	u32 tmp;

	__asm__ volatile(
	"1:	ldrex	%0, [%1]\n"
	"	teq	%0, #0\n"
	"	wfene\n"
	"	strexeq	%0, %2, [%1]\n"
	"	teqeq	%0, #0\n"
	"	bne	1b\n"
	"	dmb	ish\n"
	: "=&r"(tmp)
	: "r"(&l->v), "r"(1)
	: "memory", "cc");
}

void spin_unlock(struct spinlock *l)
{
	__asm__ volatile(
	"	dmb	ish\n"
	"	str	%1, [%0]\n"
	"	dsb	ishst\n"
	"	sev\n"
	: : "r"(&l->v), "r"(0) : "memory");
}
