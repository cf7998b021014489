/* SPDX-License-Identifier: MIT */
/*
 * HSR fields (Arm ARM DDI 0406C.d, B3.13.6 "Use of the HSR"): the
 * exception classes Septum decodes (trap_decode.c) and the data abort ISS.
 */
#ifndef SEPTUM_ARCH_HSR_H
#define SEPTUM_ARCH_HSR_H

#define HSR_EC_SHIFT     26
#define HSR_EC(hsr)      (((hsr) >> HSR_EC_SHIFT) & 0x3f)
#define HSR_IL           BIT(25)
#define HSR_ISS(hsr)     ((hsr) & 0x1ffffff)
/* Condition fields of the trapped-instruction classes (B3.13.6). */
#define HSR_CV           BIT(24)
#define HSR_COND(hsr)    (((hsr) >> 20) & 0xf)

#define EC_UNKNOWN       0x00
#define EC_WFX           0x01
#define EC_CP15_32       0x03   /* MCR/MRC */
#define EC_CP15_64       0x04   /* MCRR/MRRC */
#define EC_CP14_32       0x05
#define EC_CP14_LS       0x06
#define EC_CP_ACCESS     0x07   /* HCPTR: FP/SIMD and other coprocessors */
#define EC_CP10_ID       0x08   /* VMRS of an ID register (HCR.TID0) */
#define EC_CP14_64       0x0c
#define EC_HVC           0x12
#define EC_SMC           0x13
#define EC_IABT_GUEST    0x20
#define EC_DABT_GUEST    0x24

/* Data abort ISS (B3.13.6, "EC 0x24"). */
#define DABT_ISV         BIT(24)
#define DABT_SAS(iss)    (((iss) >> 22) & 3)
#define DABT_SSE         BIT(21)
#define DABT_SRT(iss)    (((iss) >> 16) & 0xf)
#define DABT_S1PTW       BIT(7)
#define DABT_WNR         BIT(6)

/*
 * The arm32 numbers of the ID registers (trap_info's sysreg.id): MRC p15,
 * 0, Rt, c0, CRm, op2 with CRm 1..7 is (CRm - 1) * 8 + op2 (0..55), as
 * the AArch64 ID space numbers it; c0, c3..c7 are reserved there and read
 * as zero (ARMv7 ARM B3.17.1). MVFR0 and MVFR1 are not in that space
 * (VMRS only): they come after it.
 */
#define ID_INDEX(crm, op2) (((crm) - 1) * 8 + (op2))
#define ID_CP15_REGS     56
#define ID_VMRS_MVFR0    56
#define ID_VMRS_MVFR1    57
#define ID_REGS32        58

#endif /* SEPTUM_ARCH_HSR_H */
