/* SPDX-License-Identifier: MIT */
/*
 * GICv3: distributor and redistributors memory mapped, CPU interface
 * through system registers (GICv3/v4 architecture specification IHI 0069,
 * chapters 9 and 12).
 */
#include <arch/gicv3.h>

#include "console.h"
#include "gic.h"
#include "mmio.h"

#define GICD_CTLR           0x0000
#define GICD_CTLR_ARE_NS    (1u << 4)
#define GICD_CTLR_GRP1NS    (1u << 1)
#define GICD_CTLR_RWP       (1u << 31)

#define GICR_STRIDE         0x20000   /* RD_base + SGI_base frames */
#define GICR_WAKER          0x0014
#define GICR_TYPER          0x0008
#define GICR_TYPER_LAST     (1ull << 4)
#define WAKER_PSLEEP        (1u << 1)
#define WAKER_CASLEEP       (1u << 2)
#define GICR_SGI            0x10000
#define GICR_IGROUPR0       (GICR_SGI + 0x080)
#define GICR_ISENABLER0     (GICR_SGI + 0x100)
#define GICR_IPRIORITYR     (GICR_SGI + 0x400)

static uint64_t gicd;
static struct board_range redist;

static void wait_rwp(void)
{
	while (mmio_read32(gicd + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

/* Finds the redistributor whose GICR_TYPER affinity matches mpidr
 * (IHI 0069 9.11.35: Affinity_Value in bits [63:32], Aff3.Aff2.Aff1.Aff0). */
static uint64_t find_redist(uint64_t mpidr)
{
	uint64_t aff = ((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff);

	for (uint64_t rd = redist.base; rd < redist.base + redist.size; rd += GICR_STRIDE) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

static void v3_cpu_init(unsigned cpu, uint64_t mpidr, const uint32_t *ppis, unsigned n)
{
	uint32_t enable = 0xffff;   /* SGIs */

	uint64_t rd = find_redist(mpidr);

	if (!rd) {
		log_info("error: no GICv3 redistributor for MPIDR %#lx", mpidr);
		return;
	}
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~WAKER_PSLEEP);
	while (mmio_read32(rd + GICR_WAKER) & WAKER_CASLEEP)
		;
	mmio_write32(rd + GICR_IGROUPR0, 0xffffffff);
	for (unsigned i = 0; i < 32; i += 4)
		mmio_write32(rd + GICR_IPRIORITYR + i, 0);
	for (unsigned i = 0; i < n; i++)
		enable |= 1u << ppis[i];
	mmio_write32(rd + GICR_ISENABLER0, enable);
	arch_gicv3_cpuif_init();
}

/* ICC_SGI1R_EL1 (IHI 0069 12.2.22): Aff3[55:48] Aff2[39:32] INTID[27:24]
 * Aff1[23:16] TargetList[15:0] (bit = Aff0, for Aff0 < 16). */
static void v3_send_sgi(unsigned sgi, unsigned cpu, uint64_t mpidr)
{
	uint64_t v = ((mpidr >> 32 & 0xff) << 48) | ((mpidr >> 16 & 0xff) << 32) |
		     ((uint64_t)sgi << 24) | ((mpidr >> 8 & 0xff) << 16) |
		     (1ull << (mpidr & 0xf));

	arch_gicv3_send_sgi(v);
}

#define GICD_IGROUPR      0x0080
#define GICD_ISENABLER    0x0100
#define GICD_IPRIORITYR   0x0400
#define GICD_IROUTER      0x6000

static void v3_route_spi(uint32_t intid, unsigned cpu, uint64_t mpidr)
{
	uint32_t bit = 1u << (intid % 32);

	mmio_write32(gicd + GICD_IGROUPR + 4 * (intid / 32),
		     mmio_read32(gicd + GICD_IGROUPR + 4 * (intid / 32)) | bit);
	mmio_write8(gicd + GICD_IPRIORITYR + intid, 0x80);
	/* GICD_IROUTER<n> (IHI 0069 12.9.22): Aff3[39:32] Aff2.Aff1.Aff0. */
	mmio_write64(gicd + GICD_IROUTER + 8 * intid, mpidr & 0xff00ffffffull);
	mmio_write32(gicd + GICD_ISENABLER + 4 * (intid / 32), bit);
}

static const struct gic_ops v3_ops = {
	.cpu_init = v3_cpu_init,
	.send_sgi = v3_send_sgi,
	.ack = arch_gicv3_ack,
	.eoi = arch_gicv3_eoi,
	.deactivate = arch_gicv3_deactivate,
	.route_spi = v3_route_spi,
};

bool gicv3_probe(const struct board *b, const struct gic_ops **ops)
{
	gicd = b->gic.dist.base;
	redist = b->gic.redist;
	mmio_write32(gicd + GICD_CTLR, 0);
	wait_rwp();
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE_NS | GICD_CTLR_GRP1NS);
	wait_rwp();
	*ops = &v3_ops;
	return true;
}
