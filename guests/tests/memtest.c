/* SPDX-License-Identifier: MIT */
/*
 * memtest: every word of the VM's RAM (the DT's /memory ranges) except this
 * image (with .bss and stacks) and the DT is written with an address-derived
 * pattern and read back, in two passes (pattern, then its complement).
 * Prints "MEMTEST spans=<n> tested=<bytes> skipped=<bytes>", then
 * TEST memtest-pattern and TEST memtest-complement.
 *
 * Bootargs: none.
 */
#include <guest/console.h>
#include <guest/guest.h>
#include <guest/mem.h>
#include <guest/test.h>

const char guest_name[] = "memtest";

#define PATTERN_KEY	0x5a17c3e9a5d2f00full

struct result {
	u64 errors;
	u64 first_addr;
	u64 first_got;
	u64 first_want;
};

static inline u64 pattern(u64 addr, u64 flip)
{
	return (addr ^ PATTERN_KEY) ^ flip;
}

static void fill(const struct dt_range *s, int n, u64 flip)
{
	for (int i = 0; i < n; i++)
		for (u64 a = s[i].base; a < s[i].base + s[i].size; a += 8)
			*(volatile u64 *)(uintptr_t)a = pattern(a, flip);
}

static struct result verify(const struct dt_range *s, int n, u64 flip)
{
	struct result r = { 0 };

	for (int i = 0; i < n; i++) {
		for (u64 a = s[i].base; a < s[i].base + s[i].size; a += 8) {
			u64 got = *(volatile u64 *)(uintptr_t)a;

			if (got == pattern(a, flip))
				continue;
			if (!r.errors++)
				r = (struct result){ 1, a, got, pattern(a, flip) };
		}
	}
	return r;
}

static void run_pass(const char *name, const struct dt_range *s, int n,
		     u64 flip)
{
	struct result r;

	fill(s, n, flip);
	r = verify(s, n, flip);
	test_check(!r.errors, name, "errors=%llu first=0x%llx got=0x%llx want=0x%llx",
		   r.errors, r.first_addr, r.first_got, r.first_want);
}

void guest_main(void)
{
	struct dt_range s[MEM_MAX_SPANS];
	u64 total, tested = 0, img = guest_image_start();
	int n = mem_free_spans(s, &total);

	for (int i = 0; i < n; i++) {
		con_printf("memtest: [0x%llx, 0x%llx)\n", s[i].base,
			   s[i].base + s[i].size);
		tested += s[i].size;
	}
	test_check(dt_memory_end_of(img) != 0, "memtest-image-in-ram",
		   "image at 0x%llx is outside /memory", img);
	if (!test_check(tested > 0, "memtest-ranges", "nothing to test"))
		return;
	con_printf("MEMTEST spans=%d tested=%llu skipped=%llu\n", n, tested,
		   total - tested);
	run_pass("memtest-pattern", s, n, 0);
	run_pass("memtest-complement", s, n, ~0ull);
}
