/* SPDX-License-Identifier: MIT */
/*
 * The physical interrupt controller, as the hypervisor uses it: SGIs
 * between its CPUs. GICv2 and GICv3 drivers (src/drivers/gicv2.c,
 * gicv3.c), chosen at boot from the board DT.
 */
#ifndef SEPTUM_GIC_H
#define SEPTUM_GIC_H

#include "board.h"
#include "types.h"

#define GIC_SGI_KICK      0    /* "look at your vCPU" (cpu_kick) */
#define GIC_INTID_SPURIOUS 1023

/*
 * Septum runs the physical CPU interface in EOImode 1: eoi() only drops
 * the running priority; deactivate() ends the interrupt. An interrupt
 * forwarded to a guest through a hardware-linked list register is left
 * active and the guest's own deactivation ends it.
 */
struct gic_ops {
	/* This CPU's interface and private interrupts: SGIs and the PPIs in
	 * ppis[0..n) enabled. */
	void (*cpu_init)(unsigned cpu, uint64_t mpidr, const uint32_t *ppis, unsigned n);
	void (*send_sgi)(unsigned sgi, unsigned cpu, uint64_t mpidr);
	uint32_t (*ack)(void);
	void (*eoi)(uint32_t intid);
	void (*deactivate)(uint32_t intid);
	/* Enables SPI intid, delivered to physical CPU cpu. */
	void (*route_spi)(uint32_t intid, unsigned cpu, uint64_t mpidr);
};

extern const struct gic_ops *gic;

/* Probes the GIC the board describes and sets up its distributor.
 * Returns false (with a message) if the board's GIC is not usable. */
bool gic_init(const struct board *b);
/* Makes SPI intid edge-triggered (a device that pulses its line, such as
 * an SMMU's queues); before it is routed. Boot CPU, drivers only. */
void gic_spi_edge(const struct board *b, uint32_t intid);
bool gicv2_probe(const struct board *b, const struct gic_ops **ops);
bool gicv3_probe(const struct board *b, const struct gic_ops **ops);

#endif /* SEPTUM_GIC_H */
