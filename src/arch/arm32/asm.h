/* SPDX-License-Identifier: MIT */
/* Constants shared by the assembly files. */
#ifndef SEPTUM_ARCH_ASM_H
#define SEPTUM_ARCH_ASM_H

#define R_ARM_RELATIVE 23
/* HSCTLR: the ARMv8 AArch32 RES1 bits (3, 4, 11, 16, 18, 22, 23, 28,
 * 29; ARMv7 reads them as 1 too), everything else off: MMU and caches
 * off, little-endian, exceptions in A32 (B4.1.66). */
#define HSCTLR_BOOT 0x30c50818
/* struct arch_regs: r0..r12, lr_usr, then pc, cpsr. */
#define REGS_PC 56
#define REGS_SIZE 64

#endif
