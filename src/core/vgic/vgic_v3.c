/* SPDX-License-Identifier: MIT */
/*
 * GICv3 frames: the distributor (IHI 0069H 12.8, 12.9), the redistributors
 * (12.10, 12.11) and the SGIs a vCPU sends with ICC_SGI1R_EL1 (12.2.22).
 * One Security state, affinity routing always enabled, Group 1 only, no
 * LPIs. vCPU i has affinity 0.0.0.i.
 */
#include "check.h"
#include "vgic_priv.h"

/* Distributor (12.8). */
#define GICD_CTLR        0x0000
#define GICD_TYPER       0x0004
#define GICD_IIDR        0x0008
#define GICD_IGROUPR     0x0080   /* ..ICACTIVER: 0x0080-0x03ff */
#define GICD_IPRIORITYR  0x0400
#define GICD_ITARGETSR   0x0800
#define GICD_ICFGR       0x0c00
#define GICD_SGIR        0x0f00
#define GICD_CPENDSGIR   0x0f10
#define GICD_IROUTER     0x6000
#define GICD_IROUTER_END 0x7fe0   /* IROUTER1020 and up are reserved */
#define PIDR2            0xffe8   /* GICD_PIDR2 and GICR_PIDR2 */

/* GICD_CTLR with DS = 1 (12.9.4): EnableGrp0 [0] RAZ/WI (there is no
 * Group 0), EnableGrp1 [1], ARE [4] and DS [6] RAO/WI, RWP [31] RAZ. */
#define CTLR_GRP1        BIT(1)
#define CTLR_ARE         BIT(4)
#define CTLR_DS          BIT(6)

#define PIDR2_ARCHREV_3  0x30     /* ArchRev [7:4] (12.1.13) */

/* Redistributor RD_base and SGI_base frames (12.10). */
#define GICR_CTLR        0x0000
#define GICR_IIDR        0x0004
#define GICR_TYPER       0x0008
#define GICR_WAKER       0x0014
#define GICR_IGROUPR0    0x0080   /* ..ICACTIVER0 at 0x0380 */
#define GICR_IPRIORITYR  0x0400   /* IPRIORITYR0..7 */
#define GICR_ICFGR0      0x0c00
#define GICR_ICFGR1      0x0c04

#define TYPER_LAST       BIT(4)   /* GICR_TYPER.Last (12.11.37) */
#define WAKER_PS         BIT(1)   /* GICR_WAKER.ProcessorSleep (12.11.42) */
#define WAKER_CA         BIT(2)   /* GICR_WAKER.ChildrenAsleep, read-only */

/*
 * GICD_TYPER (12.9.38): ITLinesNumber [4:0]; CPUNumber [7:5] is 0 because
 * ARE cannot be 0; SecurityExtn, MBIS, LPIS, ESPI 0; IDbits [23:19] = 9
 * (10-bit INTIDs); A3V 0 (Aff3 always 0); No1N 0 (IRM = 1 works); RSS 0.
 */
static uint32_t dist_typer(const struct vgic_dist *d)
{
	return (d->nspi + 31) / 32 | 9u << 19;
}

/* GICD_IROUTER<n> (12.9.22): Aff3 [39:32] is RES0 here (A3V = 0), IRM
 * [31], Aff2.Aff1.Aff0 [23:0]. Halves at +0 and +4 are word accessible. */
static uint32_t irouter(struct vgic_dist *d, unsigned vcpu, uint32_t off,
			bool write, uint64_t *val)
{
	unsigned intid = (off - GICD_IROUTER) / 8;
	struct vgic_irq *irq = vgic_irq_get(d, vcpu, intid);
	uint32_t *route, kick;

	if (intid < VGIC_NR_PRIVATE || !irq) {
		if (!write)
			*val = 0;
		return 0;
	}
	route = &d->route[intid - VGIC_NR_PRIVATE];
	if (!write) {
		*val = (off & 4) ? 0 : *route;
		return 0;
	}
	if (off & 4)    /* the upper half is Aff3 alone */
		return 0;
	kick = vgic_irq_kick(d, vcpu, intid, irq);
	*route = (uint32_t)*val & (VGIC_ROUTE_IRM | VGIC_ROUTE_AFF);
	return kick | vgic_irq_kick(d, vcpu, intid, irq);
}

static uint32_t dist_widths(uint32_t off)
{
	if (off >= GICD_IPRIORITYR && off < GICD_ICFGR)
		return VGIC_W8_32;          /* IPRIORITYR, ITARGETSR */
	if (off >= GICD_CPENDSGIR && off < GICD_CPENDSGIR + 0x20)
		return VGIC_W8_32;          /* C/SPENDSGIR */
	if (off >= GICD_IROUTER && off < GICD_IROUTER_END)
		return VGIC_W32_64;
	return VGIC_W32;
}

