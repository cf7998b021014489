/* SPDX-License-Identifier: MIT */
/*
 * Physical memory range allocator.
 *
 * Invariant of pa->free[0 .. count): every range is page aligned and
 * non-empty, base + size does not wrap (it is at most 2^64 - PAGE_SIZE), the
 * ranges are sorted by base and neither overlap nor touch (free[i] ends
 * strictly before free[i+1] begins), so a given address is in at most one.
 *
 * Every function checks all its arguments and, where it might run out of
 * list entries, decides that before it writes anything: an error leaves the
 * list as it was.
 */
#include "palloc.h"

static uint64_t range_end(const struct palloc_range *r)
{
	return r->base + r->size;
}

/*
 * A valid [base, base+size): page aligned, non-empty, and base + size does
 * not wrap. The last page below 2^64 is never valid, so that end addresses
 * are always representable.
 */
static bool range_ok(uint64_t base, uint64_t size)
{
	return size != 0 && IS_ALIGNED(base, PAGE_SIZE) &&
	       IS_ALIGNED(size, PAGE_SIZE) && size <= UINT64_MAX - base;
}

static void list_insert(struct palloc *pa, size_t i, uint64_t base, uint64_t size)
{
	for (size_t j = pa->count; j > i; j--)
		pa->free[j] = pa->free[j - 1];
	pa->free[i].base = base;
	pa->free[i].size = size;
	pa->count++;
}

static void list_delete(struct palloc *pa, size_t i)
{
	for (size_t j = i; j + 1 < pa->count; j++)
		pa->free[j] = pa->free[j + 1];
	pa->count--;
}

/*
 * Takes [base, end) out of free[i], which contains it. Cutting from the
 * middle needs a new entry: EFULL (with nothing changed) if there is none.
 */
static enum palloc_err range_cut(struct palloc *pa, size_t i, uint64_t base,
				 uint64_t end)
{
	struct palloc_range *r = &pa->free[i];
	uint64_t r_end = range_end(r);

	if (base == r->base && end == r_end) {
		list_delete(pa, i);
	} else if (base == r->base) {
		r->base = end;
		r->size = r_end - end;
	} else if (end == r_end) {
		r->size = base - r->base;
	} else {
		if (pa->count == PALLOC_MAX_RANGES)
			return PALLOC_EFULL;
		r->size = base - r->base;
		list_insert(pa, i + 1, end, r_end - end);
	}
	return PALLOC_OK;
}

void palloc_init(struct palloc *pa)
{
	pa->count = 0;
}

enum palloc_err palloc_add(struct palloc *pa, paddr_t base_pa, uint64_t size)
{
	uint64_t base = pa_addr(base_pa);
	uint64_t end;
	size_t i;
	bool join_prev, join_next;

	if (!range_ok(base, size))
		return PALLOC_EINVAL;
	end = base + size;

	/* i: the first range that starts above base. */
	for (i = 0; i < pa->count && pa->free[i].base <= base; i++)
		;
	if (i > 0 && range_end(&pa->free[i - 1]) > base)
		return PALLOC_EBUSY;
	if (i < pa->count && pa->free[i].base < end)
		return PALLOC_EBUSY;

	join_prev = i > 0 && range_end(&pa->free[i - 1]) == base;
	join_next = i < pa->count && pa->free[i].base == end;
	if (join_prev && join_next) {
		pa->free[i - 1].size += size + pa->free[i].size;
		list_delete(pa, i);
	} else if (join_prev) {
		pa->free[i - 1].size += size;
	} else if (join_next) {
		pa->free[i].base = base;
		pa->free[i].size += size;
	} else {
		if (pa->count == PALLOC_MAX_RANGES)
			return PALLOC_EFULL;
		list_insert(pa, i, base, size);
	}
	return PALLOC_OK;
}

enum palloc_err palloc_claim(struct palloc *pa, paddr_t base_pa, uint64_t size)
{
	uint64_t base = pa_addr(base_pa);

	if (!range_ok(base, size))
		return PALLOC_EINVAL;
	for (size_t i = 0; i < pa->count; i++) {
		struct palloc_range *r = &pa->free[i];

		if (r->base <= base && base + size <= range_end(r))
			return range_cut(pa, i, base, base + size);
	}
	return PALLOC_EBUSY;
}

enum palloc_err palloc_remove(struct palloc *pa, paddr_t base_pa, uint64_t size)
{
	uint64_t base = pa_addr(base_pa);
	uint64_t start, end;
	size_t i;

