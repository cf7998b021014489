/* SPDX-License-Identifier: MIT */
/*
 * idregs: the CPU features a VM sees are the ones that work
 * (src/DESIGN.md, "CPU features a VM sees"). The table below is the
 * promise, written from the guest's side:
 *
 *   - idregs-read: all 56 encodings of the ID space (op0 3, op1 0, CRn 0,
 *     CRm 1-7, op2 0-7), reserved ones included, read without an
 *     exception; the values are printed (INFO lines).
 *   - idregs-<register> (Septum only): each field the table names is
 *     within its bound, every other field and every register the table
 *     does not name reads 0 (so a feature the table does not know, e.g.
 *     one newer than it, is hidden); the AArch32 registers read 0 when
 *     EL0 has no AArch32.
 *   - idregs-vcpu1-same: vCPU 1 reads the same 56 values as vCPU 0.
 *   - idregs-undef-<feature> (Septum only): a register of each hidden
 *     feature Septum traps (PMU, SVE, SME, AMU, RAS error records, LOR,
 *     MTE, trace, SPE, TRBE, MPAM) is UNDEFINED, as on a CPU without it.
 *   - idregs-pauth-* when pointer authentication is shown: the key
 *     registers and PACGA work, each vCPU's keys are its own (the same
 *     PACGA gives different codes under vCPU 0's and vCPU 1's keys) and
 *     survive an exit to the hypervisor.
 *   - idregs-pstate-dit/ssbs/pan when shown: the PSTATE bit survives an
 *     exit; idregs-rndr when shown: RNDR reads.
 *
 * Natively (no Septum) only idregs-read and the vCPU 1 comparison run.
 * Needs 2 vCPUs. Bootargs: none.
 */
#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/psci.h>
#include <guest/smccc.h>
#include <guest/smp.h>
#include <guest/test.h>

const char guest_name[] = "idregs";

#define NREGS		56	/* CRm 1-7 x op2 0-7 */
#define POISON		0x5eb7ull
#define TIMEOUT_MS	10000

/* Index of an ID register: (CRm - 1) * 8 + op2. */
#define IDX(crm, op2)	(((crm) - 1) * 8 + (op2))

enum {
	ID_PFR0 = IDX(1, 0), ID_PFR1 = IDX(1, 1), ID_DFR0 = IDX(1, 2),
	ID_AFR0 = IDX(1, 3), ID_MMFR0 = IDX(1, 4), ID_MMFR1 = IDX(1, 5),
	ID_MMFR2 = IDX(1, 6), ID_MMFR3 = IDX(1, 7),
	ID_ISAR0 = IDX(2, 0), ID_ISAR1 = IDX(2, 1), ID_ISAR2 = IDX(2, 2),
	ID_ISAR3 = IDX(2, 3), ID_ISAR4 = IDX(2, 4), ID_ISAR5 = IDX(2, 5),
	ID_MMFR4 = IDX(2, 6), ID_ISAR6 = IDX(2, 7),
	MVFR0 = IDX(3, 0), MVFR1 = IDX(3, 1), MVFR2 = IDX(3, 2),
	ID_PFR2 = IDX(3, 4), ID_DFR1 = IDX(3, 5), ID_MMFR5 = IDX(3, 6),
	AA64PFR0 = IDX(4, 0), AA64PFR1 = IDX(4, 1), AA64PFR2 = IDX(4, 2),
	AA64ZFR0 = IDX(4, 4), AA64SMFR0 = IDX(4, 5), AA64FPFR0 = IDX(4, 7),
	AA64DFR0 = IDX(5, 0), AA64DFR1 = IDX(5, 1), AA64DFR2 = IDX(5, 2),
	AA64AFR0 = IDX(5, 4), AA64AFR1 = IDX(5, 5),
	AA64ISAR0 = IDX(6, 0), AA64ISAR1 = IDX(6, 1), AA64ISAR2 = IDX(6, 2),
	AA64ISAR3 = IDX(6, 3),
	AA64MMFR0 = IDX(7, 0), AA64MMFR1 = IDX(7, 1), AA64MMFR2 = IDX(7, 2),
	AA64MMFR3 = IDX(7, 3), AA64MMFR4 = IDX(7, 4),
	AARCH32_LAST = IDX(3, 7),
};

