/* SPDX-License-Identifier: MIT */
/*
 * A diag sink for unit tests: collects every message so that a test can
 * compare them exactly, in order.
 */
#ifndef TEST_SUPPORT_DIAG_SINK_H
#define TEST_SUPPORT_DIAG_SINK_H

#include "diag.h"

#define DIAG_SINK_MAX 32

struct diag_sink {
	struct diag d;
	unsigned n;              /* messages collected (at most DIAG_SINK_MAX kept) */
	char msg[DIAG_SINK_MAX][DIAG_MSG_MAX];
};

/* Empties the sink and points s->d at it. */
void diag_sink_init(struct diag_sink *s);

/* Fails the current CMocka test unless the sink holds exactly the given
 * messages, in order; the list ends with NULL. Use assert_diag(). */
void diag_sink_check(const struct diag_sink *s, const char *file, int line, ...);

/* assert_diag(&sink, "msg", ...): exactly these messages. assert_diag(&sink)
 * asserts that there were none. */
#define assert_diag(s, ...) \
	diag_sink_check((s), __FILE__, __LINE__, ##__VA_ARGS__, (const char *)NULL)

#endif /* TEST_SUPPORT_DIAG_SINK_H */
