/* SPDX-License-Identifier: MIT */
/*
 * CHECK(): a broken internal invariant. Panics with file:line. Never use it
 * for anything a guest or the configuration can cause: those get an error
 * code and a message (STYLE.md, "three kinds of failure").
 */
#ifndef SEPTUM_CHECK_H
#define SEPTUM_CHECK_H

__attribute__((noreturn)) void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#define CHECK(cond) \
	do { \
		if (!(cond)) \
			panic("CHECK failed: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)

#endif /* SEPTUM_CHECK_H */
