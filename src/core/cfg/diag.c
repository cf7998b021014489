/* SPDX-License-Identifier: MIT */
#include "diag.h"
#include "print.h"

void diag_error(struct diag *d, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d->errors++;
	if (d->emit)
		d->emit(d->ctx, msg);
}