	if (size == 0 || size > UINT64_MAX - base)
		return PALLOC_EINVAL;
	start = ALIGN_DOWN(base, PAGE_SIZE);
	if (base + size > UINT64_MAX - (PAGE_SIZE - 1))
		return PALLOC_EINVAL;
	end = ALIGN_UP(base + size, PAGE_SIZE);

	/*
	 * Only a hole strictly inside one range needs a new entry, and then
	 * no other range is touched: range_cut() decides EFULL before writing.
	 */
	for (i = 0; i < pa->count; i++) {
		struct palloc_range *r = &pa->free[i];

		if (r->base < start && end < range_end(r))
			return range_cut(pa, i, start, end);
	}

	/*
	 * Invariant: the ranges before i end at or before start. A range that
	 * overlaps [start, end) without holding it strictly inside (excluded
	 * above) is cut without a new entry: it is deleted, loses its head
	 * (it then starts at end, which stops the loop) or loses its tail (it
	 * then ends at start, and the next pass steps over it).
	 */
	i = 0;
	while (i < pa->count && pa->free[i].base < end) {
		uint64_t r_base = pa->free[i].base;
		uint64_t r_end = range_end(&pa->free[i]);

		if (r_end <= start)
			i++;
		else
			(void)range_cut(pa, i, MAX(r_base, start), MIN(r_end, end));
	}
	return PALLOC_OK;
}

static bool align_ok(uint64_t align)
{
	return align >= PAGE_SIZE && (align & (align - 1)) == 0;
}

enum palloc_err palloc_alloc(struct palloc *pa, uint64_t size, uint64_t align,
			     paddr_t *out)
{
	if (size == 0 || !IS_ALIGNED(size, PAGE_SIZE) || !align_ok(align))
		return PALLOC_EINVAL;

	for (size_t i = 0; i < pa->count; i++) {
		struct palloc_range *r = &pa->free[i];
		uint64_t r_end = range_end(r);
		uint64_t start = ALIGN_DOWN(r->base, align);
		enum palloc_err err;

		if (start < r->base) {
			if (start > UINT64_MAX - align)
				continue;
			start += align;
		}
		if (start >= r_end || r_end - start < size)
			continue;
		err = range_cut(pa, i, start, start + size);
		if (err == PALLOC_OK)
			*out = pa_init(start);
		return err;
	}
	return PALLOC_ENOMEM;
}

enum palloc_err palloc_alloc_top(struct palloc *pa, uint64_t size, uint64_t align,
				 paddr_t *out)
{
	if (size == 0 || !IS_ALIGNED(size, PAGE_SIZE) || !align_ok(align))
		return PALLOC_EINVAL;

	for (size_t i = pa->count; i-- > 0;) {
		struct palloc_range *r = &pa->free[i];
		uint64_t start;
		enum palloc_err err;

		if (r->size < size)
			continue;
		start = ALIGN_DOWN(range_end(r) - size, align);
		if (start < r->base)
			continue;
		err = range_cut(pa, i, start, start + size);
		if (err == PALLOC_OK)
			*out = pa_init(start);
		return err;
	}
	return PALLOC_ENOMEM;
}

enum palloc_err palloc_alloc_best(struct palloc *pa, uint64_t size, paddr_t *out)
{
	static const uint64_t aligns[] = { SZ_1G, SZ_2M, PAGE_SIZE };
	enum palloc_err err = PALLOC_ENOMEM;

	if (size == 0 || !IS_ALIGNED(size, PAGE_SIZE))
		return PALLOC_EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(aligns); i++) {
		if (size < aligns[i])
			continue;
		err = palloc_alloc(pa, size, aligns[i], out);
		if (err != PALLOC_ENOMEM && err != PALLOC_EFULL)
			break;
	}
	return err;
}

uint64_t palloc_free_bytes(const struct palloc *pa)
{
	uint64_t total = 0;

	for (size_t i = 0; i < pa->count; i++)
		total += pa->free[i].size;
	return total;
}

const char *palloc_strerror(enum palloc_err err)
{
	switch (err) {
	case PALLOC_OK:
		return "success";
	case PALLOC_ENOMEM:
		return "no free range fits";
	case PALLOC_EFULL:
		return "free range list is full";
	case PALLOC_EBUSY:
		return "range is not free";
	case PALLOC_EINVAL:
		return "invalid range, size or alignment";
	}
	return "unknown palloc error";
}
