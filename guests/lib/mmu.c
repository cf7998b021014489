/* SPDX-License-Identifier: MIT */
/*
 * The identity map's tables (see guest/mmu.h). The descriptors are the
 * same 64-bit ones in VMSAv8-64 (Arm ARM D8.3) and in the AArch32
 * long-descriptor format (LPAE, Arm ARM G5.5): 4 KiB granule, a level-1
 * table of 1 GiB entries, of which the first four point to level-2
 * tables of 2 MiB blocks. The registers that use them are per
 * architecture (<arch>/mmu_arch.c).
 */
#include <libfdt.h>

#include <guest/dt.h>
#include <guest/guest.h>
#include <guest/mmu.h>

#define GIB		(1ull << 30)
#define MIB2		(1ull << 21)
#define N_L1		512
#define N_L2		4		/* level-2 tables: the first 4 GiB */

/* Block descriptor bits (D8.3, G5.5.3). */
#define PTE_BLOCK	0x1ull
#define PTE_TABLE	0x3ull
#define PTE_ATTR(i)	((u64)(i) << 2)	/* MAIR index */
#define PTE_SH_INNER	(3ull << 8)
#define PTE_AF		(1ull << 10)
#define PTE_PXN		(1ull << 53)
#define PTE_UXN		(1ull << 54)	/* XN in the AArch32 format */

#define PTE_DEVICE	(PTE_BLOCK | PTE_ATTR(MMU_ATTR_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
#define PTE_NORMAL	(PTE_BLOCK | PTE_ATTR(MMU_ATTR_NORMAL) | PTE_AF | PTE_SH_INNER)

static u64 l1[N_L1] __attribute__((aligned(4096)));
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

void mmu_build_tables(unsigned int l1_entries)
{
	find_normal();
	for (u64 i = 0; i < l1_entries && i < N_L1; i++) {
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

u64 mmu_root(void)
{
	return (u64)(uintptr_t)l1;
}
