/* SPDX-License-Identifier: MIT */
/* Unit tests: HSR decoding into struct trap_info (arch/arm32/trap_decode.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "trap.h"
#include <arch/hsr.h>

#define EC(x) ((uint64_t)(x) << 26)
#define IL (1ull << 25)

static void hvc_immediate_and_length(void **state)
{
	struct trap_info t;

	assert_true(arch_trap_decode(EC(0x12) | IL | 0xbeef, 0, 0, &t));
	assert_int_equal(t.kind, TRAP_HVC);
	assert_int_equal(t.call.imm, 0xbeef);
	assert_int_equal(t.insn_len, 4);
	assert_int_equal(t.esr, (uint32_t)(EC(0x12) | IL | 0xbeef));
}

static void smc_has_no_immediate(void **state)
{
	struct trap_info t;

	assert_true(arch_trap_decode(EC(0x13) | IL | 0x7, 0, 0, &t));
	assert_int_equal(t.kind, TRAP_SMC);
	assert_int_equal(t.call.imm, 0);
}

static void wfi_and_wfe(void **state)
{
	struct trap_info t;

	arch_trap_decode(EC(0x01) | IL | (1u << 24) | (0xe << 20), 0, 0, &t);
	assert_int_equal(t.kind, TRAP_WFX);
	assert_false(t.wfx.wfe);
	arch_trap_decode(EC(0x01) | 1, 0, 0, &t);
	assert_true(t.wfx.wfe);
	assert_int_equal(t.insn_len, 2);   /* IL clear: a 16-bit Thumb WFE */
}

/* MRC p15, 0, Rt, c0, CRm, op2: ISS Opc2[19:17] Opc1[16:14] CRn[13:10]
 * Rt[8:5] CRm[4:1] Direction[0]. */
static uint64_t mrc(unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt,
		    bool read)
{
	return EC(0x03) | IL | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) |
	       (crm << 1) | read;
}

static void id_register_read_gets_its_aarch64_index(void **state)
{
	struct trap_info t;

	/* ID_MMFR0: c0, c1, 4 -> index 4; ID_ISAR5: c0, c2, 5 -> 13. */
	assert_true(arch_trap_decode(mrc(0, 0, 1, 4, 7, true), 0, 0, &t));
	assert_int_equal(t.kind, TRAP_SYSREG);
	assert_int_equal(t.sysreg.which, SYSREG_ID);
	assert_int_equal(t.sysreg.id, 4);
	assert_int_equal(t.sysreg.reg, 7);
	assert_true(t.sysreg.read);
	arch_trap_decode(mrc(0, 0, 2, 5, 12, true), 0, 0, &t);
	assert_int_equal(t.sysreg.id, 13);
	assert_int_equal(t.sysreg.reg, 12);
}

