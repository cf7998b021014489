/* SPDX-License-Identifier: MIT */
/* Result lines and counters; see guest/test.h for the formats. */
#include <guest/console.h>
#include <guest/guest.h>
#include <guest/smp.h>
#include <guest/test.h>

static struct spinlock test_lock;
static u32 test_npass, test_nfail;
static bool test_finished;

static void count(bool pass)
{
	spin_lock(&test_lock);
	if (pass)
		test_npass++;
	else
		test_nfail++;
	spin_unlock(&test_lock);
}

void test_pass(const char *name)
{
	con_printf("TEST %s PASS\n", name);
	count(true);
}

static void test_vfail(const char *name, const char *fmt, va_list ap)
{
	char why[160];

	con_vsnprintf(why, sizeof(why), fmt, ap);
	con_printf("TEST %s FAIL %s\n", name, why);
	count(false);
}

void test_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	test_vfail(name, fmt, ap);
	va_end(ap);
}

void test_skip(const char *name, const char *reason)
{
	con_printf("TEST %s SKIP %s\n", name, reason);
}

bool test_check(bool cond, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (cond) {
		test_pass(name);
		return true;
	}
	va_start(ap, fmt);
	test_vfail(name, fmt, ap);
	va_end(ap);
	return false;
}

bool test_eq(const char *name, s64 got, s64 want)
{
	return test_check(got == want, name, "got=%lld want=%lld", got, want);
}

bool test_need_septum(const char *name)
{
	if (con_under_septum())
		return true;
	test_skip(name, "not-under-septum");
	return false;
}

void test_done(void)
{
	bool first;

	spin_lock(&test_lock);
	first = !test_finished;
	test_finished = true;
	spin_unlock(&test_lock);
	if (first)
		con_printf("DONE %s passed=%u failed=%u\n", guest_name,
			   test_npass, test_nfail);
}

u32 test_failed(void)
{
	return READ_ONCE(test_nfail);
}

void test_abort(const char *what, u64 esr)
{
	con_emergency("TEST %s-exception FAIL %s esr=0x%llx\n", guest_name, what,
		      esr);
	if (!test_finished)
		con_emergency("DONE %s passed=%u failed=%u\n", guest_name,
			      test_npass, test_nfail + 1);
	test_finished = true;
	guest_idle();
}
