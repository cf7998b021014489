/* SPDX-License-Identifier: MIT */
/*
 * The C side of the AArch32 PL1 vectors (start.S): catch expected aborts,
 * report the rest. The fault is described as on AArch64 (guest/exc.h's
 * ESR fields), so that the tests read one format: EC 0x25 / 0x21 for a
 * data / prefetch abort at the current level, 0x00 for an undefined
 * instruction, IL set (32-bit ARM instructions), WnR from DFSR, and the
 * fault status of the long-descriptor format (start.S sets TTBCR.EAE),
 * whose codes are those of ESR.DFSC (ARMv7 ARM B4.1.52, DFSR; G5.x).
 */
#include <guest/console.h>
#include <guest/exc.h>
#include <guest/test.h>

#define VEC_UNDEF	1
#define VEC_PABT	3
#define VEC_DABT	4

#define ESR_IL		(1u << 25)
#define EC_IABT_CUR	0x21
#define FSR_LPAE	(1u << 9)	/* the long-descriptor format */
#define FSR_WNR		(1u << 11)

static const char *const vec_names[8] = {
	"reset", "undef", "svc", "pabt", "dabt", "hyp", "irq", "fiq",
};

/* DFSR/IFSR, DFAR/IFAR (B4.1.52, B4.1.96, B4.1.53, B4.1.97). */
SYSREG32(dfsr, 0, c5, c0, 0)
SYSREG32(ifsr, 0, c5, c0, 1)
SYSREG32(dfar, 0, c6, c0, 0)
SYSREG32(ifar, 0, c6, c0, 2)

/* The fault status as a DFSC code. The short-descriptor format (only if
 * something cleared TTBCR.EAE) maps its two codes that matter here,
 * synchronous external abort and alignment; others pass unchanged. */
static u32 fault_status(u32 fsr)
{
	u32 fs = (fsr >> 6 & 0x10) | (fsr & 0xf);

	if (fsr & FSR_LPAE)
		return fsr & 0x3f;
	if (fs == 0x08)
		return DFSC_SEA;
	return fs == 0x01 ? 0x21 : fs;
}

static u64 syndrome(u32 vector, u64 *far)
{
	u32 fsr;

	*far = 0;
	if (vector == VEC_DABT) {
		fsr = (u32)read_sysreg(dfsr);
		*far = read_sysreg(dfar);
		return (u64)ESR_EC_DABT_CUR << 26 | ESR_IL |
		       (fsr & FSR_WNR ? ESR_WNR : 0) | fault_status(fsr);
	}
	if (vector == VEC_PABT) {
		fsr = (u32)read_sysreg(ifsr);
		*far = read_sysreg(ifar);
		return (u64)EC_IABT_CUR << 26 | ESR_IL | fault_status(fsr);
	}
	return vector == VEC_UNDEF ? (u64)ESR_EC_UNKNOWN << 26 | ESR_IL : 0;
}

/* A doubleword access (LDRD/STRD on r2:r3) with catching armed. */
struct exc_record exc_probe_read(u64 addr, u64 *val)
{
	register u32 lo __asm__("r2") = 0;
	register u32 hi __asm__("r3") = 0;

	exc_catch_begin();
	__asm__ volatile("ldrd r2, r3, [%2]" : "+r"(lo), "+r"(hi)
			 : "r"((uintptr_t)addr) : "memory");
	*val = (u64)hi << 32 | lo;
	return exc_catch_end();
}

struct exc_record exc_probe_write(u64 addr, u64 val)
{
	register u32 lo __asm__("r2") = (u32)val;
	register u32 hi __asm__("r3") = (u32)(val >> 32);

	exc_catch_begin();
	__asm__ volatile("strd r2, r3, [%2]" : : "r"(lo), "r"(hi),
			 "r"((uintptr_t)addr) : "memory");
	return exc_catch_end();
}

void exc_irq_unhandled(void)
{
	con_emergency("FATAL exception irq with no handler\n");
	test_abort("irq", 0);
}

void exc_handle(struct exc_frame *f, u32 vector)
{
	u64 far, esr = syndrome(vector, &far);

	if ((vector == VEC_DABT || vector == VEC_PABT || vector == VEC_UNDEF) &&
	    exc_catch_record(esr, far, f->pc)) {
		f->pc += 4;
		return;
	}
	con_emergency("FATAL exception %s esr=0x%llx far=0x%llx elr=0x%x "
		      "spsr=0x%x\n", vec_names[vector & 7], esr, far, f->pc,
		      f->cpsr);
	test_abort(vec_names[vector & 7], esr);
}
