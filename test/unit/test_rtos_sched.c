/*
 * Unit tests: the RTOS guest's pure logic (guests/rtos): ready queues,
 * round-robin, preemption, the timer queue and the next event, periodic
 * tasks and deadline misses, semaphores, message queues, statistics and
 * the control loop. Times are made-up counter ticks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "control.h"
#include "stats.h"
#include "sync.h"

static struct rtos_sched s;
static struct rtos_task t[6];

static void start(struct rtos_task *task, const char *name, u32 prio)
{
	sched_task_init(task, name, prio);
	sched_make_ready(&s, task);
}

static int setup(void **state)
{
	sched_init(&s, 0);
	memset(t, 0, sizeof(t));
	return 0;
}

static void highest_priority_runs_first(void **state)
{
	start(&t[0], "five", 5);
	start(&t[1], "two", 2);
	start(&t[2], "seven", 7);
	assert_ptr_equal(sched_switch(&s, 0), &t[1]);
	sched_sleep_until(&s, &t[1], 1000);
	assert_ptr_equal(sched_switch(&s, 1), &t[0]);
	sched_sleep_until(&s, &t[0], 1000);
	assert_ptr_equal(sched_switch(&s, 2), &t[2]);
	sched_sleep_until(&s, &t[2], 1000);
	assert_null(sched_switch(&s, 3));
}

static void equals_run_in_the_order_made_ready(void **state)
{
	start(&t[0], "a", 3);
	start(&t[1], "b", 3);
	assert_ptr_equal(sched_switch(&s, 0), &t[0]);
	sched_sleep_until(&s, &t[0], 10);
	assert_ptr_equal(sched_switch(&s, 1), &t[1]);
	assert_false(sched_tick(&s, 10));	/* a wakes behind b */
	assert_ptr_equal(sched_pick(&s), &t[1]);
}

static void round_robin_on_slice_expiry(void **state)
{
	sched_init(&s, 10);
	start(&t[0], "a", 3);
	start(&t[1], "b", 3);
	assert_ptr_equal(sched_switch(&s, 0), &t[0]);
	assert_int_equal(sched_next_event(&s), 10);
	assert_false(sched_tick(&s, 9));
	assert_true(sched_tick(&s, 10));
	assert_ptr_equal(sched_switch(&s, 10), &t[1]);
	assert_int_equal(sched_next_event(&s), 20);
	assert_true(sched_tick(&s, 20));
	assert_ptr_equal(sched_switch(&s, 20), &t[0]);
	assert_int_equal(s.rotations, 2);
}

static void no_slice_event_without_an_equal(void **state)
{
	sched_init(&s, 10);
	start(&t[0], "alone", 3);
	start(&t[1], "lower", 4);
	sched_switch(&s, 0);
	assert_int_equal(sched_next_event(&s), RTOS_NEVER);
	assert_false(sched_tick(&s, 1000));
	assert_ptr_equal(sched_pick(&s), &t[0]);
}

static void slice_runs_on_while_preempted(void **state)
{
	sched_init(&s, 10);
	start(&t[0], "a", 3);
	start(&t[1], "b", 3);
	sched_task_init(&t[2], "high", 1);
	sched_sleep_until(&s, &t[2], 4);
	assert_ptr_equal(sched_switch(&s, 0), &t[0]);
	assert_int_equal(sched_next_event(&s), 4);
	assert_true(sched_tick(&s, 4));
	assert_ptr_equal(sched_switch(&s, 4), &t[2]);
	sched_sleep_until(&s, &t[2], 100);
	assert_ptr_equal(sched_switch(&s, 6), &t[0]);
	/* a's slice still ends at 10, not 16. */
	assert_int_equal(sched_next_event(&s), 10);
}

static void higher_priority_wake_up_preempts(void **state)
{
	start(&t[0], "low", 6);
	start(&t[1], "low2", 6);
	sched_task_init(&t[2], "high", 2);
	sched_sleep_until(&s, &t[2], 50);
	assert_ptr_equal(sched_switch(&s, 0), &t[0]);
	assert_false(sched_tick(&s, 49));
	assert_true(sched_tick(&s, 50));
	assert_ptr_equal(sched_switch(&s, 50), &t[2]);
	sched_sleep_until(&s, &t[2], 150);
	/* The preempted task resumes before its equal. */
	assert_ptr_equal(sched_switch(&s, 51), &t[0]);
}

