/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * Septum channel character device (/dev/septum/<label>): the ioctls the
 * septum_chan module answers, shared with user space (guests/linux/tools).
 *
 * read() and write() move one whole message per call; mmap() maps the
 * channel's region (layout in include/septum/channel.h). See
 * guests/linux/README.md for the blocking rules.
 */
#ifndef SEPTUM_CHAN_UAPI_H
#define SEPTUM_CHAN_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define SEPTUM_CHAN_NAME_MAX   32

/* SEPTUM_CHAN_IOC_INFO: what the device tree says, and the peer's state. */
struct septum_chan_info {
	__u32 id;          /* septum,id: the channel number for the doorbell */
	__u32 end;         /* 0 or 1 */
	__u64 size;        /* bytes in each ring */
	__u64 footprint;   /* bytes of the region (what mmap can map) */
	__u64 phys;        /* guest-physical address of the region */
	__u32 max_msg;     /* largest message: size - 8 */
	__u32 irq;         /* Linux IRQ number of the doorbell */
	__u32 peer_ready;  /* 1: the peer has initialised its half */
	__u32 test_hooks;  /* the module's test_hooks parameter */
	char peer[SEPTUM_CHAN_NAME_MAX];   /* septum,peer */
	char label[SEPTUM_CHAN_NAME_MAX];  /* label: the channel's name */
};

/* SEPTUM_CHAN_IOC_STATS: counters since the module bound the channel. */
struct septum_chan_stats {
	__u64 irqs;        /* doorbell interrupts taken */
	__u64 rings;       /* doorbells rung (hypercall returned 0) */
	__u64 ring_errors; /* doorbell hypercalls that failed */
	__u64 tx_msgs;     /* messages written */
	__u64 tx_bytes;
	__u64 rx_msgs;     /* messages read */
	__u64 rx_bytes;
	__u64 tx_waits;    /* times a writer slept for space */
	__u64 rx_waits;    /* times a reader slept for a message */
};

#define SEPTUM_CHAN_IOC_MAGIC  'S'
#define SEPTUM_CHAN_IOC_INFO   _IOR(SEPTUM_CHAN_IOC_MAGIC, 1, struct septum_chan_info)
#define SEPTUM_CHAN_IOC_STATS  _IOR(SEPTUM_CHAN_IOC_MAGIC, 2, struct septum_chan_stats)
/* Rings the peer's doorbell without sending. 0, or -1 with errno ENXIO
 * (the hypervisor says SEPTUM_E_NO_CHANNEL), EINVAL or EIO. */
#define SEPTUM_CHAN_IOC_RING   _IO(SEPTUM_CHAN_IOC_MAGIC, 3)
/* Test hook (only with the module parameter test_hooks=1, else EPERM):
 * rings channel number *arg, which need not be this VM's; errors as RING. */
#define SEPTUM_CHAN_IOC_RING_ID _IOW(SEPTUM_CHAN_IOC_MAGIC, 4, __u32)

#endif /* SEPTUM_CHAN_UAPI_H */
