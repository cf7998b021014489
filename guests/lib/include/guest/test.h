/* SPDX-License-Identifier: MIT */
/*
 * Tiny test framework. Every result is one console line:
 *   TEST <name> PASS
 *   TEST <name> FAIL <reason>
 *   TEST <name> SKIP <reason>
 * and test_done() prints the summary:
 *   DONE <guest> passed=<N> failed=<M>
 * Safe to call from several vCPUs.
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <guest/types.h>

/* Each test guest defines these two. */
extern const char guest_name[];
void guest_main(void);

void test_pass(const char *name);
void test_fail(const char *name, const char *fmt, ...) __printf(2, 3);
void test_skip(const char *name, const char *reason);

/* PASS if cond, else FAIL with the formatted reason. Returns cond. */
bool test_check(bool cond, const char *name, const char *fmt, ...)
	__printf(3, 4);

/* PASS if got == want, else FAIL "got=<got> want=<want>" (signed). */
bool test_eq(const char *name, s64 got, s64 want);

/* Septum-only check natively: prints SKIP not-under-septum, returns false. */
bool test_need_septum(const char *name);

/* Prints the DONE line (once; later calls print nothing). */
void test_done(void);

u32 test_failed(void);

/*
 * For the fatal-exception path: prints "TEST <guest>-exception FAIL <what>
 * esr=<esr>" and, unless already printed, DONE with that failure counted;
 * then parks the vCPU. Takes no locks.
 */
void test_abort(const char *what, u64 esr) __noreturn;

#endif /* GUEST_TEST_H */
