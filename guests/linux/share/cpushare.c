/* SPDX-License-Identifier: MIT */
/*
 * cpushare MS: how much of the CPU this Linux gets, seen from inside. For
 * MS milliseconds of CLOCK_MONOTONIC (the counter: it runs on while other
 * VMs have the CPU) it reads the clock in a loop and counts as its own
 * each step shorter than GAP_NS; a longer step is time the CPU went
 * elsewhere (another VM's window, or an interrupt that long). One line:
 *
 *   CPU-SHARE ran_us=<r> of_us=<t> share=<r/t> gaps=<n> longest_gap_us=<g>
 *
 * A time partition's check (scripts/demo --cpus 1 --check) bounds the
 * share from below by the VM's windows in the frame. Run it on an
 * otherwise idle Linux: its own other tasks would count as gaps too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define GAP_NS 5000

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? strtol(argv[1], NULL, 0) : 1000;
	uint64_t start, end, prev, ran = 0, longest = 0, gaps = 0;

	if (ms <= 0 || ms > 600000) {
		fprintf(stderr, "usage: cpushare MS (1..600000)\n");
		return 2;
	}
	start = prev = now_ns();
	end = start + (uint64_t)ms * 1000000u;
	while (prev < end) {
		uint64_t t = now_ns(), d = t - prev;

		if (d < GAP_NS) {
			ran += d;
		} else {
			gaps++;
			longest = d > longest ? d : longest;
		}
		prev = t;
	}
	printf("CPU-SHARE ran_us=%llu of_us=%llu share=%.3f gaps=%llu longest_gap_us=%llu\n",
	       (unsigned long long)(ran / 1000), (unsigned long long)((prev - start) / 1000),
	       (double)ran / (double)(prev - start), (unsigned long long)gaps,
	       (unsigned long long)(longest / 1000));
	return 0;
}
