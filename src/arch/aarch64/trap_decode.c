/* SPDX-License-Identifier: MIT */
/*
 * ESR_EL2 decoding (Arm ARM D19.2.37, "ESR_EL2, Exception Syndrome Register
 * (EL2)", and the ISS encodings of D19.2.37.x). Pure logic: it is compiled
 * into the host unit tests.
 */
#include <arch/dabt.h>
#include <arch/esr.h>
#include <arch/fsc.h>
#include <arch/id_regs.h>

#include "trap.h"

static void decode_abort(uint32_t iss, uint64_t far, uint64_t hpfar, bool data,
			 struct trap_info *out)
{
	out->kind = data ? TRAP_DABT : TRAP_IABT;
	out->abort.far_valid = !(data && (iss & DABT_FNV));
	out->abort.va = far;
	out->abort.ipa = dabt_ipa(far, hpfar);
	out->abort.s1ptw = iss & DABT_S1PTW;
	lpae_decode_fsc(iss & 0x3f, out);
	if (!data)
		return;
	out->abort.write = iss & DABT_WNR;
	if (iss & DABT_ISV)
		dabt_transfer(iss, out);
}

/*
 * The system register of an EC 0x18 ISS: Op0[21:20] Op2[19:17] Op1[16:14]
 * CRn[13:10] Rt[9:5] CRm[4:1] Direction[0] (D19.2.37.21). The ID
 * registers are op0 3, op1 0, CRn 0, CRm 1-7 (arch/id_regs.h: HCR_EL2.TID3
 * traps reads of the whole space); ACTLR_EL1 is 3,0,1,0,1;
 * ICC_SGI1R_EL1, ICC_ASGI1R_EL1 and ICC_SGI0R_EL1 are 3,0,12,11,5/6/7
 * (IHI 0069 12.2.22). The PMU (trapped by MDCR_EL2.TPM) is not
 * implemented for a VM: its registers are "other", UNDEFINED.
 */
static enum trap_sysreg classify_sysreg(uint32_t iss)
{
	unsigned op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
	unsigned crn = (iss >> 10) & 0xf, crm = (iss >> 1) & 0xf;

	if (op0 != 3)
		return SYSREG_OTHER;
	if (op1 == 0 && crn == 0 && crm >= 1 && crm <= 7)
		return SYSREG_ID;
	if (op1 == 0 && crn == 1 && crm == 0 && op2 == 1)
		return SYSREG_IMPDEF_CTRL;
	if (op1 == 0 && crn == 12 && crm == 11 && op2 >= 5)
		return op2 == 7 ? SYSREG_GIC_SGI0 : SYSREG_GIC_SGI1;
	return SYSREG_OTHER;
}

/*
 * An AArch32 guest's MCR/MRC p15 (EC 0x03; ISS: Opc2[19:17] Opc1[16:14]
 * CRn[13:10] Rt[9:5] CRm[4:1] Direction[0], D17.2.37): the ID registers
 * are p15, 0, c0, c1-c7 with the AArch64 ones' CRm and op2 (HCR_EL2.TID3);
 * ACTLR and ACTLR2 are p15, 0, c1, c0, 1/3 (HCR_EL2.TACR).
 */
static enum trap_sysreg classify_cp15(uint32_t iss)
{
	unsigned op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
	unsigned crn = (iss >> 10) & 0xf, crm = (iss >> 1) & 0xf;

	if (op1 == 0 && crn == 0 && crm >= 1 && crm <= 7)
		return SYSREG_ID;
	if (op1 == 0 && crn == 1 && crm == 0 && (op2 == 1 || op2 == 3))
		return SYSREG_IMPDEF_CTRL;
	return SYSREG_OTHER;
}

/*
 * MCRR/MRRC p15 (EC 0x04; ISS: Opc1[19:16] Rt2[14:10] Rt[9:5] CRm[4:1]
 * Direction[0]): of these only the GIC's SGI registers trap, ICC_SGI1R
 * (opc1 0), ICC_ASGI1R (1) and ICC_SGI0R (2), all CRm 12 (IHI 0069
 * 12.2.22, the AArch32 encodings).
 */
static enum trap_sysreg classify_cp15_64(uint32_t iss)
{
	unsigned op1 = (iss >> 16) & 0xf, crm = (iss >> 1) & 0xf;

