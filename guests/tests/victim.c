/* SPDX-License-Identifier: MIT */
/*
 * victim: the fault guest's peer. Fills its free RAM (all of it, or one
 * region) with sentinel words (guest/sentinel.h), then every period checks
 * they are intact and prints TEST victim-intact-<round> PASS; a changed
 * word fails the round with the first bad address and value (POISON means
 * the fault guest's write reached this VM).
 *
 * Bootargs:
 *   sentinel=<addr>       region start (default: all free RAM)
 *   sentinel-size=<n>     region size in bytes (default 4096)
 *   rounds=<n>            checks before DONE (default 20)
 *   period-ms=<n>         delay between checks (default 50)
 */
#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/guest.h>
#include <guest/mem.h>
#include <guest/sentinel.h>
#include <guest/test.h>

const char guest_name[] = "victim";

struct bad {
	u64 count;
	u64 addr;
	u64 val;
};

static void fill(const struct dt_range *s, int n)
{
	for (int i = 0; i < n; i++)
		for (u64 a = s[i].base; a < s[i].base + s[i].size; a += 8)
			*(volatile u64 *)(uintptr_t)a = sentinel_word(a);
}

static struct bad check(const struct dt_range *s, int n)
{
	struct bad b = { 0 };

	for (int i = 0; i < n; i++) {
		for (u64 a = s[i].base; a < s[i].base + s[i].size; a += 8) {
			u64 v = *(volatile u64 *)(uintptr_t)a;

			if (v != sentinel_word(a) && !b.count++)
				b = (struct bad){ 1, a, v };
		}
	}
	return b;
}

/* The region from bootargs, if given and inside free RAM; else all RAM. */
static int region(struct dt_range *s)
{
	struct dt_range free[MEM_MAX_SPANS];
	u64 total, base, size = dt_arg_u64_or("sentinel-size", 4096);
	int n = mem_free_spans(free, &total);

	if (!dt_arg_u64("sentinel", &base)) {
		for (int i = 0; i < n; i++)
			s[i] = free[i];
		return n;
	}
	base &= ~7ull;
	size = (size + 7) & ~7ull;
	for (int i = 0; i < n; i++) {
		if (base >= free[i].base && size &&
		    base + size <= free[i].base + free[i].size) {
			s[0] = (struct dt_range){ base, size };
			return 1;
		}
	}
	test_fail("victim-region", "sentinel=0x%llx size=0x%llx not in free RAM",
		  base, size);
	return 0;
}

void guest_main(void)
{
	struct dt_range s[MEM_MAX_SPANS] = { 0 };
	u64 rounds = dt_arg_u64_or("rounds", 20);
	u64 period = dt_arg_u64_or("period-ms", 50), bytes = 0;
	int n = region(s);
	char name[40];

	if (!n)
		return;
	for (int i = 0; i < n; i++)
		bytes += s[i].size;
	fill(s, n);
	con_printf("victim: sentinel over %llu bytes from 0x%llx, magic 0x%x\n",
		   bytes, s[0].base, SENTINEL_MAGIC);
	for (u64 r = 1; r <= rounds; r++) {
		struct bad b;

		cnt_delay_ms(period);
		b = check(s, n);
		con_snprintf(name, sizeof(name), "victim-intact-%llu", r);
		test_check(!b.count, name, "changed=%llu first=0x%llx val=0x%llx%s",
			   b.count, b.addr, b.val,
			   b.val == SENTINEL_POISON ? " (fault poison)" : "");
	}
}