static void timer_queue_gives_the_next_deadline(void **state)
{
	start(&t[0], "idle", RTOS_PRIOS - 1);
	sched_task_init(&t[1], "a", 1);
	sched_task_init(&t[2], "b", 1);
	sched_task_init(&t[3], "c", 1);
	sched_sleep_until(&s, &t[1], 300);
	sched_sleep_until(&s, &t[2], 100);
	sched_sleep_until(&s, &t[3], 200);
	sched_switch(&s, 0);
	assert_int_equal(sched_next_event(&s), 100);
	assert_true(sched_tick(&s, 150));
	assert_ptr_equal(sched_pick(&s), &t[2]);
	assert_int_equal(sched_next_event(&s), 200);
	assert_true(sched_tick(&s, 300));	/* both due: in time order */
	assert_int_equal(sched_next_event(&s), RTOS_NEVER);
	sched_sleep_until(&s, &t[2], 1000);
	assert_ptr_equal(sched_pick(&s), &t[3]);
}

static void periodic_release_and_deadline_misses(void **state)
{
	struct rtos_task *p = &t[0];

	start(&t[1], "idle", RTOS_PRIOS - 1);
	start(p, "periodic", 1);
	sched_set_periodic(p, 100, 80, 0);
	sched_switch(&s, 0);
	/* Job 0 [0, 80) done at 30: sleeps until 100. */
	assert_true(sched_job_done(&s, p, 30));
	assert_ptr_equal(sched_switch(&s, 30), &t[1]);
	assert_int_equal(p->release, 100);
	assert_int_equal(sched_next_event(&s), 100);
	assert_true(sched_tick(&s, 100));
	sched_switch(&s, 100);
	/* Job 1 [100, 180) done at 190: late; job 2 (200) is still ahead. */
	assert_true(sched_job_done(&s, p, 190));
	sched_switch(&s, 190);
	assert_int_equal(p->misses, 1);
	assert_int_equal(p->release, 200);
	assert_true(sched_tick(&s, 200));
	sched_switch(&s, 200);
	/* Job 2 done at 310: late; job 3 (300, due 380) is due now. */
	assert_false(sched_job_done(&s, p, 310));
	assert_int_equal(p->misses, 2);
	assert_int_equal(p->release, 300);
	/* Job 3 done at 1000: late, and jobs 4..9 (400..900, due by 980)
	 * are skipped as missed; job 10 (1000) is due now. */
	assert_false(sched_job_done(&s, p, 1000));
	assert_int_equal(p->misses, 2 + 1 + 6);
	assert_int_equal(p->release, 1000);
	assert_int_equal(p->jobs, 4);
}

static void semaphore_wakes_by_priority_then_fifo(void **state)
{
	struct rtos_sem sem;
	static const u32 prio[4] = { 5, 2, 5, 2 };

	sem_init(&sem, 0, 10);
	start(&t[4], "idle", RTOS_PRIOS - 1);
	for (int i = 0; i < 4; i++) {
		start(&t[i], "w", prio[i]);
		assert_ptr_equal(sched_switch(&s, i), &t[i]);
		assert_int_equal(sem_take(&s, &sem, &t[i], true, RTOS_NEVER),
				 RTOS_BLOCKED);
		assert_int_equal(t[i].state, TASK_BLOCKED);
	}
	assert_ptr_equal(sem_give(&s, &sem), &t[1]);
	assert_ptr_equal(sem_give(&s, &sem), &t[3]);
	assert_ptr_equal(sem_give(&s, &sem), &t[0]);
	assert_ptr_equal(sem_give(&s, &sem), &t[2]);
	assert_int_equal(t[2].wait_result, RTOS_OK);
	assert_int_equal(sem.count, 0);
	assert_ptr_equal(sched_pick(&s), &t[1]);
}

