/* SPDX-License-Identifier: MIT */
/* A broken invariant (CHECK): say where, then stop this CPU. */
#include <stdarg.h>

#include "check.h"
#include "console.h"

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_vlog("septum: PANIC: ", fmt, ap);
	va_end(ap);
	for (;;)
		__asm__ volatile("" ::: "memory");
}
