/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer targets for the configuration input, built by test/fuzz/run.sh
 * with clang -fsanitize=fuzzer,address,undefined:
 *
 *   -DFUZZ_PARTITION  the input is a partition DTB, checked against a
 *                     fixed QEMU virt board (parse, resolve, validate,
 *                     place)
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
#include "palloc.h"


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

/* Fails the run: what the hypervisor relies on does not hold. */
#define ORACLE(cond) do { if (!(cond)) abort(); } while (0)

static bool overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

/* Guest ranges of a valid VM: memory, console, watchdog, device ranges, channels;
 * [3] is guest - host for device ranges, else 1 (never page aligned). */
static unsigned guest_ranges(const struct cfg_vm *vm, uint64_t (*r)[4])
{
	unsigned n = 0;

	for (unsigned i = 0; i < vm->nmem; i++, n++)
		r[n][0] = vm->mem[i].guest, r[n][1] = vm->mem[i].size, r[n][2] = n, r[n][3] = 1;
	if (vm->console.present)
		r[n][0] = vm->console.guest, r[n][1] = CFG_CONSOLE_SIZE, r[n][2] = n,
		r[n][3] = 1, n++;
	if (vm->wdog.present)
		r[n][0] = vm->plat.wdog.base, r[n][1] = vm->plat.wdog.size, r[n][2] = n,
		r[n][3] = 1, n++;
	for (unsigned i = 0; i < vm->ndev; i++)
		for (unsigned j = 0; j < vm->dev[i].nreg; j++, n++)
			r[n][0] = vm->dev[i].reg[j].guest, r[n][1] = vm->dev[i].reg[j].size,
			r[n][2] = 100 + i, r[n][3] = vm->dev[i].reg[j].guest - vm->dev[i].reg[j].host;
	for (unsigned i = 0; i < vm->nchan; i++, n++)
		r[n][0] = vm->chan[i].guest, r[n][1] = vm->chan[i].size, r[n][2] = n, r[n][3] = 1;
	return n;
}

static bool has_phys_irq(const struct cfg_vm *vm, uint32_t id)
{
	for (unsigned i = 0; i < vm->nirq; i++)
		if (vm->irq[i] == id)
			return true;
	for (unsigned i = 0; i < vm->ndev; i++)
		for (unsigned j = 0; j < vm->dev[i].nirq; j++)
			if (vm->dev[i].irq[j] == id)
				return true;
	return false;
}

/* What the hypervisor relies on in every VM left valid. */
static void oracle_vm(const struct cfg_vm *vm)
{
	uint64_t r[CFG_MAX_MEM + 2 + CFG_MAX_DEVICES * CFG_MAX_DEV_REGS + CFG_MAX_CHANNELS][4];
	unsigned n = guest_ranges(vm, r);

	ORACLE(vm->nvcpus > 0 && vm->nmem > 0 && vm->kernel.data);
	ORACLE(vm->ndev <= CFG_MAX_DEVICES && vm->nchan <= CFG_MAX_CHANNELS &&
	       vm->nirq <= CFG_MAX_IRQS);
	/* Only device ranges that map the same pages alike (devices sharing
	 * a page) may overlap. */
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < i; j++)
			ORACLE(r[i][2] == r[j][2] || !overlap(r[i][0], r[i][1], r[j][0], r[j][1]) ||
			       (r[i][2] >= 100 && r[j][2] >= 100 && r[i][3] == r[j][3]));
	for (unsigned i = 0; i < vm->ndev; i++)
		for (unsigned j = 0; j < vm->dev[i].nreg; j++)
			ORACLE(((vm->dev[i].reg[j].host | vm->dev[i].reg[j].guest |
				 vm->dev[i].reg[j].size) & 0xfff) == 0 && vm->dev[i].reg[j].size);
	for (unsigned i = 0; i < vm->nirq; i++)
		ORACLE(vm->irq[i] >= 32 && vm->irq[i] <= VM_MAX_INTID);
	for (unsigned i = 0; i < vm->nchan; i++) {
		const struct cfg_channel *c = &vm->chan[i];

		ORACLE(c->peer_vm >= 0 && c->intid >= 32 && c->intid <= VM_MAX_INTID);
		ORACLE(c->size >= 0x1000 && (c->size & (c->size - 1)) == 0);
		ORACLE(!has_phys_irq(vm, c->intid));
		ORACLE(!(vm->console.present && vm->console.intid == c->intid));
		for (unsigned j = 0; j < i; j++)
			ORACLE(vm->chan[j].intid != c->intid);
	}
}

/* Between valid VMs: devices, physical INTIDs and console input belong
 * to one; channel ends agree. */
