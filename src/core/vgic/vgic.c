/* SPDX-License-Identifier: MIT */
/*
 * Virtual GIC model: state, configuration, injection, and the register
 * classes that the distributor and redistributor frames share.
 * Frames: vgic_v2.c, vgic_v3.c. List registers: vgic_lr.c.
 */
#include "check.h"
#include "vgic_priv.h"

_Static_assert(VGIC_MAX_SPIS <= 988, "SPI INTIDs end at 1019");
_Static_assert(VGIC_MAX_VCPUS <= 8, "GICv2 CPU masks and kick bits");

static void reset_irq(struct vgic_irq *irq, uint16_t flags)
{
	irq->flags = (irq->flags & VGIC_F_CONFIG) | flags;
	if (irq->flags & VGIC_F_EDGE_RST)
		irq->flags |= VGIC_F_EDGE;
	irq->priority = 0;
	irq->targets = 0;
	irq->lr_vcpu = 0;
}

/* Reset values: IHI 0069H 12.9/12.11 and IHI 0048B 4.3 register resets;
 * SGIs always edge-triggered, PPIs and SPIs level-sensitive until the
 * guest says otherwise (ICFGR resets are IMPLEMENTATION DEFINED), except
 * SPIs set up with vgic_set_edge_reset. */
static void reset_locked(struct vgic_dist *d)
{
	d->enabled = false;
	for (unsigned w = 0; w < ARRAY_SIZE(d->spi_hint); w++) {
		d->spi_hint[w] = 0;
		__atomic_store_n(&d->posted[w], 0, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&d->posted_any, false, __ATOMIC_RELAXED);
	for (unsigned i = 0; i < VGIC_MAX_SPIS; i++) {
		reset_irq(&d->spi[i], 0);
		d->route[i] = 0;
	}
	for (unsigned c = 0; c < VGIC_MAX_VCPUS; c++) {
		struct vgic_cpu *cpu = &d->cpu[c];

		for (unsigned i = 0; i < VGIC_NR_PRIVATE; i++) {
			uint16_t f = 0;

			if (i < VGIC_NR_SGIS) {
				f = VGIC_F_EDGE;
				/* GICv2 4.3.5: SGIs may be always enabled. */
				if (d->version == VGIC_V2)
					f |= VGIC_F_ENABLED;
			}
			reset_irq(&cpu->priv[i], f);
		}
		for (unsigned i = 0; i < VGIC_NR_SGIS; i++)
			cpu->sgi_src[i] = 0;
		for (unsigned w = 0; w < ARRAY_SIZE(cpu->ended); w++)
			cpu->ended[w] = 0;
		cpu->ended_any = false;
		cpu->asleep = true;       /* GICR_WAKER resets to sleep */
		cpu->hint = 0;
	}
}

enum vgic_err vgic_init(struct vgic_dist *d, enum vgic_version version,
			unsigned nvcpus, unsigned nspi)
{
	if (version != VGIC_V2 && version != VGIC_V3)
		return VGIC_BAD_CONFIG;
	if (nvcpus == 0 || nvcpus > VGIC_MAX_VCPUS)
		return VGIC_BAD_CONFIG;
	/* ITLinesNumber counts blocks of 32; INTIDs stop at 1019. */
	if (nspi > VGIC_MAX_SPIS || (nspi % 32 != 0 && nspi != 988))
		return VGIC_BAD_CONFIG;
	d->lock = (struct spinlock)SPINLOCK_INIT;
	d->version = version;
	d->nvcpus = nvcpus;
	d->nspi = nspi;
	for (unsigned i = 0; i < VGIC_MAX_SPIS; i++)
		d->spi[i].flags = 0;
	for (unsigned c = 0; c < VGIC_MAX_VCPUS; c++)
		for (unsigned i = 0; i < VGIC_NR_PRIVATE; i++)
			d->cpu[c].priv[i].flags = 0;
	reset_locked(d);
	return VGIC_OK;
}

void vgic_reset(struct vgic_dist *d)
{
	spin_lock(&d->lock);
	reset_locked(d);
	spin_unlock(&d->lock);
}

static bool spi_implemented(const struct vgic_dist *d, unsigned intid)
{
	return intid >= VGIC_NR_PRIVATE && intid - VGIC_NR_PRIVATE < d->nspi;
}

enum vgic_err vgic_set_owned(struct vgic_dist *d, unsigned intid)
{
	if (!spi_implemented(d, intid))
		return VGIC_BAD_CONFIG;
	d->spi[intid - VGIC_NR_PRIVATE].flags |= VGIC_F_OWNED;
	return VGIC_OK;
}

enum vgic_err vgic_set_edge_reset(struct vgic_dist *d, unsigned intid)
{
	struct vgic_irq *irq;

	if (!spi_implemented(d, intid))
		return VGIC_BAD_CONFIG;
	irq = &d->spi[intid - VGIC_NR_PRIVATE];
	irq->flags |= VGIC_F_EDGE_RST | VGIC_F_EDGE;
	return VGIC_OK;
}

enum vgic_err vgic_set_hw(struct vgic_dist *d, unsigned vcpu, unsigned intid,
			  bool hw)
{
	struct vgic_irq *irq;

	if (intid < VGIC_NR_SGIS || vcpu >= d->nvcpus)
		return VGIC_BAD_CONFIG;
	irq = vgic_irq_get(d, vcpu, intid);
	if (!irq)
		return VGIC_BAD_CONFIG;
	if (hw)
		irq->flags |= VGIC_F_HW;
	else
		irq->flags &= ~VGIC_F_HW;
	return VGIC_OK;
}

struct vgic_irq *vgic_irq_get(struct vgic_dist *d, unsigned vcpu,
			      unsigned intid)
{
	struct vgic_irq *irq;

	if (intid < VGIC_NR_PRIVATE)
		return &d->cpu[vcpu].priv[intid];
	if (!spi_implemented(d, intid))
		return NULL;
	irq = &d->spi[intid - VGIC_NR_PRIVATE];
	return (irq->flags & VGIC_F_OWNED) ? irq : NULL;
}

bool vgic_irq_pending(const struct vgic_dist *d, unsigned vcpu, unsigned intid,
		      const struct vgic_irq *irq)
{
	return vgic_irq_pending_fast(d, vcpu, intid, irq);
}

bool vgic_irq_deliverable(const struct vgic_dist *d, unsigned vcpu,
			  unsigned intid, const struct vgic_irq *irq)
{
	return vgic_irq_deliverable_fast(d, vcpu, intid, irq);
}

/* 1 of N (GICD_IROUTER.IRM = 1): which PE takes it is the
 * implementation's choice; ours is the lowest-numbered vCPU whose
 * redistributor is awake (GICR_WAKER.ProcessorSleep = 0). */
static int one_of_n(const struct vgic_dist *d)
{
	for (unsigned c = 0; c < d->nvcpus; c++)
		if (!d->cpu[c].asleep)
			return (int)c;
	return VGIC_NO_VCPU;
}

int vgic_irq_target(const struct vgic_dist *d, unsigned vcpu, unsigned intid,
		    const struct vgic_irq *irq)
{
	uint32_t r;

	if (intid < VGIC_NR_PRIVATE)
		return (int)vcpu;
	if (d->version == VGIC_V2) {
		/* IHI 0048B 4.3.12: a uniprocessor GIC has no targets. */
		uint32_t t = irq->targets & (BIT(d->nvcpus) - 1);

		if (d->nvcpus == 1)
			return 0;
		return t ? __builtin_ctz(t) : VGIC_NO_VCPU;
	}
	r = d->route[intid - VGIC_NR_PRIVATE];
	if (r & VGIC_ROUTE_IRM)
		return one_of_n(d);
	/* vCPU i has affinity 0.0.0.i (IHI 0069H 12.9.22 GICD_IROUTER). */
	if ((r & VGIC_ROUTE_AFF) >= d->nvcpus)
		return VGIC_NO_VCPU;
	return (int)(r & 0xff);
}

uint32_t vgic_irq_kick(const struct vgic_dist *d, unsigned vcpu, unsigned intid,
		       const struct vgic_irq *irq)
{
	uint32_t m = 0;
	int t;

	if (irq->flags & VGIC_F_IN_LR)
		m |= BIT(irq->lr_vcpu);
	t = vgic_irq_target(d, vcpu, intid, irq);
	if (t != VGIC_NO_VCPU && ((irq->flags & VGIC_F_ACTIVE) ||
				  vgic_irq_deliverable(d, vcpu, intid, irq)))
		m |= BIT(t);
	return m;
}

uint32_t vgic_sgi_raise(struct vgic_dist *d, unsigned target, unsigned sgi,
			unsigned source)
{
	struct vgic_irq *irq = &d->cpu[target].priv[sgi];

	if (d->version == VGIC_V2)
		d->cpu[target].sgi_src[sgi] |= BIT(source);
	else
		irq->flags |= VGIC_F_LATCH;
	vgic_hint(d, target, sgi);
	return vgic_irq_deliverable_fast(d, target, sgi, irq) ? BIT(target) : 0;
}

/* Kick mask after new pending state: only if it can be delivered; the LR
 * holding it (an active one) must then become active and pending. */
static uint32_t kick_if_deliverable(struct vgic_dist *d, unsigned vcpu,
				    unsigned intid, const struct vgic_irq *irq)
{
	uint32_t m = 0;
	int t;

	if (!vgic_irq_deliverable(d, vcpu, intid, irq))
		return 0;
	/* vgic_irq_kick, knowing it is deliverable (a doorbell's drain). */
	if (irq->flags & VGIC_F_IN_LR)
		m |= BIT(irq->lr_vcpu);
	t = vgic_irq_target_fast(d, vcpu, intid, irq);
	if (t != VGIC_NO_VCPU)
		m |= BIT(t);
	return m;
}

/* An edge on intid (not a v2 SGI). Caller holds d->lock. */
static uint32_t latch(struct vgic_dist *d, unsigned vcpu, unsigned intid,
		      struct vgic_irq *irq)
{
	irq->flags |= VGIC_F_LATCH;
	vgic_hint(d, vcpu, intid);
	return kick_if_deliverable(d, vcpu, intid, irq);
}

uint32_t vgic_set_pending(struct vgic_dist *d, unsigned vcpu, unsigned intid)
{
	struct vgic_irq *irq;
	uint32_t kick = 0;

	CHECK(vcpu < d->nvcpus);
	spin_lock(&d->lock);
	irq = vgic_irq_get(d, vcpu, intid);
	if (irq && vgic_is_v2_sgi(d, intid)) {
		kick = vgic_sgi_raise(d, vcpu, intid, vcpu);
	} else if (irq) {
		kick = latch(d, vcpu, intid, irq);
	}
	spin_unlock(&d->lock);
	return kick;
}

int vgic_post(struct vgic_dist *d, unsigned intid)
{
	unsigned i = intid - VGIC_NR_PRIVATE;
	uint32_t r;

	if (!spi_implemented(d, intid))
		return VGIC_NO_VCPU;
	__atomic_fetch_or(&d->posted[i / 32], BIT(i % 32), __ATOMIC_RELEASE);
	/* After the bit: a drain that clears the flag before this store sees
	 * the bit or leaves the flag set for the next one. */
	__atomic_store_n(&d->posted_any, true, __ATOMIC_SEQ_CST);
	/* The target, read without the lock: a stale answer costs the drainer
	 * one more kick, never a lost interrupt. */
	if (d->nvcpus == 1)
		return 0;
	if (d->version == VGIC_V2) {
		uint32_t t = __atomic_load_n(&d->spi[i].targets, __ATOMIC_RELAXED) &
			     (BIT(d->nvcpus) - 1);

		return t ? __builtin_ctz(t) : 0;
	}
	r = __atomic_load_n(&d->route[i], __ATOMIC_RELAXED);
	if ((r & VGIC_ROUTE_IRM) || (r & VGIC_ROUTE_AFF) >= d->nvcpus)
		return 0;
	return (int)(r & 0xff);
}

uint32_t vgic_drain_posted(struct vgic_dist *d)
{
	uint32_t kick;

	if (!__atomic_exchange_n(&d->posted_any, false, __ATOMIC_SEQ_CST))
		return 0;
	spin_lock(&d->lock);
	kick = vgic_drain_locked(d);
	spin_unlock(&d->lock);
	return kick;
}

uint32_t vgic_drain_locked(struct vgic_dist *d)
{
	uint32_t kick = 0;

	for (unsigned w = 0; w < ARRAY_SIZE(d->posted); w++) {
		uint32_t bits;

		/* A plain load skips the exchange of an empty word. */
		if (!__atomic_load_n(&d->posted[w], __ATOMIC_RELAXED))
			continue;
		bits = __atomic_exchange_n(&d->posted[w], 0, __ATOMIC_ACQUIRE);

		while (bits) {
			unsigned intid = VGIC_NR_PRIVATE + 32 * w + (unsigned)__builtin_ctz(bits);
			struct vgic_irq *irq = vgic_irq_get(d, 0, intid);

			bits &= bits - 1;
			if (irq)
				kick |= latch(d, 0, intid, irq);
		}
	}
	return kick;
}

uint32_t vgic_set_level(struct vgic_dist *d, unsigned vcpu, unsigned intid,
			bool level)
{
	struct vgic_irq *irq;
	uint32_t kick = 0;

	CHECK(vcpu < d->nvcpus);
	spin_lock(&d->lock);
	irq = vgic_irq_get(d, vcpu, intid);
	if (irq && !vgic_is_v2_sgi(d, intid)) {
		bool rising = level && !(irq->flags & VGIC_F_LINE);

		if (level)
			irq->flags |= VGIC_F_LINE;
		else
			irq->flags &= ~VGIC_F_LINE;
		if (rising && (irq->flags & VGIC_F_EDGE))
			irq->flags |= VGIC_F_LATCH;
		vgic_hint(d, vcpu, intid);
		/* A falling line also needs the LR holding it refreshed. */
		kick = level ? kick_if_deliverable(d, vcpu, intid, irq) :
			       vgic_irq_kick(d, vcpu, intid, irq);
	}
	spin_unlock(&d->lock);
	return kick;
}

enum vgic_drop vgic_source_low(struct vgic_dist *d, unsigned vcpu, unsigned intid,
			       uint32_t *kick)
{
	enum vgic_drop r = VGIC_DROP_NONE;
	struct vgic_irq *irq;

	CHECK(vcpu < d->nvcpus);
	*kick = 0;
	spin_lock(&d->lock);
	irq = vgic_irq_get(d, vcpu, intid);
	if (!irq || !(irq->flags & VGIC_F_HW)) {
		r = VGIC_DROP_NONE;
	} else if (irq->flags & VGIC_F_ACTIVE) {
		r = VGIC_DROP_GUEST;
	} else if (irq->flags & VGIC_F_LATCH) {
		irq->flags &= ~VGIC_F_LATCH;
		if (irq->flags & VGIC_F_IN_LR)
			irq->flags |= VGIC_F_PEND_OVR;
		r = VGIC_DROP_RELEASE;
	}
	if (r == VGIC_DROP_RELEASE) {
		vgic_hint(d, vcpu, intid);
		*kick = vgic_irq_kick(d, vcpu, intid, irq);
	}
	spin_unlock(&d->lock);
	return r;
}

/*
 * Register classes. Interrupts that are not implemented or not owned read
 * as zero and ignore writes (vgic_irq_get returns NULL for them).
 */

static uint32_t bit_read(struct vgic_dist *d, unsigned vcpu, unsigned intid,
			 enum vgic_bitreg r, const struct vgic_irq *irq)
{
	switch (r) {
	case VGIC_REG_GROUP:
		/* v3: all Group 1 (RAO/WI). v2: all Group 0 (RAZ/WI). */
		return d->version == VGIC_V3;
	case VGIC_REG_ENABLE:
		return !!(irq->flags & VGIC_F_ENABLED);
	case VGIC_REG_PEND:
		return vgic_irq_pending(d, vcpu, intid, irq);
	case VGIC_REG_ACTIVE:
		return !!(irq->flags & VGIC_F_ACTIVE);
	}
	return 0;
}

static uint32_t bits_read(struct vgic_dist *d, unsigned vcpu, unsigned first,
			  enum vgic_bitreg r)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 32; i++) {
		const struct vgic_irq *irq = vgic_irq_get(d, vcpu, first + i);

		if (irq && bit_read(d, vcpu, first + i, r, irq))
			v |= BIT(i);
	}
	return v;
}

