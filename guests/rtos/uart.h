/* SPDX-License-Identifier: MIT */
/*
 * Console input for the RTOS: the console UART's receive interrupt (a
 * PL011 natively, Septum's virtual SBSA UART in a VM; PL011 TRM 3.3)
 * assembles lines and sends each to a message queue, then gives a
 * semaphore. Output stays with guests/lib's console.
 */
#ifndef RTOS_UART_H
#define RTOS_UART_H

#include "rtos.h"

#define UART_LINE	64	/* bytes per queued line, with its NUL */

/* Starts receiving into q (items of UART_LINE bytes), giving wake per
 * line. False if the console UART or its interrupt is not in the DT. */
bool uart_rx_start(struct rtos_queue *q, struct rtos_sem *wake);

/* Lines lost because q was full. */
u32 uart_rx_dropped(void);

#endif /* RTOS_UART_H */
