/* SPDX-License-Identifier: MIT */
/*
 * Identity map for the EL1&0 regime (see guest/mmu.h). Translation table
 * format: Arm ARM D8 (VMSAv8-64), 4 KiB granule, 39-bit VA starting at
 * level 1: one level-1 table of 1 GiB entries, of which the first four
 * point to level-2 tables of 2 MiB blocks.
 */
#include <libfdt.h>

#include <guest/dt.h>
#include <guest/guest.h>
#include <guest/mmu.h>

#define GIB		(1ull << 30)
#define MIB2		(1ull << 21)
#define N_L2		4		/* level-2 tables: the first 4 GiB */

/* Block descriptor bits (D8.3). */
#define PTE_BLOCK	0x1ull
#define PTE_TABLE	0x3ull
#define PTE_ATTR(i)	((u64)(i) << 2)	/* MAIR_EL1 index */
#define PTE_SH_INNER	(3ull << 8)
#define PTE_AF		(1ull << 10)
#define PTE_PXN		(1ull << 53)
#define PTE_UXN		(1ull << 54)

#define ATTR_DEVICE	0		/* Device-nGnRE */
#define ATTR_NORMAL	1		/* Normal WB, read/write-allocate */
#define MAIR_VALUE	(0x04ull << (8 * ATTR_DEVICE) | 0xffull << (8 * ATTR_NORMAL))

#define PTE_DEVICE	(PTE_BLOCK | PTE_ATTR(ATTR_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
#define PTE_NORMAL	(PTE_BLOCK | PTE_ATTR(ATTR_NORMAL) | PTE_AF | PTE_SH_INNER)

/* TCR_EL1: T0SZ 25 (39-bit), IRGN0/ORGN0 WB-WA, SH0 inner, TG0 4 KiB,
 * EPD1 (no TTBR1 walks), IPS from ID_AA64MMFR0_EL1.PARange. */
#define TCR_BASE	(25ull | 1ull << 8 | 1ull << 10 | 3ull << 12 | 1ull << 23)
#define TCR_IPS_SHIFT	32

#define SCTLR_M		(1ull << 0)
#define SCTLR_C		(1ull << 2)
#define SCTLR_I		(1ull << 12)

static u64 l1[512] __attribute__((aligned(4096)));
static u64 l2[N_L2][512] __attribute__((aligned(4096)));
static struct dt_range normal[DT_MAX_RANGES + 8];
static int n_normal;

static bool is_normal(u64 base, u64 size)
{
	for (int i = 0; i < n_normal; i++)
		if (base < normal[i].base + normal[i].size &&
		    normal[i].base < base + size)
			return true;
	return false;
}

/* /memory plus every channel's reg. */
static void find_normal(void)
{
	const void *fdt = (const void *)(uintptr_t)dt_addr();
	int node;

	n_normal = dt_memory(normal, DT_MAX_RANGES);
	for (node = fdt_node_offset_by_compatible(fdt, -1, "septum,channel");
	     node >= 0 && n_normal < (int)ARRAY_SIZE(normal);
	     node = fdt_node_offset_by_compatible(fdt, node, "septum,channel")) {
		int len;
		const fdt64_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (reg && len == 16) {
			normal[n_normal].base = fdt64_to_cpu(reg[0]);
			normal[n_normal].size = fdt64_to_cpu(reg[1]);
			n_normal++;
		}
	}
}

static void build_tables(void)
{
	for (u64 i = 0; i < 512; i++) {
		u64 base = i * GIB;

		if (i < N_L2) {
			for (u64 j = 0; j < 512; j++) {
				u64 b = base + j * MIB2;

				l2[i][j] = b | (is_normal(b, MIB2) ? PTE_NORMAL : PTE_DEVICE);
			}
			l1[i] = (u64)(uintptr_t)l2[i] | PTE_TABLE;
		} else {
			l1[i] = base | (is_normal(base, GIB) ? PTE_NORMAL : PTE_DEVICE);
		}
	}
}

void mmu_enable_secondary(void)
{
	u64 parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	if (parange > 5)
		parange = 5;	/* 48 bits: 52-bit output needs other formats */
	write_sysreg(mair_el1, MAIR_VALUE);
	write_sysreg(tcr_el1, TCR_BASE | parange << TCR_IPS_SHIFT);
	write_sysreg(ttbr0_el1, (u64)(uintptr_t)l1);
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
	find_normal();
	build_tables();
	invalidate_image();
	mmu_enable_secondary();
}

bool mmu_enabled(void)
{
	return read_sysreg(sctlr_el1) & SCTLR_M;
}
