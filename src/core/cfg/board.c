/* SPDX-License-Identifier: MIT */
/*
 * Board description from the boot DTB: RAM, reserved ranges, CPUs, PSCI,
 * GIC, generic timer, initrd, and (board_uart.c) the console and other
 * UARTs. Reads the FDT once and fills a plain struct board; every problem
 * is reported as "<node path>: <property>: <value>: <what is wrong>".
 *
 * Every `reg` is decoded with its parent's #address-cells/#size-cells and
 * translated to a CPU physical address through the `ranges` of every bus
 * above it (dt_translate, as cfg_resolve.c does for pass-through devices).
 */
#include <libfdt.h>
#include "board.h"
#include "board_priv.h"
#include "dt.h"
#include "print.h"

/* The MPIDR_EL1 affinity fields Aff3 [39:32] and Aff2..Aff0 [23:0] (Arm
 * ARM, MPIDR_EL1); a cpu node's reg holds exactly these bits (Linux
 * Documentation/devicetree/bindings/arm/cpus.yaml). */
#define MPIDR_AFF_MASK 0xff00ffffffull

#define PATH_LEN 128

/* A node's reg property, decoded through its parent's cell counts. */
struct reg {
	const fdt32_t *p;
	int n;     /* entries */
	int ac;
	int sc;
	struct dt_lineage l;   /* the node and the buses above it */
};

/* The GIC version of each of board_scan.c's GIC compatible strings. */
static const unsigned gic_compat_version[] = { 3, 2, 2, 2 };

static void vreport(struct bctx *c, enum board_err e, int node, const char *fmt,
		    va_list ap)
{
	char path[PATH_LEN];
	char msg[DIAG_MSG_MAX];

	if (fdt_get_path(c->fdt, node, path, sizeof(path)) < 0)
		format(path, sizeof(path), "(node at offset %d)", node);
	vformat(msg, sizeof(msg), fmt, ap);
	diag_error(c->d, "%s: %s", path, msg);
	if (c->err == BOARD_OK)
		c->err = e;
}

static void report(struct bctx *c, enum board_err e, int node,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report(struct bctx *c, enum board_err e, int node,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, e, node, fmt, ap);
	va_end(ap);
}

/* Reads a #...-cells property of node: dflt if absent. */
static bool node_cells(struct bctx *c, int node, const char *name, int dflt,
		       int min, int max, int *out)
{
	int len;
	const fdt32_t *p = dt_getprop(c->fdt, node, name, &len);
	uint32_t v;

	if (!p) {
		*out = dflt;
		return true;
	}
	if (len != 4) {
		report(c, BOARD_EINVAL, node, "%s: %d bytes: must be one cell",
		       name, len);
		return false;
	}
	v = fdt32_to_cpu(*p);
	if (v < (uint32_t)min || v > (uint32_t)max) {
		report(c, BOARD_EINVAL, node, "%s: %u: unsupported (%d..%d)",
		       name, v, min, max);
		return false;
	}
	*out = (int)v;
	return true;
}

/* Opens node's reg with the parent's cell counts. Reports and returns
 * false if it is missing or malformed. */
static bool reg_open(struct bctx *c, int node, struct reg *r)
{
	int len, stride, parent;

	/* One walk for the buses above the node; its parent is the last. */
	if (!board_lineage(c->fdt, c->scan, node, &r->l)) {
		report(c, BOARD_EINVAL, node, "nested deeper than %d levels", DT_MAX_DEPTH);
		return false;
	}
	parent = r->l.depth > 0 ? r->l.node[r->l.depth - 1] : 0;
	if (!node_cells(c, parent, "#address-cells", 2, 1, 2, &r->ac) ||
	    !node_cells(c, parent, "#size-cells", 1, 0, 2, &r->sc))
		return false;
	r->p = dt_getprop(c->fdt, node, "reg", &len);
	if (!r->p) {
		report(c, BOARD_EMISSING, node, "reg: missing");
		return false;
	}
	stride = (r->ac + r->sc) * 4;
	if (len == 0 || len % stride != 0) {
		report(c, BOARD_EINVAL, node,
		       "reg: %d bytes: not a multiple of %d (#address-cells %d, #size-cells %d)",
		       len, stride, r->ac, r->sc);
		return false;
	}
	r->n = len / stride;
	return true;
}

