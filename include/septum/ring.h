/* SPDX-License-Identifier: MIT */
/*
 * Septum inter-VM channel: the one ring implementation (layout in channel.h).
 *
 * Header-only, C11, no libc: the same code runs in bare-metal and RTOS
 * guests (freestanding, -mgeneral-regs-only), in a Linux module
 * (__KERNEL__), in Linux user space over an mmap of the region, and in the
 * host tests. A port may define SEPTUM_LOAD_ACQUIRE, SEPTUM_STORE_RELEASE,
 * SEPTUM_MEMCPY and SEPTUM_MEMSET before including this file.
 *
 * Memory ordering. Each direction has one producer (the ring's owner) and
 * one consumer (the other end); each counter has one writer.
 *
 *   producer: septum_chan_send()          consumer: septum_chan_recv()
 *   1. LOAD_ACQUIRE(&peer->peer_tail)     a. LOAD_ACQUIRE(&peer->head)
 *   2. copy the record in at me->head     b. copy the record out at me->peer_tail
 *   3. STORE_RELEASE(&me->head, ...)      c. STORE_RELEASE(&me->peer_tail, ...)
 *
 *   3 -> a: a record's bytes (2) are visible before the head that covers
 *           them, so the consumer never reads a half-written record;
 *   c -> 1: the consumer's reads of a slot (b) are done before the
 *           producer may write into it again (2).
 *
 * `ready` is stored with release after the rest of the identity line and
 * loaded with acquire. An end reads its own counters with plain loads.
 * send and recv on one end touch different fields, so they may run at the
 * same time on two CPUs; two senders (or two receivers) on one end must be
 * serialised by the caller.
 *
 * Both ends must map the region as Normal Inner Write-Back cacheable Inner
 * Shareable memory: with mismatched attributes (a guest whose MMU is off
 * makes Device accesses) the two do not see each other's writes (Arm ARM
 * B2, "Mismatched memory attributes"), unless the hypervisor forces
 * write-back for it (HCR_EL2.DC, or FEAT_S2FWB).
 *
 * Whatever comes from the peer's half (its counters, record headers) is
 * read once and checked before use: the capacity comes from the caller,
 * never from shared memory, and every ring access is reduced modulo it, so
 * a faulty peer gets -SEPTUM_EPROTO, never an access out of bounds. The
 * peer's half is only ever read. Message contents are a snapshot that a
 * faulty peer may change while they are copied.
 *
 * Waking: after a send, the sender rings the peer's doorbell (a hypercall,
 * which makes earlier stores visible before it raises the interrupt); a
 * receiver drains until -SEPTUM_EAGAIN, then waits for the doorbell
 * interrupt, which stays pending if it was rung after the last check.
 */
#ifndef SEPTUM_RING_H
#define SEPTUM_RING_H

#include "channel.h"
#include "errno.h"

#if defined(__KERNEL__)
#include <asm/barrier.h>
/*
 * virt_*: smp_load_acquire()/smp_store_release() that stay real barriers
 * in a kernel built without SMP; the peer VM runs on another CPU anyway.
 */
#ifndef SEPTUM_LOAD_ACQUIRE
#define SEPTUM_LOAD_ACQUIRE(p)      virt_load_acquire(p)
#endif
#ifndef SEPTUM_STORE_RELEASE
#define SEPTUM_STORE_RELEASE(p, v)  virt_store_release(p, v)
#endif
#endif

#ifndef SEPTUM_LOAD_ACQUIRE
#define SEPTUM_LOAD_ACQUIRE(p)      __atomic_load_n((p), __ATOMIC_ACQUIRE)
#endif
#ifndef SEPTUM_STORE_RELEASE
#define SEPTUM_STORE_RELEASE(p, v)  __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#endif
#ifndef SEPTUM_MEMCPY
#define SEPTUM_MEMCPY(d, s, n)      __builtin_memcpy((d), (s), (n))
#endif
#ifndef SEPTUM_MEMSET
#define SEPTUM_MEMSET(d, c, n)      __builtin_memset((d), (c), (n))
#endif

