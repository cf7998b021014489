/* SPDX-License-Identifier: MIT */
/*
 * List-register policy: which interrupts a vCPU's LRs hold, decided on an
 * array of neutral struct vgic_lr (the glue encodes ICH_LR<n>_EL2 or
 * GICH_LR<n>). Virtual interface behaviour: IHI 0069H 4.8 and 12.4,
 * IHI 0048B 5.
 *
 * Between vgic_lr_sync and vgic_lr_fill the model is complete: an entry
 * still held by an LR has had its state folded back. vgic_lr_fill moves
 * the pending state of edge-triggered, hardware-linked and v2 SGI entries
 * into the LR ("transfer": their latch is cleared, the LR now carries it),
 * and vgic_lr_sync gives back what the guest did not acknowledge.
 * Level-sensitive entries not linked to hardware stay pending in the model
 * (their line decides) until the guest acknowledges them; they ask for a
 * maintenance interrupt on deactivation so that a line still high is seen
 * again at once.
 */
#include "check.h"
#include "vgic_priv.h"

void vgic_lr_reset(struct vgic_lr *lrs, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		lrs[i] = (struct vgic_lr){ .intid = VGIC_INTID_NONE };
}

static void set_flag(struct vgic_irq *irq, uint16_t f, bool set)
{
	if (set)
		irq->flags |= f;
	else
		irq->flags &= ~f;
}

/*
 * May intid's pending state go into an LR of vcpu? It must be deliverable;
 * a hardware-linked interrupt that is active cannot also be pending in its
 * LR (the physical one stays active until the guest deactivates it); and
 * an active interrupt re-routed elsewhere takes its new pending state to
 * its new target once deactivated. A pending-only LR entry is in flight:
 * it stays with its vCPU even if re-routed.
 */
static __fast_inline bool pend_loadable(const struct vgic_dist *d, unsigned vcpu,
					unsigned intid, const struct vgic_irq *irq)
{
	if (!vgic_irq_deliverable_fast(d, vcpu, intid, irq))
		return false;
	if (!(irq->flags & VGIC_F_ACTIVE))
		return true;
	return !(irq->flags & VGIC_F_HW) &&
	       vgic_irq_target_fast(d, vcpu, intid, irq) == (int)vcpu;
}

/* Is intid in vcpu's queue? If so, fills *p. Inline: the short path's
 * receivers look at one or two this way. */
static __fast_inline bool queued(struct vgic_dist *d, unsigned vcpu, unsigned intid,
				 const struct vgic_irq *irq, struct vgic_pending *p)
{
	bool act, pend;

	if (irq->flags & VGIC_F_IN_LR)
		return false;
	if (vgic_irq_target_fast(d, vcpu, intid, irq) != (int)vcpu)
		return false;
	act = irq->flags & VGIC_F_ACTIVE;
	pend = pend_loadable(d, vcpu, intid, irq);
	if (!act && !pend)
		return false;
	p->intid = (uint16_t)intid;
	p->priority = irq->priority;
	p->pending = pend;
	p->active = act;
	p->source = 0;
	if (pend && vgic_is_v2_sgi(d, intid))
		p->source = (uint8_t)__builtin_ctz(d->cpu[vcpu].sgi_src[intid]);
	return true;
}

/*
 * Inserts p into q[0..*n), kept best first with at most max entries.
 * Invariant: callers insert in increasing INTID order, so an entry goes
 * after those of equal priority: ties are ordered by INTID.
 */
static void insert(struct vgic_pending *q, unsigned *n, unsigned max,
		   const struct vgic_pending *p)
{
	unsigned i = *n;

	while (i > 0 && q[i - 1].priority > p->priority)
		i--;
	if (i >= max)
		return;
	for (unsigned j = MIN(*n, max - 1); j > i; j--)
		q[j] = q[j - 1];
	q[i] = *p;
	if (*n < max)
		(*n)++;
}

/* A cheap test that queued() can only pass when: not in an LR, and active,
 * or enabled and pending by any route. It skips the routing work for the
 * (many) idle interrupts, and for disabled ones whose line stays high (a
 * vUART's); collect() runs before every guest entry with news. Every
 * change of these flags hints the interrupt (an ISENABLER write too). */
