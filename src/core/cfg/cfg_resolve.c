/* SPDX-License-Identifier: MIT */
/*
 * The partition against the board's device tree: each pass-through
 * device's node is looked up, its registers translated to physical
 * addresses and rounded to pages, its interrupts read through the GIC;
 * console defaults come from the board. Then each VM's guest address space
 * (memory, virtual GIC, console, watchdog, devices, channels) and its interrupts are
 * checked for clashes. VMs are independent here; cfg_validate.c checks
 * them against each other.
 */
#include <libfdt.h>
#include "cfg_priv.h"
#include "dt.h"
#include "print.h"

#define SUB_LEN (CFG_NODE_NAME_MAX + 16)

struct rctx {
	const void *fdt;          /* the board's */
	const struct board *b;
	struct diag *d;
	struct cfg_vm *vm;
	bool console_default;     /* the console sits where the board's UART is */
	bool wdog_default;        /* the SP805 sits in the page after the console's */
	bool dev_default[CFG_MAX_DEVICES];   /* guest-address not given */
};

/* A node's translated, unrounded reg ranges. */
struct regs {
	unsigned n;
	struct board_range r[CFG_MAX_DEV_REGS];
};

static void node_path(const void *fdt, int node, char *buf, int n)
{
	if (fdt_get_path(fdt, node, buf, n) < 0)
		format(buf, (size_t)n, "(node at offset %d)", node);
}

static uint64_t page_end(uint64_t base, uint64_t size)
{
	uint64_t last = base + size - 1;

	if (last > UINT64_MAX - PAGE_SIZE)
		return UINT64_MAX;
	return ALIGN_DOWN(last, PAGE_SIZE) + PAGE_SIZE - 1;
}

/* Do the 4 KiB pages of two ranges meet? */
static bool pages_meet(struct board_range a, struct board_range b)
{
	return ALIGN_DOWN(a.base, PAGE_SIZE) <= page_end(b.base, b.size) &&
	       ALIGN_DOWN(b.base, PAGE_SIZE) <= page_end(a.base, a.size);
}

/* A node's reg, opened with its parent's cell counts. */
struct reg_cells {
	const fdt32_t *p;
	int n, ac, sc;
};

/* Opens the reg of the node at l->node[l->depth]; NULL, or why not. */
static const char *reg_open(const void *fdt, const struct dt_lineage *l,
			    struct reg_cells *rc)
{
	int len, parent;

	rc->p = dt_getprop(fdt, l->node[l->depth], "reg", &len);
	if (!rc->p || l->depth == 0)
		return "has no reg (nothing to map)";
	parent = l->node[l->depth - 1];
	rc->ac = dt_addr_cells(fdt, parent);
	rc->sc = dt_size_cells(fdt, parent);
	if (rc->ac < 1 || rc->ac > 2 || rc->sc < 1 || rc->sc > 2)
		return "reg: not a memory-mapped range (parent's #address-cells/#size-cells)";
	if (len == 0 || len % ((rc->ac + rc->sc) * 4) != 0)
		return "reg: not a list of whole <address size> entries";
	rc->n = len / ((rc->ac + rc->sc) * 4);
	return NULL;
}

/* Entry i of an opened reg as a CPU physical range; NULL, or why not
 * (with *bus the bus at fault, or -1). */
static const char *reg_get(const void *fdt, const struct dt_lineage *l,
			   const struct reg_cells *rc, int i, struct board_range *r,
			   int *bus)
{
	const fdt32_t *e = rc->p + i * (rc->ac + rc->sc);
	enum dt_addr_err err;

	*bus = -1;
	r->base = dt_cells(e, rc->ac);
	r->size = dt_cells(e + rc->ac, rc->sc);
	if (r->size == 0)
		return "reg: a range of size 0";
	if (r->base + r->size - 1 < r->base)
		return "reg: a range wraps around";
	err = dt_translate(fdt, l, &r->base, r->size, bus);
	if (err)
		return dt_addr_strerror(err);
	if (r->base + r->size - 1 < r->base)
		return "reg: a range wraps around";
	return NULL;
}

