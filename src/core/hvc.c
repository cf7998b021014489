/* SPDX-License-Identifier: MIT */
/*
 * SMC Calling Convention dispatch (DEN0028, v1.1): Arm architecture
 * calls, PSCI (standard service) and Septum's own vendor hypervisor calls.
 * Anything else returns NOT_SUPPORTED and changes nothing.
 */
#include <septum/hvc.h>

#include "arch.h"
#include "channel.h"
#include "console.h"
#include "health.h"
#include "hvc.h"
#include "psci.h"
#include "smmu.h"
#include "vm.h"

#define SMCCC_OWNER(fid)   (((fid) >> SMCCC_OWNER_SHIFT) & SMCCC_OWNER_MASK)
#define SMCCC_FN(fid)      ((fid) & 0xffffu)
/* Bits [23:16] of a fast call's ID must be zero (DEN0028 2.5). */
#define SMCCC_RSVD_MASK    0x00ff0000u

static int64_t arch_call(uint32_t fid, const struct smccc_args *in)
{
	switch (fid) {
	case SMCCC_VERSION:
		return SMCCC_VERSION_1_1;
	case SMCCC_ARCH_FEATURES:
		switch ((uint32_t)in->a[1]) {
		case SMCCC_VERSION:
		case SMCCC_ARCH_FEATURES:
			return SMCCC_RET_SUCCESS;
		default:
			return SMCCC_RET_NOT_SUPPORTED;
		}
	default:
		return SMCCC_RET_NOT_SUPPORTED;
	}
}

/* The bytes come 8 to a register, or 4 from AArch32 (32-bit registers). */
static int64_t console_write(struct vcpu *v, const struct smccc_args *in)
{
	char buf[SEPTUM_CONSOLE_CHUNK];
	uint64_t len = in->a[1];
	unsigned per = arch_vcpu_aarch32(&v->arch) ? 4 : 8;

	if (len > 6 * per)
		return SEPTUM_E_INVAL;
	for (unsigned i = 0; i < len; i++)
		buf[i] = (char)(in->a[2 + i / per] >> (8 * (i % per)));
	console_vm_write(v->vm, buf, len);
	return SEPTUM_OK;
}

/* Septum's calls that only read the VM's fixed facts: no effect, nothing
 * but out changes (hvc_fast may answer them without a full exit). */
static bool query_call(const struct vcpu *v, uint32_t fid, struct smccc_res *out)
{
	const struct vm *vm = v->vm;

	switch (fid) {
	case SEPTUM_HC_CALL_UID:
		out->r[0] = SEPTUM_UID_0;
		out->r[1] = SEPTUM_UID_1;
		out->r[2] = SEPTUM_UID_2;
		out->r[3] = SEPTUM_UID_3;
		out->nres = 4;
		return true;
	case SEPTUM_HC_CALL_COUNT:
		out->r[0] = SEPTUM_HC_COUNT;
		return true;
	case SEPTUM_HC_REVISION:
		out->r[0] = SEPTUM_REVISION_MAJOR;
		out->r[1] = SEPTUM_REVISION_MINOR;
		out->nres = 2;
		return true;
	case SEPTUM_HC_NOP:
		out->r[0] = SEPTUM_OK;
		return true;
	case SEPTUM_HC_VM_INFO:
		out->r[0] = SEPTUM_OK;
		out->r[1] = vm->id;
		out->r[2] = v->idx;
		out->r[3] = vm->nvcpus;
		out->nres = 4;
		return true;
	case SEPTUM_HC_VM_STATS:
		out->r[0] = SEPTUM_OK;
		out->r[1] = (int64_t)vm->faults;
		out->r[2] = (int64_t)vm->starts;
		out->r[3] = (int64_t)smmu_faults(vm);
		out->nres = 4;
		return true;
	default:
		return false;
	}
}

/* Septum's own calls (from AArch32 in their SMC32 form, renamed by
 * smc32_call()). */