static const char *const reg_names[NREGS] = {
	[ID_PFR0] = "ID_PFR0", [ID_PFR1] = "ID_PFR1", [ID_DFR0] = "ID_DFR0",
	[ID_AFR0] = "ID_AFR0", [ID_MMFR0] = "ID_MMFR0", [ID_MMFR1] = "ID_MMFR1",
	[ID_MMFR2] = "ID_MMFR2", [ID_MMFR3] = "ID_MMFR3",
	[ID_ISAR0] = "ID_ISAR0", [ID_ISAR1] = "ID_ISAR1", [ID_ISAR2] = "ID_ISAR2",
	[ID_ISAR3] = "ID_ISAR3", [ID_ISAR4] = "ID_ISAR4", [ID_ISAR5] = "ID_ISAR5",
	[ID_MMFR4] = "ID_MMFR4", [ID_ISAR6] = "ID_ISAR6",
	[MVFR0] = "MVFR0", [MVFR1] = "MVFR1", [MVFR2] = "MVFR2",
	[ID_PFR2] = "ID_PFR2", [ID_DFR1] = "ID_DFR1", [ID_MMFR5] = "ID_MMFR5",
	[AA64PFR0] = "ID_AA64PFR0", [AA64PFR1] = "ID_AA64PFR1",
	[AA64PFR2] = "ID_AA64PFR2", [AA64ZFR0] = "ID_AA64ZFR0",
	[AA64SMFR0] = "ID_AA64SMFR0", [AA64FPFR0] = "ID_AA64FPFR0",
	[AA64DFR0] = "ID_AA64DFR0", [AA64DFR1] = "ID_AA64DFR1",
	[AA64DFR2] = "ID_AA64DFR2", [AA64AFR0] = "ID_AA64AFR0",
	[AA64AFR1] = "ID_AA64AFR1",
	[AA64ISAR0] = "ID_AA64ISAR0", [AA64ISAR1] = "ID_AA64ISAR1",
	[AA64ISAR2] = "ID_AA64ISAR2", [AA64ISAR3] = "ID_AA64ISAR3",
	[AA64MMFR0] = "ID_AA64MMFR0", [AA64MMFR1] = "ID_AA64MMFR1",
	[AA64MMFR2] = "ID_AA64MMFR2", [AA64MMFR3] = "ID_AA64MMFR3",
	[AA64MMFR4] = "ID_AA64MMFR4",
};

/* A field a VM may see: any value (ANY), at most max (MAX), or at most max
 * read as a signed 4-bit value, where 0xf is "not implemented" (SMAX). */
enum rule { ANY, MAX, SMAX };

struct field {
	u8 reg, shift;
	u8 rule, max;
	const char *name;
};

#define F(r, s, n)		{ r, s, ANY, 0, n }
#define FMAX(r, s, m, n)	{ r, s, MAX, m, n }
#define FSMAX(r, s, m, n)	{ r, s, SMAX, m, n }
/* A 32-bit register whose eight fields are all shown. */
#define ALL32(r) F(r, 0, "[3:0]"), F(r, 4, "[7:4]"), F(r, 8, "[11:8]"), \
	F(r, 12, "[15:12]"), F(r, 16, "[19:16]"), F(r, 20, "[23:20]"), \
	F(r, 24, "[27:24]"), F(r, 28, "[31:28]")

