/* SPDX-License-Identifier: MIT */
/*
 * A small real-time kernel for one CPU at EL1: preemptive fixed-priority
 * scheduling with round-robin among equals, tickless on the EL1 virtual
 * timer, periodic tasks with deadline-miss counting, semaphores and
 * message queues. The logic is sched.c and sync.c (host-tested); this is
 * the kernel around it (kernel.c, switch.S).
 *
 * Tasks run at EL1h on their own stacks with IRQs unmasked. Interrupts
 * do not nest; a handler may give semaphores and send to queues without
 * waiting, and the switch it makes necessary happens when the interrupt
 * has been ended (the guest runtime's IRQ exit hook, guest/exc.h).
 * Priorities: 0 highest, RTOS_PRIOS - 1 the idle task's. Times and
 * timeouts are generic-counter ticks (guest/cnt.h converts). A mutex is
 * a binary semaphore, without priority inheritance: keep what it guards
 * away from the time-critical tasks (the demo's control task takes none).
 */
#ifndef RTOS_RTOS_H
#define RTOS_RTOS_H

#include <guest/types.h>

#include "sched.h"
#include "stats.h"
#include "sync.h"

#define RTOS_FOREVER	RTOS_NEVER	/* timeout: wait for ever */
#define RTOS_IDLE_PRIO	(RTOS_PRIOS - 1)

typedef void (*rtos_task_fn)(void *arg);
typedef void (*rtos_irq_fn)(u32 intid, void *arg);

/* Finds the GIC and the timer (the EL1 physical one if phys_timer, else
 * the virtual one; time is the virtual count either way), starts the idle
 * task. Boot CPU, before anything else here. Returns false if there is
 * no usable GIC. */
bool rtos_init(u64 slice, bool phys_timer);

/* Starts task t running fn(arg) on [stack, stack + size) at time start
 * (0: now). A periodic task then calls rtos_set_periodic before its
 * first rtos_wait_period. fn must not return. */
void rtos_task_start(struct rtos_task *t, const char *name, u32 prio,
		     rtos_task_fn fn, void *arg, void *stack, size_t size,
		     u64 start);

/* Runs the highest-priority task; the caller's context is abandoned. */
void rtos_run(void) __noreturn;

struct rtos_task *rtos_self(void);
u64 rtos_now(void);
void rtos_sleep_until(u64 when);

/* Makes t periodic: job k released at release0 + k * period, due
 * deadline after its release (call before t's first job ends). */
void rtos_task_periodic(struct rtos_task *t, u64 period, u64 deadline,
			u64 release0);
/* Ends the current job, waits for the next release and returns its
 * nominal release time. */
u64 rtos_wait_period(void);

/* timeout: ticks, 0 (do not wait) or RTOS_FOREVER. Returns RTOS_OK,
 * RTOS_EAGAIN (timeout 0) or RTOS_ETIMEDOUT. Give and send with timeout
 * 0 are safe in interrupt handlers. */
int rtos_sem_take(struct rtos_sem *sem, u64 timeout);
void rtos_sem_give(struct rtos_sem *sem);
int rtos_queue_send(struct rtos_queue *q, const void *msg, u64 timeout);
int rtos_queue_recv(struct rtos_queue *q, void *buf, u64 timeout);

/* Calls fn(intid, arg) for interrupt intid (enabled here at the kernel's
 * priority; an SPI routed to this CPU). False if the table is full. */
bool rtos_irq_attach(u32 intid, rtos_irq_fn fn, void *arg);

/* Round-robin turns taken so far (sched.h). */
u64 rtos_rr_turns(void);

/* Timer interrupt latency since boot: programmed CNTV_CVAL -> CNTVCT read
 * by the IRQ vector's second instruction (guests/lib/<arch>/start.S). */
const struct stats *rtos_timer_latency(void);
/* Starts the timer-latency statistics again (the "reset" command). */
void rtos_measure_reset(void);

/* con_printf for tasks: one line at a time (a mutex; the console lock
 * of guests/lib is a spinlock that a preempted task could hold). */
void rtos_printf(const char *fmt, ...) __printf(1, 2);
void rtos_console_lock(void);
void rtos_console_unlock(void);

#endif /* RTOS_RTOS_H */
