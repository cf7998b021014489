/* SPDX-License-Identifier: MIT */
/* SMCCC calls from guests (HVC #0, or a trapped SMC #0). */
#ifndef SEPTUM_HVC_EMU_H
#define SEPTUM_HVC_EMU_H

#include "vm.h"

struct smccc_args {
	uint32_t fid;
	uint64_t a[8];   /* a[1]..a[7] = x1..x7 (a[0] unused) */
};

struct smccc_res {
	int64_t r[4];    /* x0..x3 */
	unsigned nres;   /* how many of r[] to write back (x0 always) */
};

/* Decides the result of one call. Pure apart from the effects it applies
 * through psci_call and vm_* (stopping or restarting the VM). */
void hvc_call(struct vcpu *v, const struct smccc_args *in, struct smccc_res *out);

/*
 * The calls that change nothing of the calling vCPU but its result
 * registers: SMCCC_VERSION, Septum's queries of fixed facts (NOP,
 * VM_INFO, VM_STATS) and DOORBELL (its effect is work posted to the peer
 * VM and a kick of the peer's CPU); Septum's in their SMC64 form from
 * AArch64, their SMC32 form from AArch32. a1 is the caller's x1 (r1). Fills out and returns true for one of
 * them, else false (out undefined, nothing done). An architecture may
 * answer these straight from its exception vector without the exit's
 * vGIC and timer work: the caller's state is as if it had not exited, and
 * work posted for it meanwhile comes with a kick, an interrupt taken at
 * the ERET (a kick of its own CPU too, on a scheduled CPU).
 */
bool hvc_fast(struct vcpu *v, uint32_t fid, uint64_t a1, struct smccc_res *out);

#endif /* SEPTUM_HVC_EMU_H */