static void set_flag(struct vgic_irq *irq, uint16_t f, bool set)
{
	if (set)
		irq->flags |= f;
	else
		irq->flags &= ~f;
}

/* One bit of a set/clear register written as 1. Returns false if the bit
 * is read-only for this interrupt. */
static bool bit_write(struct vgic_dist *d, unsigned intid, enum vgic_bitreg r,
		      bool set, struct vgic_irq *irq)
{
	switch (r) {
	case VGIC_REG_GROUP:
		return false;
	case VGIC_REG_ENABLE:
		if (vgic_is_v2_sgi(d, intid))   /* always enabled */
			return false;
		set_flag(irq, VGIC_F_ENABLED, set);
		return true;
	case VGIC_REG_PEND:
		/* IHI 0048B 4.3.7/4.3.8: v2 SGI bits ignore writes (use
		 * GICD_SPENDSGIR/CPENDSGIR). */
		if (vgic_is_v2_sgi(d, intid))
			return false;
		set_flag(irq, VGIC_F_LATCH, set);
		if (irq->flags & VGIC_F_IN_LR)
			irq->flags |= VGIC_F_PEND_OVR;
		return true;
	case VGIC_REG_ACTIVE:
		set_flag(irq, VGIC_F_ACTIVE, set);
		if (irq->flags & VGIC_F_IN_LR)
			irq->flags |= VGIC_F_ACT_OVR;
		return true;
	}
	return false;
}

