/* SPDX-License-Identifier: MIT */
/*
 * Internals of the virtual GIC model shared by vgic.c (state, injection,
 * register classes common to every frame), vgic_v2.c and vgic_v3.c (the
 * frames) and vgic_lr.c (list-register policy). Every function here
 * expects the caller to hold d->lock.
 *
 * Pending state of an interrupt (IHI 0069H 4.1.2, IHI 0048B 1.4.2):
 *   LATCH  set by an edge, by ISPENDR, or by an SGI (v3); cleared by
 *          ICPENDR, and by the guest's acknowledge;
 *   LINE   the input line: a level-sensitive interrupt is also pending
 *          while it is high;
 *   v2 SGIs are pending per source instead: vgic_cpu.sgi_src.
 * While an interrupt sits in an LR as pending, the latch (or the v2
 * source bit) has moved into the LR ("transferred", see vgic_lr.c), except
 * for level-sensitive interrupts not linked to hardware, which stay
 * pending in the model until the guest acknowledges them.
 */
#ifndef SEPTUM_VGIC_PRIV_H
#define SEPTUM_VGIC_PRIV_H

#include "vgic.h"

#define VGIC_F_OWNED     BIT(0)   /* SPI given to this VM */
#define VGIC_F_HW        BIT(1)   /* linked to the same physical INTID */
#define VGIC_F_EDGE      BIT(2)   /* ICFGR: edge-triggered (else level) */
#define VGIC_F_ENABLED   BIT(3)
#define VGIC_F_LATCH     BIT(4)
#define VGIC_F_LINE      BIT(5)
#define VGIC_F_ACTIVE    BIT(6)
#define VGIC_F_IN_LR     BIT(7)   /* an LR of vCPU lr_vcpu holds it */
/* Set by a register write while an LR holds the interrupt: the model's
 * pending latch (PEND_OVR) or active state (ACT_OVR) wins over the LR's
 * at the next vgic_lr_sync, and the next vgic_lr_fill clears them. */
#define VGIC_F_PEND_OVR  BIT(8)
#define VGIC_F_ACT_OVR   BIT(9)
/* The LR holding it was loaded with the pending state (LR_PEND): if the
 * LR is no longer pending at sync, the guest acknowledged it. LR_XFER: that
 * pending state was transferred (recorded, so that an ICFGR write while the
 * LR holds it cannot change how it is given back). */
#define VGIC_F_LR_PEND   BIT(10)
#define VGIC_F_LR_XFER   BIT(11)

/* Configuration flags that vgic_reset keeps. */
#define VGIC_F_EDGE_RST  BIT(12)  /* resets edge-triggered (a doorbell) */
#define VGIC_F_CONFIG    (VGIC_F_OWNED | VGIC_F_HW | VGIC_F_EDGE_RST)

#define VGIC_ROUTE_IRM   BIT(31)  /* GICD_IROUTER.IRM: 1 of N */
#define VGIC_ROUTE_AFF   0xffffffu  /* Aff2.Aff1.Aff0 (Aff3 is RES0, A3V=0) */

#define VGIC_NO_VCPU     (-1)

/* Bit-per-interrupt register classes (IHI 0069H 12.9.5-12.9.28). */
enum vgic_bitreg {
	VGIC_REG_GROUP,     /* IGROUPR */
	VGIC_REG_ENABLE,    /* ISENABLER / ICENABLER */
	VGIC_REG_PEND,      /* ISPENDR / ICPENDR */
	VGIC_REG_ACTIVE,    /* ISACTIVER / ICACTIVER */
};

/* The state of intid as vCPU vcpu sees it (its own bank for intid < 32);
 * NULL if it is not implemented or is an SPI the VM does not own. */
struct vgic_irq *vgic_irq_get(struct vgic_dist *d, unsigned vcpu,
			      unsigned intid);
/* vgic_irq_get inline, for the short path's look-ups. */
static inline struct vgic_irq *vgic_irq_get_fast(struct vgic_dist *d, unsigned vcpu,
						 unsigned intid)
{
	struct vgic_irq *irq;

	if (intid < VGIC_NR_PRIVATE)
		return &d->cpu[vcpu].priv[intid];
	if (intid - VGIC_NR_PRIVATE >= d->nspi)
		return NULL;
	irq = &d->spi[intid - VGIC_NR_PRIVATE];
	return (irq->flags & VGIC_F_OWNED) ? irq : NULL;
}
/* Is intid (state irq, bank of vCPU vcpu) pending? */
bool vgic_irq_pending(const struct vgic_dist *d, unsigned vcpu, unsigned intid,
		      const struct vgic_irq *irq);
/* Pending, enabled, and the distributor enabled: may go to a CPU. */
bool vgic_irq_deliverable(const struct vgic_dist *d, unsigned vcpu,
			  unsigned intid, const struct vgic_irq *irq);
