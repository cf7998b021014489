/* SPDX-License-Identifier: MIT */
/*
 * A small GIC driver for the test guests: GICv3 (distributor,
 * redistributors, ICC_* system registers; IHI 0069H) or GICv2 (distributor
 * and GICC frame; IHI 0048B), whichever the DT's interrupt controller is.
 *
 * Everything is Group 1 on GICv3 and Group 0 on GICv2, which is what
 * Septum's virtual GICs present and what QEMU's GICs without Security
 * Extensions do with these settings; EOImode 0 (EOI drops priority and
 * deactivates). INTIDs 0-31 are those of the calling vCPU.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <guest/types.h>

enum gic_version {
	GIC_NONE = 0,
	GIC_V2 = 2,
	GIC_V3 = 3,
};

#define GIC_NR_SGIS		16
#define GIC_INTID_SPURIOUS	1020	/* 1020..1023: special, no IRQ */

/*
 * A handler for acknowledged interrupts: the INTID, the sending vCPU's CPU
 * interface number for a GICv2 SGI (else 0), and the IRQ vector's CNTVCT
 * stamp. Runs with IRQs masked; the interrupt is ended when it returns.
 */
typedef void (*gic_handler_fn)(u32 intid, u32 source, u64 stamp);

/*
 * Finds the GIC in the DT ("arm,gic-v3", "arm,cortex-a15-gic",
 * "arm,gic-400"), enables the distributor and this vCPU's interface and
 * hooks the IRQ vector. Boot vCPU, once, before other vCPUs start.
 * Returns the version, or GIC_NONE (nothing usable found).
 */
enum gic_version gic_init(void);

/* The calling vCPU's interface: GICv3 redistributor wake-up and ICC_*
 * setup, GICv2 GICC. Every other vCPU, once, before unmasking IRQs.
 * Returns false if its redistributor is not found. */
bool gic_cpu_init(void);

enum gic_version gic_version(void);

/* Turns the distributor's forwarding (GICD_CTLR group enable) on or off. */
void gic_dist_enable(bool on);

/* Called for every interrupt taken (NULL: taken and ended, ignored). */
void gic_set_handler(gic_handler_fn fn);

/* The distributor's address, and one of its 32-bit registers (ID
 * registers, TYPER, ...). */
u64 gic_dist_base(void);
u32 gic_dist_read(u32 off);

/* The calling vCPU's redistributor RD_base (GICv3; 0 otherwise), and a
 * 32-bit register of it. */
u64 gic_redist_base(void);
u32 gic_redist_read(u32 off);

/* Per-INTID state through the set/clear registers (IHI 0069H 12.9,
 * IHI 0048B 4.3). gic_set_pending is not for GICv2 SGIs (their ISPENDR
 * bits ignore writes); use gic_send_sgi. */
void gic_enable(u32 intid);
void gic_disable(u32 intid);
bool gic_enabled(u32 intid);
void gic_set_pending(u32 intid);
void gic_clear_pending(u32 intid);
bool gic_pending(u32 intid);
bool gic_active(u32 intid);
void gic_set_priority(u32 intid, u8 prio);
u8 gic_priority(u32 intid);

/* The calling vCPU's priority mask (ICC_PMR_EL1 / GICC_PMR). */
void gic_set_pmr(u8 pmr);
u8 gic_pmr(void);

/* Routes SPI intid to the vCPU whose MPIDR is mpidr (GICD_IROUTER<n>,
 * GICD_ITARGETSR<n>). */
void gic_route_spi(u32 intid, u64 mpidr);

/* Sends SGI sgi to the vCPU whose MPIDR is mpidr (may be the caller), or
 * to every vCPU but the caller. */
void gic_send_sgi(u32 sgi, u64 mpidr);
void gic_send_sgi_others(u32 sgi);

/* Acknowledge (ICC_IAR1_EL1 / GICC_IAR): the raw value, which gic_eoi
 * takes back; and its fields. */
u32 gic_ack(void);
void gic_eoi(u32 iar);
u32 gic_iar_intid(u32 iar);
u32 gic_iar_source(u32 iar);

#endif /* GUEST_GIC_H */