/* One end's view of a channel (private to that end, not shared). */
struct septum_chan {
	struct septum_chan_ctl *me;          /* my control page */
	const struct septum_chan_ctl *peer;  /* the peer's, read-only */
	uint8_t *tx;                         /* my ring: me -> peer */
	const uint8_t *rx;                   /* the peer's ring: peer -> me */
	uint32_t capacity;                   /* bytes in each ring */
	uint32_t end;                        /* 0 or 1 */
};

/* Copies n <= cap bytes into ring position pos, wrapping at cap. */
static inline void septum_ring_put(uint8_t *ring, uint32_t cap, uint32_t pos,
				   const void *src, uint32_t n)
{
	uint32_t off = pos & (cap - 1), first = cap - off;

	if (n <= first) {
		if (n)
			SEPTUM_MEMCPY(ring + off, src, n);
		return;
	}
	SEPTUM_MEMCPY(ring + off, src, first);
	SEPTUM_MEMCPY(ring, (const uint8_t *)src + first, n - first);
}

/* Copies n <= cap bytes out of ring position pos, wrapping at cap. */
static inline void septum_ring_get(void *dst, const uint8_t *ring, uint32_t cap,
				   uint32_t pos, uint32_t n)
{
	uint32_t off = pos & (cap - 1), first = cap - off;

	if (n <= first) {
		if (n)
			SEPTUM_MEMCPY(dst, ring + off, n);
		return;
	}
	SEPTUM_MEMCPY(dst, ring + off, first);
	SEPTUM_MEMCPY((uint8_t *)dst + first, ring, n - first);
}

/* Whether the arguments name a valid half: 0 or -SEPTUM_EINVAL. */
static inline int septum_chan_check(const void *region, uint32_t size, unsigned end)
{
	if (size < SEPTUM_CHAN_SIZE_MIN || size > SEPTUM_CHAN_SIZE_MAX ||
	    (size & (size - 1)) || end > 1 || ((uintptr_t)region & 63))
		return -SEPTUM_EINVAL;
	return 0;
}

/* Is `to - from` a valid fill level of a ring of `size` bytes? */
static inline int septum_chan_fill_ok(uint32_t from, uint32_t to, uint32_t size)
{
	uint32_t used = to - from;

	return used <= size && !(used & (SEPTUM_CHAN_ALIGN - 1));
}

/*
 * Initialises this end's half of the channel at `region` (the whole region,
 * 64-byte aligned; 4 KiB in practice) for capacity `size`, then sets
 * ready. Once per boot, before any other call on this end. Returns 0 or
 * -SEPTUM_EINVAL.
 *
 * Reconnecting: the region outlives a restart of either VM. If this half
 * still holds a valid identity from an earlier boot, its counters are
 * kept, so messages queued either way survive the restart and the peer
 * sees nothing change. Otherwise they start at 0. Then, if the peer's half
 * is initialised, a counter that is not a valid fill level against the
 * peer's (a corrupted half, or a fresh one facing a long-running peer)
 * takes the peer's value: my ring counts as drained, the peer's as read.
 */
