/* SPDX-License-Identifier: MIT */
/*
 * GICv2 virtual interface control (GICH), IHI 0048B 5.3: GICH_HCR,
 * GICH_VTR, GICH_VMCR, GICH_APR, GICH_LR<n>. Banked per CPU at one address.
 */
#include "mmio.h"
#include "vgic_hw.h"

#define GICH_HCR     0x000
#define GICH_VTR     0x004
#define GICH_VMCR    0x008
#define GICH_EISR0   0x020
#define GICH_ELRSR0  0x030
#define GICH_APR     0x0f0
#define GICH_LR(n)   (0x100 + 4 * (n))

#define HCR_EN       (1u << 0)
#define HCR_UIE      (1u << 1)

/* GICH_LR<n> (5.3.12): VirtualID[9:0], PhysicalID[19:10] (or, without HW,
 * CPUID[12:10] and EOI[19]), Priority[27:23], State[29:28], Grp1[30], HW[31]. */
#define LR_PHYS_SHIFT 10
#define LR_EOI        (1u << 19)
#define LR_PRIO_SHIFT 23
#define LR_STATE_SHIFT 28
#define LR_GRP1       (1u << 30)
#define LR_HW         (1u << 31)

/* GICC_IIDR (4.4.15) of QEMU's GICv2 model: ProductID 0, ArchitectureVersion
 * 2, Revision 0, Implementer Arm (0x43b); a GIC-400 reads 0x0202143b. */
#define GICC_IIDR      0x0fc
#define GICC_IIDR_QEMU 0x0002043bu

static uint64_t gich;
static unsigned nr_lrs;

static void v2_load(const struct vgic_hw_state *s)
{
	mmio_write32(gich + GICH_VMCR, s->vmcr);
	mmio_write32(gich + GICH_APR, s->apr[0]);
	mmio_write32(gich + GICH_HCR, HCR_EN);
}

static void v2_put(struct vgic_hw_state *s)
{
	s->vmcr = mmio_read32(gich + GICH_VMCR);
	s->apr[0] = mmio_read32(gich + GICH_APR);
	for (unsigned i = 0; i < nr_lrs; i++)
		mmio_write32(gich + GICH_LR(i), 0);
	mmio_write32(gich + GICH_HCR, 0);
}

static void v2_read_lrs(struct vgic_lr *lrs, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (lrs[i].intid != VGIC_INTID_NONE)
			lrs[i].state = (mmio_read32(gich + GICH_LR(i)) >> LR_STATE_SHIFT) & 3;
}

static uint32_t v2_finished_lrs(void)
{
	return mmio_read32(gich + GICH_ELRSR0) | mmio_read32(gich + GICH_EISR0);
}

static uint32_t encode(const struct vgic_lr *lr)
{
	uint32_t v;

	if (lr->intid == VGIC_INTID_NONE || lr->state == VGIC_LR_INVALID)
		return 0;
	v = (uint32_t)lr->state << LR_STATE_SHIFT | (uint32_t)(lr->priority >> 3) << LR_PRIO_SHIFT |
	    lr->intid;
	if (lr->group1)
		v |= LR_GRP1;
	if (lr->hw)
		v |= LR_HW | (uint32_t)lr->pintid << LR_PHYS_SHIFT;
	else
		v |= (uint32_t)(lr->source & 7) << LR_PHYS_SHIFT | (lr->eoi_maint ? LR_EOI : 0);
	return v;
}

static void v2_write_lrs(const struct vgic_lr *lrs, uint32_t mask, bool underflow)
{
	for (; mask; mask &= mask - 1) {
		unsigned i = (unsigned)__builtin_ctz(mask);

		mmio_write32(gich + GICH_LR(i), encode(&lrs[i]));
	}
	mmio_write32(gich + GICH_HCR, HCR_EN | (underflow ? HCR_UIE : 0));
}

static struct vgic_hw_ops v2_ops = {
	.load = v2_load,
	.put = v2_put,
	.read_lrs = v2_read_lrs,
	.finished_lrs = v2_finished_lrs,
	.write_lrs = v2_write_lrs,
};

bool vgic_v2_hw_probe(const struct board *b, const struct vgic_hw_ops **ops)
{
	if (!b->gic.hyp.size || !b->gic.vcpuif.size)
		return false;
	gich = b->gic.hyp.base;
	/* GICH_VTR.ListRegs[5:0] = LRs - 1. */
	nr_lrs = MIN((mmio_read32(gich + GICH_VTR) & 0x3f) + 1, (unsigned)VGIC_MAX_LRS);
	v2_ops.nr_lrs = nr_lrs;
	v2_ops.hw_links = mmio_read32(b->gic.cpuif.base + GICC_IIDR) != GICC_IIDR_QEMU;
	*ops = &v2_ops;
	return true;
}
