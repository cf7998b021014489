/* SPDX-License-Identifier: MIT */
/*
 * Translation tables on AArch64: VMSAv8-64, 4 KiB granule, 48-bit output
 * addresses (Arm ARM DDI 0487K.a, D8.3). The encoders are shared with
 * ARMv7-A's LPAE: <arch/lpae.h>.
 */
#ifndef SEPTUM_ARCH_PTE_H
#define SEPTUM_ARCH_PTE_H

#define ARCH_PTE_OA_BITS 48

#include "arch/lpae.h"

#endif /* SEPTUM_ARCH_PTE_H */