/* Reads and translates a device's reg: NULL, or why not (and *bus). */
static const char *read_regs(const void *fdt, const struct dt_lineage *l,
			     struct regs *out, int *bus)
{
	struct reg_cells rc;
	const char *why = reg_open(fdt, l, &rc);

	*bus = -1;
	out->n = 0;
	if (why)
		return why;
	if (rc.n > CFG_MAX_DEV_REGS)
		return "reg: more than 4 ranges";
	for (int i = 0; i < rc.n; i++) {
		why = reg_get(fdt, l, &rc, i, &out->r[i], bus);
		if (why)
			return why;
		out->n++;
	}
	return NULL;
}

/* Finds the board nodes, other than the device, its ancestors, its
 * descendants and the VM's other devices, whose registers share a page with
 * the device's. */
struct share_ctx {
	const void *fdt;
	const struct rctx *r;
	const struct dt_lineage *dev;
	const struct regs *regs;
	unsigned n;             /* nodes found */
	int first, last;        /* the first and last found (walk order) */
	int septums;            /* one Septum owns, or -1 */
	unsigned mine;          /* the device's range of the first */
};

static bool in_lineage(const struct dt_lineage *l, int node)
{
	for (int i = 0; i <= l->depth; i++)
		if (l->node[i] == node)
			return true;
	return false;
}

/* Is node one of vm's devices? A page that only devices of one VM share
 * isolates them from everyone else (QEMU virt's virtio-mmio transports sit
 * eight to a page). */
static bool vm_has_device(const void *fdt, const struct cfg_vm *vm, int node)
{
	for (unsigned i = 0; i < vm->ndev; i++)
		if (fdt_path_offset(fdt, vm->dev[i].path) == node)
			return true;
	return false;
}

/* The device's range that shares a page with one of node's, or -1. */
static int shared_range(const struct share_ctx *s, const struct dt_lineage *l)
{
	struct reg_cells rc;
	int bus;

	if (reg_open(s->fdt, l, &rc))
		return -1;
	for (int j = 0; j < rc.n; j++) {
		struct board_range theirs;

		if (reg_get(s->fdt, l, &rc, j, &theirs, &bus))
			continue;
		for (unsigned i = 0; i < s->regs->n; i++)
			if (pages_meet(s->regs->r[i], theirs))
				return (int)i;
	}
	return -1;
}

static bool find_sharer(void *ctx, const struct dt_lineage *l)
{
	struct share_ctx *s = ctx;
	int node = l->node[l->depth], len, mine;
	const char *type = dt_string(s->fdt, node, "device_type", &len);
	const struct board *b = s->r->b;

	if (in_lineage(s->dev, node) || in_lineage(l, s->dev->node[s->dev->depth]) ||
	    vm_has_device(s->fdt, s->r->vm, node) ||
	    (type && strcmp(type, "memory") == 0) ||
	    !dt_getprop(s->fdt, node, "reg", NULL))
		return true;
	mine = shared_range(s, l);
	if (mine < 0)
		return true;
	if (s->n++ == 0) {
		s->first = node;
		s->mine = (unsigned)mine;
	}
	s->last = node;
	if (node == b->uart_node || (b->gic.node > 0 && in_lineage(l, b->gic.node)))
		s->septums = node;
	return true;
}

