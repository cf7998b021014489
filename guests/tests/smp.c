/* SPDX-License-Identifier: MIT */
/*
 * smp: PSCI on a 2+ vCPU VM.
 *
 * The boot vCPU checks the PSCI/SMCCC versions and features, starts vCPU 1
 * with CPU_ON, waits for AFFINITY_INFO to read ON, and both vCPUs add to a
 * shared counter under a spinlock. CPU_ON of a running vCPU must return
 * ALREADY_ON and of a missing MPIDR INVALID_PARAMETERS. vCPU 1 then calls
 * CPU_OFF, AFFINITY_INFO must read OFF, and vCPU 1 is started and stopped
 * twice more. The second vCPU's MPIDR is the reg of the DT's second cpu.
 *
 * Bootargs: iters=<n> increments per vCPU (default 1000000).
 */
#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/psci.h>
#include <guest/smccc.h>
#include <guest/smp.h>
#include <guest/test.h>

const char guest_name[] = "smp";

/* Hang catchers, not bounds: in host time a busy host can hold a vCPU back. */
#define TIMEOUT_MS	10000
#define RESTARTS	2

struct shared {
	struct spinlock lock;
	u64 counter;
	u64 iters;
	u32 started;		/* vCPU 1 arrivals */
	u32 go;			/* vCPU 0 lets vCPU 1 start counting */
	u64 mpidr_seen;		/* vCPU 1's MPIDR_EL1 */
	u64 sctlr_seen;		/* vCPU 1's SCTLR_EL1 */
};

static struct shared sh;

static void add_counter(u64 iters)
{
	for (u64 i = 0; i < iters; i++) {
		spin_lock(&sh.lock);
		/* Read-modify-write in two steps so a broken lock shows. */
		u64 v = READ_ONCE(sh.counter);

		WRITE_ONCE(sh.counter, v + 1);
		spin_unlock(&sh.lock);
	}
}

static void secondary(void *arg)
{
	u64 round = (u64)(uintptr_t)arg;

	WRITE_ONCE(sh.mpidr_seen, smp_mpidr());
	WRITE_ONCE(sh.sctlr_seen, read_sysreg(sctlr_el1));
	dmb_sy();
	WRITE_ONCE(sh.started, READ_ONCE(sh.started) + 1);
	if (round == 0) {
		while (!READ_ONCE(sh.go))
			cpu_relax();
		add_counter(sh.iters);
	}
	/* Returning calls CPU_OFF (smp_cpu_exit). */
}

static bool wait_started(u32 want)
{
	u64 end = cnt_now() + cnt_ms_to_ticks(TIMEOUT_MS);

	while (READ_ONCE(sh.started) < want) {
		if (cnt_now() > end)
			return false;
		cpu_relax();
	}
	return true;
}

static void check_versions(void)
{
	s64 v;

	v = psci_version();
	test_check(v == PSCI_VERSION_1_1, "smp-psci-version",
		   "got=0x%llx want=0x%x", v, PSCI_VERSION_1_1);
	test_eq("smp-psci-features-cpu-on",
		psci_features(SMCCC_NATIVE(PSCI_CPU_ON_64)), 0);
	test_eq("smp-psci-features-unknown", psci_features(0x8400ffffu),
		PSCI_RET_NOT_SUPPORTED);
	/* QEMU's own PSCI (native runs) has no SMCCC_VERSION. */
	if (test_need_septum("smp-psci-features-smccc-version"))
		test_eq("smp-psci-features-smccc-version",
			psci_features(SMCCC_VERSION), 0);
	if (!test_need_septum("smp-smccc-version"))
		return;
	v = (s64)smccc_call0(SMCCC_VERSION).a0;
	test_check(v == SMCCC_VERSION_1_1, "smp-smccc-version",
		   "got=0x%llx want=0x%x", v, SMCCC_VERSION_1_1);
}

