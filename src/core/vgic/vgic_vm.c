/* SPDX-License-Identifier: MIT */
/*
 * The virtual GIC of a VM: wiring the model (vgic.c, pure) to its emulated
 * frames, to the hardware's virtual CPU interface (vgic_hw.h) around every
 * guest entry and exit, and to the physical interrupts it forwards.
 *
 * A vCPU's list registers are only read back and refilled when they hold
 * something or when the model may have new work for it (vgic_dirty), so a
 * trap with no interrupt traffic costs two flag tests.
 */
#include <arch/pte.h>

#include "check.h"
#include "console.h"
#include "cpu.h"
#include "vgic_vm.h"
#include "gic.h"
#include "vgic_hw.h"
#include "vm.h"

static const struct vgic_hw_ops *vgic_hw;

__boot bool vgic_hw_probe(const struct board *b)
{
	if (b->gic.version == 3)
		return vgic_v3_hw_probe(&vgic_hw);
	return vgic_v2_hw_probe(b, &vgic_hw);
}

/* Tells the vCPUs in mask (bit i = vCPU i) that the model has work for
 * them; those on other CPUs get a kick. */
static void kick(struct vm *vm, uint32_t mask)
{
	for (mask &= (uint32_t)(BIT(vm->nvcpus) - 1); mask; mask &= mask - 1) {
		struct vcpu *v = &vm->vcpu[__builtin_ctz(mask)];

		__atomic_store_n(&v->vgic_dirty, true, __ATOMIC_RELEASE);
		vm_kick(v);
	}
}

void vgic_vm_set_level(struct vm *vm, unsigned vcpu, uint32_t intid, bool level)
{
	kick(vm, vgic_set_level(&vm->vgic, vcpu, intid, level));
}

enum vgic_drop vgic_vm_source_low(struct vcpu *v, uint32_t intid)
{
	uint32_t mask;
	enum vgic_drop r = vgic_source_low(&v->vm->vgic, v->idx, intid, &mask);

	kick(v->vm, mask);
	return r;
}

void vgic_vm_set_pending(struct vm *vm, unsigned vcpu, uint32_t intid)
{
	kick(vm, vgic_set_pending(&vm->vgic, vcpu, intid));
}

void vgic_vm_post(struct vm *vm, uint32_t intid)
{
	int t = vgic_post(&vm->vgic, intid);

	/* The drain needs a vCPU that runs: the target if it is on, else
	 * the first that is. */
	if (t >= 0)
		vm_post(vm, (unsigned)t);
}

void vgic_vm_drain_posted(struct vm *vm)
{
	kick(vm, vgic_drain_posted(&vm->vgic));
}

static bool dist_access(struct vcpu *v, void *dev, struct vmmio_access *a)
{
	struct vm *vm = dev;
	uint32_t mask = 0;

	/* GICv2's SGIs (a word store to GICD_SGIR) without the look-up. */
	if (a->write && a->offset == VGIC_GICD_SGIR && a->size == 4 &&
	    vm->vgic.version == VGIC_V2) {
		kick(vm, vgic_sgir(&vm->vgic, v->idx, (uint32_t)a->value));
		return true;
	}
	if (vgic_dist_access(&vm->vgic, v->idx, (uint32_t)a->offset, a->size, a->write,
			     &a->value, &mask) != VGIC_OK)
		return false;
	kick(vm, mask);
	return true;
}

static bool redist_access(struct vcpu *v, void *dev, struct vmmio_access *a)
{
	struct vm *vm = dev;
	uint32_t mask = 0, off;
	unsigned target;

	if (!vgic_redist_decode(&vm->vgic, a->offset, &target, &off) ||
	    vgic_redist_access(&vm->vgic, target, off, a->size, a->write, &a->value,
			       &mask) != VGIC_OK)
		return false;
	kick(vm, mask);
	return true;
}

bool vgic_vm_sgi1r(struct vcpu *v, uint64_t val)
{
	if (v->vm->cfg->plat.gic_version != 3)
		return false;
	kick(v->vm, vgic_sgi1r(&v->vm->vgic, v->idx, val));
	return true;
}

