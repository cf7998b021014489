/* SPDX-License-Identifier: MIT */
/*
 * The board's SMMUv3 and PCIe host bridge (src/DESIGN.md, "SMMU"): where
 * the SMMU's registers and its event and global-error interrupts are
 * (Linux's arm,smmu-v3 binding), and, for the first generic ECAM host,
 * its configuration space, its 32-bit memory window and the first entry
 * of its iommu-map (PCI requester ID -> SMMU StreamID; Linux's
 * pci-iommu binding). Boot and septum-check.
 */
#include <libfdt.h>
#include "board_priv.h"
#include "dt.h"

static void parse_smmu(struct bctx *c)
{
	struct board_smmu *s = &c->b->smmu;
	const fdt32_t *irqs;
	int node = c->scan->node[BOARD_FIND_SMMU];
	int n, evt, gerr;

	if (node < 0)
		return;
	if (!board_reg_first(c, node, &s->regs))
		return;
	s->node = node;
	s->phandle = fdt_get_phandle(c->fdt, node);
	evt = fdt_stringlist_search(c->fdt, node, "interrupt-names", "eventq");
	gerr = fdt_stringlist_search(c->fdt, node, "interrupt-names", "gerror");
	if (evt < 0 || gerr < 0) {
		/* Polled instead (smmu_poll). */
		return;
	}
	n = board_irq_open(c, node, 1, &irqs);
	if (n > evt)
		board_irq_typed(c, node, irqs, evt, false, "eventq", &s->evt_intid);
	if (n > gerr)
		board_irq_typed(c, node, irqs, gerr, false, "gerror", &s->gerr_intid);
}

/* ranges of a PCI host: <pci-addr (3 cells) cpu-addr (parent's cells)
 * size (2 cells)>; space code 0b10 in the first cell's bits 25:24 is
 * 32-bit memory (IEEE 1275 PCI binding, 2.2.1.1). */
static void parse_mem32(struct bctx *c, int node, int pac)
{
	const fdt32_t *r;
	int len, stride = 3 + pac + 2;

	r = dt_getprop(c->fdt, node, "ranges", &len);
	if (!r || pac < 1 || pac > 2)
		return;
	for (int i = 0; (i + 1) * stride * 4 <= len; i++) {
		const fdt32_t *e = r + i * stride;

		if (((fdt32_to_cpu(e[0]) >> 24) & 3) != 2)
			continue;
		c->b->pci.mem32_pci = dt_cells(e + 1, 2);
		c->b->pci.mem32.base = dt_cells(e + 3, pac);
		c->b->pci.mem32.size = dt_cells(e + 3 + pac, 2);
		return;
	}
}

/* iommu-map = <rid-base &iommu sid-base length>, #iommu-cells = 1. */
static void parse_iommu_map(struct bctx *c, int node)
{
	struct board_pci *p = &c->b->pci;
	const fdt32_t *m;
	int len;

	m = dt_getprop(c->fdt, node, "iommu-map", &len);
	if (!m || len < 16 || !c->b->smmu.phandle ||
	    fdt32_to_cpu(m[1]) != c->b->smmu.phandle)
		return;
	p->iommu = true;
	p->rid_base = fdt32_to_cpu(m[0]);
	p->sid_base = fdt32_to_cpu(m[2]);
	p->rid_len = fdt32_to_cpu(m[3]);
}

/* interrupt-map = <phys.hi mid lo pin &gic <parent unit address> <GIC
 * specifier>>... (IEEE 1275 PCI binding; "Open Firmware Recommended
 * Practice: Interrupt Mapping" 5); entries whose parent is not the
 * board's GIC, or whose specifier is not an SPI, are skipped. */
static void parse_intx(struct bctx *c, int node)
{
	struct board_pci *p = &c->b->pci;
	const fdt32_t *m = dt_getprop(c->fdt, node, "interrupt-map-mask", NULL);
	const fdt32_t *e;
	int len, gic = c->b->gic.node, pac, stride;
	uint32_t gic_phandle;

	e = dt_getprop(c->fdt, node, "interrupt-map", &len);
	if (!e || !m || gic < 0)
		return;
	/* Compared by phandle: a lookup per entry would rescan the tree. */
	gic_phandle = fdt_get_phandle(c->fdt, gic);
	pac = fdt_address_cells(c->fdt, gic);
	if (pac < 0)
		pac = 0;
	stride = 4 + 1 + pac + 3;
	p->intx_mask_hi = fdt32_to_cpu(m[0]);
	p->intx_mask_pin = fdt32_to_cpu(m[3]);
	for (; len >= stride * 4 && p->nintx < 16; e += stride, len -= stride * 4) {
		struct dt_gic_spec s;

		if (!gic_phandle || fdt32_to_cpu(e[4]) != gic_phandle)
			continue;
		s = dt_gic_spec(e + 5 + pac, 0);
		if (s.type != 0)
			continue;
		p->intx[p->nintx].hi = fdt32_to_cpu(e[0]);
		p->intx[p->nintx].pin = fdt32_to_cpu(e[3]);
		p->intx[p->nintx].intid = 32 + s.num;
		p->nintx++;
	}
}

static void parse_pci(struct bctx *c)
{
	struct board_pci *p = &c->b->pci;
	int node = c->scan->node[BOARD_FIND_PCI];
	const fdt32_t *bus;
	struct dt_lineage l;
	int len, parent;

	if (node < 0 || !board_reg_first(c, node, &p->ecam))
		return;
	p->node = node;
	bus = dt_getprop(c->fdt, node, "bus-range", &len);
	if (bus && len >= 4)
		p->bus_first = fdt32_to_cpu(bus[0]);
	parent = board_lineage(c->fdt, c->scan, node, &l) && l.depth > 0 ?
		 l.node[l.depth - 1] : -1;
	parse_mem32(c, node, parent >= 0 ? fdt_address_cells(c->fdt, parent) : 2);
	parse_iommu_map(c, node);
	parse_intx(c, node);
}

void board_parse_iommu(struct bctx *c)
{
	parse_smmu(c);
	parse_pci(c);
}
