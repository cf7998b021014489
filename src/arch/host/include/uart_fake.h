/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the console's physical UART (uart.h): what the console
 * writes collects in uart_fake.out, and uart_getc() hands out the bytes a
 * test put in uart_fake.in. With tx_limited, the transmit FIFO takes
 * tx_room more bytes (a test gives it more, as the line sends them); a
 * byte written with uart_putc while it is full counts a wait.
 */
#ifndef SEPTUM_ARCH_HOST_UART_FAKE_H
#define SEPTUM_ARCH_HOST_UART_FAKE_H

struct uart_fake {
	char out[16384];
	unsigned out_len;
	const char *in;
	unsigned in_len, in_at;
	bool tx_limited;
	unsigned tx_room;
	unsigned waits;     /* bytes uart_putc had to wait for */
	bool tx_irq;        /* the transmit interrupt is on */
};

extern struct uart_fake uart_fake;

/* Forgets what was written and what is left to read. */
void uart_fake_reset(void);
/* What was written since the last call, then forgets it. out is kept
 * NUL-terminated. */
const char *uart_fake_take(void);

#endif /* SEPTUM_ARCH_HOST_UART_FAKE_H */
