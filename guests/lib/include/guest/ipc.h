/* SPDX-License-Identifier: MIT */
/*
 * Septum inter-VM channels for the bare-metal guests: discovery from the
 * device tree (compatible "septum,channel" nodes that Septum adds), the
 * ring (include/septum/ring.h), the doorbell hypercall and its SPI.
 *
 * Typical use:
 *   struct ipc_chan c;
 *   ipc_find(&c, "link");        // by label (NULL: the first channel)
 *   ipc_open(&c);                // init my half, attach, enable doorbell
 *   while (ipc_peer_ready(&c) == 0) ;
 *   ipc_send(&c, buf, len); ipc_ring(&c);
 *   ipc_wait(&c);                // WFI until a message is pending
 *   ipc_recv(&c, buf, sizeof(buf));
 */
#ifndef GUEST_IPC_H
#define GUEST_IPC_H

#include <guest/types.h>
#include <septum/ring.h>

#define IPC_MAX_CHANNELS	4

struct ipc_chan {
	struct septum_chan ch;
	u64 base;		/* guest-physical address of the region */
	u64 footprint;		/* bytes mapped (reg size) */
	u64 capacity;		/* septum,size */
	u32 id;			/* septum,id: the doorbell number */
	u32 end;		/* septum,end */
	u32 intid;		/* doorbell SPI INTID (32 + spi), 0 if none */
	const char *peer;	/* septum,peer */
	const char *label;	/* label */
	volatile u32 irqs;	/* doorbell interrupts taken */
	volatile u64 stamp;	/* CNTVCT at the IRQ vector of the last one */
};

/* Number of channel nodes in the DT. */
int ipc_count(void);
/* Fills c from the channel labelled label (NULL: the first one).
 * Returns 0, -1 not found, -2 malformed node. */
int ipc_find(struct ipc_chan *c, const char *label);
/* Initialises my half, attaches, and (GIC initialised first with
 * gic_init) routes the doorbell SPI here, enables it and installs the IPC
 * interrupt handler. Returns 0 or a negative SEPTUM_E* / -1. */
int ipc_open(struct ipc_chan *c);
/* septum_chan_ready: 1 ready, 0 not yet, -SEPTUM_EPROTO. */
int ipc_peer_ready(const struct ipc_chan *c);
/* Waits (polling) up to ms milliseconds for the peer; true if ready. */
bool ipc_wait_peer(const struct ipc_chan *c, u64 ms);
int ipc_send(struct ipc_chan *c, const void *msg, u32 len);
int ipc_recv(struct ipc_chan *c, void *buf, u32 size);
/* Bytes pending from the peer (septum_chan_pending). */
int ipc_pending(const struct ipc_chan *c);
/* SEPTUM_HC_DOORBELL for channel number id: 0 or -SEPTUM_E_* (as s64). */
s64 ipc_doorbell_id(u64 id);
/* Rings the peer's doorbell. */
s64 ipc_ring(const struct ipc_chan *c);
/* Sleeps in WFI (IRQs masked around the check) until a message from the
 * peer is pending; returns with IRQs unmasked. */
void ipc_wait(const struct ipc_chan *c);
/* The same until there is room to send a message of len bytes (the peer
 * rings after it drains). */
void ipc_wait_space(const struct ipc_chan *c, u32 len);
/* The IPC interrupt handler; call it from your own GIC handler if you
 * replace it. Returns true if intid was a channel doorbell. */
bool ipc_handle_irq(u32 intid);
/* The same, recording stamp (CNTVCT at the vector) in the channel. */
bool ipc_handle_irq_at(u32 intid, u64 stamp);

#endif /* GUEST_IPC_H */
