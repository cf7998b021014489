/* SPDX-License-Identifier: MIT */
/*
 * PSCI (Arm DEN0022) calls through the SMCCC conduit. Results are the
 * sign-extended x0 (PSCI_RET_* from <septum/psci.h>).
 */
#ifndef GUEST_PSCI_H
#define GUEST_PSCI_H

#include <guest/types.h>
#include <septum/psci.h>

s64 psci_version(void);
s64 psci_features(u32 fid);
s64 psci_cpu_on(u64 mpidr, u64 entry, u64 context_id);
s64 psci_affinity_info(u64 mpidr);
/* CPU_OFF returns only on failure; the result is its error code. */
s64 psci_cpu_off(void);
/* SYSTEM_OFF and SYSTEM_RESET return only on failure. */
s64 psci_system_off(void);
s64 psci_system_reset(void);

/* Polls AFFINITY_INFO(mpidr) until it equals state or timeout_ms passes. */
bool psci_wait_affinity(u64 mpidr, s64 state, u32 timeout_ms);

#endif /* GUEST_PSCI_H */
