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

/* x2..x18 and x30 into the frame at SP: with x0, x1, what C code may
 * clobber (AAPCS64: x19..x29 are the callee's to keep). */
.macro save_caller
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	str	x18, [sp, #8 * 18]
	str	x30, [sp, #8 * 30]
.endm

/* The rest of the frame at SP after save_caller: x19..x29, ELR_EL2,
 * SPSR_EL2; x0 = frame; switch to this CPU's stack. */
.macro save_callee
	str	x19, [sp, #8 * 19]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	str	x0, [sp, #REGS_PC]
	str	x1, [sp, #REGS_PSTATE]
	mov	x0, sp
	mrs	x1, tpidr_el2
	ldr	x1, [x1]
	mov	sp, x1
	mov	x29, xzr
.endm

/* Save x2..x30, ELR_EL2, SPSR_EL2 into the frame at SP (x0, x1 are
 * there); x0 = frame; switch to this CPU's stack. */
.macro save_rest
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

/* Save x0..x30, ELR_EL2, SPSR_EL2 into the frame at SP; x0 = frame;
 * switch to this CPU's stack. */
.macro save_guest
	stp	x0, x1, [sp, #16 * 0]
	save_rest
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

/*
 * The short path: with x0, x1 saved (x1 = the handler's second argument,
 * ESR_EL2 for a trap), saves what C may clobber and calls \fn(frame, x1)
 * on the CPU's stack. Its answer (enum fast, trap.c): 1 reload x0..x18,
 * x30 and ERET; 2 complete the frame and go to \tail (the exit's tail);
 * 0 complete it and go to \full (the full exit).
 */
.macro fast_call fn, full, tail
	save_caller
	mov	x0, sp
	mrs	x2, tpidr_el2
	ldr	x2, [x2]
	mov	sp, x2
	str	x0, [sp, #-16]!
	bl	\fn
	ldr	x1, [sp], #16
	mov	sp, x1
	cbz	w0, \full
	cmp	w0, #1
	b.ne	\tail
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldr	x18, [sp, #8 * 18]
	ldr	x30, [sp, #8 * 30]
	eret
	dsb	nsh
	isb
.endm

/*
 * An HVC or a trapped system register access from AArch64 (EC 0x16,
 * 0x18) first tries arch_guest_sync_fast (hypercalls without effect on
 * the caller, SGIs), a data abort (EC 0x24) arch_guest_abort_fast (the
 * vGIC's frames), saving only what C may clobber: one entry, a few
 * stores and loads, one ERET. If it did not handle the trap, or the vCPU
 * has work of its own after it, the frame is completed and the full exit
 * (arch_guest_sync) or its tail (arch_guest_exit_tail) runs. ELR_EL2 and
 * SPSR_EL2 stay live throughout (EL2 takes no exception).
 */
guest_sync:
	stp	x0, x1, [sp, #16 * 0]
	mrs	x0, esr_el2
	lsr	x1, x0, #26
	tbnz	x0, #31, 1f		/* EC >= 0x20: aborts and the rest */
	cmp	x1, #0x16
	ccmp	x1, #0x18, #4, ne
	b.ne	sync_all
	mov	x1, x0
	fast_call arch_guest_sync_fast, sync_full, sync_tail
1:	cmp	x1, #0x24
	b.ne	sync_all
	mov	x1, x0
	fast_call arch_guest_abort_fast, sync_full, sync_tail
sync_tail:
	save_callee
	bl	arch_guest_exit_tail
	b	arch_vcpu_enter
sync_full:
	save_callee
	bl	arch_guest_sync
	b	arch_vcpu_enter
sync_all:
	save_rest
	bl	arch_guest_sync
	b	arch_vcpu_enter

guest_sync32:
	save_guest
	bl	arch_guest_sync32
	b	arch_vcpu_enter

/*
 * An interrupt: arch_guest_irq_fast first, on the registers C may clobber
 * (as guest_sync's short path): a forwarded interrupt into a free list
 * register, a kick or maintenance interrupt that only refills them, then
 * ERET. Otherwise the frame is completed and the full exit
 * (arch_guest_irq) or its tail runs.
 */
guest_irq:
	stp	x0, x1, [sp, #16 * 0]
	fast_call arch_guest_irq_fast, irq_full, irq_tail
irq_tail:
	save_callee
	bl	arch_guest_exit_tail
	b	arch_vcpu_enter
irq_full:
	save_callee
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
