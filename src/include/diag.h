/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics for configuration input (board DTB, partition description).
 * Every message names where the problem is and the offending value:
 *
 *     <node path>: <property>: <value>: <what is wrong>
 *
 * e.g. "/hello: cpus: 7: no such CPU (the board has 4)". The sink prints it
 * (hypervisor console) or collects it (host checker, unit tests).
 */
#ifndef SEPTUM_DIAG_H
#define SEPTUM_DIAG_H

#include <stdarg.h>
#include "types.h"

#define DIAG_MSG_MAX 256

struct diag {
	void (*emit)(void *ctx, const char *msg);
	void *ctx;
	unsigned errors;
};

/* Formats one message (printf-like, see print.h) and passes it to the sink;
 * counts it as an error. */
void diag_error(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* SEPTUM_DIAG_H */
