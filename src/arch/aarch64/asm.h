/* SPDX-License-Identifier: MIT */
/* Constants shared by the assembly files. */
#ifndef SEPTUM_ARCH_ASM_H
#define SEPTUM_ARCH_ASM_H

#define R_AARCH64_RELATIVE 1027
#define STACK_SIZE 16384
/* SCTLR_EL2 RES1 bits, everything else off (see sysreg.h). */
#define SCTLR_EL2_BOOT 0x30c50830
/* struct arch_regs: x0..x30, then pc, pstate. */
#define REGS_PC 248
#define REGS_PSTATE 256
#define REGS_SIZE 272

#endif