static struct board_range reg_entry(const struct reg *r, int i)
{
	const fdt32_t *p = r->p + i * (r->ac + r->sc);

	return (struct board_range){ dt_cells(p, r->ac), dt_cells(p + r->ac, r->sc) };
}

/* Reads reg entry i as a non-wrapping range. */
/* Entry i of an opened reg, as a CPU physical range. */
static bool reg_range(struct bctx *c, int node, const struct reg *r, int i,
		      struct board_range *out)
{
	struct board_range e = reg_entry(r, i);
	char bus_path[PATH_LEN] = "";
	enum dt_addr_err err;
	int bus = -1;

	if (e.size && e.base + e.size - 1 < e.base) {
		report(c, BOARD_EINVAL, node, "reg: <0x%llx 0x%llx>: wraps around",
		       DT_U64(e.base), DT_U64(e.size));
		return false;
	}
	*out = e;
	err = dt_translate(c->fdt, &r->l, &out->base, e.size ? e.size : 1, &bus);
	if (err) {
		if (err != DT_ADDR_CELLS && fdt_get_path(c->fdt, bus, bus_path, sizeof(bus_path)))
			format(bus_path, sizeof(bus_path), "(node at offset %d)", bus);
		report(c, BOARD_EINVAL, node, "reg: <0x%llx 0x%llx>: %s %s", DT_U64(e.base),
		       DT_U64(e.size), dt_addr_strerror(err), bus_path);
		return false;
	}
	return true;
}

/* Reads the first reg entry of a device node. */
static bool reg_first(struct bctx *c, int node, struct board_range *out)
{
	struct reg r;

	if (!reg_open(c, node, &r))
		return false;
	return reg_range(c, node, &r, 0, out);
}

/* Appends a reserved range; prop names its origin for messages. */
static void add_rsv(struct bctx *c, int node, const char *prop,
		    uint64_t base, uint64_t size)
{
	struct board *b = c->b;

	if (size == 0)
		return;
	if (base + size - 1 < base) {
		report(c, BOARD_EINVAL, node, "%s: <0x%llx 0x%llx>: wraps around",
		       prop, DT_U64(base), DT_U64(size));
		return;
	}
	if (b->nrsv == BOARD_MAX_RSV) {
		report(c, BOARD_EINVAL, node,
		       "%s: 0x%llx..0x%llx: too many reserved ranges (max %d)",
		       prop, DT_U64(base), DT_U64(base + size - 1), BOARD_MAX_RSV);
		return;
	}
	b->rsv[b->nrsv++] = (struct board_range){ base, size };
}

/* The memory node after node (-1: the first), from the scan's list, or
 * by a search where it had more than it keeps; *at is the list's cursor. */
static int next_memory(struct bctx *c, int node, unsigned *at)
{
	if (c->scan->more_mems)
		return fdt_node_offset_by_prop_value(c->fdt, node, "device_type", "memory",
						     sizeof("memory"));
	return *at < c->scan->nmems ? c->scan->mem[(*at)++] : -FDT_ERR_NOTFOUND;
}

static void parse_memory(struct bctx *c)
{
	struct board *b = c->b;
	unsigned errors = c->d->errors;
	unsigned at = 0;
	int node;

	for (node = next_memory(c, -1, &at); node >= 0; node = next_memory(c, node, &at)) {
		struct reg r;

		if (!dt_enabled(c->fdt, node) || !reg_open(c, node, &r))
			continue;
		for (int i = 0; i < r.n; i++) {
			struct board_range m;

			if (!reg_range(c, node, &r, i, &m) || m.size == 0)
				continue;
			if (b->nmem == BOARD_MAX_MEM) {
				report(c, BOARD_EINVAL, node,
				       "reg: 0x%llx..0x%llx: too many RAM ranges (max %d)",
				       DT_U64(m.base), DT_U64(m.base + m.size - 1),
				       BOARD_MAX_MEM);
				continue;
			}
			b->mem[b->nmem++] = m;
		}
	}
	if (b->nmem == 0 && c->d->errors == errors)
		report(c, BOARD_EMISSING, 0,
		       "memory: missing (no node with device_type \"memory\")");
}

