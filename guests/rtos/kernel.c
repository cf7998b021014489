/* SPDX-License-Identifier: MIT */
/*
 * The kernel around sched.c/sync.c: critical sections (PSTATE.I), the
 * context switch (<arch>/switch.S, switch.h), the tickless virtual timer
 * and the IRQ path. See rtos.h.
 *
 * Every scheduler structure is touched with IRQs masked, on the one CPU.
 * A switch saves the callee-saved registers (AArch64: and ELR_EL1,
 * SPSR_EL1) on the task's stack (<arch>/switch.S). A task preempted by an
 * interrupt keeps the IRQ vector's frame (guests/lib/<arch>/start.S)
 * below that on its own stack, and returns through it when it is
 * switched back in.
 */
#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/smp.h>
#include <guest/timer.h>

#include "rtos.h"
#include "switch.h"

#define IRQ_PRIO	0x80
#define MAX_IRQS	8
#define IDLE_STACK	2048

static struct rtos_sched sched;
static struct rtos_task idle_task;
static u8 idle_stack[IDLE_STACK] __attribute__((aligned(16)));
static u32 timer_intid;
static u64 armed = RTOS_NEVER;	/* the compare value (virtual count) while
				 * enabled; 0: stale */
/* The EL1 physical timer instead of the virtual one (rtos_init): its
 * compare value is the virtual count plus phys_off, the difference of the
 * two counters (CNTVOFF: fixed while the RTOS runs). */
static bool phys;
static u64 phys_off;
static bool in_irq;
static struct stats timer_lat;
static struct rtos_sem con_mutex;
static struct {
	u32 intid;
	rtos_irq_fn fn;
	void *arg;
} irqs[MAX_IRQS];

static u64 irq_save(void)
{
	u64 daif = read_sysreg(daif);

	exc_irq_mask();
	return daif;
}

static void irq_restore(u64 daif)
{
	write_sysreg(daif, daif);
}

/* Programs the virtual timer for the scheduler's next event. IRQs masked. */
static void timer_update(void)
{
	u64 next = sched_next_event(&sched);

	if (next == armed)
		return;
	armed = next;
	if (next == RTOS_NEVER && phys)
		timer_phys_stop();
	else if (next == RTOS_NEVER)
		timer_virt_stop();
	else if (phys)
		timer_phys_arm(next + phys_off);
	else
		timer_virt_arm(next);
}

/* Switches to the task sched.c picks. IRQs masked; outside handlers. */
static void reschedule(void)
{
	struct rtos_task *prev = sched.cur;
	struct rtos_task *next = sched_switch(&sched, cnt_now());

	timer_update();
	if (next != prev)
		rtos_ctx_switch(&prev->sp, next->sp);
}

/* After a call that may have woken a task: switch now if it should run,
 * or at the end of the interrupt being handled. IRQs masked. */
static void preempt_point(void)
{
	if (in_irq)
		return;
	if (sched_pick(&sched) != sched.cur)
		reschedule();
	else
		timer_update();
}

/* The timer's condition is met: stamp is the vector's CNTVCT (or when
 * the exit hook noticed). Wakes what is due and re-arms. */
static void timer_fired(u64 stamp)
{
	if (armed && armed != RTOS_NEVER && stamp >= armed)
		stats_add(&timer_lat, stamp - armed);
	armed = 0;	/* reprogram (or stop) whatever comes next */
	sched_tick(&sched, cnt_now());
	timer_update();
}

static void irq_handler(u32 intid, u32 source, u64 stamp)
{
	(void)source;
	in_irq = true;
	if (intid == timer_intid) {
		timer_fired(stamp);
		return;
	}
	for (unsigned i = 0; i < MAX_IRQS; i++)
		if (irqs[i].fn && irqs[i].intid == intid)
			irqs[i].fn(intid, irqs[i].arg);
}

/*
 * The IRQ exit hook: the interrupt is ended; switch if a woken task
 * outranks the interrupted one. A timer whose condition is met but whose
 * interrupt was not taken (the line stayed high across the EOI, which
 * QEMU's GICv2 does not re-signal for a hardware-linked interrupt under
 * a hypervisor; or it became due during the handler) is served here,
 * its latency measured to now.
 */
static void irq_exit(void)
{
	u32 ctl = phys ? timer_phys_ctl() : timer_virt_ctl();

	in_irq = false;
	if ((ctl & (TIMER_CTL_ENABLE | TIMER_CTL_IMASK | TIMER_CTL_ISTATUS)) ==
	    (TIMER_CTL_ENABLE | TIMER_CTL_ISTATUS))
		timer_fired(cnt_now());
	if (sched_pick(&sched) != sched.cur)
		reschedule();
	else
		timer_update();	/* a task woken here may need a slice */
}

static void idle(void *arg)
{
	(void)arg;
	for (;;)
		__asm__ volatile("wfi" : : : "memory");
}

