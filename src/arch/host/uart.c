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

static void emit(char c)
{
	if (uart_fake.out_len < sizeof(uart_fake.out) - 1) {
		uart_fake.out[uart_fake.out_len++] = c;
		uart_fake.out[uart_fake.out_len] = 0;
	}
}

/* Waits for room: counted, one byte's time each (the fake's FIFO drains
 * one byte while the caller waits). */
void uart_putc(char c)
{
	if (uart_fake.tx_limited && !uart_fake.tx_room)
		uart_fake.waits++;
	else if (uart_fake.tx_limited)
		uart_fake.tx_room--;
	emit(c);
}

bool uart_try_putc(char c)
{
	if (uart_fake.tx_limited) {
		if (!uart_fake.tx_room)
			return false;
		uart_fake.tx_room--;
	}
	emit(c);
	return true;
}

void uart_enable_tx_irq(bool on)
{
	uart_fake.tx_irq = on;
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
