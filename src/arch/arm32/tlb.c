/* SPDX-License-Identifier: MIT */
/*
 * TLB maintenance for the generic walker (Arm ARM DDI 0406C.d, B4.2.2
 * "TLB maintenance functions", the Hyp operations of table B4-6). All
 * are the Inner Shareable broadcast forms, so one call cleans every
 * CPU's TLBs. ARMv7 has no invalidation by IPA: a stage-2 change
 * invalidates every Non-secure PL1&0 entry (TLBIALLNSNHIS), which also
 * covers the combined stage 1+2 entries the Arm ARM asks to remove.
 */
#include <arch/pte.h>

void arch_pt_sync(void)
{
	__asm__ volatile("dsb ishst" : : : "memory");
}

static void s2_all(void)
{
	__asm__ volatile(
		"mcr p15, 4, %0, c8, c3, 4\n\t"   /* TLBIALLNSNHIS */
		"dsb ish\n\t"
		"isb"
		: : "r"(0) : "memory");
}

/* HYP stage 1: TLBIMVAHIS (the page's MVA). */
void arch_tlb_inval_ia(const struct pt *pt, uint64_t ia)
{
	if (pt->stage == PT_STAGE2) {
		s2_all();
		return;
	}
	__asm__ volatile(
		"mcr p15, 4, %0, c8, c3, 1\n\t"
		"dsb ish\n\t"
		"isb"
		: : "r"((uint32_t)ia & ~0xfffu) : "memory");
}

/* Stage 2: every PL1&0 entry. HYP stage 1: TLBIALLHIS. */
void arch_tlb_inval_all(const struct pt *pt)
{
	if (pt->stage == PT_STAGE2) {
		s2_all();
		return;
	}
	__asm__ volatile(
		"mcr p15, 4, %0, c8, c3, 0\n\t"
		"dsb ish\n\t"
		"isb"
		: : "r"(0) : "memory");
}