/* Reports a problem with device dev; sub is "devices/<name>". */
#define DEV_FAIL(r, sub, dev, fmt, ...) \
	cfg_vm_fail((r)->d, (r)->vm, (sub), "path: \"%s\": " fmt, (dev)->path, ##__VA_ARGS__)

/* Says which devices share the device's page and what the user can do:
 * nothing if Septum owns one, else give the VM all of them, or leave this
 * one out. */
static void report_sharers(struct rctx *r, const char *sub, const struct cfg_device *dev,
			   const struct share_ctx *s)
{
	const struct board_range *a = &s->regs->r[s->mine];
	char first[CFG_PATH_MAX], last[CFG_PATH_MAX], range[48];

	format(range, sizeof(range), "0x%llx..0x%llx", DT_U64(a->base),
	       DT_U64(a->base + a->size - 1));
	node_path(r->fdt, s->septums >= 0 ? s->septums : s->first, first, sizeof(first));
	node_path(r->fdt, s->last, last, sizeof(last));
	if (s->septums >= 0)
		DEV_FAIL(r, sub, dev, "%s: shares a 4 KiB page with %s, which Septum owns: "
			 "it cannot be passed through", range, first);
	else if (s->n == 1)
		DEV_FAIL(r, sub, dev, "%s: shares a 4 KiB page with %s: add it to this VM's "
			 "devices, or leave this one out", range, first);
	else if (s->n == 2)
		DEV_FAIL(r, sub, dev, "%s: shares a 4 KiB page with %s and %s: add them to "
			 "this VM's devices, or leave this one out", range, first, last);
	else
		DEV_FAIL(r, sub, dev, "%s: shares a 4 KiB page with %u devices not in this VM "
			 "(%s to %s): add them all, or leave this one out", range, s->n, first,
			 last);
}

/* The device's registers must be its own: not RAM, no page shared with a
 * device outside the VM. */
static bool check_regs_own(struct rctx *r, const char *sub, const struct cfg_device *dev,
			   const struct dt_lineage *l, const struct regs *regs)
{
	struct share_ctx s = { r->fdt, r, l, regs, 0, -1, -1, -1, 0 };

	for (unsigned i = 0; i < regs->n; i++) {
		for (unsigned j = 0; j < r->b->nmem; j++) {
			const struct board_range *a = &regs->r[i], *m = &r->b->mem[j];

			if (!ranges_overlap(a->base, a->size, m->base, m->size))
				continue;
			DEV_FAIL(r, sub, dev, "0x%llx..0x%llx: is RAM (give a VM RAM with "
				 "memory@ nodes)", DT_U64(a->base), DT_U64(a->base + a->size - 1));
			return false;
		}
	}
	dt_walk(r->fdt, find_sharer, &s);
	if (s.n == 0)
		return true;
	report_sharers(r, sub, dev, &s);
	return false;
}

/* Page-rounds the ranges into dev->reg[] at their guest addresses. */
static bool place_regs(struct rctx *r, const char *sub, struct cfg_device *dev,
		       const struct regs *regs, bool by_default)
{
	uint64_t host0 = regs->r[0].base;
	uint64_t guest0 = by_default ? host0 : dev->reg[0].guest;
	uint64_t delta = guest0 - host0;   /* modulo 2^64 */

	if ((guest0 ^ host0) & (PAGE_SIZE - 1)) {
		cfg_vm_fail(r->d, r->vm, sub, "guest-address: 0x%llx: not at the device's "
			    "offset in a 4 KiB page (it is at 0x%llx)", DT_U64(guest0),
			    DT_U64(host0));
		return false;
	}
	for (unsigned i = 0; i < regs->n; i++) {
		struct cfg_dev_reg *g = &dev->reg[i];
		uint64_t end = page_end(regs->r[i].base, regs->r[i].size);

		g->host = ALIGN_DOWN(regs->r[i].base, PAGE_SIZE);
		g->size = end - g->host + 1;
		g->guest = g->host + delta;
		g->offset = regs->r[i].base - g->host;
		g->reg_size = regs->r[i].size;
		if (end == UINT64_MAX || g->guest + g->size - 1 < g->guest) {
			cfg_vm_fail(r->d, r->vm, sub, "guest-address: 0x%llx: the device's "
				    "ranges would wrap around", DT_U64(guest0));
			return false;
		}
	}
	dev->nreg = regs->n;
	return true;
}

/* The node that delivers node's interrupts (interrupt-parent, inherited). */
static int irq_parent(const void *fdt, const struct dt_lineage *l)
{
	for (int i = l->depth; i >= 0; i--) {
		int len;
		const fdt32_t *p = dt_getprop(fdt, l->node[i], "interrupt-parent", &len);

		if (p)
			return len == 4 ? fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(*p)) : -1;
	}
	return -1;
}

