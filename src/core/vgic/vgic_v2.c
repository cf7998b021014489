/* SPDX-License-Identifier: MIT */
/*
 * The GICv2 distributor frame (IHI 0048B 4.1.2 table 4-1, 4.3), as a GIC
 * without Security Extensions whose interrupts are all Group 0.
 * Called with d->lock held (vgic_dist_access, through the table at the
 * end).
 */
#include "vgic_priv.h"

#define GICD_CTLR        0x000
#define GICD_TYPER       0x004
#define GICD_IIDR        0x008
#define GICD_IGROUPR     0x080   /* ..ICACTIVER: 0x080-0x3ff */
#define GICD_IPRIORITYR  0x400
#define GICD_ITARGETSR   0x800
#define GICD_ICFGR       0xc00
#define GICD_SGIR        0xf00
#define GICD_CPENDSGIR   0xf10
#define GICD_SPENDSGIR   0xf20
#define GICD_PIDR2       0xfe8

#define CTLR_ENABLE      BIT(0)  /* EnableGrp0 (4.3.1) */
#define PIDR2_ARCHREV_2  0x20    /* ICPIDR2.ArchRev [7:4] (4.3, ID registers) */

/* GICD_TYPER (4.3.2): ITLinesNumber, CPUNumber; SecurityExtn = 0. */
static uint32_t typer(const struct vgic_dist *d)
{
	return (d->nspi + 31) / 32 | (d->nvcpus - 1) << 5;
}

/* GICD_ITARGETSR (4.3.12): one CPU mask byte per interrupt. The SGI and
 * PPI bytes are read-only and name the reader; with one CPU interface the
 * whole register is RAZ/WI. */
static uint32_t itargetsr(struct vgic_dist *d, unsigned vcpu, unsigned first,
			  unsigned nbytes, bool write, uint64_t *val)
{
	uint32_t v = 0, kick = 0;

	for (unsigned i = 0; i < nbytes; i++) {
		unsigned intid = first + i;
		struct vgic_irq *irq = vgic_irq_get(d, vcpu, intid);

		if (!irq || d->nvcpus == 1)
			continue;
		if (intid < VGIC_NR_PRIVATE) {
			v |= BIT(vcpu) << (8 * i);
			continue;
		}
		if (!write) {
			v |= (uint32_t)irq->targets << (8 * i);
			continue;
		}
		kick |= vgic_irq_kick(d, vcpu, intid, irq);
		irq->targets = (uint8_t)(*val >> (8 * i)) & (BIT(d->nvcpus) - 1);
		kick |= vgic_irq_kick(d, vcpu, intid, irq);
	}
	if (!write)
		*val = v;
	return kick;
}

/* GICD_SGIR (4.3.16): TargetListFilter [25:24], CPUTargetList [23:16],
 * SGIINTID [3:0]. The SGI becomes pending on each target, from vcpu. */
static uint32_t sgir(struct vgic_dist *d, unsigned vcpu, uint32_t val)
{
	uint32_t all = BIT(d->nvcpus) - 1, targets, kick = 0;
	unsigned sgi = val & 0xf;

	switch ((val >> 24) & 3) {
	case 0:
		targets = (val >> 16) & 0xff & all;
		break;
	case 1:
		targets = all & ~BIT(vcpu);
		break;
	case 2:
		targets = BIT(vcpu);
		break;
	default:
		targets = 0;    /* reserved filter */
		break;
	}
	for (; targets; targets &= targets - 1)
		kick |= vgic_sgi_raise(d, (unsigned)__builtin_ctz(targets), sgi, vcpu);
	return kick;
}

uint32_t vgic_sgir(struct vgic_dist *d, unsigned vcpu, uint32_t val)
{
	uint32_t kick;

	CHECK(d->version == VGIC_V2 && vcpu < d->nvcpus);
	spin_lock(&d->lock);
	kick = sgir(d, vcpu, val);
	spin_unlock(&d->lock);
	return kick;
}

/* GICD_CPENDSGIR/SPENDSGIR (4.3.17, 4.3.18): byte n holds the pending
 * sources of SGI n of the reader. */