static __fast_inline bool maybe_queued(const struct vgic_dist *d, unsigned vcpu,
				       unsigned intid, const struct vgic_irq *irq)
{
	if (irq->flags & VGIC_F_IN_LR)
		return false;
	if (irq->flags & VGIC_F_ACTIVE)
		return true;
	if (!(irq->flags & VGIC_F_ENABLED))
		return false;
	if (irq->flags & (VGIC_F_LATCH | VGIC_F_LINE))
		return true;
	return vgic_is_v2_sgi(d, intid) && d->cpu[vcpu].sgi_src[intid];
}

/* Looks at intid for vcpu's queue: inserts it into q if queued, and
 * returns false if it cannot be queued at all (its hint may go). */
static bool consider(struct vgic_dist *d, unsigned vcpu, unsigned intid,
		     struct vgic_pending *q, unsigned *n, unsigned max)
{
	const struct vgic_irq *irq = vgic_irq_get_fast(d, vcpu, intid);
	struct vgic_pending p;

	if (!irq || !maybe_queued(d, vcpu, intid, irq))
		return false;
	if (queued(d, vcpu, intid, irq, &p))
		insert(q, n, max, &p);
	return true;
}

#ifdef VGIC_HINT_CHECK
/* Everything, ignoring the hints: what the hinted walk must match. */
static unsigned collect_all(struct vgic_dist *d, unsigned vcpu,
			    struct vgic_pending *q, unsigned max)
{
	unsigned n = 0;

	for (unsigned intid = 0; intid < VGIC_NR_PRIVATE + d->nspi; intid++)
		consider(d, vcpu, intid, q, &n, max);
	return n;
}
#endif

/*
 * The best max entries of vcpu's queue into q; returns how many. Only
 * hinted interrupts can be queued (maybe_queued): the walk visits those,
 * in INTID order, and drops the hints of the ones that cannot. A host
 * build with VGIC_HINT_CHECK compares every walk with a full scan.
 */
static unsigned collect(struct vgic_dist *d, unsigned vcpu,
			struct vgic_pending *q, unsigned max)
{
	unsigned n = 0;
	uint32_t bits = d->cpu[vcpu].hint;

	while (bits) {
		unsigned i = (unsigned)__builtin_ctz(bits);

		bits &= bits - 1;
		if (!consider(d, vcpu, i, q, &n, max))
			d->cpu[vcpu].hint &= ~BIT(i);
	}
	for (unsigned w = 0; w < (d->nspi + 31) / 32; w++) {
		bits = d->spi_hint[w];
		while (bits) {
			unsigned i = (unsigned)__builtin_ctz(bits);

			bits &= bits - 1;
			if (!consider(d, vcpu, VGIC_NR_PRIVATE + 32 * w + i, q, &n, max))
				d->spi_hint[w] &= ~BIT(i);
		}
	}
#ifdef VGIC_HINT_CHECK
	{
		struct vgic_pending all[64];

		CHECK(max <= 64);
		CHECK(collect_all(d, vcpu, all, max) == n);
		for (unsigned i = 0; i < n; i++)
			CHECK(all[i].intid == q[i].intid && all[i].pending == q[i].pending &&
			      all[i].active == q[i].active && all[i].source == q[i].source);
	}
#endif
	return n;
}

unsigned vgic_queue(struct vgic_dist *d, unsigned vcpu,
		    struct vgic_pending *out, unsigned max)
{
	unsigned n;

	CHECK(vcpu < d->nvcpus);
	if (max == 0)
		return 0;
	spin_lock(&d->lock);
	n = collect(d, vcpu, out, max);
	spin_unlock(&d->lock);
	return n;
}

bool vgic_vcpu_queued(struct vgic_dist *d, unsigned vcpu)
{
	struct vgic_pending q[VGIC_MAX_LRS];
	unsigned n;
	bool pend = false;

	CHECK(vcpu < d->nvcpus);
	spin_lock(&d->lock);
	n = collect(d, vcpu, q, VGIC_MAX_LRS);
	spin_unlock(&d->lock);
	for (unsigned i = 0; i < n; i++)
		pend |= q[i].pending;
	return pend;
}