/* A node's #interrupt-cells, -1 if absent or not one cell. */
static int irq_cells(const void *fdt, int node)
{
	int len;
	const fdt32_t *p = dt_getprop(fdt, node, "#interrupt-cells", &len);

	return p && len == 4 ? (int)fdt32_to_cpu(*p) : -1;
}

static bool read_irqs(struct rctx *r, const char *sub, struct cfg_device *dev,
		      const struct dt_lineage *l)
{
	int node = l->node[l->depth], len, parent, cells;
	const fdt32_t *p = dt_getprop(r->fdt, node, "interrupts", &len);
	char gic[CFG_PATH_MAX], from[CFG_PATH_MAX] = "none";

	if (dt_getprop(r->fdt, node, "interrupts-extended", NULL)) {
		DEV_FAIL(r, sub, dev, "interrupts-extended: not supported (only interrupts, "
			 "through the GIC)");
		return false;
	}
	if (!p)
		return true;
	parent = irq_parent(r->fdt, l);
	if (parent < 0 || parent != r->b->gic.node) {
		node_path(r->fdt, r->b->gic.node, gic, sizeof(gic));
		if (parent >= 0)
			node_path(r->fdt, parent, from, sizeof(from));
		DEV_FAIL(r, sub, dev, "interrupt-parent: %s: not the GIC (%s): only GIC "
			 "interrupts can be passed through", from, gic);
		return false;
	}
	cells = irq_cells(r->fdt, parent);
	if (cells != DT_GIC_CELLS) {
		DEV_FAIL(r, sub, dev, "interrupts: the GIC's #interrupt-cells is %d: "
			 "only 3 (<type number flags>) is supported", cells);
		return false;
	}
	if (len == 0 || len % (DT_GIC_CELLS * 4) != 0 ||
	    len / (DT_GIC_CELLS * 4) > CFG_MAX_DEV_IRQS) {
		DEV_FAIL(r, sub, dev, "interrupts: %d bytes: not 1..%d <type number flags>",
			 len, CFG_MAX_DEV_IRQS);
		return false;
	}
	for (int i = 0; i < len / (DT_GIC_CELLS * 4); i++) {
		struct dt_gic_spec s = dt_gic_spec(p, i);
		uint32_t type = s.type, num = s.num, flags = s.flags;
		const char *bad = NULL;

		if (type == DT_GIC_PPI)
			bad = "a PPI (per CPU): cannot be passed through";
		else if (type != DT_GIC_SPI)
			bad = "not an SPI (type 0)";
		else if (num >= DT_GIC_NUM_SPI)
			bad = "no such SPI (a GIC has SPIs 0..987)";
		else if (num + DT_GIC_SPI_BASE > VM_MAX_INTID)
			bad = "beyond the virtual GIC (SPIs 0..127, INTIDs 32..159)";
		if (bad) {
			DEV_FAIL(r, sub, dev, "interrupts: <%u %u %u>: %s", type, num, flags, bad);
			return false;
		}
		dev->irq[dev->nirq++] = num + DT_GIC_SPI_BASE;
	}
	return true;
}

/* Septum's own: the console UART and the GIC (and what is under it). */
static bool check_not_septums(struct rctx *r, const char *sub,
			      const struct cfg_device *dev, const struct dt_lineage *l)
{
	int node = l->node[l->depth];

	if (node == r->b->uart_node) {
		DEV_FAIL(r, sub, dev, "the console UART, which Septum owns");
		return false;
	}
	if (node == r->b->smmu.node) {
		DEV_FAIL(r, sub, dev, "the SMMU, which Septum owns");
		return false;
	}
	if (r->b->gic.node > 0 && in_lineage(l, r->b->gic.node)) {
		DEV_FAIL(r, sub, dev, "%s, which Septum owns", node == r->b->gic.node ?
			 "the interrupt controller" : "part of the interrupt controller");
		return false;
	}
	return true;
}