static void parse_reserved(struct bctx *c)
{
	int n = fdt_num_mem_rsv(c->fdt);
	int rm, node;

	for (int i = 0; i < n; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(c->fdt, i, &base, &size) == 0)
			add_rsv(c, 0, "/memreserve/", base, size);
	}
	rm = c->scan->top[BOARD_TOP_RESERVED];
	if (rm < 0)
		return;
	dt_for_each_subnode(node, c->fdt, rm) {
		struct reg r;

		if (!dt_enabled(c->fdt, node) ||
		    !dt_getprop(c->fdt, node, "reg", NULL) ||
		    !reg_open(c, node, &r))
			continue;
		for (int i = 0; i < r.n; i++) {
			struct board_range m;

			if (reg_range(c, node, &r, i, &m))
				add_rsv(c, node, "reg", m.base, m.size);
		}
	}
}

/* How CPU idx (node) is started: "spin-table" with its cpu-release-addr
 * (Linux's arm64 booting.rst), "psci" or nothing (the firmware's PSCI),
 * anything else recorded as unknown: that CPU cannot host a vCPU. False
 * if the node is wrong. */
static bool parse_enable_method(struct bctx *c, int node, unsigned idx)
{
	int len;
	const char *m = dt_string(c->fdt, node, "enable-method", &len);
	const fdt32_t *rel;

	c->b->cpu_start[idx] = BOARD_START_PSCI;
	c->b->cpu_release[idx] = 0;
	if (!m || strcmp(m, "psci") == 0)
		return true;
	if (strcmp(m, "spin-table") != 0) {
		c->b->cpu_start[idx] = BOARD_START_UNKNOWN;
		return true;
	}
	rel = dt_getprop(c->fdt, node, "cpu-release-addr", &len);
	if (!rel || (len != 4 && len != 8)) {
		report(c, BOARD_EINVAL, node, "cpu-release-addr: %s (enable-method "
		       "\"spin-table\" needs its 64-bit address)", rel ? "not 1 or 2 cells" :
		       "missing");
		return false;
	}
	c->b->cpu_start[idx] = BOARD_START_SPIN;
	c->b->cpu_release[idx] = dt_cells(rel, len / 4);
	return true;
}

static void parse_cpu(struct bctx *c, int node, int ac)
{
	struct board *b = c->b;
	int len;
	const fdt32_t *p = dt_getprop(c->fdt, node, "reg", &len);
	uint64_t mpidr;

	if (!p) {
		report(c, BOARD_EMISSING, node, "reg: missing");
		return;
	}
	if (len != ac * 4) {
		report(c, BOARD_EINVAL, node,
		       "reg: %d bytes: must be %d (#address-cells %d of /cpus)",
		       len, ac * 4, ac);
		return;
	}
	mpidr = dt_cells(p, ac);
	if (mpidr & ~MPIDR_AFF_MASK) {
		report(c, BOARD_EINVAL, node, "reg: 0x%llx: not an MPIDR affinity value",
		       DT_U64(mpidr));
		return;
	}
	if (board_cpu_index(b, mpidr) >= 0) {
		report(c, BOARD_EINVAL, node, "reg: 0x%llx: duplicate MPIDR",
		       DT_U64(mpidr));
		return;
	}
	if (b->ncpus == BOARD_MAX_CPUS) {
		report(c, BOARD_EINVAL, node, "reg: 0x%llx: too many CPUs (max %d)",
		       DT_U64(mpidr), BOARD_MAX_CPUS);
		return;
	}
	b->cpu_node[b->ncpus] = node;
	if (parse_enable_method(c, node, b->ncpus))
		b->cpu_mpidr[b->ncpus++] = mpidr;
}

