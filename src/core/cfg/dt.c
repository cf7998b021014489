/* SPDX-License-Identifier: MIT */
/*
 * Device-tree helpers over libfdt: a full structure check for untrusted
 * blobs, a walk that knows each node's ancestors (libfdt's
 * fdt_parent_offset() rescans the tree from the root on every call), and
 * translation of bus addresses through "ranges" (Devicetree Specification
 * v0.4, 2.3.8).
 */
#include <libfdt.h>
#include "dt.h"

/* The tag walk through libfdt, after dtc's libfdt fdt_check_full()
 * (fdt_check.c, BSD-2-Clause), for trees before version 17 (whose header
 * does not give the structure block's size), and a property length that
 * is negative as an int refused as newer libfdt's fdt_next_tag does. */
static int check_tags_libfdt(const void *fdt)
{
	int offset, next = 0, depth = 0, err;
	bool expect_end = false;

	/* Invariant: depth is the number of nodes begun and not yet ended
	 * before offset; fdt_next_tag() bounds every tag by the header. */
	for (;;) {
		uint32_t tag;

		offset = next;
		tag = fdt_next_tag(fdt, offset, &next);
		if (next < 0)
			return next;
		if (expect_end && tag != FDT_END && tag != FDT_NOP)
			return -FDT_ERR_BADSTRUCTURE;
		switch (tag) {
		case FDT_NOP:
			break;
		case FDT_END:
			return depth ? -FDT_ERR_BADSTRUCTURE : 0;
		case FDT_BEGIN_NODE: {
			const char *name;
			int len;

			if (++depth > 1)
				break;
			name = fdt_get_name(fdt, offset, &len);
			if (!name)
				return len;
			if (*name || len)
				return -FDT_ERR_BADSTRUCTURE;
			break;
		}
		case FDT_END_NODE:
			if (depth == 0)
				return -FDT_ERR_BADSTRUCTURE;
			if (--depth == 0)
				expect_end = true;
			break;
		case FDT_PROP: {
			const struct fdt_property *p = fdt_get_property_by_offset(fdt, offset, &err);
			const char *pname;

			/* This libfdt's fdt_next_tag lets a length of 2^31 or
			 * more wrap (newer ones refuse it): refused here. */
			if (p && err < 0)
				return -FDT_ERR_BADSTRUCTURE;
			if (!fdt_getprop_by_offset(fdt, offset, &pname, &err))
				return err;
			break;
		}
		default:
			return -FDT_ERR_BADSTRUCTURE;
		}
	}
}

/* The structure and strings blocks of a version 17 tree that passed
 * fdt_check_header (both inside the blob, which is 8-byte aligned, the
 * structure block 4-byte aligned: tags load as words). */
struct blocks {
	const char *st, *strs;
	uint32_t st_size, strs_size;
	bool strs_end_nul;   /* the strings block's last byte is a NUL */
};

static struct blocks blocks_of(const void *fdt)
{
	struct blocks b = {
		(const char *)fdt + fdt_off_dt_struct(fdt),
		(const char *)fdt + fdt_off_dt_strings(fdt),
		fdt_size_dt_struct(fdt), fdt_size_dt_strings(fdt), false,
	};

	b.strs_end_nul = b.strs_size && b.strs[b.strs_size - 1] == '\0';
	return b;
}

/* Property name offset nameoff, as fdt_get_string judges it. When the
 * strings block ends with a NUL, every offset inside it has one after. */
static int check_name(const struct blocks *b, uint32_t nameoff)
{
	if (nameoff >= b->strs_size)
		return -FDT_ERR_BADOFFSET;
	if (!b->strs_end_nul &&
	    !memchr(b->strs + nameoff, '\0', b->strs_size - nameoff))
		return -FDT_ERR_TRUNCATED;
	return 0;
}

/* The tag at off (inside the block, 4-byte aligned): its end (before
 * alignment) in *end, or the error fdt_next_tag would give (a property's
 * name is not its concern). */