/* The partition's clock-rates give one rate per clock of the board node. */
static void check_clocks(struct rctx *r, const char *sub, const struct cfg_device *dev)
{
	int n;

	if (!dev->nclk)
		return;
	n = cfg_board_clocks(r->fdt, dev->board_node);
	if (n < 0)
		cfg_vm_fail(r->d, r->vm, sub, "clock-rates: the board's %s has a clocks "
			    "property that does not parse", dev->path);
	else if ((unsigned)n != dev->nclk)
		cfg_vm_fail(r->d, r->vm, sub, "clock-rates: %u rate%s, but the board's %s "
			    "has %d clock%s", dev->nclk, dev->nclk == 1 ? "" : "s", dev->path, n,
			    n == 1 ? "" : "s");
}

static void resolve_device(struct rctx *r, unsigned idx)
{
	struct cfg_device *dev = &r->vm->dev[idx];
	struct dt_lineage l;
	char sub[SUB_LEN];
	struct regs regs;
	const char *why;
	int node, bus;

	format(sub, sizeof(sub), "devices/%s", dev->name);
	r->dev_default[idx] = dev->reg[0].guest == CFG_ADDR_DEFAULT;
	if (!r->fdt) {
		DEV_FAIL(r, sub, dev, "no board device tree to look it up in");
		return;
	}
	node = fdt_path_offset(r->fdt, dev->path);
	if (node < 0) {
		DEV_FAIL(r, sub, dev, "no such node in the board device tree");
		return;
	}
	if (!dt_lineage_of(r->fdt, node, &l)) {
		DEV_FAIL(r, sub, dev, "nested more than %d levels deep", DT_MAX_DEPTH - 1);
		return;
	}
	if (!check_not_septums(r, sub, dev, &l))
		return;
	for (unsigned j = 0; j < idx; j++) {
		const struct cfg_device *o = &r->vm->dev[j];

		/* Functions of one PCIe host: one entry per requester ID. */
		if (o->board_node == node && (!dev->pci || !o->pci || o->pci_rid == dev->pci_rid)) {
			DEV_FAIL(r, sub, dev, "already listed as %s/devices/%s", r->vm->path,
				 r->vm->dev[j].name);
			return;
		}
	}
	dev->board_node = node;
	cfg_dma_classify(r->fdt, dev);
	if (dev->pci) {
		why = cfg_pci_place(r->b, node, dev, r->dev_default[idx]);
		if (why)
			DEV_FAIL(r, sub, dev, "%s", why);
		return;
	}
	cfg_iommu_stream(r->fdt, r->b, dev);
	check_clocks(r, sub, dev);
	why = cfg_dma_windows(r->fdt, &l, dev, &bus);
	if (why) {
		char where[CFG_PATH_MAX] = "?";

		node_path(r->fdt, bus, where, sizeof(where));
		DEV_FAIL(r, sub, dev, "DMA-capable, but where its DMA reaches is not known: "
			 "%s %s", why, where);
	}
	why = read_regs(r->fdt, &l, &regs, &bus);
	if (why) {
		char where[CFG_PATH_MAX] = "";

		if (bus >= 0)
			node_path(r->fdt, bus, where, sizeof(where));
		DEV_FAIL(r, sub, dev, "%s%s%s", why, bus >= 0 ? " " : "", where);
	} else if (check_regs_own(r, sub, dev, &l, &regs)) {
		place_regs(r, sub, dev, &regs, r->dev_default[idx]);
	}
	read_irqs(r, sub, dev, &l);
}

/* A range in a VM's guest address space and what it belongs to. */
enum span_kind { SPAN_MEM, SPAN_VGIC, SPAN_CONSOLE, SPAN_WDOG, SPAN_DEV, SPAN_CHAN };

struct span {
	enum span_kind kind;
	unsigned idx;          /* memory, GIC frame, device or channel index */
	uint64_t base, size;
};

#define MAX_SPANS (CFG_MAX_MEM + 2 + 2 + CFG_MAX_DEVICES * CFG_MAX_DEV_REGS + \
		   CFG_MAX_CHANNELS)

