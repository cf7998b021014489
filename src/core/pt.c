/* SPDX-License-Identifier: MIT */
/*
 * Generic translation table walker (4 KiB granule, levels 0..3).
 *
 * Table pages are identity mapped: the walker turns a table descriptor's
 * output address straight into a pointer, and a table's address into a
 * descriptor (true at EL2, where the hypervisor maps its memory 1:1, and on
 * the host, where pointers are below 2^47).
 *
 * pt_map() and pt_unmap() validate then act (Hafnium's prepare/commit, seL4's
 * decode/invoke): a check pass reads the tables, finds every reason to fail
 * and counts the table pages the change needs; only then does a commit pass
 * write, and it cannot fail.
 *
 * Break-before-make (Arm ARM DDI 0487K.a D8.16.1, "Using break-before-make
 * when updating translation table entries"): a valid entry is never overwritten by
 * another valid entry. It is made invalid, the write is made visible
 * (arch_pt_sync), the TLBs are cleaned of it (arch_tlb_inval_ia), and only
 * then is the replacement written. Invalid-to-valid changes need no TLB
 * maintenance: TLBs do not hold translation faults.
 */
#include "pt.h"
#include <arch/pte.h>

#define PT_ATTRS_ALL (PT_R | PT_W | PT_X | PT_DEVICE)
#define PT_OA_LIMIT  (1ull << 48)   /* descriptors hold OA bits [47:12] */

/* ---- Table pool ---------------------------------------------------------- */

static void *pool_page(const struct pt_pool *pool, size_t i)
{
	return (char *)pool->base + i * PAGE_SIZE;
}

static void page_zero(void *page)
{
	uint64_t *w = page;

	for (size_t i = 0; i < PAGE_SIZE / sizeof(*w); i++)
		w[i] = 0;
}

/* The free list is linked through the first 64-bit word of each page. */
static void pool_push(struct pt_pool *pool, void *page)
{
	*(uint64_t *)page = (uint64_t)(uintptr_t)pool->free_list;
	pool->free_list = page;
}

void pt_pool_init(struct pt_pool *pool, void *base, size_t pages)
{
	pool->base = base;
	pool->pages = pages;
	pool->free_count = pages;
	pool->free_list = NULL;
	pool->next_unused = 0;
}

void *pt_pool_alloc(struct pt_pool *pool)
{
	void *page;

	if (pool->free_list) {
		page = pool->free_list;
		pool->free_list = (void *)(uintptr_t)*(uint64_t *)page;
	} else if (pool->next_unused < pool->pages) {
		page = pool_page(pool, pool->next_unused++);
	} else {
		return NULL;
	}
	pool->free_count--;
	page_zero(page);
	return page;
}

/*
 * Pages [next_unused, pages) have never been handed out, so they are free
 * and contiguous: the first n-page-aligned run in there is free. The pages
 * skipped to reach that alignment go to the free list, so none is lost.
 */
void *pt_pool_alloc_pages(struct pt_pool *pool, size_t n)
{
	uint64_t first, run;
	size_t idx;

	if (n == 1)
		return pt_pool_alloc(pool);
	if (n == 0 || (n & (n - 1)) != 0 || pool->next_unused >= pool->pages)
		return NULL;

	first = (uint64_t)(uintptr_t)pool_page(pool, pool->next_unused);
	run = ALIGN_UP(first, n * PAGE_SIZE);
	idx = pool->next_unused + (size_t)((run - first) / PAGE_SIZE);
	if (idx > pool->pages || pool->pages - idx < n)
		return NULL;

	while (pool->next_unused < idx)
		pool_push(pool, pool_page(pool, pool->next_unused++));
	pool->next_unused = idx + n;
	pool->free_count -= n;
	for (size_t i = 0; i < n; i++)
		page_zero(pool_page(pool, idx + i));
	return pool_page(pool, idx);
}

void pt_pool_free(struct pt_pool *pool, void *page)
{
	pool_push(pool, page);
	pool->free_count++;
}

/* ---- Geometry and helpers ------------------------------------------------ */

/*
 * 4 KiB granule, Arm ARM D8.2 (initial lookup level by input size) and
 * D8.2.6 (stage 2 may concatenate up to 16 tables at the initial level,
 * VTCR_EL2.SL0). Stage 1: level 1 resolves up to 39 bits, level 0 up to 48.
 * Stage 2: level 1 with 1 table for 32..39 bits, 2^(bits-39) concatenated
 * level-1 tables for 40..43 bits (fewer lookups than starting at level 0),
 * level 0 for 44..48 bits.
 */
