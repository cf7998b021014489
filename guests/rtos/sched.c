/* SPDX-License-Identifier: MIT */
/* The RTOS scheduler's pure logic; see sched.h. */
#include "sched.h"

#define container_of(p, type, member) \
	((type *)(void *)((char *)(p) - __builtin_offsetof(type, member)))
#define TASK_OF(n)	container_of(n, struct rtos_task, link)
#define TASK_OF_T(n)	container_of(n, struct rtos_task, tlink)

static void list_init(struct rtos_node *h)
{
	h->next = h->prev = h;
}

static bool list_empty(const struct rtos_node *h)
{
	return h->next == h;
}

/* Inserts n before pos (at the tail when pos is the head). */
static void list_insert_before(struct rtos_node *pos, struct rtos_node *n)
{
	n->prev = pos->prev;
	n->next = pos;
	pos->prev->next = n;
	pos->prev = n;
}

static void list_del(struct rtos_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

void sched_init(struct rtos_sched *s, u64 slice)
{
	for (unsigned p = 0; p < RTOS_PRIOS; p++)
		list_init(&s->ready[p]);
	s->ready_mask = 0;
	list_init(&s->timers);
	s->cur = NULL;
	s->slice = slice;
	s->rotations = 0;
}

void sched_task_init(struct rtos_task *t, const char *name, u32 prio)
{
	*t = (struct rtos_task){ .name = name, .state = TASK_SLEEPING,
		.prio = prio < RTOS_PRIOS ? prio : RTOS_PRIOS - 1 };
	list_init(&t->link);
	list_init(&t->tlink);
}

void sched_make_ready(struct rtos_sched *s, struct rtos_task *t)
{
	list_insert_before(&s->ready[t->prio], &t->link);
	s->ready_mask |= 1u << t->prio;
	t->state = TASK_READY;
	t->slice_end = RTOS_NEVER;
}

static void unready(struct rtos_sched *s, struct rtos_task *t)
{
	list_del(&t->link);
	if (list_empty(&s->ready[t->prio]))
		s->ready_mask &= ~(1u << t->prio);
}

struct rtos_task *sched_pick(const struct rtos_sched *s)
{
	if (!s->ready_mask)
		return NULL;
	return TASK_OF(s->ready[__builtin_ctz(s->ready_mask)].next);
}

struct rtos_task *sched_switch(struct rtos_sched *s, u64 now)
{
	struct rtos_task *next = sched_pick(s);

	s->cur = next;
	if (next && s->slice && next->slice_end == RTOS_NEVER)
		next->slice_end = now + s->slice;
	return next;
}

/* Timer queue, ascending by wake; a task goes after its equals. */
static void timer_add(struct rtos_sched *s, struct rtos_task *t, u64 when)
{
	struct rtos_node *pos = s->timers.next;

	/* Invariant: every task before pos wakes at or before when. */
	while (pos != &s->timers && TASK_OF_T(pos)->wake <= when)
		pos = pos->next;
	t->wake = when;
	t->timed = true;
	list_insert_before(pos, &t->tlink);
}

static void timer_del(struct rtos_task *t)
{
	if (t->timed) {
		list_del(&t->tlink);
		t->timed = false;
	}
}

void sched_sleep_until(struct rtos_sched *s, struct rtos_task *t, u64 when)
{
	if (t->state == TASK_READY)
		unready(s, t);
	t->state = TASK_SLEEPING;
	timer_add(s, t, when);
}

/* cur has another ready task of its priority to share the CPU with. */
static bool has_equal(const struct rtos_sched *s)
{
	const struct rtos_node *h;

	if (!s->cur || s->cur->state != TASK_READY)
		return false;
	h = &s->ready[s->cur->prio];
	return h->next != h->prev;
}

bool sched_tick(struct rtos_sched *s, u64 now)
{
	/* Invariant: the tasks before the head of the queue woke already. */
	while (!list_empty(&s->timers)) {
		struct rtos_task *t = TASK_OF_T(s->timers.next);

		if (t->wake > now)
			break;
		timer_del(t);
		if (t->state == TASK_BLOCKED) {
			list_del(&t->link);
			t->waitq = NULL;
			t->wait_result = RTOS_ETIMEDOUT;
		}
		sched_make_ready(s, t);
	}
	if (has_equal(s) && now >= s->cur->slice_end) {
		struct rtos_task *cur = s->cur;

		list_del(&cur->link);
		list_insert_before(&s->ready[cur->prio], &cur->link);
		cur->slice_end = RTOS_NEVER;
		s->rotations++;
	}
	return sched_pick(s) != s->cur;
}

u64 sched_next_event(const struct rtos_sched *s)
{
	u64 next = RTOS_NEVER;

	if (!list_empty(&s->timers))
		next = TASK_OF_T(s->timers.next)->wake;
	if (s->slice && has_equal(s) && s->cur->slice_end < next)
		next = s->cur->slice_end;
	return next;
}

void sched_set_periodic(struct rtos_task *t, u64 period, u64 deadline,
			u64 release0)
{
	t->period = period;
	t->deadline = deadline;
	t->release = release0;
}

bool sched_job_done(struct rtos_sched *s, struct rtos_task *t, u64 now)
{
	t->jobs++;
	if (now > t->release + t->deadline)
		t->misses++;
	t->release += t->period;
	/* Invariant: the jobs before release are done or counted missed. */
	while (t->release + t->deadline < now) {
		t->misses++;
		t->release += t->period;
	}
	if (t->release <= now)
		return false;
	sched_sleep_until(s, t, t->release);
	return true;
}

void waitq_init(struct rtos_waitq *q)
{
	list_init(&q->head);
}

bool waitq_empty(const struct rtos_waitq *q)
{
	return list_empty(&q->head);
}

void waitq_block(struct rtos_sched *s, struct rtos_waitq *q,
		 struct rtos_task *t, u64 timeout_at)
{
	struct rtos_node *pos = q->head.next;

	unready(s, t);
	/* Invariant: every waiter before pos has t's priority or higher. */
	while (pos != &q->head && TASK_OF(pos)->prio <= t->prio)
		pos = pos->next;
	list_insert_before(pos, &t->link);
	t->state = TASK_BLOCKED;
	t->waitq = q;
	t->wait_result = RTOS_OK;
	if (timeout_at != RTOS_NEVER)
		timer_add(s, t, timeout_at);
}

struct rtos_task *waitq_first(const struct rtos_waitq *q)
{
	return list_empty(&q->head) ? NULL : TASK_OF(q->head.next);
}

struct rtos_task *waitq_wake(struct rtos_sched *s, struct rtos_waitq *q,
			     int result)
{
	struct rtos_task *t = waitq_first(q);

	if (!t)
		return NULL;
	list_del(&t->link);
	timer_del(t);
	t->waitq = NULL;
	t->wait_result = result;
	sched_make_ready(s, t);
	return t;
}
