/* SPDX-License-Identifier: MIT */
/*
 * An identity-mapped EL1 MMU for guests that share memory with another
 * VM. With the MMU off every data access is Device-nGnRnE, non-cacheable,
 * while a Linux peer maps a channel Normal Write-Back: on hardware with
 * caches the two would not see each other's writes (Arm ARM B2.8,
 * mismatched memory attributes). QEMU has no caches, so this only shows
 * on real boards.
 *
 * mmu_enable() maps the first 4 GiB in 2 MiB blocks and the rest of a
 * 512 GiB space in 1 GiB blocks, all at their own address: blocks that
 * overlap /memory or a "septum,channel" region are Normal Inner/Outer
 * Write-Back, Inner Shareable; everything else is Device-nGnRE and never
 * executable. Then caches on (SCTLR_EL1.M, C, I). Call it on the boot vCPU
 * after the DT is known (it reads it), and mmu_enable_secondary() first
 * thing on every other vCPU.
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include <guest/types.h>

void mmu_enable(void);
void mmu_enable_secondary(void);
bool mmu_enabled(void);

#endif /* GUEST_MMU_H */