static void parse_cpus(struct bctx *c)
{
	int cpus = c->scan->top[BOARD_TOP_CPUS];
	unsigned errors = c->d->errors;
	int node, ac, sc;

	if (cpus < 0) {
		report(c, BOARD_EMISSING, 0, "cpus: missing");
		return;
	}
	if (!node_cells(c, cpus, "#address-cells", 2, 1, 2, &ac) ||
	    !node_cells(c, cpus, "#size-cells", 0, 0, 0, &sc))
		return;
	dt_for_each_subnode(node, c->fdt, cpus) {
		int len;
		const char *type = dt_string(c->fdt, node, "device_type", &len);

		if (type && strcmp(type, "cpu") == 0 && dt_enabled(c->fdt, node))
			parse_cpu(c, node, ac);
	}
	if (c->b->ncpus == 0 && c->d->errors == errors)
		report(c, BOARD_EMISSING, cpus,
		       "cpu: missing (no node with device_type \"cpu\")");
}

static void parse_psci(struct bctx *c)
{
	int node = c->scan->top[BOARD_TOP_PSCI];
	const char *m;
	int len;

	c->b->psci = PSCI_CONDUIT_NONE;
	if (node < 0)
		node = c->scan->node[BOARD_FIND_PSCI];
	if (node < 0)
		return;
	m = dt_string(c->fdt, node, "method", &len);
	if (!m && len == -FDT_ERR_NOTFOUND)
		report(c, BOARD_EMISSING, node, "method: missing");
	else if (!m)
		report(c, BOARD_EINVAL, node, "method: %d bytes: not a string", len);
	else if (strcmp(m, "smc") == 0)
		c->b->psci = PSCI_CONDUIT_SMC;
	else if (strcmp(m, "hvc") == 0)
		c->b->psci = PSCI_CONDUIT_HVC;
	else
		report(c, BOARD_EINVAL, node, "method: \"%s\": not \"smc\" or \"hvc\"", m);
}

/* Opens node's interrupts as GIC specifiers; returns how many (at least
 * min), or -1 after reporting. */
static int irq_open(struct bctx *c, int node, int min, const fdt32_t **out)
{
	int len, n;

	*out = dt_getprop(c->fdt, node, "interrupts", &len);
	if (!*out) {
		report(c, BOARD_EMISSING, node, "interrupts: missing");
		return -1;
	}
	if (len == 0 || len % (DT_GIC_CELLS * 4) != 0) {
		report(c, BOARD_EINVAL, node,
		       "interrupts: %d bytes: not a list of <type number flags>", len);
		return -1;
	}
	n = len / (DT_GIC_CELLS * 4);
	if (n < min) {
		report(c, BOARD_EINVAL, node, "interrupts: %d entries: needs %d",
		       n, min);
		return -1;
	}
	return n;
}

/* INTID of GIC specifier i of an opened interrupts property. */
static bool irq_intid(struct bctx *c, int node, const fdt32_t *irqs, int i,
		      uint32_t *intid)
{
	struct dt_gic_spec s = dt_gic_spec(irqs, i);

	if (s.type == DT_GIC_SPI && s.num < DT_GIC_NUM_SPI) {
		*intid = DT_GIC_SPI_BASE + s.num;
		return true;
	}
	if (s.type == DT_GIC_PPI && s.num < DT_GIC_NUM_PPI) {
		*intid = DT_GIC_PPI_BASE + s.num;
		return true;
	}
	if (s.type > DT_GIC_PPI)
		report(c, BOARD_EINVAL, node,
		       "interrupts: <%u %u 0x%x>: type not SPI (0) or PPI (1)",
		       s.type, s.num, s.flags);
	else
		report(c, BOARD_EINVAL, node,
		       "interrupts: <%u %u 0x%x>: %s number out of range (0..%d)",
		       s.type, s.num, s.flags, s.type ? "PPI" : "SPI",
		       (s.type ? DT_GIC_NUM_PPI : DT_GIC_NUM_SPI) - 1);
	return false;
}

