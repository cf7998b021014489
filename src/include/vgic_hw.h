/* SPDX-License-Identifier: MIT */
/*
 * The hardware's virtual CPU interface, as the vGIC glue drives it: list
 * registers, the virtual machine control register and the active
 * priorities. GICv3 through ICH_* system registers
 * (src/arch/aarch64/vgic_v3_hw.c), GICv2 through the GICH frame
 * (src/drivers/gicv2_vif.c). All calls act on the calling CPU.
 */
#ifndef SEPTUM_VGIC_HW_H
#define SEPTUM_VGIC_HW_H

#include "board.h"
#include "vgic.h"

/* What a vCPU keeps of the interface while it is off its CPU. */
struct vgic_hw_state {
	uint32_t vmcr;
	uint32_t apr[4];
};

struct vgic_hw_ops {
	unsigned nr_lrs;
	/* The guest's deactivation of a hardware-linked list register ends
	 * the physical interrupt, as the architecture says. False for QEMU's
	 * GICv2 model (hw/intc/arm_gic.c, up to 10.0 at least): it ends it
	 * but does not re-evaluate the physical CPU interface, so a level
	 * interrupt still asserted then is never signalled again until some
	 * other GIC event; a 1-vCPU Linux hung in its first sleeps. Then the
	 * links are Septum's (vgic_dist.soft_links): it ends a forwarded
	 * interrupt at the EOI maintenance interrupt of its list register. */
	bool hw_links;
	/* Puts s in the interface and enables it (no list register in use). */
	void (*load)(const struct vgic_hw_state *s);
	/* Saves the interface into s, clears the list registers, disables it. */
	void (*put)(struct vgic_hw_state *s);
	/* Updates lrs[i].state from list register i, for the used slots. */
	void (*read_lrs)(struct vgic_lr *lrs, unsigned n);
	/* The list registers whose interrupt the guest finished: state
	 * invalid (ICH_ELRSR_EL2 | ICH_EISR_EL2, GICH_ELRSR0 | GICH_EISR0). */
	uint32_t (*finished_lrs)(void);
	/* Writes list register i from lrs[i] (cleared if unused) for each bit
	 * i of mask, leaves the others as they are, and asks for a
	 * maintenance interrupt on underflow if underflow. */
	void (*write_lrs)(const struct vgic_lr *lrs, uint32_t mask, bool underflow);
};

/* Chooses the virtual interface of the board's GIC for the vGIC glue
 * (src/core/vgic/vgic_vm.c, which alone holds it). False if the GIC has
 * none. */
bool vgic_hw_probe(const struct board *b);
bool vgic_v3_hw_probe(const struct vgic_hw_ops **ops);
bool vgic_v2_hw_probe(const struct board *b, const struct vgic_hw_ops **ops);

#endif /* SEPTUM_VGIC_HW_H */
