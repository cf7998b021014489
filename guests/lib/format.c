/* SPDX-License-Identifier: MIT */
/*
 * con_vsnprintf: the guests format with the hypervisor's own small printf
 * (src/lib/print.c, compiled into the guest runtime), so there is one
 * implementation of it.
 */
#include <stdarg.h>

#include <guest/console.h>

/* src/include/print.h; not included here because its types.h and the
 * guests' guest/types.h define the same helper macros. */
int vformat(char *buf, size_t size, const char *fmt, va_list ap);

int con_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vformat(buf, size, fmt, ap);
}

int con_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