/* INTID of specifier i, which must be a PPI (ppi: a per-CPU interrupt of
 * the architecture, such as the timers) or else an SPI (a device's);
 * what names it in the message. */
static bool irq_typed(struct bctx *c, int node, const fdt32_t *irqs, int i, bool ppi,
		      const char *what, uint32_t *intid)
{
	struct dt_gic_spec s = dt_gic_spec(irqs, i);
	uint32_t got;

	if (!irq_intid(c, node, irqs, i, &got))
		return false;
	if ((got >= DT_GIC_SPI_BASE) == ppi) {
		report(c, BOARD_EINVAL, node,
		       "interrupts: entry %d: <%u %u 0x%x>: %s (INTID %u); the %s is %s",
		       i, s.type, s.num, s.flags, ppi ? "an SPI" : "a PPI", got,
		       what, ppi ? "a PPI (type 1)" : "an SPI (type 0)");
		return false;
	}
	*intid = got;
	return true;
}

/*
 * A GIC-400 wired with each 4 KiB page of its 8 KiB CPU interface
 * repeated over 64 KiB (the ZynqMP's, a 128 KiB region): the second page
 * (GICC_DIR at 0x1000) is at +0x10000, so the two meet at +0xf000. Use
 * that view, as Linux does (irq-gic.c, gic_check_eoimode); at the base,
 * GICC_DIR would land on GICC_CTLR.
 */
static void gic400_pages(struct board_range *r)
{
	if (r->size == 0x20000) {
		r->base += 0xf000;
		r->size = 0x2000;
	}
}

static void parse_gic(struct bctx *c)
{
	struct board_gic *g = &c->b->gic;
	const fdt32_t *irqs;
	unsigned which = c->scan->which[BOARD_FIND_GIC];
	int node = c->scan->node[BOARD_FIND_GIC];
	struct reg r;
	int need;

	if (node < 0) {
		report(c, BOARD_EMISSING, 0,
		       "gic: missing (no node compatible with \"arm,gic-v3\", "
		       "\"arm,gic-400\", \"arm,cortex-a15-gic\" or \"arm,cortex-a7-gic\")");
		return;
	}
	g->node = node;
	g->version = gic_compat_version[which];
	need = g->version == 3 ? 2 : 4;
	if (reg_open(c, node, &r)) {
		if (r.n < need) {
			report(c, BOARD_EINVAL, node, "reg: %d entries: %s", r.n,
			       g->version == 3 ?
			       "GICv3 needs 2 (GICD, first GICR region)" :
			       "GICv2 needs 4 (GICD, GICC, GICH, GICV)");
		} else if (g->version == 3) {
			(void)(reg_range(c, node, &r, 0, &g->dist) &&
			       reg_range(c, node, &r, 1, &g->redist));
		} else {
			(void)(reg_range(c, node, &r, 0, &g->dist) &&
			       reg_range(c, node, &r, 1, &g->cpuif) &&
			       reg_range(c, node, &r, 2, &g->hyp) &&
			       reg_range(c, node, &r, 3, &g->vcpuif));
			gic400_pages(&g->cpuif);
			gic400_pages(&g->vcpuif);
		}
	}
	if (irq_open(c, node, 1, &irqs) >= 0)
		irq_typed(c, node, irqs, 0, true, "maintenance interrupt", &g->maint_intid);
}

/* The generic timer's PPIs (binding arm,arch_timer.yaml: secure and
 * non-secure EL1 physical, virtual, EL2 physical), or, without a timer
 * node, the ones the Arm Base System Architecture recommends (29, 30, 27,
 * 26). */
