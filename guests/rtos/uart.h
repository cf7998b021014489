/* SPDX-License-Identifier: MIT */
/*
 * Console input for the RTOS: the console UART's receive interrupt (a
 * PL011 natively, Septum's virtual PL011 in a VM; PL011 TRM 3.3)
 * assembles lines (Backspace and Delete erase) and sends each to a
 * message queue; for every byte it takes it gives a semaphore, and the
 * woken task echoes what was typed (uart_echo), as a terminal expects.
 * Output stays with guests/lib's console.
 */
#ifndef RTOS_UART_H
#define RTOS_UART_H

#include "rtos.h"

#define UART_LINE	64	/* bytes per queued line, with its NUL */

/* Starts receiving into q (items of UART_LINE bytes), giving wake per
 * byte taken. False if the console UART or its interrupt is not in the DT. */
bool uart_rx_start(struct rtos_queue *q, struct rtos_sem *wake);

/* Writes what was typed since the last call to the console (one task
 * only: the one that wake wakes). */
void uart_echo(void);

/* Lines lost because q was full. */
u32 uart_rx_dropped(void);

#endif /* RTOS_UART_H */
