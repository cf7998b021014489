/* SPDX-License-Identifier: MIT */
/*
 * Virtual SBSA UART (Arm Server Base System Architecture, "Generic UART"
 * appendix; register layout as PL011 TRM 3.2). Transmission is instant,
 * so the TX FIFO always reads empty and its interrupt is asserted while
 * unmasked, as a PL011 with an empty FIFO does.
 */
#include "vuart.h"

#define UARTDR     0x000
#define UARTRSR    0x004
#define UARTFR     0x018
#define UARTIMSC   0x038
#define UARTRIS    0x03c
#define UARTMIS    0x040
#define UARTICR    0x044
#define UARTPID0   0xfe0

#define FR_RXFE    (1u << 4)
#define FR_TXFE    (1u << 7)
#define INT_RX     (1u << 4)
#define INT_TX     (1u << 5)
#define INT_RT     (1u << 6)
#define INT_ALL    0x7ffu

/* PrimeCell identification (PL011 TRM 3.3.14-15): PL011 r1p5. */
static const uint8_t ids[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vuart_init(struct vuart *u, void (*tx)(void *ctx, char c),
		void (*irq)(void *ctx, bool level), void *ctx)
{
	*u = (struct vuart){ .tx = tx, .irq = irq, .ctx = ctx };
}

static unsigned rx_count(const struct vuart *u)
{
	return u->rx_head - u->rx_tail;
}

/* Raw status: latched bits plus the level conditions (RX data waiting
 * raises RX and receive-timeout; TX is always ready). */
static uint32_t raw_status(const struct vuart *u)
{
	uint32_t ris = u->ris | INT_TX;

	if (rx_count(u))
		ris |= INT_RX | INT_RT;
	return ris;
}

/* Drives the interrupt line from the masked status when it changes.
 * Caller holds the lock, so the line's changes reach irq() in the order
 * they happen: two vCPUs of a VM cannot leave it high while the UART says
 * low (lock order: the UART's lock, then the VM's vGIC lock). */
static void update_line(struct vuart *u)
{
	bool level = (raw_status(u) & u->imsc) != 0;

	if (level != u->line) {
		u->line = level;
		u->irq(u->ctx, level);
	}
}

static uint32_t read_reg(struct vuart *u, uint64_t off)
{
	switch (off) {
	case UARTDR: {
		uint8_t c = 0;

		if (rx_count(u))
			c = u->rx[u->rx_tail++ % VUART_RX_FIFO];
		return c;
	}
	case UARTFR:
		return FR_TXFE | (rx_count(u) ? 0 : FR_RXFE);
	case UARTIMSC:
		return u->imsc;
	case UARTRIS:
		return raw_status(u);
	case UARTMIS:
		return raw_status(u) & u->imsc;
	default:
		if (off >= UARTPID0 && off < UARTPID0 + 0x20 && !(off & 3))
			return ids[(off - UARTPID0) / 4];
		return 0;   /* UARTRSR (no errors) and everything else */
	}
}

static void write_reg(struct vuart *u, uint64_t off, uint32_t v)
{
	switch (off) {
	case UARTDR:
		u->tx(u->ctx, (char)v);
		break;
	case UARTIMSC:
		u->imsc = v & INT_ALL;
		break;
	case UARTICR:
		u->ris &= ~v;
		break;
	default:
		break;      /* UARTRSR/ECR clears nothing we keep; the rest WI */
	}
}

/* Moves posted bytes into the FIFO while it has room. Caller holds the
 * lock (on a CPU of the VM). */
static void take_posted(struct vuart *u)
{
	unsigned head = __atomic_load_n(&u->post_head, __ATOMIC_SEQ_CST);
	unsigned tail = u->post_tail;

	while (tail != head && rx_count(u) < VUART_RX_FIFO)
		u->rx[u->rx_head++ % VUART_RX_FIFO] = u->post[tail++ % VUART_POST_RING];
	/* Frees the slots for the producer once their bytes are copied. */
	__atomic_store_n(&u->post_tail, tail, __ATOMIC_RELEASE);
}

bool vuart_access(struct vcpu *v, void *dev, struct vmmio_access *a)
{
	struct vuart *u = dev;
	unsigned shift = (a->offset & 3) * 8;

	/* 8-, 16- and 32-bit accesses to aligned registers. */
	if (a->size == 8 || (a->offset & (a->size - 1)))
		return false;
	spin_lock(&u->lock);
	if (a->write)
		write_reg(u, a->offset & ~3ull, (uint32_t)a->value << shift);
	else
		a->value = read_reg(u, a->offset & ~3ull) >> shift;
	/* Posted bytes the FIFO had no room for: the guest's reads make room. */
	if (u->post_tail != __atomic_load_n(&u->post_head, __ATOMIC_RELAXED))
		take_posted(u);
	update_line(u);
	spin_unlock(&u->lock);
	return true;
}

unsigned vuart_rx(struct vuart *u, const char *s, unsigned n)
{
	unsigned taken = 0;

	spin_lock(&u->lock);
	while (taken < n && rx_count(u) < VUART_RX_FIFO)
		u->rx[u->rx_head++ % VUART_RX_FIFO] = (uint8_t)s[taken++];
	u->rx_dropped += n - taken;
	update_line(u);
	spin_unlock(&u->lock);
	return taken;
}

unsigned vuart_post(struct vuart *u, const char *s, unsigned n)
{
	unsigned head = u->post_head;
	unsigned tail = __atomic_load_n(&u->post_tail, __ATOMIC_ACQUIRE);
	unsigned taken = 0;

	while (taken < n && head - tail < VUART_POST_RING)
		u->post[head++ % VUART_POST_RING] = (uint8_t)s[taken++];
	__atomic_store_n(&u->post_dropped, u->post_dropped + (n - taken), __ATOMIC_RELAXED);
	/* The bytes before the index that publishes them, the index before
	 * the flag: a drain that clears the flag first sees the bytes, or
	 * the flag is set again for the next one. */
	__atomic_store_n(&u->post_head, head, __ATOMIC_SEQ_CST);
	__atomic_store_n(&u->post_pending, true, __ATOMIC_SEQ_CST);
	return taken;
}

void vuart_drain_posted(struct vuart *u)
{
	spin_lock(&u->lock);
	__atomic_store_n(&u->post_pending, false, __ATOMIC_SEQ_CST);
	take_posted(u);
	update_line(u);
	spin_unlock(&u->lock);
}
