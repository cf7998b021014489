/* SPDX-License-Identifier: MIT */
/*
 * Time partitions at run time (vsched.h, src/DESIGN.md "Time partitions").
 *
 * Per scheduled CPU: which vCPU runs is decided again at every window
 * boundary (HTIMER_SCHED), when the running vCPU waits in WFI, and when
 * another CPU kicks this one (an interrupt for one of its vCPUs, a power
 * change). The vCPU that leaves is parked (vcpu_park: its state saved,
 * its interrupts kept in the vGIC model); the one chosen is loaded by
 * cpu_idle() through vcpu_settle(), as on a pinned CPU. A waiting vCPU
 * can run again once the model has an interrupt for it or its own timer's
 * deadline passed (HTIMER_SCHED is armed for it while it could run).
 * A VM being restarted has a restart task on vCPU 0's CPU: its vCPUs
 * there can run (in their windows and the slack) while the reload has
 * work, and their turns do that work (vm.c, reload.c).
 *
 * Locks: vm->lock to park a vCPU whose power changed (src/DESIGN.md,
 * "Lock order"); the rest is the calling CPU's own state.
 */
#include "arch.h"
#include "console.h"
#include "cpu.h"
#include "htimer.h"
#include "print.h"
#include "vsched.h"
#include "vcpu.h"
#include "vgic_vm.h"
#include "vm.h"

static struct sched scheds[BOARD_MAX_CPUS];

/* The vCPU of cfg reference r, or NULL if its VM was not built. */
__boot static struct vcpu *vcpu_of(const struct partition *p, const struct cfg_vcpu_ref *r)
{
	for (unsigned i = 0; i < vm_count; i++)
		if (vms[i].cfg == &p->vm[r->vm])
			return &vms[i].vcpu[r->vcpu];
	return NULL;
}

__boot static uint64_t ticks(uint32_t us)
{
	return (uint64_t)us * arch_counter_freq() / 1000000;
}

__boot static void log_line(void *ctx, const char *line)
{
	log_info("schedule: %s", line);
}

static void tick(struct cpu *c, uint64_t now)
{
	sched_resched(c);
}

/* Builds CPU cpu's run-time schedule from s; marks its vCPUs. */
__boot static void build(const struct partition *p, unsigned cpu, const struct cfg_sched *s)
{
	struct sched *r = &scheds[cpu];

	r->frame = ticks(s->frame_us);
	r->nwin = s->nwin;
	for (unsigned i = 0; i < s->nwin; i++) {
		const struct cfg_window *w = &s->win[i];

		r->win[i] = (struct sched_window){ ticks(w->offset_us),
			ticks(w->offset_us + w->duration_us), vcpu_of(p, &w->who) };
		if (r->win[i].owner)
			r->win[i].owner->scheduled = true;
	}
	for (unsigned i = 0; i < s->nslack; i++) {
		struct vcpu *v = vcpu_of(p, &s->slack[i]);

		if (v) {
			v->scheduled = true;
			r->slack[r->nslack++] = v;
		}
	}
	cfg_sched_timeline(p, cpu, log_line, NULL);
	__atomic_store_n(&cpus[cpu].sched, r, __ATOMIC_RELEASE);
}

__boot void sched_init(const struct partition *p)
{
	bool any = false;

	htimer_register(HTIMER_SCHED, tick);
	for (unsigned cpu = 0; cpu < cpu_count; cpu++) {
		const struct cfg_sched *s = &p->sched[cpu];

		if (s->present && s->valid) {
			build(p, cpu, s);
			any = true;
		}
	}
	if (any)
		cfg_sched_shares(p, log_line, NULL);
}

/* Has v an interrupt to take: pending in one of its list registers (as
 * the last exit left them), or queued in the model? */
static bool has_interrupt(struct vcpu *v)
{
	for (unsigned i = 0; i < VGIC_MAX_LRS; i++)
		if (v->lrs[i].intid != VGIC_INTID_NONE && (v->lrs[i].state & VGIC_LR_PENDING))
			return true;
	return vgic_vcpu_queued(&v->vm->vgic, v->idx);
}