static void oracle_between(const struct partition *p)
{
	unsigned inputs = 0;

	for (unsigned i = 0; i < p->nvms; i++) {
		const struct cfg_vm *a = &p->vm[i];

		if (!a->valid)
			continue;
		inputs += a->console.input;
		for (unsigned j = 0; j < i; j++) {
			const struct cfg_vm *b = &p->vm[j];

			if (!b->valid)
				continue;
			for (unsigned k = 0; k < a->nirq; k++)
				ORACLE(!has_phys_irq(b, a->irq[k]));
			for (unsigned k = 0; k < a->ndev; k++) {
				for (unsigned l = 0; l < a->dev[k].nirq; l++)
					ORACLE(!has_phys_irq(b, a->dev[k].irq[l]));
				for (unsigned l = 0; l < b->ndev; l++) {
					ORACLE(a->dev[k].board_node != b->dev[l].board_node);
					for (unsigned x = 0; x < a->dev[k].nreg; x++)
						for (unsigned y = 0; y < b->dev[l].nreg; y++)
							ORACLE(!overlap(a->dev[k].reg[x].host,
									a->dev[k].reg[x].size,
									b->dev[l].reg[y].host,
									b->dev[l].reg[y].size));
				}
			}
		}
		for (unsigned k = 0; k < a->nchan; k++) {
			const struct cfg_channel *c = &a->chan[k];
			const struct cfg_vm *peer = &p->vm[c->peer_vm];
			bool found = false;

			ORACLE((unsigned)c->peer_vm < p->nvms && c->peer_vm != (int)i);
			for (unsigned l = 0; peer->valid && l < peer->nchan; l++)
				found |= strcmp(peer->chan[l].name, c->name) == 0 &&
					 strcmp(peer->chan[l].peer, a->name) == 0 &&
					 peer->chan[l].size == c->size;
			ORACLE(found || !peer->valid);
		}
	}
	ORACLE(inputs <= 1);
}

/* cfg_place() in the board's RAM less its reserved ranges and the
 * hypervisor's: every VM left valid has its memory in RAM, apart from
 * every other's, and identity-mapped if it has a DMA-capable device. */
static void place_and_check(struct partition *p, const struct board *b, struct diag *d)
{
	static struct palloc ram;
	int valid;

	palloc_init(&ram);
	for (unsigned i = 0; i < b->nmem; i++)
		palloc_add(&ram, pa_init(b->mem[i].base), b->mem[i].size);
	for (unsigned i = 0; i < b->nrsv; i++)
		palloc_remove(&ram, pa_init(b->rsv[i].base), b->rsv[i].size);
	for (unsigned i = 0; i < hyp.n; i++)
		palloc_remove(&ram, pa_init(hyp.r[i].base), hyp.r[i].size);
	valid = cfg_place(p, &ram, d);
	for (unsigned i = 0; i < p->nvms; i++) {
		const struct cfg_vm *a = &p->vm[i];

		valid -= a->valid;
		for (unsigned k = 0; a->valid && k < a->nmem; k++) {
			const struct cfg_mem *m = &a->mem[k];

			ORACLE(m->host_fixed || !m->identity);
			ORACLE(cfg_vm_dma(a) < 0 || m->host == m->guest);
			for (unsigned j = 0; j <= i; j++)
				for (unsigned l = 0; p->vm[j].valid && l < p->vm[j].nmem; l++)
					ORACLE((j == i && l == k) ||
					       !overlap(m->host, m->size, p->vm[j].mem[l].host,
							p->vm[j].mem[l].size));
		}
	}
	ORACLE(valid == 0);
}

static void check(const void *pfdt, size_t psize, const void *bfdt, const struct board *b)
{
	static struct partition p;
	struct diag d = { emit, NULL, 0 };
	bool refused = false;
	int valid;

	if (cfg_parse(pfdt, psize, &p, &d) < 0) {
		ORACLE(d.errors > 0);
		return;
	}
	cfg_resolve(&p, bfdt, b, &d);
	valid = cfg_validate(&p, b, &hyp, &d);
	for (unsigned i = 0; i < p.nvms; i++) {
		if (p.vm[i].valid)
			oracle_vm(&p.vm[i]);
		refused |= !p.vm[i].valid;
		valid -= p.vm[i].valid;
	}
	ORACLE(valid == 0);
	ORACLE(!refused || d.errors > 0);   /* a refused VM was named */
	oracle_between(&p);
	place_and_check(&p, b, &d);
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
	/* dt_check's own walk answers as libfdt's does. */
	ORACLE(dt_check(copy, size) == dt_check_libfdt(copy, size));
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
	ORACLE(dt_check(copy, total) == dt_check_libfdt(copy, total));
	if (board_parse(copy, &b, &d) == BOARD_OK)
		check(fuzz_partition, (size_t)(fuzz_partition_end - fuzz_partition), copy, &b);
	free(copy);
	return 0;
}
#endif
