/* Unit tests: ESR_EL2 decoding into struct trap_info (arch/aarch64/trap_decode.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arch/dabt.h>
#include <arch/fsc.h>
#include <arch/id_regs.h>

#include "trap.h"

#define EC(x) ((uint64_t)(x) << 26)
#define IL (1ull << 25)

static void hvc64_immediate_zero(void **state)
{
	struct trap_info t;

	assert_true(arch_trap_decode(EC(0x16) | IL, 0, 0, &t));
	assert_int_equal(t.kind, TRAP_HVC);
	assert_int_equal(t.call.imm, 0);
	assert_int_equal(t.insn_len, 4);
	/* HVC32 (from AArch32): the same. */
	arch_trap_decode(EC(0x12) | IL, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_HVC);
}

static void hvc_nonzero_immediate_is_kept(void **state)
{
	struct trap_info t;

	arch_trap_decode(EC(0x16) | IL | 0xbeef, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_HVC);
	assert_int_equal(t.call.imm, 0xbeef);
}

static void smc64_and_smc32(void **state)
{
	struct trap_info t;

	arch_trap_decode(EC(0x17) | IL, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_SMC);
	arch_trap_decode(EC(0x13) | IL | 7, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_SMC);
	assert_int_equal(t.call.imm, 7);
}

static void data_abort_with_valid_syndrome(void **state)
{
	struct trap_info t;
	/* ISV, SAS = word (2), SRT = x3, WnR, DFSC = translation fault L3. */
	uint64_t iss = (1u << 24) | (2u << 22) | (3u << 16) | (1u << 6) | 0x07;

	assert_true(arch_trap_decode(EC(0x24) | IL | iss, 0xffff000000001234ull,
				     0x50001ull << 4, &t));
	assert_int_equal(t.kind, TRAP_DABT);
	assert_true(t.abort.isv);
	assert_true(t.abort.write);
	assert_int_equal(t.abort.size, 4);
	assert_int_equal(t.abort.reg, 3);
	assert_false(t.abort.reg64);
	assert_false(t.abort.sign_extend);
	assert_int_equal(t.abort.ipa, 0x50001234ull);
	assert_int_equal(t.abort.va, 0xffff000000001234ull);
	assert_true(t.abort.far_valid);
	assert_int_equal(t.abort.fault, FAULT_TRANSLATION);
	assert_int_equal(t.abort.level, 3);
}

static void data_abort_sign_extended_64bit_read(void **state)
{
	struct trap_info t;
	/* ISV, SAS = halfword, SSE, SRT = x30, SF, read, permission L2. */
	uint64_t iss = (1u << 24) | (1u << 22) | (1u << 21) | (30u << 16) | (1u << 15) | 0x0e;

	arch_trap_decode(EC(0x24) | IL | iss, 0x40000002, 0x40000ull << 4, &t);
	assert_int_equal(t.abort.size, 2);
	assert_true(t.abort.sign_extend);
	assert_true(t.abort.reg64);
	assert_int_equal(t.abort.reg, 30);
	assert_false(t.abort.write);
	assert_int_equal(t.abort.fault, FAULT_PERMISSION);
	assert_int_equal(t.abort.level, 2);
}

static void data_abort_without_syndrome_is_not_emulable(void **state)
{
	struct trap_info t;

	arch_trap_decode(EC(0x24) | IL | (1u << 6) | 0x06, 0x1000, 0x1ull << 4, &t);
	assert_int_equal(t.kind, TRAP_DABT);
	assert_false(t.abort.isv);
	assert_int_equal(t.abort.size, 0);
	assert_true(t.abort.write);
}

static void data_abort_far_not_valid(void **state)
{
	struct trap_info t;

	arch_trap_decode(EC(0x24) | IL | (1u << 10) | 0x10, 0, 0x9000ull << 4, &t);
	assert_false(t.abort.far_valid);
	assert_int_equal(t.abort.fault, FAULT_EXTERNAL);
	assert_int_equal(t.abort.ipa, 0x9000000ull);
}

static void data_abort_on_stage1_walk(void **state)
{
	struct trap_info t;

	arch_trap_decode(EC(0x24) | IL | (1u << 7) | 0x05, 0x1000, 0x1ull << 4, &t);
	assert_true(t.abort.s1ptw);
	assert_int_equal(t.abort.level, 1);
}

/* The short path's decode (arch/dabt.h) gives what arch_trap_decode
 * gives for every transfer (SAS, SSE, SRT, SF, WnR) and both lengths. */
