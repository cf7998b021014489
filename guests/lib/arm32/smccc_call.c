/* SPDX-License-Identifier: MIT */
/*
 * smccc_hvc/smccc_smc/smccc_hvc1 from AArch32 (SMCCC, DEN0028 2.x): the
 * function ID and arguments go in r0..r7, truncated to 32 bits; r0..r3
 * come back sign-extended, so that (s64)res.a0 compares with the
 * (negative, 32-bit) SMCCC and PSCI error codes as on AArch64; a caller
 * that wants a register's unsigned value casts it to u32. r4..r7 are
 * listed as changed too (SMCCC 1.0 callees may clobber them), and r12.
 */
#include <guest/smccc.h>

static inline u64 sext(u32 v)
{
	return (u64)(s64)(s32)v;
}

#define SMCCC_FN(name, insn)						\
struct smccc_res name(u64 fid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,	\
		      u64 a6, u64 a7)					\
{									\
	register u32 r0 __asm__("r0") = (u32)fid;			\
	register u32 r1 __asm__("r1") = (u32)a1;			\
	register u32 r2 __asm__("r2") = (u32)a2;			\
	register u32 r3 __asm__("r3") = (u32)a3;			\
	register u32 r4 __asm__("r4") = (u32)a4;			\
	register u32 r5 __asm__("r5") = (u32)a5;			\
	register u32 r6 __asm__("r6") = (u32)a6;			\
	register u32 r7 __asm__("r7") = (u32)a7;			\
									\
	__asm__ volatile(".arch_extension virt\n"			\
			 ".arch_extension sec\n"			\
			 insn						\
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3),	\
			   "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)	\
			 : : "r12", "memory");				\
	return (struct smccc_res){ sext(r0), sext(r1), sext(r2),	\
				   sext(r3) };				\
}

SMCCC_FN(smccc_hvc, "hvc #0")
SMCCC_FN(smccc_smc, "smc #0")
SMCCC_FN(smccc_hvc1, "hvc #1")
