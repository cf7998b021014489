/* SPDX-License-Identifier: MIT */
/* Console UART receive interrupt; see uart.h. */
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

static struct {
	volatile u32 *regs;
	struct rtos_queue *q;
	struct rtos_sem *wake;
	char line[UART_LINE];
	u32 len, dropped;
} rx;

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
			rx.line[rx.len] = '\0';
			rx.len = 0;
			if (rtos_queue_send(rx.q, rx.line, 0) != RTOS_OK)
				rx.dropped++;
			rtos_sem_give(rx.wake);
		} else if (c >= ' ' && c < 0x7f && rx.len < UART_LINE - 1) {
			rx.line[rx.len++] = c;
		}
	}
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
