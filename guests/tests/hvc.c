/* SPDX-License-Identifier: MIT */
/*
 * hvc: the hypercall interface's edges. Every call below must return the
 * listed x0 (sign-extended, as DEN0028 5.2 requires for NOT_SUPPORTED) and
 * must not raise an exception in the guest; the guest keeps running to
 * DONE. Calls marked Septum-only print "TEST <name> SKIP not-under-septum"
 * natively (QEMU's PSCI conduit answers every non-PSCI ID with -1, and
 * SMC is undefined there); natively the "HVC #0" calls go through the DT's
 * conduit and HVC #1 runs only if that conduit is HVC.
 *
 * Septum's calls are SMC64 from AArch64 and their SMC32 forms from AArch32
 * (SMCCC_NATIVE, guest/smccc.h); the other width is an unknown call.
 *
 * Expected answers (the contract this test pins):
 *   - unknown Septum ID SEPTUM_HC(0x7777), unknown owners 0xc5000000 and
 *     0x87000000, the other-width forms of Septum's calls (AArch64:
 *     0x86000000, 0x86000002; AArch32: 0xc6000000, 0xc6000002),
 *     SMCCC_ARCH_FEATURES(unknown): -1
 *   - HVC #1 (non-zero immediate): -1 and no effect, even for SYSTEM_OFF
 *   - NOP with garbage in x1..x7: 0
 *   - CONSOLE_WRITE len 0: 0; len 49 and the register's top bit alone
 *     (2^63; AArch32: 2^31): SEPTUM_E_INVAL (-3)
 *   - CALL_UID: SEPTUM_UID_0..3 in w0..w3; CALL_COUNT: SEPTUM_HC_COUNT;
 *     REVISION: x0 = 0, x1 = 1; SMCCC_VERSION: 0x10001
 *   - VM_INFO: x0 = 0, x2 = 0 (boot vCPU), x3 = cpus in the DT
 *   - VM_STATS: x0 = 0, x1 = 0 (no faults yet), x2 >= 1
 *   - through SMC #0: CALL_UID, NOP, unknown ID and PSCI_VERSION answer
 *     as through HVC #0.
 *
 * Bootargs: none.
 */
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/psci.h>
#include <guest/smccc.h>
#include <guest/smp.h>
#include <guest/test.h>

const char guest_name[] = "hvc";

#define GARBAGE		0xdeadbeefcafef00dull
#define NOP		SMCCC_NATIVE(SEPTUM_HC_NOP)
#define CONSOLE		SMCCC_NATIVE(SEPTUM_HC_CONSOLE_WRITE)

enum via {
	VIA_HVC,	/* HVC #0 */
	VIA_SMC,	/* SMC #0 */
	VIA_HVC1,	/* HVC #1 */
};

struct hvc_case {
	const char *name;
	enum via via;
	bool septum_only;
	u64 fid;
	u64 a1, a2, a3;
	s64 want;
};

/* "LKD\n", packed as CONSOLE_WRITE wants it (fits one register). */
#define LEAK_BYTES	0x0a444b4cull

static const struct hvc_case cases[] = {
	{ "hvc-nop", VIA_HVC, true, NOP, 0, 0, 0, 0 },
	{ "hvc-unknown-septum-id", VIA_HVC, false,
	  SMCCC_NATIVE(SEPTUM_HC(0x7777)), 0, 0, 0, SMCCC_RET_NOT_SUPPORTED },
	{ "hvc-unknown-owner-c5", VIA_HVC, false, 0xc5000000u, 0, 0, 0,
	  SMCCC_RET_NOT_SUPPORTED },
	{ "hvc-unknown-owner-87", VIA_HVC, false, 0x87000000u, 0, 0, 0,
	  SMCCC_RET_NOT_SUPPORTED },
	{ "hvc-nop-other-width", VIA_HVC, false, SMCCC_OTHER(SEPTUM_HC_NOP), 0,
	  0, 0, SMCCC_RET_NOT_SUPPORTED },
	{ "hvc-vm-info-other-width", VIA_HVC, false,
	  SMCCC_OTHER(SEPTUM_HC_VM_INFO), 0, 0, 0, SMCCC_RET_NOT_SUPPORTED },
	{ "hvc-arch-features-unknown", VIA_HVC, false, SMCCC_ARCH_FEATURES,
	  0x8000ffffu, 0, 0, SMCCC_RET_NOT_SUPPORTED },
	{ "hvc-smccc-version", VIA_HVC, true, SMCCC_VERSION, 0, 0, 0,
	  SMCCC_VERSION_1_1 },
	{ "hvc-call-count", VIA_HVC, true, SEPTUM_HC_CALL_COUNT, 0, 0, 0,
	  SEPTUM_HC_COUNT },
	{ "hvc-console-len0", VIA_HVC, true, CONSOLE, 0, GARBAGE, 0,
	  SEPTUM_OK },
	{ "hvc-console-len49", VIA_HVC, true, CONSOLE, SEPTUM_CONSOLE_CHUNK + 1,
	  GARBAGE, GARBAGE, SEPTUM_E_INVAL },
	/* 2^63 from AArch64, 2^31 from AArch32: the register's top bit. */
	{ "hvc-console-len-top-bit", VIA_HVC, true, CONSOLE,
	  1ull << (8 * SMCCC_REG_BYTES - 1), GARBAGE, GARBAGE, SEPTUM_E_INVAL },
	{ "hvc-imm1-nop", VIA_HVC1, false, NOP, 0, 0, 0,
	  SMCCC_RET_NOT_SUPPORTED },
	/* "LKD\n" must not appear on the console. */
	{ "hvc-imm1-console", VIA_HVC1, false, CONSOLE, 4, LEAK_BYTES, 0,
	  SMCCC_RET_NOT_SUPPORTED },
	/* Natively QEMU would power off: Septum only. */
	{ "hvc-imm1-system-off", VIA_HVC1, true, PSCI_SYSTEM_OFF, 0, 0, 0,
	  SMCCC_RET_NOT_SUPPORTED },
	{ "hvc-smc-nop", VIA_SMC, true, NOP, GARBAGE, GARBAGE, GARBAGE, 0 },
	{ "hvc-smc-unknown-septum-id", VIA_SMC, true,
	  SMCCC_NATIVE(SEPTUM_HC(0x7777)), 0, 0, 0, SMCCC_RET_NOT_SUPPORTED },
	{ "hvc-smc-psci-version", VIA_SMC, true, PSCI_VERSION, 0, 0, 0,
	  PSCI_VERSION_1_1 },
};

