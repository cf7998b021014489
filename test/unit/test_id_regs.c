/* Unit tests: the CPU features a VM sees (arch/aarch64/id_regs.c). The raw
 * values are QEMU 10's -cpu max and cortex-a57 at EL2 (virt, virtualization=on). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <arch/id_regs.h>

#define ZFR0    ID_INDEX(4, 4)
#define SMFR0   ID_INDEX(4, 5)
#define DFR1    ID_INDEX(5, 1)
#define AFR0    ID_INDEX(5, 4)
#define ISAR3   ID_INDEX(6, 3)
#define MMFR3   ID_INDEX(7, 3)
#define MMFR4   ID_INDEX(7, 4)

static void max_raw(uint64_t r[ID_REGS])
{
	memset(r, 0, ID_REGS * sizeof(r[0]));
	r[ID_PFR0] = 0x11020131;
	r[ID_PFR1] = 0x10011001;          /* Virtualization 1 */
	r[ID_DFR0] = 0x0600000a;          /* PerfMon 6 */
	r[ID_ISAR0] = 0x02101110;
	r[ID_MMFR4] = 0x20021110;         /* EVT 2 */
	r[ID_PFR2] = 0x11;
	r[ID_AA64PFR0] = 0x1301001121110122ull;   /* EL2 1, RAS 2, SVE 1 */
	r[ID_AA64PFR1] = 0x0000001001000121ull;   /* MTE 1, SME 1, NMI 1 */
	r[ZFR0] = 0x0110110100210021ull;
	r[SMFR0] = 0x80f100fd00000000ull;
	r[ID_AA64DFR0] = 0x100000001030560aull;   /* PMUVer 6, HPMN0 1 */
	r[ID_AA64ISAR0] = 0x1221111110212120ull;
	r[ID_AA64ISAR1] = 0x0111211110211502ull;  /* API 5, GPI 1 */
	r[ID_AA64ISAR2] = 0x0000000000110012ull;  /* MOPS 1 */
	r[ID_AA64MMFR0] = 0x2100032310201126ull;
	r[ID_AA64MMFR1] = 0x0110112010312122ull;
	r[ID_AA64MMFR2] = 0x1221011112011011ull;
	r[MMFR3] = 0x1000000000000000ull;
}

static void a57_raw(uint64_t r[ID_REGS])
{
	memset(r, 0, ID_REGS * sizeof(r[0]));
	r[ID_PFR0] = 0x131;
	r[ID_ISAR0] = 0x02101110;
	r[ID_AA64PFR0] = 0x0000000001000122ull;
	r[ID_AA64DFR0] = 0x0000000010305106ull;
	r[ID_AA64ISAR0] = 0x11120;
	r[ID_AA64MMFR0] = 0x1124;
}

static unsigned f(uint64_t v, unsigned shift)
{
	return id_field(v, shift);
}

static void max_shows_no_el2_sve_sme_mte_pmu_or_ras(void **state)
{
	uint64_t raw[ID_REGS], v[ID_REGS];

	max_raw(raw);
	id_regs_sanitize(raw, v);
	/* EL0 AArch64+32, EL1 AArch64 only, no EL2/EL3, FP, AdvSIMD, GIC v3,
	 * no RAS/SVE, DIT, CSV2 3, CSV3 1. */
	assert_int_equal(v[ID_AA64PFR0], 0x1301000001110012ull);
	/* BT, SSBS 2; no MTE, SME, NMI. */
	assert_int_equal(v[ID_AA64PFR1], 0x21);
	assert_int_equal(v[ZFR0], 0);
	assert_int_equal(v[SMFR0], 0);
	/* DebugVer capped at 9, BRPs 5, WRPs 3, CTX_CMPs 1; no PMU, HPMN0. */
	assert_int_equal(v[ID_AA64DFR0], 0x0000000010305009ull);
	assert_int_equal(v[ID_AA64ISAR0], raw[ID_AA64ISAR0]);   /* TME is 0 already */
	assert_int_equal(v[ID_AA64ISAR1], raw[ID_AA64ISAR1]);   /* pointer auth kept */
	assert_int_equal(v[ID_AA64ISAR2], 0x100012);            /* no MOPS */
	/* No NV (2), FWB, EVT. */
	assert_int_equal(v[ID_AA64MMFR2], 0x1021001110011011ull);
	assert_int_equal(v[MMFR3], 0);
	/* AArch32: no PMU (PerfMon), no Virtualization, no XNX, EVT. */
	assert_int_equal(v[ID_DFR0], 0xa);
	assert_int_equal(v[ID_PFR1], 0x10010001);
	assert_int_equal(v[ID_MMFR4], 0x00021010);
	assert_int_equal(v[ID_ISAR0], raw[ID_ISAR0]);
	assert_true(id_regs_pauth(v));
}

static void max_memory_features_are_capped(void **state)
{
	uint64_t raw[ID_REGS], v[ID_REGS];

	max_raw(raw);
	id_regs_sanitize(raw, v);
	/* PARange 6 -> 5 (48 bits), ASIDBits 2, BigEnd 1, no SNSMem, TGran16
	 * 2 -> 1, TGran64 0, TGran4 1 -> 0, no TGran*_2, no FGT, ECV 2 -> 1. */
	assert_int_equal(v[ID_AA64MMFR0], 0x1000000000100125ull);
	/* HAFDBS 2, no VMIDBits, VH, LO, XNX, HCX; HPDS 2, PAN 3, ETS 2, AFP,
	 * TIDCP1, CMOW. */
	assert_int_equal(v[ID_AA64MMFR1], 0x0110102000302002ull);
}