bool pt_geometry(enum pt_stage stage, unsigned ia_bits, uint8_t *root_level,
		 uint8_t *root_pages)
{
	switch (stage) {
	case PT_STAGE1_EL2:
		if (ia_bits < 25 || ia_bits > 48)
			return false;
		*root_level = ia_bits <= 39 ? 1 : 0;
		*root_pages = 1;
		return true;
	case PT_STAGE2:
		if (ia_bits < 32 || ia_bits > 48)
			return false;
		if (ia_bits <= 39) {
			*root_level = 1;
			*root_pages = 1;
		} else if (ia_bits <= 43) {
			*root_level = 1;
			*root_pages = (uint8_t)(1u << (ia_bits - 39));
		} else {
			*root_level = 0;
			*root_pages = 1;
		}
		return true;
	}
	return false;
}

static uint64_t level_size(unsigned level)
{
	return 1ull << arch_level_shift(level);
}

static paddr_t table_pa(const uint64_t *table)
{
	return pa_init((uint64_t)(uintptr_t)table);
}

static uint64_t *table_va(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)pa_addr(arch_pte_addr(pte));
}

/*
 * Index of ia's entry in its level-`level` table. The root may be several
 * concatenated tables, indexed as one; ia < 2^ia_bits keeps that in range.
 */
static size_t entry_index(const struct pt *pt, unsigned level, uint64_t ia)
{
	uint64_t i = ia >> arch_level_shift(level);

	if (level != pt->root_level)
		i &= ARCH_PT_ENTRIES - 1;
	return (size_t)i;
}

/* End of the level-`level` entry holding ia, clipped to end. */
static uint64_t entry_end(unsigned level, uint64_t ia, uint64_t end)
{
	uint64_t sz = level_size(level);

	return MIN(ALIGN_DOWN(ia, sz) + sz, end);
}

/* One single-copy-atomic 64-bit store the compiler may not split or drop. */
static void pte_write(uint64_t *pte, uint64_t val)
{
	*(volatile uint64_t *)pte = val;
}

/* Fills n entries with the invalid descriptor: pool pages come zeroed,
 * so only if that is not zero. */
static void fill_invalid(uint64_t *t, size_t n)
{
	uint64_t inv = arch_pte_invalid();

	if (inv)
		for (size_t i = 0; i < n; i++)
			t[i] = inv;
}

/* A page from the pool with every entry invalid. NULL if the pool is empty. */
static uint64_t *table_new(struct pt_pool *pool)
{
	uint64_t *t = pt_pool_alloc(pool);

	if (t)
		fill_invalid(t, ARCH_PT_ENTRIES);
	return t;
}

static bool table_empty(const uint64_t *table)
{
	for (size_t i = 0; i < ARCH_PT_ENTRIES; i++)
		if (arch_pte_is_valid(table[i]))
			return false;
	return true;
}

/* Is [ia, ia+size) a non-empty page-aligned range inside 2^ia_bits? */
static bool ia_range_ok(const struct pt *pt, uint64_t ia, uint64_t size)
{
	uint64_t limit = 1ull << pt->ia_bits;

	return size != 0 && IS_ALIGNED(ia, PAGE_SIZE) && IS_ALIGNED(size, PAGE_SIZE) &&
	       ia < limit && size <= limit - ia;
}

enum pt_err pt_init(struct pt *pt, struct pt_pool *pool, enum pt_stage stage,
		    unsigned ia_bits, uint16_t vmid)
{
	uint8_t level, pages;

	if (!pt_geometry(stage, ia_bits, &level, &pages))
		return PT_EINVAL;
	pt->root = pt_pool_alloc_pages(pool, pages);
	if (!pt->root)
		return PT_ENOMEM;
	fill_invalid(pt->root, (size_t)pages * ARCH_PT_ENTRIES);
	pt->pool = pool;
	pt->stage = stage;
	pt->ia_bits = (uint8_t)ia_bits;
	pt->root_level = level;
	pt->root_pages = pages;
	pt->vmid = vmid;
	return PT_OK;
}

static void free_tables(struct pt *pt, uint64_t *table, unsigned level, size_t entries)
{
	for (size_t i = 0; i < entries; i++) {
		if (arch_pte_is_table(table[i], level)) {
			uint64_t *sub = table_va(table[i]);

			free_tables(pt, sub, level + 1, ARCH_PT_ENTRIES);
			pt_pool_free(pt->pool, sub);
		}
	}
}