static void short_path_decode_matches_the_full_one(void **state)
{
	for (uint32_t x = 0; x < (1u << 11); x++) {
		uint32_t iss = (1u << 24) | (x & 3) << 22 | (x >> 2 & 1) << 21 |
			       ((x >> 3) * 3 & 0x1f) << 16 | (x >> 8 & 1) << 15 |
			       (x >> 9 & 1) << 6 | 0x07;
		uint64_t esr = EC(0x24) | ((x >> 10) ? IL : 0) | iss;
		struct trap_info full, fast = { 0 };

		arch_trap_decode(esr, 0x40000abc, 0x9000ull << 4, &full);
		assert_true(dabt_access(esr, 0x40000abc, 0x9000ull << 4, &fast));
		assert_int_equal(fast.kind, full.kind);
		assert_int_equal(fast.insn_len, full.insn_len);
		assert_int_equal(fast.abort.ipa, full.abort.ipa);
		assert_int_equal(fast.abort.isv, full.abort.isv);
		assert_int_equal(fast.abort.s1ptw, full.abort.s1ptw);
		assert_int_equal(fast.abort.write, full.abort.write);
		assert_int_equal(fast.abort.size, full.abort.size);
		assert_int_equal(fast.abort.reg, full.abort.reg);
		assert_int_equal(fast.abort.sign_extend, full.abort.sign_extend);
		assert_int_equal(fast.abort.reg64, full.abort.reg64);
	}
}

static void short_path_decode_refuses_what_cannot_be_emulated(void **state)
{
	struct trap_info t;

	assert_false(dabt_access(EC(0x24) | IL | (1u << 6) | 0x06, 0, 0, &t));
	assert_false(dabt_access(EC(0x24) | IL | (1u << 24) | (1u << 7) | 0x05, 0, 0, &t));
}

static void instruction_abort(void **state)
{
	struct trap_info t;

	arch_trap_decode(EC(0x20) | IL | 0x06, 0x80000000, 0x80000ull << 4, &t);
	assert_int_equal(t.kind, TRAP_IABT);
	assert_int_equal(t.abort.ipa, 0x80000000ull);
	assert_false(t.abort.write);
	assert_int_equal(t.abort.fault, FAULT_TRANSLATION);
}

static void sysreg_read_of_pmcr_is_other(void **state)
{
	struct trap_info t;
	/* MRS x5, PMCR_EL0: op0 3, op1 3, CRn 9, CRm 12, op2 0, read. VMs
	 * have no PMU: nothing the core emulates. */
	uint64_t iss = (3u << 20) | (0u << 17) | (3u << 14) | (9u << 10) | (5u << 5) |
		       (12u << 1) | 1;

	arch_trap_decode(EC(0x18) | IL | iss, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_SYSREG);
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
	assert_int_equal(t.sysreg.reg, 5);
	assert_true(t.sysreg.read);
}

/* MRS x<rt>, S3_<op1>_C<crn>_C<crm>_<op2>, decoded. */
static struct trap_info mrs(unsigned op1, unsigned crn, unsigned crm, unsigned op2,
			    unsigned rt)
{
	struct trap_info t;
	uint64_t iss = (3u << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) |
		       (crm << 1) | 1;

	assert_true(arch_trap_decode(EC(0x18) | IL | iss, 0, 0, &t));
	return t;
}

static void id_registers_are_numbered_crm_op2(void **state)
{
	struct trap_info t = mrs(0, 0, 4, 0, 9);   /* ID_AA64PFR0_EL1 into x9 */

	assert_int_equal(t.kind, TRAP_SYSREG);
	assert_int_equal(t.sysreg.which, SYSREG_ID);
	assert_int_equal(t.sysreg.id, ID_AA64PFR0);
	assert_int_equal(t.sysreg.id, 24);
	assert_int_equal(t.sysreg.reg, 9);
	assert_true(t.sysreg.read);
	t = mrs(0, 0, 1, 0, 0);                    /* ID_PFR0_EL1: the first */
	assert_int_equal(t.sysreg.which, SYSREG_ID);
	assert_int_equal(t.sysreg.id, 0);
	t = mrs(0, 0, 7, 7, 0);                    /* reserved: the last */
	assert_int_equal(t.sysreg.which, SYSREG_ID);
	assert_int_equal(t.sysreg.id, 55);
	t = mrs(0, 0, 4, 4, 0);                    /* ID_AA64ZFR0_EL1 */
	assert_int_equal(t.sysreg.id, 28);
	t = mrs(0, 0, 3, 3, 0);                    /* reserved, between MVFR2 and ID_PFR2 */
	assert_int_equal(t.sysreg.which, SYSREG_ID);
	assert_int_equal(t.sysreg.id, 19);
}

