/* SPDX-License-Identifier: MIT */
/*
 * Translation table and TLB maintenance for the generic walker (Arm ARM DDI
 * 0487K.a, "Using break-before-make when updating translation table
 * entries" and the TLBI instruction descriptions in chapter C5). All TLBIs are the Inner Shareable broadcast forms, so one
 * call cleans every CPU's TLBs.
 *
 * Callers run at EL2 with interrupts masked (as all of Septum's EL2 code
 * does): the stage-2 operations borrow VTTBR_EL2 for a moment.
 */
#include <arch/pte.h>

#include "smmu.h"

static inline uint64_t read_vttbr_el2(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, vttbr_el2" : "=r"(v));
	return v;
}

static inline void write_vttbr_el2(uint64_t v)
{
	__asm__ volatile("msr vttbr_el2, %0\n\tisb" : : "r"(v) : "memory");
}

/*
 * Stage-2 TLBIs act on the current VMID, the one in VTTBR_EL2 (TLBI
 * IPAS2E1IS, VMALLS12E1IS descriptions),
 * so point VTTBR_EL2 at this table's VMID and root for the operation.
 * VTTBR_EL2: VMID bits [63:48], BADDR bits [47:1]. Returns the old value.
 */
static uint64_t s2_enter(const struct pt *pt)
{
	uint64_t old = read_vttbr_el2();
	uint64_t vttbr = ((uint64_t)pt->vmid << 48) |
			 ((uint64_t)(uintptr_t)pt->root & 0x0000fffffffffffeull);

	if (old != vttbr)
		write_vttbr_el2(vttbr);
	return old;
}

static void s2_leave(const struct pt *pt, uint64_t old)
{
	uint64_t vttbr = ((uint64_t)pt->vmid << 48) |
			 ((uint64_t)(uintptr_t)pt->root & 0x0000fffffffffffeull);

	if (old != vttbr)
		write_vttbr_el2(old);
}

void arch_pt_sync(void)
{
	__asm__ volatile("dsb ishst" : : : "memory");
}

/*
 * Stage 2: TLBI IPAS2E1IS (Xt[35:0] = IPA[47:12]) removes the stage-2 entries
 * for the IPA, but combined stage 1+2 entries are tagged by VA, so
 * TLBI VMALLE1IS follows (the sequence the Arm ARM gives for changing a
 * stage-2 entry; KVM and Xen do the same).
 * Stage 1 EL2: TLBI VAE2IS (Xt[43:0] = VA[55:12]), all levels.
 */
void arch_tlb_inval_ia(const struct pt *pt, uint64_t ia)
{
	uint64_t page = ia >> 12;

	if (pt->stage == PT_STAGE2) {
		uint64_t old = s2_enter(pt);

		__asm__ volatile(
			"tlbi ipas2e1is, %0\n\t"
			"dsb ish\n\t"
			"tlbi vmalle1is\n\t"
			"dsb ish\n\t"
			"isb"
			: : "r"(page) : "memory");
		s2_leave(pt, old);
		/* The SMMU walks the same tables (drivers/smmuv3.c). */
		smmu_tlb_inval_vmid(pt->vmid);
	} else {
		__asm__ volatile(
			"tlbi vae2is, %0\n\t"
			"dsb ish\n\t"
			"isb"
			: : "r"(page) : "memory");
	}
}

/* Stage 2: every stage 1 and 2 entry of the VMID. Stage 1: all of EL2's. */
void arch_tlb_inval_all(const struct pt *pt)
{
	if (pt->stage == PT_STAGE2) {
		uint64_t old = s2_enter(pt);

		__asm__ volatile(
			"tlbi vmalls12e1is\n\t"
			"dsb ish\n\t"
			"isb"
			: : : "memory");
		s2_leave(pt, old);
		smmu_tlb_inval_vmid(pt->vmid);
	} else {
		__asm__ volatile(
			"tlbi alle2is\n\t"
			"dsb ish\n\t"
			"isb"
			: : : "memory");
	}
}
