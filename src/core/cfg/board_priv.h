/* SPDX-License-Identifier: MIT */
/*
 * Shared by the board parser's files (board.c, board_uart.c); not for
 * other users of board.h.
 */
#ifndef SEPTUM_BOARD_PRIV_H
#define SEPTUM_BOARD_PRIV_H

#include <libfdt.h>
#include "board.h"
#include "dt.h"

/* The kinds of node the board parser finds by compatible string. */
enum board_find {
	BOARD_FIND_PSCI,
	BOARD_FIND_GIC,     /* which: board.c's gic_compat_version */
	BOARD_FIND_TIMER,
	BOARD_FIND_UART,    /* which: board_uart_compat's index */
	BOARD_FIND_SMMU,
	BOARD_FIND_PCI,
	BOARD_FIND_COUNT
};

/* The root's children the board parser reads, by name. */
enum board_top {
	BOARD_TOP_CHOSEN,
	BOARD_TOP_CPUS,
	BOARD_TOP_PSCI,
	BOARD_TOP_RESERVED,   /* /reserved-memory */
	BOARD_TOP_COUNT
};

#define BOARD_UART_NCOMPAT 8
#define BOARD_SCAN_UARTS 32
#define BOARD_SCAN_PHANDLES 256
#define BOARD_SCAN_NODES 1024
#define BOARD_SCAN_MEMS 16

/* The compatible strings of the UARTs Septum drives (board_scan.c; their
 * kinds in board_uart.c, in the same order). */
extern const char *const board_uart_compat[BOARD_UART_NCOMPAT];

/* What one pass over the board DT found (board_scan). */
struct board_scan {
	/* Per kind, the first enabled node compatible with one of its
	 * strings (-FDT_ERR_NOTFOUND if none) and which string. */
	int node[BOARD_FIND_COUNT];
	unsigned which[BOARD_FIND_COUNT];
	/* Every enabled UART node Septum drives, in node order (the first
	 * BOARD_SCAN_UARTS), and which string it matched. */
	int uart[BOARD_SCAN_UARTS];
	unsigned uart_which[BOARD_SCAN_UARTS];
	unsigned nuarts;
	/* Nodes with a phandle (the first BOARD_SCAN_PHANDLES; nphandles
	 * counts them all). */
	uint32_t phandle[BOARD_SCAN_PHANDLES];
	int phandle_node[BOARD_SCAN_PHANDLES];
	unsigned nphandles;
	/* The root's children by name (fdt_path_offset's answer for
	 * "/chosen" and the others: -FDT_ERR_NOTFOUND if none). */
	int top[BOARD_TOP_COUNT];
	/* Nodes with device_type "memory", in node order (the first
	 * BOARD_SCAN_MEMS; more_mems if there were more). */
	int mem[BOARD_SCAN_MEMS];
	unsigned nmems;
	bool more_mems;
	/* Every node nested less than DT_MAX_DEPTH deep (the first
	 * BOARD_SCAN_NODES of them; more_nodes if there were more), in node
	 * order, so by offset, and its parent's index (-1: the root). */
	int node_off[BOARD_SCAN_NODES];
	int16_t parent[BOARD_SCAN_NODES];
	unsigned nnodes;
	bool more_nodes;
	/* The walk's own: the length of each kind's strings. */
	uint8_t compat_len[BOARD_FIND_COUNT][BOARD_UART_NCOMPAT];
};

/* Parsing the board FDT: where the result and the problems go. */
struct bctx {
	const void *fdt;
	struct board *b;
	struct diag *d;
	enum board_err err;   /* the first problem's kind */
	const struct board_scan *scan;
};

/* One walk over fdt, which passed dt_check, filling *s. */
void board_scan(const void *fdt, struct board_scan *s);

/* Fills *l for node from the scan, as dt_lineage_of does by a walk (which
 * it falls back to for a node past the scan's table); false if node is
 * not a node or nests DT_MAX_DEPTH or deeper. */
bool board_lineage(const void *fdt, const struct board_scan *s, int node,
		   struct dt_lineage *l);

/* fdt_path_offset_namelen(fdt, path, n), through the scan's node table
 * for a path from the root (libfdt's walk for an alias, or where the
 * table is not whole). */
int board_path_offset(const void *fdt, const struct board_scan *s, const char *path, int n);

/* The node with this phandle, from the scan (a lookup in the tree if it
 * had more phandles than it keeps); -FDT_ERR_NOTFOUND, or
 * -FDT_ERR_BADPHANDLE for 0 and 0xffffffff, as fdt_node_offset_by_phandle. */
int board_node_by_phandle(const void *fdt, const struct board_scan *s, uint32_t phandle);

/* Reports "<path of node>: <message>" and notes e as the parse's result
 * if it is the first problem. */
void board_report(struct bctx *c, enum board_err e, int node, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The first reg entry of a device node, decoded with its parent's cell
 * counts and translated through the buses' ranges to a CPU physical
 * range. Reports and returns false if it cannot be. */
bool board_reg_first(struct bctx *c, int node, struct board_range *out);

/* Opens node's interrupts as GIC specifiers; returns how many (at least
 * min), or -1 after reporting. */
int board_irq_open(struct bctx *c, int node, int min, const fdt32_t **out);

/* INTID of specifier i, which must be a PPI (ppi: a per-CPU interrupt of
 * the architecture, such as the timers) or else an SPI (a device's);
 * what names it in the message. */
bool board_irq_typed(struct bctx *c, int node, const fdt32_t *irqs, int i, bool ppi,
		     const char *what, uint32_t *intid);

/* The console (board_uart.c): b->uart, uart_intid, uart_node and
 * uart_port; and every UART Septum drives into b->uarts. */
void board_parse_uarts(struct bctx *c);

/* The SMMUv3 and the PCIe host bridge (board_iommu.c): b->smmu, b->pci. */
void board_parse_iommu(struct bctx *c);

#endif /* SEPTUM_BOARD_PRIV_H */
