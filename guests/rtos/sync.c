/* SPDX-License-Identifier: MIT */
/* Semaphores and message queues; see sync.h. */
#include <string.h>

#include "sync.h"

void sem_init(struct rtos_sem *sem, u32 count, u32 max)
{
	sem->count = count;
	sem->max = max;
	waitq_init(&sem->waiters);
}

int sem_take(struct rtos_sched *s, struct rtos_sem *sem, struct rtos_task *t,
	     bool wait, u64 timeout_at)
{
	if (sem->count) {
		sem->count--;
		return RTOS_OK;
	}
	if (!wait)
		return RTOS_EAGAIN;
	waitq_block(s, &sem->waiters, t, timeout_at);
	return RTOS_BLOCKED;
}

struct rtos_task *sem_give(struct rtos_sched *s, struct rtos_sem *sem)
{
	struct rtos_task *t = waitq_wake(s, &sem->waiters, RTOS_OK);

	if (!t && sem->count < sem->max)
		sem->count++;
	return t;
}

void queue_init(struct rtos_queue *q, void *buf, u32 item, u32 cap)
{
	*q = (struct rtos_queue){ .buf = buf, .item = item, .cap = cap };
	waitq_init(&q->senders);
	waitq_init(&q->receivers);
}

static u8 *slot(const struct rtos_queue *q, u32 i)
{
	return q->buf + (size_t)((q->head + i) % q->cap) * q->item;
}

int queue_send(struct rtos_sched *s, struct rtos_queue *q,
	       struct rtos_task *t, const void *msg, bool wait,
	       u64 timeout_at)
{
	struct rtos_task *r = waitq_first(&q->receivers);

	if (r) {		/* then the queue is empty: hand it over */
		memcpy(r->wait_msg, msg, q->item);
		waitq_wake(s, &q->receivers, RTOS_OK);
		return RTOS_OK;
	}
	if (q->count < q->cap) {
		memcpy(slot(q, q->count), msg, q->item);
		q->count++;
		return RTOS_OK;
	}
	if (!wait)
		return RTOS_EAGAIN;
	t->wait_msg = (void *)(uintptr_t)msg;
	waitq_block(s, &q->senders, t, timeout_at);
	return RTOS_BLOCKED;
}

int queue_recv(struct rtos_sched *s, struct rtos_queue *q,
	       struct rtos_task *t, void *buf, bool wait, u64 timeout_at)
{
	struct rtos_task *w;

	if (q->count) {
		memcpy(buf, slot(q, 0), q->item);
		q->head = (q->head + 1) % q->cap;
		q->count--;
		/* A blocked sender's message takes the freed slot. */
		w = waitq_first(&q->senders);
		if (w) {
			memcpy(slot(q, q->count), w->wait_msg, q->item);
			q->count++;
			waitq_wake(s, &q->senders, RTOS_OK);
		}
		return RTOS_OK;
	}
	if (!wait)
		return RTOS_EAGAIN;
	t->wait_msg = buf;
	waitq_block(s, &q->receivers, t, timeout_at);
	return RTOS_BLOCKED;
}