static uint32_t bits_write(struct vgic_dist *d, unsigned vcpu, unsigned first,
			   enum vgic_bitreg r, bool set, uint32_t val)
{
	uint32_t kick = 0;

	for (unsigned i = 0; i < 32; i++) {
		struct vgic_irq *irq;

		if (!(val & BIT(i)))
			continue;
		irq = vgic_irq_get(d, vcpu, first + i);
		/* The LR holding it is withdrawn or updated: kicked too. */
		if (irq && bit_write(d, first + i, r, set, irq)) {
			vgic_hint(d, vcpu, first + i);
			kick |= vgic_irq_kick(d, vcpu, first + i, irq);
		}
	}
	return kick;
}

uint32_t vgic_reg_bits(struct vgic_dist *d, unsigned vcpu, uint32_t off,
		       bool write, uint64_t *val)
{
	/* 0x080 IGROUPR, 0x100 ISENABLER, 0x180 ICENABLER, 0x200 ISPENDR,
	 * 0x280 ICPENDR, 0x300 ISACTIVER, 0x380 ICACTIVER: the set registers
	 * are the odd blocks. */
	static const enum vgic_bitreg cls[7] = {
		VGIC_REG_GROUP, VGIC_REG_ENABLE, VGIC_REG_ENABLE, VGIC_REG_PEND,
		VGIC_REG_PEND, VGIC_REG_ACTIVE, VGIC_REG_ACTIVE,
	};
	unsigned blk = (off >> 7) - 1;
	unsigned first = ((off & 0x7f) >> 2) * 32;

	CHECK(off >= 0x80 && off < 0x400);
	if (!write) {
		*val = bits_read(d, vcpu, first, cls[blk]);
		return 0;
	}
	return bits_write(d, vcpu, first, cls[blk], blk & 1, (uint32_t)*val);
}