void pt_destroy(struct pt *pt)
{
	if (!pt->root)
		return;
	free_tables(pt, pt->root, pt->root_level,
		    (size_t)pt->root_pages * ARCH_PT_ENTRIES);
	for (size_t i = 0; i < pt->root_pages; i++)
		pt_pool_free(pt->pool, (char *)pt->root + i * PAGE_SIZE);
	pt->root = NULL;
}

/* ---- Map ----------------------------------------------------------------- */

struct map_ctx {
	struct pt *pt;
	uint64_t delta;     /* pa - ia, modulo 2^64 */
	uint32_t attrs;
	size_t tables;      /* check pass: new table pages needed */
};

/*
 * Can [ia, end), which lies inside one level-`level` entry, be mapped by one
 * leaf there? Only if it is the whole entry and the output address is
 * aligned as much as the input address.
 */
static bool leaf_fits(const struct map_ctx *ctx, unsigned level, uint64_t ia,
		      uint64_t end)
{
	uint64_t sz = level_size(level);

	return arch_level_has_blocks(level) && IS_ALIGNED(ia, sz) &&
	       IS_ALIGNED(ia + ctx->delta, sz) && end - ia == sz;
}

/* Does the valid leaf pte (level `level`) already map the entry holding ia
 * as ctx asks: same output address for it, same attributes? */
static bool leaf_same(const struct map_ctx *ctx, uint64_t pte, unsigned level, uint64_t ia)
{
	uint64_t base = ALIGN_DOWN(ia, level_size(level));

	return pte == arch_pte_leaf(pa_init(base + ctx->delta), ctx->attrs, level, ctx->pt->stage);
}

/*
 * The number of entries from ia's on (ia's is invalid and leaf_fits) that
 * are whole in [ia, end) and invalid (arch_pte_invalid() itself; table
 * NULL: all): one leaf each. All lie in table: [ia, end) lies in one entry
 * of the level above, or in the root.
 */
static size_t leaf_run(const struct map_ctx *ctx, const uint64_t *table, unsigned level,
		       uint64_t ia, uint64_t end)
{
	size_t whole = (size_t)((end - ia) >> arch_level_shift(level)), n = 1;
	uint64_t inv = arch_pte_invalid();

	if (!table)
		return whole;
	table += entry_index(ctx->pt, level, ia);
	while (n < whole && table[n] == inv)
		n++;
	return n;
}

/*
 * Commit pass for the leaf_run from ia (ia's entry is invalid and
 * leaf_fits): each leaf is the one before plus the entry size where the
 * encoder puts the output address in the descriptor as it is (checked on
 * the run's last; else one at a time). Returns the end of what it mapped.
 */
static uint64_t commit_leaves(const struct map_ctx *ctx, uint64_t *table, unsigned level,
			      uint64_t ia, uint64_t end)
{
	const struct pt *pt = ctx->pt;
	uint64_t sz = level_size(level);
	size_t n = leaf_run(ctx, table, level, ia, end);
	uint64_t leaf = arch_pte_leaf(pa_init(ia + ctx->delta), ctx->attrs, level, pt->stage);
	uint64_t last = arch_pte_leaf(pa_init(ia + (n - 1) * sz + ctx->delta), ctx->attrs,
				      level, pt->stage);

	if (last != leaf + (n - 1) * sz)
		n = 1;
	table += entry_index(pt, level, ia);
	for (size_t i = 0; i < n; i++, leaf += sz)
		pte_write(&table[i], leaf);
	return ia + n * sz;
}

/*
 * Check pass: is [ia, end) unmapped in `table` (level `level`; NULL stands
 * for a table that does not exist yet), or mapped exactly as asked, and how
 * many tables must be created to map it? Adds them to ctx->tables. Writes
 * nothing.
 */
static enum pt_err map_check(struct map_ctx *ctx, const uint64_t *table,
			     unsigned level, uint64_t ia, uint64_t end)
{
	/* A new last-level table takes pages in every entry: nothing to count. */
	if (!table && level == ARCH_PT_MAX_LEVEL)
		return PT_OK;

	/*
	 * Invariant: [start, ia) is unmapped, or mapped as asked, and the
	 * tables it needs are counted; ia is the start of an entry or the
	 * start of the range.
	 */
	while (ia < end) {
		uint64_t next = entry_end(level, ia, end);
		uint64_t pte = table ? table[entry_index(ctx->pt, level, ia)]
				     : arch_pte_invalid();
		enum pt_err err;

		if (arch_pte_is_table(pte, level)) {
			err = map_check(ctx, table_va(pte), level + 1, ia, next);
			if (err != PT_OK)
				return err;
		} else if (arch_pte_is_valid(pte)) {
			/* Mapped exactly so already (two devices in one page):
			 * nothing to do; otherwise a clash. */
			if (!leaf_same(ctx, pte, level, ia))
				return PT_EEXIST;
		} else if (leaf_fits(ctx, level, ia, next)) {
			next = ia + leaf_run(ctx, table, level, ia, end) * level_size(level);
		} else {
			ctx->tables++;
			(void)map_check(ctx, NULL, level + 1, ia, next);
		}
		ia = next;
	}
	return PT_OK;
}

