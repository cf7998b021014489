/* SPDX-License-Identifier: MIT */
/*
 * Generic 4 KiB-granule translation table walker, used for the hypervisor's
 * own stage-1 tables (EL2) and for every VM's stage-2 tables.
 *
 * The walker is architecture-neutral: it only calls the arch_pte_* encoders
 * and arch_tlb_* maintenance hooks declared in <arch/pte.h>. It never reads a
 * system register, so it runs unchanged in the host unit tests.
 *
 * Not thread-safe: the caller serialises changes to one table (at boot, or
 * under the owning VM's lock).
 */
#ifndef SEPTUM_PT_H
#define SEPTUM_PT_H

#include "types.h"

/* Mapping attributes, neutral. The arch encoders turn them into descriptors. */
#define PT_R       (1u << 0)  /* readable */
#define PT_W       (1u << 1)  /* writable */
#define PT_X       (1u << 2)  /* executable (at the translation regime's EL) */
#define PT_DEVICE  (1u << 3)  /* Device-nGnRE instead of Normal write-back */
#define PT_RW      (PT_R | PT_W)
#define PT_RWX     (PT_R | PT_W | PT_X)

enum pt_stage {
	PT_STAGE1_EL2,   /* the hypervisor's own translation regime */
	PT_STAGE2,       /* a VM's IPA -> PA translation */
};

enum pt_err {
	PT_OK = 0,
	PT_ENOMEM,       /* the table pool is exhausted; nothing was changed */
	PT_EINVAL,       /* unaligned, zero size or outside the input range */
	PT_EEXIST,       /* part of the range is already mapped elsewhere or with
	                  * other attributes; nothing changed (mapping a range
	                  * again exactly as it is mapped is not an error) */
};

/* A pool of 4 KiB pages for translation tables, with a free list. */
struct pt_pool {
	void *base;          /* first page (page aligned) */
	size_t pages;        /* number of pages */
	size_t free_count;
	void *free_list;     /* singly linked through the first word of a page */
	size_t next_unused;  /* pages [next_unused, pages) never handed out yet */
};

struct pt {
	struct pt_pool *pool;
	uint64_t *root;          /* root table, root_pages concatenated pages */
	enum pt_stage stage;
	uint8_t ia_bits;         /* input address bits */
	uint8_t root_level;      /* 0..2 */
	uint8_t root_pages;      /* concatenated root tables (stage 2 only) */
	uint16_t vmid;           /* for stage-2 TLB maintenance */
};

/* Hands pages [base, base + pages * PAGE_SIZE) to the pool; base must be
 * page aligned and (at EL2) identity mapped. */
void pt_pool_init(struct pt_pool *pool, void *base, size_t pages);
/* Returns a zeroed page, or NULL. */
void *pt_pool_alloc(struct pt_pool *pool);
/* Returns one page (from this pool, no longer used) to the pool. */
void pt_pool_free(struct pt_pool *pool, void *page);
/*
 * Returns n (a power of two) zeroed, contiguous pages aligned to n pages
 * (a concatenated stage-2 root), or NULL. n == 1 is pt_pool_alloc(). Runs of
 * n > 1 come only from the never-used part of the pool, so allocate them
 * before the pool is fragmented (at VM creation). Each page of the run is
 * returned with pt_pool_free() on its own.
 */
void *pt_pool_alloc_pages(struct pt_pool *pool, size_t n);

/*
 * Chooses the starting level and number of concatenated root tables for an
 * input range of ia_bits (25..48) with a 4 KiB granule (Arm ARM D8.2.6:
 * stage 2 may concatenate up to 16 tables at the initial level; stage 1
 * may not). Returns false if ia_bits is out of range for the stage.
 */
bool pt_geometry(enum pt_stage stage, unsigned ia_bits, uint8_t *root_level,
		 uint8_t *root_pages);

/* Sets up an empty table. EINVAL if pt_geometry() rejects ia_bits, ENOMEM
 * if the root cannot be allocated (a concatenated root comes from
 * pt_pool_alloc_pages()). */
enum pt_err pt_init(struct pt *pt, struct pt_pool *pool, enum pt_stage stage,
		    unsigned ia_bits, uint16_t vmid);
/* Frees every table page back to the pool. The caller has already made sure
 * no CPU uses the table (and invalidated the TLBs). */
void pt_destroy(struct pt *pt);

/*
 * Maps [ia, ia+size) to [pa, pa+size) with attrs. Uses 1 GiB and 2 MiB block
 * descriptors wherever ia, pa and the remaining size allow, pages elsewhere.
 * All-or-nothing: on any error nothing is changed. EEXIST if any page in the
 * range is already mapped elsewhere or with other attributes (pages already
 * mapped exactly as asked are left as they are: devices sharing a page map
 * it once each). EINVAL also for attrs outside PT_R|PT_W|PT_X|
 * PT_DEVICE, for pa + size beyond 2^48, and at stage 1 for attrs without
 * PT_R (EL2 stage 1 cannot express "not readable"). Device memory is
 * mapped execute-never whatever PT_X says.
 */
enum pt_err pt_map(struct pt *pt, uint64_t ia, paddr_t pa, uint64_t size, uint32_t attrs);

/*
 * Unmaps [ia, ia+size). Unmapped holes inside the range are fine. A block
 * that the range covers only in part is split (break-before-make: the block
 * entry is invalidated and its TLB entries removed before the new table is
 * installed). ENOMEM if a split needs a table and none is left; then nothing
 * was changed. Tables left empty are freed (their entry removed by
 * break-before-make too); the root is kept.
 */
enum pt_err pt_unmap(struct pt *pt, uint64_t ia, uint64_t size);

/* Looks up ia. Returns false if unmapped; else the output address of ia, the
 * attributes and the size of the block or page that maps it (each output
 * pointer may be NULL). */
bool pt_lookup(const struct pt *pt, uint64_t ia, paddr_t *pa, uint32_t *attrs,
	       uint64_t *map_size);

const char *pt_strerror(enum pt_err err);

#endif /* SEPTUM_PT_H */