static void every_id_space_encoding_is_an_id_register(void **state)
{
	for (unsigned crm = 1; crm <= 7; crm++)
		for (unsigned op2 = 0; op2 < 8; op2++) {
			struct trap_info t = mrs(0, 0, crm, op2, 1);

			assert_int_equal(t.sysreg.which, SYSREG_ID);
			assert_int_equal(t.sysreg.id, (crm - 1) * 8 + op2);
		}
}

static void next_to_the_id_space_is_not_an_id_register(void **state)
{
	assert_int_equal(mrs(0, 0, 0, 0, 1).sysreg.which, SYSREG_OTHER);  /* MIDR_EL1 */
	assert_int_equal(mrs(0, 0, 0, 6, 1).sysreg.which, SYSREG_OTHER);  /* REVIDR_EL1 */
	assert_int_equal(mrs(0, 0, 8, 0, 1).sysreg.which, SYSREG_OTHER);  /* CRm 8 */
	assert_int_equal(mrs(1, 0, 0, 1, 1).sysreg.which, SYSREG_OTHER);  /* CLIDR_EL1 */
	assert_int_equal(mrs(3, 0, 0, 1, 1).sysreg.which, SYSREG_OTHER);  /* CTR_EL0 */
	assert_int_equal(mrs(4, 0, 4, 0, 1).sysreg.which, SYSREG_OTHER);  /* op1 4 */
	assert_int_equal(mrs(0, 1, 4, 0, 1).sysreg.which, SYSREG_OTHER);  /* CRn 1 */
}