static int tag_end(const struct blocks *b, uint32_t off, uint32_t tag, uint32_t *end)
{
	uint32_t at = off + FDT_TAGSIZE, len;
	const char *p;

	switch (tag) {
	case FDT_BEGIN_NODE:
		p = memchr(b->st + at, '\0', b->st_size - at);
		if (!p)
			return -FDT_ERR_BADSTRUCTURE;
		*end = (uint32_t)(p - b->st) + 1;
		return 0;
	case FDT_PROP:
		if (b->st_size - at < 8)
			return -FDT_ERR_BADSTRUCTURE;
		len = fdt32_to_cpu(*(const fdt32_t *)(b->st + at));
		if (len > b->st_size - at - 8)
			return -FDT_ERR_BADSTRUCTURE;
		*end = at + 8 + len;
		return 0;
	case FDT_END:
	case FDT_END_NODE:
	case FDT_NOP:
		*end = at;
		return 0;
	default:
		return -FDT_ERR_BADSTRUCTURE;
	}
}

/*
 * The same checks as check_tags_libfdt, with the same answers, over the
 * words themselves: libfdt bounds each byte of every node name with a call
 * and looks up each property's name in the strings block again.
 */
static int check_tags(const void *fdt)
{
	/* fdt_check_header put both blocks inside the blob, whose size is
	 * below 2^31. */
	struct blocks b = blocks_of(fdt);
	uint32_t off = 0, end;
	int depth = 0, err;
	bool expect_end = false;

	/* Invariant: off is 4-byte aligned; depth is the number of nodes
	 * begun and not yet ended before off. */
	for (;; off = ALIGN_UP(end, FDT_TAGSIZE)) {
		uint32_t tag;

		if (off > b.st_size || b.st_size - off < FDT_TAGSIZE)
			return -FDT_ERR_TRUNCATED;
		tag = fdt32_to_cpu(*(const fdt32_t *)(b.st + off));
		err = tag_end(&b, off, tag, &end);
		if (err)
			return err;
		if (expect_end && tag != FDT_END && tag != FDT_NOP)
			return -FDT_ERR_BADSTRUCTURE;
		/* After the order above, as libfdt's walk judges. */
		if (tag == FDT_PROP) {
			err = check_name(&b, fdt32_to_cpu(*(const fdt32_t *)(b.st + off + 8)));
			if (err)
				return err;
		}
		if (tag == FDT_END)
			return depth ? -FDT_ERR_BADSTRUCTURE : 0;
		if (tag == FDT_BEGIN_NODE && ++depth == 1 && end != off + FDT_TAGSIZE + 1)
			return -FDT_ERR_BADSTRUCTURE;   /* the root's name is not empty */
		if (tag == FDT_END_NODE) {
			if (depth == 0)
				return -FDT_ERR_BADSTRUCTURE;
			expect_end = --depth == 0;
		}
	}
}

/* What comes before the tags: the header and the sizes it gives within
 * bufsize, the blocks' alignment, the reservation block's end. */
static int check_frame(const void *fdt, size_t bufsize)
{
	int err;

	/* fdt_check_header() reads a whole version 17 header, whatever the
	 * version field says. */
	if (bufsize < sizeof(struct fdt_header))
		return -FDT_ERR_TRUNCATED;
	err = fdt_check_header(fdt);
	if (err)
		return err;
	if (bufsize < fdt_totalsize(fdt))
		return -FDT_ERR_TRUNCATED;
	/* The specification aligns the reservation block to 8 bytes and the
	 * structure block to 4; libfdt relies on it (fdt_next_tag() loads tags
	 * as words, which would fault where the MMU is off and memory is
	 * Device memory, as when Septum reads the board's DTB). */
	if (fdt_off_mem_rsvmap(fdt) % 8 != 0 || fdt_off_dt_struct(fdt) % FDT_TAGSIZE != 0)
		return -FDT_ERR_ALIGNMENT;
	err = fdt_num_mem_rsv(fdt);
	return err < 0 ? err : 0;
}

int dt_check(const void *fdt, size_t bufsize)
{
	int err = check_frame(fdt, bufsize);

	if (err)
		return err;
	return fdt_version(fdt) >= 17 ? check_tags(fdt) : check_tags_libfdt(fdt);
}