static void describe(const struct rctx *r, const struct span *s, char *buf, size_t n)
{
	static const char *const gic_frame[2][2] = {
		{ "the virtual GIC distributor", "the virtual GIC CPU interface" },
		{ "the virtual GIC distributor", "the virtual GIC redistributors" },
	};
	const struct cfg_vm *vm = r->vm;

	switch (s->kind) {
	case SPAN_MEM:
		format(buf, n, "%s/%s", vm->path, vm->mem[s->idx].name);
		break;
	case SPAN_VGIC:
		format(buf, n, "%s", gic_frame[r->b->gic.version == 3][s->idx]);
		break;
	case SPAN_CONSOLE:
		format(buf, n, "%s/console", vm->path);
		break;
	case SPAN_WDOG:
		format(buf, n, "%s/watchdog", vm->path);
		break;
	case SPAN_DEV:
		format(buf, n, "%s/devices/%s", vm->path, vm->dev[s->idx].name);
		break;
	case SPAN_CHAN:
		format(buf, n, "%s/channels/%s", vm->path, vm->chan[s->idx].name);
		break;
	}
}

/* Reports span s, which overlaps the earlier span o. */
static void report_overlap(struct rctx *r, const struct span *s, const struct span *o)
{
	static const char *const prop[] = {
		[SPAN_MEM] = "reg", [SPAN_CONSOLE] = "guest-address",
		[SPAN_WDOG] = "guest-address", [SPAN_DEV] = "guest-address",
		[SPAN_CHAN] = "guest-address",
	};
	bool dflt = (s->kind == SPAN_CONSOLE && r->console_default) ||
		    (s->kind == SPAN_WDOG && r->wdog_default) ||
		    (s->kind == SPAN_DEV && r->dev_default[s->idx]);
	char sub[SUB_LEN], other[SUB_LEN + CFG_NAME_MAX];
	const char *note = s->kind == SPAN_CONSOLE ? " (by default, the board UART's)" :
			   s->kind == SPAN_WDOG ? " (by default, the page after the console's)" :
			   " (by default, the host address)";

	describe(r, s, other, sizeof(other));
	format(sub, sizeof(sub), "%s", other + strlen(r->vm->path) + 1);
	describe(r, o, other, sizeof(other));
	cfg_vm_fail(r->d, r->vm, sub, "%s: 0x%llx..0x%llx%s: overlaps %s (0x%llx..0x%llx)",
		    prop[s->kind], DT_U64(s->base), DT_U64(s->base + s->size - 1),
		    dflt ? note : "", other, DT_U64(o->base), DT_U64(o->base + o->size - 1));
}

static unsigned collect_spans(const struct rctx *r, struct span *s)
{
	const struct cfg_vm *vm = r->vm;
	const struct cfg_platform *pl = &vm->plat;
	const struct board_range *cpu_side = pl->gic_version == 3 ? &pl->gicr : &pl->gicc;
	unsigned n = 0;

	for (unsigned i = 0; i < vm->nmem; i++)
		s[n++] = (struct span){ SPAN_MEM, i, vm->mem[i].guest, vm->mem[i].size };
	if (pl->gicd.size) {
		s[n++] = (struct span){ SPAN_VGIC, 0, pl->gicd.base, pl->gicd.size };
		s[n++] = (struct span){ SPAN_VGIC, 1, cpu_side->base, cpu_side->size };
	}
	if (pl->uart.size)
		s[n++] = (struct span){ SPAN_CONSOLE, 0, pl->uart.base, pl->uart.size };
	if (pl->wdog.size)
		s[n++] = (struct span){ SPAN_WDOG, 0, pl->wdog.base, pl->wdog.size };
	for (unsigned i = 0; i < vm->ndev; i++)
		for (unsigned j = 0; j < vm->dev[i].nreg; j++)
			s[n++] = (struct span){ SPAN_DEV, i, vm->dev[i].reg[j].guest,
						vm->dev[i].reg[j].size };
	for (unsigned i = 0; i < vm->nchan; i++)
		s[n++] = (struct span){ SPAN_CHAN, i, vm->chan[i].guest,
					CFG_CHAN_FOOTPRINT(vm->chan[i].size) };
	return n;
}

