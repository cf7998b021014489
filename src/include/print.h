/* SPDX-License-Identifier: MIT */
/*
 * A small printf: %d %i %u %x %X %p %s %c %%, with the l/ll/z length
 * modifiers, a field width, '0' padding, '-' and '#' for %x. Pure logic:
 * the hypervisor console and the host tools share it.
 */
#ifndef SEPTUM_PRINT_H
#define SEPTUM_PRINT_H

#include <stdarg.h>
#include "types.h"

/* Like vsnprintf: always NUL-terminates when size > 0, returns the length
 * the full output would have had. */
int vformat(char *buf, size_t size, const char *fmt, va_list ap);
int format(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* SEPTUM_PRINT_H */