bool vgic_vcpu_pending(struct vgic_dist *d, unsigned vcpu, uint8_t *prio)
{
	bool found = false;
	uint8_t best = 0xff;

	CHECK(vcpu < d->nvcpus);
	spin_lock(&d->lock);
	for (unsigned intid = 0; intid < VGIC_NR_PRIVATE + d->nspi; intid++) {
		const struct vgic_irq *irq = vgic_irq_get(d, vcpu, intid);
		int owner;

		if (!irq)
			continue;
		owner = (irq->flags & VGIC_F_IN_LR) ? irq->lr_vcpu :
			vgic_irq_target(d, vcpu, intid, irq);
		if (owner != (int)vcpu || !pend_loadable(d, vcpu, intid, irq))
			continue;
		found = true;
		best = MIN(best, irq->priority);
	}
	spin_unlock(&d->lock);
	if (found && prio)
		*prio = best;
	return found;
}

/* Out of the LR, it may be queued again (still latched, or active): then
 * it gets its hint (an idle one does not, so the walks skip it). */
static __fast_inline void lr_free(struct vgic_dist *d, unsigned vcpu,
				  struct vgic_lr *lr, struct vgic_irq *irq)
{
	irq->flags &= ~(VGIC_F_IN_LR | VGIC_F_LR_PEND | VGIC_F_LR_XFER |
			VGIC_F_PEND_OVR | VGIC_F_ACT_OVR);
	if (maybe_queued(d, vcpu, lr->intid, irq))
		vgic_hint(d, vcpu, lr->intid);
	lr->intid = VGIC_INTID_NONE;
	lr->state = VGIC_LR_INVALID;
}

/* Does the pending state move into the LR when the interrupt is loaded
 * (edge-triggered, linked to hardware, or a v2 SGI)? */
static bool transfers(const struct vgic_dist *d, unsigned intid,
		      const struct vgic_irq *irq)
{
	return vgic_is_v2_sgi(d, intid) ||
	       (irq->flags & (VGIC_F_EDGE | VGIC_F_HW));
}

/* Gives the pending state an LR entry carries back to the model (for the
 * kinds whose pending state was transferred into it). Idempotent. */
static void give_back(struct vgic_dist *d, unsigned vcpu,
		      const struct vgic_lr *lr, struct vgic_irq *irq)
{
	if (!(lr->state & VGIC_LR_PENDING) || !(irq->flags & VGIC_F_LR_XFER))
		return;
	if (vgic_is_v2_sgi(d, lr->intid))
		d->cpu[vcpu].sgi_src[lr->intid] |= BIT(lr->source);
	else
		irq->flags |= VGIC_F_LATCH;
	vgic_hint(d, vcpu, lr->intid);
}

/* Loads lr (holding irq) with pend and act, transferring the pending
 * state where it moves (more: other v2 SGI sources wait). Inline: the
 * short path's inserts call it with constants. */
static __fast_inline void lr_load(struct vgic_dist *d, unsigned vcpu,
				  struct vgic_lr *lr, struct vgic_irq *irq, bool pend,
				  bool act, uint8_t more)
{
	unsigned intid = lr->intid;
	bool hw = irq->flags & VGIC_F_HW;

	set_flag(irq, VGIC_F_LR_XFER, pend && transfers(d, intid, irq));
	if (irq->flags & VGIC_F_LR_XFER) {
		if (vgic_is_v2_sgi(d, intid))
			d->cpu[vcpu].sgi_src[intid] &= ~BIT(lr->source);
		else
			irq->flags &= ~VGIC_F_LATCH;
	}
	set_flag(irq, VGIC_F_LR_PEND, pend);
	lr->state = (pend ? VGIC_LR_PENDING : 0) | (act ? VGIC_LR_ACTIVE : 0);
	lr->priority = irq->priority;
	lr->group1 = d->version == VGIC_V3;
	lr->hw = hw && !d->soft_links;
	lr->soft = hw && d->soft_links;
	lr->pintid = hw ? (uint16_t)intid : 0;
	lr->eoi_maint = lr->soft || (!hw && (!(irq->flags & VGIC_F_EDGE) || more));
}

