/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors (Arm ARM D1.10.2, "Exception vectors"). Thin: save
 * the guest's registers into its trap frame and call one C function per
 * vector (trap.c). While a guest runs, SP_EL2 points at its struct
 * arch_regs, so saving needs no scratch register; the C code runs on the
 * CPU's own stack, whose top is the first word of struct cpu (TPIDR_EL2).
 */
#include "asm.h"

.macro ventry target
	.align 7
	b	\target
.endm

/* Save x0..x30, ELR_EL2, SPSR_EL2 into the frame at SP; x0 = frame;
 * switch to this CPU's stack. */
.macro save_guest
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x30, x0, [sp, #16 * 15]
	str	x1, [sp, #REGS_PSTATE]
	mov	x0, sp
	mrs	x1, tpidr_el2
	ldr	x1, [x1]
	mov	sp, x1
	mov	x29, xzr
.endm

/* Exceptions taken while at EL2 are bugs in Septum: save a frame on the
 * current stack and report. */
.macro hyp_fault kind
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x29, x30, [sp, #16 * 14]
	mrs	x0, elr_el2
	str	x0, [sp, #REGS_PC]
	mov	x0, sp
	mov	x1, #\kind
	b	arch_hyp_exception
.endm

	.text
	.align 11
	.globl el2_vectors
el2_vectors:
	ventry	hyp_sync_sp0		/* current EL, SP_EL0 */
	ventry	hyp_irq_sp0
	ventry	hyp_fiq_sp0
	ventry	hyp_serror_sp0
	ventry	hyp_sync		/* current EL, SP_ELx */
	ventry	hyp_irq
	ventry	hyp_fiq
	ventry	hyp_serror
	ventry	guest_sync		/* lower EL, AArch64 */
	ventry	guest_irq
	ventry	guest_irq		/* FIQ: handled like IRQ */
	ventry	guest_serror
	ventry	guest_sync32		/* lower EL, AArch32: an AArch32 EL1 */
	ventry	guest_irq
	ventry	guest_irq
	ventry	guest_serror

hyp_sync_sp0:	hyp_fault 0
hyp_irq_sp0:	hyp_fault 1
hyp_fiq_sp0:	hyp_fault 2
hyp_serror_sp0:	hyp_fault 3
hyp_sync:	hyp_fault 0
hyp_irq:	hyp_fault 1
hyp_fiq:	hyp_fault 2
hyp_serror:	hyp_fault 3

guest_sync:
	save_guest
	bl	arch_guest_sync
	b	arch_vcpu_enter

guest_sync32:
	save_guest
	bl	arch_guest_sync32
	b	arch_vcpu_enter

guest_irq:
	save_guest
	bl	arch_guest_irq
	b	arch_vcpu_enter

guest_serror:
	save_guest
	bl	arch_guest_serror
	b	arch_vcpu_enter

/*
 * void arch_vcpu_enter(struct arch_regs *regs) __noreturn
 * Restores the guest's registers from regs and ERETs. SP_EL2 stays at
 * regs, ready for the next exception.
 */
	.globl arch_vcpu_enter
arch_vcpu_enter:
	mov	sp, x0
	ldp	x30, x0, [sp, #16 * 15]
	ldr	x1, [sp, #REGS_PSTATE]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	eret
	dsb	nsh
	isb
