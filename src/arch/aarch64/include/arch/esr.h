/* SPDX-License-Identifier: MIT */
/*
 * ESR_EL2/ESR_EL1 fields (Arm ARM D19.2.37, "ESR_ELx, Exception Syndrome
 * Register"): the exception classes Septum decodes (trap_decode.c) or
 * builds for a guest (vcpu.c), and the data abort ISS.
 */
#ifndef SEPTUM_ARCH_ESR_H
#define SEPTUM_ARCH_ESR_H

#define ESR_EC_SHIFT     26
#define ESR_EC(esr)      (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL           BIT(25)
#define ESR_ISS(esr)     ((esr) & 0x1ffffff)

#define EC_WFX           0x01
#define EC_CP15_32       0x03    /* MCR/MRC p15, from AArch32 */
#define EC_CP15_64       0x04    /* MCRR/MRRC p15 */
#define EC_CP14_32       0x05    /* MCR/MRC p14 */
#define EC_CP14_LS       0x06    /* LDC/STC p14 */
#define EC_FP            0x07
#define EC_CP10_ID       0x08    /* VMRS of an ID register (HCR_EL2.TID3) */
#define EC_CP14_64       0x0c    /* MRRC p14 */
#define EC_HVC32         0x12
#define EC_SMC32         0x13
#define EC_HVC64         0x16
#define EC_SMC64         0x17
#define EC_SYSREG        0x18
#define EC_SVE           0x19
#define EC_IABT_LOW      0x20
#define EC_DABT_LOW      0x24
#define EC_LOW_TO_SAME   1       /* +1: the abort classes, from the same EL */

/* ISS for data aborts (D19.2.37.13). */
#define DABT_ISV         BIT(24)
#define DABT_SAS(iss)    (((iss) >> 22) & 3)
#define DABT_SSE         BIT(21)
#define DABT_SRT(iss)    (((iss) >> 16) & 0x1f)
#define DABT_SF          BIT(15)
#define DABT_FNV         BIT(10)
#define DABT_S1PTW       BIT(7)
#define DABT_WNR         BIT(6)
#define DABT_FSC(iss)    ((iss) & 0x3f)

/* The fault status code of a synchronous external abort (table "DFSC"). */
#define FSC_SYNC_EXTERNAL 0x10

#endif /* SEPTUM_ARCH_ESR_H */