/*
 * Makes one call with x4..x7 = garbage, catching any exception it raises.
 * Returns false (after a FAIL line) if one was raised.
 */
static bool call(const char *name, enum via via, u64 fid, u64 a1, u64 a2,
		 u64 a3, struct smccc_res *r)
{
	struct exc_record e;
	u64 g = GARBAGE;

	exc_catch_begin();
	if (via == VIA_SMC)
		*r = smccc_smc(fid, a1, a2, a3, g, g, g, g);
	else if (via == VIA_HVC1)
		*r = smccc_hvc1(fid, a1, a2, a3, g, g, g, g);
	else if (con_under_septum())
		*r = smccc_hvc(fid, a1, a2, a3, g, g, g, g);
	else	/* natively: whatever conduit QEMU's DT names */
		*r = smccc_call(fid, a1, a2, a3, g, g, g, g);
	e = exc_catch_end();
	if (e.count)
		test_fail(name, "exception esr=0x%llx elr=0x%llx", e.esr, e.elr);
	return !e.count;
}

static void run_case(const struct hvc_case *c)
{
	struct smccc_res r;

	bool native = !c->septum_only && (c->via != VIA_HVC1 ||
		      smccc_conduit() == SMCCC_CONDUIT_HVC);

	if (!native && !test_need_septum(c->name))
		return;
	if (call(c->name, c->via, c->fid, c->a1, c->a2, c->a3, &r))
		test_check((s64)r.a0 == c->want, c->name,
			   "fid=0x%llx x0=0x%llx want=%lld", c->fid, r.a0,
			   c->want);
}

static bool is_uid(struct smccc_res r)
{
	return (u32)r.a0 == SEPTUM_UID_0 && (u32)r.a1 == SEPTUM_UID_1 &&
	       (u32)r.a2 == SEPTUM_UID_2 && (u32)r.a3 == SEPTUM_UID_3;
}

/* Calls whose answers are more than x0. Septum only. */
static void run_multi(void)
{
	u64 mpidr[GUEST_MAX_CPUS];
	struct smccc_res r;

	if (call("hvc-call-uid", VIA_HVC, SEPTUM_HC_CALL_UID, 0, 0, 0, &r))
		test_check(is_uid(r), "hvc-call-uid",
			   "w0..w3=0x%llx 0x%llx 0x%llx 0x%llx", r.a0, r.a1, r.a2,
			   r.a3);
	if (call("hvc-smc-call-uid", VIA_SMC, SEPTUM_HC_CALL_UID, 0, 0, 0, &r))
		test_check(is_uid(r), "hvc-smc-call-uid",
			   "w0..w3=0x%llx 0x%llx 0x%llx 0x%llx", r.a0, r.a1, r.a2,
			   r.a3);
	if (call("hvc-revision", VIA_HVC, SEPTUM_HC_REVISION, 0, 0, 0, &r))
		test_check(r.a0 == SEPTUM_REVISION_MAJOR &&
			   r.a1 == SEPTUM_REVISION_MINOR, "hvc-revision",
			   "x0=%llu x1=%llu", r.a0, r.a1);
	if (call("hvc-vm-info", VIA_HVC, SMCCC_NATIVE(SEPTUM_HC_VM_INFO),
		 GARBAGE, 0, 0, &r))
		test_check(r.a0 == 0 && r.a2 == 0 &&
			   r.a3 == (u64)dt_cpus(mpidr, GUEST_MAX_CPUS),
			   "hvc-vm-info", "x0=0x%llx id=%llu vcpu=%llu vcpus=%llu",
			   r.a0, r.a1, r.a2, r.a3);
	if (call("hvc-vm-stats", VIA_HVC, SMCCC_NATIVE(SEPTUM_HC_VM_STATS), 0,
		 0, 0, &r))
		test_check(r.a0 == 0 && r.a1 == 0 && r.a2 >= 1, "hvc-vm-stats",
			   "x0=0x%llx faults=%llu starts=%llu", r.a0, r.a1, r.a2);
}

void guest_main(void)
{
	if (!con_under_septum())
		con_printf("hvc: not under Septum; Septum-only calls skipped\n");
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
	if (con_under_septum())
		run_multi();
	else
		test_skip("hvc-call-uid", "not-under-septum");
	/* Still here and still able to print after all of the above. */
	test_pass("hvc-alive");
}