static void semaphore_counts_up_to_its_max(void **state)
{
	struct rtos_sem sem;

	sem_init(&sem, 0, 2);
	start(&t[0], "a", 1);
	sched_switch(&s, 0);
	assert_int_equal(sem_take(&s, &sem, &t[0], false, RTOS_NEVER),
			 RTOS_EAGAIN);
	for (int i = 0; i < 3; i++)
		assert_null(sem_give(&s, &sem));
	assert_int_equal(sem.count, 2);
	assert_int_equal(sem_take(&s, &sem, &t[0], true, RTOS_NEVER), RTOS_OK);
	assert_int_equal(sem_take(&s, &sem, &t[0], true, RTOS_NEVER), RTOS_OK);
	assert_int_equal(sem_take(&s, &sem, &t[0], false, RTOS_NEVER),
			 RTOS_EAGAIN);
}

static void semaphore_wait_times_out(void **state)
{
	struct rtos_sem sem;

	sem_init(&sem, 0, 1);
	start(&t[1], "idle", RTOS_PRIOS - 1);
	start(&t[0], "a", 1);
	sched_switch(&s, 0);
	assert_int_equal(sem_take(&s, &sem, &t[0], true, 50), RTOS_BLOCKED);
	assert_ptr_equal(sched_switch(&s, 0), &t[1]);
	assert_int_equal(sched_next_event(&s), 50);
	assert_true(sched_tick(&s, 50));
	assert_int_equal(t[0].wait_result, RTOS_ETIMEDOUT);
	assert_int_equal(t[0].state, TASK_READY);
	/* No longer a waiter: a give now counts. */
	assert_null(sem_give(&s, &sem));
	assert_int_equal(sem.count, 1);
}

static void queue_blocks_when_empty_and_when_full(void **state)
{
	struct rtos_queue q;
	u32 buf[2], in, out, blocked = 3, got = 0;

	queue_init(&q, buf, sizeof(u32), 2);
	start(&t[2], "idle", RTOS_PRIOS - 1);
	start(&t[0], "receiver", 1);
	start(&t[1], "sender", 4);
	sched_switch(&s, 0);
	/* Empty: the receiver waits; a send hands the message over. */
	assert_int_equal(queue_recv(&s, &q, &t[0], &got, true, RTOS_NEVER),
			 RTOS_BLOCKED);
	assert_ptr_equal(sched_switch(&s, 1), &t[1]);
	in = 7;
	assert_int_equal(queue_send(&s, &q, &t[1], &in, true, RTOS_NEVER), RTOS_OK);
	assert_int_equal(got, 7);
	assert_int_equal(t[0].wait_result, RTOS_OK);
	assert_int_equal(q.count, 0);
	sched_sleep_until(&s, &t[0], 1000);	/* receiver away */
	sched_switch(&s, 2);
	/* Full: the sender waits until a receive frees a slot. */
	for (in = 1; in <= 2; in++)
		assert_int_equal(queue_send(&s, &q, &t[1], &in, true, RTOS_NEVER),
				 RTOS_OK);
	assert_int_equal(queue_send(&s, &q, &t[1], &blocked, false, RTOS_NEVER),
			 RTOS_EAGAIN);
	assert_int_equal(queue_send(&s, &q, &t[1], &blocked, true, RTOS_NEVER),
			 RTOS_BLOCKED);
	assert_ptr_equal(sched_switch(&s, 3), &t[2]);
	assert_int_equal(queue_recv(&s, &q, &t[2], &out, true, RTOS_NEVER), RTOS_OK);
	assert_int_equal(out, 1);
	assert_int_equal(t[1].state, TASK_READY);
	assert_int_equal(t[1].wait_result, RTOS_OK);
	assert_int_equal(q.count, 2);
	assert_int_equal(queue_recv(&s, &q, &t[2], &out, false, RTOS_NEVER), RTOS_OK);
	assert_int_equal(out, 2);
	assert_int_equal(queue_recv(&s, &q, &t[2], &out, false, RTOS_NEVER), RTOS_OK);
	assert_int_equal(out, 3);
	assert_int_equal(queue_recv(&s, &q, &t[2], &out, false, RTOS_NEVER),
			 RTOS_EAGAIN);
}

