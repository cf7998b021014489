/* SPDX-License-Identifier: MIT */
/*
 * One pass over the board DT (board.c calls it first): for each kind of
 * node the board parser looks for by compatible string (PSCI, GIC, timer,
 * UARTs, SMMU, PCIe host), the first enabled node in node order, or every
 * enabled UART; and the nodes with a phandle. Each node's compatible and
 * status are read once, where a search per kind (fdt_node_check_compatible
 * per node and per string) read them once per string and per search, and
 * each phandle lookup (fdt_node_offset_by_phandle) rescanned the tree.
 */
#include <libfdt.h>
#include "board_priv.h"
#include "dt.h"

/* Bindings: arm/psci.yaml, interrupt-controller/arm,gic(-v3).yaml,
 * timer/arm,arch_timer.yaml, the serial/ ones named in board_uart.c,
 * iommu/arm,smmu-v3.yaml, pci/host-generic-pci.yaml. The order of each
 * list is its "which" (board_gic_version, board_uart_kind). */
static const char *const psci[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
static const char *const gic[] = {
	"arm,gic-v3", "arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a7-gic",
};
static const char *const timer[] = { "arm,armv8-timer" };
static const char *const smmu[] = { "arm,smmu-v3" };
static const char *const pci[] = { "pci-host-ecam-generic" };

const char *const board_uart_compat[BOARD_UART_NCOMPAT] = {
	"arm,pl011", "brcm,bcm2835-aux-uart", "ns16550a", "ns16550",
	"snps,dw-apb-uart", "cdns,uart-r1p12", "xlnx,xuartps", "fsl,imx6q-uart",
};

static const struct {
	const char *const *compat;
	unsigned n;
} kinds[BOARD_FIND_COUNT] = {
	[BOARD_FIND_PSCI] = { psci, ARRAY_SIZE(psci) },
	[BOARD_FIND_GIC] = { gic, ARRAY_SIZE(gic) },
	[BOARD_FIND_TIMER] = { timer, ARRAY_SIZE(timer) },
	[BOARD_FIND_UART] = { board_uart_compat, BOARD_UART_NCOMPAT },
	[BOARD_FIND_SMMU] = { smmu, ARRAY_SIZE(smmu) },
	[BOARD_FIND_PCI] = { pci, ARRAY_SIZE(pci) },
};

_Static_assert(ARRAY_SIZE(psci) <= BOARD_UART_NCOMPAT && ARRAY_SIZE(gic) <= BOARD_UART_NCOMPAT &&
	       ARRAY_SIZE(timer) <= BOARD_UART_NCOMPAT && ARRAY_SIZE(smmu) <= BOARD_UART_NCOMPAT &&
	       ARRAY_SIZE(pci) <= BOARD_UART_NCOMPAT, "board_scan.compat_len holds every list");

/* A node's compatible strings, each found once (COMPAT_MAX at most). */
#define COMPAT_MAX 16
struct compat {
	const char *s[COMPAT_MAX];
	size_t len[COMPAT_MAX];
	unsigned n;
};

/* Splits compatible (len bytes) into c; false if it is not a list of
 * NUL-terminated strings or has more than COMPAT_MAX. */
static bool split(const char *compat, int len, struct compat *c)
{
	const char *p = compat, *end = compat + len;

	c->n = 0;
	/* Invariant: [compat, p) is c's strings, each with its NUL. */
	while (p < end) {
		const char *z = memchr(p, '\0', (size_t)(end - p));

		if (!z || c->n == COMPAT_MAX)
			return false;
		c->s[c->n] = p;
		c->len[c->n++] = (size_t)(z - p);
		p = z + 1;
	}
	return true;
}

/* Does c hold want (n bytes)? */
static bool holds(const struct compat *c, const char *want, size_t n)
{
	for (unsigned i = 0; i < c->n; i++)
		if (c->len[i] == n && memcmp(c->s[i], want, n) == 0)
			return true;
	return false;
}

/* The index in kind k's list of the first of its strings that c holds
 * (-1 if none): the order of preference of fdt_node_check_compatible
 * called per string. With c NULL (compatible not a plain string list),
 * through libfdt's fdt_stringlist_contains on compat itself. */
static int match(const struct board_scan *s, unsigned k, const struct compat *c,
		 const char *compat, int len)
{
	for (unsigned i = 0; i < kinds[k].n; i++)
		if (c ? holds(c, kinds[k].compat[i], s->compat_len[k][i]) :
			fdt_stringlist_contains(compat, len, kinds[k].compat[i]))
			return (int)i;
	return -1;
}

static void note_compatible(struct board_scan *s, int node, const char *compat, int len)
{
	struct compat c;
	bool ok = split(compat, len, &c);

	for (unsigned k = 0; k < BOARD_FIND_COUNT; k++) {
		int which;

		if (k != BOARD_FIND_UART && s->node[k] >= 0)
			continue;
		which = match(s, k, ok ? &c : NULL, compat, len);
		if (which < 0)
			continue;
		if (s->node[k] < 0) {
			s->node[k] = node;
			s->which[k] = (unsigned)which;
		}
		if (k == BOARD_FIND_UART && s->nuarts < BOARD_SCAN_UARTS) {
			s->uart[s->nuarts] = node;
			s->uart_which[s->nuarts++] = (unsigned)which;
		}
	}
}

static const char *const top_names[BOARD_TOP_COUNT] = {
	[BOARD_TOP_CHOSEN] = "chosen", [BOARD_TOP_CPUS] = "cpus",
	[BOARD_TOP_PSCI] = "psci", [BOARD_TOP_RESERVED] = "reserved-memory",
};

/* node's name (a version 16 or later tree: board_path_offset). The tree
 * passed dt_check and node came from the walk, so the name is there, NUL-terminated, after the
 * FDT_BEGIN_NODE tag (DT spec v0.4, 5.4.1); fdt_get_name would check the
 * node again, a call per byte of the name. */
static const char *node_name(const void *fdt, int node)
{
	return (const char *)fdt + fdt_off_dt_struct(fdt) + node + FDT_TAGSIZE;
}

/* Does name match want (n bytes, no NUL)? As fdt_subnode_offset matches:
 * the whole name, or, if want has no unit address, the part before '@'. */
static bool name_is(const char *name, const char *want, size_t n)
{
	size_t i = 0;

	/* Stops at name's NUL at the latest: want has none. */
	while (i < n && name[i] == want[i])
		i++;
	return i == n && (name[n] == '\0' || (name[n] == '@' && !memchr(want, '@', n)));
}

/* A child of the root: is it one the parser reads by path? */
static void note_top(struct board_scan *s, int node, const char *name)
{
	for (unsigned t = 0; t < BOARD_TOP_COUNT; t++)
		if (s->top[t] < 0 && name_is(name, top_names[t], strlen(top_names[t])))
			s->top[t] = node;
}

/* Records node (at depth, below the root) in the node table. stack[d]
 * is the table index of the last node seen at depth d. */
static void note_node(struct board_scan *s, int node, int depth, int *stack)
{
	if (depth >= DT_MAX_DEPTH)
		return;
	if (s->nnodes == BOARD_SCAN_NODES) {
		s->more_nodes = true;
		return;
	}
	s->node_off[s->nnodes] = node;
	s->parent[s->nnodes] = (int16_t)(depth > 0 ? stack[depth - 1] : -1);
	stack[depth] = (int)s->nnodes++;
}

/* The properties of a node the scan reads, in one walk over them (a
 * getprop per name walks them once per name). */
struct props {
	const char *compat, *status;
	int compat_len, status_len;
	uint32_t phandle, linux_phandle;
	bool typed;    /* has a device_type */
	bool memory;   /* and it is "memory" */
};

/* One property of the node; the first of each name counts, as for
 * fdt_getprop. */
static void take_prop(struct props *p, const char *name, const void *v, int len)
{
	if (!p->compat && strcmp(name, "compatible") == 0) {
		p->compat = v;
		p->compat_len = len;
	} else if (!p->status && strcmp(name, "status") == 0) {
		p->status = v;
		p->status_len = len;
	} else if (!p->phandle && len == 4 && strcmp(name, "phandle") == 0) {
		p->phandle = fdt32_ld(v);
	} else if (!p->linux_phandle && len == 4 && strcmp(name, "linux,phandle") == 0) {
		p->linux_phandle = fdt32_ld(v);
	} else if (!p->typed && strcmp(name, "device_type") == 0) {
		p->typed = true;
		p->memory = len == sizeof("memory") && memcmp(v, "memory", len) == 0;
	}
}

static void read_props(const void *fdt, int node, struct props *p)
{
	int off;

	*p = (struct props){ .compat = NULL };
	fdt_for_each_property_offset(off, fdt, node) {
		const char *name;
		int len;
		const void *v = fdt_getprop_by_offset(fdt, off, &name, &len);

		if (v && name)
			take_prop(p, name, v, len);
	}
}

/* As dt_enabled: no status, or "okay" or "ok". */
static bool enabled(const struct props *p)
{
	return !p->status || (p->status_len > 0 && (strcmp(p->status, "okay") == 0 ||
						     strcmp(p->status, "ok") == 0));
}

static void note_props(struct board_scan *s, int node, const struct props *p)
{
	/* fdt_get_phandle: "phandle", else "linux,phandle". */
	uint32_t ph = p->phandle ? p->phandle : p->linux_phandle;

	if (ph) {
		if (s->nphandles < BOARD_SCAN_PHANDLES) {
			s->phandle[s->nphandles] = ph;
			s->phandle_node[s->nphandles] = node;
		}
		s->nphandles++;
	}
	if (p->memory) {
		if (s->nmems < BOARD_SCAN_MEMS)
			s->mem[s->nmems++] = node;
		else
			s->more_mems = true;
	}
	if (p->compat && p->compat_len > 0 && enabled(p))
		note_compatible(s, node, p->compat, p->compat_len);
}

/* The walk through libfdt, for a tree older than version 16 (whose node
 * names are whole paths). */
static void walk_libfdt(const void *fdt, struct board_scan *s)
{
	int stack[DT_MAX_DEPTH], depth = 0;

	/* Invariant: every node before node (in node order) has been noted;
	 * depth is node's (the root's is 0). */
	for (int node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		struct props p;

		note_node(s, node, depth, stack);
		if (depth == 1)
			note_top(s, node, fdt_get_name(fdt, node, NULL) ?: "");
		read_props(fdt, node, &p);
		note_props(s, node, &p);
	}
}

/*
 * The walk over the structure block's tags themselves (DT spec v0.4, 5.4),
 * which dt_check has checked: every tag, node name and property value lies
 * inside it, every property's name inside the strings block, the nesting
 * is whole and FDT_END ends it. libfdt checks each again, with a call per
 * byte of every node name it steps over. A node's properties are the ones
 * before its first child or end (what fdt_getprop finds).
 */
static void walk_tags(const void *fdt, struct board_scan *s)
{
	const char *st = (const char *)fdt + fdt_off_dt_struct(fdt);
	const char *strs = (const char *)fdt + fdt_off_dt_strings(fdt);
	int stack[DT_MAX_DEPTH], depth = -1, off = 0, node = -1;
	bool in_props = false;
	struct props p;

	/* Invariant: off is a tag's offset; nodes before node are noted,
	 * node's properties before off are in p while in_props. */
	for (;;) {
		uint32_t tag = fdt32_ld((const fdt32_t *)(st + off));

		if (in_props && tag != FDT_PROP && tag != FDT_NOP) {
			note_props(s, node, &p);
			in_props = false;
		}
		if (tag == FDT_BEGIN_NODE) {
			node = off;
			note_node(s, node, ++depth, stack);
			if (depth == 1)
				note_top(s, node, st + off + FDT_TAGSIZE);
			p = (struct props){ .compat = NULL };
			in_props = true;
			off += FDT_TAGSIZE + (int)ALIGN_UP(strlen(st + off + FDT_TAGSIZE) + 1, FDT_TAGSIZE);
		} else if (tag == FDT_PROP) {
			uint32_t len = fdt32_ld((const fdt32_t *)(st + off + 4));
			uint32_t name = fdt32_ld((const fdt32_t *)(st + off + 8));

			if (in_props)
				take_prop(&p, strs + name, st + off + 12, (int)len);
			off += 12 + (int)ALIGN_UP(len, FDT_TAGSIZE);
		} else if (tag == FDT_END_NODE || tag == FDT_NOP) {
			depth -= tag == FDT_END_NODE;
			off += FDT_TAGSIZE;
		} else {
			return;   /* FDT_END */
		}
	}
}

void board_scan(const void *fdt, struct board_scan *s)
{
	*s = (struct board_scan){ .nphandles = 0 };
	for (unsigned k = 0; k < BOARD_FIND_COUNT; k++)
		s->node[k] = -FDT_ERR_NOTFOUND;
	for (unsigned t = 0; t < BOARD_TOP_COUNT; t++)
		s->top[t] = -FDT_ERR_NOTFOUND;
	for (unsigned k = 0; k < BOARD_FIND_COUNT; k++)
		for (unsigned i = 0; i < kinds[k].n; i++)
			s->compat_len[k][i] = (uint8_t)strlen(kinds[k].compat[i]);
	if (fdt_version(fdt) >= 0x10)
		walk_tags(fdt, s);
	else
		walk_libfdt(fdt, s);
}

bool board_lineage(const void *fdt, const struct board_scan *s, int node,
		   struct dt_lineage *l)
{
	unsigned lo = 0, hi = s->nnodes;
	int depth = 0, chain[DT_MAX_DEPTH];

	/* Invariant: node is not at an index below lo or at or above hi. */
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (s->node_off[mid] < node)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= s->nnodes || s->node_off[lo] != node)
		return s->more_nodes && dt_lineage_of(fdt, node, l);
	for (int i = (int)lo; i >= 0; i = s->parent[i]) {
		if (depth == DT_MAX_DEPTH)
			return false;
		chain[depth++] = s->node_off[i];
	}
	l->depth = depth - 1;
	for (int d = 0; d < depth; d++)
		l->node[d] = chain[depth - 1 - d];
	return true;
}

