/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own translation regime (HYP stage 1, LPAE) and the
 * stage-2 controls. HYP uses an identity map of the 32-bit address space
 * (src/arch/lpae/hyp_map.c): text RX, rodata R, everything else RW and
 * never executable (W^X, with HSCTLR.WXN as a second guard). RAM at or
 * above 4 GiB is not in it.
 */
#include <arch/pte.h>
#include <arch/sysreg.h>

#include "arch.h"
#include "check.h"
#include "mem.h"

#define HYP_VA_BITS 32

static struct pt *hyp_pt;
static uint32_t hyp_htcr;

/* ID_MMFR0.VMSA [3:0] >= 5: the Long-descriptor format, 40-bit physical
 * addresses (B4.1.89); the virtualization extensions imply it. */
unsigned arch_pa_bits(void)
{
	return (read_sysreg(ID_MMFR0) & 0xf) >= 5 ? 40 : 32;
}

/* The stage-2 input range: 40 bits (VTCR.T0SZ = -8, B4.1.159). */
unsigned arch_ia_bits(void)
{
	return arch_pa_bits();
}

/* DCCMVAC over [p, p+n): the smallest data cache line is 4 << CTR.DminLine
 * bytes (B4.1.42); the caller adds the barrier it needs. */
static void clean_lines(const void *p, size_t n)
{
	uint32_t line = 4u << ((read_sysreg(CTR) >> 16) & 0xf);

	for (uintptr_t a = ALIGN_DOWN((uintptr_t)p, line); a < (uintptr_t)p + n; a += line)
		__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" : : "r"(a) : "memory");
}

static void clean_to_poc(const void *p, size_t n)
{
	clean_lines(p, n);
	dsb(sy);
}

static void build_map(const struct board *b)
{
	hyp_pt = lpae_hyp_map(b, HYP_VA_BITS);
	/* HTCR (B4.1.76): T0SZ 0 (32 bits), inner/outer WBWA, inner
	 * shareable, RES1 bits 31 and 23. */
	hyp_htcr = (1u << 8) | (1u << 10) | (3u << 12) | BIT(31) | BIT(23);
	/* Secondary CPUs read these with their MMU (and so their caches)
	 * still off. */
	clean_to_poc(hyp_pt, sizeof(*hyp_pt));
	clean_to_poc(&hyp_pt, sizeof(hyp_pt));
	clean_to_poc(&hyp_htcr, sizeof(hyp_htcr));
}

void arch_mmu_enable(const struct board *b)
{
	if (b)
		build_map(b);
	write_sysreg(HMAIR0, ARCH_MAIR_ATTRS);
	write_sysreg(HMAIR1, 0);
	write_sysreg(HTCR, hyp_htcr);
	write_sysreg64(HTTBR, (uintptr_t)hyp_pt->root);
	dsb(ish);
	isb();
	__asm__ volatile("mcr p15, 4, %0, c8, c7, 0" : : "r"(0) : "memory"); /* TLBIALLH */
	dsb(ish);
	isb();
	write_sysreg(HSCTLR, read_sysreg(HSCTLR) | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_WXN);
	isb();
}

void arch_stage2_init(void)
{
	unsigned ia_bits = arch_ia_bits();
	uint8_t level, pages;
	uint32_t t0sz = (32 - ia_bits) & 0xf;

	CHECK(pt_geometry(PT_STAGE2, ia_bits, &level, &pages));
	/* VTCR (B4.1.159): T0SZ (signed, 4 bits) and S, its sign; SL0
	 * (0: level 2, 1: level 1); inner/outer WBWA, inner shareable; RES1
	 * bit 31. */
	write_sysreg(VTCR, t0sz | ((t0sz & 8) << 1) | ((uint32_t)(2 - level) << 6) |
		     (1u << 8) | (1u << 10) | (3u << 12) | BIT(31));
	isb();
}

/* VTTBR (B4.1.160): VMID [55:48], BADDR [39:0]. */
uint64_t arch_vttbr(const struct pt *s2)
{
	return ((uint64_t)(s2->vmid & 0xff) << 48) | (uintptr_t)s2->root;
}

/* Zeroes and cleans 64-byte lines [b, stop), from the top down: two
 * decrementing STMs leave the pointer at the line just written, so a
 * DCCMVAC (B4.2.1) takes it as it is; the clean is ordered after those
 * stores to the line (B2.2.6, cache maintenance by MVA). Eight lines a
 * round while they fit (3.25 instructions a line), then one. */
static void zero_clean_64(uint8_t *b, uint8_t *stop)
{
	uint8_t *stop8 = stop - (size_t)(stop - b) / 512 * 512;

	__asm__ volatile(
		"mov r4, #0\n\tmov r5, #0\n\tmov r6, #0\n\tmov r7, #0\n\t"
		"mov r8, #0\n\tmov r9, #0\n\tmov r10, #0\n\tmov r12, #0\n\t"
		"cmp %0, %2\n\t"
		"bls 2f\n"
		"1:\t.rept 8\n\t"
		"stmdb %0!, {r4-r10, r12}\n\t"
		"stmdb %0!, {r4-r10, r12}\n\t"
		"mcr p15, 0, %0, c7, c10, 1\n\t"
		".endr\n\t"
		"cmp %0, %2\n\t"
		"bhi 1b\n"
		"2:\tcmp %0, %1\n\t"
		"bls 3f\n\t"
		"stmdb %0!, {r4-r10, r12}\n\t"
		"stmdb %0!, {r4-r10, r12}\n\t"
		"mcr p15, 0, %0, c7, c10, 1\n\t"
		"b 2b\n"
		"3:"
		: "+r"(stop)
		: "r"(b), "r"(stop8)
		: "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r12", "cc", "memory");
}

void arch_zero_to_poc(void *p, size_t n)
{
	uint32_t line = 4u << ((read_sysreg(CTR) >> 16) & 0xf);
	uint8_t *b = (uint8_t *)(uintptr_t)ALIGN_UP((uintptr_t)p, 64), *end = (uint8_t *)p + n;
	uint8_t *stop = b + (end > b ? (size_t)(end - b) & ~(size_t)63 : 0);

	/* One pass where the cache line is 64 bytes (Cortex-A7, A15), else
	 * two; the partial lines at either end zeroed, then cleaned. */
	if (line != 64 || stop <= b) {
		arch_zero(p, n);
		clean_lines(p, n);
		dsb(sy);
		return;
	}
	arch_zero(p, (size_t)(b - (uint8_t *)p));
	zero_clean_64(b, stop);
	arch_zero(stop, (size_t)(end - stop));
	clean_lines(p, (size_t)(b - (uint8_t *)p));
	clean_lines(stop, (size_t)(end - stop));
	dsb(sy);
}

void arch_sync_guest_memory(void *p, size_t n)
{
	clean_lines(p, n);
	dsb(ish);
	__asm__ volatile("mcr p15, 0, %0, c7, c1, 0" : : "r"(0) : "memory"); /* ICIALLUIS */
	__asm__ volatile("mcr p15, 0, %0, c7, c1, 6" : : "r"(0) : "memory"); /* BPIALLIS */
	dsb(ish);
	isb();
}
