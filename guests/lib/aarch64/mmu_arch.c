/* SPDX-License-Identifier: MIT */
/*
 * The AArch64 EL1&0 regime for the identity map (guest/mmu.h): 4 KiB
 * granule, 39-bit VA starting at level 1 (512 level-1 entries).
 */
#include <guest/guest.h>
#include <guest/mmu.h>

#define L1_ENTRIES	512

/* TCR_EL1: T0SZ 25 (39-bit), IRGN0/ORGN0 WB-WA, SH0 inner, TG0 4 KiB,
 * EPD1 (no TTBR1 walks), IPS from ID_AA64MMFR0_EL1.PARange. */
#define TCR_BASE	(25ull | 1ull << 8 | 1ull << 10 | 3ull << 12 | 1ull << 23)
#define TCR_IPS_SHIFT	32

#define SCTLR_M		(1ull << 0)
#define SCTLR_C		(1ull << 2)
#define SCTLR_I		(1ull << 12)

void mmu_enable_secondary(void)
{
	u64 parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	if (parange > 5)
		parange = 5;	/* 48 bits: 52-bit output needs other formats */
	write_sysreg(mair_el1, MMU_MAIR);
	write_sysreg(tcr_el1, TCR_BASE | parange << TCR_IPS_SHIFT);
	write_sysreg(ttbr0_el1, mmu_root());
	dsb_sy();
	__asm__ volatile("tlbi vmalle1" : : : "memory");
	dsb_sy();
	isb();
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_M | SCTLR_C | SCTLR_I);
	isb();
}

/*
 * Everything this image wrote so far went to memory (MMU off), but the
 * cache may still hold older copies of those lines (the hypervisor zeroed
 * and loaded this memory through its own cacheable mapping, then cleaned
 * it): drop them so the first cacheable reads see memory.
 */
static void invalidate_image(void)
{
	u64 line = 4ull << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	u64 a = guest_image_start() & ~(line - 1);

	dsb_sy();
	for (; a < guest_image_end(); a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb_sy();
}

void mmu_enable(void)
{
	mmu_build_tables(L1_ENTRIES);
	invalidate_image();
	mmu_enable_secondary();
}

bool mmu_enabled(void)
{
	return read_sysreg(sctlr_el1) & SCTLR_M;
}
