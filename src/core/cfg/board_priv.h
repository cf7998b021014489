/* SPDX-License-Identifier: MIT */
/*
 * Shared by the board parser's files (board.c, board_uart.c); not for
 * other users of board.h.
 */
#ifndef SEPTUM_BOARD_PRIV_H
#define SEPTUM_BOARD_PRIV_H

#include <libfdt.h>
#include "board.h"

/* Parsing the board FDT: where the result and the problems go. */
struct bctx {
	const void *fdt;
	struct board *b;
	struct diag *d;
	enum board_err err;   /* the first problem's kind */
};

/* Reports "<path of node>: <message>" and notes e as the parse's result
 * if it is the first problem. */
void board_report(struct bctx *c, enum board_err e, int node, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* First enabled node, in node order, compatible with any of compat[];
 * *which (if not NULL) is the index of the string it matched. */
int board_find_compatible(const void *fdt, const char *const *compat, unsigned n,
			  unsigned *which);

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
