/* SPDX-License-Identifier: MIT */
/*
 * Translation tables on ARMv7-A: the Long-descriptor (LPAE) format, 4 KiB
 * granule, 40-bit output addresses (Arm ARM DDI 0406C.d, B3.6). Septum's
 * HYP stage 1 covers the 32-bit VA space (4 level-1 entries); stage 2
 * covers 40 bits of IPA from two concatenated level-1 tables (VTCR.SL0 =
 * 1, T0SZ = -8, B3.6.6). The encoders are shared with AArch64:
 * <arch/lpae.h>.
 */
#ifndef SEPTUM_ARCH_PTE_H
#define SEPTUM_ARCH_PTE_H

#define ARCH_PTE_OA_BITS 40

#include "arch/lpae.h"

#endif /* SEPTUM_ARCH_PTE_H */