/* IPRIORITYR: one byte per interrupt (IHI 0069H 12.9.20, IHI 0048B
 * 4.3.11), VGIC_PRIO_BITS implemented, the rest RAZ/WI. */
static uint32_t prio_read(struct vgic_dist *d, unsigned vcpu, unsigned first,
			  unsigned nbytes)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < nbytes; i++) {
		const struct vgic_irq *irq = vgic_irq_get(d, vcpu, first + i);

		if (irq)
			v |= (uint32_t)irq->priority << (8 * i);
	}
	return v;
}

static uint32_t prio_write(struct vgic_dist *d, unsigned vcpu, unsigned first,
			   unsigned nbytes, uint32_t val)
{
	uint32_t kick = 0;

	for (unsigned i = 0; i < nbytes; i++) {
		struct vgic_irq *irq = vgic_irq_get(d, vcpu, first + i);

		if (!irq)
			continue;
		irq->priority = (uint8_t)(val >> (8 * i)) & VGIC_PRIO_MASK;
		kick |= vgic_irq_kick(d, vcpu, first + i, irq);
	}
	return kick;
}

uint32_t vgic_reg_prio(struct vgic_dist *d, unsigned vcpu, unsigned first,
		       unsigned nbytes, bool write, uint64_t *val)
{
	if (!write) {
		*val = prio_read(d, vcpu, first, nbytes);
		return 0;
	}
	return prio_write(d, vcpu, first, nbytes, (uint32_t)*val);
}