static uint32_t pendsgir(struct vgic_dist *d, unsigned vcpu, uint32_t off,
			 unsigned nbytes, bool write, uint64_t *val)
{
	bool set = off >= GICD_SPENDSGIR;
	unsigned first = off & 0xf;
	uint8_t *src = d->cpu[vcpu].sgi_src;
	uint32_t v = 0, kick = 0;

	for (unsigned i = 0; i < nbytes; i++) {
		struct vgic_irq *irq = &d->cpu[vcpu].priv[first + i];
		uint8_t b;

		if (!write) {
			v |= (uint32_t)src[first + i] << (8 * i);
			continue;
		}
		b = (uint8_t)(*val >> (8 * i)) & (BIT(d->nvcpus) - 1);
		if (set)
			src[first + i] |= b;
		else
			src[first + i] &= ~b;
		vgic_hint(d, vcpu, first + i);
		kick |= vgic_irq_kick(d, vcpu, first + i, irq);
	}
	if (!write)
		*val = v;
	return kick;
}

/*
 * The register classes of the frame (vgic_priv.h, struct vgic_layout).
 * Reserved space, write-only registers (SGIR) and the ID registers other
 * than PIDR2 read as zero; writes to read-only or reserved registers are
 * ignored.
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
		if (off != GICD_CTLR || d->enabled == !!(*val & CTLR_ENABLE))
			return 0;
		d->enabled = *val & CTLR_ENABLE;
		return BIT(d->nvcpus) - 1;
	}
	if (off == GICD_CTLR)
		*val = d->enabled ? CTLR_ENABLE : 0;
	else if (off == GICD_TYPER)
		*val = typer(d);
	else if (off == GICD_IIDR)
		*val = VGIC_IIDR;
	return 0;
}

/* IGROUPR..ICACTIVER (0x080-0x3ff). */
static uint32_t bits(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		     bool write, uint64_t *val)
{
	return vgic_reg_bits(d, vcpu, off, write, val);
}

static uint32_t prio(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		     bool write, uint64_t *val)
{
	return vgic_reg_prio(d, vcpu, off - GICD_IPRIORITYR, size, write, val);
}

static uint32_t targets(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
			bool write, uint64_t *val)
{
	return itargetsr(d, vcpu, off - GICD_ITARGETSR, size, write, val);
}

static uint32_t cfg(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		    bool write, uint64_t *val)
{
	return vgic_reg_cfg(d, vcpu, (off - GICD_ICFGR) * 4, write, val);
}

/* The block of SGIR (write-only) and C/SPENDSGIR. */
static uint32_t sgi(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		    bool write, uint64_t *val)
{
	if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10)
		return pendsgir(d, vcpu, off, size, write, val);
	if (off == GICD_SGIR && write)
		return sgir(d, vcpu, (uint32_t)*val);
	return 0;
}

/* The ID block (0xf80-0xfff): PIDR2. */
static uint32_t id(struct vgic_dist *d, unsigned vcpu, uint32_t off, unsigned size,
		   bool write, uint64_t *val)
{
	if (!write && off == GICD_PIDR2)
		*val = PIDR2_ARCHREV_2;
	return 0;
}

enum { C_RAZ, C_CTRL, C_BITS, C_PRIO, C_TARGETS, C_CFG, C_SGI, C_ID };

/* Widths (4.1.4): byte access to IPRIORITYR, ITARGETSR, CPENDSGIR and
 * SPENDSGIR, word access to all. */
static const struct vgic_reg_class classes[] = {
	[C_RAZ] = { .widths = VGIC_W32, .access = raz },
	[C_CTRL] = { .widths = VGIC_W32, .access = ctrl },
	[C_BITS] = { .widths = VGIC_W32, .access = bits },
	[C_PRIO] = { .widths = VGIC_W8_32, .access = prio },
	[C_TARGETS] = { .widths = VGIC_W8_32, .access = targets },
	[C_CFG] = { .widths = VGIC_W32, .access = cfg },
	[C_SGI] = { VGIC_W32, VGIC_W8_32, GICD_CPENDSGIR, 0x20, sgi },
	[C_ID] = { .widths = VGIC_W32, .access = id },
};

#define B(off) ((off) / VGIC_BLOCK)

static const uint8_t blocks[B(VGIC_V2_DIST_SIZE)] = {
	[B(GICD_CTLR)] = C_CTRL,
	[B(GICD_IGROUPR) ... B(GICD_IPRIORITYR) - 1] = C_BITS,
	[B(GICD_IPRIORITYR) ... B(GICD_ITARGETSR) - 1] = C_PRIO,
	[B(GICD_ITARGETSR) ... B(GICD_ICFGR) - 1] = C_TARGETS,
	[B(GICD_ICFGR) ... B(GICD_ICFGR + 0x100) - 1] = C_CFG,
	[B(GICD_SGIR)] = C_SGI,
	[B(GICD_PIDR2)] = C_ID,
};

const struct vgic_layout vgic_v2_dist = { blocks, ARRAY_SIZE(blocks), classes };