/* The table index of the first child of node index at named [p, q). */
static int child_named(const void *fdt, const struct board_scan *s, int at, const char *p,
		       const char *q)
{
	for (unsigned i = (unsigned)at + 1; i < s->nnodes; i++)
		if (s->parent[i] == at &&
		    name_is(node_name(fdt, s->node_off[i]), p, (size_t)(q - p)))
			return (int)i;
	return -1;
}

int board_path_offset(const void *fdt, const struct board_scan *s, const char *path, int n)
{
	const char *p = path, *end = path + n;
	int at = 0;

	if (n < 1 || *path != '/' || s->more_nodes || !s->nnodes || fdt_version(fdt) < 0x10)
		return fdt_path_offset_namelen(fdt, path, n);
	/* Invariant: at is the index of the node [path, p) names. */
	while (p < end) {
		const char *q;

		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		q = memchr(p, '/', (size_t)(end - p));
		if (!q)
			q = end;
		at = child_named(fdt, s, at, p, q);
		if (at < 0)   /* libfdt's answer (and error), nodes too deep too */
			return fdt_path_offset_namelen(fdt, path, n);
		p = q;
	}
	return s->node_off[at];
}

int board_node_by_phandle(const void *fdt, const struct board_scan *s, uint32_t phandle)
{
	if (phandle == 0 || phandle == ~0u)
		return -FDT_ERR_BADPHANDLE;
	if (s->nphandles > BOARD_SCAN_PHANDLES)
		return fdt_node_offset_by_phandle(fdt, phandle);
	for (unsigned i = 0; i < s->nphandles; i++)
		if (s->phandle[i] == phandle)
			return s->phandle_node[i];
	return -FDT_ERR_NOTFOUND;
}
