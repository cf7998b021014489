/* SPDX-License-Identifier: MIT */
#include "console.h"
#include "gic.h"

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
