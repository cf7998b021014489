/* SPDX-License-Identifier: MIT */
/*
 * The access of a stage-2 data abort, from ESR_EL2, FAR_EL2 and HPFAR_EL2
 * (Arm ARM D19.2.37.11, the data abort ISS; D19.2.54, HPFAR_EL2). Pure;
 * inline, as the short path (trap.c) and arch_trap_decode (trap_decode.c)
 * both take it from here.
 */
#ifndef SEPTUM_ARCH_DABT_H
#define SEPTUM_ARCH_DABT_H

#include <arch/esr.h>

#include "trap.h"

/* HPFAR_EL2.FIPA holds IPA[51:12] in bits [43:4]; FAR_EL2 the offset in
 * the page. */
static inline uint64_t dabt_ipa(uint64_t far, uint64_t hpfar)
{
	return (hpfar & 0xffffffffff0ull) << 8 | (far & (PAGE_SIZE - 1));
}

/* The transfer of an ISS with ISV set: SAS, SRT, SSE, SF, WnR. */
static inline void dabt_transfer(uint32_t iss, struct trap_info *out)
{
	out->abort.isv = true;
	out->abort.write = iss & DABT_WNR;
	out->abort.size = 1u << DABT_SAS(iss);
	out->abort.reg = DABT_SRT(iss);
	out->abort.sign_extend = iss & DABT_SSE;
	out->abort.reg64 = iss & DABT_SF;
}

/*
 * A data abort with ESR_EL2 esr (EC 0x24, checked by the caller) as
 * arch_trap_decode describes it, but for the fault type and level and the
 * virtual address: kind, insn_len and the abort's ipa, isv, s1ptw, write,
 * size, reg, sign_extend and reg64. False if it cannot be emulated (no
 * valid syndrome, or a fault on the stage-1 walk).
 */
static inline bool dabt_access(uint64_t esr, uint64_t far, uint64_t hpfar,
			       struct trap_info *out)
{
	uint32_t iss = ESR_ISS(esr);

	if ((iss & (DABT_ISV | DABT_S1PTW)) != DABT_ISV)
		return false;
	out->kind = TRAP_DABT;
	out->insn_len = (esr & ESR_IL) ? 4 : 2;
	out->abort.ipa = dabt_ipa(far, hpfar);
	out->abort.s1ptw = false;
	dabt_transfer(iss, out);
	return true;
}

#endif /* SEPTUM_ARCH_DABT_H */
