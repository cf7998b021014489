/* SPDX-License-Identifier: MIT */
/*
 * A VM's reload in pieces (reload.h). The VM is stopped while it runs:
 * only the CPU doing it touches vm->reload and the VM's memory. The CPU
 * that stopped the VM lists the pieces, then hands them to vCPU 0's CPU
 * by a release store of reload.pending, which that CPU loads with acquire
 * before its turns (vm.c, sched.c); no lock.
 */
#include <string.h>

#include "arch.h"
#include "check.h"
#include "mem.h"
#include "reload.h"
#include "vm.h"

static void add(struct reload *r, enum reload_op op, uint8_t *dst, const void *src,
		uint64_t size)
{
	CHECK(r->npieces < ARRAY_SIZE(r->piece));
	r->piece[r->npieces++] = (struct reload_piece){ op, dst, src, size };
}

/* Septum's mapping of guest range [ipa, ipa + n) (one region; the parser
 * checked the images and the DT fit). */
static uint8_t *guest(const struct vm *vm, uint64_t ipa, uint64_t n)
{
	const struct cfg_mem *m = cfg_vm_region(vm->cfg, ipa, n);

	CHECK(m);
	return mem_ptr(pa_init(m->host + (ipa - m->guest)));
}

static void add_image(struct reload *r, const struct vm *vm, const struct cfg_image *im)
{
	if (im->data)
		add(r, RELOAD_COPY, guest(vm, im->load, im->size), im->data, im->size);
}

void reload_begin(struct vm *vm)
{
	const struct cfg_vm *c = vm->cfg;
	struct reload *r = &vm->reload;

	vuart_reset(&vm->uart);
	r->npieces = r->next = 0;
	r->at = r->chunks = r->turns = 0;
	/* All of its memory, at boot too: RAM Septum did not write may hold
	 * firmware's data or, after a warm reset, a VM's of the last run
	 * (src/DESIGN.md, "Memory"). */
	for (unsigned i = 0; i < c->nmem; i++)
		add(r, RELOAD_ZERO, mem_ptr(pa_init(c->mem[i].host)), NULL, c->mem[i].size);
	add_image(r, vm, &c->kernel);
	add_image(r, vm, &c->initrd);
	add(r, RELOAD_COPY, guest(vm, vm->dtb_ipa, vm->dt_size), vm->dt, vm->dt_size);
	/* The scrub cleaned to the point of coherency as it zeroed: only what
	 * the copies wrote on top is cleaned again. */
	for (unsigned i = 0, n = r->npieces; i < n; i++)
		if (r->piece[i].op == RELOAD_COPY)
			add(r, RELOAD_SYNC, r->piece[i].dst, NULL, r->piece[i].size);
}

/* The next chunk of r's current piece (its kind's bound). */
static void chunk(struct reload *r)
{
	const struct reload_piece *p = &r->piece[r->next];
	uint64_t max = p->op == RELOAD_COPY ? RELOAD_COPY_CHUNK : RELOAD_CHUNK;
	uint64_t n = MIN(max, p->size - r->at);

	switch (p->op) {
	case RELOAD_ZERO:
		arch_zero_to_poc(p->dst + r->at, (size_t)n);
		break;
	case RELOAD_COPY:
		memcpy(p->dst + r->at, p->src + r->at, (size_t)n);
		break;
	case RELOAD_SYNC:
		arch_sync_guest_memory(p->dst + r->at, (size_t)n);
		break;
	}
	r->chunks++;
	r->at += n;
	if (r->at == p->size) {
		r->next++;
		r->at = 0;
	}
}

/* In one go: each piece in RELOAD_BULK_CHUNK chunks with a YIELD between
 * them (a long run of EL2 code with no exit otherwise keeps the other CPUs
 * of a QEMU -icount machine, one host thread in round robin, from running
 * for its whole length). A plain loop, as load() had: under -icount the
 * neighbour's worst hold depends on this loop's exact instructions
 * (health-rtos on ARMv7-A, the RTOS next to a 256 MiB restart: latency
 * max 77 us at main, 92 us so, 170 us through chunk()). */
static void all(struct reload *r)
{
	for (; r->next < r->npieces; r->next++) {
		const struct reload_piece *p = &r->piece[r->next];

		for (uint64_t at = 0; at < p->size; at += RELOAD_BULK_CHUNK) {
			size_t n = (size_t)MIN((uint64_t)RELOAD_BULK_CHUNK, p->size - at);

			if (p->op == RELOAD_ZERO)
				arch_zero_to_poc(p->dst + at, n);
			else if (p->op == RELOAD_COPY)
				memcpy(p->dst + at, p->src + at, n);
			else
				arch_sync_guest_memory(p->dst + at, n);
			arch_relax();
		}
	}
	r->at = 0;
}

/* Chunks until done (true) or until the next would end after until by
 * r's estimate for its kind, or an interrupt is pending after one.
 * seen[op]: the longest chunk of each kind in this turn. */
static bool turn(struct reload *r, uint64_t until, uint64_t seen[3])
{
	for (bool first = true; r->next < r->npieces; first = false) {
		enum reload_op op = r->piece[r->next].op;
		uint64_t t0 = arch_counter();

		if (t0 + MAX(r->chunk_ticks[op], seen[op]) > until) {
			/* No room for one chunk: the estimate halves, so that one
			 * chunk slowed by something else (an SError, a host under
			 * QEMU without -icount) cannot stall the work. */
			if (first)
				r->chunk_ticks[op] /= 2;
			return false;
		}
		if (!first && arch_irq_pending())
			return false;
		chunk(r);
		seen[op] = MAX(seen[op], arch_counter() - t0);
		arch_relax();
	}
	return true;
}

bool reload_run(struct vm *vm, uint64_t until, bool preempt)
{
	struct reload *r = &vm->reload;
	uint64_t seen[3] = { 0, 0, 0 };
	bool done;

	if (!preempt) {
		all(r);
		return true;
	}
	r->turns++;
	done = turn(r, until, seen);
	/* The next turn's estimates: this turn's longest chunks. */
	for (unsigned k = 0; k < 3; k++)
		if (seen[k])
			r->chunk_ticks[k] = seen[k];
	return done;
}