/* The promise (src/DESIGN.md, "CPU features a VM sees"). */
static const struct field shown[] = {
	F(AA64PFR0, 0, "EL0"), FMAX(AA64PFR0, 4, 1, "EL1"),
	FSMAX(AA64PFR0, 16, 7, "FP"), FSMAX(AA64PFR0, 20, 7, "AdvSIMD"),
	FMAX(AA64PFR0, 24, 1, "GIC"), F(AA64PFR0, 48, "DIT"),
	F(AA64PFR0, 56, "CSV2"), F(AA64PFR0, 60, "CSV3"),
	F(AA64PFR1, 0, "BT"), F(AA64PFR1, 4, "SSBS"), F(AA64PFR1, 32, "CSV2_frac"),
	FMAX(AA64DFR0, 0, 9, "DebugVer"), F(AA64DFR0, 12, "BRPs"),
	F(AA64DFR0, 20, "WRPs"), F(AA64DFR0, 28, "CTX_CMPs"),
	FSMAX(AA64DFR0, 36, 7, "DoubleLock"),
	F(AA64ISAR0, 4, "AES"), F(AA64ISAR0, 8, "SHA1"), F(AA64ISAR0, 12, "SHA2"),
	F(AA64ISAR0, 16, "CRC32"), F(AA64ISAR0, 20, "Atomic"),
	F(AA64ISAR0, 28, "RDM"), F(AA64ISAR0, 32, "SHA3"), F(AA64ISAR0, 36, "SM3"),
	F(AA64ISAR0, 40, "SM4"), F(AA64ISAR0, 44, "DP"), F(AA64ISAR0, 48, "FHM"),
	F(AA64ISAR0, 52, "TS"), F(AA64ISAR0, 56, "TLB"), F(AA64ISAR0, 60, "RNDR"),
	F(AA64ISAR1, 0, "DPB"), F(AA64ISAR1, 4, "APA"), F(AA64ISAR1, 8, "API"),
	F(AA64ISAR1, 12, "JSCVT"), F(AA64ISAR1, 16, "FCMA"),
	F(AA64ISAR1, 20, "LRCPC"), F(AA64ISAR1, 24, "GPA"), F(AA64ISAR1, 28, "GPI"),
	F(AA64ISAR1, 32, "FRINTTS"), F(AA64ISAR1, 36, "SB"),
	F(AA64ISAR1, 40, "SPECRES"), F(AA64ISAR1, 44, "BF16"),
	F(AA64ISAR1, 48, "DGH"), F(AA64ISAR1, 52, "I8MM"), F(AA64ISAR1, 56, "XS"),
	F(AA64ISAR2, 0, "WFxT"), F(AA64ISAR2, 4, "RPRES"), F(AA64ISAR2, 8, "GPA3"),
	F(AA64ISAR2, 12, "APA3"), F(AA64ISAR2, 20, "BC"),
	F(AA64ISAR2, 24, "PAC_frac"), F(AA64ISAR2, 28, "CLRBHB"),
	F(AA64ISAR2, 40, "PRFMSLC"), F(AA64ISAR2, 48, "RPRFM"),
	F(AA64ISAR2, 52, "CSSC"), F(AA64ISAR2, 56, "LUT"),
	FMAX(AA64MMFR0, 0, 5, "PARange"), F(AA64MMFR0, 4, "ASIDBits"),
	F(AA64MMFR0, 8, "BigEnd"), F(AA64MMFR0, 16, "BigEndEL0"),
	FMAX(AA64MMFR0, 20, 1, "TGran16"), FSMAX(AA64MMFR0, 24, 0, "TGran64"),
	FSMAX(AA64MMFR0, 28, 0, "TGran4"), F(AA64MMFR0, 44, "ExS"),
	FMAX(AA64MMFR0, 60, 1, "ECV"),
	FMAX(AA64MMFR1, 0, 2, "HAFDBS"), F(AA64MMFR1, 12, "HPDS"),
	F(AA64MMFR1, 20, "PAN"), F(AA64MMFR1, 24, "SpecSEI"),
	F(AA64MMFR1, 36, "ETS"), F(AA64MMFR1, 44, "AFP"),
	F(AA64MMFR1, 48, "nTLBPA"), F(AA64MMFR1, 52, "TIDCP1"),
	F(AA64MMFR1, 56, "CMOW"), F(AA64MMFR1, 60, "ECBHB"),
	F(AA64MMFR2, 0, "CnP"), F(AA64MMFR2, 4, "UAO"), F(AA64MMFR2, 8, "LSM"),
	F(AA64MMFR2, 12, "IESB"), F(AA64MMFR2, 16, "VARange"),
	F(AA64MMFR2, 20, "CCIDX"), F(AA64MMFR2, 28, "ST"), F(AA64MMFR2, 32, "AT"),
	F(AA64MMFR2, 36, "IDS"), F(AA64MMFR2, 48, "TTL"), F(AA64MMFR2, 52, "BBM"),
	F(AA64MMFR2, 60, "E0PD"),
	/* AArch32 EL0 (zero unless ID_AA64PFR0_EL1.EL0 says AArch32). */
	F(ID_PFR0, 0, "State0"), F(ID_PFR0, 4, "State1"), F(ID_PFR0, 8, "State2"),
	F(ID_PFR0, 12, "State3"), F(ID_PFR0, 16, "CSV2"), F(ID_PFR0, 24, "DIT"),
	F(ID_PFR1, 0, "ProgMod"), F(ID_PFR1, 8, "MProgMod"),
	F(ID_PFR1, 16, "GenTimer"), FMAX(ID_PFR1, 28, 1, "GIC"),
	F(ID_DFR0, 0, "CopDbg"), F(ID_DFR0, 8, "MMapDbg"), F(ID_DFR0, 20, "MProfDbg"),
	ALL32(ID_MMFR0), ALL32(ID_MMFR1), ALL32(ID_MMFR2), ALL32(ID_MMFR3),
	ALL32(ID_ISAR0), ALL32(ID_ISAR1), ALL32(ID_ISAR2), ALL32(ID_ISAR3),
	ALL32(ID_ISAR4), ALL32(ID_ISAR5), ALL32(ID_ISAR6),
	F(ID_MMFR4, 0, "SpecSEI"), F(ID_MMFR4, 4, "AC2"), F(ID_MMFR4, 12, "CnP"),
	F(ID_MMFR4, 16, "HPDS"), F(ID_MMFR4, 20, "LSM"), F(ID_MMFR4, 24, "CCIDX"),
	ALL32(MVFR0), ALL32(MVFR1), ALL32(MVFR2),
	F(ID_PFR2, 0, "CSV3"), F(ID_PFR2, 4, "SSBS"),
	F(ID_MMFR5, 0, "ETS"), F(ID_MMFR5, 4, "nTLBPA"),
};

