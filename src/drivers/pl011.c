/* SPDX-License-Identifier: MIT */
/* PL011 UART, transmit only, polled (PrimeCell UART PL011 TRM 3.3). */
#include "mmio.h"
#include "uart.h"

#define UARTDR   0x00
#define UARTFR   0x18
#define UARTIMSC 0x38
#define UARTICR  0x44
#define FR_RXFE  (1u << 4)
#define FR_TXFF  (1u << 5)
#define INT_RX   (1u << 4)
#define INT_RT   (1u << 6)

static uint64_t uart_base;

void uart_init(paddr_t base)
{
	uart_base = pa_addr(base);
}

void uart_putc(char c)
{
	if (!uart_base)
		return;
	while (mmio_read32(uart_base + UARTFR) & FR_TXFF)
		;
	mmio_write32(uart_base + UARTDR, (uint8_t)c);
}

bool uart_getc(char *c)
{
	if (!uart_base || (mmio_read32(uart_base + UARTFR) & FR_RXFE))
		return false;
	*c = (char)mmio_read32(uart_base + UARTDR);
	return true;
}

void uart_enable_rx_irq(void)
{
	mmio_write32(uart_base + UARTICR, INT_RX | INT_RT);
	mmio_write32(uart_base + UARTIMSC, INT_RX | INT_RT);
}
