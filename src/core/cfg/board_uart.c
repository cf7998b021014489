/* SPDX-License-Identifier: MIT */
/*
 * The board's UARTs (part of the board parser, board.c): the console,
 * named by /chosen stdout-path or else the first enabled UART Septum
 * drives, with what its driver needs (kind, registers' layout, clock,
 * baud rate); and every enabled UART Septum drives, where a refused board
 * is reported when it has no usable console. src/DESIGN.md, "Console
 * UARTs".
 */
#include <libfdt.h>
#include "board.h"
#include "board_priv.h"
#include "dt.h"
#include "print.h"

/* The kinds of board_scan.c's UART compatible strings (Linux bindings
 * serial/pl011.yaml, serial/brcm,bcm2835-aux-uart.yaml, serial/8250.yaml,
 * serial/cdns,uart.yaml, serial/fsl-imx-uart.yaml), in the same order. */
static const enum board_uart_kind uart_compat_kind[BOARD_UART_NCOMPAT] = {
	BOARD_UART_PL011, BOARD_UART_BCM2835_AUX, BOARD_UART_8250, BOARD_UART_8250,
	BOARD_UART_8250, BOARD_UART_CADENCE, BOARD_UART_CADENCE, BOARD_UART_IMX,
};
#define UART_COMPAT_TEXT "arm,pl011, brcm,bcm2835-aux-uart, ns16550a, ns16550, " \
	"snps,dw-apb-uart, cdns,uart-r1p12, xlnx,xuartps or fsl,imx6q-uart"

#define EARLYCON_BASE_MASK ((1ull << 48) - 1)
#define MAX_BAUD 100000000u

static enum board_uart_kind uart_kind(const void *fdt, int node)
{
	int len;
	const char *compat = dt_getprop(fdt, node, "compatible", &len);

	for (unsigned i = 0; compat && len > 0 && i < BOARD_UART_NCOMPAT; i++)
		if (fdt_stringlist_contains(compat, len, board_uart_compat[i]))
			return uart_compat_kind[i];
	return BOARD_UART_NONE;
}

/* A one-cell property: false if absent; reported if it is not one cell. */
static bool prop_u32(struct bctx *c, int node, const char *name, uint32_t *v)
{
	int len;
	const fdt32_t *p = dt_getprop(c->fdt, node, name, &len);

	if (!p)
		return false;
	if (len != 4) {
		board_report(c, BOARD_EINVAL, node, "%s: %d bytes: must be one cell", name, len);
		return false;
	}
	*v = fdt32_to_cpu(*p);
	return true;
}

/* The UART's reference clock: its clock-frequency, else its first clock if
 * that is a fixed clock (binding clock/fixed-clock.yaml); 0 if neither
 * says (a clock controller's output, which Septum does not model). */
static uint32_t uart_clock(struct bctx *c, int node)
{
	uint32_t hz = 0;
	const fdt32_t *p;
	int len, clk;

	if (prop_u32(c, node, "clock-frequency", &hz))
		return hz;
	p = dt_getprop(c->fdt, node, "clocks", &len);
	if (!p || len < 4)
		return 0;
	clk = board_node_by_phandle(c->fdt, c->scan, fdt32_to_cpu(p[0]));
	if (clk < 0 || fdt_node_check_compatible(c->fdt, clk, "fixed-clock") != 0 ||
	    !prop_u32(c, clk, "clock-frequency", &hz))
		return 0;
	return hz;
}

/* Where a 16550's registers are: reg-shift (default 0) and reg-io-width
 * (default 1, Septum drives 1 and 4) of binding serial/8250.yaml. The
 * mini-UART's registers are 32-bit words 4 bytes apart (BCM2835 ARM
 * Peripherals 2.2.2); PL011 and Cadence registers are 32-bit words too. */
static bool uart_layout(struct bctx *c, int node, struct board_uart *u)
{
	uint32_t shift = 0, width = 1;

	u->reg_shift = 2;
	u->reg_width = 4;
	if (u->kind != BOARD_UART_8250)
		return true;
	prop_u32(c, node, "reg-shift", &shift);
	prop_u32(c, node, "reg-io-width", &width);
	if (shift > 3) {
		board_report(c, BOARD_EINVAL, node, "reg-shift: %u: unsupported (0..3)", shift);
		return false;
	}
	if (width != 1 && width != 4) {
		board_report(c, BOARD_EINVAL, node, "reg-io-width: %u: unsupported (1 or 4)",
			     width);
		return false;
	}
	u->reg_shift = (uint8_t)shift;
	u->reg_width = (uint8_t)width;
	return true;
}

/* Fills *u and *reg from a node of a kind Septum drives; reports and
 * returns false if its registers cannot be used. */
static bool uart_parse(struct bctx *c, int node, enum board_uart_kind kind,
		       struct board_uart *u, struct board_range *reg)
{
	*u = (struct board_uart){ .kind = kind, .node = node };
	if (!board_reg_first(c, node, reg) || !uart_layout(c, node, u))
		return false;
	u->base = reg->base;
	u->clock_hz = uart_clock(c, node);
	return true;
}

/* The first string of node's compatible, for messages. */
static const char *first_compatible(const void *fdt, int node)
{
	int len;
	const char *s = dt_getprop(fdt, node, "compatible", &len);

	return s && len > 0 && s[len - 1] == '\0' ? s : "(none)";
}

/* The console's node: /chosen stdout-path (or linux,stdout-path; a path or
 * an alias, options after ':' in *opts), else the first enabled UART
 * Septum drives. -1 after reporting. */
