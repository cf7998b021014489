/* SPDX-License-Identifier: MIT */
/*
 * A VM's virtual UART: the register subset of the Arm SBSA generic UART
 * (SBSA, appendix "Generic UART"; a subset of the PL011), trap-and-emulate.
 * Linux drives it with its "arm,sbsa-uart" driver. Output goes to the
 * hypervisor console as whole lines; input comes from the console.
 */
#ifndef SEPTUM_VUART_H
#define SEPTUM_VUART_H

#include "spinlock.h"
#include "types.h"
#include "vmmio.h"

#define VUART_SIZE      0x1000
#define VUART_RX_FIFO   256      /* bytes; a power of two (more than a PL011 has: typed-ahead lines fit) */

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
};

void vuart_init(struct vuart *u, void (*tx)(void *ctx, char c),
		void (*irq)(void *ctx, bool level), void *ctx);
/* The vmmio handler for the UART's 4 KiB frame. */
bool vuart_access(struct vcpu *v, void *dev, struct vmmio_access *a);
/* Queues input bytes; returns how many fit (the rest are dropped and
 * counted). May raise the interrupt. */
unsigned vuart_rx(struct vuart *u, const char *s, unsigned n);

#endif /* SEPTUM_VUART_H */
