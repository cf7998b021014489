/* SPDX-License-Identifier: MIT */
/*
 * What each UART driver gives uart.c (src/drivers only): a setup function
 * run once at boot, which returns the driver's run-time operations.
 */
#ifndef SEPTUM_DRIVERS_UART_OPS_H
#define SEPTUM_DRIVERS_UART_OPS_H

#include "board.h"
#include "mmio.h"
#include "types.h"

/* The UART being driven. */
struct uart_port {
	const struct uart_ops *ops;   /* NULL: none */
	uint64_t base;
	uint8_t reg_shift;            /* 16550s: register i at base + (i << reg_shift) */
	uint8_t reg_width;            /* ... accessed with 1 or 4 bytes */
	bool stalled;                 /* the last byte could not go out in time */
};

struct uart_ops {
	/* Can the transmitter take one more byte? */
	bool (*tx_ready)(const struct uart_port *p);
	/* Hands it one byte; only after tx_ready. */
	void (*tx)(const struct uart_port *p, uint8_t c);
	/* One received byte into *c; false if none is waiting (and then the
	 * receive interrupt is acknowledged). */
	bool (*rx)(const struct uart_port *p, char *c);
	/* Interrupts on received data. */
	void (*rx_irq_on)(const struct uart_port *p);
	/* Interrupts while the transmitter can take more (on), or not. */
	void (*tx_irq)(const struct uart_port *p, bool on);
};

/* Set a UART up as each driver's policy says (src/DESIGN.md, "Console
 * UARTs") and return its operations. Boot only. */
const struct uart_ops *pl011_setup(const struct uart_port *p, const struct board_uart *u);
const struct uart_ops *ns16550_setup(const struct uart_port *p, const struct board_uart *u);
const struct uart_ops *cdns_uart_setup(const struct uart_port *p, const struct board_uart *u);
const struct uart_ops *imx_uart_setup(const struct uart_port *p, const struct board_uart *u);

#endif /* SEPTUM_DRIVERS_UART_OPS_H */