/*
 * Writes the model's state of lr->intid into lr, transferring its pending
 * state. Frees lr (returns false) if it is neither deliverable nor active.
 * For a v2 SGI the LR keeps its source while active (the guest's EOI names
 * it); other pending sources wait for its deactivation.
 */
static bool lr_update(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lr,
		      struct vgic_irq *irq)
{
	unsigned intid = lr->intid;
	bool act = irq->flags & VGIC_F_ACTIVE;
	bool pend = pend_loadable(d, vcpu, intid, irq);
	uint8_t more = 0;

	if (vgic_is_v2_sgi(d, intid)) {
		uint8_t *src = &d->cpu[vcpu].sgi_src[intid];

		if (!act && *src && !(*src & BIT(lr->source)))
			lr->source = (uint8_t)__builtin_ctz(*src);
		pend = pend && (*src & BIT(lr->source));
		more = *src & ~BIT(lr->source);
	}
	irq->flags &= ~(VGIC_F_PEND_OVR | VGIC_F_ACT_OVR);
	if (!pend && !act) {
		lr_free(d, vcpu, lr, irq);
		return false;
	}
	lr_load(d, vcpu, lr, irq, pend, act, more);
	return true;
}

/* Takes a pending-only entry out of lr, giving its pending state back. */
static void lr_evict(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lr)
{
	struct vgic_irq *irq = vgic_irq_get(d, vcpu, lr->intid);

	CHECK(irq && lr->state == VGIC_LR_PENDING);
	give_back(d, vcpu, lr, irq);
	lr_free(d, vcpu, lr, irq);
}

static int free_slot(const struct vgic_lr *lrs, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (lrs[i].intid == VGIC_INTID_NONE)
			return (int)i;
	return -1;
}

/* The worst pending-only entry (highest priority value, then highest
 * INTID) if its priority is strictly lower than prio's; else -1. */
static int victim(const struct vgic_lr *lrs, unsigned n, uint8_t prio)
{
	int v = -1;

	for (unsigned i = 0; i < n; i++) {
		if (lrs[i].state != VGIC_LR_PENDING)
			continue;
		if (v < 0 || lrs[i].priority > lrs[v].priority ||
		    (lrs[i].priority == lrs[v].priority &&
		     lrs[i].intid > lrs[v].intid))
			v = (int)i;
	}
	return (v >= 0 && lrs[v].priority > prio) ? v : -1;
}

bool vgic_lr_fill(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lrs,
		  unsigned n)
{
	struct vgic_pending q[VGIC_MAX_LRS + 1];
	bool evicted = false;
	unsigned nq, j;

	CHECK(vcpu < d->nvcpus && n <= VGIC_MAX_LRS);
	spin_lock(&d->lock);
	for (unsigned i = 0; i < n; i++) {
		struct vgic_irq *irq;

		if (lrs[i].intid == VGIC_INTID_NONE)
			continue;
		irq = vgic_irq_get(d, vcpu, lrs[i].intid);
		CHECK(irq && (irq->flags & VGIC_F_IN_LR) &&
		      irq->lr_vcpu == vcpu);
		/* As sync did: a fill repeated without running is harmless. */
		if (!(irq->flags & VGIC_F_PEND_OVR))
			give_back(d, vcpu, &lrs[i], irq);
		lr_update(d, vcpu, &lrs[i], irq);
	}
	/* One more than fits tells whether some stay queued. Invariant: q
	 * is best first, so once q[j] finds no slot, no later one does. */
	nq = collect(d, vcpu, q, n + 1);
	for (j = 0; j < nq; j++) {
		struct vgic_irq *irq = vgic_irq_get(d, vcpu, q[j].intid);
		int s = free_slot(lrs, n);

		if (s < 0) {
			s = victim(lrs, n, q[j].priority);
			if (s < 0)
				break;
			lr_evict(d, vcpu, &lrs[s]);
			evicted = true;
		}
		irq->flags |= VGIC_F_IN_LR;
		irq->lr_vcpu = (uint8_t)vcpu;
		lrs[s].intid = q[j].intid;
		lrs[s].source = q[j].source;
		lr_update(d, vcpu, &lrs[s], irq);
	}
	spin_unlock(&d->lock);
	return j < nq || evicted;
}