static unsigned int field(u64 v, unsigned int shift)
{
	return (v >> shift) & 0xf;
}

/* Reads ID register idx. Compiled as one MRS per encoding. */
static u64 id_read(unsigned int idx)
{
	u64 v = POISON;

#define R(crm, op2) case IDX(crm, op2): \
	__asm__ volatile("mrs %0, S3_0_C0_C" #crm "_" #op2 : "+r"(v)); break;
#define ROW(crm) R(crm, 0) R(crm, 1) R(crm, 2) R(crm, 3) \
	R(crm, 4) R(crm, 5) R(crm, 6) R(crm, 7)
	switch (idx) {
	ROW(1) ROW(2) ROW(3) ROW(4) ROW(5) ROW(6) ROW(7)
	}
#undef ROW
#undef R
	return v;
}

/* Reads all of them; returns how many raised an exception. */
static u32 read_all(u64 *v, u64 *first_esr)
{
	u32 bad = 0;

	for (unsigned int i = 0; i < NREGS; i++) {
		struct exc_record e;

		exc_catch_begin();
		v[i] = id_read(i);
		e = exc_catch_end();
		if (e.count && !bad++)
			*first_esr = e.esr;
	}
	return bad;
}

static const char *reg_name(unsigned int i, char *buf, size_t n)
{
	if (reg_names[i])
		return reg_names[i];
	con_snprintf(buf, n, "S3_0_C0_C%u_%u", i / 8 + 1, i % 8);
	return buf;
}

static bool within(const struct field *f, unsigned int v)
{
	if (f->rule == ANY)
		return true;
	if (f->rule == MAX)
		return v <= f->max;
	return (s32)((v ^ 8) - 8) <= (s32)((f->max ^ 8) - 8);
}

/* One register against the table: TEST idregs-<name>. */
static void check_reg(unsigned int i, u64 v, bool aarch32_el0)
{
	u64 allowed = 0;
	char buf[24], name[40];
	const char *rn = reg_name(i, buf, sizeof(buf));

	con_snprintf(name, sizeof(name), "idregs-%s", rn);
	for (unsigned int k = 0; k < ARRAY_SIZE(shown); k++) {
		const struct field *f = &shown[k];

		if (f->reg != i || (i <= AARCH32_LAST && !aarch32_el0))
			continue;
		allowed |= 0xfull << f->shift;
		if (!within(f, field(v, f->shift))) {
			test_fail(name, "%s=%u above %u (value 0x%llx)", f->name,
				  field(v, f->shift), f->max, v);
			return;
		}
	}
	test_check(!(v & ~allowed), name, "hidden fields not zero: 0x%llx (value 0x%llx)",
		   v & ~allowed, v);
}

/* Exits to the hypervisor and back (a null hypercall). */
static void exit_and_back(void)
{
	smccc_hvc(SEPTUM_HC_NOP, 0, 0, 0, 0, 0, 0, 0);
}

/* Registers of hidden features Septum traps: each must be UNDEFINED. */
#define UNDEF_PROBES(X) \
	X(pmu-pmcr, "mrs %0, S3_3_C9_C12_0") \
	X(pmu-pmccntr, "mrs %0, S3_3_C9_C13_0") \
	X(pmu-pmuserenr-write, "msr S3_3_C9_C14_0, xzr") \
	X(sve-rdvl, ".inst 0x04bf5020") \
	X(sme-rdsvl, ".inst 0x04bf5820") \
	X(amu-amcfgr, "mrs %0, S3_3_C13_C2_1") \
	X(ras-erridr, "mrs %0, S3_0_C5_C3_0") \
	X(lor-lorid, "mrs %0, S3_0_C10_C4_7") \
	X(mte-tfsr, "mrs %0, S3_0_C5_C6_0") \
	X(mte-gcr, "mrs %0, S3_0_C1_C0_6") \
	X(trace-trcidr0, "mrs %0, S2_1_C0_C8_7") \
	X(spe-pmsidr, "mrs %0, S3_0_C9_C9_7") \
	X(trbe-trbidr, "mrs %0, S3_0_C9_C11_7") \
	X(mpam-mpam1, "mrs %0, S3_0_C10_C5_0")

static void check_undef(const char *name, struct exc_record e)
{
	test_check(e.count == 1 && ESR_EC(e.esr) == ESR_EC_UNKNOWN, name,
		   "exceptions=%u esr=0x%llx (want one, EC 0)", e.count, e.esr);
}

/* CPACR_EL1.FPEN, ZEN and SMEN (Arm ARM, CPACR_EL1): FP, SVE and SME
 * not trapped at EL1, so that an SVE or SME instruction reaches EL2's
 * trap on a CPU that has the feature (RES0 bits on one that has not). */
#define CPACR_FP_SVE_SME	((3ull << 20) | (3ull << 16) | (3ull << 24))

static void check_hidden_undef(void)
{
	u64 v = 0, cpacr = read_sysreg(cpacr_el1);

	write_sysreg(cpacr_el1, cpacr | CPACR_FP_SVE_SME);
	isb();

#define PROBE(n, insn) \
	exc_catch_begin(); \
	__asm__ volatile(insn : "+r"(v) : : "x0", "memory"); \
	check_undef("idregs-undef-" #n, exc_catch_end());
	UNDEF_PROBES(PROBE)
#undef PROBE
	write_sysreg(cpacr_el1, cpacr);
	isb();
}

/* Pointer authentication keys (Arm ARM D8.8): APIA, APIB, APDA, APDB,
 * APGA, low then high half. */
#define PAUTH_KEYS(X) \
	X(0, S3_0_C2_C1_0) X(1, S3_0_C2_C1_1) X(2, S3_0_C2_C1_2) X(3, S3_0_C2_C1_3) \
	X(4, S3_0_C2_C2_0) X(5, S3_0_C2_C2_1) X(6, S3_0_C2_C2_2) X(7, S3_0_C2_C2_3) \
	X(8, S3_0_C2_C3_0) X(9, S3_0_C2_C3_1)

static void keys_write(u64 seed)
{
#define W(i, r) write_sysreg(r, seed * 0x9e3779b97f4a7c15ull + (i));
	PAUTH_KEYS(W)
#undef W
	isb();
}

/* Returns how many keys do not read back as keys_write(seed) wrote them. */
static u32 keys_differ(u64 seed)
{
	u32 n = 0;

#define C(i, r) n += read_sysreg(r) != seed * 0x9e3779b97f4a7c15ull + (i);
	PAUTH_KEYS(C)
#undef C
	return n;
}

static u64 pacga(u64 a, u64 b)
{
	u64 r;

	__asm__ volatile(".arch armv8.3-a\n\tpacga %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
	return r;
}

static bool has_pauth(const u64 *v)
{
	return field(v[AA64ISAR1], 4) || field(v[AA64ISAR1], 8) ||
	       field(v[AA64ISAR2], 12);
}

static bool has_pacga(const u64 *v)
{
	return field(v[AA64ISAR1], 24) || field(v[AA64ISAR1], 28) ||
	       field(v[AA64ISAR2], 8);
}

/* What vCPU 1 found, for vCPU 0 to check. */
static struct {
	u64 v[NREGS];
	u32 read_exceptions;
	u64 pac;		/* PACGA under its keys */
	u32 keys_lost;		/* keys not as written after an exit */
	u32 pauth_exceptions;
	u32 done;
} vcpu1;

#define PAC_A	0x0123456789abcdefull
#define PAC_B	0xfedcba9876543210ull

/* Sets this vCPU's keys from seed, exits to the hypervisor and back, and
 * counts the keys that changed; *pac = PACGA(PAC_A, PAC_B) if shown.
 * Returns the exceptions taken. */
static u32 pauth_round(const u64 *v, u64 seed, u32 *lost, u64 *pac)
{
	struct exc_record e;

	exc_catch_begin();
	keys_write(seed);
	exit_and_back();
	*lost = keys_differ(seed);
	*pac = has_pacga(v) ? pacga(PAC_A, PAC_B) : 0;
	e = exc_catch_end();
	return e.count;
}

static void secondary(void *arg)
{
	u64 esr = 0;

	vcpu1.read_exceptions = read_all(vcpu1.v, &esr);
	if (con_under_septum() && has_pauth(vcpu1.v))
		vcpu1.pauth_exceptions = pauth_round(vcpu1.v, 2, &vcpu1.keys_lost,
						     &vcpu1.pac);
	dmb_sy();
	WRITE_ONCE(vcpu1.done, 1);
}

static void check_pauth(const u64 *v)
{
	u32 lost = 0, exc;
	u64 pac = 0;

	if (!has_pauth(v)) {
		con_printf("INFO pointer authentication not shown\n");
		return;
	}
	exc = pauth_round(v, 1, &lost, &pac);
	if (!test_check(!exc, "idregs-pauth-no-exception", "%u exception(s)", exc))
		return;
	test_check(!lost, "idregs-pauth-keys-survive-exit", "%u key register(s) changed", lost);
	test_check(!vcpu1.pauth_exceptions && !vcpu1.keys_lost, "idregs-pauth-vcpu1",
		   "exceptions=%u keys changed=%u", vcpu1.pauth_exceptions, vcpu1.keys_lost);
	if (has_pacga(v))
		test_check(pac >> 32 && vcpu1.pac >> 32 && pac != vcpu1.pac,
			   "idregs-pauth-pacga-per-vcpu", "vcpu0 0x%llx vcpu1 0x%llx", pac,
			   vcpu1.pac);
	keys_write(0);
}

/* A PSTATE bit set with MSR survives an exit. */
#define PSTATE_CHECK(name, set, clear, reg, bit) do { \
	u64 got; \
	__asm__ volatile(".arch armv8.5-a\n\t" set); \
	exit_and_back(); \
	__asm__ volatile(".arch armv8.5-a\n\tmrs %0, " reg : "=r"(got)); \
	__asm__ volatile(".arch armv8.5-a\n\t" clear); \
	test_check(got & (1ull << (bit)), name, reg "=0x%llx", got); \
} while (0)

static void check_works(const u64 *v)
{
	if (field(v[AA64PFR0], 48))
		PSTATE_CHECK("idregs-pstate-dit", "msr dit, #1", "msr dit, #0", "dit", 24);
	if (field(v[AA64PFR1], 4) >= 2)
		PSTATE_CHECK("idregs-pstate-ssbs", "msr ssbs, #1", "msr ssbs, #0", "ssbs", 12);
	if (field(v[AA64MMFR1], 20))
		PSTATE_CHECK("idregs-pstate-pan", "msr pan, #1", "msr pan, #0", "pan", 22);
	if (field(v[AA64ISAR0], 60)) {
		struct exc_record e;
		u64 r;

		exc_catch_begin();
		__asm__ volatile(".arch armv8.5-a+rng\n\tmrs %0, rndr" : "=r"(r));
		e = exc_catch_end();
		test_check(!e.count, "idregs-rndr", "esr=0x%llx", e.esr);
	}
}

static void print_all(const u64 *v)
{
	char buf[24];

	for (unsigned int i = 0; i < NREGS; i++)
		if (v[i] || reg_names[i])
			con_printf("INFO %s 0x%016llx\n", reg_name(i, buf, sizeof(buf)), v[i]);
}

static void run_vcpu1(const u64 *v0)
{
	u64 mpidr[GUEST_MAX_CPUS];
	u64 end = cnt_now() + cnt_ms_to_ticks(TIMEOUT_MS);
	u32 diff = 0, first = 0;

	if (!test_check(dt_cpus(mpidr, GUEST_MAX_CPUS) >= 2, "idregs-vcpu1", "need 2 vCPUs") ||
	    !test_eq("idregs-vcpu1-on", smp_cpu_on(mpidr[1], 1, secondary, NULL), 0))
		return;
	while (!READ_ONCE(vcpu1.done))
		if (cnt_now() > end) {
			test_fail("idregs-vcpu1", "vCPU 1 did not finish");
			return;
		}
	dmb_sy();
	for (unsigned int i = 0; i < NREGS; i++)
		if (vcpu1.v[i] != v0[i] && !diff++)
			first = i;
	test_check(!diff && !vcpu1.read_exceptions, "idregs-vcpu1-same",
		   "%u register(s) differ (first index %u: 0x%llx vs 0x%llx), %u exception(s)",
		   diff, first, vcpu1.v[first], v0[first], vcpu1.read_exceptions);
}

void guest_main(void)
{
	u64 v[NREGS], esr = 0;
	u32 bad = read_all(v, &esr);

	print_all(v);
	test_check(!bad, "idregs-read", "%u register(s) raised an exception (first esr 0x%llx)",
		   bad, esr);
	run_vcpu1(v);
	if (!test_need_septum("idregs-table"))
		return;
	for (unsigned int i = 0; i < NREGS; i++)
		check_reg(i, v[i], field(v[AA64PFR0], 0) >= 2);
	check_hidden_undef();
	check_pauth(v);
	check_works(v);
}
