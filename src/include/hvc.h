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

#endif /* SEPTUM_HVC_EMU_H */
