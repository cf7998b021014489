/* SPDX-License-Identifier: MIT */
/*
 * AArch32 EL1 guests under the AArch64 EL2: register banking, condition
 * checks, IT state and exception entry (arch/aarch32.h). Pure logic: it
 * is compiled into the host unit tests.
 */
#include <arch/aarch32.h>
#include <arch/esr.h>
#include <arch/vcpu.h>

#define X_NONE 31

/* The x register of r13 (SP) of each mode; r14 (LR) is the one before
 * it (Arm ARM D1.8.1): x13/x14 usr, x17/x16 irq, x19/x18 svc, x21/x20
 * abt, x23/x22 und, x29/x30 fiq (there LR is after SP). */
static unsigned sp_index(unsigned mode)
{
	switch (mode) {
	case PSR32_USR:
	case PSR32_SYS:
		return 13;
	case PSR32_IRQ:
		return 17;
	case PSR32_SVC:
		return 19;
	case PSR32_ABT:
		return 21;
	case PSR32_UND:
		return 23;
	case PSR32_FIQ:
		return 29;
	default:
		return X_NONE;   /* Monitor, Hyp: never an EL1 guest's mode */
	}
}

unsigned aarch32_lr_index(unsigned mode)
{
	switch (mode) {
	case PSR32_USR:
	case PSR32_SYS:
		return 14;
	case PSR32_FIQ:
		return 30;
	default: {
		unsigned sp = sp_index(mode);

		return sp == X_NONE ? X_NONE : sp - 1;
	}
	}
}

/* ConditionHolds() (Arm ARM, shared pseudocode) on the NZCV of cpsr. */
static bool cond_holds(unsigned cond, uint64_t cpsr)
{
	bool n = cpsr & BIT(31), z = cpsr & BIT(30), c = cpsr & BIT(29), v = cpsr & BIT(28);
	bool r;

	switch (cond >> 1) {
	case 0: r = z; break;
	case 1: r = c; break;
	case 2: r = n; break;
	case 3: r = v; break;
	case 4: r = c && !z; break;
	case 5: r = n == v; break;
	case 6: r = n == v && !z; break;
	default: return true;   /* AL, and 0b1111 */
	}
	return (cond & 1) ? !r : r;
}

/* The classes whose ISS has CV and COND (D17.2.37): WFx, the coprocessor
 * and VMRS traps, FP/SIMD access, SMC from AArch32. */
static bool has_cond(unsigned ec)
{
	return (ec >= 0x01 && ec <= 0x08) || ec == 0x0c || ec == EC_SMC32;
}

/* IT[7:0] of an AArch32 CPSR. */
static unsigned itstate(uint64_t cpsr)
{
	return (unsigned)(((cpsr >> 8) & 0xfc) | ((cpsr >> 25) & 3));
}

bool aarch32_cond_passed(uint32_t esr, uint64_t cpsr)
{
	uint32_t iss = ESR_ISS(esr);
	unsigned cond;

	if (!has_cond(ESR_EC(esr)))
		return true;
	if (iss & BIT(24)) {
		cond = (iss >> 20) & 0xf;
	} else {
		/* CV = 0: a Thumb instruction; outside an IT block it is
		 * unconditional, inside it has IT[7:4]. */
		unsigned it = itstate(cpsr);

		if (!(cpsr & PSR32_T) || !(it & 0xf))
			return true;
		cond = it >> 4;
	}
	return cond_holds(cond, cpsr);
}

uint64_t aarch32_it_advance(uint64_t cpsr)
{
	unsigned it = itstate(cpsr);

	if (!(cpsr & PSR32_T) || !(it & 0xf))
		return cpsr;
	/* ITAdvance(): IT[2:0] == 0 ends the block, else IT[4:0] shifts. */
	if ((it & 7) == 0)
		it = 0;
	else
		it = (it & 0xe0) | ((it << 1) & 0x1f);
	cpsr &= ~(PSR32_IT_HI | PSR32_IT_LO);
	return cpsr | ((uint64_t)(it & 0xfc) << 8) | ((uint64_t)(it & 3) << 25);
}

struct aarch32_entry aarch32_enter_mode(uint64_t cpsr, uint64_t pc, unsigned mode,
					unsigned vect, unsigned lr_arm, unsigned lr_thumb,
					uint64_t sctlr, uint64_t vbar)
{
	struct aarch32_entry e;
	/* Kept: NZCVQ, GE, DIT, PAN unless set below; cleared: IT, T, J, E,
	 * SS, IL, the mode (AArch32.EnterMode()). */
	uint64_t keep = 0xf80f0000ull | PSR32_A | PSR32_I | PSR32_F | PSR32_PAN;

	e.lr = (pc + ((cpsr & PSR32_T) ? lr_thumb : lr_arm)) & 0xffffffffull;
	e.cpsr = (cpsr & keep) | mode | PSR32_I;
	if (mode == PSR32_ABT || mode == PSR32_IRQ || mode == PSR32_FIQ)
		e.cpsr |= PSR32_A;
	if (mode == PSR32_FIQ)
		e.cpsr |= PSR32_F;
	if (sctlr & SCTLR32_TE)
		e.cpsr |= PSR32_T;
	if (sctlr & SCTLR32_EE)
		e.cpsr |= PSR32_E;
	if (!(sctlr & SCTLR32_SPAN))
		e.cpsr |= PSR32_PAN;
	e.cpsr &= ~PSR32_SSBS;
	if (sctlr & SCTLR32_DSSBS)
		e.cpsr |= PSR32_SSBS;
	/* ExcVectorBase(): the high vectors with SCTLR.V, else VBAR[31:5]. */
	e.pc = ((sctlr & SCTLR32_V) ? 0xffff0000ull : (vbar & 0xffffffe0ull)) + vect;
	return e;
}

uint32_t aarch32_fsr_external(bool long_format, bool write)
{
	uint32_t fsr = long_format ? (0x10u | BIT(9)) : 0x08u;

	return write ? fsr | BIT(11) : fsr;
}

void arch_vcpu_skip32(struct arch_vcpu *a)
{
	a->regs.pstate = aarch32_it_advance(a->regs.pstate);
}