/* The SPIs vm's GIC implements: up to its highest interrupt, in blocks
 * of 32 (GICD_TYPER.ITLinesNumber). Fewer lines make every list-register
 * fill cheaper, since the model looks at each implemented INTID. */
static unsigned vm_nspi(const struct vm *vm)
{
	const struct cfg_vm *c = vm->cfg;
	uint32_t top = vm->cfg->plat.uart.size ? vm->cfg->plat.uart_intid : 32;

	for (unsigned i = 0; i < c->ndev; i++)
		for (unsigned q = 0; q < c->dev[i].nirq; q++)
			top = MAX(top, c->dev[i].irq[q]);
	for (unsigned i = 0; i < c->nirq; i++)
		top = MAX(top, c->irq[i]);
	for (unsigned i = 0; i < c->nchan; i++)
		top = MAX(top, c->chan[i].intid);
	return MIN((unsigned)ALIGN_UP(top - 32 + 1, 32), (unsigned)VGIC_MAX_SPIS);
}

__boot bool vgic_vm_init(struct vm *vm, const struct board *b)
{
	const struct cfg_platform *pl = &vm->cfg->plat;
	enum vgic_version ver = pl->gic_version == 3 ? VGIC_V3 : VGIC_V2;

	if (vgic_init(&vm->vgic, ver, vm->nvcpus, vm_nspi(vm)) != VGIC_OK ||
	    (pl->uart.size && vgic_set_owned(&vm->vgic, pl->uart_intid) != VGIC_OK))
		return false;
	/* The EL1 physical and virtual timers' PPIs (vtimer.c), linked to
	 * hardware by the list registers or by Septum (vgic_hw.h). */
	vm->vgic.soft_links = !vgic_hw->hw_links;
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		CHECK(vgic_set_hw(&vm->vgic, i, pl->timer_intid[1], true) == VGIC_OK);
		CHECK(vgic_set_hw(&vm->vgic, i, pl->timer_intid[2], true) == VGIC_OK);
	}
	/* Both handlers refuse an access before doing anything, and touch
	 * nothing of the vCPU: the short path may take them. */
	CHECK(vmmio_register_short(&vm->mmio, pl->gicd.base, pl->gicd.size, dist_access, vm));
	if (ver == VGIC_V3) {
		CHECK(vmmio_register_short(&vm->mmio, pl->gicr.base, pl->gicr.size,
					   redist_access, vm));
		return true;
	}
	/* The guest's GICC is the hardware's GICV frame. */
	return pt_map(&vm->s2, pl->gicc.base, pa_init(b->gic.vcpuif.base), pl->gicc.size,
		      PT_RW | PT_DEVICE) == PT_OK;
}

void vgic_vcpu_reset(struct vcpu *v)
{
	vgic_lr_reset(v->lrs, VGIC_MAX_LRS);
	v->lr_used = 0;
	v->lr_live = ~0u;
	v->vgic_dirty = true;
	v->vgic_hw = (struct vgic_hw_state){ 0 };
}

void vgic_vcpu_load(struct vcpu *v)
{
	vgic_hw->load(&v->vgic_hw);
	/* Its list registers are written at the entry, all of them (put
	 * cleared them, but what else ran here is not this vCPU's to know). */
	v->vgic_dirty = true;
	v->lr_live = ~0u;
}

void vgic_vcpu_park(struct vcpu *v)
{
	/* The model keeps every entry (pending, active) for this vCPU; a
	 * linked physical interrupt ends now, for the next vCPU's sake. The
	 * link comes back at the next fill: its deactivation then ends an
	 * interrupt already ended, which does nothing. */
	for (unsigned i = 0; i < vgic_hw->nr_lrs; i++) {
		struct vgic_lr *lr = &v->lrs[i];

		if (lr->intid != VGIC_INTID_NONE && (lr->hw || lr->soft) &&
		    lr->state != VGIC_LR_INVALID)
			gic->deactivate(lr->pintid);
	}
	vgic_hw->put(&v->vgic_hw);
	v->lr_used = 0;
}

