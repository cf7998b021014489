/* SPDX-License-Identifier: MIT */
/*
 * Virtual PL011 (Arm PrimeCell UART PL011 TRM, ARM DDI 0183G; register
 * summary in 3.2, interrupts in 3.4). What it leaves out is listed in
 * vuart.h. Every access runs under the UART's lock and ends by driving
 * the interrupt line from the masked status (update_line).
 */
#include "vuart.h"

/* Registers (TRM table 3-1). */
#define UARTDR     0x000
#define UARTRSR    0x004   /* read: receive status; write: UARTECR, clears it */
#define UARTFR     0x018
#define UARTILPR   0x020
#define UARTIBRD   0x024
#define UARTFBRD   0x028
#define UARTLCR_H  0x02c
#define UARTCR     0x030
#define UARTIFLS   0x034
#define UARTIMSC   0x038
#define UARTRIS    0x03c
#define UARTMIS    0x040
#define UARTICR    0x044
#define UARTDMACR  0x048
#define UARTPID0   0xfe0

/* UARTRSR (3.3.2) */
#define RSR_OE     (1u << 3)
/* UARTFR (3.3.3) */
#define FR_BUSY    (1u << 3)
#define FR_RXFE    (1u << 4)
#define FR_TXFF    (1u << 5)
#define FR_RXFF    (1u << 6)
#define FR_TXFE    (1u << 7)
/* UARTLCR_H (3.3.7) */
#define LCRH_FEN   (1u << 4)
#define LCRH_WLEN8 (3u << 5)
/* UARTCR (3.3.8) */
#define CR_UARTEN  (1u << 0)
#define CR_LBE     (1u << 7)
#define CR_TXE     (1u << 8)
#define CR_RXE     (1u << 9)
#define CR_MASK    0xff87u        /* bits 6:3 are reserved */
/* Interrupt bits of UARTIMSC/RIS/MIS/ICR (3.3.10-13) */
#define INT_RX     (1u << 4)
#define INT_TX     (1u << 5)
#define INT_RT     (1u << 6)
#define INT_OE     (1u << 10)
#define INT_ALL    0x7ffu

/* Reset values (3.3): UARTCR TXE|RXE, UARTIFLS half full both ways. As
 * firmware leaves a console UART: enabled, 115200 baud from a 24 MHz
 * UARTCLK (divisor 13 + 1/64: 3.3.6), 8 bits, FIFOs on. */
#define IFLS_RESET 0x12u
#define CR_FIRMWARE  (CR_UARTEN | CR_TXE | CR_RXE)
#define IBRD_115200  13u
#define FBRD_115200  1u

/* PrimeCell identification (3.3.14-15): PL011 r1p5 (periph ID 0x00341011,
 * cell ID 0xb105f00d). */
