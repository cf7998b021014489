/* SPDX-License-Identifier: MIT */
/*
 * A VM's virtual UART: an Arm PrimeCell UART PL011 (ARM DDI 0183G),
 * trap-and-emulate, whose registers (data, flags, control, baud rate,
 * line control, FIFO levels, interrupts, DMA control, identification)
 * behave as on a PL011, so that PL011 drivers drive it (Linux's
 * amba-pl011, U-Boot's pl01x). It comes up as firmware leaves a console
 * UART (enabled, 115200 8N1, FIFOs on), so that guests that use it as an
 * Arm SBSA generic UART (the PL011 subset that needs no programming:
 * Linux's "arm,sbsa-uart" driver, Septum's RTOS) work too. Output goes to
 * the hypervisor console (console.c); input comes from it.
 *
 * Differences from the hardware, none of which a driver can tell apart
 * from a fast line: transmission is instant (the transmit FIFO drains as
 * it is written while the transmitter is enabled); the receive FIFO holds
 * VUART_RX_FIFO bytes whatever UARTLCR_H.FEN says (interrupt trigger
 * levels are those of the PL011's 32-byte FIFO); there are no framing,
 * parity or break errors, no modem lines and no DMA (UARTDMACR reads back
 * what was written).
 */
#ifndef SEPTUM_VUART_H
#define SEPTUM_VUART_H

#include "spinlock.h"
#include "types.h"
#include "vmmio.h"

#define VUART_SIZE      0x1000
#define VUART_RX_FIFO   256      /* bytes; a power of two (more than a PL011 has: typed-ahead lines fit) */
#define VUART_TX_FIFO   32       /* bytes held while the transmitter is disabled (a PL011 r1p5's FIFO) */
#define VUART_POST_RING 256      /* bytes posted, not yet in the FIFO; a power of two */

struct vuart {
	struct spinlock lock;
	/* Programmed registers, as the guest reads them back. */
	uint32_t cr;             /* UARTCR: enables, loopback, modem outputs */
	uint32_t lcr_h;          /* UARTLCR_H: word length, FIFO enable, ... */
	uint32_t ibrd, fbrd;     /* baud rate divisor */
	uint32_t ilpr;           /* IrDA low-power counter */
	uint32_t ifls;           /* interrupt FIFO level select */
	uint32_t dmacr;          /* DMA control (no DMA: read back only) */
	uint32_t imsc;           /* interrupt mask set/clear */
	uint32_t ris;            /* raw interrupt status (latched, PL011 TRM 3.4) */
	uint32_t rsr;            /* receive status: overrun */
	uint8_t rx[VUART_RX_FIFO];
	unsigned rx_head, rx_tail;   /* free-running; head - tail = bytes queued */
	unsigned rx_dropped;
	uint8_t tx[VUART_TX_FIFO];   /* written while the transmitter is off */
	unsigned tx_count;
	/* Where output goes and how the interrupt line is driven. */
	void (*tx_out)(void *ctx, char c);
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

/* Sets up u, in its reset state (vuart_reset), with where its output goes
 * and how it drives its interrupt line. Build time, before the VM runs. */
void vuart_init(struct vuart *u, void (*tx)(void *ctx, char c),
		void (*irq)(void *ctx, bool level), void *ctx);
/* Puts u back as firmware leaves a console UART: enabled, 115200 8N1 at
 * 24 MHz, FIFOs on and empty, interrupts masked (the line goes low).
 * Posted input stays posted. Takes u's lock; while the VM does not run. */
void vuart_reset(struct vuart *u);
/* The vmmio handler for the UART's 4 KiB frame. */
bool vuart_access(struct vcpu *v, void *dev, struct vmmio_access *a);
/* Queues input bytes; returns how many fit (the rest are dropped, counted
 * and flagged as an overrun; all are while the receiver is disabled).
 * May raise the interrupt. */
unsigned vuart_rx(struct vuart *u, const char *s, unsigned n);

/*
 * Input from another CPU without touching the VM's locks: vuart_post()
 * queues bytes (one producer at a time: the console's CPU), dropping and
 * counting what does not fit; the VM's own CPU, on its way into the
 * guest, sees vuart_posted() and calls vuart_drain_posted(), which moves
 * what fits into the FIFO under the lock and drives the interrupt line.
 * Bytes that do not fit yet, or arrive while the receiver is disabled,
 * stay posted; the guest's UART accesses move them in as its reads make
 * room or it enables the receiver.
 */
unsigned vuart_post(struct vuart *u, const char *s, unsigned n);
static inline bool vuart_posted(const struct vuart *u)
{
	return __atomic_load_n(&u->post_pending, __ATOMIC_RELAXED);
}
void vuart_drain_posted(struct vuart *u);

#endif /* SEPTUM_VUART_H */