/* A soft-linked entry the guest deactivated: its physical interrupt is
 * Septum's to end (vgic_take_ended). */
static void ended(struct vgic_dist *d, unsigned vcpu, unsigned intid)
{
	d->cpu[vcpu].ended[intid / 32] |= BIT(intid % 32);
	d->cpu[vcpu].ended_any = true;
}

unsigned vgic_take_ended(struct vgic_dist *d, unsigned vcpu)
{
	struct vgic_cpu *c = &d->cpu[vcpu];

	CHECK(vcpu < d->nvcpus);
	for (unsigned w = 0; c->ended_any && w < ARRAY_SIZE(c->ended); w++) {
		if (c->ended[w]) {
			unsigned b = (unsigned)__builtin_ctz(c->ended[w]);

			c->ended[w] &= ~BIT(b);
			return 32 * w + b;
		}
	}
	c->ended_any = false;
	return VGIC_INTID_NONE;
}

/* Folds what the guest did to lr (IHI 0069H 4.8: pending -> active on
 * acknowledge, active -> invalid on deactivation) into the model. A state
 * written by a register access meanwhile (the _OVR flags) wins. */
static void lr_fold(struct vgic_dist *d, unsigned vcpu,
		    const struct vgic_lr *lr, struct vgic_irq *irq)
{
	bool pend = lr->state & VGIC_LR_PENDING;

	if (!(irq->flags & VGIC_F_ACT_OVR))
		set_flag(irq, VGIC_F_ACTIVE, lr->state & VGIC_LR_ACTIVE);
	if (irq->flags & VGIC_F_PEND_OVR)
		return;
	if (irq->flags & VGIC_F_LR_XFER) {
		give_back(d, vcpu, lr, irq);
	} else if ((irq->flags & VGIC_F_LR_PEND) && !pend) {
		/* Acknowledged: that consumes a level interrupt's latch. */
		irq->flags &= ~VGIC_F_LATCH;
	}
}

uint32_t vgic_lr_sync(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lrs,
		      unsigned n)
{
	uint32_t kick = 0;

	CHECK(vcpu < d->nvcpus && n <= VGIC_MAX_LRS);
	spin_lock(&d->lock);
	for (unsigned i = 0; i < n; i++) {
		struct vgic_lr *lr = &lrs[i];
		unsigned intid = lr->intid;
		struct vgic_irq *irq;
		int t;

		if (intid == VGIC_INTID_NONE)
			continue;
		irq = vgic_irq_get(d, vcpu, intid);
		CHECK(irq && (irq->flags & VGIC_F_IN_LR) &&
		      irq->lr_vcpu == vcpu);
		lr_fold(d, vcpu, lr, irq);
		if (lr->state != VGIC_LR_INVALID)
			continue;
		if (lr->soft)
			ended(d, vcpu, intid);
		/* Deactivated: now anyone it is routed to may take it. */
		t = vgic_irq_target(d, vcpu, intid, irq);
		lr_free(d, vcpu, lr, irq);
		if (t != VGIC_NO_VCPU && t != (int)vcpu &&
		    vgic_irq_deliverable(d, vcpu, intid, irq))
			kick |= BIT(t);
	}
	spin_unlock(&d->lock);
	return kick;
}

/*
 * lr (holding irq) as the guest left it when the hardware says it is
 * finished (ICH_ELRSR/EISR, GICH_ELRSR/EISR: invalid): vgic_lr_sync's
 * work for an invalid entry, folded into one pass over the flags. Not
 * active (unless a register write set it: ACT_OVR); nothing to give back
 * (an invalid LR holds no pending state); an acknowledged level entry
 * that was not transferred consumed its latch (unless PEND_OVR). Returns
 * the kick mask of the other vCPU that may now take it.
 */
