/* SPDX-License-Identifier: MIT */
/*
 * SMC Calling Convention (Arm DEN0028) calls from the guest: function ID in
 * x0, arguments in x1..x7, results in x0..x3.
 */
#ifndef GUEST_SMCCC_H
#define GUEST_SMCCC_H

#include <guest/types.h>
#include <septum/hvc.h>

struct smccc_res {
	u64 a0, a1, a2, a3;
};

enum smccc_conduit {
	SMCCC_CONDUIT_HVC,
	SMCCC_CONDUIT_SMC,
};

/* One call through the conduit chosen by smccc_set_conduit() (HVC at boot). */
struct smccc_res smccc_call(u64 fid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
			    u64 a6, u64 a7);

/* Calls through a fixed instruction: HVC #0, SMC #0 and HVC #1. */
struct smccc_res smccc_hvc(u64 fid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
			   u64 a6, u64 a7);
struct smccc_res smccc_smc(u64 fid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
			   u64 a6, u64 a7);
struct smccc_res smccc_hvc1(u64 fid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
			    u64 a6, u64 a7);

/* Selects the conduit for smccc_call(); called once at boot from the DT. */
void smccc_set_conduit(enum smccc_conduit c);
enum smccc_conduit smccc_conduit(void);

/* smccc_call() with only a function ID. */
static inline struct smccc_res smccc_call0(u64 fid)
{
	return smccc_call(fid, 0, 0, 0, 0, 0, 0, 0);
}

#endif /* GUEST_SMCCC_H */
