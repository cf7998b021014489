/* SPDX-License-Identifier: MIT */
/*
 * HSR decoding (Arm ARM DDI 0406C.d, B3.13.6 "Use of the HSR", and
 * B4.1.82 "HSR, Hyp Syndrome Register"). Pure logic: compiled into the
 * host unit tests (test/unit/test_trap_decode32.c).
 */
#include <arch/hsr.h>
#include <arch/fsc.h>

#include "trap.h"

static void decode_abort(uint32_t iss, uint64_t far, uint64_t hpfar, bool data,
			 struct trap_info *out)
{
	/* HPFAR.FIPA holds IPA[39:12] in bits [31:4] (B4.1.78). */
	uint64_t page = (hpfar & 0xfffffff0ull) << 8;

	out->kind = data ? TRAP_DABT : TRAP_IABT;
	out->abort.far_valid = true;   /* HDFAR/HIFAR: always valid here */
	out->abort.va = far;
	out->abort.ipa = page | (far & (PAGE_SIZE - 1));
	out->abort.s1ptw = iss & DABT_S1PTW;
	lpae_decode_fsc(iss & 0x3f, out);
	if (!data)
		return;
	out->abort.write = iss & DABT_WNR;
	out->abort.isv = iss & DABT_ISV;
	if (out->abort.isv) {
		out->abort.size = 1u << DABT_SAS(iss);
		out->abort.reg = DABT_SRT(iss);
		out->abort.sign_extend = iss & DABT_SSE;
		out->abort.reg64 = false;
	}
}

/*
 * The CP15 register of an EC 0x03 ISS: Opc2[19:17] Opc1[16:14] CRn[13:10]
 * Rt[8:5] CRm[4:1] Direction[0] (1: read, MRC). The ID registers are
 * opc1 0, CRn 0, CRm 1..7; ACTLR is 0, c1, c0, 1 (HCR.TAC). The
 * implementation defined registers HCR.TIDCP and HSTR.T15 trap (CRn 9,
 * 10, 11 and 15: L2 control, lockdown, TCM, DMA; B4.1.65) are auxiliary
 * control like ACTLR (a Cortex-A15/A7 Linux reads L2CTLR); the PMU's
 * (CRn 9, opc1 0, CRm 12-14, HDCR.TPM) are not: VMs have no PMU.
 */
static enum trap_sysreg classify_cp15(uint32_t iss)
{
	unsigned op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
	unsigned crn = (iss >> 10) & 0xf, crm = (iss >> 1) & 0xf;

	if (op1 == 0 && crn == 0 && crm >= 1 && crm <= 7)
		return SYSREG_ID;
	if (op1 == 0 && crn == 1 && crm == 0 && op2 == 1)
		return SYSREG_IMPDEF_CTRL;
	if (crn == 9 && op1 == 0 && crm >= 12 && crm <= 14)
		return SYSREG_OTHER;
	if (crn == 9 || crn == 10 || crn == 11 || crn == 15)
		return SYSREG_IMPDEF_CTRL;
	return SYSREG_OTHER;
}

static void decode_cp15(uint32_t iss, struct trap_info *out)
{
	out->kind = TRAP_SYSREG;
	out->sysreg.which = classify_cp15(iss);
	if (out->sysreg.which == SYSREG_ID)
		out->sysreg.id = (uint8_t)ID_INDEX((iss >> 1) & 0xf, (iss >> 17) & 7);
	out->sysreg.reg = (iss >> 5) & 0xf;
	out->sysreg.read = iss & 1;
}

/*
 * VMRS of an FP ID register (EC 0x08, HCR.TID3 for MVFR0/MVFR1, TID0 for
 * FPSID): the ISS is an MRC's, CRn naming the register (B3.13.6 "EC
 * 0x08"; VMRS encodings A8.8.348). MVFR0 and MVFR1 are ID registers
 * ID_VMRS_MVFR0 and ID_VMRS_MVFR1 (arch/hsr.h), outside the CP15 space:
 * MRC p15, 0, c0, c3, 0 and 1 are reserved, not MVFR0 and MVFR1.
 */
static void decode_vmrs(uint32_t iss, struct trap_info *out)
{
	unsigned crn = (iss >> 10) & 0xf;

	out->kind = TRAP_SYSREG;
	out->sysreg.reg = (iss >> 5) & 0xf;
	out->sysreg.read = iss & 1;
	if (crn == 7 || crn == 6) {
		out->sysreg.which = SYSREG_ID;
		out->sysreg.id = crn == 7 ? ID_VMRS_MVFR0 : ID_VMRS_MVFR1;
	}
}

bool arch_trap_decode(uint64_t esr, uint64_t far, uint64_t hpfar,
		      struct trap_info *out)
{
	uint32_t iss = HSR_ISS(esr);

	*out = (struct trap_info){ .esr = (uint32_t)esr };
	out->insn_len = (esr & HSR_IL) ? 4 : 2;
	switch (HSR_EC(esr)) {
	case EC_WFX:
		out->kind = TRAP_WFX;
		out->wfx.wfe = iss & 1;
		return true;
	case EC_CP_ACCESS:
		out->kind = TRAP_FP;
		return true;
	case EC_CP10_ID:
		decode_vmrs(iss, out);
		return true;
	case EC_HVC:
		out->kind = TRAP_HVC;
		out->call.imm = iss & 0xffff;
		return true;
	case EC_SMC:
		out->kind = TRAP_SMC;   /* ISS is reserved: immediate 0 */
		return true;
	case EC_CP15_32:
		decode_cp15(iss, out);
		return true;
	case EC_CP15_64:
	case EC_CP14_32:
	case EC_CP14_LS:
	case EC_CP14_64:
		out->kind = TRAP_SYSREG;   /* SYSREG_OTHER: UNDEFINED to the guest */
		return true;
	case EC_IABT_GUEST:
		decode_abort(iss, far, hpfar, false, out);
		return true;
	case EC_DABT_GUEST:
		decode_abort(iss, far, hpfar, true, out);
		return true;
	default:
		out->kind = TRAP_UNKNOWN;
		return false;
	}
}