static inline int septum_chan_init(void *region, uint32_t size, unsigned end)
{
	struct septum_chan_ctl *me;
	const struct septum_chan_ctl *peer;
	uint32_t head = 0, tail = 0;

	if (septum_chan_check(region, size, end))
		return -SEPTUM_EINVAL;
	me = (struct septum_chan_ctl *)(void *)((uint8_t *)region +
						SEPTUM_CHAN_CTL_OFF(size, end));
	peer = (const struct septum_chan_ctl *)(const void *)((uint8_t *)region +
							SEPTUM_CHAN_CTL_OFF(size, 1 - end));
	if (me->ready == SEPTUM_CHAN_READY && me->magic == SEPTUM_CHAN_MAGIC &&
	    me->version == SEPTUM_CHAN_VERSION && me->capacity == size &&
	    me->end == end) {
		head = me->head;
		tail = me->peer_tail;
	}
	SEPTUM_STORE_RELEASE(&me->ready, 0u);
	if (SEPTUM_LOAD_ACQUIRE(&peer->ready) == SEPTUM_CHAN_READY &&
	    peer->magic == SEPTUM_CHAN_MAGIC && peer->version == SEPTUM_CHAN_VERSION &&
	    peer->capacity == size && peer->end == 1 - end) {
		uint32_t p_tail = SEPTUM_LOAD_ACQUIRE(&peer->peer_tail);
		uint32_t p_head = SEPTUM_LOAD_ACQUIRE(&peer->head);

		if (!septum_chan_fill_ok(p_tail, head, size))
			head = p_tail;
		if (!septum_chan_fill_ok(tail, p_head, size))
			tail = p_head;
	}
	SEPTUM_MEMSET(me, 0, sizeof(*me));
	me->magic = SEPTUM_CHAN_MAGIC;
	me->version = SEPTUM_CHAN_VERSION;
	me->capacity = size;
	me->end = end;
	me->head = head;
	me->peer_tail = tail;
	SEPTUM_STORE_RELEASE(&me->ready, SEPTUM_CHAN_READY);
	return 0;
}

/* Fills *ch with end `end`'s view of the region. Returns 0 or -SEPTUM_EINVAL. */
static inline int septum_chan_attach(struct septum_chan *ch, void *region,
				     uint32_t size, unsigned end)
{
	uint8_t *base = (uint8_t *)region;

	if (septum_chan_check(region, size, end))
		return -SEPTUM_EINVAL;
	ch->me = (struct septum_chan_ctl *)(void *)(base + SEPTUM_CHAN_CTL_OFF(size, end));
	ch->peer = (const struct septum_chan_ctl *)(void *)(base +
							    SEPTUM_CHAN_CTL_OFF(size, 1 - end));
	ch->tx = base + SEPTUM_CHAN_RING_OFF(size, end);
	ch->rx = base + SEPTUM_CHAN_RING_OFF(size, 1 - end);
	ch->capacity = size;
	ch->end = end;
	return 0;
}

/*
 * Whether the peer has initialised its half: 1 yes, 0 not yet,
 * -SEPTUM_EPROTO if it did with another magic, version, capacity or end.
 */
static inline int septum_chan_ready(const struct septum_chan *ch)
{
	const struct septum_chan_ctl *p = ch->peer;

	if (SEPTUM_LOAD_ACQUIRE(&p->ready) != SEPTUM_CHAN_READY)
		return 0;
	if (p->magic != SEPTUM_CHAN_MAGIC || p->version != SEPTUM_CHAN_VERSION ||
	    p->capacity != ch->capacity || p->end != 1 - ch->end)
		return -SEPTUM_EPROTO;
	return 1;
}

/*
 * Free bytes in my ring, or -SEPTUM_EPROTO: a message of len <=
 * SEPTUM_CHAN_MAX_MSG bytes fits iff SEPTUM_CHAN_RECORD(len) <= space.
 */
static inline int septum_chan_space(const struct septum_chan *ch)
{
	uint32_t used = ch->me->head - SEPTUM_LOAD_ACQUIRE(&ch->peer->peer_tail);

	if (used > ch->capacity || (used & (SEPTUM_CHAN_ALIGN - 1)))
		return -SEPTUM_EPROTO;
	return (int)(ch->capacity - used);
}

/*
 * Queues the len bytes at msg for the peer. Returns 0, -SEPTUM_EMSGSIZE
 * (len > SEPTUM_CHAN_MAX_MSG), -SEPTUM_EAGAIN (not enough space now) or
 * -SEPTUM_EPROTO; nothing is queued unless it returns 0.
 */
