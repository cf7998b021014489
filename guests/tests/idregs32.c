/* SPDX-License-Identifier: MIT */
/*
 * idregs32: the CPU features an ARMv7-A VM of the arm32 build sees
 * (src/DESIGN.md, "CPU features a VM sees"; src/arch/arm32/features.c),
 * idregs's counterpart for AArch32 PL1 (built for arm32 only):
 *
 *   - idregs-read: all 56 encodings of the CP15 ID space (MRC p15, 0,
 *     c0, CRm 1-7, op2 0-7), reserved ones included, and VMRS of MVFR0
 *     and MVFR1, read without an exception; the values are printed (INFO).
 *   - idregs-<register> (Septum only): each field the table names is
 *     within its bound; every other field, and every encoding ARMv7 does
 *     not define (c0, c2, 6-7 and c0, c3-c7: RAZ, ARMv7 ARM B3.17.1), reads
 *     0. Hidden: the Security and Virtualization Extensions (ID_PFR1) and
 *     the PMU (ID_DFR0.PerfMon).
 *   - idregs-mvfr: MVFR0/MVFR1 (VMRS) show the VFP and Advanced SIMD
 *     that VMs use (not 0).
 *   - idregs-vcpu1-same: vCPU 1 reads the same 58 values as vCPU 0.
 *   - idregs-undef-pmu-* (Septum only): the PMU's registers (HDCR.TPM
 *     traps them) are UNDEFINED, as on a CPU without a PMU.
 *
 * Natively (no Septum) only idregs-read, idregs-mvfr and the vCPU 1
 * comparison run. Needs 2 vCPUs. Bootargs: none.
 */
#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/smp.h>
#include <guest/test.h>

const char guest_name[] = "idregs32";

#define NCP15		56	/* CRm 1-7 x op2 0-7 */
#define VMRS_MVFR0	56	/* then MVFR0 and MVFR1 by VMRS */
#define VMRS_MVFR1	57
#define NREGS		58
#define POISON		0x5eb7u
#define TIMEOUT_MS	10000

#define IDX(crm, op2)	(((crm) - 1) * 8 + (op2))

enum {
	ID_PFR0 = IDX(1, 0), ID_PFR1 = IDX(1, 1), ID_DFR0 = IDX(1, 2),
	ID_AFR0 = IDX(1, 3), ID_MMFR0 = IDX(1, 4), ID_MMFR1 = IDX(1, 5),
	ID_MMFR2 = IDX(1, 6), ID_MMFR3 = IDX(1, 7),
	ID_ISAR0 = IDX(2, 0), ID_ISAR1 = IDX(2, 1), ID_ISAR2 = IDX(2, 2),
	ID_ISAR3 = IDX(2, 3), ID_ISAR4 = IDX(2, 4), ID_ISAR5 = IDX(2, 5),
};

static const char *const reg_names[NREGS] = {
	[ID_PFR0] = "ID_PFR0", [ID_PFR1] = "ID_PFR1", [ID_DFR0] = "ID_DFR0",
	[ID_AFR0] = "ID_AFR0", [ID_MMFR0] = "ID_MMFR0", [ID_MMFR1] = "ID_MMFR1",
	[ID_MMFR2] = "ID_MMFR2", [ID_MMFR3] = "ID_MMFR3",
	[ID_ISAR0] = "ID_ISAR0", [ID_ISAR1] = "ID_ISAR1", [ID_ISAR2] = "ID_ISAR2",
	[ID_ISAR3] = "ID_ISAR3", [ID_ISAR4] = "ID_ISAR4", [ID_ISAR5] = "ID_ISAR5",
	[VMRS_MVFR0] = "MVFR0", [VMRS_MVFR1] = "MVFR1",
};

/* A field a VM may see: any value, or only 0 (hidden). */
struct field {
	u8 reg, shift;
	bool any;
	const char *name;
};

#define F(r, s, n)	{ r, s, true, n }
#define HIDE(r, s, n)	{ r, s, false, n }
#define ALL32(r) F(r, 0, "[3:0]"), F(r, 4, "[7:4]"), F(r, 8, "[11:8]"), \
	F(r, 12, "[15:12]"), F(r, 16, "[19:16]"), F(r, 20, "[23:20]"), \
	F(r, 24, "[27:24]"), F(r, 28, "[31:28]")

/* The promise (src/arch/arm32/features.c; ARMv7 ARM B4.1.89-B4.1.100,
 * B6.1.12-13). */
static const struct field shown[] = {
	ALL32(ID_PFR0),
	F(ID_PFR1, 0, "ProgMod"), HIDE(ID_PFR1, 4, "Security"),
	F(ID_PFR1, 8, "MProgMod"), HIDE(ID_PFR1, 12, "Virtualization"),
	F(ID_PFR1, 16, "GenTimer"), F(ID_PFR1, 20, "[23:20]"),
	F(ID_PFR1, 24, "[27:24]"), F(ID_PFR1, 28, "[31:28]"),
	F(ID_DFR0, 0, "CopDbg"), F(ID_DFR0, 4, "CopSDbg"), F(ID_DFR0, 8, "MMapDbg"),
	F(ID_DFR0, 12, "CopTrc"), F(ID_DFR0, 16, "MMapTrc"), F(ID_DFR0, 20, "MProfDbg"),
	HIDE(ID_DFR0, 24, "PerfMon"), F(ID_DFR0, 28, "[31:28]"),
	ALL32(ID_AFR0), ALL32(ID_MMFR0), ALL32(ID_MMFR1), ALL32(ID_MMFR2),
	ALL32(ID_MMFR3), ALL32(ID_ISAR0), ALL32(ID_ISAR1), ALL32(ID_ISAR2),
	ALL32(ID_ISAR3), ALL32(ID_ISAR4), ALL32(ID_ISAR5),
	ALL32(VMRS_MVFR0), ALL32(VMRS_MVFR1),
};

