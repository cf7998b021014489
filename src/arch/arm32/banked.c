/* SPDX-License-Identifier: MIT */
/*
 * The guest's banked registers, through the virtualization extensions'
 * banked MRS/MSR (Arm ARM DDI 0406C.d, B9.3.9 "MRS (Banked register)",
 * B9.3.10 "MSR (Banked register)"): HYP mode reads and writes another
 * mode's SP, LR and SPSR without switching to it.
 */
#include <arch/sysreg.h>
#include <arch/vcpu.h>

#include "arch.h"

void arch_banked_save(struct arch_banked *b);
void arch_banked_restore(const struct arch_banked *b);

#define BANKED(X) \
	X(sp_usr) X(sp_svc) X(lr_svc) X(spsr_svc) X(sp_abt) X(lr_abt) X(spsr_abt) \
	X(sp_und) X(lr_und) X(spsr_und) X(sp_irq) X(lr_irq) X(spsr_irq) \
	X(r8_fiq) X(r9_fiq) X(r10_fiq) X(r11_fiq) X(r12_fiq) X(sp_fiq) X(lr_fiq) X(spsr_fiq)

#define MRS(r) ({ uint32_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define MSR(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint32_t)(v)) : "memory")

/* Saves the guest's banked registers (its vCPU is being put). */
void arch_banked_save(struct arch_banked *b)
{
#define SAVE(r) b->r = MRS(r);
	BANKED(SAVE)
#undef SAVE
}

/* Loads them (its vCPU is being loaded). */
void arch_banked_restore(const struct arch_banked *b)
{
#define LOAD(r) MSR(r, b->r);
	BANKED(LOAD)
#undef LOAD
}

uint32_t arch_banked_get(uint32_t cpsr, unsigned n)
{
	bool sp = n == 13;

	switch (cpsr & PSR_MODE_MASK) {
	case PSR_MODE_USR:
	case PSR_MODE_SYS:
		return sp ? MRS(sp_usr) : 0;   /* LR_usr is in the frame */
	case PSR_MODE_SVC:
		return sp ? MRS(sp_svc) : MRS(lr_svc);
	case PSR_MODE_ABT:
		return sp ? MRS(sp_abt) : MRS(lr_abt);
	case PSR_MODE_UND:
		return sp ? MRS(sp_und) : MRS(lr_und);
	case PSR_MODE_IRQ:
		return sp ? MRS(sp_irq) : MRS(lr_irq);
	case PSR_MODE_FIQ:
		return sp ? MRS(sp_fiq) : MRS(lr_fiq);
	default:
		return 0;
	}
}

void arch_banked_set(uint32_t cpsr, unsigned n, uint32_t v)
{
	bool sp = n == 13;

	switch (cpsr & PSR_MODE_MASK) {
	case PSR_MODE_USR:
	case PSR_MODE_SYS:
		if (sp)
			MSR(sp_usr, v);
		break;
	case PSR_MODE_SVC:
		if (sp) MSR(sp_svc, v); else MSR(lr_svc, v);
		break;
	case PSR_MODE_ABT:
		if (sp) MSR(sp_abt, v); else MSR(lr_abt, v);
		break;
	case PSR_MODE_UND:
		if (sp) MSR(sp_und, v); else MSR(lr_und, v);
		break;
	case PSR_MODE_IRQ:
		if (sp) MSR(sp_irq, v); else MSR(lr_irq, v);
		break;
	case PSR_MODE_FIQ:
		if (sp) MSR(sp_fiq, v); else MSR(lr_fiq, v);
		break;
	default:
		break;
	}
}
