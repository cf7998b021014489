/* SPDX-License-Identifier: MIT */
/*
 * Translation table descriptors, 4 KiB granule, shared by both builds
 * (src/arch/lpae/pte.c: VMSAv8-64 and ARMv7-A's LPAE are one format where
 * Septum uses them), and the TLB maintenance hooks the generic walker
 * (src/core/pt.c) calls. Included through <arch/pte.h>, which first says
 * what differs: ARCH_PTE_OA_BITS, the output address width.
 *
 * LPAE has no level 0: a lookup starts at level 1 (1 GiB entries) or 2
 * (2 MiB); levels 1..3 resolve 30, 21 and 12 bits, as in VMSAv8-64.
 * pt_geometry() picks the start level for each build.
 *
 * The encoders are pure functions, compiled into the host unit tests too.
 * The TLB hooks touch hardware and are implemented per build
 * (arch/<arch>/tlb.c on target, arch/host on host).
 */
#ifndef SEPTUM_ARCH_LPAE_H
#define SEPTUM_ARCH_LPAE_H

#include "pt.h"

/* Address bits mapped by one entry at each level: 39 (VMSAv8-64 only),
 * 30, 21, 12. */
static inline unsigned arch_level_shift(unsigned level) { return 39 - 9 * level; }
#define ARCH_PT_ENTRIES 512
#define ARCH_PT_MAX_LEVEL 3

/* Can a block (level 1, 2) or page (level 3) descriptor be used here? */
static inline bool arch_level_has_blocks(unsigned level) { return level >= 1; }

/* The memory attributes the stage-1 encoders assume (MAIR_EL2, HMAIR0):
 * Attr0 = 0xff (Normal, Inner and Outer Write-Back Read/Write-Allocate),
 * Attr1 = 0x04 (Device-nGnRE; ARMv7's Device). */
#define ARCH_MAIR_ATTRS 0x04ffu

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
 * was made invalid, and before it is replaced), including walk caches.
 * (ARMv7 has no stage-2 invalidation by IPA: there every entry of the
 * VMID.) */
void arch_tlb_inval_ia(const struct pt *pt, uint64_t ia);
/* Invalidates all TLB entries of this table (its VMID at stage 2). */
void arch_tlb_inval_all(const struct pt *pt);

struct board;
/* Builds the hypervisor's identity map of board b below 2^va_bits (image
 * W^X, RAM and Septum's devices; src/arch/lpae/hyp_map.c) at boot, on the
 * boot CPU; panics if the table pool runs out. Returns the table for the
 * build's mmu.c to load on every CPU. */
struct pt *lpae_hyp_map(const struct board *b, unsigned va_bits);

#endif /* SEPTUM_ARCH_LPAE_H */
