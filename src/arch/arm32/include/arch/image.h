/* SPDX-License-Identifier: MIT */
/*
 * The image's header as the core reads it at boot (src/core/main.c): a
 * 32-bit Linux zImage header (Linux arch/arm/boot/compressed/head.S: the
 * magic at 0x24, start and end at 0x28/0x2c), then the fields
 * scripts/pack.py fills in, and the names the boot banner gives the
 * architecture.
 */
#ifndef SEPTUM_ARCH_IMAGE_H
#define SEPTUM_ARCH_IMAGE_H

#include "types.h"

#define ARCH_NAME "arm32"
#define ARCH_HYP_LEVEL "HYP"
/* Its VMs are AArch32 (arch = "aarch64" is refused). */
#define ARCH_HYP_AARCH32 1

#define ZIMAGE_MAGIC 0x016f2818u

struct image_header {
	uint32_t code[9];      /* 0x00: eight NOPs and a branch to the entry */
	uint32_t magic;        /* 0x24: ZIMAGE_MAGIC */
	uint32_t start;        /* 0x28: 0, runs wherever it is loaded */
	uint32_t end;          /* 0x2c: bytes to load (image and payload) */
	uint32_t endian;       /* 0x30: 0x04030201, little-endian */
	uint32_t res[3];
	uint64_t image_size;   /* 0x40: = end */
	uint64_t payload_offset, payload_size;
	uint64_t earlycon;     /* 0x58: board_uart_earlycon */
};

_Static_assert(__builtin_offsetof(struct image_header, image_size) == 0x40, "pack.py");
_Static_assert(__builtin_offsetof(struct image_header, earlycon) == 0x58, "pack.py");

#endif /* SEPTUM_ARCH_IMAGE_H */