/* Soft links: the guest deactivated these, so their physical interrupts
 * end now, as the HW bit would have ended them. */
static void end_soft_links(struct vcpu *v)
{
	unsigned intid;

	while ((intid = vgic_take_ended(&v->vm->vgic, v->idx)) != VGIC_INTID_NONE)
		gic->deactivate(intid);
}

/* The list registers, read back into v->lrs, into the model. */
static void fold_lrs(struct vcpu *v)
{
	uint32_t mask = vgic_lr_sync(&v->vm->vgic, v->idx, v->lrs, vgic_hw->nr_lrs);

	kick(v->vm, mask & ~(1u << v->idx));
	if (v->vm->vgic.cpu[v->idx].ended_any)
		end_soft_links(v);
}

/* After the guest ran: what it did with its list registers goes back into
 * the model. Called first thing on every exit. */
void vgic_vcpu_exit(struct vcpu *v)
{
	if (!v->lr_used)
		return;
	vgic_hw->read_lrs(v->lrs, vgic_hw->nr_lrs);
	fold_lrs(v);
	v->vgic_dirty = true;
}

/* The short path's test: did the guest finish (deactivate) every entry
 * of its list registers? If so *live names the slots to release (every
 * used one: lr_live holds them all, and an unused slot it names holds 0
 * or a finished entry, finished too). One read, no list register read. */
static __fast_inline bool finished_lrs(struct vcpu *v, uint32_t *live)
{
	*live = 0;
	if (!v->lr_used)
		return true;
	*live = v->lr_live & (uint32_t)(BIT(vgic_hw->nr_lrs) - 1);
	return !(*live & ~vgic_hw->finished_lrs());
}

/* After the model released them (vgic_lr_insert, vgic_lr_fill_one): no
 * LR is in use; the other vCPUs in mask may take what was released, and
 * soft links end. The registers keep their stale entries until the next
 * write (v->lr_live says which). */
static __fast_inline void released(struct vcpu *v, uint32_t mask)
{
	v->lr_used = 0;
	if (mask & ~(1u << v->idx))
		kick(v->vm, mask & ~(1u << v->idx));
	if (v->vm->vgic.cpu[v->idx].ended_any)
		end_soft_links(v);
}

/* After every used slot was released and the model put one interrupt
 * into slot s (or none: s < 0): that list register written, and the
 * ones the guest saw before cleared (nothing stays queued). */
static __fast_inline void write_slot(struct vcpu *v, int s)
{
	uint32_t live = s >= 0 ? BIT(s) : 0;
	uint32_t mask = (live | v->lr_live) & (uint32_t)(BIT(vgic_hw->nr_lrs) - 1);

	if (mask)
		vgic_hw->write_lrs(v->lrs, mask, false);
	v->lr_live = live;
	v->lr_used = s >= 0;
}

enum vcpu_fast vgic_vcpu_forward(struct vcpu *v, uint32_t intid)
{
	uint32_t mask, live;
	bool done;
	int s;

	if (!finished_lrs(v, &live)) {
		vgic_vm_set_pending(v->vm, v->idx, intid);
		return VCPU_FAST_TAIL;
	}
	done = vgic_lr_insert(&v->vm->vgic, v->idx, intid, v->lrs, vgic_hw->nr_lrs, live,
			      &s, &mask);
	released(v, mask);
	if (!done) {
		kick(v->vm, 1u << v->idx);
		return VCPU_FAST_TAIL;
	}
	/* Nothing stays queued (else the insert would have failed, or the
	 * vCPU has news and takes the tail, whose entry writes again). */
	write_slot(v, s);
	return vcpu_fast_return(v) ? VCPU_FAST_DONE : VCPU_FAST_TAIL;
}

/* The list registers of v->lrs that hold an interrupt, as a mask;
 * v->lr_used becomes their count. */