/* Two devices' ranges that overlap with the same guest - host offset map
 * the same pages to the same place (devices sharing a page): no clash. */
static bool same_pages(const struct rctx *r, const struct span *a, const struct span *o)
{
	const struct cfg_dev_reg *x = &r->vm->dev[a->idx].reg[0];
	const struct cfg_dev_reg *y = &r->vm->dev[o->idx].reg[0];

	return a->kind == SPAN_DEV && o->kind == SPAN_DEV &&
	       x->guest - x->host == y->guest - y->host;
}

/*
 * Each range of the guest address space must be clear of the ones before
 * it in the order memory, virtual GIC, console, watchdog, devices, channels; the
 * later one is reported (memory, when it covers the virtual GIC), at most
 * once per owner.
 */
static void check_guest_space(struct rctx *r)
{
	struct span s[MAX_SPANS];
	unsigned n = collect_spans(r, s);

	for (unsigned i = 0; i < n; i++) {
		for (unsigned j = 0; j < i; j++) {
			const struct span *a = &s[i], *o = &s[j];

			if ((a->kind == o->kind && a->idx == o->idx) || same_pages(r, a, o) ||
			    (a->kind == SPAN_VGIC && o->kind == SPAN_VGIC) ||
			    !ranges_overlap(a->base, a->size, o->base, o->size))
				continue;
			if (a->kind == SPAN_VGIC)
				report_overlap(r, o, a);
			else
				report_overlap(r, a, o);
			/* Skip the rest of this owner's ranges against o's. */
			while (i + 1 < n && s[i + 1].kind == a->kind && s[i + 1].idx == a->idx)
				i++;
			break;
		}
	}
}

/* The users of INTIDs in a VM, in the order they are checked: each must
 * not take an INTID that one before it has (devices may share a line). */
enum irq_owner { IRQ_DEV, IRQ_EXTRA, IRQ_CONSOLE, IRQ_CHAN };

/* Who in the VM, before (owner, chan) in that order, already has INTID id:
 * written into buf; false if nobody. */
static bool irq_taken(const struct rctx *r, uint32_t id, enum irq_owner owner,
		      unsigned chan, char *buf, size_t n)
{
	const struct cfg_vm *vm = r->vm;

	for (unsigned i = 0; owner > IRQ_DEV && i < vm->ndev; i++)
		for (unsigned j = 0; j < vm->dev[i].nirq; j++)
			if (vm->dev[i].irq[j] == id)
				return format(buf, n, "the interrupt of %s/devices/%s",
					      vm->path, vm->dev[i].name), true;
	for (unsigned i = 0; owner > IRQ_EXTRA && i < vm->nirq; i++)
		if (vm->irq[i] == id)
			return format(buf, n, "in the interrupts of %s", vm->path), true;
	if (owner > IRQ_CONSOLE && vm->plat.uart.size && vm->plat.uart_intid == id)
		return format(buf, n, "the interrupt of %s/console", vm->path), true;
	for (unsigned i = 0; owner == IRQ_CHAN && i < chan; i++)
		if (vm->chan[i].intid == id)
			return format(buf, n, "the doorbell of %s/channels/%s", vm->path,
				      vm->chan[i].name), true;
	return false;
}

