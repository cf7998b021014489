/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the console's physical UART (uart.h): what the console
 * writes collects in uart_fake.out, and uart_getc() hands out the bytes a
 * test put in uart_fake.in.
 */
#ifndef SEPTUM_ARCH_HOST_UART_FAKE_H
#define SEPTUM_ARCH_HOST_UART_FAKE_H

struct uart_fake {
	char out[16384];
	unsigned out_len;
	const char *in;
	unsigned in_len, in_at;
};

extern struct uart_fake uart_fake;

/* Forgets what was written and what is left to read. */
void uart_fake_reset(void);
/* What was written since the last call, then forgets it. out is kept
 * NUL-terminated. */
const char *uart_fake_take(void);

#endif /* SEPTUM_ARCH_HOST_UART_FAKE_H */