/* Reads ID register idx. One MRC (or VMRS) per encoding. */
static u32 id_read(unsigned int idx)
{
	u32 v = POISON;

#define R(crm, op2) case IDX(crm, op2): \
	__asm__ volatile("mrc p15, 0, %0, c0, c" #crm ", " #op2 : "+r"(v)); break;
#define ROW(crm) R(crm, 0) R(crm, 1) R(crm, 2) R(crm, 3) \
	R(crm, 4) R(crm, 5) R(crm, 6) R(crm, 7)
	switch (idx) {
	ROW(1) ROW(2) ROW(3) ROW(4) ROW(5) ROW(6) ROW(7)
	case VMRS_MVFR0:
		__asm__ volatile(".fpu neon\n\tvmrs %0, mvfr0" : "+r"(v));
		break;
	case VMRS_MVFR1:
		__asm__ volatile(".fpu neon\n\tvmrs %0, mvfr1" : "+r"(v));
		break;
	}
#undef ROW
#undef R
	return v;
}

/* CPACR cp10 and cp11 full access (B4.1.40): VMRS reaches MVFR0/1. */
static void fp_access(void)
{
	u32 cpacr;

	__asm__ volatile("mrc p15, 0, %0, c1, c0, 2" : "=r"(cpacr));
	cpacr |= 0xfu << 20;
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 2\n\tisb" : : "r"(cpacr) : "memory");
}

/* Reads all of them; returns how many raised an exception. */
static u32 read_all(u32 *v, u64 *first_esr)
{
	u32 bad = 0;

	fp_access();
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
	con_snprintf(buf, n, "c0_c%u_%u", i / 8 + 1, i % 8);
	return buf;
}

/* One register against the table: TEST idregs-<name>. */
static void check_reg(unsigned int i, u32 v)
{
	u32 allowed = 0;
	char buf[24], name[40];
	const char *rn = reg_name(i, buf, sizeof(buf));

	con_snprintf(name, sizeof(name), "idregs-%s", rn);
	for (unsigned int k = 0; k < ARRAY_SIZE(shown); k++) {
		const struct field *f = &shown[k];

		if (f->reg != i)
			continue;
		if (!f->any && (v >> f->shift & 0xf)) {
			test_fail(name, "%s=%u, hidden (value 0x%x)", f->name,
				  v >> f->shift & 0xf, v);
			return;
		}
		if (f->any)
			allowed |= 0xfu << f->shift;
	}
	test_check(!(v & ~allowed), name, "hidden or undefined fields not zero: 0x%x (value 0x%x)",
		   v & ~allowed, v);
}

/* The PMU's registers: each must be UNDEFINED (VMs have no PMU). */
#define UNDEF_PROBES(X) \
	X(pmu-pmcr, "mrc p15, 0, %0, c9, c12, 0") \
	X(pmu-pmccntr, "mrc p15, 0, %0, c9, c13, 0") \
	X(pmu-pmuserenr-write, "mcr p15, 0, %0, c9, c14, 0")

static void check_hidden_undef(void)
{
	u32 v = 0;

#define PROBE(n, insn) { \
	struct exc_record e; \
	exc_catch_begin(); \
	__asm__ volatile(insn : "+r"(v) : : "memory"); \
	e = exc_catch_end(); \
	test_check(e.count == 1 && ESR_EC(e.esr) == ESR_EC_UNKNOWN, "idregs-undef-" #n, \
		   "exceptions=%u esr=0x%llx (want one, undefined instruction)", e.count, e.esr); }
	UNDEF_PROBES(PROBE)
#undef PROBE
}

static void print_all(const u32 *v)
{
	char buf[24];

	for (unsigned int i = 0; i < NREGS; i++)
		if (v[i] || reg_names[i])
			con_printf("INFO %s 0x%08x\n", reg_name(i, buf, sizeof(buf)), v[i]);
}

/* What vCPU 1 found, for vCPU 0 to check. */
static struct {
	u32 v[NREGS];
	u32 read_exceptions;
	u32 done;
} vcpu1;

static void secondary(void *arg)
{
	u64 esr = 0;

	(void)arg;
	vcpu1.read_exceptions = read_all(vcpu1.v, &esr);
	dmb_sy();
	WRITE_ONCE(vcpu1.done, 1);
}

static void run_vcpu1(const u32 *v0)
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
		   "%u register(s) differ (first index %u: 0x%x vs 0x%x), %u exception(s)",
		   diff, first, vcpu1.v[first], v0[first], vcpu1.read_exceptions);
}

void guest_main(void)
{
	u32 v[NREGS];
	u64 esr = 0;
	u32 bad = read_all(v, &esr);

	print_all(v);
	test_check(!bad, "idregs-read", "%u register(s) raised an exception (first esr 0x%llx)",
		   bad, esr);
	test_check(v[VMRS_MVFR0] && v[VMRS_MVFR1], "idregs-mvfr", "MVFR0 0x%x MVFR1 0x%x",
		   v[VMRS_MVFR0], v[VMRS_MVFR1]);
	run_vcpu1(v);
	if (!test_need_septum("idregs-table"))
		return;
	for (unsigned int i = 0; i < NREGS; i++)
		check_reg(i, v[i]);
	check_hidden_undef();
}
