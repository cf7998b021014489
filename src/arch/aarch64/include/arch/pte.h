/* SPDX-License-Identifier: MIT */
/*
 * Translation table descriptor encoding (VMSAv8-64, 4 KiB granule) and the
 * TLB maintenance hooks the generic walker (src/core/pt.c) calls.
 *
 * The encoders are pure functions (src/arch/aarch64/pte.c) and are compiled
 * into the host unit tests too. The TLB hooks touch hardware and are
 * implemented per build (arch/aarch64/tlb.c on target, arch/host on host).
 */
#ifndef SEPTUM_ARCH_PTE_H
#define SEPTUM_ARCH_PTE_H

#include "pt.h"

/* Address bits mapped by one entry at each level: 39, 30, 21, 12. */
static inline unsigned arch_level_shift(unsigned level) { return 39 - 9 * level; }
#define ARCH_PT_ENTRIES 512
#define ARCH_PT_MAX_LEVEL 3

/* Can a block (level 1, 2) or page (level 3) descriptor be used here? */
static inline bool arch_level_has_blocks(unsigned level) { return level >= 1; }

/*
 * MAIR_EL2 value the stage-1 encoders assume: Attr0 = 0xff (Normal, Inner and
 * Outer Write-Back Read/Write-Allocate), Attr1 = 0x04 (Device-nGnRE).
 */
#define ARCH_MAIR_EL2 0x04ffull

uint64_t arch_pte_invalid(void);
uint64_t arch_pte_table(paddr_t table);
/* A block (level 1 or 2) or page (level 3) descriptor. */
uint64_t arch_pte_leaf(paddr_t out, uint32_t attrs, unsigned level, enum pt_stage stage);
bool arch_pte_is_valid(uint64_t pte);
/* True for a table descriptor at levels 0..2. */
bool arch_pte_is_table(uint64_t pte, unsigned level);
paddr_t arch_pte_addr(uint64_t pte);
/* Decodes a leaf's attributes back to PT_* flags. */
uint32_t arch_pte_attrs(uint64_t pte, enum pt_stage stage);

/* Makes prior descriptor writes visible to the table walker (DSB ISHST). */
void arch_pt_sync(void);
/* Invalidates the TLB entries for one input address (after a valid entry
 * was made invalid, and before it is replaced), including walk caches. */
void arch_tlb_inval_ia(const struct pt *pt, uint64_t ia);
/* Invalidates all TLB entries of this table (its VMID at stage 2). */
void arch_tlb_inval_all(const struct pt *pt);

#endif /* SEPTUM_ARCH_PTE_H */
