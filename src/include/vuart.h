/* SPDX-License-Identifier: MIT */
/*
 * A VM's virtual UART: the register subset of the Arm SBSA generic UART
 * (SBSA, appendix "Generic UART"; a subset of the PL011), trap-and-emulate.
 * Linux drives it with its "arm,sbsa-uart" driver. Output goes to the
 * hypervisor console (console.c); input comes from it.
 */
#ifndef SEPTUM_VUART_H
#define SEPTUM_VUART_H

#include "spinlock.h"
#include "types.h"
#include "vmmio.h"

#define VUART_SIZE      0x1000
#define VUART_RX_FIFO   256      /* bytes; a power of two (more than a PL011 has: typed-ahead lines fit) */
#define VUART_POST_RING 256      /* bytes posted, not yet in the FIFO; a power of two */

struct vuart {
	struct spinlock lock;
	uint32_t imsc;           /* interrupt mask set/clear */
	uint32_t ris;            /* raw interrupt status, less TX/RX levels */
	uint8_t rx[VUART_RX_FIFO];
	unsigned rx_head, rx_tail;   /* free-running; head - tail = bytes queued */
	unsigned rx_dropped;
	/* Where output goes and how the interrupt line is driven. */
	void (*tx)(void *ctx, char c);
	void (*irq)(void *ctx, bool level);
	void *ctx;
	bool line;               /* last level given to irq() */
	/* Input posted by the console's CPU (vuart_post) without the lock:
	 * one producer (that CPU), consumers serialised by the lock. */
	uint8_t post[VUART_POST_RING];
	unsigned post_head;      /* written by the producer only */
	unsigned post_tail;      /* written under the lock only */
	unsigned post_dropped;   /* written by the producer only */
	bool post_pending;       /* set after posting; the drain clears it */
};

void vuart_init(struct vuart *u, void (*tx)(void *ctx, char c),
		void (*irq)(void *ctx, bool level), void *ctx);
/* The vmmio handler for the UART's 4 KiB frame. */
bool vuart_access(struct vcpu *v, void *dev, struct vmmio_access *a);
/* Queues input bytes; returns how many fit (the rest are dropped and
 * counted). May raise the interrupt. */
unsigned vuart_rx(struct vuart *u, const char *s, unsigned n);

/*
 * Input from another CPU without touching the VM's locks: vuart_post()
 * queues bytes (one producer at a time: the console's CPU), dropping and
 * counting what does not fit; the VM's own CPU, on its way into the
 * guest, sees vuart_posted() and calls vuart_drain_posted(), which moves
 * what fits into the FIFO under the lock and drives the interrupt line.
 * Bytes that do not fit yet stay posted; the guest's UART accesses move
 * them in as its reads make room.
 */
unsigned vuart_post(struct vuart *u, const char *s, unsigned n);
static inline bool vuart_posted(const struct vuart *u)
{
	return __atomic_load_n(&u->post_pending, __ATOMIC_RELAXED);
}
void vuart_drain_posted(struct vuart *u);

#endif /* SEPTUM_VUART_H */