static int find_console(struct bctx *c, const char **opts)
{
	const char *prop = "stdout-path";
	int chosen = c->scan->top[BOARD_TOP_CHOSEN];
	const char *sp = NULL, *colon;
	int len, node;

	if (chosen >= 0) {
		sp = dt_getprop(c->fdt, chosen, prop, &len);
		if (!sp) {
			prop = "linux,stdout-path";
			sp = dt_getprop(c->fdt, chosen, prop, &len);
		}
	}
	if (!sp) {
		node = c->scan->node[BOARD_FIND_UART];
		if (node < 0)
			board_report(c, BOARD_EMISSING, 0,
				     "uart: missing (no enabled node compatible with "
				     UART_COMPAT_TEXT ")");
		return node;
	}
	sp = dt_string(c->fdt, chosen, prop, &len);
	if (!sp) {
		board_report(c, BOARD_EINVAL, chosen, "%s: %d bytes: not a string", prop, len);
		return -1;
	}
	colon = strchr(sp, ':');
	*opts = colon ? colon + 1 : NULL;
	node = board_path_offset(c->fdt, c->scan, sp, colon ? (int)(colon - sp) : (int)strlen(sp));
	if (node < 0) {
		board_report(c, BOARD_EINVAL, chosen, "%s: \"%s\": no such node", prop, sp);
		return -1;
	}
	if (uart_kind(c->fdt, node) == BOARD_UART_NONE) {
		board_report(c, BOARD_EINVAL, chosen,
			     "%s: \"%s\": compatible \"%s\": not a UART Septum drives ("
			     UART_COMPAT_TEXT ")", prop, sp, first_compatible(c->fdt, node));
		return -1;
	}
	if (!dt_enabled(c->fdt, node)) {
		board_report(c, BOARD_EINVAL, chosen, "%s: \"%s\": its node is disabled (status)",
			     prop, sp);
		return -1;
	}
	return node;
}

/* The baud rate at the start of stdout-path's options ("115200n8",
 * Documentation/devicetree/bindings/chosen.txt); 0 if none. */
static uint32_t opts_baud(const char *opts)
{
	uint32_t baud = 0;

	for (; opts && *opts >= '0' && *opts <= '9'; opts++) {
		baud = baud * 10 + (uint32_t)(*opts - '0');
		if (baud > MAX_BAUD)
			return 0;
	}
	return baud;
}

static void parse_console(struct bctx *c)
{
	const char *opts = NULL;
	int node = find_console(c, &opts);
	struct board_uart u;
	const fdt32_t *irqs;

	if (node < 0)
		return;
	c->b->uart_node = node;
	if (!uart_parse(c, node, uart_kind(c->fdt, node), &u, &c->b->uart))
		return;
	u.baud = opts_baud(opts);
	/* Usable to say what is wrong even if its interrupt is not. */
	c->b->uart_port = u;
	if (board_irq_open(c, node, 1, &irqs) >= 0)
		board_irq_typed(c, node, irqs, 0, false, "console UART's interrupt",
				&c->b->uart_intid);
}

/* Every enabled UART Septum drives, in node order; one whose registers
 * cannot be used is left out quietly (the console's problems are
 * reported by parse_console). */
static void list_uarts(struct bctx *c)
{
	struct diag quiet = { NULL, NULL, 0 };
	struct bctx q = { c->fdt, c->b, &quiet, BOARD_OK, c->scan };
	struct board *b = c->b;

	for (unsigned i = 0; i < c->scan->nuarts && b->nuarts < BOARD_MAX_UARTS; i++) {
		enum board_uart_kind kind = uart_compat_kind[c->scan->uart_which[i]];
		struct board_range reg;

		if (uart_parse(&q, c->scan->uart[i], kind, &b->uarts[b->nuarts], &reg))
			b->nuarts++;
	}
}

void board_parse_uarts(struct bctx *c)
{
	parse_console(c);
	list_uarts(c);
}

const char *board_uart_name(enum board_uart_kind kind)
{
	switch (kind) {
	case BOARD_UART_PL011:
		return "PL011";
	case BOARD_UART_8250:
		return "16550";
	case BOARD_UART_BCM2835_AUX:
		return "BCM2835 mini-UART";
	case BOARD_UART_CADENCE:
		return "Cadence UART";
	case BOARD_UART_IMX:
		return "i.MX UART";
	default:
		return "no UART";
	}
}

bool board_uart_earlycon(uint64_t word, struct board_uart *u)
{
	unsigned kind = (unsigned)(word >> 56);

	*u = (struct board_uart){ .kind = BOARD_UART_NONE, .node = -1 };
	if (kind < BOARD_UART_PL011 || kind > BOARD_UART_IMX)
		return false;
	u->base = word & EARLYCON_BASE_MASK;
	u->reg_shift = 2;
	u->reg_width = 4;
	if (kind == BOARD_UART_8250) {
		u->reg_shift = (uint8_t)((word >> 48) & 0xf);
		u->reg_width = (uint8_t)((word >> 52) & 0xf);
		if (u->reg_shift > 3 || (u->reg_width != 1 && u->reg_width != 4))
			return false;
	}
	u->kind = (enum board_uart_kind)kind;
	return true;
}

static bool listed(const struct board_uart *u, unsigned n, uint64_t base)
{
	for (unsigned i = 0; i < n; i++)
		if (u[i].base == base)
			return true;
	return false;
}

unsigned board_report_uarts(const struct board *b, const struct board_uart *earlycon,
			    struct board_uart *out)
{
	unsigned n = 0;

	if (b->uart_port.kind != BOARD_UART_NONE)
		out[n++] = b->uart_port;
	else
		for (unsigned i = 0; i < b->nuarts && i < BOARD_MAX_UARTS; i++)
			out[n++] = b->uarts[i];
	if (earlycon && earlycon->kind != BOARD_UART_NONE && !listed(out, n, earlycon->base))
		out[n++] = *earlycon;
	return n;
}