static void actlr_is_the_impdef_control_register(void **state)
{
	struct trap_info t;

	arch_trap_decode(mrc(0, 1, 0, 1, 3, false), 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_IMPDEF_CTRL);
	assert_false(t.sysreg.read);
	assert_int_equal(t.sysreg.reg, 3);
	/* SCTLR (c1, c0, 0) and an opc1 != 0 register are not. */
	arch_trap_decode(mrc(0, 1, 0, 0, 3, false), 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
	arch_trap_decode(mrc(1, 0, 1, 4, 3, true), 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
}

static void implementation_defined_registers_are_auxiliary_control(void **state)
{
	struct trap_info t;

	/* L2CTLR (p15, 1, c9, c0, 2), a CRn 15 register, a c11 one. */
	arch_trap_decode(mrc(1, 9, 0, 2, 0, true), 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_IMPDEF_CTRL);
	arch_trap_decode(mrc(4, 15, 0, 0, 1, true), 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_IMPDEF_CTRL);
	arch_trap_decode(mrc(0, 11, 1, 0, 1, false), 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_IMPDEF_CTRL);
	/* The PMU (PMCR: c9, c12, 0; PMCCNTR: c9, c13, 0) is not. */
	arch_trap_decode(mrc(0, 9, 12, 0, 0, true), 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
	arch_trap_decode(mrc(0, 9, 13, 0, 0, true), 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
}

static void vmrs_of_mvfr0_and_mvfr1_are_id_registers(void **state)
{
	struct trap_info t;

	/* VMRS r2, MVFR0: EC 0x08, opc1 7, CRn 7. */
	arch_trap_decode(EC(0x08) | IL | (7u << 14) | (7u << 10) | (2u << 5) | 1, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_SYSREG);
	assert_int_equal(t.sysreg.which, SYSREG_ID);
	assert_int_equal(t.sysreg.id, ID_VMRS_MVFR0);
	assert_int_equal(t.sysreg.reg, 2);
	arch_trap_decode(EC(0x08) | IL | (7u << 14) | (6u << 10) | 1, 0, 0, &t);
	assert_int_equal(t.sysreg.id, ID_VMRS_MVFR1);
	/* MRC p15, 0, c0, c3, 0 and 1 are reserved (RAZ), not MVFR0/1. */
	arch_trap_decode(mrc(0, 0, 3, 0, 0, true), 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_ID);
	assert_int_equal(t.sysreg.id, ID_INDEX(3, 0));
	assert_true(t.sysreg.id != ID_VMRS_MVFR0 && t.sysreg.id != ID_VMRS_MVFR1);
	/* FPSID (CRn 0) is not one. */
	arch_trap_decode(EC(0x08) | IL | (7u << 14) | 1, 0, 0, &t);
	assert_int_equal(t.sysreg.which, SYSREG_OTHER);
}

static void other_coprocessor_traps_are_undefined_sysregs(void **state)
{
	struct trap_info t;

	for (unsigned ec = 0x04; ec <= 0x0c; ec += ec == 0x06 ? 6 : 1) {
		assert_true(arch_trap_decode(EC(ec) | IL, 0, 0, &t));
		assert_int_equal(t.kind, TRAP_SYSREG);
		assert_int_equal(t.sysreg.which, SYSREG_OTHER);
	}
	arch_trap_decode(EC(0x07) | IL, 0, 0, &t);
	assert_int_equal(t.kind, TRAP_FP);
}

static void data_abort_with_valid_syndrome(void **state)
{
	struct trap_info t;
	/* ISV, SAS halfword (1), SSE, SRT r11, read, translation fault L3. */
	uint64_t iss = (1u << 24) | (1u << 22) | (1u << 21) | (11u << 16) | 0x07;

	/* HPFAR.FIPA = IPA[39:12] in bits [31:4]: IPA 0xab_5000_1000. */
	assert_true(arch_trap_decode(EC(0x24) | IL | iss, 0xc0001234, 0xab500010u, &t));
	assert_int_equal(t.kind, TRAP_DABT);
	assert_true(t.abort.isv);
	assert_false(t.abort.write);
	assert_int_equal(t.abort.size, 2);
	assert_int_equal(t.abort.reg, 11);
	assert_true(t.abort.sign_extend);
	assert_false(t.abort.reg64);
	assert_int_equal(t.abort.ipa, 0xab50001234ull);
	assert_int_equal(t.abort.va, 0xc0001234);
	assert_true(t.abort.far_valid);
	assert_int_equal(t.abort.fault, FAULT_TRANSLATION);
	assert_int_equal(t.abort.level, 3);
}

static void data_abort_without_syndrome_is_not_emulable(void **state)
{
	struct trap_info t;

	/* WnR, S1PTW, permission fault level 2; ISV clear (an LDM, say). */
	arch_trap_decode(EC(0x24) | (1u << 7) | (1u << 6) | 0x0e, 0x1000, 0x50000u << 4, &t);
	assert_false(t.abort.isv);
	assert_true(t.abort.write);
	assert_true(t.abort.s1ptw);
	assert_int_equal(t.abort.fault, FAULT_PERMISSION);
	assert_int_equal(t.abort.level, 2);
	assert_int_equal(t.abort.size, 0);
	assert_int_equal(t.abort.ipa, 0x50000000ull);
}

static void fault_status_codes(void **state)
{
	static const struct { unsigned fsc; enum trap_fault f; } c[] = {
		{ 0x05, FAULT_TRANSLATION }, { 0x09, FAULT_ACCESS_FLAG },
		{ 0x0f, FAULT_PERMISSION }, { 0x10, FAULT_EXTERNAL },
		{ 0x15, FAULT_EXTERNAL }, { 0x21, FAULT_OTHER }, { 0x00, FAULT_OTHER },
	};
	struct trap_info t;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		arch_trap_decode(EC(0x24) | c[i].fsc, 0, 0, &t);
		assert_int_equal(t.abort.fault, c[i].f);
	}
}

static void instruction_abort_uses_the_instruction_address(void **state)
{
	struct trap_info t;

	assert_true(arch_trap_decode(EC(0x20) | IL | 0x06, 0x40000ffe, 0x400000u, &t));
	assert_int_equal(t.kind, TRAP_IABT);
	assert_int_equal(t.abort.ipa, 0x40000ffeull);
	assert_int_equal(t.abort.fault, FAULT_TRANSLATION);
	assert_int_equal(t.abort.level, 2);
	assert_false(t.abort.write);
}

static void aborts_taken_in_hyp_and_unknown_classes_are_not_modelled(void **state)
{
	struct trap_info t;

	assert_false(arch_trap_decode(EC(0x25) | IL, 0, 0, &t));
	assert_int_equal(t.kind, TRAP_UNKNOWN);
	assert_false(arch_trap_decode(EC(0x00), 0, 0, &t));
	assert_false(arch_trap_decode(EC(0x11) | IL, 0, 0, &t));   /* SVC */
	assert_int_equal(t.kind, TRAP_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hvc_immediate_and_length),
		cmocka_unit_test(smc_has_no_immediate),
		cmocka_unit_test(wfi_and_wfe),
		cmocka_unit_test(id_register_read_gets_its_aarch64_index),
		cmocka_unit_test(actlr_is_the_impdef_control_register),
		cmocka_unit_test(implementation_defined_registers_are_auxiliary_control),
		cmocka_unit_test(vmrs_of_mvfr0_and_mvfr1_are_id_registers),
		cmocka_unit_test(other_coprocessor_traps_are_undefined_sysregs),
		cmocka_unit_test(data_abort_with_valid_syndrome),
		cmocka_unit_test(data_abort_without_syndrome_is_not_emulable),
		cmocka_unit_test(fault_status_codes),
		cmocka_unit_test(instruction_abort_uses_the_instruction_address),
		cmocka_unit_test(aborts_taken_in_hyp_and_unknown_classes_are_not_modelled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
