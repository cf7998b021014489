/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own translation regime (EL2 stage 1) and the stage-2
 * controls. EL2 uses an identity map (src/arch/lpae/hyp_map.c): text RX,
 * rodata R, everything else RW and never executable (W^X, with
 * SCTLR_EL2.WXN as a second guard).
 */
#include <arch/pte.h>
#include <arch/sysreg.h>

#include "arch.h"
#include "check.h"
#include "mem.h"

static struct pt *hyp_pt;
static uint64_t hyp_tcr;
static unsigned pa_bits;

unsigned arch_pa_bits(void)
{
	if (!pa_bits)
		pa_bits = arch_parange_bits(read_sysreg(id_aa64mmfr0_el1));
	return pa_bits;
}

unsigned arch_ia_bits(void)
{
	return MIN(arch_pa_bits(), 48u);
}

static unsigned parange_field(unsigned bits)
{
	static const uint8_t b[] = { 32, 36, 40, 42, 44, 48 };

	for (unsigned i = 0; i < ARRAY_SIZE(b); i++)
		if (b[i] >= bits)
			return i;
	return 5;
}

/* DC CVAC over [p, p+n): the smallest data cache line is 4 << CTR_EL0.DminLine
 * bytes (Arm ARM D19.2.34); the caller adds the barrier it needs. */
static void clean_lines(const void *p, size_t n)
{
	uint64_t line = 4ull << ((read_sysreg(ctr_el0) >> 16) & 0xf);

	for (uint64_t a = ALIGN_DOWN((uint64_t)p, line); a < (uint64_t)p + n; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
}

static void clean_to_poc(const void *p, size_t n)
{
	clean_lines(p, n);
	dsb(sy);
}

void arch_mmu_enable(const struct board *b)
{
	uint64_t sctlr;

	if (b) {
		hyp_pt = lpae_hyp_map(b, arch_ia_bits());
		/* TCR_EL2 (D19.2.139): T0SZ, inner/outer WBWA, inner
		 * shareable, 4 KiB granule, PS, RES1 bits 31 and 23. */
		hyp_tcr = (64 - arch_ia_bits()) | (1ull << 8) | (1ull << 10) | (3ull << 12) |
			  ((uint64_t)parange_field(arch_pa_bits()) << 16) |
			  BIT(31) | BIT(23);
		/* Secondary CPUs read these with their MMU (and so their
		 * caches) still off. */
		clean_to_poc(hyp_pt, sizeof(*hyp_pt));
		clean_to_poc(&hyp_pt, sizeof(hyp_pt));
		clean_to_poc(&hyp_tcr, sizeof(hyp_tcr));
	}
	write_sysreg(mair_el2, ARCH_MAIR_ATTRS);
	write_sysreg(tcr_el2, hyp_tcr);
	write_sysreg(ttbr0_el2, (uint64_t)hyp_pt->root);
	dsb(ish);
	isb();
	__asm__ volatile("tlbi alle2" : : : "memory");
	dsb(ish);
	isb();
	sctlr = read_sysreg(sctlr_el2);
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA | SCTLR_WXN;
	write_sysreg(sctlr_el2, sctlr);
	isb();
}

void arch_stage2_init(void)
{
	unsigned ia_bits = arch_ia_bits();
	uint8_t level, pages;
	uint64_t vtcr;

	CHECK(pt_geometry(PT_STAGE2, ia_bits, &level, &pages));
	/* VTCR_EL2 (D19.2.155): T0SZ, SL0 (4 KiB: 0 = level 2, 1 = level 1,
	 * 2 = level 0), inner/outer WBWA, inner shareable, 4 KiB granule,
	 * PS, RES1 bit 31. */
	vtcr = (64 - ia_bits) | ((uint64_t)(2 - level) << 6) | (1ull << 8) |
	       (1ull << 10) | (3ull << 12) |
	       ((uint64_t)parange_field(arch_pa_bits()) << 16) | BIT(31);
	write_sysreg(vtcr_el2, vtcr);
	isb();
}

uint64_t arch_vttbr(const struct pt *s2)
{
	return ((uint64_t)s2->vmid << 48) | (uint64_t)s2->root;
}

void arch_sync_guest_memory(void *p, size_t n)
{
	clean_lines(p, n);
	dsb(ish);
	__asm__ volatile("ic ialluis" : : : "memory");
	dsb(ish);
	isb();
}

/* DC ZVA then DC CVAC on the same block: the clean is ordered after the
 * zeroing's writes to that location (Arm ARM D7.5.8, cache maintenance
 * by VA and earlier stores to the same location). */
#define ZVA_CVAC(a) __asm__ volatile("dc zva, %0\n\tdc cvac, %0" : : "r"(a) : "memory")

void arch_zero_to_poc(void *p, size_t n)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	uint64_t block = 4ull << (dczid & 0xf);
	uint64_t line = 4ull << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uint8_t *b = p, *end = b + n, *first, *tail;

	/* One pass where a DC ZVA block is one cache line (64 bytes on the
	 * Cortex-A53/A57/A72 and QEMU's CPUs), else two. */
	if ((dczid & BIT(4)) || block != line) {
		arch_zero(p, n);
		clean_lines(p, n);
		dsb(sy);
		return;
	}
	while (b < end && !IS_ALIGNED((uint64_t)b, block))
		*b++ = 0;
	first = b;
	if (end - b >= (ptrdiff_t)(8 * block)) {
		uint8_t *stop = b + (size_t)(end - b) / (8 * block) * (8 * block);

		/* Eight blocks a round: three instructions a block. */
		__asm__ volatile("1:\n\t"
			".rept 8\n\tdc zva, %0\n\tdc cvac, %0\n\tadd %0, %0, %2\n\t.endr\n\t"
			"cmp %0, %1\n\tb.lo 1b"
			: "+r"(b) : "r"(stop), "r"(block) : "cc", "memory");
	}
	for (; b + block <= end; b += block)
		ZVA_CVAC(b);
	for (tail = b; b < end; b++)
		*b = 0;
	/* The partial lines at either end, zeroed by stores. */
	clean_lines(p, (size_t)(first - (uint8_t *)p));
	clean_lines(tail, (size_t)(end - tail));
	dsb(sy);
}

void arch_zero(void *p, size_t n)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	uint64_t block = 4ull << (dczid & 0xf);
	uint8_t *b = p, *end = b + n;

	/* DCZID_EL0.DZP set: DC ZVA prohibited. */
	if (dczid & BIT(4))
		block = 0;
	while (b < end && (!block || !IS_ALIGNED((uint64_t)b, block)))
		*b++ = 0;
	if (block)
		for (; b + block <= end; b += block)
			__asm__ volatile("dc zva, %0" : : "r"(b) : "memory");
	while (b < end)
		*b++ = 0;
}
