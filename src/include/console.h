/* SPDX-License-Identifier: MIT */
/*
 * The console: the hypervisor owns the physical UART. The VM that has the
 * input writes to the terminal as it would to a UART of its own; every
 * other VM's output is printed as whole, sanitized lines with its name
 * ("[hello] text"), Septum's own as "septum: text" (console.c).
 */
#ifndef SEPTUM_CONSOLE_H
#define SEPTUM_CONSOLE_H

#include <stdarg.h>

#include "board.h"
#include "types.h"

struct vm;

/* Uses the board's UART from now on (MMU off or identity mapped). */
void console_init(const struct board *b);
/* Prints one line from the hypervisor: "septum: <text>\n". */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints one line "<prefix><text>", waiting for the UART (panic). */
void console_vlog(const char *prefix, const char *fmt, va_list ap);
/* Console input goes to vm from now on (NULL: nowhere), and its output
 * to the terminal as it comes. Says so on the console. */
void console_set_input(struct vm *vm);
/* The UART received something: hand it to the input VM. IRQ path. */
void console_rx_interrupt(void);
/* The UART can take more output (or may): moves formatted output into
 * its FIFO, formats queued records into the room made, and turns the
 * transmit interrupt off once nothing is left. IRQ path, on the CPU that
 * takes the UART's interrupt; never waits. */
void console_tx_interrupt(void);
/* A VM's output: raw if it has the input, else gathered into whole lines
 * printed with its name. On a CPU of vm. */
void console_vm_write(struct vm *vm, const char *s, size_t n);
/* On a CPU of vm (vm_drain_posted): its queued output, formatted and
 * started if the UART is free, else left to the CPU that owns it. */
void console_vm_drain_posted(struct vm *vm);
/* All of vm's queued output, waiting until it has gone out (vm is
 * stopping: its last words come before Septum's "stopped"). */
void console_vm_flush(struct vm *vm);

#endif /* SEPTUM_CONSOLE_H */
