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

/*
 * The register classes of the frame (vgic_priv.h, struct vgic_layout).
 * With ARE, the INTID 0-31 parts live in the redistributors and the GICD
 * ones are RAZ/WI (12.9: "when affinity routing is enabled"), as are
 * ITARGETSR, SGIR and C/SPENDSGIR; so are TYPER2, STATUSR, SETSPI/CLRSPI
 * (no MBIS), IGRPMODR, NSACR, reserved space and the other ID registers.
 */
static uint32_t raz(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		    bool write, uint64_t *val)
{
	return 0;
}

/* CTLR, TYPER, IIDR and reserved space up to 0x7f. */
static uint32_t ctrl(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		     bool write, uint64_t *val)
{
	if (write) {
		if (off != GICD_CTLR || d->enabled == !!(*val & CTLR_GRP1))
			return 0;
		d->enabled = *val & CTLR_GRP1;
		return BIT(d->nvcpus) - 1;
	}
	if (off == GICD_CTLR)
		*val = CTLR_ARE | CTLR_DS | (d->enabled ? CTLR_GRP1 : 0);
	else if (off == GICD_TYPER)
		*val = dist_typer(d);
	else if (off == GICD_IIDR)
		*val = VGIC_IIDR;
	return 0;
}

/* IGROUPR..ICACTIVER (0x080-0x3ff); the first word of each, INTIDs 0-31,
 * RAZ/WI. */
static uint32_t bits(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		     bool write, uint64_t *val)
{
	return (off & 0x7f) ? vgic_reg_bits(d, vcpu, off, write, val) : 0;
}

/* IPRIORITYR: bytes of INTIDs 0-31 RAZ/WI. */
static uint32_t prio(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		     bool write, uint64_t *val)
{
	if (off < GICD_IPRIORITYR + VGIC_NR_PRIVATE)
		return 0;
	return vgic_reg_prio(d, vcpu, off - GICD_IPRIORITYR, size, write, val);
}

/* ICFGR: ICFGR0 and 1, INTIDs 0-31, RAZ/WI. */
static uint32_t cfg(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		    bool write, uint64_t *val)
{
	if (off < GICD_ICFGR + 8)
		return 0;
	return vgic_reg_cfg(d, vcpu, (off - GICD_ICFGR) * 4, write, val);
}

static uint32_t route(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		      bool write, uint64_t *val)
{
	return off < GICD_IROUTER_END ? irouter(d, vcpu, off, write, val) : 0;
}

/* The ID block (0xff80-0xffff): PIDR2. */
static uint32_t id(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		   bool write, uint64_t *val)
{
	if (!write && off == PIDR2)
		*val = PIDR2_ARCHREV_3;
	return 0;
}

enum { C_RAZ, C_CTRL, C_BITS, C_PRIO, C_RAZ8, C_CFG, C_MIXED, C_ROUTE, C_ROUTE_END, C_ID };

#define B(off) ((off) / VGIC_BLOCK)
#define ROUTE_END_BLOCK (B(GICD_IROUTER_END) * VGIC_BLOCK)

/* Widths (12.1.3): bytes or words for IPRIORITYR, ITARGETSR and
 * C/SPENDSGIR, words or doublewords for IROUTER, words elsewhere. */
static const struct vgic_reg_class classes[] = {
	[C_RAZ] = { .widths = VGIC_W32, .access = raz },
	[C_CTRL] = { .widths = VGIC_W32, .access = ctrl },
	[C_BITS] = { .widths = VGIC_W32, .access = bits },
	[C_PRIO] = { .widths = VGIC_W8_32, .access = prio },
	[C_RAZ8] = { .widths = VGIC_W8_32, .access = raz },   /* ITARGETSR */
	[C_CFG] = { .widths = VGIC_W32, .access = cfg },
	/* SGIR, C/SPENDSGIR (bytes), reserved */
	[C_MIXED] = { VGIC_W32, VGIC_W8_32, GICD_CPENDSGIR, 0x20, raz },
	[C_ROUTE] = { .widths = VGIC_W32_64, .access = route },
	/* IROUTER1008-1019, reserved */
	[C_ROUTE_END] = { VGIC_W32, VGIC_W32_64, ROUTE_END_BLOCK,
			  GICD_IROUTER_END - ROUTE_END_BLOCK, route },
	[C_ID] = { .widths = VGIC_W32, .access = id },
};

static const uint8_t blocks[B(VGIC_V3_DIST_SIZE)] = {
	[B(GICD_CTLR)] = C_CTRL,
	[B(GICD_IGROUPR) ... B(GICD_IPRIORITYR) - 1] = C_BITS,
	[B(GICD_IPRIORITYR) ... B(GICD_ITARGETSR) - 1] = C_PRIO,
	[B(GICD_ITARGETSR) ... B(GICD_ICFGR) - 1] = C_RAZ8,
	[B(GICD_ICFGR) ... B(GICD_ICFGR + 0x100) - 1] = C_CFG,
	[B(GICD_SGIR)] = C_MIXED,
	[B(GICD_IROUTER) ... B(GICD_IROUTER_END) - 1] = C_ROUTE,
	[B(GICD_IROUTER_END)] = C_ROUTE_END,
	[B(PIDR2)] = C_ID,
};

const struct vgic_layout vgic_v3_dist = { blocks, ARRAY_SIZE(blocks), classes };

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