bool rtos_init(u64 slice, bool phys_timer)
{
	sched_init(&sched, slice);
	stats_reset(&timer_lat);
	sem_init(&con_mutex, 1, 1);
	if (gic_init() == GIC_NONE)
		return false;
	phys = phys_timer;
	if (phys) {
		u64 v = cnt_now();

		phys_off = cnt_phys_now() - v;
	}
	timer_intid = phys ? timer_phys_intid() : timer_virt_intid();
	gic_set_handler(irq_handler);
	exc_set_irq_exit_handler(irq_exit);
	gic_set_priority(timer_intid, IRQ_PRIO);
	gic_enable(timer_intid);
	rtos_task_start(&idle_task, "idle", RTOS_IDLE_PRIO, idle, NULL,
			idle_stack, sizeof(idle_stack), 0);
	return true;
}

void rtos_task_start(struct rtos_task *t, const char *name, u32 prio,
		     rtos_task_fn fn, void *arg, void *stack, size_t size,
		     u64 start)
{
	u64 sp = rtos_frame_init(stack, size, fn, arg);
	u64 daif = irq_save();

	sched_task_init(t, name, prio);
	t->sp = sp;
	if (start)
		sched_sleep_until(&sched, t, start);
	else
		sched_make_ready(&sched, t);
	if (sched.cur)
		preempt_point();
	irq_restore(daif);
}

void rtos_run(void)
{
	u64 unused;

	exc_irq_mask();
	sched_switch(&sched, cnt_now());
	timer_update();
	rtos_ctx_switch(&unused, sched.cur->sp);
	__builtin_unreachable();
}

struct rtos_task *rtos_self(void)
{
	return sched.cur;
}

u64 rtos_now(void)
{
	return cnt_now();
}

void rtos_sleep_until(u64 when)
{
	u64 daif = irq_save();

	if (when > cnt_now()) {
		sched_sleep_until(&sched, sched.cur, when);
		reschedule();
	}
	irq_restore(daif);
}

void rtos_task_periodic(struct rtos_task *t, u64 period, u64 deadline,
			u64 release0)
{
	u64 daif = irq_save();

	sched_set_periodic(t, period, deadline, release0);
	irq_restore(daif);
}

u64 rtos_wait_period(void)
{
	u64 daif = irq_save(), release;

	if (sched_job_done(&sched, sched.cur, cnt_now()))
		reschedule();
	release = sched.cur->release;
	irq_restore(daif);
	return release;
}

/* Absolute timeout for a relative one. */
static u64 deadline_of(u64 timeout)
{
	return timeout == RTOS_FOREVER ? RTOS_NEVER : cnt_now() + timeout;
}

/* Finishes a call of sync.c: waits if it blocked. IRQs masked. */
static int finish(int r)
{
	if (r == RTOS_BLOCKED) {
		reschedule();
		r = sched.cur->wait_result;
	} else {
		preempt_point();
	}
	return r;
}

int rtos_sem_take(struct rtos_sem *sem, u64 timeout)
{
	u64 daif = irq_save();
	int r = finish(sem_take(&sched, sem, sched.cur, timeout != 0,
				deadline_of(timeout)));

	irq_restore(daif);
	return r;
}

void rtos_sem_give(struct rtos_sem *sem)
{
	u64 daif = irq_save();

	sem_give(&sched, sem);
	preempt_point();
	irq_restore(daif);
}

int rtos_queue_send(struct rtos_queue *q, const void *msg, u64 timeout)
{
	u64 daif = irq_save();
	int r = finish(queue_send(&sched, q, sched.cur, msg, timeout != 0,
				  deadline_of(timeout)));

	irq_restore(daif);
	return r;
}

int rtos_queue_recv(struct rtos_queue *q, void *buf, u64 timeout)
{
	u64 daif = irq_save();
	int r = finish(queue_recv(&sched, q, sched.cur, buf, timeout != 0,
				  deadline_of(timeout)));

	irq_restore(daif);
	return r;
}

bool rtos_irq_attach(u32 intid, rtos_irq_fn fn, void *arg)
{
	/* ipc_open() installs a handler of its own: take the GIC back. */
	gic_set_handler(irq_handler);
	for (unsigned i = 0; i < MAX_IRQS; i++) {
		if (!irqs[i].fn) {
			irqs[i].intid = intid;
			irqs[i].arg = arg;
			WRITE_ONCE(irqs[i].fn, fn);
			gic_set_priority(intid, IRQ_PRIO);
			gic_route_spi(intid, smp_mpidr());
			gic_enable(intid);
			return true;
		}
	}
	return false;
}

u64 rtos_rr_turns(void)
{
	return READ_ONCE(sched.rotations);
}

const struct stats *rtos_timer_latency(void)
{
	return &timer_lat;
}

void rtos_measure_reset(void)
{
	exc_irq_mask();
	stats_reset(&timer_lat);
	exc_irq_unmask();
}

void rtos_console_lock(void)
{
	if (sched.cur)
		rtos_sem_take(&con_mutex, RTOS_FOREVER);
}

void rtos_console_unlock(void)
{
	if (sched.cur)
		rtos_sem_give(&con_mutex);
}

void rtos_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rtos_console_lock();
	con_vprintf(fmt, ap);
	rtos_console_unlock();
	va_end(ap);
}
