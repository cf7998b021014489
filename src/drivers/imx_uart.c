/* SPDX-License-Identifier: MIT */
/*
 * The i.MX UART ("fsl,imx6q-uart" and the SoCs that list it, e.g.
 * "fsl,imx8mp-uart": i.MX 6/7/8M Reference Manuals, chapter "UART").
 * Interrupt-driven output and input.
 *
 * Set-up policy: a UART whose firmware enabled it and its transmitter
 * (UCR1 UARTEN, UCR2 TXEN) keeps its line settings, and Septum turns its
 * receiver on (a boot ROM, and QEMU's -kernel, enable only the
 * transmitter). Otherwise Septum programs 8N1 and enables the UART, its
 * transmitter and its receiver, with the baud rate it has: the reference
 * clock comes from the SoC's clock controller, which Septum does not
 * model, so it never sets the divisors.
 */
#include "uart_ops.h"

#define URXD 0x00
#define UTXD 0x40
#define UCR1 0x80
#define UCR2 0x84
#define UCR3 0x88
#define UFCR 0x90
#define USR2 0x98
#define UTS  0xb4

#define URXD_CHARRDY  (1u << 15)
#define UCR1_UARTEN   (1u << 0)
#define UCR1_RRDYEN   (1u << 9)       /* receive FIFO at or over RXTL */
#define UCR1_TRDYEN   (1u << 13)      /* transmit FIFO under TXTL */
#define UCR2_SRST     (1u << 0)       /* 0 resets the UART */
#define UCR2_RXEN     (1u << 1)
#define UCR2_TXEN     (1u << 2)
#define UCR2_WS       (1u << 5)       /* 8 data bits; PREN, STPB clear: no parity, 1 stop */
#define UCR2_IRTS     (1u << 14)      /* ignore RTS */
#define UCR3_RXDMUXSEL (1u << 2)      /* must be set on i.MX 6 and later */
#define UFCR_RXTL_MASK 0x3fu
#define USR2_RDR      (1u << 0)       /* receive data ready */
#define UTS_TXFULL    (1u << 4)

static bool imx_tx_ready(const struct uart_port *p)
{
	return !(mmio_read32(p->base + UTS) & UTS_TXFULL);
}

static void imx_tx(const struct uart_port *p, uint8_t c)
{
	mmio_write32(p->base + UTXD, c);
}

/* RRDY (the interrupt) follows the FIFO level: reading the last byte
 * under the threshold clears it. */
static bool imx_rx(const struct uart_port *p, char *c)
{
	uint32_t v;

	if (!(mmio_read32(p->base + USR2) & USR2_RDR))
		return false;
	v = mmio_read32(p->base + URXD);
	if (!(v & URXD_CHARRDY))
		return false;
	*c = (char)v;
	return true;
}

/* An interrupt for every received byte (RXTL 1). */
static void imx_rx_irq_on(const struct uart_port *p)
{
	uint32_t ufcr = mmio_read32(p->base + UFCR);

	mmio_write32(p->base + UFCR, (ufcr & ~UFCR_RXTL_MASK) | 1);
	mmio_write32(p->base + UCR1, mmio_read32(p->base + UCR1) | UCR1_RRDYEN);
}

static void imx_tx_irq(const struct uart_port *p, bool on)
{
	uint32_t ucr1 = mmio_read32(p->base + UCR1);

	mmio_write32(p->base + UCR1, on ? ucr1 | UCR1_TRDYEN : ucr1 & ~UCR1_TRDYEN);
}

static const struct uart_ops imx_ops = {
	imx_tx_ready, imx_tx, imx_rx, imx_rx_irq_on, imx_tx_irq,
};

__boot const struct uart_ops *imx_uart_setup(const struct uart_port *p,
					     const struct board_uart *u)
{
	uint32_t ucr2 = mmio_read32(p->base + UCR2);

	if ((mmio_read32(p->base + UCR1) & UCR1_UARTEN) && (ucr2 & UCR2_TXEN)) {
		mmio_write32(p->base + UCR3, mmio_read32(p->base + UCR3) | UCR3_RXDMUXSEL);
		mmio_write32(p->base + UCR2, ucr2 | UCR2_SRST | UCR2_RXEN);
		return &imx_ops;
	}
	mmio_write32(p->base + UCR1, 0);
	mmio_write32(p->base + UCR2, UCR2_SRST | UCR2_WS | UCR2_IRTS | UCR2_TXEN | UCR2_RXEN);
	mmio_write32(p->base + UCR3, mmio_read32(p->base + UCR3) | UCR3_RXDMUXSEL);
	mmio_write32(p->base + UCR1, UCR1_UARTEN);
	return &imx_ops;
}