static void stats_summarise_the_window(void **state)
{
	static struct stats st;
	static u32 scratch[STATS_WINDOW];
	struct stats_summary r;

	stats_reset(&st);
	r = stats_summary(&st, scratch);
	assert_int_equal(r.n, 0);
	for (u32 v = 100; v >= 1; v--)
		stats_add(&st, v);
	r = stats_summary(&st, scratch);
	assert_int_equal(r.n, 100);
	assert_int_equal(r.min, 1);
	assert_int_equal(r.max, 100);
	assert_int_equal(r.mean, 50);	/* 5050 / 100 */
	assert_int_equal(r.p50, 50);	/* sorted[99 / 2] */
	assert_int_equal(r.p99, 99);	/* sorted[99 * 99 / 100] */
	/* The window keeps the last STATS_WINDOW samples; min/max all. */
	for (u32 i = 0; i < STATS_WINDOW; i++)
		stats_add(&st, 1000);
	r = stats_summary(&st, scratch);
	assert_int_equal(r.n, 100 + STATS_WINDOW);
	assert_int_equal(r.p99, 1000);
	assert_int_equal(r.min, 1);
}

static void stats_hist_bins_the_sorted_window(void **state)
{
	static const u32 few[] = { 3, 3, 7, 7, 7, 90 };
	static u32 many[200];
	struct stats_bin b[40];
	u32 total = 0;
	int k;

	(void)state;
	/* Few distinct values: one bin each, exact. */
	k = stats_hist(few, 6, b, 40);
	assert_int_equal(k, 3);
	assert_int_equal(b[0].lo, 3);
	assert_int_equal(b[0].count, 2);
	assert_int_equal(b[1].lo, 7);
	assert_int_equal(b[1].count, 3);
	assert_int_equal(b[2].lo, 90);
	assert_int_equal(b[2].count, 1);
	/* 200 distinct values into 40 bins: the top 4 bits fit (100..299:
	 * 4 bins of 8 from 96, 8 of 16 from 128, 2 of 32 from 256); every
	 * sample counted, bins ascending. */
	for (u32 i = 0; i < 200; i++)
		many[i] = 100 + i;
	k = stats_hist(many, 200, b, 40);
	assert_int_equal(k, 14);
	assert_int_equal(b[0].lo, 96);	/* 100 = 0b1100100, top 4: 0b1100000 */
	for (int i = 0; i < k; i++) {
		total += b[i].count;
		if (i)
			assert_true(b[i].lo > b[i - 1].lo);
	}
	assert_int_equal(total, 200);
	/* Too few bins for 4 bits: coarser (one bin per power of two at
	 * worst), never more than asked. */
	k = stats_hist(many, 200, b, 3);
	assert_true(k > 0 && k <= 3);
	assert_int_equal(stats_hist(many, 0, b, 3), 0);
}

static void control_loop_settles_on_the_setpoint(void **state)
{
	struct control c;

	control_init(&c, 50000);
	for (int ms = 0; ms < 3000; ms++) {
		control_step(&c);
		assert_true(c.u >= 0 && c.u <= 1000);
	}
	assert_true(c.pv > 50000 - 100 && c.pv < 50000 + 100);
	c.sp = 30000;		/* cooling: u drops to 0, then holds 100 */
	for (int ms = 0; ms < 4000; ms++)
		control_step(&c);
	assert_true(c.pv > 30000 - 100 && c.pv < 30000 + 100);
	assert_true(c.u > 90 && c.u < 110);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(highest_priority_runs_first),
		T(equals_run_in_the_order_made_ready),
		T(round_robin_on_slice_expiry),
		T(no_slice_event_without_an_equal),
		T(slice_runs_on_while_preempted),
		T(higher_priority_wake_up_preempts),
		T(timer_queue_gives_the_next_deadline),
		T(periodic_release_and_deadline_misses),
		T(semaphore_wakes_by_priority_then_fifo),
		T(semaphore_counts_up_to_its_max),
		T(semaphore_wait_times_out),
		T(queue_blocks_when_empty_and_when_full),
		T(stats_summarise_the_window),
		T(stats_hist_bins_the_sorted_window),
		T(control_loop_settles_on_the_setpoint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