static uint32_t dist_word(struct vgic_dist *d, unsigned vcpu, uint32_t off,
			  bool write, uint64_t *val)
{
	/* With ARE, the INTID 0-31 parts live in the redistributors and the
	 * GICD ones are RAZ/WI (12.9: "when affinity routing is enabled"). */
	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR && (off & 0x7f))
		return vgic_reg_bits(d, vcpu, off, write, val);
	if (off >= GICD_ICFGR + 8 && off < GICD_ICFGR + 0x100)
		return vgic_reg_cfg(d, vcpu, (off - GICD_ICFGR) * 4, write, val);
	if (off == GICD_CTLR && write) {
		if (d->enabled == !!(*val & CTLR_GRP1))
			return 0;
		d->enabled = *val & CTLR_GRP1;
		return BIT(d->nvcpus) - 1;
	}
	if (write)
		return 0;
	switch (off) {
	case GICD_CTLR:
		*val = CTLR_ARE | CTLR_DS | (d->enabled ? CTLR_GRP1 : 0);
		break;
	case GICD_TYPER:
		*val = dist_typer(d);
		break;
	case GICD_IIDR:
		*val = VGIC_IIDR;
		break;
	case PIDR2:
		*val = PIDR2_ARCHREV_3;
		break;
	default:
		/* TYPER2, STATUSR, SETSPI/CLRSPI (no MBIS), IGRPMODR, NSACR,
		 * SGIR (ARE), reserved, other ID registers: RAZ/WI. */
		*val = 0;
		break;
	}
	return 0;
}

enum vgic_err vgic_v3_dist_access(struct vgic_dist *d, unsigned vcpu,
				  uint32_t off, unsigned size, bool write,
				  uint64_t *val, uint32_t *kick)
{
	uint64_t v;

	if (!vgic_width_ok(off, size, dist_widths(off)))
		return VGIC_BAD_ACCESS;
	v = write ? *val & vgic_size_mask(size) : 0;
	if (off >= GICD_IPRIORITYR + VGIC_NR_PRIVATE && off < GICD_ITARGETSR)
		*kick = vgic_reg_prio(d, vcpu, off - GICD_IPRIORITYR, size,
				      write, &v);
	else if (off >= GICD_IPRIORITYR && off < GICD_ICFGR)
		*kick = 0;    /* IPRIORITYR0-7 (ARE), ITARGETSR (ARE) */
	else if (off >= GICD_CPENDSGIR && off < GICD_CPENDSGIR + 0x20)
		*kick = 0;    /* C/SPENDSGIR: ARE */
	else if (off >= GICD_IROUTER && off < GICD_IROUTER_END)
		*kick = irouter(d, vcpu, off, write, &v);
	else
		*kick = dist_word(d, vcpu, off, write, &v);
	if (!write)
		*val = v;
	return VGIC_OK;
}

bool vgic_redist_decode(const struct vgic_dist *d, uint64_t off, unsigned *vcpu,
			uint32_t *frame_off)
{
	uint64_t n = off / VGIC_V3_REDIST_STRIDE;

	if (n >= d->nvcpus)
		return false;
	*vcpu = (unsigned)n;
	*frame_off = (uint32_t)(off % VGIC_V3_REDIST_STRIDE);
	return true;
}

/*
 * GICR_TYPER (12.11.37): Affinity_Value [63:32] = 0.0.0.vcpu,
 * Processor_Number [23:8] = vcpu, Last [4] on the last vCPU; no LPIs, no
 * direct injection, no DPG, PPInum 0 (16 PPIs).
 */
static uint64_t redist_typer(const struct vgic_dist *d, unsigned vcpu)
{
	uint64_t t = (uint64_t)vcpu << 32 | (uint64_t)vcpu << 8;

	if (vcpu == d->nvcpus - 1)
		t |= TYPER_LAST;
	return t;
}

/* RD_base: CTLR, IIDR, TYPER, WAKER, PIDR2; the rest (LPIs, MPAM,
 * STATUSR...) RAZ/WI. */