static void a57_shows_all_but_pmu_el2_and_secure_memory(void **state)
{
	uint64_t raw[ID_REGS], v[ID_REGS];

	a57_raw(raw);
	id_regs_sanitize(raw, v);
	assert_int_equal(v[ID_AA64PFR0], 0x01000012);
	assert_int_equal(v[ID_AA64DFR0], 0x10305006);
	assert_int_equal(v[ID_AA64ISAR0], 0x11120);
	assert_int_equal(v[ID_AA64MMFR0], 0x0124);
	assert_int_equal(v[ID_PFR0], 0x131);
	assert_false(id_regs_pauth(v));
}

static void unknown_fields_and_registers_read_zero(void **state)
{
	uint64_t raw[ID_REGS], v[ID_REGS];

	memset(raw, 0xff, sizeof(raw));
	id_regs_sanitize(raw, v);
	/* Reserved encodings, and registers with nothing Septum shows. */
	static const unsigned zero[] = { ID_INDEX(1, 3), ID_INDEX(3, 3), ID_INDEX(3, 5),
		ID_INDEX(3, 7), ID_INDEX(4, 2), ID_INDEX(4, 3), ZFR0, SMFR0, ID_INDEX(4, 7),
		DFR1, ID_INDEX(5, 2), AFR0, ID_INDEX(5, 5), ISAR3, MMFR3, MMFR4,
		ID_INDEX(7, 7) };
	for (unsigned i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		assert_int_equal(v[zero[i]], 0);
	/* All-ones fields: signed ones stay "not implemented" (0xf),
	 * unsigned ones are capped or shown. */
	assert_int_equal(f(v[ID_AA64PFR0], 16), 0xf);       /* FP */
	assert_int_equal(f(v[ID_AA64PFR0], 4), 1);          /* EL1 */
	assert_int_equal(f(v[ID_AA64PFR0], 8), 0);          /* EL2 */
	assert_int_equal(f(v[ID_AA64PFR0], 32), 0);         /* SVE */
	assert_int_equal(f(v[ID_AA64PFR0], 56), 0xf);       /* CSV2 */
	assert_int_equal(f(v[ID_AA64MMFR0], 28), 0xf);      /* TGran4 */
	assert_int_equal(f(v[ID_AA64MMFR0], 0), 5);         /* PARange */
	assert_int_equal(f(v[ID_AA64ISAR1], 60), 0);        /* LS64 */
	assert_int_equal(v[ID_ISAR0], 0xffffffff);          /* AArch32: EL0 is 0xf */
	assert_int_equal(v[ID_PFR0] >> 32, 0);              /* 32-bit registers */
}

static void aarch32_registers_need_aarch32_at_el0(void **state)
{
	uint64_t raw[ID_REGS], v[ID_REGS];

	max_raw(raw);
	raw[ID_AA64PFR0] = (raw[ID_AA64PFR0] & ~0xfull) | 1;   /* EL0: AArch64 only */
	id_regs_sanitize(raw, v);
	for (unsigned i = 0; i <= ID_AARCH32_LAST; i++)
		assert_int_equal(v[i], 0);
	assert_int_equal(f(v[ID_AA64PFR0], PFR0_EL0), 1);
}

static void common_view_has_what_both_cpus_have(void **state)
{
	uint64_t raw[ID_REGS], big[ID_REGS], little[ID_REGS];

	max_raw(raw);
	id_regs_sanitize(raw, big);
	a57_raw(raw);
	id_regs_sanitize(raw, little);
	id_regs_common(big, little);
	assert_int_equal(big[ID_AA64PFR0], little[ID_AA64PFR0]);
	assert_int_equal(big[ID_AA64ISAR1], 0);
	assert_false(id_regs_pauth(big));
	assert_int_equal(big[ID_AA64MMFR0], 0x0124);        /* PARange 4 of 5, ... */
	assert_int_equal(f(big[ID_AA64DFR0], 0), 6);        /* DebugVer 6 of 9 */
	assert_int_equal(big[ID_PFR1], 0);                  /* a57: none */
}

static void common_takes_the_lower_signed_value(void **state)
{
	uint64_t a[ID_REGS] = { 0 }, b[ID_REGS] = { 0 };

	a[ID_AA64PFR0] = 0x22;                              /* FP 0: implemented */
	b[ID_AA64PFR0] = 0xf0022;                           /* FP 0xf: not */
	a[ID_AA64MMFR0] = 0x1ull << 20;                     /* TGran16 1 */
	id_regs_common(a, b);
	assert_int_equal(f(a[ID_AA64PFR0], 16), 0xf);
	assert_int_equal(f(a[ID_AA64MMFR0], 20), 0);
	memcpy(a, b, sizeof(a));
	id_regs_common(a, b);
	assert_memory_equal(a, b, sizeof(a));               /* same CPUs: same view */
}

static void pauth_shown_by_any_algorithm(void **state)
{
	uint64_t v[ID_REGS] = { 0 };

	assert_false(id_regs_pauth(v));
	v[ID_AA64ISAR2] = 0x1ull << ISAR2_GPA3;
	assert_true(id_regs_pauth(v));
	v[ID_AA64ISAR2] = 0;
	v[ID_AA64ISAR1] = 0x1ull << ISAR1_APA;
	assert_true(id_regs_pauth(v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(max_shows_no_el2_sve_sme_mte_pmu_or_ras),
		cmocka_unit_test(max_memory_features_are_capped),
		cmocka_unit_test(a57_shows_all_but_pmu_el2_and_secure_memory),
		cmocka_unit_test(unknown_fields_and_registers_read_zero),
		cmocka_unit_test(aarch32_registers_need_aarch32_at_el0),
		cmocka_unit_test(common_view_has_what_both_cpus_have),
		cmocka_unit_test(common_takes_the_lower_signed_value),
		cmocka_unit_test(pauth_shown_by_any_algorithm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
