/* SPDX-License-Identifier: MIT */
/*
 * The host stand-in for translation-table maintenance (src/arch/host/tlb.c)
 * records every arch_pt_sync / arch_tlb_inval_* call here instead of touching
 * hardware, so unit tests can check that maintenance happened and in which
 * order relative to descriptor writes.
 *
 * A test may watch one descriptor: each record then holds the value that
 * descriptor had at the moment of the call, which shows whether a write
 * came before or after a barrier or an invalidation.
 */
#ifndef SEPTUM_ARCH_HOST_LOG_H
#define SEPTUM_ARCH_HOST_LOG_H

#include <arch/pte.h>

#define HOST_LOG_MAX 1024

enum host_op {
	HOST_PT_SYNC,
	HOST_TLB_INVAL_IA,
	HOST_TLB_INVAL_ALL,
};

struct host_log_entry {
	enum host_op op;
	enum pt_stage stage;     /* TLB ops only */
	uint16_t vmid;           /* TLB ops only */
	uint64_t ia;             /* HOST_TLB_INVAL_IA only */
	uint64_t watched;        /* the watched descriptor at the time */
};

struct host_log {
	size_t count;            /* calls since the reset, even past HOST_LOG_MAX */
	const volatile uint64_t *watch;
	struct host_log_entry entry[HOST_LOG_MAX];  /* the first HOST_LOG_MAX */
};

extern struct host_log host_log;

/* Forgets all records and the watched descriptor. */
void host_log_reset(void);
/* Records the value of *pte in every later entry (NULL: stop watching). */
void host_log_watch(const uint64_t *pte);
/* Number of recorded calls of one kind since the reset. */
size_t host_log_count(enum host_op op);

#endif /* SEPTUM_ARCH_HOST_LOG_H */