#define IRQ_FAIL(r, sub, id, fmt, ...) \
	cfg_vm_fail((r)->d, (r)->vm, (sub), "interrupts: SPI %u (INTID %u): " fmt, \
		    (id) - DT_GIC_SPI_BASE, (id), ##__VA_ARGS__)

/* One INTID per purpose in a VM; physical ones not the console UART's. */
static void check_irqs(struct rctx *r)
{
	struct cfg_vm *vm = r->vm;
	char who[SUB_LEN + CFG_NAME_MAX + 24], sub[SUB_LEN];
	bool uart_taken = false;

	for (unsigned i = 0; i < vm->nirq; i++) {
		if (vm->irq[i] == r->b->uart_intid) {
			IRQ_FAIL(r, NULL, vm->irq[i], "the console UART's, which Septum owns");
			uart_taken = true;
		} else if (irq_taken(r, vm->irq[i], IRQ_EXTRA, 0, who, sizeof(who))) {
			IRQ_FAIL(r, NULL, vm->irq[i], "already %s", who);
		}
	}
	/* (A console left at the UART's INTID clashes with nothing new.) */
	if (vm->plat.uart.size && vm->plat.uart_intid &&
	    !(uart_taken && vm->plat.uart_intid == r->b->uart_intid) &&
	    irq_taken(r, vm->plat.uart_intid, IRQ_CONSOLE, 0, who, sizeof(who)))
		IRQ_FAIL(r, "console", vm->plat.uart_intid, "already %s", who);
	for (unsigned i = 0; i < vm->nchan; i++) {
		if (!vm->chan[i].intid ||
		    !irq_taken(r, vm->chan[i].intid, IRQ_CHAN, i, who, sizeof(who)))
			continue;
		format(sub, sizeof(sub), "channels/%s", vm->chan[i].name);
		IRQ_FAIL(r, sub, vm->chan[i].intid, "already %s", who);
	}
}

/* The VM's platform (cfg.h): its virtual GIC where the board's is, with
 * the board's version; its UART where the partition says, else at the page
 * of the board's; the board's timer interrupts. */
static void resolve_platform(struct rctx *r)
{
	const struct board *b = r->b;
	struct cfg_vm *vm = r->vm;
	struct cfg_platform *pl = &vm->plat;
	struct cfg_console *con = &vm->console;

	*pl = (struct cfg_platform){ .gic_version = b->gic.version };
	if (b->gic.version == 3) {
		pl->gicd = (struct board_range){ b->gic.dist.base, CFG_GICV3_DIST_SIZE };
		pl->gicr = (struct board_range){ b->gic.redist.base,
						 CFG_GICV3_REDIST_SIZE * MAX(vm->nvcpus, 1u) };
	} else if (b->gic.version == 2) {
		pl->gicd = (struct board_range){ b->gic.dist.base, CFG_GICV2_DIST_SIZE };
		pl->gicc = (struct board_range){ b->gic.cpuif.base, CFG_GICV2_CPUIF_SIZE };
	}
	r->console_default = con->guest == CFG_ADDR_DEFAULT;
	/* The page of the board's console (a mini-UART's registers, say,
	 * start inside one): the VM's UART is a PL011 with a page of its own. */
	if (r->console_default)
		con->guest = ALIGN_DOWN(b->uart.base, (uint64_t)CFG_CONSOLE_SIZE);
	if (!con->intid)
		con->intid = b->uart_intid;
	if (con->present) {
		pl->uart = (struct board_range){ con->guest, CFG_CONSOLE_SIZE };
		pl->uart_intid = con->intid;
	}
	r->wdog_default = vm->wdog.guest == CFG_ADDR_DEFAULT;
	if (vm->wdog.present && r->wdog_default)
		vm->wdog.guest = con->guest + CFG_CONSOLE_SIZE;
	if (vm->wdog.present)
		pl->wdog = (struct board_range){ vm->wdog.guest, CFG_WDOG_SIZE };
	pl->timer_intid[0] = b->timer.sec_phys_intid;
	pl->timer_intid[1] = b->timer.phys_intid;
	pl->timer_intid[2] = b->timer.virt_intid;
	pl->timer_intid[3] = b->timer.hyp_intid;
}

static void resolve_vm(struct rctx *r)
{
	for (unsigned i = 0; i < r->vm->ndev; i++)
		resolve_device(r, i);
	resolve_platform(r);
	check_guest_space(r);
	check_irqs(r);
	cfg_dma_identity(r->d, r->vm);
	cfg_dma_reach(r->d, r->vm, r->fdt);
}

int cfg_resolve(struct partition *p, const void *board_fdt, const struct board *b,
		struct diag *d)
{
	struct rctx r = { .fdt = board_fdt, .b = b, .d = d };
	int valid = 0;

	for (unsigned i = 0; i < p->nvms; i++) {
		r.vm = &p->vm[i];
		resolve_vm(&r);
		valid += r.vm->valid;
	}
	return valid;
}
