/* SPDX-License-Identifier: MIT */
/*
 * GICv2 (GIC-400): distributor and CPU interface, memory mapped
 * (GICv2 architecture specification IHI 0048B, chapter 4).
 */
#include "gic.h"
#include "mmio.h"

#define GICD_CTLR        0x000
#define GICD_ISENABLER   0x100
#define GICD_IPRIORITYR  0x400
#define GICD_ITARGETSR   0x800
#define GICD_SGIR        0xf00

#define GICC_CTLR        0x000
#define GICC_PMR         0x004
#define GICC_BPR         0x008
#define GICC_IAR         0x00c
#define GICC_EOIR        0x010
#define GICC_DIR         0x1000
#define GICC_CTLR_EOIMODE (1u << 9)
#define GICD_ISENABLER0  0x100
#define GICD_ICFGR       0xc00

static uint64_t gicd, gicc;
/* CPU interface number of each CPU (GICD_ITARGETSR0 reads it, banked). */
static uint8_t cpu_mask[BOARD_MAX_CPUS];

static void v2_cpu_init(unsigned cpu, uint64_t mpidr, const uint32_t *ppis, unsigned n)
{
	cpu_mask[cpu] = mmio_read32(gicd + GICD_ITARGETSR) & 0xff;
	/* SGIs are always enabled on GICv2; private interrupts get the top
	 * priority (the registers for INTIDs 0..31 are banked per CPU). */
	for (unsigned i = 0; i < 32; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, 0);
	for (unsigned i = 0; i < n; i++)
		mmio_write32(gicd + GICD_ISENABLER0, 1u << ppis[i]);
	mmio_write32(gicc + GICC_PMR, 0xff);
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1 | GICC_CTLR_EOIMODE);
}

static void v2_deactivate(uint32_t intid)
{
	mmio_write32(gicc + GICC_DIR, intid);
}

static void v2_route_spi(uint32_t intid, unsigned cpu, uint64_t mpidr)
{
	mmio_write8(gicd + GICD_ITARGETSR + intid, cpu_mask[cpu]);
	mmio_write8(gicd + GICD_IPRIORITYR + intid, 0x80);
	mmio_write32(gicd + GICD_ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

static void v2_send_sgi(unsigned sgi, unsigned cpu, uint64_t mpidr)
{
	__asm__ volatile("dsb ishst" : : : "memory");
	mmio_write32(gicd + GICD_SGIR, ((uint32_t)cpu_mask[cpu] << 16) | sgi);
}

static uint32_t v2_ack(void)
{
	return mmio_read32(gicc + GICC_IAR) & 0x3ff;
}

static void v2_eoi(uint32_t intid)
{
	mmio_write32(gicc + GICC_EOIR, intid);
}

static const struct gic_ops v2_ops = {
	.cpu_init = v2_cpu_init,
	.send_sgi = v2_send_sgi,
	.ack = v2_ack,
	.eoi = v2_eoi,
	.deactivate = v2_deactivate,
	.route_spi = v2_route_spi,
};

bool gicv2_probe(const struct board *b, const struct gic_ops **ops)
{
	gicd = b->gic.dist.base;
	gicc = b->gic.cpuif.base;
	mmio_write32(gicd + GICD_CTLR, 1);
	*ops = &v2_ops;
	return true;
}