static inline int septum_chan_send(struct septum_chan *ch, const void *msg, uint32_t len)
{
	uint32_t cap = ch->capacity, head = ch->me->head, rec;
	int space;

	if (len > SEPTUM_CHAN_MAX_MSG(cap))
		return -SEPTUM_EMSGSIZE;
	space = septum_chan_space(ch);
	if (space < 0)
		return space;
	rec = SEPTUM_CHAN_RECORD(len);
	if (rec > (uint32_t)space) {
		ch->me->full++;
		return -SEPTUM_EAGAIN;
	}
	/* Headers start 8-aligned, so never wrap. */
	((uint32_t *)(void *)(ch->tx + (head & (cap - SEPTUM_CHAN_ALIGN))))[0] = len;
	((uint32_t *)(void *)(ch->tx + (head & (cap - SEPTUM_CHAN_ALIGN))))[1] = 0;
	septum_ring_put(ch->tx, cap, head + SEPTUM_CHAN_HDR_SIZE, msg, len);
	SEPTUM_STORE_RELEASE(&ch->me->head, head + rec);
	return 0;
}

/* Bytes of records waiting in the peer's ring, or -SEPTUM_EPROTO. */
static inline int septum_chan_pending(const struct septum_chan *ch)
{
	uint32_t avail = SEPTUM_LOAD_ACQUIRE(&ch->peer->head) - ch->me->peer_tail;

	if (avail > ch->capacity || (avail & (SEPTUM_CHAN_ALIGN - 1)))
		return -SEPTUM_EPROTO;
	return (int)avail;
}

/*
 * The length of the next message, or -SEPTUM_EAGAIN (none) or
 * -SEPTUM_EPROTO (its header or the peer's head is impossible).
 */
static inline int septum_chan_peek_len(const struct septum_chan *ch)
{
	uint32_t cap = ch->capacity, off = ch->me->peer_tail & (cap - SEPTUM_CHAN_ALIGN);
	int avail = septum_chan_pending(ch);
	uint32_t hdr, len;

	if (avail <= 0)
		return avail ? avail : -SEPTUM_EAGAIN;
	/* Read once: the peer may change it under us. */
	hdr = *(const volatile uint32_t *)(const void *)(ch->rx + off);
	len = hdr & SEPTUM_CHAN_LEN_MASK;
	if ((hdr & SEPTUM_CHAN_HDR_RSVD) || len > SEPTUM_CHAN_MAX_MSG(cap) ||
	    SEPTUM_CHAN_RECORD(len) > (uint32_t)avail)
		return -SEPTUM_EPROTO;
	return (int)len;
}

/*
 * Copies the next message into buf and consumes it. Returns its length,
 * -SEPTUM_EAGAIN (none), -SEPTUM_EMSGSIZE (longer than bufsize: left in
 * place, see peek_len) or -SEPTUM_EPROTO.
 */
static inline int septum_chan_recv(struct septum_chan *ch, void *buf, uint32_t bufsize)
{
	uint32_t tail = ch->me->peer_tail;
	int len = septum_chan_peek_len(ch);

	if (len < 0)
		return len;
	if ((uint32_t)len > bufsize)
		return -SEPTUM_EMSGSIZE;
	septum_ring_get(buf, ch->rx, ch->capacity, tail + SEPTUM_CHAN_HDR_SIZE, (uint32_t)len);
	SEPTUM_STORE_RELEASE(&ch->me->peer_tail, tail + SEPTUM_CHAN_RECORD((uint32_t)len));
	return len;
}

/* Consumes the next message unread. Returns its length or recv's errors. */
static inline int septum_chan_discard(struct septum_chan *ch)
{
	uint32_t tail = ch->me->peer_tail;
	int len = septum_chan_peek_len(ch);

	if (len >= 0)
		SEPTUM_STORE_RELEASE(&ch->me->peer_tail,
				     tail + SEPTUM_CHAN_RECORD((uint32_t)len));
	return len;
}

#endif /* SEPTUM_RING_H */