int dt_check_libfdt(const void *fdt, size_t bufsize)
{
	int err = check_frame(fdt, bufsize);

	return err ? err : check_tags_libfdt(fdt);
}

/* Does the strings-block name at off (bounded by the block's end) equal
 * name? */
static bool name_eq(const struct blocks *b, uint32_t off, const char *name)
{
	const char *p, *end = b->strs + b->strs_size;

	if (off >= b->strs_size)
		return false;
	p = b->strs + off;
	/* Invariant: [strs + off, p) equals name's first p - (strs + off) bytes. */
	while (p < end && *p == *name) {
		if (!*p)
			return true;
		p++;
		name++;
	}
	return false;
}

/* The tag word at off in b's structure block, or FDT_END past its end. */
static uint32_t tag_at(const struct blocks *b, uint32_t off)
{
	if (off > b->st_size || b->st_size - off < FDT_TAGSIZE)
		return FDT_END;
	return fdt32_to_cpu(*(const fdt32_t *)(b->st + off));
}

const void *dt_getprop(const void *fdt, int node, const char *name, int *lenp)
{
	struct blocks b = blocks_of(fdt);
	uint32_t off = (uint32_t)node, end;

	if (fdt_version(fdt) < 17 || node < 0 || node % FDT_TAGSIZE ||
	    tag_at(&b, off) != FDT_BEGIN_NODE || tag_end(&b, off, FDT_BEGIN_NODE, &end))
		return fdt_getprop(fdt, node, name, lenp);
	/* Invariant: the node's properties before off are not name. Every
	 * step is bounded by the blocks, whatever the tree. */
	for (off = ALIGN_UP(end, FDT_TAGSIZE);; off = ALIGN_UP(end, FDT_TAGSIZE)) {
		uint32_t tag = tag_at(&b, off);

		if (tag != FDT_PROP && tag != FDT_NOP)
			break;
		if (tag_end(&b, off, tag, &end)) {
			if (lenp)
				*lenp = -FDT_ERR_BADSTRUCTURE;
			return NULL;
		}
		if (tag == FDT_PROP &&
		    name_eq(&b, fdt32_to_cpu(*(const fdt32_t *)(b.st + off + 8)), name)) {
			if (lenp)
				*lenp = (int)fdt32_to_cpu(*(const fdt32_t *)(b.st + off + 4));
			return b.st + off + 12;
		}
	}
	if (lenp)
		*lenp = -FDT_ERR_NOTFOUND;
	return NULL;
}

/*
 * fdt_next_node's answer with depth counting, for a version 17 tree and
 * offset a node's (checked here): the tags walked in place, every step
 * bounded by the blocks. Anything libfdt would judge (a tag past the
 * block's end, a malformed one) goes to fdt_next_node itself, from offset
 * and the depth given.
 */
static int next_node(const void *fdt, int offset, int *depth)
{
	struct blocks b = blocks_of(fdt);
	uint32_t off = (uint32_t)offset, end;
	int d = *depth;

	if (fdt_version(fdt) < 17 || offset < 0 || offset % FDT_TAGSIZE ||
	    tag_at(&b, off) != FDT_BEGIN_NODE || tag_end(&b, off, FDT_BEGIN_NODE, &end))
		return fdt_next_node(fdt, offset, depth);
	/* Invariant: d is the depth at off, counted from offset's. */
	for (off = ALIGN_UP(end, FDT_TAGSIZE);; off = ALIGN_UP(end, FDT_TAGSIZE)) {
		uint32_t tag = tag_at(&b, off);

		if (off > b.st_size || b.st_size - off < FDT_TAGSIZE ||
		    tag_end(&b, off, tag, &end))
			return fdt_next_node(fdt, offset, depth);
		if (tag == FDT_BEGIN_NODE) {
			*depth = d + 1;
			return (int)off;
		}
		if (tag == FDT_END_NODE && --d < 0) {
			*depth = d;
			return (int)ALIGN_UP(end, FDT_TAGSIZE);
		}
		if (tag == FDT_END) {
			*depth = d;
			return -FDT_ERR_NOTFOUND;
		}
	}
}

