/* SPDX-License-Identifier: MIT */
/*
 * The image's header as the core reads it at boot (src/core/main.c): the
 * arm64 Linux Image header (head.S) with the fields scripts/pack.py fills
 * in, and the names the boot banner gives the architecture.
 */
#ifndef SEPTUM_ARCH_IMAGE_H
#define SEPTUM_ARCH_IMAGE_H

#include "types.h"

#define ARCH_NAME "aarch64"
#define ARCH_HYP_LEVEL "EL2"
/* Its VMs are AArch64 unless the partition says "aarch32". */
#define ARCH_HYP_AARCH32 0

/* earlycon is res4 (board_uart_earlycon); payload_* are res2, res3. */
struct image_header {
	uint32_t code0, code1;
	uint64_t text_offset, image_size, flags;
	uint64_t payload_offset, payload_size, earlycon;
	uint32_t magic, res5;
};

#endif /* SEPTUM_ARCH_IMAGE_H */
