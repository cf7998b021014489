/* SPDX-License-Identifier: MIT */
/*
 * The console UART behind one interface (uart.h): the board's description
 * picks the driver, whose setup returns its operations; waiting for the
 * transmitter is done here, once for all drivers, with a time limit.
 */
#include "arch.h"
#include "uart.h"
#include "uart_ops.h"

static struct uart_port port;

__boot void uart_init(const struct board_uart *u)
{
	port = (struct uart_port){ .base = u->base, .reg_shift = u->reg_shift,
				   .reg_width = u->reg_width };
	switch (u->kind) {
	case BOARD_UART_PL011:
		port.ops = pl011_setup(&port, u);
		break;
	case BOARD_UART_8250:
	case BOARD_UART_BCM2835_AUX:
		port.ops = ns16550_setup(&port, u);
		break;
	case BOARD_UART_CADENCE:
		port.ops = cdns_uart_setup(&port, u);
		break;
	case BOARD_UART_IMX:
		port.ops = imx_uart_setup(&port, u);
		break;
	default:
		port.ops = NULL;
		break;
	}
}

/* Waits until the transmitter takes a byte, at most UART_TX_STALL_MS
 * (not at all once it stalled): a UART that is not clocked, or reads as
 * all ones, must not hang the CPU that writes to it. */
static bool tx_wait(void)
{
	uint64_t freq, start;

	if (port.ops->tx_ready(&port))
		return true;
	if (port.stalled)
		return false;
	freq = arch_counter_freq();
	start = arch_counter();
	/* A zero CNTFRQ (firmware that did not set it): still give up. */
	while (!port.ops->tx_ready(&port))
		if (arch_counter() - start > MAX(freq, 1000000) / 1000 * UART_TX_STALL_MS)
			return false;
	return true;
}

void uart_putc(char c)
{
	if (!port.ops)
		return;
	port.stalled = !tx_wait();
	if (!port.stalled)
		port.ops->tx(&port, (uint8_t)c);
}

bool uart_try_putc(char c)
{
	if (!port.ops)
		return true;   /* nowhere to go: gone */
	if (!port.ops->tx_ready(&port))
		return false;
	port.ops->tx(&port, (uint8_t)c);
	port.stalled = false;
	return true;
}

void uart_enable_tx_irq(bool on)
{
	if (port.ops)
		port.ops->tx_irq(&port, on);
}

bool uart_getc(char *c)
{
	return port.ops && port.ops->rx(&port, c);
}

void uart_enable_rx_irq(void)
{
	if (port.ops)
		port.ops->rx_irq_on(&port);
}
