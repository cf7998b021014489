/* SPDX-License-Identifier: MIT */
/*
 * Reloading a VM for its restart, in pieces (src/DESIGN.md, "Health
 * monitor" and "Time partitions"): scrub its memory to the point of
 * coherency, copy its images and its device tree back and clean what they
 * wrote. On a CPU
 * with a schedule the work runs in the restarting VM's own time, as its
 * vCPU 0 would (sched.c, the restart task), a bounded chunk at a time; on
 * a pinned CPU, and at boot, in one go.
 */
#ifndef SEPTUM_RELOAD_H
#define SEPTUM_RELOAD_H

#include "cfg.h"
#include "types.h"

struct vm;

/* The largest piece of work done between two looks at the time: 64 KiB
 * to scrub or clean, 16 KiB to copy (an image need not be aligned as the
 * guest's copy: memcpy then copies by 32-bit words or, at worst, bytes). */
#define RELOAD_CHUNK (64u << 10)
#define RELOAD_COPY_CHUNK (16u << 10)
/* ... and without a window to keep (a pinned CPU, boot): 256 KiB of any. */
#define RELOAD_BULK_CHUNK (256u << 10)

enum reload_op { RELOAD_ZERO, RELOAD_COPY, RELOAD_SYNC };

struct reload_piece {
	enum reload_op op;
	uint8_t *dst;            /* Septum's mapping of the guest's memory */
	const uint8_t *src;      /* RELOAD_COPY only */
	uint64_t size;
};

/* One VM's reload: the pieces, how far it got, what it cost. */
struct reload {
	struct reload_piece piece[CFG_MAX_MEM + 6];
	unsigned npieces;
	unsigned next;           /* the piece being done */
	uint64_t at;             /* bytes of it done */
	uint64_t chunk_ticks[3]; /* by op: the longest chunk of the last turn
	                          * that did one (halved by a turn with no
	                          * room for one) */
	uint64_t since;          /* counter when the VM stopped (restart) */
	uint64_t chunks, turns;  /* chunks done; turns of the task */
	bool pending;            /* the restart task has work (sched.c) */
};

/* Lists vm's reload (its memory regions, kernel, initrd, DT) into
 * vm->reload from the start and puts its UART back as firmware leaves it.
 * The VM is stopped (no vCPU loaded, its DMA quiesced). */
void reload_begin(struct vm *vm);

/*
 * Does vm's reload, a chunk at a time with a CPU hint (YIELD) between
 * chunks (with preempt at most RELOAD_CHUNK bytes, RELOAD_COPY_CHUNK for a
 * copy; else RELOAD_BULK_CHUNK), until it is done (returns true) or,
 * if preempt, until the next chunk would end after the counter value
 * until (by the longest chunk of its kind in the last turn that did one,
 * halved by each turn that had no room for one) or a physical interrupt is pending
 * after at least one chunk (returns false; call again to go on). Without
 * preempt, until is ignored: it runs to the end.
 */
bool reload_run(struct vm *vm, uint64_t until, bool preempt);

#endif /* SEPTUM_RELOAD_H */
