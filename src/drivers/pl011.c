/* SPDX-License-Identifier: MIT */
/* PL011 UART, transmit only, polled (PrimeCell UART PL011 TRM 3.3). */
#include "mmio.h"
#include "uart.h"

#define UARTDR   0x00
#define UARTFR   0x18
#define FR_TXFF  (1u << 5)

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