static enum vgic_err rd_base(struct vgic_dist *d, unsigned vcpu, uint32_t off,
			     unsigned size, bool write, uint64_t *val)
{
	bool typer = off == GICR_TYPER || (off == GICR_TYPER + 4 && size == 4);
	struct vgic_cpu *cpu = &d->cpu[vcpu];

	if (!vgic_width_ok(off, size, typer ? VGIC_W32_64 : VGIC_W32))
		return VGIC_BAD_ACCESS;
	if (write) {
		/* WAKER (12.11.42): ChildrenAsleep follows ProcessorSleep at
		 * once, as there is nothing to quiesce. */
		if (off == GICR_WAKER)
			cpu->asleep = *val & WAKER_PS;
		return VGIC_OK;
	}
	if (typer)
		*val = redist_typer(d, vcpu) >> (off == GICR_TYPER ? 0 : 32);
	else if (off == GICR_IIDR)
		*val = VGIC_IIDR;
	else if (off == GICR_WAKER)
		*val = cpu->asleep ? WAKER_PS | WAKER_CA : 0;
	else if (off == PIDR2)
		*val = PIDR2_ARCHREV_3;
	else
		*val = 0;    /* CTLR (EnableLPIs RAZ/WI, RWP 0) and the rest */
	if (size == 4)
		*val &= 0xffffffffu;
	return VGIC_OK;
}

/* SGI_base: the INTID 0-31 registers of vcpu (12.11), Group 1 only. */
static enum vgic_err sgi_base(struct vgic_dist *d, unsigned vcpu, uint32_t off,
			      unsigned size, bool write, uint64_t *val,
			      uint32_t *kick)
{
	bool prio = off >= GICR_IPRIORITYR &&
		    off < GICR_IPRIORITYR + VGIC_NR_PRIVATE;

	if (!vgic_width_ok(off, size, prio ? VGIC_W8_32 : VGIC_W32))
		return VGIC_BAD_ACCESS;
	if (prio)
		*kick = vgic_reg_prio(d, vcpu, off - GICR_IPRIORITYR, size,
				      write, val);
	else if (off >= GICR_IGROUPR0 && off < GICR_IPRIORITYR &&
		 !(off & 0x7f))
		*kick = vgic_reg_bits(d, vcpu, off, write, val);
	else if (off == GICR_ICFGR0 || off == GICR_ICFGR1)
		*kick = vgic_reg_cfg(d, vcpu, (off - GICR_ICFGR0) * 4, write,
				     val);
	else if (!write)
		*val = 0;    /* IGRPMODR0, NSACR, E ranges, reserved */
	return VGIC_OK;
}

enum vgic_err vgic_redist_access(struct vgic_dist *d, unsigned vcpu,
				 uint32_t frame_off, unsigned size, bool write,
				 uint64_t *val, uint32_t *kick)
{
	enum vgic_err e;
	uint64_t v;

	CHECK(d->version == VGIC_V3 && vcpu < d->nvcpus);
	CHECK(frame_off < VGIC_V3_REDIST_STRIDE);
	*kick = 0;
	v = write ? *val & vgic_size_mask(size) : 0;
	spin_lock(&d->lock);
	if (frame_off < VGIC_V3_SGI_BASE)
		e = rd_base(d, vcpu, frame_off, size, write, &v);
	else
		e = sgi_base(d, vcpu, frame_off - VGIC_V3_SGI_BASE, size, write,
			     &v, kick);
	spin_unlock(&d->lock);
	if (e == VGIC_OK && !write)
		*val = v;
	return e;
}

/*
 * ICC_SGI1R_EL1 (12.2.22): TargetList [15:0], Aff1 [23:16], INTID [27:24],
 * Aff2 [39:32], IRM [40] (all but self), RS [47:44], Aff3 [55:48]. A
 * target is Aff3.Aff2.Aff1.(RS * 16 + bit); ours are 0.0.0.i.
 */
uint32_t vgic_sgi1r(struct vgic_dist *d, unsigned vcpu, uint64_t val)
{
	unsigned sgi = (val >> 24) & 0xf;
	uint64_t upper = (val >> 16 & 0xff) | (val >> 32 & 0xff) << 8 |
			 (val >> 48 & 0xff) << 16;
	uint32_t targets, kick = 0;

	CHECK(d->version == VGIC_V3 && vcpu < d->nvcpus);
	if (val & BIT(40))
		targets = (BIT(d->nvcpus) - 1) & ~BIT(vcpu);
	else if (upper == 0 && ((val >> 44) & 0xf) == 0)
		targets = (uint32_t)(val & 0xffff) & (BIT(d->nvcpus) - 1);
	else
		targets = 0;    /* affinity outside this VM */
	spin_lock(&d->lock);
	for (unsigned t = 0; t < d->nvcpus; t++)
		if (targets & BIT(t))
			kick |= vgic_sgi_raise(d, t, sgi, vcpu);
	spin_unlock(&d->lock);
	return kick;
}
