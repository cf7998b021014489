/* SPDX-License-Identifier: MIT */
/*
 * Long-descriptor (LPAE) translation table encoding, 4 KiB granule (Arm
 * ARM DDI 0406C.d, B3.6 "Long-descriptor translation table format"), and
 * the TLB maintenance hooks the generic walker (src/core/pt.c) calls.
 *
 * LPAE has no level 0: a lookup starts at level 1 (1 GiB entries) or 2
 * (2 MiB), and the walker's levels 1..3 resolve 30, 21 and 12 bits, as in
 * VMSAv8-64. Septum's HYP stage 1 covers the 32-bit VA space (4 level-1
 * entries); stage 2 covers 40 bits of IPA from two concatenated level-1
 * tables (VTCR.SL0 = 1, T0SZ = -8, B3.6.6). pt_geometry() picks both.
 *
 * The encoders are pure functions (src/arch/arm32/pte.c), unit-tested on
 * the host (test/unit, septum_host32); the TLB hooks are in tlb.c.
 */
#ifndef SEPTUM_ARCH_PTE_H
#define SEPTUM_ARCH_PTE_H

#include "pt.h"

/* Address bits mapped by one entry at each level: (39,) 30, 21, 12. */
static inline unsigned arch_level_shift(unsigned level) { return 39 - 9 * level; }
#define ARCH_PT_ENTRIES 512
#define ARCH_PT_MAX_LEVEL 3

/* Blocks at levels 1 and 2, pages at level 3 (B3.6.1). */
static inline bool arch_level_has_blocks(unsigned level) { return level >= 1; }

/*
 * HMAIR0 value the stage-1 encoders assume (B4.1.73): Attr0 = 0xff
 * (Normal, Inner and Outer Write-Back Read/Write-Allocate), Attr1 = 0x04
 * (Device); HMAIR1 = 0.
 */
#define ARCH_HMAIR0 0x04ffu

uint64_t arch_pte_invalid(void);
uint64_t arch_pte_table(paddr_t table);
/* A block (level 1 or 2) or page (level 3) descriptor. */
uint64_t arch_pte_leaf(paddr_t out, uint32_t attrs, unsigned level, enum pt_stage stage);
bool arch_pte_is_valid(uint64_t pte);
/* True for a table descriptor at levels 1..2. */
bool arch_pte_is_table(uint64_t pte, unsigned level);
paddr_t arch_pte_addr(uint64_t pte);
/* Decodes a leaf's attributes back to PT_* flags. */
uint32_t arch_pte_attrs(uint64_t pte, enum pt_stage stage);

/* Makes prior descriptor writes visible to the table walker (DSB ISHST). */
void arch_pt_sync(void);
/* Invalidates the TLB entries for one input address (HYP: by MVA; stage
 * 2: ARMv7 has no invalidation by IPA, so every entry of the VMID). */
void arch_tlb_inval_ia(const struct pt *pt, uint64_t ia);
/* Invalidates all TLB entries of this table (its VMID at stage 2). */
void arch_tlb_inval_all(const struct pt *pt);

#endif /* SEPTUM_ARCH_PTE_H */
