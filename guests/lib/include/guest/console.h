/* SPDX-License-Identifier: MIT */
/*
 * Guest console. Under Septum (SEPTUM_HC_CALL_UID answers Septum's UID) the
 * bytes go out through SEPTUM_HC_CONSOLE_WRITE; otherwise to the PL011 named
 * by /chosen/stdout-path or the first "arm,pl011" node.
 *
 * con_printf supports %d %i %u %x %X %s %c %p %% with the l/ll/z length
 * modifiers, a field width and the '0' and '-' flags.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <guest/types.h>

/* Picks the backend; call after dt_init() and smccc_set_conduit(). */
void con_init(void);

/* True when running under Septum (decided by con_init()). */
bool con_under_septum(void);

/* Writes n bytes atomically with respect to other con_ calls. */
void con_write(const char *s, size_t n);

/* Formats into a 256-byte buffer and writes it with one con_write(). */
int con_printf(const char *fmt, ...) __printf(1, 2);
int con_vprintf(const char *fmt, va_list ap);

/* Like con_printf() without the console lock, for the fatal-exception path. */
void con_emergency(const char *fmt, ...) __printf(1, 2);

/* C-library-like formatter: returns the length it wanted to write. */
int con_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int con_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* GUEST_CONSOLE_H */
