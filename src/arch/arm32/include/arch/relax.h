/* SPDX-License-Identifier: MIT */
#ifndef SEPTUM_ARCH_RELAX_H
#define SEPTUM_ARCH_RELAX_H

/* In a spin loop: YIELD (a hint; under QEMU's round-robin TCG it lets the
 * other CPUs run). */
static inline void arch_relax(void)
{
	__asm__ volatile("yield" : : : "memory");
}

#endif