static uint32_t lrs_in_use(struct vcpu *v)
{
	uint32_t live = 0;

	v->lr_used = 0;
	for (unsigned i = 0; i < vgic_hw->nr_lrs; i++) {
		if (v->lrs[i].intid == VGIC_INTID_NONE)
			continue;
		v->lr_used++;
		live |= BIT(i);
	}
	return live;
}

/* vgic_vcpu_refill_fast, and vgic_vcpu_refill_posted_fast with drain. */
static __fast_inline bool refill_fast(struct vcpu *v, bool drain)
{
	uint32_t live, mask;
	bool done;
	int s;

	if (!finished_lrs(v, &live))
		return false;
	/* As vgic_vcpu_enter: news after this comes with a kick. */
	__atomic_store_n(&v->vgic_dirty, false, __ATOMIC_SEQ_CST);
	if (drain)
		done = vgic_lr_fill_posted(&v->vm->vgic, v->idx, v->lrs, vgic_hw->nr_lrs,
					   live, &s, &mask);
	else
		done = vgic_lr_fill_one(&v->vm->vgic, v->idx, v->lrs, vgic_hw->nr_lrs, live,
					&s, &mask);
	released(v, mask);
	if (done) {
		/* Every used slot was released: only s (if any) is in use. */
		write_slot(v, s);
		return true;
	}
	v->vgic_dirty = true;
	vgic_vcpu_enter(v);
	return true;
}

bool vgic_vcpu_refill_fast(struct vcpu *v)
{
	return refill_fast(v, false);
}

bool vgic_vcpu_refill_posted_fast(struct vcpu *v)
{
	return refill_fast(v, true);
}

/* Before the guest runs again: the best pending interrupts into the list
 * registers. */
void vgic_vcpu_enter(struct vcpu *v)
{
	unsigned n = vgic_hw->nr_lrs;
	uint32_t live;
	bool queued;

	if (!__atomic_load_n(&v->vgic_dirty, __ATOMIC_ACQUIRE))
		return;
	__atomic_store_n(&v->vgic_dirty, false, __ATOMIC_RELAXED);
	queued = vgic_lr_fill(&v->vm->vgic, v->idx, v->lrs, n);
	live = lrs_in_use(v);
	if (queued)
		v->vgic_dirty = true;
	/* An LR that was and is unused holds 0 already. */
	vgic_hw->write_lrs(v->lrs, (live | v->lr_live) & (uint32_t)(BIT(n) - 1), queued);
	v->lr_live = live;
}

/* The maintenance interrupt fired (underflow, or a deactivation the model
 * asked to hear about). Its condition holds until the list registers are
 * rewritten, so rewrite them now, after the exit's sync, or the interrupt
 * would fire again the moment it is ended. */
void vgic_vcpu_maintenance(struct vcpu *v)
{
	v->vgic_dirty = true;
	vgic_vcpu_enter(v);
}

/* The vCPU leaves its CPU: fold its list registers back and end any
 * physical interrupt a hardware-linked one still holds. */
void vgic_vcpu_put(struct vcpu *v)
{
	unsigned n = vgic_hw->nr_lrs;

	vgic_vcpu_exit(v);
	/* The vCPU is going off: what its list registers held is dropped,
	 * as a powered-down CPU interface drops it, and a physical interrupt
	 * a hardware-linked entry still holds is ended here. */
	for (unsigned i = 0; i < n; i++) {
		if (v->lrs[i].intid == VGIC_INTID_NONE)
			continue;
		if ((v->lrs[i].hw || v->lrs[i].soft) && v->lrs[i].state != VGIC_LR_INVALID)
			gic->deactivate(v->lrs[i].pintid);
		v->lrs[i].state = VGIC_LR_INVALID;
	}
	vgic_lr_sync(&v->vm->vgic, v->idx, v->lrs, n);
	while (vgic_take_ended(&v->vm->vgic, v->idx) != VGIC_INTID_NONE)
		;       /* ended just above */
	vgic_lr_reset(v->lrs, n);
	vgic_hw->put(&v->vgic_hw);
	v->lr_used = 0;
}