static __fast_inline uint32_t lr_release(struct vgic_dist *d, unsigned vcpu,
					 struct vgic_lr *lr, struct vgic_irq *irq)
{
	unsigned intid = lr->intid;
	uint32_t f = irq->flags;
	int t;

	if (!(f & VGIC_F_ACT_OVR))
		f &= ~VGIC_F_ACTIVE;
	if ((f & (VGIC_F_PEND_OVR | VGIC_F_LR_XFER | VGIC_F_LR_PEND)) == VGIC_F_LR_PEND)
		f &= ~VGIC_F_LATCH;
	irq->flags = (uint16_t)f;
	lr->state = VGIC_LR_INVALID;
	if (lr->soft)
		ended(d, vcpu, intid);
	lr_free(d, vcpu, lr, irq);
	/* A private one is its own vCPU's alone; an SPI not pending (by
	 * latch or level line) is no one's to take. */
	if (intid < VGIC_NR_PRIVATE || (!(f & VGIC_F_LATCH) &&
					((f & VGIC_F_EDGE) || !(f & VGIC_F_LINE))))
		return 0;
	t = vgic_irq_target_fast(d, vcpu, intid, irq);
	if (t != VGIC_NO_VCPU && t != (int)vcpu && vgic_irq_deliverable(d, vcpu, intid, irq))
		return BIT(t);
	return 0;
}

/* vgic_lr_release under d->lock. */
static __fast_inline uint32_t release_locked(struct vgic_dist *d, unsigned vcpu,
					     struct vgic_lr *lrs, uint32_t mask)
{
	uint32_t kick = 0;

	/* Invariant: the slots of mask below its lowest set bit are done. */
	for (; mask; mask &= mask - 1) {
		struct vgic_lr *lr = &lrs[__builtin_ctz(mask)];
		struct vgic_irq *irq;

		if (lr->intid == VGIC_INTID_NONE)
			continue;
		irq = vgic_irq_get_fast(d, vcpu, lr->intid);
		CHECK(irq && (irq->flags & VGIC_F_IN_LR) && irq->lr_vcpu == vcpu);
		kick |= lr_release(d, vcpu, lr, irq);
	}
	return kick;
}

uint32_t vgic_lr_release(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lrs,
			 uint32_t mask)
{
	uint32_t kick;

	CHECK(vcpu < d->nvcpus && mask < BIT(VGIC_MAX_LRS));
	spin_lock(&d->lock);
	kick = release_locked(d, vcpu, lrs, mask);
	spin_unlock(&d->lock);
	return kick;
}

/* intid (bank of vcpu) can no longer be queued: its hint goes. */
static __fast_inline void unhint(struct vgic_dist *d, unsigned vcpu, unsigned intid)
{
	if (intid < VGIC_NR_PRIVATE)
		d->cpu[vcpu].hint &= ~BIT(intid);
	else
		d->spi_hint[(intid - VGIC_NR_PRIVATE) / 32] &= ~BIT((intid - VGIC_NR_PRIVATE) % 32);
}

/* How many interrupts but skip are queued for vcpu, counting to 2; *first
 * gets the first one's INTID. Walks the hints as collect() does, dropping
 * those of interrupts that cannot be queued. */
static unsigned hinted_queued(struct vgic_dist *d, unsigned vcpu, unsigned skip,
			      unsigned *first)
{
	struct vgic_pending p;
	uint32_t bits = d->cpu[vcpu].hint & ~(skip < VGIC_NR_PRIVATE ? BIT(skip) : 0);
	unsigned found = 0;

	for (unsigned w = 0;; w++) {
		while (bits) {
			unsigned i = (unsigned)__builtin_ctz(bits) +
				     (w ? VGIC_NR_PRIVATE + 32 * (w - 1) : 0);
			const struct vgic_irq *irq = vgic_irq_get_fast(d, vcpu, i);

			bits &= bits - 1;
			if (!irq || !maybe_queued(d, vcpu, i, irq)) {
				unhint(d, vcpu, i);
				continue;
			}
			if (!queued(d, vcpu, i, irq, &p))
				continue;
			*first = i;
			if (++found > 1)
				return found;
		}
		if (w == (d->nspi + 31) / 32)
			return found;
		bits = d->spi_hint[w];
		if (skip >= VGIC_NR_PRIVATE && (skip - VGIC_NR_PRIVATE) / 32 == w)
			bits &= ~BIT((skip - VGIC_NR_PRIVATE) % 32);
	}
}

