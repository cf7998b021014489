/* SPDX-License-Identifier: MIT */
/*
 * CP15 register access for ARMv7-A with the virtualization extensions
 * (Arm ARM DDI 0406C.d, B4.1 "System control registers" and B8.2 "Generic
 * Timer registers"), under the AArch32 names, and the HYP-mode control
 * bits Septum uses. read_sysreg/write_sysreg take a 32-bit register
 * (MRC/MCR), read_sysreg64/write_sysreg64 a 64-bit one (MRRC/MCRR).
 */
#ifndef SEPTUM_ARCH_SYSREG_H
#define SEPTUM_ARCH_SYSREG_H

#include "types.h"

#define CP32(op1, crn, crm, op2) "p15, " #op1 ", %0, " #crn ", " #crm ", " #op2
#define CP64(op1, crm) "p15, " #op1 ", %Q0, %R0, " #crm

#define read_sysreg(r) ({ uint32_t __v; __asm__ volatile("mrc " r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("mcr " r : : "r"((uint32_t)(v)) : "memory")
#define read_sysreg64(r) ({ uint64_t __v; __asm__ volatile("mrrc " r : "=r"(__v)); __v; })
#define write_sysreg64(r, v) __asm__ volatile("mcrr " r : : "r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")

/* Identification. */
#define MIDR        CP32(0, c0, c0, 0)
#define CTR         CP32(0, c0, c0, 1)
#define MPIDR       CP32(0, c0, c0, 5)
#define ID_PFR1     CP32(0, c0, c1, 1)
#define ID_DFR0     CP32(0, c0, c1, 2)
#define ID_MMFR0    CP32(0, c0, c1, 4)
#define VPIDR       CP32(4, c0, c0, 0)
#define VMPIDR      CP32(4, c0, c0, 5)

/* PL1 state a guest owns (B4.1). */
#define SCTLR       CP32(0, c1, c0, 0)
#define ACTLR       CP32(0, c1, c0, 1)
#define CPACR       CP32(0, c1, c0, 2)
#define TTBR0       CP64(0, c2)
#define TTBR1       CP64(1, c2)
#define TTBCR       CP32(0, c2, c0, 2)
#define DACR        CP32(0, c3, c0, 0)
#define DFSR        CP32(0, c5, c0, 0)
#define IFSR        CP32(0, c5, c0, 1)
#define ADFSR       CP32(0, c5, c1, 0)
#define AIFSR       CP32(0, c5, c1, 1)
#define DFAR        CP32(0, c6, c0, 0)
#define IFAR        CP32(0, c6, c0, 2)
#define PAR         CP64(0, c7)
#define PRRR        CP32(0, c10, c2, 0)   /* MAIR0 with TTBCR.EAE */
#define NMRR        CP32(0, c10, c2, 1)   /* MAIR1 */
#define AMAIR0      CP32(0, c10, c3, 0)
#define AMAIR1      CP32(0, c10, c3, 1)
#define VBAR        CP32(0, c12, c0, 0)
#define CONTEXTIDR  CP32(0, c13, c0, 1)
#define TPIDRURW    CP32(0, c13, c0, 2)
#define TPIDRURO    CP32(0, c13, c0, 3)
#define TPIDRPRW    CP32(0, c13, c0, 4)
#define CSSELR      CP32(2, c0, c0, 0)
#define CNTKCTL     CP32(0, c14, c1, 0)

/* HYP mode (B4.1, the Hyp registers). */
#define HSCTLR      CP32(4, c1, c0, 0)
#define HCR         CP32(4, c1, c1, 0)
#define HDCR        CP32(4, c1, c1, 1)
#define HCPTR       CP32(4, c1, c1, 2)
#define HSTR        CP32(4, c1, c1, 3)
#define HTCR        CP32(4, c2, c0, 2)
#define VTCR        CP32(4, c2, c1, 2)
#define HTTBR       CP64(4, c2)
#define VTTBR       CP64(6, c2)
#define HSR         CP32(4, c5, c2, 0)
#define HDFAR       CP32(4, c6, c0, 0)
#define HIFAR       CP32(4, c6, c0, 2)
#define HPFAR       CP32(4, c6, c0, 4)
#define HMAIR0      CP32(4, c10, c2, 0)
#define HMAIR1      CP32(4, c10, c2, 1)
#define HVBAR       CP32(4, c12, c0, 0)
#define ISR         CP32(0, c12, c1, 0)
#define HTPIDR      CP32(4, c13, c0, 2)

