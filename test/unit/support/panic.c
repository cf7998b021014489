/* SPDX-License-Identifier: MIT */
/*
 * panic() for unit tests: a broken invariant (CHECK) fails the running
 * CMocka test with its message instead of spinning like the hypervisor's.
 * Being linked before libseptum_host, it replaces src/core/console.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "check.h"

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail_msg("panic: %s", msg);
	abort();
}
