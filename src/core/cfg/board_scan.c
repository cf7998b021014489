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

/* The index in list of the first of its strings that compatible (len
 * bytes, a string list) contains; -1 if none. Same order of preference as
 * fdt_node_check_compatible called per string. */
static int match(const char *compat, int len, const char *const *list, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (fdt_stringlist_contains(compat, len, list[i]))
			return (int)i;
	return -1;
}

static void note_compatible(struct board_scan *s, int node, const char *compat, int len)
{
	for (unsigned k = 0; k < BOARD_FIND_COUNT; k++) {
		int which;

		if (k != BOARD_FIND_UART && s->node[k] >= 0)
			continue;
		which = match(compat, len, kinds[k].compat, kinds[k].n);
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

void board_scan(const void *fdt, struct board_scan *s)
{
	*s = (struct board_scan){ .nphandles = 0 };
	for (unsigned k = 0; k < BOARD_FIND_COUNT; k++)
		s->node[k] = -FDT_ERR_NOTFOUND;
	/* Invariant: every node before node (in node order) has been noted. */
	for (int node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		uint32_t ph = fdt_get_phandle(fdt, node);
		const char *compat;
		int len;

		if (ph) {
			if (s->nphandles < BOARD_SCAN_PHANDLES) {
				s->phandle[s->nphandles] = ph;
				s->phandle_node[s->nphandles] = node;
			}
			s->nphandles++;
		}
		compat = fdt_getprop(fdt, node, "compatible", &len);
		if (compat && len > 0 && dt_enabled(fdt, node))
			note_compatible(s, node, compat, len);
	}
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