static const uint8_t ids[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static unsigned rx_count(const struct vuart *u)
{
	return u->rx_head - u->rx_tail;
}

static bool rx_enabled(const struct vuart *u)
{
	return (u->cr & (CR_UARTEN | CR_RXE)) == (CR_UARTEN | CR_RXE);
}

static bool tx_enabled(const struct vuart *u)
{
	return (u->cr & (CR_UARTEN | CR_TXE)) == (CR_UARTEN | CR_TXE);
}

/* The FIFO level (in bytes of a 32-byte FIFO) that a 3-bit UARTIFLS
 * field selects (3.3.9: 1/8, 1/4, 1/2, 3/4, 7/8 full); 1 byte with the
 * FIFOs off. */
static unsigned trigger(const struct vuart *u, unsigned field)
{
	static const unsigned eighths[8] = { 1, 2, 4, 6, 7, 4, 4, 4 };

	if (!(u->lcr_h & LCRH_FEN))
		return 1;
	return VUART_TX_FIFO * eighths[field & 7] / 8;
}

/* The receive interrupt while the FIFO is at or above its trigger level;
 * the receive timeout while it holds anything (PL011 TRM 3.4.2-3).
 * Called after the FIFO fills; the timeout is taken as already expired. */
static void rx_arrived(struct vuart *u)
{
	if (!rx_count(u))
		return;
	u->ris |= INT_RT;
	if (rx_count(u) >= trigger(u, u->ifls >> 3))
		u->ris |= INT_RX;
}

/* A byte into the receive FIFO: from the line or the loopback. A full
 * FIFO loses it and flags an overrun (3.3.2). */
static bool receive(struct vuart *u, uint8_t c)
{
	if (rx_count(u) == VUART_RX_FIFO) {
		u->rsr |= RSR_OE;
		u->ris |= INT_OE;
		return false;
	}
	u->rx[u->rx_head++ % VUART_RX_FIFO] = c;
	return true;
}

static uint32_t read_data(struct vuart *u)
{
	uint8_t c = 0;

	if (rx_count(u))
		c = u->rx[u->rx_tail++ % VUART_RX_FIFO];
	if (rx_count(u) < trigger(u, u->ifls >> 3))
		u->ris &= ~INT_RX;
	if (!rx_count(u))
		u->ris &= ~INT_RT;
	return c;
}

/* A byte out on the line, or back into the receiver in loopback. */
static void transmit(struct vuart *u, uint8_t c)
{
	if (u->cr & CR_LBE) {
		if (rx_enabled(u) && receive(u, c))
			rx_arrived(u);
	} else {
		u->tx_out(u->ctx, (char)c);
	}
}

/* The transmit FIFO drains at once while the transmitter is on, passing
 * down through its trigger level: the transmit interrupt (3.4.4). */
static void tx_drain(struct vuart *u)
{
	if (!tx_enabled(u) || !u->tx_count)
		return;
	for (unsigned i = 0; i < u->tx_count; i++)
		transmit(u, u->tx[i]);
	u->tx_count = 0;
	u->ris |= INT_TX;
}

static void write_data(struct vuart *u, uint8_t c)
{
	if (u->tx_count == VUART_TX_FIFO)
		return;             /* written to a full FIFO: lost */
	u->tx[u->tx_count++] = c;
	if (u->tx_count > trigger(u, u->ifls))
		u->ris &= ~INT_TX;
	tx_drain(u);
}

static uint32_t flags(const struct vuart *u)
{
	uint32_t fr = rx_count(u) ? 0 : FR_RXFE;

	if (rx_count(u) == VUART_RX_FIFO)
		fr |= FR_RXFF;
	if (u->tx_count == VUART_TX_FIFO)
		fr |= FR_TXFF;
	return fr | (u->tx_count ? FR_BUSY : FR_TXFE);
}

static uint32_t id_reg(uint64_t off)
{
	if (off >= UARTPID0 && off < UARTPID0 + 0x20)
		return ids[(off - UARTPID0) / 4];
	return 0;               /* reserved and test registers */
}

static uint32_t read_reg(struct vuart *u, uint64_t off)
{
	switch (off) {
	case UARTDR:    return read_data(u);
	case UARTRSR:   return u->rsr;
	case UARTFR:    return flags(u);
	case UARTILPR:  return u->ilpr;
	case UARTIBRD:  return u->ibrd;
	case UARTFBRD:  return u->fbrd;
	case UARTLCR_H: return u->lcr_h;
	case UARTCR:    return u->cr;
	case UARTIFLS:  return u->ifls;
	case UARTIMSC:  return u->imsc;
	case UARTRIS:   return u->ris;
	case UARTMIS:   return u->ris & u->imsc;
	case UARTDMACR: return u->dmacr;
	default:        return id_reg(off);
	}
}

static void write_reg(struct vuart *u, uint64_t off, uint32_t v)
{
	switch (off) {
	case UARTDR:    write_data(u, (uint8_t)v); break;
	case UARTRSR:   u->rsr = 0; break;
	case UARTILPR:  u->ilpr = v & 0xff; break;
	case UARTIBRD:  u->ibrd = v & 0xffff; break;
	case UARTFBRD:  u->fbrd = v & 0x3f; break;
	case UARTLCR_H: u->lcr_h = v & 0xff; break;
	case UARTCR:    u->cr = v & CR_MASK; tx_drain(u); break;
	case UARTIFLS:  u->ifls = v & 0x3f; break;
	case UARTIMSC:  u->imsc = v & INT_ALL; break;
	case UARTICR:   u->ris &= ~v; break;
	case UARTDMACR: u->dmacr = v & 0x7; break;
	default:        break;      /* read-only and reserved: ignored */
	}
}

/* Drives the interrupt line from the masked status when it changes.
 * Caller holds the lock, so the line's changes reach irq() in the order
 * they happen: two vCPUs of a VM cannot leave it high while the UART says
 * low (lock order: the UART's lock, then the VM's vGIC lock). */
static void update_line(struct vuart *u)
{
	bool level = (u->ris & u->imsc) != 0;

	if (level != u->line) {
		u->line = level;
		u->irq(u->ctx, level);
	}
}

/* Moves posted bytes into the FIFO while it has room and the receiver is
 * on. Caller holds the lock (on a CPU of the VM). */
static void take_posted(struct vuart *u)
{
	unsigned head = __atomic_load_n(&u->post_head, __ATOMIC_SEQ_CST);
	unsigned tail = u->post_tail, from = tail;

	while (tail != head && rx_count(u) < VUART_RX_FIFO && rx_enabled(u))
		u->rx[u->rx_head++ % VUART_RX_FIFO] = u->post[tail++ % VUART_POST_RING];
	/* Frees the slots for the producer once their bytes are copied. */
	__atomic_store_n(&u->post_tail, tail, __ATOMIC_RELEASE);
	if (tail != from)
		rx_arrived(u);
}

static void reset_locked(struct vuart *u)
{
	u->cr = CR_FIRMWARE;
	u->lcr_h = LCRH_WLEN8 | LCRH_FEN;
	u->ibrd = IBRD_115200;
	u->fbrd = FBRD_115200;
	u->ilpr = u->dmacr = u->imsc = u->rsr = 0;
	u->ifls = IFLS_RESET;
	/* The firmware's output has drained: the transmit interrupt is
	 * pending, masked. */
	u->ris = INT_TX;
	u->rx_tail = u->rx_head;
	u->tx_count = 0;
}

void vuart_init(struct vuart *u, void (*tx)(void *ctx, char c),
		void (*irq)(void *ctx, bool level), void *ctx)
{
	*u = (struct vuart){ .tx_out = tx, .irq = irq, .ctx = ctx };
	reset_locked(u);
}

void vuart_reset(struct vuart *u)
{
	spin_lock(&u->lock);
	reset_locked(u);
	update_line(u);
	spin_unlock(&u->lock);
}

/* The register value a write of a->size bytes makes: the bytes it does
 * not write keep their value (UARTDR's data byte is all it has). */
static uint32_t merge(struct vuart *u, const struct vmmio_access *a)
{
	unsigned shift = (a->offset & 3) * 8;
	uint32_t mask = (a->size == 4 ? ~0u : (1u << (a->size * 8)) - 1) << shift;
	uint64_t off = a->offset & ~3ull;
	uint32_t old = off == UARTDR ? 0 : read_reg(u, off);

	return (old & ~mask) | (((uint32_t)a->value << shift) & mask);
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
		write_reg(u, a->offset & ~3ull, merge(u, a));
	else
		a->value = read_reg(u, a->offset & ~3ull) >> shift;
	/* Posted bytes the FIFO had no room for, or the receiver was off
	 * for: the guest's reads make room, its UARTCR writes turn it on. */
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
	while (taken < n && rx_enabled(u) && receive(u, (uint8_t)s[taken]))
		taken++;
	u->rx_dropped += n - taken;
	if (taken)
		rx_arrived(u);
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
