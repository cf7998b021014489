/* SPDX-License-Identifier: MIT */
#include "console.h"
#include "gic.h"
#include "mmio.h"

#define GICD_ICFGR 0xc00

const struct gic_ops *gic;

bool gic_init(const struct board *b)
{
	switch (b->gic.version) {
	case 2:
		return gicv2_probe(b, &gic);
	case 3:
		return gicv3_probe(b, &gic);
	default:
		log_info("error: GIC version %u is not supported", b->gic.version);
		return false;
	}
}

/* GICD_ICFGR<n>: two bits per INTID, the upper one set for edge (IHI 0048B
 * 4.3.13, IHI 0069 12.9.9: the same offset on GICv2 and v3). */
void gic_spi_edge(const struct board *b, uint32_t intid)
{
	uint64_t r = b->gic.dist.base + GICD_ICFGR + 4 * (intid / 16);

	mmio_write32(r, mmio_read32(r) | 2u << (2 * (intid % 16)));
}
