/* SPDX-License-Identifier: MIT */
/*
 * SMC Calling Convention (Arm DEN0028) calls from the guest: function ID in
 * x0 (AArch32: r0), arguments in x1..x7, results in x0..x3. From AArch32
 * the registers are 32 bits wide: arguments are truncated to them and
 * results sign-extended (so that error codes compare as s64 on both).
 */
#ifndef GUEST_SMCCC_H
#define GUEST_SMCCC_H

#include <guest/types.h>
#include <septum/hvc.h>

/* Bytes per argument register: 8 from AArch64, 4 from AArch32. */
#define SMCCC_REG_BYTES		sizeof(uintptr_t)

/*
 * A function ID of the SMC64 convention as this guest calls it: unchanged
 * from AArch64; its SMC32 form (bit 30 clear) from AArch32, which has no
 * SMC64 calls (DEN0028 2.5). Septum's own calls and PSCI's CPU_ON and
 * AFFINITY_INFO go through this.
 */
#define SMCCC_NATIVE(fid)	(SMCCC_REG_BYTES == 8 ? (u32)(fid) :	\
				 (u32)(fid) & ~SMCCC_SMC64)
/* ... and the form of the other width (an unknown call for this guest). */
#define SMCCC_OTHER(fid)	(SMCCC_NATIVE(fid) ^ SMCCC_SMC64)

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
