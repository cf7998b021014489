/* SPDX-License-Identifier: MIT */
/* Host stand-in for the console's physical UART (uart_fake.h). */
#include <string.h>

#include "types.h"
#include "uart.h"
#include "uart_fake.h"

struct uart_fake uart_fake;

void uart_fake_reset(void)
{
	memset(&uart_fake, 0, sizeof(uart_fake));
}

const char *uart_fake_take(void)
{
	static char copy[sizeof(uart_fake.out)];

	memcpy(copy, uart_fake.out, uart_fake.out_len);
	copy[uart_fake.out_len] = 0;
	uart_fake.out_len = 0;
	uart_fake.out[0] = 0;
	return copy;
}

void uart_init(const struct board_uart *u)
{
}

void uart_putc(char c)
{
	if (uart_fake.out_len < sizeof(uart_fake.out) - 1) {
		uart_fake.out[uart_fake.out_len++] = c;
		uart_fake.out[uart_fake.out_len] = 0;
	}
}

bool uart_getc(char *c)
{
	if (uart_fake.in_at >= uart_fake.in_len)
		return false;
	*c = uart_fake.in[uart_fake.in_at++];
	return true;
}

void uart_enable_rx_irq(void)
{
}
