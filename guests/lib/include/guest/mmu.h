/* SPDX-License-Identifier: MIT */
/*
 * An identity-mapped EL1 MMU for guests that share memory with another
 * VM. With the MMU off every data access is Device-nGnRnE (Strongly-
 * ordered on AArch32), non-cacheable, while a Linux peer maps a channel
 * Normal Write-Back: on hardware with caches the two would not see each
 * other's writes (Arm ARM B2.8, mismatched memory attributes). QEMU has
 * no caches, so this only shows on real boards.
 *
 * mmu_enable() maps the first 4 GiB in 2 MiB blocks (AArch64: and the
 * rest of a 512 GiB space in 1 GiB blocks), all at their own address:
 * blocks that overlap /memory or a "septum,channel" region are Normal
 * Inner/Outer Write-Back, Inner Shareable; everything else is Device-nGnRE
 * and never executable. Then caches on (SCTLR.M, C, I). Call it on the
 * boot vCPU after the DT is known (it reads it), and
 * mmu_enable_secondary() first thing on every other vCPU. AArch64 uses
 * VMSAv8-64 tables, AArch32 the long-descriptor (LPAE) format with the
 * same descriptors.
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include <guest/types.h>

/* Memory attribute indices and MAIR_EL1 (AArch32: MAIR0) for them:
 * 0 Device-nGnRE (0x04), 1 Normal WB read/write-allocate (0xff). */
#define MMU_ATTR_DEVICE	0
#define MMU_ATTR_NORMAL	1
#define MMU_MAIR	0xff04ull

void mmu_enable(void);
void mmu_enable_secondary(void);
bool mmu_enabled(void);

/* For the architecture's mmu_arch.c: fills the first l1_entries level-1
 * entries (and the level-2 tables below them) from the DT; the level-1
 * table's address. */
void mmu_build_tables(unsigned int l1_entries);
u64 mmu_root(void);

#endif /* GUEST_MMU_H */