int dt_first_subnode(const void *fdt, int node)
{
	int depth = 0;

	node = next_node(fdt, node, &depth);
	return node < 0 || depth != 1 ? -FDT_ERR_NOTFOUND : node;
}

int dt_next_subnode(const void *fdt, int node)
{
	int depth = 1;

	/* As fdt_next_subnode: over the node's own subtree. */
	do {
		node = next_node(fdt, node, &depth);
		if (node < 0 || depth < 1)
			return -FDT_ERR_NOTFOUND;
	} while (depth > 1);
	return node;
}

int dt_subnode_offset(const void *fdt, int parent, const char *name)
{
	size_t n = strlen(name);
	int node;

	struct blocks b = blocks_of(fdt);
	uint32_t end;

	if (fdt_version(fdt) < 17 || parent < 0 || parent % FDT_TAGSIZE ||
	    tag_at(&b, (uint32_t)parent) != FDT_BEGIN_NODE ||
	    tag_end(&b, (uint32_t)parent, FDT_BEGIN_NODE, &end))
		return fdt_subnode_offset(fdt, parent, name);
	/* Names as fdt_subnode_offset matches them: the whole name, or the
	 * part before '@' if name has no unit address. The walk checked each
	 * child's name ends inside the block. */
	dt_for_each_subnode(node, fdt, parent) {
		const char *p = (const char *)fdt + fdt_off_dt_struct(fdt) + node + FDT_TAGSIZE;

		if (strncmp(p, name, n) == 0 &&
		    (p[n] == '\0' || (p[n] == '@' && !memchr(name, '@', n))))
			return node;
	}
	return -FDT_ERR_NOTFOUND;
}

void dt_walk(const void *fdt, bool (*fn)(void *ctx, const struct dt_lineage *l),
	     void *ctx)
{
	struct dt_lineage l;
	int node, depth = 0;

	/* Invariant: l.node[0..depth] are the current node's ancestors and
	 * itself, as far as they fit. */
	for (node = 0; node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		if (depth >= DT_MAX_DEPTH)
			continue;
		l.node[depth] = node;
		l.depth = depth;
		if (!fn(ctx, &l))
			return;
	}
}

struct find_ctx {
	int node;
	struct dt_lineage *out;
	bool found;
};

static bool find_node(void *ctx, const struct dt_lineage *l)
{
	struct find_ctx *f = ctx;

	if (l->node[l->depth] != f->node)
		return true;
	*f->out = *l;
	f->found = true;
	return false;
}

bool dt_lineage_of(const void *fdt, int node, struct dt_lineage *l)
{
	struct find_ctx f = { node, l, false };

	dt_walk(fdt, find_node, &f);
	return f.found;
}

static int cells(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = dt_getprop(fdt, node, name, &len);

	if (!p)
		return dflt;
	if (len != 4 || fdt32_to_cpu(*p) > 4)
		return -1;
	return (int)fdt32_to_cpu(*p);
}

int dt_addr_cells(const void *fdt, int node)
{
	return cells(fdt, node, "#address-cells", 2);
}

int dt_size_cells(const void *fdt, int node)
{
	return cells(fdt, node, "#size-cells", 1);
}

/* Translates one level: through bus's prop ("ranges" or "dma-ranges")
 * into the space of up. */
