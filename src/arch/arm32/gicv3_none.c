/* SPDX-License-Identifier: MIT */
/*
 * GICv3 on the arm32 build: not supported (its CPU interface is the
 * AArch32 ICC_* system registers, which drivers/gicv3.c does not speak).
 * A board with a GICv3 is refused with this message.
 */
#include "console.h"
#include "gic.h"
#include "vgic_hw.h"

bool gicv3_probe(const struct board *b, const struct gic_ops **ops)
{
	log_info("board: a GICv3 (arm,gic-v3): the arm32 build drives GICv2 only");
	return false;
}

bool vgic_v3_hw_probe(const struct vgic_hw_ops **ops)
{
	return false;
}
