/* SPDX-License-Identifier: MIT */
/*
 * Septum inter-VM channel: the shared-memory layout (ABI version 1).
 *
 * A channel joins two VMs, end 0 and end 1. Its region holds, for a
 * per-direction data capacity `size` (the partition's "size" property: a
 * power of two, SEPTUM_CHAN_SIZE_MIN..SEPTUM_CHAN_SIZE_MAX):
 *
 *   offset             length  what                       written by
 *   0                  4 KiB   end 0's control page       end 0 only
 *   4 KiB              size    ring end 0 -> end 1        end 0 only
 *   4 KiB + size       4 KiB   end 1's control page       end 1 only
 *   8 KiB + size       size    ring end 1 -> end 0        end 1 only
 *
 * in all SEPTUM_CHAN_FOOTPRINT(size) bytes. Each end writes only its own
 * half (its control page and its outbound ring), which starts on a 4 KiB
 * boundary, so the hypervisor maps the peer's half read-only. The
 * hypervisor tells each VM where the region is and which end it is, and
 * hands the region over zeroed: a half not yet initialised reads ready 0.
 *
 * A control page holds, on separate 64-byte cache lines (Cortex-A's line
 * size; head and peer_tail are in different 128-byte blocks too, so cores
 * that pair lines do not make them share one):
 *   line 0: identity, written once when the end initialises its half;
 *           `ready` last (store-release) so the rest is valid when it is 1;
 *   line 1: head: bytes this end has produced into its outbound ring;
 *   line 2: peer_tail: bytes this end has consumed from the peer's ring;
 *   line 3: statistics, for diagnosis only (no ordering);
 * the rest of the page is reserved and zero.
 * head and peer_tail count bytes and run freely, wrapping at 2^32; the
 * position in a ring is the count modulo size.
 *
 * A ring holds records, each starting 8-byte aligned:
 *   u32 header: bits 27..0 the message length in bytes, bits 31..28
 *               reserved (0; a receiver treats anything else as an error);
 *   u32 reserved: written 0, ignored by receivers;
 *   the message, then padding to a multiple of 8 (its contents undefined).
 * So a message starts 8-byte aligned in the ring: word copies, and a
 * reader of the mapped ring may use structures in place. A record may run
 * past the end of the ring and continue at its start; the 8-byte header
 * never does (it starts 8-aligned and size is a multiple of 8).
 * Messages may be empty (a record of 8 bytes) and at most
 * SEPTUM_CHAN_MAX_MSG(size) = size - 8 bytes long, whose record fills the
 * whole ring. All fields are little-endian.
 *
 * Nothing here depends on hypervisor internals. ring.h implements it.
 */
#ifndef SEPTUM_CHANNEL_H
#define SEPTUM_CHANNEL_H

#if defined(__KERNEL__)
#include <linux/types.h>
#include <linux/stddef.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

#define SEPTUM_CHAN_MAGIC      0x48435053u   /* "SPCH" little-endian */
#define SEPTUM_CHAN_VERSION    2u   /* 2: 8-byte record header */
#define SEPTUM_CHAN_CTL_SIZE   4096u
#define SEPTUM_CHAN_SIZE_MIN   4096u
#define SEPTUM_CHAN_SIZE_MAX   (1u << 28)
#define SEPTUM_CHAN_READY      1u

/* Where things are, for a capacity `size` and an end (0 or 1). */
#define SEPTUM_CHAN_HALF(size)          (SEPTUM_CHAN_CTL_SIZE + (size))
#define SEPTUM_CHAN_FOOTPRINT(size)     (2 * SEPTUM_CHAN_HALF(size))
#define SEPTUM_CHAN_CTL_OFF(size, end)  ((end) * SEPTUM_CHAN_HALF(size))
#define SEPTUM_CHAN_RING_OFF(size, end) (SEPTUM_CHAN_CTL_OFF(size, end) + \
					 SEPTUM_CHAN_CTL_SIZE)

/* Records. */
#define SEPTUM_CHAN_HDR_SIZE   8u
#define SEPTUM_CHAN_ALIGN      8u
#define SEPTUM_CHAN_LEN_MASK   0x0fffffffu
#define SEPTUM_CHAN_HDR_RSVD   0xf0000000u
#define SEPTUM_CHAN_MAX_MSG(size)  ((size) - 8u)
/* Ring bytes a message of `len` bytes takes. */
#define SEPTUM_CHAN_RECORD(len) \
	(((len) + SEPTUM_CHAN_HDR_SIZE + SEPTUM_CHAN_ALIGN - 1) & ~(SEPTUM_CHAN_ALIGN - 1))

struct septum_chan_ctl {
	/* Line 0: identity. */
	uint32_t magic;        /* SEPTUM_CHAN_MAGIC */
	uint32_t version;      /* SEPTUM_CHAN_VERSION */
	uint32_t capacity;     /* size: bytes in each ring */
	uint32_t end;          /* 0 or 1: which half this page heads */
	uint32_t ready;        /* SEPTUM_CHAN_READY once the rest is written */
	uint32_t rsvd0[11];
	/* Line 1. */
	uint32_t head;         /* bytes produced into this end's ring */
	uint32_t rsvd1[15];
	/* Line 2. */
	uint32_t peer_tail;    /* bytes consumed from the peer's ring */
	uint32_t rsvd2[15];
	/* Line 3: statistics. */
	uint32_t full;         /* sends refused because the ring was full */
	uint32_t rsvd3[15];
	uint8_t rsvd[SEPTUM_CHAN_CTL_SIZE - 256];
};

_Static_assert(sizeof(struct septum_chan_ctl) == SEPTUM_CHAN_CTL_SIZE, "ctl is one page");
_Static_assert(offsetof(struct septum_chan_ctl, magic) == 0, "magic");
_Static_assert(offsetof(struct septum_chan_ctl, version) == 4, "version");
_Static_assert(offsetof(struct septum_chan_ctl, capacity) == 8, "capacity");
_Static_assert(offsetof(struct septum_chan_ctl, end) == 12, "end");
_Static_assert(offsetof(struct septum_chan_ctl, ready) == 16, "ready");
_Static_assert(offsetof(struct septum_chan_ctl, head) == 64, "head: line 1");
_Static_assert(offsetof(struct septum_chan_ctl, peer_tail) == 128, "peer_tail: line 2");
_Static_assert(offsetof(struct septum_chan_ctl, full) == 192, "stats: line 3");
_Static_assert(SEPTUM_CHAN_FOOTPRINT(0x1000u) == 0x4000u, "footprint, 4 KiB");
_Static_assert(SEPTUM_CHAN_RING_OFF(0x1000u, 1) == 0x3000u, "end 1's ring, 4 KiB");
_Static_assert(SEPTUM_CHAN_MAX_MSG(SEPTUM_CHAN_SIZE_MAX) <= SEPTUM_CHAN_LEN_MASK,
	       "every allowed length fits the header");
_Static_assert(SEPTUM_CHAN_RECORD(0u) == 8u && SEPTUM_CHAN_RECORD(1u) == 16u &&
	       SEPTUM_CHAN_RECORD(8u) == 16u && SEPTUM_CHAN_RECORD(9u) == 24u &&
	       SEPTUM_CHAN_RECORD(SEPTUM_CHAN_MAX_MSG(4096u)) == 4096u, "record sizes");

#endif /* SEPTUM_CHANNEL_H */
