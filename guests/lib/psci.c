/* SPDX-License-Identifier: MIT */
/* PSCI 1.1 calls (Arm DEN0022D, chapter 5). */
#include <guest/cnt.h>
#include <guest/psci.h>
#include <guest/smccc.h>

static s64 psci_call(u32 fid, u64 a1, u64 a2, u64 a3)
{
	return (s64)smccc_call(fid, a1, a2, a3, 0, 0, 0, 0).a0;
}

s64 psci_version(void)
{
	return psci_call(PSCI_VERSION, 0, 0, 0);
}

s64 psci_features(u32 fid)
{
	return psci_call(PSCI_FEATURES, fid, 0, 0);
}

s64 psci_cpu_on(u64 mpidr, u64 entry, u64 context_id)
{
	return psci_call(SMCCC_NATIVE(PSCI_CPU_ON_64), mpidr, entry, context_id);
}

s64 psci_affinity_info(u64 mpidr)
{
	return psci_call(SMCCC_NATIVE(PSCI_AFFINITY_INFO_64), mpidr, 0, 0);
}

s64 psci_cpu_off(void)
{
	return psci_call(PSCI_CPU_OFF, 0, 0, 0);
}

s64 psci_system_off(void)
{
	return psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
}

s64 psci_system_reset(void)
{
	return psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
}

bool psci_wait_affinity(u64 mpidr, s64 state, u32 timeout_ms)
{
	u64 end = cnt_now() + cnt_ms_to_ticks(timeout_ms);

	do {
		if (psci_affinity_info(mpidr) == state)
			return true;
		cpu_relax();
	} while (cnt_now() < end);
	return psci_affinity_info(mpidr) == state;
}
