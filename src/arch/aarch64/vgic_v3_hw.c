/* SPDX-License-Identifier: MIT */
/*
 * GICv3 virtual CPU interface (IHI 0069H 12.5: ICH_HCR_EL2, ICH_VTR_EL2,
 * ICH_VMCR_EL2, ICH_AP1R<n>_EL2, ICH_LR<n>_EL2).
 */
#include <arch/gicv3_vif.h>

#include "vgic_hw.h"

#define ICH_HCR_EN      (1ull << 0)
#define ICH_HCR_UIE     (1ull << 1)

/* ICH_LR<n>_EL2 fields (12.5.10). */
#define LR_STATE_SHIFT  62
#define LR_HW           (1ull << 61)
#define LR_GROUP1       (1ull << 60)
#define LR_PRIO_SHIFT   48
#define LR_PINTID_SHIFT 32
#define LR_EOI          (1ull << 41)

static unsigned nr_apr;
static unsigned nr_lrs;

static void v3_load(const struct vgic_hw_state *s)
{
	write_sysreg(ICH_VMCR_EL2, s->vmcr);
	for (unsigned i = 0; i < nr_apr; i++)
		arch_ich_ap1r_write(i, s->apr[i]);
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
}

static void v3_put(struct vgic_hw_state *s)
{
	s->vmcr = (uint32_t)read_sysreg(ICH_VMCR_EL2);
	for (unsigned i = 0; i < nr_apr; i++)
		s->apr[i] = arch_ich_ap1r_read(i);
	for (unsigned i = 0; i < nr_lrs; i++)
		arch_ich_lr_write(i, 0);
	write_sysreg(ICH_HCR_EL2, 0);
	isb();
}

static void v3_read_lrs(struct vgic_lr *lrs, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (lrs[i].intid != VGIC_INTID_NONE)
			lrs[i].state = arch_ich_lr_read(i) >> LR_STATE_SHIFT;
}

static uint32_t v3_finished_lrs(void)
{
	return (uint32_t)(read_sysreg(ICH_ELRSR_EL2) | read_sysreg(ICH_EISR_EL2));
}

static uint64_t encode(const struct vgic_lr *lr)
{
	uint64_t v;

	if (lr->intid == VGIC_INTID_NONE || lr->state == VGIC_LR_INVALID)
		return 0;
	v = (uint64_t)lr->state << LR_STATE_SHIFT | (uint64_t)lr->priority << LR_PRIO_SHIFT |
	    lr->intid;
	if (lr->group1)
		v |= LR_GROUP1;
	if (lr->hw)
		v |= LR_HW | (uint64_t)lr->pintid << LR_PINTID_SHIFT;
	else if (lr->eoi_maint)
		v |= LR_EOI;
	return v;
}

static void v3_write_lrs(const struct vgic_lr *lrs, uint32_t mask, bool underflow)
{
	for (; mask; mask &= mask - 1) {
		unsigned i = (unsigned)__builtin_ctz(mask);

		arch_ich_lr_write(i, encode(&lrs[i]));
	}
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN | (underflow ? ICH_HCR_UIE : 0));
	isb();
}

static struct vgic_hw_ops v3_ops = {
	.load = v3_load,
	.put = v3_put,
	.read_lrs = v3_read_lrs,
	.finished_lrs = v3_finished_lrs,
	.write_lrs = v3_write_lrs,
};

bool vgic_v3_hw_probe(const struct vgic_hw_ops **ops)
{
	uint64_t vtr = read_sysreg(ICH_VTR_EL2);
	/* ICH_VTR_EL2: ListRegs[4:0] = LRs - 1, PREbits[28:26] = bits - 1;
	 * 5, 6 or 7 preemption bits need 1, 2 or 4 ICH_AP1R registers. */
	unsigned prebits = ((vtr >> 26) & 7) + 1;

	nr_lrs = MIN((unsigned)(vtr & 0x1f) + 1, (unsigned)VGIC_MAX_LRS);
	v3_ops.nr_lrs = nr_lrs;
	v3_ops.hw_links = true;
	nr_apr = 1u << (prebits - 5);
	*ops = &v3_ops;
	return true;
}
