/* SPDX-License-Identifier: MIT */
/*
 * Arm PrimeCell UART (PL011), interrupt-driven output and input
 * (PL011 Technical Reference Manual, ARM DDI 0183G, 3.3 "Register
 * descriptions").
 *
 * Set-up policy: a UART the firmware enabled (UARTCR.UARTEN set) is left
 * as it is, baud rate and format included. Otherwise Septum programs 8N1
 * with FIFOs, the baud rate when the DT gives both the reference clock
 * and a rate (stdout-path "...:115200n8"; else IBRD/FBRD stay as they
 * are), and enables the UART, its transmitter and its receiver.
 */
#include "uart_ops.h"

#define UARTDR    0x00
#define UARTFR    0x18
#define UARTIBRD  0x24
#define UARTFBRD  0x28
#define UARTLCR_H 0x2c
#define UARTCR    0x30
#define UARTIMSC  0x38
#define UARTICR   0x44

#define FR_RXFE     (1u << 4)
#define FR_TXFF     (1u << 5)
#define LCR_H_FEN   (1u << 4)
#define LCR_H_WLEN8 (3u << 5)
#define CR_UARTEN   (1u << 0)
#define CR_TXE      (1u << 8)
#define CR_RXE      (1u << 9)
#define INT_RX      (1u << 4)
#define INT_TX      (1u << 5)   /* TX FIFO at or below UARTIFLS TXIFLSEL (reset: half) */
#define INT_RT      (1u << 6)
#define INT_ALL     0x7ffu

static bool pl011_tx_ready(const struct uart_port *p)
{
	return !(mmio_read32(p->base + UARTFR) & FR_TXFF);
}

static void pl011_tx(const struct uart_port *p, uint8_t c)
{
	mmio_write32(p->base + UARTDR, c);
}

static bool pl011_rx(const struct uart_port *p, char *c)
{
	if (mmio_read32(p->base + UARTFR) & FR_RXFE)
		return false;
	*c = (char)mmio_read32(p->base + UARTDR);
	return true;
}

static void pl011_rx_irq_on(const struct uart_port *p)
{
	mmio_write32(p->base + UARTICR, INT_RX | INT_RT);
	mmio_write32(p->base + UARTIMSC, INT_RX | INT_RT);
}

/* TXIM. The interrupt comes as the FIFO drains through its trigger
 * level and is cleared by filling it past that level (TRM 3.4.3). */
static void pl011_tx_irq(const struct uart_port *p, bool on)
{
	uint32_t imsc = mmio_read32(p->base + UARTIMSC);

	mmio_write32(p->base + UARTIMSC, on ? imsc | INT_TX : imsc & ~INT_TX);
}

static const struct uart_ops pl011_ops = {
	pl011_tx_ready, pl011_tx, pl011_rx, pl011_rx_irq_on, pl011_tx_irq,
};

/* The baud rate divisor in 64ths, rounded: clock / (16 * baud) (TRM
 * 3.3.6); IBRD must be 1..65535, and FBRD 0 when it is 65535. */
__boot static bool pl011_divisor(uint32_t clock_hz, uint32_t baud, uint32_t *ibrd,
				 uint32_t *fbrd)
{
	uint64_t div;

	if (!clock_hz || !baud)
		return false;
	div = ((uint64_t)clock_hz * 4 + baud / 2) / baud;
	*ibrd = (uint32_t)(div >> 6);
	*fbrd = (uint32_t)(div & 0x3f);
	return *ibrd >= 1 && (*ibrd < 0xffff || (*ibrd == 0xffff && *fbrd == 0));
}

__boot const struct uart_ops *pl011_setup(const struct uart_port *p, const struct board_uart *u)
{
	uint32_t ibrd, fbrd;

	if (mmio_read32(p->base + UARTCR) & CR_UARTEN)
		return &pl011_ops;
	/* Disabled, so it may be programmed (TRM 3.3.8: "disable the UART
	 * before any of the control registers are reprogrammed"). The
	 * divisors take effect with the LCR_H write that follows them. */
	mmio_write32(p->base + UARTIMSC, 0);
	mmio_write32(p->base + UARTICR, INT_ALL);
	if (pl011_divisor(u->clock_hz, u->baud, &ibrd, &fbrd)) {
		mmio_write32(p->base + UARTIBRD, ibrd);
		mmio_write32(p->base + UARTFBRD, fbrd);
	}
	mmio_write32(p->base + UARTLCR_H, LCR_H_WLEN8 | LCR_H_FEN);
	mmio_write32(p->base + UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
	return &pl011_ops;
}
