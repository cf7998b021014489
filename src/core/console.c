/* SPDX-License-Identifier: MIT */
/* Console output: whole lines, one CPU at a time. */
#include <stdarg.h>

#include "check.h"
#include "console.h"
#include "print.h"
#include "spinlock.h"
#include "uart.h"
#include "vm.h"

static struct spinlock console_lock = SPINLOCK_INIT;

void console_init(const struct board *b)
{
	uart_init(pa_init(b->uart.base));
}

/* Caller holds console_lock. */
static void put_line(const char *prefix, const char *s, size_t n)
{
	while (*prefix)
		uart_putc(*prefix++);
	for (size_t i = 0; i < n; i++)
		uart_putc(s[i]);
	uart_putc('\r');
	uart_putc('\n');
}

static void vlog(const char *prefix, const char *fmt, va_list ap)
{
	char line[256];
	int n = vformat(line, sizeof(line), fmt, ap);

	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	spin_lock(&console_lock);
	put_line(prefix, line, (size_t)n);
	spin_unlock(&console_lock);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("septum: ", fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("septum: PANIC: ", fmt, ap);
	va_end(ap);
	for (;;)
		__asm__ volatile("" ::: "memory");
}

static void flush_vm_line(struct vm *vm)
{
	char prefix[CFG_NAME_MAX + 4];
	unsigned n = 0;

	prefix[n++] = '[';
	for (const char *p = vm->cfg->name; *p && n < sizeof(prefix) - 3; p++)
		prefix[n++] = *p;
	prefix[n++] = ']';
	prefix[n++] = ' ';
	prefix[n] = '\0';
	put_line(prefix, vm->line, vm->line_len);
	vm->line_len = 0;
}

void console_vm_write(struct vm *vm, const char *s, size_t n)
{
	spin_lock(&console_lock);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n') {
			flush_vm_line(vm);
			continue;
		}
		if (c == '\r')
			continue;
		/* Control characters other than tab are shown as '.', so a
		 * guest cannot drive the terminal of the whole machine. */
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			c = '.';
		vm->line[vm->line_len++] = c;
		if (vm->line_len == VM_LINE_MAX)
			flush_vm_line(vm);
	}
	spin_unlock(&console_lock);
}

static struct vm *input_vm;

void console_set_input(struct vm *vm)
{
	input_vm = vm;
}

void console_rx_interrupt(void)
{
	char buf[16];
	unsigned n = 0;
	char c;

	while (n < sizeof(buf) && uart_getc(&c))
		buf[n++] = c;
	if (input_vm && n)
		vuart_rx(&input_vm->uart, buf, n);
}
