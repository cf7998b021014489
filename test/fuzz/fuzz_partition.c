/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer targets for the configuration input, built by test/fuzz/run.sh
 * with clang -fsanitize=fuzzer,address,undefined:
 *
 *   -DFUZZ_PARTITION  the input is a partition DTB, checked against a
 *                     fixed QEMU virt board (parse, resolve, validate)
 *   -DFUZZ_BOARD      the input is a board DTB; a fixed partition with
 *                     devices all over QEMU virt is resolved against it
 *
 * The fixed DTBs are linked in (FUZZ_BOARD_DTB, FUZZ_PARTITION_DTB: paths).
 * Each input is copied into a buffer of exactly its size, so that AddressSanitizer
 * catches any read past what the hypervisor was given.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "board.h"
#include "cfg.h"
#include "dt.h"


#define BLOB(name, path) \
	__asm__(".section .rodata\n.balign 8\n.global " #name "\n" #name ":\n" \
		".incbin \"" path "\"\n.global " #name "_end\n" #name "_end:\n.previous")

BLOB(fuzz_board, FUZZ_BOARD_DTB);
BLOB(fuzz_partition, FUZZ_PARTITION_DTB);
extern const unsigned char fuzz_board[], fuzz_board_end[];
extern const unsigned char fuzz_partition[], fuzz_partition_end[];

/* The hypervisor's reservations on QEMU virt, as septum-check assumes. */
static const struct cfg_hyp_rsv hyp = {
	.n = 2,
	.r = { { 0x40200000, 64 << 20 }, { 0x48000000, 1 << 20 } },
};

static size_t total_length;

/* Reads every message, as the console would. */
static void emit(void *ctx, const char *msg)
{
	total_length += strlen(msg);
}

static void check(const void *pfdt, size_t psize, const void *bfdt, const struct board *b)
{
	static struct partition p;
	struct diag d = { emit, NULL, 0 };

	if (cfg_parse(pfdt, psize, &p, &d) < 0)
		return;
	cfg_resolve(&p, bfdt, b, &d);
	cfg_validate(&p, b, &hyp, &d);
	/* What the hypervisor then relies on. */
	for (unsigned i = 0; i < p.nvms; i++) {
		const struct cfg_vm *vm = &p.vm[i];

		if (!vm->valid)
			continue;
		if (vm->nvcpus == 0 || vm->nmem == 0 || !vm->kernel.data ||
		    vm->ndev > CFG_MAX_DEVICES || vm->nchan > CFG_MAX_CHANNELS ||
		    vm->nirq > CFG_MAX_IRQS)
			abort();
		for (unsigned j = 0; j < vm->nchan; j++)
			if (vm->chan[j].peer_vm < 0 || vm->chan[j].intid < 32 ||
			    vm->chan[j].intid > CFG_MAX_INTID)
				abort();
		for (unsigned j = 0; j < vm->ndev; j++)
			for (unsigned k = 0; k < vm->dev[j].nreg; k++)
				if ((vm->dev[j].reg[k].host | vm->dev[j].reg[k].guest |
				     vm->dev[j].reg[k].size) & 0xfff)
					abort();
	}
}

#ifdef FUZZ_PARTITION
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct board b;
	static bool ready;
	void *copy;

	if (!ready) {
		struct diag d = { emit, NULL, 0 };

		if (board_parse(fuzz_board, &b, &d) != BOARD_OK)
			abort();
		ready = true;
	}
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	check(copy, size, fuzz_board, &b);
	free(copy);
	return 0;
}
#endif

#ifdef FUZZ_BOARD
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { emit, NULL, 0 };
	struct board b;
	size_t total;
	void *copy;

	/* The firmware's DTB is trusted to be as long as its header says
	 * (nothing else tells the hypervisor its size); the rest is not. */
	if (size < sizeof(struct fdt_header))
		return 0;
	total = fdt_totalsize(data);
	if (total > size || total < sizeof(struct fdt_header))
		return 0;
	copy = malloc(total);
	memcpy(copy, data, total);
	if (board_parse(copy, &b, &d) == BOARD_OK)
		check(fuzz_partition, (size_t)(fuzz_partition_end - fuzz_partition), copy, &b);
	free(copy);
	return 0;
}
#endif