/* Starts vCPU 1 for a short round and waits until it is OFF again. */
static void restart_round(u64 mpidr1, u32 round)
{
	char name[40];
	s64 ret;

	con_snprintf(name, sizeof(name), "smp-restart-%u", round);
	if (!psci_wait_affinity(mpidr1, PSCI_AFF_OFF, TIMEOUT_MS)) {
		test_fail(name, "vcpu1 not OFF before CPU_ON");
		return;
	}
	ret = smp_cpu_on(mpidr1, 1, secondary, (void *)(uintptr_t)round);
	if (ret != PSCI_RET_SUCCESS) {
		test_fail(name, "CPU_ON=%lld", ret);
		return;
	}
	if (!wait_started(round + 1)) {
		test_fail(name, "vcpu1 did not run (started=%u)", sh.started);
		return;
	}
	test_check(psci_wait_affinity(mpidr1, PSCI_AFF_OFF, TIMEOUT_MS), name,
		   "AFFINITY_INFO=%lld after CPU_OFF", psci_affinity_info(mpidr1));
}

void guest_main(void)
{
	u64 mpidr[GUEST_MAX_CPUS], self = smp_mpidr();
	int ncpu = dt_cpus(mpidr, GUEST_MAX_CPUS);
	u64 absent = 0;
	s64 ret;

	sh.iters = dt_arg_u64_or("iters", 1000000);
	check_versions();
	if (!test_check(ncpu >= 2, "smp-dt-cpus", "ncpu=%d, need 2", ncpu))
		return;
	for (int i = 0; i < ncpu && i < GUEST_MAX_CPUS; i++)
		if (mpidr[i] >= absent)
			absent = mpidr[i] + 1;
	test_check(mpidr[0] == self, "smp-boot-mpidr", "MPIDR=0x%llx dt=0x%llx",
		   self, mpidr[0]);

	test_eq("smp-affinity-off-before", psci_affinity_info(mpidr[1]),
		PSCI_AFF_OFF);
	ret = smp_cpu_on(mpidr[1], 1, secondary, (void *)0);
	if (!test_eq("smp-cpu-on", ret, PSCI_RET_SUCCESS))
		return;
	test_check(psci_wait_affinity(mpidr[1], PSCI_AFF_ON, TIMEOUT_MS),
		   "smp-affinity-on", "AFFINITY_INFO=%lld",
		   psci_affinity_info(mpidr[1]));
	if (!test_check(wait_started(1), "smp-secondary-runs", "timeout"))
		return;
	test_check(sh.mpidr_seen == mpidr[1], "smp-secondary-mpidr",
		   "MPIDR=0x%llx want=0x%llx", sh.mpidr_seen, mpidr[1]);
	test_check(!(sh.sctlr_seen & 1), "smp-secondary-mmu-off",
		   "SCTLR_EL1=0x%llx", sh.sctlr_seen);

	test_eq("smp-cpu-on-already-on", psci_cpu_on(mpidr[1],
		(u64)(uintptr_t)guest_secondary_entry, 0), PSCI_RET_ALREADY_ON);
	test_eq("smp-cpu-on-self", psci_cpu_on(self,
		(u64)(uintptr_t)guest_secondary_entry, 0), PSCI_RET_ALREADY_ON);
	test_eq("smp-cpu-on-bad-mpidr", psci_cpu_on(absent,
		(u64)(uintptr_t)guest_secondary_entry, 0),
		PSCI_RET_INVALID_PARAMETERS);
	test_eq("smp-cpu-on-bad-mpidr-aff1", psci_cpu_on(0xff00,
		(u64)(uintptr_t)guest_secondary_entry, 0),
		PSCI_RET_INVALID_PARAMETERS);

	WRITE_ONCE(sh.go, 1);
	add_counter(sh.iters);
	test_check(psci_wait_affinity(mpidr[1], PSCI_AFF_OFF, 10 * TIMEOUT_MS),
		   "smp-cpu-off", "AFFINITY_INFO=%lld",
		   psci_affinity_info(mpidr[1]));
	test_check(sh.counter == 2 * sh.iters, "smp-spinlock-counter",
		   "counter=%llu want=%llu", sh.counter, 2 * sh.iters);

	for (u32 round = 1; round <= RESTARTS; round++)
		restart_round(mpidr[1], round);
}