/* How many interrupts are hinted for vcpu (its own bank's word and the
 * VM's SPI words together), counting to 2; *intid gets the one if one.
 * One is the usual case after an SGI or a doorbell, and then needs no
 * walk; none, after the guest ended its last one. */
static __fast_inline unsigned count_hints(const struct vgic_dist *d, unsigned vcpu,
					  unsigned *intid)
{
	uint32_t bits = d->cpu[vcpu].hint;
	unsigned base = 0;

	for (unsigned w = 0; w < (d->nspi + 31) / 32; w++) {
		if (!d->spi_hint[w])
			continue;
		if (bits)
			return 2;
		bits = d->spi_hint[w];
		base = VGIC_NR_PRIVATE + 32 * w;
	}
	if (!bits)
		return 0;
	if (bits & (bits - 1))
		return 2;
	*intid = base + (unsigned)__builtin_ctz(bits);
	return 1;
}

/* hinted_queued(d, vcpu, none, first), without its walk when at most one
 * interrupt is hinted; then *irqp gets the first one's state too. */
static __fast_inline unsigned count_queued(struct vgic_dist *d, unsigned vcpu,
					   unsigned *first, struct vgic_irq **irqp)
{
	struct vgic_irq *irq;
	struct vgic_pending p;
	unsigned i = VGIC_INTID_NONE, n = count_hints(d, vcpu, &i);

	*irqp = NULL;
	if (n != 1)
		return n ? hinted_queued(d, vcpu, VGIC_INTID_NONE, first) : 0;
	irq = vgic_irq_get_fast(d, vcpu, i);
	if (!irq || !maybe_queued(d, vcpu, i, irq)) {
		unhint(d, vcpu, i);
		return 0;
	}
	if (!queued(d, vcpu, i, irq, &p))
		return 0;
	*first = i;
	*irqp = irq;
	return 1;
}

/* Is any interrupt but skip hinted for vcpu? Most calls of the short
 * path's insert find none: this spares them hinted_queued's walk. */
static bool other_hints(const struct vgic_dist *d, unsigned vcpu, unsigned skip)
{
	uint32_t any = d->cpu[vcpu].hint & ~(skip < VGIC_NR_PRIVATE ? BIT(skip) : 0);
	unsigned sw = (skip - VGIC_NR_PRIVATE) / 32;

	for (unsigned w = 0; !any && w < (d->nspi + 31) / 32; w++)
		any = d->spi_hint[w] & ~(skip >= VGIC_NR_PRIVATE && w == sw ?
					 BIT((skip - VGIC_NR_PRIVATE) % 32) : 0);
	return any;
}

/* Puts intid, pending only, into the free slot lr of vcpu's LRs (a v2
 * SGI with its lowest pending source, as the fill does). */
static __fast_inline void lr_insert(struct vgic_dist *d, unsigned vcpu,
				    struct vgic_lr *lr, unsigned intid,
				    struct vgic_irq *irq)
{
	uint8_t more = 0;

	irq->flags &= ~(VGIC_F_PEND_OVR | VGIC_F_ACT_OVR);
	irq->flags |= VGIC_F_IN_LR;
	irq->lr_vcpu = (uint8_t)vcpu;
	lr->intid = (uint16_t)intid;
	lr->source = 0;
	if (vgic_is_v2_sgi(d, intid)) {
		uint8_t src = d->cpu[vcpu].sgi_src[intid];

		lr->source = (uint8_t)__builtin_ctz(src);
		more = src & ~BIT(lr->source);
	}
	lr_load(d, vcpu, lr, irq, true, false, more);
}