	if (crm != 12 || op1 > 2)
		return SYSREG_OTHER;
	return op1 == 2 ? SYSREG_GIC_SGI0 : SYSREG_GIC_SGI1;
}

/*
 * VMRS of an ID register (EC 0x08, MCR/MRC ISS layout with the register
 * in CRn): MVFR0 (7), MVFR1 (6), MVFR2 (5); FPSID (0) and the rest are
 * not the VM's to read this way.
 */
static uint8_t vmrs_id(uint32_t iss, enum trap_sysreg *which)
{
	unsigned reg = (iss >> 10) & 0xf;

	*which = reg >= 5 && reg <= 7 ? SYSREG_ID : SYSREG_OTHER;
	return reg == 7 ? MVFR0 : reg == 6 ? MVFR1 : MVFR2;
}

/*
 * The AArch64 ID space's index for MRC p15, 0, c0, c<crm>, <op2>: the
 * same place, except that c0, c3, 0..2 are reserved in AArch32 (RAZ; the
 * MVFRs are read by VMRS only), so they go to the reserved c0, c3, 3,
 * which reads 0, not to MVFR0..2 (Arm ARM G8.2, the AArch32 ID group 3).
 */
static uint8_t cp15_id(unsigned crm, unsigned op2)
{
	if (crm == 3 && op2 <= 2)
		op2 = 3;
	return (uint8_t)ID_INDEX(crm, op2);
}

/* A trapped AArch32 coprocessor access: what, its register(s), reads. */
static void decode_cp(unsigned ec, uint32_t iss, struct trap_info *out)
{
	out->kind = TRAP_SYSREG;
	out->sysreg.reg = (iss >> 5) & 0x1f;
	out->sysreg.read = iss & 1;
	switch (ec) {
	case EC_CP15_32:
		out->sysreg.which = classify_cp15(iss);
		if (out->sysreg.which == SYSREG_ID)
			out->sysreg.id = cp15_id((iss >> 1) & 0xf, (iss >> 17) & 7);
		break;
	case EC_CP15_64:
		out->sysreg.which = classify_cp15_64(iss);
		out->sysreg.pair = true;
		out->sysreg.reg2 = (iss >> 10) & 0x1f;
		break;
	case EC_CP10_ID:
		out->sysreg.id = vmrs_id(iss, &out->sysreg.which);
		break;
	default:   /* CP14: debug, trace; not the VM's */
		out->sysreg.which = SYSREG_OTHER;
		break;
	}
}

bool arch_trap_decode(uint64_t esr, uint64_t far, uint64_t hpfar,
		      struct trap_info *out)
{
	uint32_t iss = ESR_ISS(esr);

	*out = (struct trap_info){ .esr = (uint32_t)esr };
	out->insn_len = (esr & ESR_IL) ? 4 : 2;
	switch (ESR_EC(esr)) {
	case EC_WFX:
		out->kind = TRAP_WFX;
		out->wfx.wfe = iss & 1;
		return true;
	case EC_CP15_32:
	case EC_CP15_64:
	case EC_CP14_32:
	case EC_CP14_LS:
	case EC_CP10_ID:
	case EC_CP14_64:
		decode_cp(ESR_EC(esr), iss, out);
		return true;
	case EC_FP:
	case EC_SVE:
		out->kind = TRAP_FP;
		return true;
	case EC_HVC64:
	case EC_HVC32:
		out->kind = TRAP_HVC;
		out->call.imm = iss & 0xffff;
		return true;
	case EC_SMC64:
	case EC_SMC32:
		out->kind = TRAP_SMC;
		out->call.imm = iss & 0xffff;
		return true;
	case EC_SYSREG:
		out->kind = TRAP_SYSREG;
		out->sysreg.which = classify_sysreg(iss);
		if (out->sysreg.which == SYSREG_ID)  /* CRm, op2 */
			out->sysreg.id = (uint8_t)ID_INDEX((iss >> 1) & 0xf, (iss >> 17) & 7);
		out->sysreg.reg = (iss >> 5) & 0x1f;
		out->sysreg.read = iss & 1;
		return true;
	case EC_IABT_LOW:
		decode_abort(iss, far, hpfar, false, out);
		return true;
	case EC_DABT_LOW:
		decode_abort(iss, far, hpfar, true, out);
		return true;
	default:
		out->kind = TRAP_UNKNOWN;
		return false;
	}
}
