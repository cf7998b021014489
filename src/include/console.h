/* SPDX-License-Identifier: MIT */
/*
 * The console: the hypervisor owns the physical UART. Its own messages and
 * every VM's output are printed as whole lines; a VM's lines carry its
 * name: "[hello] text".
 */
#ifndef SEPTUM_CONSOLE_H
#define SEPTUM_CONSOLE_H

#include "board.h"
#include "types.h"

struct vm;

/* Uses the board's UART from now on (MMU off or identity mapped). */
void console_init(const struct board *b);
/* Prints one line from the hypervisor: "septum: <text>\n". */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Console input goes to vm from now on (NULL: nowhere). */
void console_set_input(struct vm *vm);
/* The UART received something: hand it to the input VM. IRQ path. */
void console_rx_interrupt(void);
/* Appends a VM's output; complete lines are printed with the VM's name. */
void console_vm_write(struct vm *vm, const char *s, size_t n);
/* On a CPU of vm (vm_drain_posted): its queued lines, if the UART is free
 * (they found it busy before). */
void console_vm_drain_posted(struct vm *vm);
/* All of vm's queued lines, waiting for the UART (vm is stopping: its
 * last words come before Septum's "stopped"). */
void console_vm_flush(struct vm *vm);

#endif /* SEPTUM_CONSOLE_H */
