/* SPDX-License-Identifier: MIT */
/*
 * The GICv2 distributor frame (IHI 0048B 4.1.2 table 4-1, 4.3), as a GIC
 * without Security Extensions whose interrupts are all Group 0.
 * Called with d->lock held (vgic_dist_access).
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

/* Allowed widths for the register at off (4.1.4: byte access to
 * IPRIORITYR, ITARGETSR, CPENDSGIR and SPENDSGIR, word access to all). */
static uint32_t widths(uint32_t off)
{
	if (off >= GICD_IPRIORITYR && off < GICD_ICFGR)
		return VGIC_W8_32;
	if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10)
		return VGIC_W8_32;
	return VGIC_W32;
}

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
	for (unsigned t = 0; t < d->nvcpus; t++)
		if (targets & BIT(t))
			kick |= vgic_sgi_raise(d, t, sgi, vcpu);
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

static uint32_t word_read(const struct vgic_dist *d, uint32_t off)
{
	switch (off) {
	case GICD_CTLR:
		return d->enabled ? CTLR_ENABLE : 0;
	case GICD_TYPER:
		return typer(d);
	case GICD_IIDR:
		return VGIC_IIDR;
	case GICD_PIDR2:
		return PIDR2_ARCHREV_2;
	}
	return 0;    /* reserved, write-only (SGIR), other ID registers */
}

static uint32_t word_write(struct vgic_dist *d, unsigned vcpu, uint32_t off,
			   uint32_t v)
{
	switch (off) {
	case GICD_CTLR:
		if (d->enabled == !!(v & CTLR_ENABLE))
			return 0;
		d->enabled = v & CTLR_ENABLE;
		return BIT(d->nvcpus) - 1;
	case GICD_SGIR:
		return sgir(d, vcpu, v);
	}
	return 0;    /* read-only or reserved */
}

/* Everything at word width but the byte-addressable classes. */
static uint32_t word_reg(struct vgic_dist *d, unsigned vcpu, uint32_t off,
			 bool write, uint64_t *val)
{
	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR)
		return vgic_reg_bits(d, vcpu, off, write, val);
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100)
		return vgic_reg_cfg(d, vcpu, (off - GICD_ICFGR) * 4, write, val);
	if (write)
		return word_write(d, vcpu, off, (uint32_t)*val);
	*val = word_read(d, off);
	return 0;
}

enum vgic_err vgic_v2_dist_access(struct vgic_dist *d, unsigned vcpu,
				  uint32_t off, unsigned size, bool write,
				  uint64_t *val, uint32_t *kick)
{
	uint64_t v;

	if (!vgic_width_ok(off, size, widths(off)))
		return VGIC_BAD_ACCESS;
	v = write ? *val & vgic_size_mask(size) : 0;
	if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR)
		*kick = vgic_reg_prio(d, vcpu, off - GICD_IPRIORITYR, size,
				      write, &v);
	else if (off >= GICD_ITARGETSR && off < GICD_ICFGR)
		*kick = itargetsr(d, vcpu, off - GICD_ITARGETSR, size, write,
				  &v);
	else if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 0x10)
		*kick = pendsgir(d, vcpu, off, size, write, &v);
	else
		*kick = word_reg(d, vcpu, off, write, &v);
	if (!write)
		*val = v;
	return VGIC_OK;
}
