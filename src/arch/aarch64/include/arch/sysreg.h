/* SPDX-License-Identifier: MIT */
/* AArch64 system register access and the EL2 control bits Septum uses. */
#ifndef SEPTUM_ARCH_SYSREG_H
#define SEPTUM_ARCH_SYSREG_H

#include "types.h"

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %x0" : : "rZ"((uint64_t)(v)))
#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")

/* HCR_EL2 (Arm ARM D19.2.48). */
#define HCR_VM    BIT(0)
#define HCR_SWIO  BIT(1)
#define HCR_PTW   BIT(2)
#define HCR_FMO   BIT(3)
#define HCR_IMO   BIT(4)
#define HCR_AMO   BIT(5)
#define HCR_VF    BIT(6)
#define HCR_VI    BIT(7)
#define HCR_VSE   BIT(8)
#define HCR_FB    BIT(9)
#define HCR_BSU_IS (1ull << 10)
#define HCR_TWI   BIT(13)
#define HCR_TWE   BIT(14)
#define HCR_TID3  BIT(18)
#define HCR_TSC   BIT(19)
#define HCR_TIDCP BIT(20)
#define HCR_TACR  BIT(21)
#define HCR_TSW   BIT(22)
#define HCR_RW    BIT(31)
#define HCR_TERR  BIT(36)
#define HCR_TLOR  BIT(35)
#define HCR_APK   BIT(40)
#define HCR_API   BIT(41)

/* SCTLR_ELx. */
#define SCTLR_M   BIT(0)
#define SCTLR_A   BIT(1)
#define SCTLR_C   BIT(2)
#define SCTLR_SA  BIT(3)
#define SCTLR_I   BIT(12)
#define SCTLR_WXN BIT(19)
#define SCTLR_SPAN  BIT(23)
#define SCTLR_DSSBS BIT(44)
/* SCTLR_EL2 RES1 bits (non-VHE): 4,5,11,16,18,22,23,28,29. */
#define SCTLR_EL2_RES1 (BIT(4) | BIT(5) | BIT(11) | BIT(16) | BIT(18) | \
			BIT(22) | BIT(23) | BIT(28) | BIT(29))
/* SCTLR_EL1 at guest reset: RES1 bits 11,20,22,23,28,29; MMU and caches off. */
#define SCTLR_EL1_RESET (BIT(11) | BIT(20) | BIT(22) | BIT(23) | BIT(28) | BIT(29))

/* CPTR_EL2 (non-VHE): RES1 bits 13:12 (12 is TSM, trapping SME, where
 * implemented) and 9:0 except TZ(8); TZ traps SVE, TFP(10) would trap
 * FP/SIMD, TTA(20) traps trace registers, TAM(30) activity monitors. */
#define CPTR_EL2_RES1 (0x32ffull)
#define CPTR_TZ   BIT(8)
#define CPTR_TFP  BIT(10)
#define CPTR_TTA  BIT(20)
#define CPTR_TAM  BIT(30)

/* MDCR_EL2. */
#define MDCR_TPMCR BIT(5)
#define MDCR_TPM   BIT(6)
#define MDCR_TPMS  BIT(14)
#define MDCR_TTRF  BIT(19)

/* CNTHCTL_EL2 (non-VHE). */
#define CNTHCTL_EL1PCTEN BIT(0)
#define CNTHCTL_EL1PCEN  BIT(1)
#define CNTHCTL_EL1PCEN  BIT(1)

/* SPSR / PSTATE. */
#define PSR_MODE_EL0t 0x0
#define PSR_MODE_EL1t 0x4
#define PSR_MODE_EL1h 0x5
#define PSR_MODE_MASK 0xf
#define PSR_MODE32    BIT(4)
#define PSR_DAIF      (0xfull << 6)
#define PSR_SSBS      BIT(12)
#define PSR_PAN       BIT(22)

/* ID_AA64MMFR0_EL1.PARange -> bits. */
static inline unsigned arch_parange_bits(uint64_t mmfr0)
{
	static const uint8_t bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned r = mmfr0 & 0xf;

	return r < ARRAY_SIZE(bits) ? bits[r] : 48;
}

#endif /* SEPTUM_ARCH_SYSREG_H */
