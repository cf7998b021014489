/*
 * Unit tests: AArch32 EL1 guests under the AArch64 EL2 (arch/aarch64/
 * aarch32.c and the register access of <arch/vcpu.h>): banked registers,
 * condition checks, the IT state, exception entry, fault status values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arch/aarch32.h>
#include <arch/vcpu.h>

#define EC(x) ((uint32_t)(x) << 26)
#define CV (1u << 24)
#define COND(c) ((uint32_t)(c) << 20)
#define Z (1u << 30)
#define N (1u << 31)
#define C (1u << 29)

static struct arch_vcpu vcpu32(uint32_t cpsr)
{
	struct arch_vcpu a = { .aarch32 = true };

	a.regs.pstate = cpsr;
	for (unsigned i = 0; i < 31; i++)
		a.regs.x[i] = 100 + i;
	return a;
}

static void each_mode_banks_its_lr(void **state)
{
	static const struct { unsigned mode, lr; } m[] = {
		{ PSR32_USR, 14 }, { PSR32_SYS, 14 }, { PSR32_IRQ, 16 }, { PSR32_SVC, 18 },
		{ PSR32_ABT, 20 }, { PSR32_UND, 22 }, { PSR32_FIQ, 30 },
		{ PSR32_HYP, 31 }, { PSR32_MON, 31 },
	};

	for (unsigned i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		assert_int_equal(aarch32_lr_index(m[i].mode), m[i].lr);
}

/* A syndrome's register number is the AArch64 view: an MRC into LR in
 * SVC mode reports Rt = 18 (LR_svc), which the vCPU reads as x18. */
static void syndrome_registers_are_the_aarch64_view(void **state)
{
	struct arch_vcpu a = vcpu32(PSR32_SVC);

	assert_int_equal(arch_vcpu_get_reg(&a, 18), 118);
	arch_vcpu_set_reg(&a, 24, 7);   /* R8_fiq */
	assert_int_equal(a.regs.x[24], 7);
	assert_int_equal(a.regs.x[8], 108);
	assert_int_equal(arch_vcpu_get_reg(&a, 31), 0);
}

static void condition_from_cv_and_cond(void **state)
{
	/* MCR p15 with CV and COND = NE (1): Z set fails, clear passes. */
	assert_false(aarch32_cond_passed(EC(0x03) | CV | COND(1), PSR32_SVC | Z));
	assert_true(aarch32_cond_passed(EC(0x03) | CV | COND(1), PSR32_SVC));
	/* HI (8): C and not Z; GE (10): N == V; LE (13): Z or N != V. */
	assert_true(aarch32_cond_passed(EC(0x01) | CV | COND(8), PSR32_SVC | C));
	assert_false(aarch32_cond_passed(EC(0x01) | CV | COND(8), PSR32_SVC | C | Z));
	assert_false(aarch32_cond_passed(EC(0x04) | CV | COND(10), PSR32_SVC | N));
	assert_true(aarch32_cond_passed(EC(0x05) | CV | COND(13), PSR32_SVC | N));
	assert_true(aarch32_cond_passed(EC(0x13) | CV | COND(14), PSR32_SVC));
	assert_false(aarch32_cond_passed(EC(0x13) | CV | COND(0), PSR32_SVC));
}

static void unconditional_classes_always_pass(void **state)
{
	/* HVC32 and aborts have no condition: COND bits mean nothing. */
	assert_true(aarch32_cond_passed(EC(0x12) | CV | COND(0), PSR32_SVC));
	assert_true(aarch32_cond_passed(EC(0x24) | CV | COND(0), PSR32_SVC));
}

/* A Thumb CPSR whose IT state is it (IT[7:2] at 15:10, IT[1:0] at 26:25). */
static uint32_t thumb_it(unsigned it, uint32_t flags)
{
	return PSR32_SVC | PSR32_T | flags | ((it & 0xfc) << 8) | ((it & 3) << 25);
}

static void no_cv_takes_the_it_blocks_condition(void **state)
{
	/* IT NE (cond 0001, mask 1000: one instruction): IT = 0x18. */
	assert_false(aarch32_cond_passed(EC(0x03), thumb_it(0x18, Z)));
	assert_true(aarch32_cond_passed(EC(0x03), thumb_it(0x18, 0)));
	/* Outside an IT block, or in ARM state, CV = 0 is unconditional. */
	assert_true(aarch32_cond_passed(EC(0x03), thumb_it(0, Z)));
	assert_true(aarch32_cond_passed(EC(0x03), PSR32_SVC | Z));
}