/*
 * Commit pass: maps [ia, end) in `table`. The check pass has shown that
 * every entry on the way is invalid or a table, and reserved the pages for
 * new tables, so this cannot fail.
 */
static void map_commit(struct map_ctx *ctx, uint64_t *table, unsigned level,
		       uint64_t ia, uint64_t end)
{
	struct pt *pt = ctx->pt;

	/* Invariant: [start, ia) is mapped as asked. */
	while (ia < end) {
		uint64_t next = entry_end(level, ia, end);
		uint64_t *pte = &table[entry_index(pt, level, ia)];

		if (arch_pte_is_table(*pte, level)) {
			map_commit(ctx, table_va(*pte), level + 1, ia, next);
		} else if (arch_pte_is_valid(*pte)) {
			/* already mapped as asked (map_check) */
		} else if (leaf_fits(ctx, level, ia, next)) {
			next = commit_leaves(ctx, table, level, ia, end);
		} else {
			uint64_t *sub = table_new(pt->pool);

			map_commit(ctx, sub, level + 1, ia, next);
			/* The walker must see the new table's entries
			 * before the descriptor that leads to them. */
			arch_pt_sync();
			pte_write(pte, arch_pte_table(table_pa(sub)));
		}
		ia = next;
	}
}

enum pt_err pt_map(struct pt *pt, uint64_t ia, paddr_t pa, uint64_t size, uint32_t attrs)
{
	struct map_ctx ctx = {
		.pt = pt,
		.delta = pa_addr(pa) - ia,
		.attrs = attrs,
		.tables = 0,
	};
	enum pt_err err;

	if (!ia_range_ok(pt, ia, size) || !IS_ALIGNED(pa_addr(pa), PAGE_SIZE) ||
	    pa_addr(pa) >= PT_OA_LIMIT || size > PT_OA_LIMIT - pa_addr(pa))
		return PT_EINVAL;
	if ((attrs & ~PT_ATTRS_ALL) != 0 ||
	    (pt->stage == PT_STAGE1_EL2 && !(attrs & PT_R)))
		return PT_EINVAL;

	err = map_check(&ctx, pt->root, pt->root_level, ia, ia + size);
	if (err != PT_OK)
		return err;
	if (ctx.tables > pt->pool->free_count)
		return PT_ENOMEM;

	map_commit(&ctx, pt->root, pt->root_level, ia, ia + size);
	arch_pt_sync();
	return PT_OK;
}

/* ---- Unmap --------------------------------------------------------------- */

/*
 * Table pages needed to split a level-`level` block so that [ia, end), a
 * part of it but not all, becomes unmapped: one for the block's new table,
 * plus the splits of the next-level entries that [ia, end) covers in part.
 */
static size_t split_cost(unsigned level, uint64_t ia, uint64_t end)
{
	unsigned child = level + 1;
	size_t n = 1;

	/* Invariant: the partial child entries in [start, ia) are counted.
	 * At level 3 no entry is partial: ranges are page aligned. */
	while (ia < end) {
		uint64_t next = entry_end(child, ia, end);

		if (next - ia < level_size(child))
			n += split_cost(child, ia, next);
		ia = next;
	}
	return n;
}

/* Check pass: table pages needed by the splits unmapping [ia, end) needs. */
static size_t unmap_check(const struct pt *pt, const uint64_t *table,
			  unsigned level, uint64_t ia, uint64_t end)
{
	size_t n = 0;

	/* Invariant: the splits needed in [start, ia) are counted in n. */
	while (ia < end) {
		uint64_t next = entry_end(level, ia, end);
		uint64_t pte = table[entry_index(pt, level, ia)];

		if (arch_pte_is_table(pte, level))
			n += unmap_check(pt, table_va(pte), level + 1, ia, next);
		else if (arch_pte_is_valid(pte) && next - ia < level_size(level))
			n += split_cost(level, ia, next);
		ia = next;
	}
	return n;
}

/*
 * Makes a valid entry invalid. In a live table (one the hardware walker can
 * reach) the change is made visible and the TLBs, walk caches included,
 * forget every translation through the entry before this returns.
 */