static void vendor_call(struct vcpu *v, uint32_t fid, const struct smccc_args *in,
			struct smccc_res *out)
{
	if (query_call(v, fid, out))
		return;
	switch (fid) {
	case SEPTUM_HC_CONSOLE_WRITE:
		out->r[0] = console_write(v, in);
		return;
	case SEPTUM_HC_DOORBELL:
		out->r[0] = channel_ring(v, in->a[1]);
		return;
	case SEPTUM_HC_WDOG_KICK:
		out->r[0] = wdog_kick(v);
		return;
	case SEPTUM_HC_HEALTH:
		out->r[0] = health_query(v, in->a[1], in->a[2], &out->r[1]);
		out->nres = out->r[0] == SEPTUM_OK ? 4 : 1;
		return;
	default:
		out->r[0] = SMCCC_RET_NOT_SUPPORTED;
		return;
	}
}

static void psci(struct vcpu *v, uint32_t fid, const struct smccc_args *in,
		 struct smccc_res *out)
{
	struct psci_effect eff;

	out->r[0] = psci_call(v, fid, in->a[1], in->a[2], in->a[3], &eff);
	switch (eff.action) {
	case PSCI_ACT_WAKE:
		vm_kick(eff.target);
		break;
	case PSCI_ACT_SYSTEM_OFF:
		health_fail(v->vm, v, HEALTH_POWEROFF, NULL);
		break;
	case PSCI_ACT_SYSTEM_RESET:
		health_reset(v->vm, v);
		break;
	case PSCI_ACT_NONE:
		break;
	}
}

/*
 * An SMC32 call: only the low 32 bits of each argument count (DEN0028
 * 3.1). Septum's own calls come in it from AArch32 (SEPTUM_HC32; their
 * general queries, 0xff00 up, are SMC32 for both widths): returns their
 * SMC64 name for vendor_call(); from AArch64 that form is no call.
 */
static uint32_t smc32_call(const struct vcpu *v, uint32_t fid, struct smccc_args *args)
{
	for (unsigned i = 1; i < 8; i++)
		args->a[i] = (uint32_t)args->a[i];
	if (SMCCC_OWNER(fid) == SMCCC_OWNER_VENDOR_HYP && SMCCC_FN(fid) < 0xff00 &&
	    arch_vcpu_aarch32(&v->arch))
		fid |= SMCCC_SMC64;
	return fid;
}

void hvc_call(struct vcpu *v, const struct smccc_args *in, struct smccc_res *out)
{
	uint32_t fid = in->fid;
	struct smccc_args args = *in;

	out->nres = 1;
	out->r[0] = SMCCC_RET_NOT_SUPPORTED;
	if (!(fid & SMCCC_FAST_CALL) || (fid & SMCCC_RSVD_MASK))
		return;
	/* From AArch32 (32-bit registers) no SMC64 call exists (2.5). */
	if (!(fid & SMCCC_SMC64))
		fid = smc32_call(v, fid, &args);
	else if (arch_vcpu_aarch32(&v->arch))
		return;
	switch (SMCCC_OWNER(fid)) {
	case SMCCC_OWNER_ARCH:
		out->r[0] = arch_call(fid, &args);
		break;
	case SMCCC_OWNER_STANDARD:
		if (psci_is_call(fid))
			psci(v, fid, &args, out);
		break;
	case SMCCC_OWNER_VENDOR_HYP:
		vendor_call(v, fid, &args, out);
		break;
	default:
		break;
	}
}

bool hvc_fast(struct vcpu *v, uint32_t fid, uint64_t a1, struct smccc_res *out)
{
	out->nres = 1;
	if (fid == SMCCC_VERSION) {
		out->r[0] = SMCCC_VERSION_1_1;
		return true;
	}
	/* Septum's calls in their SMC64 form from AArch64, their SMC32 form
	 * from AArch32 (renamed as smc32_call() does; the general queries,
	 * 0xff00 up, are SMC32 IDs for both and take the full path). */
	if (arch_vcpu_aarch32(&v->arch)) {
		if ((fid & SMCCC_SMC64) || SMCCC_OWNER(fid) != SMCCC_OWNER_VENDOR_HYP ||
		    SMCCC_FN(fid) >= 0xff00)
			return false;
		fid |= SMCCC_SMC64;
		a1 = (uint32_t)a1;
	} else if (!(fid & SMCCC_SMC64)) {
		return false;
	}
	/* The peer is another VM: a channel naming its own VM has no peer
	 * end (channel_init_vm), so nothing is posted to the caller's. */
	if (fid == SEPTUM_HC_DOORBELL) {
		out->r[0] = channel_ring(v, a1);
		return true;
	}
	return query_call(v, fid, out);
}