static void it_state_advances_and_ends(void **state)
{
	/* ITTTT EQ: IT = 0000 0001 (cond EQ, four instructions): each
	 * advance shifts IT[4:0] left. */
	uint64_t c = thumb_it(0x01, 0);

	c = aarch32_it_advance(c);
	assert_int_equal(((c >> 8) & 0xfc) | ((c >> 25) & 3), 0x02);
	c = aarch32_it_advance(c);
	assert_int_equal(((c >> 8) & 0xfc) | ((c >> 25) & 3), 0x04);
	c = aarch32_it_advance(c);
	assert_int_equal(((c >> 8) & 0xfc) | ((c >> 25) & 3), 0x08);
	c = aarch32_it_advance(c);   /* IT[2:0] == 0: the block ends */
	assert_int_equal(((c >> 8) & 0xfc) | ((c >> 25) & 3), 0);
	assert_true(c & PSR32_T);
	assert_int_equal(c & 0x1f, PSR32_SVC);
}

static void skip_insn_in_thumb_advances_it(void **state)
{
	struct arch_vcpu a = vcpu32(thumb_it(0x18, 0));

	a.regs.pc = 0x1000;
	arch_vcpu_skip_insn(&a, 2);
	assert_int_equal(a.regs.pc, 0x1002);
	assert_int_equal(((a.regs.pstate >> 8) & 0xfc) | ((a.regs.pstate >> 25) & 3), 0);
}

static void undef_entry_from_arm_svc(void **state)
{
	/* SCTLR with V clear, TE clear; VBAR 0x40000020 (low bits ignored). */
	struct aarch32_entry e = aarch32_enter_mode(PSR32_SVC | N | 0x1c0, 0x40000100, PSR32_UND,
						    VECT32_UNDEF, 4, 2, SCTLR32_SPAN, 0x4000003f);

	assert_int_equal(e.pc, 0x40000024);
	assert_int_equal(e.lr, 0x40000104);
	assert_int_equal(e.cpsr & 0x1f, PSR32_UND);
	assert_true(e.cpsr & N);         /* flags kept */
	assert_true(e.cpsr & PSR32_I);
	assert_false(e.cpsr & PSR32_T);
	assert_false(e.cpsr & PSR32_PAN);
}

static void undef_entry_from_thumb_it_block(void **state)
{
	struct aarch32_entry e = aarch32_enter_mode(thumb_it(0x18, 0), 0x2000, PSR32_UND,
						    VECT32_UNDEF, 4, 2, SCTLR32_V | SCTLR32_TE, 0);

	assert_int_equal(e.pc, 0xffff0004);   /* high vectors */
	assert_int_equal(e.lr, 0x2002);
	assert_true(e.cpsr & PSR32_T);        /* SCTLR.TE: handlers in Thumb */
	assert_int_equal(e.cpsr & (PSR32_IT_HI | PSR32_IT_LO), 0);
	assert_true(e.cpsr & PSR32_PAN);      /* SPAN clear */
}

static void abort_entry_masks_a_and_i(void **state)
{
	struct aarch32_entry e = aarch32_enter_mode(PSR32_USR, 0x8000, PSR32_ABT, VECT32_DABT, 8,
						    8, SCTLR32_EE, 0x10000);

	assert_int_equal(e.pc, 0x10010);
	assert_int_equal(e.lr, 0x8008);
	assert_int_equal(e.cpsr & 0x1f, PSR32_ABT);
	assert_true(e.cpsr & PSR32_A);
	assert_true(e.cpsr & PSR32_I);
	assert_false(e.cpsr & PSR32_F);
	assert_true(e.cpsr & PSR32_E);
}

static void external_abort_status_short_and_long(void **state)
{
	assert_int_equal(aarch32_fsr_external(false, false), 0x008);
	assert_int_equal(aarch32_fsr_external(false, true), 0x808);
	assert_int_equal(aarch32_fsr_external(true, false), 0x210);
	assert_int_equal(aarch32_fsr_external(true, true), 0xa10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_mode_banks_its_lr),
		cmocka_unit_test(syndrome_registers_are_the_aarch64_view),
		cmocka_unit_test(condition_from_cv_and_cond),
		cmocka_unit_test(unconditional_classes_always_pass),
		cmocka_unit_test(no_cv_takes_the_it_blocks_condition),
		cmocka_unit_test(it_state_advances_and_ends),
		cmocka_unit_test(skip_insn_in_thumb_advances_it),
		cmocka_unit_test(undef_entry_from_arm_svc),
		cmocka_unit_test(undef_entry_from_thumb_it_block),
		cmocka_unit_test(abort_entry_masks_a_and_i),
		cmocka_unit_test(external_abort_status_short_and_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