/* Generic timer (B8.2). */
#define CNTFRQ      CP32(0, c14, c0, 0)
#define CNTPCT      CP64(0, c14)
#define CNTP_CTL    CP32(0, c14, c2, 1)
#define CNTP_CVAL   CP64(2, c14)
#define CNTV_CTL    CP32(0, c14, c3, 1)
#define CNTV_CVAL   CP64(3, c14)
#define CNTVOFF     CP64(4, c14)
#define CNTHCTL     CP32(4, c14, c1, 0)
#define CNTHP_CTL   CP32(4, c14, c2, 1)
#define CNTHP_CVAL  CP64(6, c14)

/* HCR (B4.1.65). */
#define HCR_VM    BIT(0)
#define HCR_SWIO  BIT(1)
#define HCR_FMO   BIT(3)
#define HCR_IMO   BIT(4)
#define HCR_AMO   BIT(5)
#define HCR_FB    BIT(9)
#define HCR_BSU_IS (1u << 10)
#define HCR_TID3  BIT(18)
#define HCR_TSC   BIT(19)
#define HCR_TIDCP BIT(20)
#define HCR_TAC   BIT(21)

/* HSCTLR/SCTLR (B4.1.66, B4.1.130). */
#define SCTLR_M   BIT(0)
#define SCTLR_A   BIT(1)
#define SCTLR_C   BIT(2)
#define SCTLR_V   BIT(13)
#define SCTLR_I   BIT(12)
#define SCTLR_WXN BIT(19)
#define SCTLR_EE  BIT(25)
#define SCTLR_TE  BIT(30)
/* SCTLR at guest reset: RES1 bits 23, 22, 18, 16, 11, 4, 3 (the ARMv8
 * AArch32 SCTLR's; ARMv7 reads them as 1 too); MMU and caches off. */
#define SCTLR_RESET 0x00c50818u

/* HCPTR (B4.1.69): TCPn traps coprocessor n, TTA trace. cp10 and cp11
 * (FP/SIMD) are the guests'; every other coprocessor traps. */
#define HCPTR_GUEST (0x33ffu | BIT(20))
/* HDCR (B4.1.67): TPMCR, TPM (the PMU traps). Debug does not trap, as on
 * AArch64 (MDCR_EL2): Linux reads DBGDIDR unconditionally. */
#define HDCR_TRAPS  (BIT(5) | BIT(6))

/* CNTHCTL (B8.2.3). */
#define CNTHCTL_PL1PCTEN BIT(0)
#define CNTHCTL_PL1PCEN  BIT(1)

/* CPSR/SPSR (A2.5, B1.3.3). */
#define PSR_MODE_MASK 0x1fu
#define PSR_MODE_USR  0x10u
#define PSR_MODE_FIQ  0x11u
#define PSR_MODE_IRQ  0x12u
#define PSR_MODE_SVC  0x13u
#define PSR_MODE_ABT  0x17u
#define PSR_MODE_HYP  0x1au
#define PSR_MODE_UND  0x1bu
#define PSR_MODE_SYS  0x1fu
#define PSR_T         BIT(5)
#define PSR_F         BIT(6)
#define PSR_I         BIT(7)
#define PSR_A         BIT(8)
#define PSR_E         BIT(9)
#define PSR_IT_LO     (3u << 25)       /* IT[1:0] */
#define PSR_IT_HI     (0x3fu << 10)    /* IT[7:2] */
#define PSR_J         BIT(24)

#endif /* SEPTUM_ARCH_SYSREG_H */