/* vgic_lr_fill_one, and vgic_lr_fill_posted when drain is set. */
static __fast_inline bool fill_one(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lrs,
				   unsigned n, uint32_t finished, bool drain, int *slot,
				   uint32_t *kick)
{
	unsigned intid = VGIC_INTID_NONE, nq;
	struct vgic_irq *irq;
	bool done = false;
	int s = -1;

	CHECK(vcpu < d->nvcpus && n <= VGIC_MAX_LRS && finished < BIT(n));
	spin_lock(&d->lock);
	*kick = release_locked(d, vcpu, lrs, finished);
	if (drain && __atomic_exchange_n(&d->posted_any, false, __ATOMIC_SEQ_CST))
		*kick |= vgic_drain_locked(d);
	nq = count_queued(d, vcpu, &intid, &irq);
	if (nq == 0) {
		done = true;
	} else if (nq == 1 && (s = free_slot(lrs, n)) >= 0) {
		if (!irq)
			irq = vgic_irq_get_fast(d, vcpu, intid);
		/* Pending only (queued, not active: the full fill for those). */
		if (!(irq->flags & VGIC_F_ACTIVE)) {
			lr_insert(d, vcpu, &lrs[s], intid, irq);
			/* In an LR it cannot be queued (lr_free hints it
			 * again if need be). */
			unhint(d, vcpu, intid);
			done = true;
		}
	}
	spin_unlock(&d->lock);
	*slot = done ? s : -1;
	return done;
}

bool vgic_lr_fill_one(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lrs, unsigned n,
		      uint32_t finished, int *slot, uint32_t *kick)
{
	return fill_one(d, vcpu, lrs, n, finished, false, slot, kick);
}

bool vgic_lr_fill_posted(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lrs, unsigned n,
			 uint32_t finished, int *slot, uint32_t *kick)
{
	return fill_one(d, vcpu, lrs, n, finished, true, slot, kick);
}

bool vgic_lr_insert(struct vgic_dist *d, unsigned vcpu, unsigned intid,
		    struct vgic_lr *lrs, unsigned n, uint32_t finished, int *slot,
		    uint32_t *kick)
{
	struct vgic_irq *irq;
	bool done = true;
	unsigned other;
	int s = -1, t;

	CHECK(vcpu < d->nvcpus && n <= VGIC_MAX_LRS && finished < BIT(n));
	spin_lock(&d->lock);
	*kick = release_locked(d, vcpu, lrs, finished);
	CHECK(!vgic_is_v2_sgi(d, intid));
	irq = vgic_irq_get_fast(d, vcpu, intid);
	if (!irq)
		goto out;       /* as vgic_set_pending */
	irq->flags |= VGIC_F_LATCH;
	/* Latched as vgic_set_pending does; deliverable now (it is pending),
	 * and its kick mask vgic_irq_kick's. */
	if (!d->enabled || !(irq->flags & VGIC_F_ENABLED))
		goto hint;
	t = vgic_irq_target_fast(d, vcpu, intid, irq);
	if ((irq->flags & VGIC_F_IN_LR) || t != (int)vcpu) {
		*kick |= vgic_irq_kick(d, vcpu, intid, irq);
		done = !(*kick & BIT(vcpu));
		goto hint;
	}
	/* For vcpu alone, from no LR. The simple case: not active (an
	 * active one may need its LR too), nothing else queued for vcpu that
	 * it could overtake, and a free slot. */
	if ((irq->flags & VGIC_F_ACTIVE) ||
	    (other_hints(d, vcpu, intid) && hinted_queued(d, vcpu, intid, &other)) ||
	    (s = free_slot(lrs, n)) < 0) {
		*kick |= BIT(vcpu);
		done = false;
		goto hint;
	}
	lr_insert(d, vcpu, &lrs[s], intid, irq);
	goto out;       /* no hint: in an LR, it cannot be queued */
hint:
	vgic_hint(d, vcpu, intid);
out:
	spin_unlock(&d->lock);
	*slot = s;
	return done;
}
