/* SPDX-License-Identifier: MIT */
/*
 * Septum's one interrupt-ID limit. A VM's GIC implements the SGIs, the
 * PPIs and the SPIs up to VM_MAX_INTID (the architecture allows SPIs up to
 * 1019). Partitions are checked against it (cfg), the virtual GIC is sized
 * by it (vgic.h), and passthrough's owner table covers it. Raising it is a
 * one-line change that costs each VM a struct vgic_irq per SPI.
 */
#ifndef SEPTUM_INTID_H
#define SEPTUM_INTID_H

#define VM_MAX_INTID 159

#endif /* SEPTUM_INTID_H */
