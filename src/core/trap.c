/* SPDX-License-Identifier: MIT */
/* What Septum does when a guest traps (the policy; arch decodes). */
#include <septum/hvc.h>

#include "arch.h"
#include "console.h"
#include "hvc.h"
#include "vcpu.h"
#include "virq.h"

static void smccc(struct vcpu *v, const struct trap_info *t)
{
	struct smccc_args in;
	struct smccc_res out;

	/* SMCCC: HVC #0 / SMC #0 only; any other immediate is not a call
	 * we know (DEN0028 2.6). */
	if (t->call.imm != 0) {
		arch_vcpu_set_reg(&v->arch, 0, (uint64_t)SMCCC_RET_NOT_SUPPORTED);
		return;
	}
	uint64_t starts = v->vm->starts;

	in.fid = (uint32_t)arch_vcpu_get_reg(&v->arch, 0);
	for (unsigned i = 1; i < 8; i++)
		in.a[i] = arch_vcpu_get_reg(&v->arch, i);
	hvc_call(v, &in, &out);
	/* A call that restarted the VM leaves the vCPU in its boot state. */
	if (v->vm->starts != starts)
		return;
	for (unsigned i = 0; i < out.nres; i++)
		arch_vcpu_set_reg(&v->arch, i, (uint64_t)out.r[i]);
}

/* Trapped system registers: RAZ/WI for the PMU (MDCR_EL2.TPM) and the
 * auxiliary control register (HCR_EL2.TACR); everything else is UNDEFINED
 * to the guest. Returns false for the latter. */
static bool sysreg(struct vcpu *v, const struct trap_info *t)
{
	const typeof(t->sysreg) *s = &t->sysreg;
	bool pmu = s->op0 == 3 && ((s->crn == 9 && s->crm >= 12) ||
				   (s->crn == 14 && s->op1 == 3 && s->crm >= 8));
	bool actlr = s->op0 == 3 && s->op1 == 0 && s->crn == 1 && s->crm == 0 &&
		     s->op2 == 1;

	/* ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 (op0 3, op1 0, CRn 12, CRm 11, op2 5/6)
	 * trap with HCR_EL2.IMO (IHI 0069 12.2.22): SGIs within the VM. The
	 * Group 0 ICC_SGI0R_EL1 (op2 7) sends nothing: the VM's GIC has
	 * Group 1 only. */
	if (s->op0 == 3 && s->op1 == 0 && s->crn == 12 && s->crm == 11 &&
	    s->op2 >= 5 && !s->read) {
		if (s->op2 != 7 &&
		    !vgic_vm_sgi1r(v, arch_vcpu_get_reg(&v->arch, s->reg)))
			return false;
		return true;
	}
	if (!pmu && !actlr)
		return false;
	if (s->read)
		arch_vcpu_set_reg(&v->arch, s->reg, 0);
	return true;
}

static void stage2_abort(struct vcpu *v, const struct trap_info *t)
{
	struct vm *vm = v->vm;
	enum vmmio_result r = vmmio_emulate(&vm->mmio, v, t);

	if (r == VMMIO_DONE)
		return;
	vm->faults++;
	if (!vm->fault_reported) {
		vm->fault_reported = true;
		log_info("vm %s vcpu %u: %s %s at IPA %#lx (pc %#lx): "
			 "%s; external abort injected (further faults counted, not shown)",
			 vm->cfg->name, v->idx, t->kind == TRAP_DABT ? "data" : "instruction",
			 t->kind == TRAP_DABT ? (t->abort.write ? "write" : "read") : "fetch",
			 t->abort.ipa, arch_vcpu_pc(&v->arch),
			 r == VMMIO_FAULT ? "access refused by the emulated device" :
			 t->abort.fault == FAULT_PERMISSION ? "memory it may only read "
							      "(e.g. a channel's peer half)" :
							      "outside its memory");
	}
	arch_vcpu_inject_abort(&v->arch, t);
}

void trap_handle(struct vcpu *v, const struct trap_info *t)
{
	switch (t->kind) {
	case TRAP_HVC:
		smccc(v, t);
		return;
	case TRAP_SMC:
		arch_vcpu_skip_insn(&v->arch, t->insn_len);
		smccc(v, t);
		return;
	case TRAP_DABT:
	case TRAP_IABT:
		stage2_abort(v, t);
		return;
	case TRAP_SYSREG:
		if (sysreg(v, t))
			arch_vcpu_skip_insn(&v->arch, t->insn_len);
		else
			arch_vcpu_inject_undef(&v->arch);
		return;
	case TRAP_WFX:
		arch_vcpu_skip_insn(&v->arch, t->insn_len);
		return;
	case TRAP_FP:
	case TRAP_UNKNOWN:
		arch_vcpu_inject_undef(&v->arch);
		return;
	}
}
