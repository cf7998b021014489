/* SPDX-License-Identifier: MIT */
/*
 * Cadence UART ("cdns,uart-r1p12", "xlnx,xuartps": the Zynq UltraScale+
 * MPSoC's UART0/1, Zynq UltraScale+ Device TRM UG1085, chapter "UART
 * Controller", and its register reference). Interrupt-driven output and
 * input.
 *
 * Set-up policy: a UART whose transmitter the firmware enabled (CR TXEN
 * set, TXDIS clear) is left as it is. Otherwise Septum programs 8N1, the
 * baud rate when the DT gives both the reference clock and a rate (else
 * BAUDGEN/BAUDDIV stay as they are), resets both FIFOs and enables the
 * transmitter and the receiver.
 */
#include "uart_ops.h"

#define CR      0x00
#define MR      0x04
#define IER     0x08
#define IDR     0x0c
#define ISR     0x14
#define BAUDGEN 0x18
#define RXWM    0x20
#define SR      0x2c
#define FIFO    0x30
#define BAUDDIV 0x34

#define CR_RXRST   (1u << 0)
#define CR_TXRST   (1u << 1)
#define CR_RXEN    (1u << 2)
#define CR_RXDIS   (1u << 3)
#define CR_TXEN    (1u << 4)
#define CR_TXDIS   (1u << 5)
#define CR_STPBRK  (1u << 8)
#define MR_8N1     (4u << 3)      /* PAR 1xx: no parity; CHRL 0x: 8 bits; NBSTOP 00: 1 */
#define SR_RXEMPTY (1u << 1)
#define SR_TXFULL  (1u << 4)
#define INT_RTRIG  (1u << 0)      /* receive FIFO at or over RXWM */
#define INT_TEMPTY (1u << 3)      /* transmit FIFO empty */
#define INT_ALL    0x1fffu
#define BDIV_MIN   4
#define BDIV_MAX   255
#define CD_MAX     0xffff

static bool cdns_tx_ready(const struct uart_port *p)
{
	return !(mmio_read32(p->base + SR) & SR_TXFULL);
}

static void cdns_tx(const struct uart_port *p, uint8_t c)
{
	mmio_write32(p->base + FIFO, c);
}

/* Clears the trigger before the last look at the FIFO, so a byte that
 * comes in between raises it again (ISR bits are write-1-to-clear). */
static bool cdns_rx(const struct uart_port *p, char *c)
{
	if (mmio_read32(p->base + SR) & SR_RXEMPTY) {
		mmio_write32(p->base + ISR, INT_RTRIG);
		if (mmio_read32(p->base + SR) & SR_RXEMPTY)
			return false;
	}
	*c = (char)mmio_read32(p->base + FIFO);
	return true;
}

static void cdns_rx_irq_on(const struct uart_port *p)
{
	mmio_write32(p->base + RXWM, 1);
	mmio_write32(p->base + ISR, INT_ALL);
	mmio_write32(p->base + IER, INT_RTRIG);
}

/* TEMPTY. ISR bits are sticky: an old TEMPTY is cleared when it is
 * turned on (after the FIFO was filled), as Linux's xuartps does. */
static void cdns_tx_irq(const struct uart_port *p, bool on)
{
	if (!on) {
		mmio_write32(p->base + IDR, INT_TEMPTY);
		return;
	}
	mmio_write32(p->base + ISR, INT_TEMPTY);
	mmio_write32(p->base + IER, INT_TEMPTY);
}

static const struct uart_ops cdns_ops = {
	cdns_tx_ready, cdns_tx, cdns_rx, cdns_rx_irq_on, cdns_tx_irq,
};

/* baud = clock / (CD * (BDIV + 1)) with CD 1..65535 and BDIV 4..255: the
 * pair closest to the rate asked for. */
__boot static bool cdns_divisors(uint32_t clock_hz, uint32_t baud, uint32_t *cd_out,
				 uint32_t *bdiv_out)
{
	uint64_t best = UINT64_MAX;

	for (uint32_t bdiv = BDIV_MIN; clock_hz && baud && bdiv <= BDIV_MAX; bdiv++) {
		uint64_t step = (uint64_t)baud * (bdiv + 1);
		uint64_t cd = ((uint64_t)clock_hz + step / 2) / step;
		uint64_t got, err;

		if (cd < 1 || cd > CD_MAX)
			continue;
		got = clock_hz / (cd * (bdiv + 1));
		err = got > baud ? got - baud : baud - got;
		if (err < best) {
			best = err;
			*cd_out = (uint32_t)cd;
			*bdiv_out = bdiv;
		}
	}
	return best != UINT64_MAX;
}

__boot const struct uart_ops *cdns_uart_setup(const struct uart_port *p,
					       const struct board_uart *u)
{
	uint32_t cd, bdiv;

	if ((mmio_read32(p->base + CR) & (CR_TXEN | CR_TXDIS)) == CR_TXEN)
		return &cdns_ops;
	mmio_write32(p->base + IDR, INT_ALL);
	mmio_write32(p->base + CR, CR_TXDIS | CR_RXDIS | CR_STPBRK);
	if (cdns_divisors(u->clock_hz, u->baud, &cd, &bdiv)) {
		mmio_write32(p->base + BAUDGEN, cd);
		mmio_write32(p->base + BAUDDIV, bdiv);
	}
	mmio_write32(p->base + MR, MR_8N1);
	mmio_write32(p->base + CR, CR_TXRST | CR_RXRST | CR_STPBRK);
	mmio_write32(p->base + CR, CR_TXEN | CR_RXEN | CR_STPBRK);
	return &cdns_ops;
}
