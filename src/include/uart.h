/* SPDX-License-Identifier: MIT */
/*
 * The physical console UART: one small interface over the drivers in
 * src/drivers/ (pl011.c, ns16550.c for 16550s and the BCM2835 mini-UART,
 * cdns_uart.c), chosen by the board's description of the UART
 * (struct board_uart, board.h). src/DESIGN.md, "Console UARTs".
 */
#ifndef SEPTUM_UART_H
#define SEPTUM_UART_H

#include "board.h"
#include "types.h"

/* Drives u from now on (MMU off, or its registers mapped as device
 * memory), after setting it up as its driver's policy says (DESIGN.md);
 * kind NONE: output goes nowhere. Boot only. */
void uart_init(const struct board_uart *u);
/* Writes one byte, waiting while the transmit FIFO is full; a UART that
 * takes nothing for UART_TX_STALL_MS is given up on until it takes a byte
 * again (each byte is then dropped at once if it cannot go). */
void uart_putc(char c);
/* Hands the transmitter one byte if it can take it now; false (and the
 * byte not taken) if its FIFO is full. Never waits. */
bool uart_try_putc(char c);
/* Interrupts while the transmitter can take more (on), or not: the
 * console's interrupt (console_tx_interrupt) then refills it. Turn it on
 * only after filling the FIFO (a PL011 interrupts when its FIFO drains
 * through the trigger level, not because it is empty). */
void uart_enable_tx_irq(bool on);
/* Reads one received byte; false if none is waiting. */
bool uart_getc(char *c);
/* Interrupts on received data from now on. */
void uart_enable_rx_irq(void);

#define UART_TX_STALL_MS 100

#endif /* SEPTUM_UART_H */
