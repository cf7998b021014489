/* SPDX-License-Identifier: MIT */
/* Console UART receive interrupt; see uart.h. */
#include <guest/console.h>
#include <guest/dt.h>

#include "uart.h"

/* PL011 TRM 3.3: data, flags, interrupt mask and clear. */
#define UARTDR		0x00
#define UARTFR		0x18
#define UARTIMSC	0x38
#define UARTICR		0x44
#define FR_RXFE		(1u << 4)
#define INT_RX		(1u << 4)
#define INT_RT		(1u << 6)

#define ECHO_RING	64	/* typed bytes to echo; a power of two */
#define ECHO_NEWLINE	'\n'
#define ECHO_ERASE	'\b'

static struct {
	volatile u32 *regs;
	struct rtos_queue *q;
	struct rtos_sem *wake;
	char line[UART_LINE];
	u32 len, dropped;
	/* What the line editing shows: written by the ISR, read by the
	 * task that calls uart_echo(). */
	char echo[ECHO_RING];
	u32 echo_head, echo_tail;
} rx;

static void echo_put(char c)
{
	if (rx.echo_head - READ_ONCE(rx.echo_tail) < ECHO_RING) {
		rx.echo[rx.echo_head % ECHO_RING] = c;
		WRITE_ONCE(rx.echo_head, rx.echo_head + 1);
	}
}

static void uart_isr(u32 intid, void *arg)
{
	(void)intid;
	(void)arg;
	/* Clear first: a byte arriving during the drain raises it again. */
	rx.regs[UARTICR / 4] = INT_RX | INT_RT;
	while (!(rx.regs[UARTFR / 4] & FR_RXFE)) {
		char c = (char)rx.regs[UARTDR / 4];

		if (c == '\r' || c == '\n') {
			if (!rx.len)
				continue;
			echo_put(ECHO_NEWLINE);
			rx.line[rx.len] = '\0';
			rx.len = 0;
			if (rtos_queue_send(rx.q, rx.line, 0) != RTOS_OK)
				rx.dropped++;
		} else if ((c == 0x7f || c == '\b') && rx.len) {
			rx.len--;
			echo_put(ECHO_ERASE);
		} else if (c >= ' ' && c < 0x7f && rx.len < UART_LINE - 1) {
			rx.line[rx.len++] = c;
			echo_put(c);
		} else {
			continue;
		}
		rtos_sem_give(rx.wake);
	}
}

void uart_echo(void)
{
	char buf[3 * ECHO_RING];
	u32 n = 0, head = READ_ONCE(rx.echo_head);

	for (; rx.echo_tail != head; rx.echo_tail++) {
		char c = rx.echo[rx.echo_tail % ECHO_RING];

		if (c == ECHO_ERASE) {
			buf[n++] = '\b';
			buf[n++] = ' ';
		}
		buf[n++] = c;
	}
	WRITE_ONCE(rx.echo_tail, head);
	if (n)
		con_write(buf, n);
}

bool uart_rx_start(struct rtos_queue *q, struct rtos_sem *wake)
{
	u32 intid = dt_console_intid();
	u64 base;

	if (!intid || !dt_console_pl011(&base))
		return false;
	rx.regs = (volatile u32 *)(uintptr_t)base;
	rx.q = q;
	rx.wake = wake;
	if (!rtos_irq_attach(intid, uart_isr, NULL))
		return false;
	rx.regs[UARTIMSC / 4] = rx.regs[UARTIMSC / 4] | INT_RX | INT_RT;
	return true;
}

u32 uart_rx_dropped(void)
{
	return READ_ONCE(rx.dropped);
}