static enum dt_addr_err translate_one(const void *fdt, int bus, int up, const char *prop,
				      uint64_t *addr, uint64_t size)
{
	int len, cac, csc, pac, stride;
	const fdt32_t *r = dt_getprop(fdt, bus, prop, &len);

	if (!r)
		return DT_ADDR_NORANGES;
	if (len == 0)
		return DT_ADDR_OK;
	cac = dt_addr_cells(fdt, bus);
	csc = dt_size_cells(fdt, bus);
	pac = dt_addr_cells(fdt, up);
	if (cac < 1 || cac > 2 || csc < 1 || csc > 2 || pac < 1 || pac > 2)
		return DT_ADDR_CELLS;
	stride = (cac + pac + csc) * 4;
	if (len % stride)
		return DT_ADDR_BADRANGES;
	for (int i = 0; i < len / stride; i++) {
		const fdt32_t *e = r + i * (stride / 4);
		uint64_t child = dt_cells(e, cac);
		uint64_t parent = dt_cells(e + cac, pac);
		uint64_t rsize = dt_cells(e + cac + pac, csc);
		uint64_t off = *addr - child;

		if (*addr < child || off >= rsize || size > rsize - off ||
		    parent + off < parent)
			continue;
		*addr = parent + off;
		return DT_ADDR_OK;
	}
	return DT_ADDR_OUTSIDE;
}

const char *dt_addr_strerror(enum dt_addr_err err)
{
	static const char *const why[] = {
		[DT_ADDR_OK] = "translated",
		[DT_ADDR_CELLS] = "a bus on the way has #address-cells/#size-cells beyond 2",
		[DT_ADDR_NORANGES] = "not memory-mapped: no ranges in",
		[DT_ADDR_BADRANGES] = "malformed ranges in",
		[DT_ADDR_OUTSIDE] = "outside the ranges of",
	};

	return (unsigned)err < ARRAY_SIZE(why) ? why[err] : "?";
}

enum dt_addr_err dt_translate(const void *fdt, const struct dt_lineage *l,
			      uint64_t *addr, uint64_t size, int *bus)
{
	uint64_t a = *addr;

	/* Invariant: a is an address in the space of l->node[k]'s children. */
	for (int k = l->depth - 1; k >= 1; k--) {
		enum dt_addr_err err = translate_one(fdt, l->node[k], l->node[k - 1], "ranges",
						     &a, size);

		if (err) {
			*bus = l->node[k];
			return err;
		}
	}
	*addr = a;
	return DT_ADDR_OK;
}

/* The nearest of the node and its ancestors (not the root) with a
 * non-empty dma-ranges, as Linux's of_dma_get_range() looks: its depth,
 * or 0 if there is none. */
static int dma_ranges_at(const void *fdt, const struct dt_lineage *l)
{
	for (int k = l->depth; k >= 1; k--) {
		int len;

		if (dt_getprop(fdt, l->node[k], "dma-ranges", &len) && len > 0)
			return k;
	}
	return 0;
}

int dt_dma_windows(const void *fdt, const struct dt_lineage *l, struct dt_dma_window *w,
		   int max, int *bus)
{
	int k = dma_ranges_at(fdt, l), len, n = 0, cac, csc, pac, stride;
	const fdt32_t *r;

	*bus = -1;
	if (k == 0)
		return 0;
	*bus = l->node[k];
	r = dt_getprop(fdt, l->node[k], "dma-ranges", &len);
	cac = dt_addr_cells(fdt, l->node[k]);
	csc = dt_size_cells(fdt, l->node[k]);
	pac = dt_addr_cells(fdt, l->node[k - 1]);
	if (cac < 1 || cac > 2 || csc < 1 || csc > 2 || pac < 1 || pac > 2)
		return -DT_ADDR_CELLS;
	stride = (cac + pac + csc) * 4;
	if (len % stride || len / stride > max)
		return -DT_ADDR_BADRANGES;
	for (int i = 0; i < len / stride; i++, n++) {
		const fdt32_t *e = r + i * (stride / 4);

		w[n].bus = dt_cells(e, cac);
		w[n].cpu = dt_cells(e + cac, pac);
		w[n].size = dt_cells(e + cac + pac, csc);
		if (!w[n].size || w[n].cpu + w[n].size - 1 < w[n].cpu)
			return -DT_ADDR_BADRANGES;
		/* Up to the CPU through the dma-ranges of every bus above. */
		for (int j = k - 1; j >= 1; j--) {
			enum dt_addr_err err = translate_one(fdt, l->node[j], l->node[j - 1],
							     "dma-ranges", &w[n].cpu, w[n].size);

			if (err) {
				*bus = l->node[j];
				return -(int)err;
			}
		}
	}
	return n;
}