/* Is v's time its VM's restart task's: the VM is being reloaded
 * (vm_stop) and v is on the CPU that does it, vCPU 0's? */
static bool restart_task(const struct vcpu *v)
{
	const struct vm *vm = v->vm;

	return v->cpu == vm->vcpu[0].cpu && __atomic_load_n(&vm->reload.pending, __ATOMIC_ACQUIRE);
}

/* Can v run now? A waiting vCPU can once an interrupt is pending for it
 * or its timer's deadline passed; else its deadline, if earlier, becomes
 * *event. */
static bool runnable(struct vcpu *v, uint64_t now, uint64_t *event)
{
	enum vcpu_power power = __atomic_load_n(&v->power, __ATOMIC_ACQUIRE);

	if (power == VCPU_ON_PENDING)
		return true;
	if (power != VCPU_ON)
		return restart_task(v);   /* its VM's vCPUs are off meanwhile */
	if (!v->waiting)
		return true;
	if ((v->wake_at && v->wake_at <= now) || has_interrupt(v)) {
		v->waiting = false;
		return true;
	}
	if (v->wake_at && v->wake_at < *event)
		*event = v->wake_at;
	return false;
}

/* The vCPU to run at now, and in *event when to decide again. */
static struct vcpu *pick(const struct sched *s, uint64_t now, uint64_t *event)
{
	uint64_t pos = now % s->frame, start = now - pos;
	const struct sched_window *open = NULL;

	*event = start + s->frame;
	/* Invariant: win[0..i) all end at or before pos. */
	for (unsigned i = 0; i < s->nwin; i++) {
		if (pos < s->win[i].start) {
			*event = start + s->win[i].start;
			break;
		}
		if (pos < s->win[i].end) {
			open = &s->win[i];
			*event = start + open->end;
			break;
		}
	}
	if (open && open->owner && runnable(open->owner, now, event))
		return open->owner;
	for (unsigned i = 0; i < s->nslack; i++)
		if (runnable(s->slack[i], now, event))
			return s->slack[i];
	return NULL;
}

/* Takes v (loaded on this CPU) off it: parked with its interrupts if it
 * is still on, else put as a vCPU that was turned off is. */
static void leave(struct vcpu *v)
{
	struct vm *vm = v->vm;

	spin_lock(&vm->lock);
	if (v->power == VCPU_ON)
		vcpu_park(v);
	else
		vcpu_put(v);
	spin_unlock(&vm->lock);
	v->wake_at = arch_vcpu_timer_deadline(&v->arch);
}

void sched_resched(struct cpu *c)
{
	struct sched *s = c->sched;
	uint64_t now = arch_counter(), event;
	struct vcpu *next = pick(s, now, &event), *cur = c->vcpu;

	/* Only a restart task is chosen while off (runnable). */
	s->restart_turn = next && __atomic_load_n(&next->power, __ATOMIC_RELAXED) == VCPU_OFF;
	if (next != cur) {
		if (cur && cur->loaded)
			leave(cur);
		c->vcpu = next;
		s->switches++;
		/* It waits from now on: its timer may end that. */
		if (cur && cur->waiting && cur->wake_at && cur->wake_at < event)
			event = cur->wake_at;
	}
	htimer_set(HTIMER_SCHED, event);
}

bool sched_restart_turn(struct cpu *c)
{
	struct vcpu *v = c->vcpu;
	uint64_t until;

	if (!c->sched->restart_turn || !v || !restart_task(v))
		return false;
	/* Up to the next decision: a boundary, a waiting vCPU's timer, a
	 * watchdog (or an interrupt: reload_run looks). */
	until = htimer_next(c);
	return vm_restart_turn(v->vm, until ? until : ~0ull);
}

void sched_wfi(struct vcpu *v)
{
	struct cpu *c = &cpus[v->cpu];

	if (!c->sched || has_interrupt(v))
		return;
	v->waiting = true;
	v->wake_at = 0;   /* its timer is read when it leaves the CPU */
	sched_resched(c);
}
