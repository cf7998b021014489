/* SPDX-License-Identifier: MIT */
/*
 * Small helpers over libfdt shared by the board and partition parsers:
 * inline accessors here, the structure check and address translation in
 * core/cfg/dt.c. No state.
 */
#ifndef SEPTUM_DT_H
#define SEPTUM_DT_H

#include <libfdt.h>
#include "types.h"

/* A device-tree number of n big-endian cells (n = 0, 1 or 2). */
static inline uint64_t dt_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/* The property as a string if it holds exactly one NUL-terminated string
 * (no embedded NUL), else NULL. *lenp is the property length, or a libfdt
 * error if the property is absent. */
static inline const char *dt_string(const void *fdt, int node, const char *name,
				    int *lenp)
{
	const char *s = fdt_getprop(fdt, node, name, lenp);

	if (!s || *lenp < 1 || s[*lenp - 1] != '\0' ||
	    strlen(s) != (size_t)*lenp - 1)
		return NULL;
	return s;
}

/* Is the node enabled (no "status", or "okay"/"ok")? */
static inline bool dt_enabled(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "status", &len);

	if (!s)
		return true;
	return len > 0 && (strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0);
}

/*
 * GIC interrupt specifiers <type number flags> (bindings arm,gic.yaml and
 * arm,gic-v3.yaml): type 0 an SPI, INTID 32 + number (number 0..987), type
 * 1 a PPI, INTID 16 + number (0..15) (GIC architecture, IHI 0069 2.2,
 * "INTIDs"); flags 1 edge rising, 4 level high (and, for GICv2 PPIs, a
 * CPU mask in bits 15:8). Every parser and generator of specifiers uses
 * these.
 */
#define DT_GIC_CELLS 3
#define DT_GIC_SPI 0
#define DT_GIC_PPI 1
#define DT_GIC_SPI_BASE 32
#define DT_GIC_PPI_BASE 16
#define DT_GIC_NUM_SPI 988
#define DT_GIC_NUM_PPI 16
#define DT_IRQ_EDGE 1
#define DT_IRQ_LEVEL 4

struct dt_gic_spec {
	uint32_t type, num, flags;
};

/* Specifier i of an "interrupts" property p (DT_GIC_CELLS cells each). */
static inline struct dt_gic_spec dt_gic_spec(const fdt32_t *p, int i)
{
	p += i * DT_GIC_CELLS;
	return (struct dt_gic_spec){ fdt32_to_cpu(p[0]), fdt32_to_cpu(p[1]), fdt32_to_cpu(p[2]) };
}

/* Shorthand for printing 64-bit values with %llx/%llu on every target. */
#define DT_U64(x) ((unsigned long long)(x))

/* Nodes nested deeper than this are not visited by dt_walk(). */
#define DT_MAX_DEPTH 16

/* A node with its ancestors: node[0] is the root, node[depth] the node. */
struct dt_lineage {
	int depth;
	int node[DT_MAX_DEPTH];
};

/* Why an address could not be translated to a CPU physical address. */
enum dt_addr_err {
	DT_ADDR_OK = 0,
	DT_ADDR_CELLS,      /* #address-cells/#size-cells the translation cannot use */
	DT_ADDR_NORANGES,   /* a bus on the way has no "ranges": not memory-mapped */
	DT_ADDR_BADRANGES,  /* a bus's "ranges" is not a list of whole entries */
	DT_ADDR_OUTSIDE,    /* no "ranges" entry of a bus covers the range */
};

/*
 * Checks the whole structure of an FDT of bufsize bytes (libfdt's
 * fdt_check_full(), which the kernel's copy of libfdt lacks): header and
 * sizes within bufsize, tags well nested, one root with an empty name,
 * every property name inside the strings block. Returns 0 or -FDT_ERR_*.
 * After it passes, libfdt's accessors stay inside the blob.
 */
int dt_check(const void *fdt, size_t bufsize);

/* dt_check's answer found through libfdt's own tag walk (fdt_next_tag,
 * fdt_getprop_by_offset), as dt_check finds it for trees before version
 * 17; the tests compare the two. */
int dt_check_libfdt(const void *fdt, size_t bufsize);

/* fdt_getprop's answer (the value, its length in *lenp, or NULL and
 * -FDT_ERR_NOTFOUND), found by walking the node's properties in a
 * version 17 tree itself, every step bounded by the header's blocks;
 * libfdt rechecks every tag and each byte of the node's name. Through
 * fdt_getprop for older trees and for an offset that is not a node's. */
const void *dt_getprop(const void *fdt, int node, const char *name, int *lenp);

/* fdt_first_subnode's and fdt_next_subnode's answers, the tags of a
 * version 17 tree walked in place (bounded by its blocks) where libfdt
 * rechecks each tag and each byte of every node name it steps over; libfdt
 * itself for older trees and wherever it would judge the tree. */
int dt_first_subnode(const void *fdt, int node);
int dt_next_subnode(const void *fdt, int node);
#define dt_for_each_subnode(node, fdt, parent) \
	for ((node) = dt_first_subnode((fdt), (parent)); (node) >= 0; \
	     (node) = dt_next_subnode((fdt), (node)))

/* fdt_subnode_offset's answer for a tree that passed dt_check, through
 * dt_for_each_subnode (on a damaged one, -FDT_ERR_NOTFOUND where libfdt
 * might name the damage). */
int dt_subnode_offset(const void *fdt, int parent, const char *name);

/* Calls fn for every node nested less than DT_MAX_DEPTH deep, in tree
 * order, with its lineage; stops early when fn returns false. */
void dt_walk(const void *fdt, bool (*fn)(void *ctx, const struct dt_lineage *l),
	     void *ctx);

/* Fills *l for node; false if the node is not found within DT_MAX_DEPTH. */
bool dt_lineage_of(const void *fdt, int node, struct dt_lineage *l);

/* The #address-cells (dflt 2) or #size-cells (dflt 1) a node gives its
 * children; -1 if the property is not one cell. */
int dt_addr_cells(const void *fdt, int node);
int dt_size_cells(const void *fdt, int node);

/*
 * Translates [*addr, *addr + size) from the address space of the node at
 * l->node[l->depth]'s parent to a CPU physical address through the
 * "ranges" of every bus above it (an empty "ranges" is the identity). On
 * error *bus is the bus node at fault and *addr is unchanged.
 */
enum dt_addr_err dt_translate(const void *fdt, const struct dt_lineage *l,
			      uint64_t *addr, uint64_t size, int *bus);

/* A range of CPU physical addresses a device reaches by DMA and the bus
 * addresses it uses for them (dma-ranges). */
struct dt_dma_window {
	uint64_t bus, cpu, size;
};

/*
 * The DMA windows of the node at l->node[l->depth], as Linux reads them
 * (of_dma_get_range()): the entries of the nearest non-empty dma-ranges of
 * the node or an ancestor below the root (*bus: that node), each parent
 * address translated to a CPU address through the dma-ranges of every bus
 * above it (empty: 1:1). Returns how many (at most max) into w, 0 if no
 * dma-ranges says anything (the device sees memory 1:1), or -dt_addr_err
 * (*bus the node at fault; too many entries are DT_ADDR_BADRANGES).
 */
int dt_dma_windows(const void *fdt, const struct dt_lineage *l, struct dt_dma_window *w,
		   int max, int *bus);

/* What err means, for a message; all but DT_ADDR_CELLS read well followed
 * by the bus's path. */
const char *dt_addr_strerror(enum dt_addr_err err);

#endif /* SEPTUM_DT_H */
