/* SPDX-License-Identifier: MIT */
/* The physical console UART (src/drivers/pl011.c). */
#ifndef SEPTUM_UART_H
#define SEPTUM_UART_H

#include "types.h"

void uart_init(paddr_t base);
/* Writes one byte, waiting while the transmit FIFO is full. */
void uart_putc(char c);
/* Reads one received byte; false if none is waiting. */
bool uart_getc(char *c);
/* Interrupts on received data from now on. */
void uart_enable_rx_irq(void);

#endif /* SEPTUM_UART_H */