static void parse_timer(struct bctx *c)
{
	static const char *const what[] = {
		"secure physical timer", "physical timer", "virtual timer", "hypervisor timer",
	};
	static const uint32_t dflt[] = { 29, 30, 27, 26 };
	uint32_t *intid[] = { &c->b->timer.sec_phys_intid, &c->b->timer.phys_intid,
			      &c->b->timer.virt_intid, &c->b->timer.hyp_intid };
	int node = c->scan->node[BOARD_FIND_TIMER];
	const fdt32_t *irqs;

	for (unsigned i = 0; i < ARRAY_SIZE(dflt); i++)
		*intid[i] = dflt[i];
	if (node < 0 || irq_open(c, node, 4, &irqs) < 0)
		return;
	for (int i = 0; i < 4; i++)
		if (!irq_typed(c, node, irqs, i, true, what[i], intid[i]))
			return;
}

/* Reads a 32- or 64-bit /chosen value; false if absent or reported. */
static bool chosen_u64(struct bctx *c, int chosen, const char *name,
		       uint64_t *v)
{
	int len;
	const fdt32_t *p = dt_getprop(c->fdt, chosen, name, &len);

	if (!p)
		return false;
	if (len != 4 && len != 8) {
		report(c, BOARD_EINVAL, chosen, "%s: %d bytes: must be 4 or 8",
		       name, len);
		return false;
	}
	*v = dt_cells(p, len / 4);
	return true;
}

static void parse_initrd(struct bctx *c)
{
	int chosen = c->scan->top[BOARD_TOP_CHOSEN];
	bool has_start, has_end;
	uint64_t start = 0, end = 0;

	if (chosen < 0)
		return;
	has_start = chosen_u64(c, chosen, "linux,initrd-start", &start);
	has_end = chosen_u64(c, chosen, "linux,initrd-end", &end);
	if (!has_start && !has_end)
		return;
	if (has_start != has_end) {
		const char *missing = has_start ? "linux,initrd-end" :
						  "linux,initrd-start";

		if (dt_getprop(c->fdt, chosen, missing, NULL) == NULL)
			report(c, BOARD_EMISSING, chosen, "%s: missing", missing);
		return;
	}
	if (end < start) {
		report(c, BOARD_EINVAL, chosen,
		       "linux,initrd-end: 0x%llx: before linux,initrd-start (0x%llx)",
		       DT_U64(end), DT_U64(start));
		return;
	}
	c->b->initrd = (struct board_range){ start, end - start };
}

enum board_err board_parse(const void *fdt, struct board *b, struct diag *d)
{
	struct board_scan scan;
	struct bctx c = { fdt, b, d, BOARD_OK, &scan };
	int err;

	memset(b, 0, sizeof(*b));
	b->gic.node = -1;
	b->uart_node = -1;
	b->uart_port.node = -1;
	b->smmu.node = -1;
	b->pci.node = -1;
	err = fdt_check_header(fdt);
	if (!err)
		err = dt_check(fdt, fdt_totalsize(fdt));
	if (err) {
		diag_error(d, "/: header: %s: not a valid device tree",
			   fdt_strerror(err));
		return BOARD_EFDT;
	}
	board_scan(fdt, &scan);
	parse_memory(&c);
	parse_reserved(&c);
	parse_cpus(&c);
	parse_psci(&c);
	parse_gic(&c);
	board_parse_uarts(&c);
	parse_timer(&c);
	parse_initrd(&c);
	board_parse_iommu(&c);
	return c.err;
}

/* The helpers board_uart.c shares (board_priv.h). */

void board_report(struct bctx *c, enum board_err e, int node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, e, node, fmt, ap);
	va_end(ap);
}

bool board_reg_first(struct bctx *c, int node, struct board_range *out)
{
	return reg_first(c, node, out);
}

int board_irq_open(struct bctx *c, int node, int min, const fdt32_t **out)
{
	return irq_open(c, node, min, out);
}

bool board_irq_typed(struct bctx *c, int node, const fdt32_t *irqs, int i, bool ppi,
		     const char *what, uint32_t *intid)
{
	return irq_typed(c, node, irqs, i, ppi, what, intid);
}

int board_cpu_index(const struct board *b, uint64_t mpidr)
{
	mpidr &= MPIDR_AFF_MASK;
	for (unsigned i = 0; i < b->ncpus; i++)
		if (b->cpu_mpidr[i] == mpidr)
			return (int)i;
	return -1;
}