/* The encoding's class: op0, op1, CRn, CRm, op2 as in the Arm ARM. */
static enum trap_sysreg which(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
			      unsigned op2)
{
	struct trap_info t;
	uint64_t iss = (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (crm << 1);

	assert_true(arch_trap_decode(EC(0x18) | IL | iss, 0, 0, &t));
	return t.sysreg.which;
}

static void sysreg_classes(void **state)
{
	assert_int_equal(which(3, 3, 9, 13, 0), SYSREG_OTHER);      /* PMCCNTR_EL0 */
	assert_int_equal(which(3, 3, 14, 8, 0), SYSREG_OTHER);      /* PMEVCNTR0_EL0 */
	assert_int_equal(which(3, 0, 0, 6, 1), SYSREG_ID);          /* ID_AA64ISAR1_EL1 */
	assert_int_equal(which(2, 0, 0, 4, 0), SYSREG_OTHER);       /* op0 2, CRm 4 */
	assert_int_equal(which(3, 3, 14, 2, 0), SYSREG_OTHER);      /* CNTV_CTL_EL0 */
	assert_int_equal(which(3, 0, 1, 0, 1), SYSREG_IMPDEF_CTRL); /* ACTLR_EL1 */
	assert_int_equal(which(3, 0, 12, 11, 5), SYSREG_GIC_SGI1);  /* ICC_SGI1R_EL1 */
	assert_int_equal(which(3, 0, 12, 11, 6), SYSREG_GIC_SGI1);  /* ICC_ASGI1R_EL1 */
	assert_int_equal(which(3, 0, 12, 11, 7), SYSREG_GIC_SGI0);  /* ICC_SGI0R_EL1 */
	assert_int_equal(which(3, 0, 12, 12, 5), SYSREG_OTHER);     /* ICC_CTLR_EL1 */
	assert_int_equal(which(2, 0, 0, 2, 2), SYSREG_OTHER);       /* MDSCR_EL1 */
}

static void sysreg_write_direction(void **state)
{
	struct trap_info t;
	uint64_t iss = (3u << 20) | (1u << 17) | (1u << 10) | (31u << 5);

	arch_trap_decode(EC(0x18) | IL | iss, 0, 0, &t);
	assert_false(t.sysreg.read);
	assert_int_equal(t.sysreg.which, SYSREG_IMPDEF_CTRL);
	assert_int_equal(t.sysreg.reg, 31);
}

static void wfi_and_wfe(void **state)
{
	struct trap_info t;

	arch_trap_decode(EC(0x01) | IL, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_WFX);
	assert_false(t.wfx.wfe);
	arch_trap_decode(EC(0x01) | IL | 1, 0, 0, &t);
	assert_true(t.wfx.wfe);
}

static void sixteen_bit_instruction_length(void **state)
{
	struct trap_info t;

	arch_trap_decode(EC(0x01), 0, 0, &t);
	assert_int_equal(t.insn_len, 2);
}

static void unknown_class_is_reported_unknown(void **state)
{
	struct trap_info t;

	assert_false(arch_trap_decode(EC(0x00) | IL, 0, 0, &t));
	assert_int_equal(t.kind, TRAP_UNKNOWN);
	assert_false(arch_trap_decode(EC(0x3c) | IL, 0, 0, &t));
	assert_int_equal(t.kind, TRAP_UNKNOWN);
	assert_int_equal(t.esr, (uint32_t)(EC(0x3c) | IL));
}

static void fp_and_sve_traps(void **state)
{
	struct trap_info t;

	arch_trap_decode(EC(0x07) | IL, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_FP);
	arch_trap_decode(EC(0x19) | IL, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_FP);
}

/* MCR/MRC p15 ISS (EC 0x03): CV, COND = AL, Opc2, Opc1, CRn, Rt, CRm, dir. */
static uint64_t cp15(unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt,
		     bool read)
{
	return EC(0x03) | IL | (1u << 24) | (0xeu << 20) | (op2 << 17) | (op1 << 14) |
	       (crn << 10) | (rt << 5) | (crm << 1) | read;
}

static void aarch32_id_register_read(void **state)
{
	struct trap_info t;

	/* MRC p15, 0, LR (svc: x18 in the syndrome), c0, c1, 1: ID_PFR1. */
	assert_true(arch_trap_decode(cp15(0, 0, 1, 1, 18, true), 0, 0, &t));
	assert_int_equal(t.kind, TRAP_SYSREG);
	assert_int_equal(t.sysreg.which, SYSREG_ID);
	assert_int_equal(t.sysreg.id, ID_PFR1);
	assert_int_equal(t.sysreg.reg, 18);
	assert_true(t.sysreg.read);
	assert_false(t.sysreg.pair);
	/* c0, c3, 0..2: MVFR0..2's places in the AArch64 space, reserved
	 * (RAZ) in AArch32's: a reserved index, not the MVFRs. */
	for (unsigned op2 = 0; op2 <= 2; op2++) {
		arch_trap_decode(cp15(0, 0, 3, op2, 0, true), 0, 0, &t);
		assert_int_equal(t.sysreg.which, SYSREG_ID);
		assert_int_equal(t.sysreg.id, ID_INDEX(3, 3));
		assert_int_not_equal(t.sysreg.id, MVFR0 + op2);
	}
	/* c0, c3, 4: ID_PFR2 there as here. */
	arch_trap_decode(cp15(0, 0, 3, 4, 0, true), 0, 0, &t);
	assert_int_equal(t.sysreg.id, ID_INDEX(3, 4));
}

static void aarch32_actlr_and_others(void **state)
{
	struct trap_info t;

	arch_trap_decode(cp15(0, 1, 0, 1, 2, true), 0, 0, &t);    /* ACTLR */
	assert_int_equal(t.sysreg.which, SYSREG_IMPDEF_CTRL);
	arch_trap_decode(cp15(0, 1, 0, 3, 2, false), 0, 0, &t);   /* ACTLR2 */
	assert_int_equal(t.sysreg.which, SYSREG_IMPDEF_CTRL);
	assert_false(t.sysreg.read);
	arch_trap_decode(cp15(0, 9, 12, 0, 0, true), 0, 0, &t);   /* PMCR */
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
	arch_trap_decode(cp15(1, 0, 1, 0, 0, true), 0, 0, &t);    /* op1 1: not ID */
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
	/* CP14 (debug) and LDC/STC: never the VM's. */
	arch_trap_decode(EC(0x05) | IL | 1, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_SYSREG);
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
	arch_trap_decode(EC(0x06) | IL, 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
	arch_trap_decode(EC(0x0c) | IL, 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
}

static void aarch32_mcrr_sgi_registers(void **state)
{
	struct trap_info t;
	/* MCRR p15, op1, Rt = x1, Rt2 = x2, c12 (ISS: Opc1[19:16], Rt2[14:10]). */
	uint64_t mcrr = EC(0x04) | IL | (1u << 24) | (0xeu << 20) | (2u << 10) | (1u << 5) |
			(12u << 1);

	arch_trap_decode(mcrr, 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_GIC_SGI1);
	assert_true(t.sysreg.pair);
	assert_int_equal(t.sysreg.reg, 1);
	assert_int_equal(t.sysreg.reg2, 2);
	assert_false(t.sysreg.read);
	arch_trap_decode(mcrr | (1u << 16), 0, 0, &t);   /* ICC_ASGI1R */
	assert_int_equal(t.sysreg.which, SYSREG_GIC_SGI1);
	arch_trap_decode(mcrr | (2u << 16), 0, 0, &t);   /* ICC_SGI0R */
	assert_int_equal(t.sysreg.which, SYSREG_GIC_SGI0);
	arch_trap_decode((mcrr & ~(0xfu << 1)) | (2u << 1), 0, 0, &t);   /* c2: TTBR0 */
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
}

static void aarch32_vmrs_of_mvfr(void **state)
{
	struct trap_info t;
	/* VMRS r3, MVFR1: EC 0x08, reg (CRn) 6, Opc1 7, read. */
	uint64_t vmrs = EC(0x08) | IL | (1u << 24) | (0xeu << 20) | (7u << 14) | (6u << 10) |
			(3u << 5) | 1;

	arch_trap_decode(vmrs, 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_ID);
	assert_int_equal(t.sysreg.id, MVFR1);
	assert_int_equal(t.sysreg.reg, 3);
	arch_trap_decode((vmrs & ~(0xfu << 10)) | (7u << 10), 0, 0, &t);
	assert_int_equal(t.sysreg.id, MVFR0);
	arch_trap_decode((vmrs & ~(0xfu << 10)), 0, 0, &t);   /* FPSID */
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
}

static void aarch32_hvc_and_thumb_length(void **state)
{
	struct trap_info t;

	arch_trap_decode(EC(0x12) | IL | 0x1234, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_HVC);
	assert_int_equal(t.call.imm, 0x1234);
	/* A 16-bit Thumb store to MMIO: IL = 0, skip 2 bytes. */
	arch_trap_decode(EC(0x24) | (1u << 24) | (2u << 22) | (3u << 16) | (1u << 6) | 7, 0, 0,
			 &t);
	assert_int_equal(t.insn_len, 2);
	assert_int_equal(t.abort.reg, 3);
}

/* Every 6-bit fault status code (both builds decode with lpae_decode_fsc):
 * the kinds Septum tells apart, with their level, and all else "other". */
static void fault_status_codes(void **state)
{
	for (uint32_t fsc = 0; fsc < 64; fsc++) {
		struct trap_info t = { 0 };
		enum trap_fault want = FAULT_OTHER;

		if (fsc >= 0x04 && fsc <= 0x07)
			want = FAULT_TRANSLATION;
		else if (fsc >= 0x08 && fsc <= 0x0b)
			want = FAULT_ACCESS_FLAG;
		else if (fsc >= 0x0c && fsc <= 0x0f)
			want = FAULT_PERMISSION;
		else if (fsc >= 0x10 && fsc <= 0x17)
			want = FAULT_EXTERNAL;
		lpae_decode_fsc(fsc, &t);
		assert_int_equal(t.abort.fault, want);
		assert_int_equal(t.abort.level, fsc & 3);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fault_status_codes),
		cmocka_unit_test(hvc64_immediate_zero),
		cmocka_unit_test(hvc_nonzero_immediate_is_kept),
		cmocka_unit_test(smc64_and_smc32),
		cmocka_unit_test(data_abort_with_valid_syndrome),
		cmocka_unit_test(data_abort_sign_extended_64bit_read),
		cmocka_unit_test(data_abort_without_syndrome_is_not_emulable),
		cmocka_unit_test(data_abort_far_not_valid),
		cmocka_unit_test(data_abort_on_stage1_walk),
		cmocka_unit_test(short_path_decode_matches_the_full_one),
		cmocka_unit_test(short_path_decode_refuses_what_cannot_be_emulated),
		cmocka_unit_test(instruction_abort),
		cmocka_unit_test(sysreg_read_of_pmcr_is_other),
		cmocka_unit_test(id_registers_are_numbered_crm_op2),
		cmocka_unit_test(every_id_space_encoding_is_an_id_register),
		cmocka_unit_test(next_to_the_id_space_is_not_an_id_register),
		cmocka_unit_test(sysreg_write_direction),
		cmocka_unit_test(sysreg_classes),
		cmocka_unit_test(wfi_and_wfe),
		cmocka_unit_test(sixteen_bit_instruction_length),
		cmocka_unit_test(unknown_class_is_reported_unknown),
		cmocka_unit_test(fp_and_sve_traps),
		cmocka_unit_test(aarch32_id_register_read),
		cmocka_unit_test(aarch32_actlr_and_others),
		cmocka_unit_test(aarch32_mcrr_sgi_registers),
		cmocka_unit_test(aarch32_vmrs_of_mvfr),
		cmocka_unit_test(aarch32_hvc_and_thumb_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
