/* SPDX-License-Identifier: MIT */
/* What Septum does when a guest traps (the policy; arch decodes). */
#include <septum/hvc.h>

#include "arch.h"
#include "console.h"
#include "hvc.h"
#include "cpu.h"
#include "vsched.h"
#include "trap.h"
#include "vm.h"
#include "vgic_vm.h"

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

/* The value a trapped register write carries: one register, or (pair)
 * bits 31:0 and 63:32 in two. */
static uint64_t sysreg_value(struct vcpu *v, const struct trap_sysreg_access *s)
{
	uint64_t lo = arch_vcpu_get_reg(&v->arch, s->reg);

	if (!s->pair)
		return lo;
	return (arch_vcpu_get_reg(&v->arch, s->reg2) << 32) | (uint32_t)lo;
}

/* Trapped system registers: a CPU ID register reads as the VM's view of
 * it (arch_vcpu_id_reg; they are read-only); RAZ/WI for the auxiliary
 * control register (HCR_EL2.TACR); SGIs within the VM from the
 * GIC CPU interface (trapped with HCR_EL2.IMO), of which Group 0 sends
 * nothing (the VM's GIC has Group 1 only); everything else is UNDEFINED to
 * the guest. Returns false for the latter. */
static bool sysreg(struct vcpu *v, const struct trap_info *t)
{
	const struct trap_sysreg_access *s = &t->sysreg;

	switch (s->which) {
	case SYSREG_GIC_SGI1:
		return !s->read && vgic_vm_sgi1r(v, sysreg_value(v, s));
	case SYSREG_GIC_SGI0:
		return !s->read;
	case SYSREG_ID:
		if (s->read)
			arch_vcpu_set_reg(&v->arch, s->reg, arch_vcpu_id_reg(&v->arch, s->id));
		return s->read;
	case SYSREG_IMPDEF_CTRL:
		if (s->read)
			arch_vcpu_set_reg(&v->arch, s->reg, 0);
		return true;
	default:
		return false;
	}
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
		/* Only WFI traps, and only on a scheduled CPU (vsched.h). */
		arch_vcpu_skip_insn(&v->arch, t->insn_len);
		if (!t->wfx.wfe)
			sched_wfi(v);
		return;
	case TRAP_FP:
	case TRAP_UNKNOWN:
		arch_vcpu_inject_undef(&v->arch);
		return;
	case TRAP_IRQ:
	case TRAP_SERROR:
		return;  /* not the guest's doing: vcpu_exit() */
	}
}