static void pte_break(struct pt *pt, uint64_t *pte, uint64_t ia, bool live)
{
	pte_write(pte, arch_pte_invalid());
	if (live) {
		arch_pt_sync();
		arch_tlb_inval_ia(pt, ia);
	}
}

static void unmap_range(struct pt *pt, uint64_t *table, unsigned level,
			uint64_t ia, uint64_t end, bool live);

/*
 * Second half of break-before-make for a block that [ia, end) covers in
 * part: *pte (already invalid, and flushed if live) gets a new next-level
 * table mapping the rest of the block with the block's attributes.
 */
static void split_block(struct pt *pt, uint64_t *pte, uint64_t old,
			unsigned level, uint64_t ia, uint64_t end, bool live)
{
	unsigned child = level + 1;
	uint64_t out = pa_addr(arch_pte_addr(old));
	uint32_t attrs = arch_pte_attrs(old, pt->stage);
	uint64_t *sub = table_new(pt->pool);  /* reserved by unmap_check */

	for (size_t i = 0; i < ARCH_PT_ENTRIES; i++)
		sub[i] = arch_pte_leaf(pa_init(out + i * level_size(child)), attrs,
				       child, pt->stage);
	unmap_range(pt, sub, child, ia, end, false);
	if (live)
		arch_pt_sync();
	pte_write(pte, arch_pte_table(table_pa(sub)));
	if (live)
		arch_pt_sync();
}

/*
 * Commit pass: unmaps [ia, end) in `table` (level `level`), splitting the
 * blocks it covers in part and freeing the tables it empties. `live` is false
 * for a table built by a split and not yet installed: no walker can see it,
 * so its entries are written without maintenance.
 */
static void unmap_range(struct pt *pt, uint64_t *table, unsigned level,
			uint64_t ia, uint64_t end, bool live)
{
	/* Invariant: nothing in [start, ia) is mapped, everything else that
	 * `table` mapped before still is. */
	while (ia < end) {
		uint64_t base = ALIGN_DOWN(ia, level_size(level));
		uint64_t next = entry_end(level, ia, end);
		uint64_t *pte = &table[entry_index(pt, level, ia)];
		uint64_t old = *pte;

		if (arch_pte_is_table(old, level)) {
			uint64_t *sub = table_va(old);

			unmap_range(pt, sub, level + 1, ia, next, live);
			if (table_empty(sub)) {
				pte_break(pt, pte, base, live);
				pt_pool_free(pt->pool, sub);
			}
		} else if (arch_pte_is_valid(old)) {
			pte_break(pt, pte, base, live);
			if (next - ia < level_size(level))
				split_block(pt, pte, old, level, ia, next, live);
		}
		ia = next;
	}
}

enum pt_err pt_unmap(struct pt *pt, uint64_t ia, uint64_t size)
{
	if (!ia_range_ok(pt, ia, size))
		return PT_EINVAL;
	if (unmap_check(pt, pt->root, pt->root_level, ia, ia + size) >
	    pt->pool->free_count)
		return PT_ENOMEM;
	unmap_range(pt, pt->root, pt->root_level, ia, ia + size, true);
	return PT_OK;
}

/* ---- Lookup -------------------------------------------------------------- */

bool pt_lookup(const struct pt *pt, uint64_t ia, paddr_t *pa, uint32_t *attrs,
	       uint64_t *map_size)
{
	const uint64_t *table = pt->root;

	if (ia >= 1ull << pt->ia_bits)
		return false;

	/* Invariant: `table` is the level-`level` table on ia's walk. */
	for (unsigned level = pt->root_level; level <= ARCH_PT_MAX_LEVEL; level++) {
		uint64_t pte = table[entry_index(pt, level, ia)];
		uint64_t sz = level_size(level);

		if (arch_pte_is_table(pte, level)) {
			table = table_va(pte);
			continue;
		}
		if (!arch_pte_is_valid(pte))
			return false;
		if (pa)
			*pa = pa_init(pa_addr(arch_pte_addr(pte)) + (ia & (sz - 1)));
		if (attrs)
			*attrs = arch_pte_attrs(pte, pt->stage);
		if (map_size)
			*map_size = sz;
		return true;
	}
	return false;
}

const char *pt_strerror(enum pt_err err)
{
	switch (err) {
	case PT_OK:
		return "success";
	case PT_ENOMEM:
		return "translation table pool exhausted";
	case PT_EINVAL:
		return "unaligned, empty or out-of-range mapping";
	case PT_EEXIST:
		return "range already mapped";
	}
	return "unknown page-table error";
}
