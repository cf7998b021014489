/* SPDX-License-Identifier: MIT */
/*
 * 16550-compatible UARTs ("ns16550a", "snps,dw-apb-uart": National
 * Semiconductor PC16550D data sheet, registers and bits as named there)
 * and the BCM2835 auxiliary mini-UART, which has the same layout (BCM2835
 * ARM Peripherals 2.2.2: AUX_MU_IO, IER, IIR, LCR, MCR, LSR, one 32-bit
 * word each, from the node's reg). Interrupt-driven output and input.
 *
 * Set-up policy: interrupts off until asked for. A 16550 whose reference
 * clock and baud rate the DT gives is programmed to that rate, 8N1, FIFOs
 * on; otherwise its line settings are left as the firmware set them (a
 * 16550 cannot tell whether it was set up). The mini-UART is always left
 * as the firmware set it: its baud rate derives from the VPU clock, which
 * the firmware may change (core_freq) and Septum does not know.
 */
#include "uart_ops.h"

/* Register numbers, at base + (n << reg_shift). */
#define RBR 0   /* receive buffer (read) */
#define THR 0   /* transmit holding (write) */
#define DLL 0   /* divisor latch, low byte (LCR.DLAB set) */
#define IER 1
#define DLM 1   /* divisor latch, high byte (LCR.DLAB set) */
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5

#define IER_ERBFI   (1u << 0)   /* received data available */
#define IER_ETBEI   (1u << 1)   /* transmit holding register empty (LSR.THRE) */
#define IER_ELSI    (1u << 2)   /* receiver line status */
#define FCR_ENABLE  (1u << 0)
#define FCR_RXRESET (1u << 1)
#define FCR_TXRESET (1u << 2)
#define LCR_8N1     0x03u
#define LCR_DLAB    (1u << 7)
#define MCR_OUT2    (1u << 3)   /* gates the interrupt line on PC-style boards */
#define LSR_DR      (1u << 0)
#define LSR_THRE    (1u << 5)
#define LSR_TEMT    (1u << 6)

#define TEMT_POLLS 1000000

static uint32_t reg_read(const struct uart_port *p, unsigned reg)
{
	uint64_t a = p->base + ((uint64_t)reg << p->reg_shift);

	return p->reg_width == 4 ? mmio_read32(a) : mmio_read8(a);
}

static void reg_write(const struct uart_port *p, unsigned reg, uint32_t v)
{
	uint64_t a = p->base + ((uint64_t)reg << p->reg_shift);

	if (p->reg_width == 4)
		mmio_write32(a, v);
	else
		mmio_write8(a, (uint8_t)v);
}

static bool ns16550_tx_ready(const struct uart_port *p)
{
	return reg_read(p, LSR) & LSR_THRE;
}

static void ns16550_tx(const struct uart_port *p, uint8_t c)
{
	reg_write(p, THR, c);
}

/* Reading LSR also ends a line status interrupt. */
static bool ns16550_rx(const struct uart_port *p, char *c)
{
	if (!(reg_read(p, LSR) & LSR_DR))
		return false;
	*c = (char)reg_read(p, RBR);
	return true;
}

/* IER bits 0 and 2, as Linux's 8250 driver sets them on the mini-UART too
 * (whose data sheet has bit 0 and 1 the wrong way round). */
static void mini_rx_irq_on(const struct uart_port *p)
{
	reg_write(p, IER, (reg_read(p, IER) & IER_ETBEI) | IER_ERBFI | IER_ELSI);
}

static void ns16550_rx_irq_on(const struct uart_port *p)
{
	reg_write(p, MCR, reg_read(p, MCR) | MCR_OUT2);
	mini_rx_irq_on(p);
}

/* IER ETBEI: interrupts while THRE (on the mini-UART: while its FIFO
 * can take a byte), as Linux's 8250 driver uses it on both. */
static void ns16550_tx_irq(const struct uart_port *p, bool on)
{
	uint32_t ier = reg_read(p, IER);

	reg_write(p, IER, on ? ier | IER_ETBEI : ier & ~IER_ETBEI);
}

static const struct uart_ops ns16550_ops = {
	ns16550_tx_ready, ns16550_tx, ns16550_rx, ns16550_rx_irq_on, ns16550_tx_irq,
};

static const struct uart_ops mini_ops = {
	ns16550_tx_ready, ns16550_tx, ns16550_rx, mini_rx_irq_on, ns16550_tx_irq,
};

/* Programs 8N1 at clock / (16 * divisor) baud with FIFOs on, once what
 * the firmware was sending has gone out. */
__boot static void ns16550_program(const struct uart_port *p, uint32_t clock_hz, uint32_t baud)
{
	uint64_t div = ((uint64_t)clock_hz + 8ull * baud) / (16ull * baud);

	if (div < 1 || div > 0xffff)
		return;
	for (unsigned i = 0; i < TEMT_POLLS && !(reg_read(p, LSR) & LSR_TEMT); i++)
		;
	reg_write(p, LCR, LCR_DLAB | LCR_8N1);
	reg_write(p, DLL, (uint32_t)(div & 0xff));
	reg_write(p, DLM, (uint32_t)(div >> 8));
	reg_write(p, LCR, LCR_8N1);
	reg_write(p, FCR, FCR_ENABLE | FCR_RXRESET | FCR_TXRESET);
}

__boot const struct uart_ops *ns16550_setup(const struct uart_port *p, const struct board_uart *u)
{
	reg_write(p, IER, 0);
	if (u->kind == BOARD_UART_BCM2835_AUX)
		return &mini_ops;
	if (u->clock_hz && u->baud)
		ns16550_program(p, u->clock_hz, u->baud);
	return &ns16550_ops;
}
