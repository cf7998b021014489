/* SPDX-License-Identifier: MIT */
/*
 * HYP mode exception vectors (Arm ARM DDI 0406C.d, B1.8.1, table B1-3
 * "The Hyp mode vector table"). Thin: save the guest's registers into its
 * trap frame and call one C function per kind (trap.c). While a guest
 * runs, SP_hyp points at its struct arch_regs, so saving needs no scratch
 * register; the C code runs on the CPU's own stack, whose top is the
 * first word of struct cpu (HTPIDR). HYP mode's r14 is LR_usr, the
 * guest's: saved in the frame like r0..r12.
 */
#include "asm.h"

	.syntax	unified
	.arm
	.arch_extension virt

/* Save r0..r12, LR_usr, ELR_hyp, SPSR_hyp into the frame at SP; r0 =
 * frame; switch to this CPU's stack. */
.macro save_guest
	stmia	sp, {r0-r12, lr}
	mrs	r0, elr_hyp
	mrs	r1, spsr
	add	r2, sp, #REGS_PC
	stmia	r2, {r0, r1}
	mov	r0, sp
	mrc	p15, 4, r1, c13, c0, 2	/* HTPIDR: struct cpu */
	ldr	sp, [r1]
	mov	fp, #0
.endm

/* Exceptions taken in HYP mode are bugs in Septum: save a frame on the
 * current stack and report. */
.macro hyp_fault kind
	sub	sp, sp, #REGS_SIZE
	stmia	sp, {r0-r12, lr}
	mrs	r0, elr_hyp
	str	r0, [sp, #REGS_PC]
	mov	r0, sp
	mov	r1, #\kind
	b	arch_hyp_exception
.endm

	.text
	.align	5
	.globl hyp_vectors
hyp_vectors:
	b	hyp_reset		/* 0x00: not used */
	b	hyp_undef		/* 0x04: undefined instruction in HYP */
	b	hyp_call		/* 0x08: HVC in HYP */
	b	hyp_pabt		/* 0x0c: prefetch abort in HYP */
	b	hyp_dabt		/* 0x10: data abort in HYP */
	b	guest_trap		/* 0x14: Hyp trap: from the guest */
	b	guest_irq		/* 0x18: IRQ */
	b	guest_irq		/* 0x1c: FIQ, handled like IRQ */

hyp_reset:	hyp_fault 0
hyp_undef:	hyp_fault 1
hyp_call:	hyp_fault 2
hyp_pabt:	hyp_fault 3
hyp_dabt:	hyp_fault 4

guest_trap:
	save_guest
	bl	arch_guest_trap
	b	arch_vcpu_enter

guest_irq:
	save_guest
	bl	arch_guest_irq
	b	arch_vcpu_enter

/*
 * void arch_vcpu_enter(struct arch_regs *regs) __noreturn
 * Restores the guest's registers from regs and ERETs. SP_hyp stays at
 * regs, ready for the next exception.
 */
	.globl arch_vcpu_enter
arch_vcpu_enter:
	mov	sp, r0
	add	r1, sp, #REGS_PC
	ldmia	r1, {r2, r3}
	msr	elr_hyp, r2
	msr	spsr_cxsf, r3
	ldmia	sp, {r0-r12, lr}
	eret