/* vgic_irq_pending and vgic_irq_deliverable inline, for the short path's
 * receivers (the out-of-line ones call these). */
static inline bool vgic_irq_pending_fast(const struct vgic_dist *d, unsigned vcpu,
					 unsigned intid, const struct vgic_irq *irq)
{
	if (d->version == VGIC_V2 && intid < VGIC_NR_SGIS)
		return d->cpu[vcpu].sgi_src[intid] != 0;
	if (irq->flags & VGIC_F_LATCH)
		return true;
	return !(irq->flags & VGIC_F_EDGE) && (irq->flags & VGIC_F_LINE);
}
static inline bool vgic_irq_deliverable_fast(const struct vgic_dist *d, unsigned vcpu,
					     unsigned intid, const struct vgic_irq *irq)
{
	return d->enabled && (irq->flags & VGIC_F_ENABLED) &&
	       vgic_irq_pending_fast(d, vcpu, intid, irq);
}
/* The vCPU intid is routed to (vcpu itself for SGIs and PPIs), or
 * VGIC_NO_VCPU if its routing names no vCPU of the VM. */
int vgic_irq_target(const struct vgic_dist *d, unsigned vcpu, unsigned intid,
		    const struct vgic_irq *irq);
/* vgic_irq_target inline for the short path's common cases: a private
 * interrupt, a GICv3 SPI routed to one vCPU of the VM. */
static inline int vgic_irq_target_fast(const struct vgic_dist *d, unsigned vcpu,
				       unsigned intid, const struct vgic_irq *irq)
{
	uint32_t r;

	if (intid < VGIC_NR_PRIVATE)
		return (int)vcpu;
	if (d->version == VGIC_V3) {
		r = d->route[intid - VGIC_NR_PRIVATE];
		if (!(r & VGIC_ROUTE_IRM) && (r & VGIC_ROUTE_AFF) < d->nvcpus)
			return (int)(r & 0xff);
	}
	return vgic_irq_target(d, vcpu, intid, irq);
}
/* intid (bank of vcpu) may now be queued: the fill must look at it. */
static inline void vgic_hint(struct vgic_dist *d, unsigned vcpu, unsigned intid)
{
	if (intid < VGIC_NR_PRIVATE)
		d->cpu[vcpu].hint |= BIT(intid);
	else
		d->spi_hint[(intid - VGIC_NR_PRIVATE) / 32] |= BIT((intid - VGIC_NR_PRIVATE) % 32);
}
/* vgic_drain_posted's work once d->posted_any was taken (cleared by the
 * caller, which holds d->lock): every posted SPI latched. Returns the
 * kick mask. */
uint32_t vgic_drain_locked(struct vgic_dist *d);
/* Is intid a GICv2 SGI (pending per source)? */
static inline bool vgic_is_v2_sgi(const struct vgic_dist *d, unsigned intid)
{
	return d->version == VGIC_V2 && intid < VGIC_NR_SGIS;
}
/* Who must look at intid after its state changed: the vCPU whose LR holds
 * it, and its target if it is now deliverable or active. */
uint32_t vgic_irq_kick(const struct vgic_dist *d, unsigned vcpu, unsigned intid,
		       const struct vgic_irq *irq);
/* Makes SGI sgi pending on vCPU target, sent by vCPU source. Returns the
 * kick mask. */
uint32_t vgic_sgi_raise(struct vgic_dist *d, unsigned target, unsigned sgi,
			unsigned source);

/*
 * Register classes common to the distributor and redistributor frames. On
 * a read they set *val, on a write they use its low 32 bits; they return
 * the kick mask. vcpu is the bank for INTIDs below 32.
 *   vgic_reg_bits: IGROUPR..ICACTIVER, off in 0x080..0x3ff of the frame
 *                  (the same layout in GICD and GICR SGI_base);
 *   vgic_reg_prio: IPRIORITYR bytes for INTIDs first..first+nbytes-1;
 *   vgic_reg_cfg:  one ICFGR word, INTIDs first..first+15.
 */
uint32_t vgic_reg_bits(struct vgic_dist *d, unsigned vcpu, uint32_t off,
		       bool write, uint64_t *val);
uint32_t vgic_reg_prio(struct vgic_dist *d, unsigned vcpu, unsigned first,
		       unsigned nbytes, bool write, uint64_t *val);
uint32_t vgic_reg_cfg(struct vgic_dist *d, unsigned vcpu, unsigned first,
		      bool write, uint64_t *val);

/* The distributor layouts behind vgic_dist_access (vgic.h): vgic_v2.c,
 * vgic_v3.c. */

/* GICD_IIDR / GICR_IIDR: ProductID 'S', no JEP106 implementer claimed. */
#define VGIC_IIDR        (0x53u << 24)

#endif /* SEPTUM_VGIC_PRIV_H */