/* ICFGR: two bits per interrupt, Int_config[1] = edge (IHI 0069H 12.9.9,
 * IHI 0048B 4.3.13); Int_config[0] RAZ/WI. SGIs are edge and read-only;
 * PPIs are programmable. */
static uint32_t cfg_read(struct vgic_dist *d, unsigned vcpu, unsigned first)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 16; i++) {
		const struct vgic_irq *irq = vgic_irq_get(d, vcpu, first + i);

		if (irq && (irq->flags & VGIC_F_EDGE))
			v |= BIT(2 * i + 1);
	}
	return v;
}

static uint32_t cfg_write(struct vgic_dist *d, unsigned vcpu, unsigned first,
			  uint32_t val)
{
	uint32_t kick = 0;

	for (unsigned i = 0; i < 16; i++) {
		struct vgic_irq *irq = vgic_irq_get(d, vcpu, first + i);

		if (!irq || first + i < VGIC_NR_SGIS)
			continue;
		set_flag(irq, VGIC_F_EDGE, val & BIT(2 * i + 1));
		kick |= vgic_irq_kick(d, vcpu, first + i, irq);
	}
	return kick;
}

uint32_t vgic_reg_cfg(struct vgic_dist *d, unsigned vcpu, unsigned first,
		      bool write, uint64_t *val)
{
	if (!write) {
		*val = cfg_read(d, vcpu, first);
		return 0;
	}
	return cfg_write(d, vcpu, first, (uint32_t)*val);
}

