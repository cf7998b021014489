/* SPDX-License-Identifier: MIT */
/* A diag sink that collects messages for exact comparison; see diag_sink.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "diag_sink.h"

static void collect(void *ctx, const char *msg)
{
	struct diag_sink *s = ctx;

	if (s->n < DIAG_SINK_MAX)
		strncpy(s->msg[s->n], msg, DIAG_MSG_MAX - 1);
	s->n++;
}

void diag_sink_init(struct diag_sink *s)
{
	memset(s, 0, sizeof(*s));
	s->d.emit = collect;
	s->d.ctx = s;
}

static void dump(const struct diag_sink *s)
{
	print_error("collected %u message(s):\n", s->n);
	for (unsigned i = 0; i < s->n && i < DIAG_SINK_MAX; i++)
		print_error("  [%u] %s\n", i, s->msg[i]);
}

void diag_sink_check(const struct diag_sink *s, const char *file, int line, ...)
{
	const char *want;
	unsigned i = 0;
	bool ok = true;
	va_list ap;

	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i >= s->n || i >= DIAG_SINK_MAX) {
			print_error("missing message [%u]: %s\n", i, want);
			ok = false;
		} else if (strcmp(s->msg[i], want) != 0) {
			print_error("message [%u]\n  got:  %s\n  want: %s\n", i,
				    s->msg[i], want);
			ok = false;
		}
		i++;
	}
	va_end(ap);
	if (i < s->n) {
		print_error("%u unexpected message(s)\n", s->n - i);
		ok = false;
	}
	if (s->d.errors != s->n) {
		print_error("diag counted %u errors for %u messages\n",
			    s->d.errors, s->n);
		ok = false;
	}
	if (!ok) {
		dump(s);
		_fail(file, line);
	}
}
