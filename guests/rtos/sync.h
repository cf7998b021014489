/* SPDX-License-Identifier: MIT */
/*
 * Semaphores and message queues: the pure logic on top of sched.h. Each
 * call works for the running task t at time now; timeout_at is absolute
 * (RTOS_NEVER: wait for ever) and wait false makes a call that would
 * block return RTOS_EAGAIN instead. A call that returns RTOS_BLOCKED has
 * put t on a wait queue: the kernel switches away, and t->wait_result is
 * the call's result once t runs again.
 *
 * Waiters are woken highest priority first, FIFO among equals. A give
 * (send) with a waiter hands the unit (message) to it directly, so a
 * woken waiter never has to try again.
 */
#ifndef RTOS_SYNC_H
#define RTOS_SYNC_H

#include "sched.h"

struct rtos_sem {
	u32 count;
	u32 max;		/* gives beyond it are lost (1: binary) */
	struct rtos_waitq waiters;
};

struct rtos_queue {
	u8 *buf;		/* cap * item bytes */
	u32 item, cap;
	u32 head, count;	/* oldest message, messages held */
	struct rtos_waitq senders, receivers;
};

void sem_init(struct rtos_sem *sem, u32 count, u32 max);
/* RTOS_OK (taken), RTOS_EAGAIN or RTOS_BLOCKED. */
int sem_take(struct rtos_sched *s, struct rtos_sem *sem, struct rtos_task *t,
	     bool wait, u64 timeout_at);
/* Wakes the first waiter (RTOS_OK) or counts up to max. Safe from an
 * interrupt handler (never blocks). Returns the task woken or NULL. */
struct rtos_task *sem_give(struct rtos_sched *s, struct rtos_sem *sem);

void queue_init(struct rtos_queue *q, void *buf, u32 item, u32 cap);
/* Copies item bytes from msg: RTOS_OK, RTOS_EAGAIN (full) or
 * RTOS_BLOCKED (msg must stay valid until t runs again). */
int queue_send(struct rtos_sched *s, struct rtos_queue *q,
	       struct rtos_task *t, const void *msg, bool wait,
	       u64 timeout_at);
/* Copies the oldest message to buf: RTOS_OK, RTOS_EAGAIN (empty) or
 * RTOS_BLOCKED. */
int queue_recv(struct rtos_sched *s, struct rtos_queue *q,
	       struct rtos_task *t, void *buf, bool wait, u64 timeout_at);

#endif /* RTOS_SYNC_H */
