/* SPDX-License-Identifier: MIT */
/*
 * The RTOS scheduler's pure logic: no register, no interrupt mask, no
 * clock. The kernel (kernel.c) calls it with IRQs masked and the time
 * read from the generic counter; the host unit tests
 * (test/unit/test_rtos_sched.c) call it with made-up times.
 *
 * - Fixed priorities 0 (highest) .. RTOS_PRIOS - 1 (the idle task's). A
 *   ready list per priority, FIFO, and a bitmap of the non-empty ones.
 *   The running task stays at the head of its list; a task made ready
 *   goes to the tail, so a preempted task resumes before its equals.
 * - Round-robin among equals: when the running task has used up its
 *   slice and another task of its priority is ready, it moves to the
 *   tail. A slice starts when a task made ready or moved to the tail is
 *   switched in; it runs on while higher priorities preempt the task
 *   (so a 1 kHz task cannot keep a longer slice from ending).
 * - One timer queue, ascending by wake-up time (FIFO among equal times),
 *   for sleeps, periodic releases and wait timeouts. Tickless: the
 *   kernel programs the timer for sched_next_event() only.
 * - Periodic tasks: job k is released at release0 + k * period and must
 *   finish by its release + deadline; a job that finishes later, or that
 *   is skipped because its deadline had passed before it could be
 *   released, counts as one miss.
 * - Wait queues (semaphores, message queues) by priority, FIFO among
 *   equals, with an optional timeout.
 *
 * Times are counter ticks (u64); RTOS_NEVER is "no time".
 */
#ifndef RTOS_SCHED_H
#define RTOS_SCHED_H

#include <guest/types.h>

#define RTOS_PRIOS	32
#define RTOS_NEVER	UINT64_MAX

/* Results of the blocking calls. RTOS_BLOCKED is internal: the caller
 * must switch away; wait_result holds the outcome once it runs again. */
#define RTOS_OK		0
#define RTOS_EAGAIN	(-1)	/* would block and the caller did not wait */
#define RTOS_ETIMEDOUT	(-2)
#define RTOS_BLOCKED	1

struct rtos_node {
	struct rtos_node *next, *prev;
};

enum rtos_state {
	TASK_READY,	/* on its ready list (the running task too) */
	TASK_SLEEPING,	/* on the timer queue only */
	TASK_BLOCKED,	/* on a wait queue, maybe on the timer queue */
};

struct rtos_waitq {
	struct rtos_node head;	/* tasks by priority, FIFO among equals */
};

struct rtos_task {
	u64 sp;			/* kernel.c: saved stack pointer; first */
	struct rtos_node link;	/* ready list or wait queue */
	struct rtos_node tlink;	/* timer queue */
	const char *name;
	u32 prio;
	enum rtos_state state;
	bool timed;		/* on the timer queue */
	u64 wake;		/* its key there */
	u64 slice_end;		/* RTOS_NEVER: a fresh slice */
	struct rtos_waitq *waitq;	/* blocked on */
	int wait_result;
	void *wait_msg;		/* message queues: the waiter's buffer */
	/* Periodic tasks (period 0: not periodic). */
	u64 period, deadline;	/* relative to the release */
	u64 release;		/* of the current job */
	u64 jobs, misses;
};

struct rtos_sched {
	struct rtos_node ready[RTOS_PRIOS];
	u32 ready_mask;		/* bit p: ready[p] not empty */
	struct rtos_node timers;
	struct rtos_task *cur;	/* running (NULL before the first switch) */
	u64 slice;		/* round-robin quantum; 0: none */
	u64 rotations;		/* round-robin turns taken */
};

void sched_init(struct rtos_sched *s, u64 slice);

/* A new task, not yet on any list; call sched_make_ready to start it. */
void sched_task_init(struct rtos_task *t, const char *name, u32 prio);

/* Puts t at the tail of its ready list. */
void sched_make_ready(struct rtos_sched *s, struct rtos_task *t);

/* The highest-priority ready task (the head of its list), or NULL. */
struct rtos_task *sched_pick(const struct rtos_sched *s);

/* Makes sched_pick() the running task (starting its slice at now if it
 * needs a fresh one). Returns the new cur. */
struct rtos_task *sched_switch(struct rtos_sched *s, u64 now);

/* Puts t to sleep until when (off its ready list if it was ready; a new
 * task starts this way too). */
void sched_sleep_until(struct rtos_sched *s, struct rtos_task *t, u64 when);

/*
 * Time has reached now: wakes every task whose time has come (a timed-out
 * waiter leaves its wait queue with RTOS_ETIMEDOUT) and rotates cur if
 * its slice is over and an equal is ready. Returns true if cur is no
 * longer the task to run.
 */
bool sched_tick(struct rtos_sched *s, u64 now);

/* The next time sched_tick has work: the earliest wake-up, or the end of
 * cur's slice if an equal is ready. RTOS_NEVER if none. */
u64 sched_next_event(const struct rtos_sched *s);

/* Makes t periodic: first job released at release0. */
void sched_set_periodic(struct rtos_task *t, u64 period, u64 deadline,
			u64 release0);

/*
 * The current job of periodic task t (the running one) finished at now:
 * counts a miss if late, skips (and counts) releases whose deadline has
 * already passed, and sleeps until the next release if it is still
 * ahead. Returns true if t went to sleep (switch away), false if the
 * next job is due already.
 */
bool sched_job_done(struct rtos_sched *s, struct rtos_task *t, u64 now);

/* Wait queues. */
void waitq_init(struct rtos_waitq *q);
bool waitq_empty(const struct rtos_waitq *q);
/* Blocks t (the running task) on q until woken or until timeout_at
 * (RTOS_NEVER: no timeout). */
void waitq_block(struct rtos_sched *s, struct rtos_waitq *q,
		 struct rtos_task *t, u64 timeout_at);
/* The first waiter (highest priority, longest waiting), or NULL. */
struct rtos_task *waitq_first(const struct rtos_waitq *q);
/* Wakes the first waiter with result; returns it (NULL if none). */
struct rtos_task *waitq_wake(struct rtos_sched *s, struct rtos_waitq *q,
			     int result);

#endif /* RTOS_SCHED_H */
