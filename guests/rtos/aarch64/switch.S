/* SPDX-License-Identifier: MIT */
/*
 * The RTOS context switch. Called with IRQs masked, from a task (a
 * blocking call) or from the IRQ exit hook on an interrupted task's
 * stack. Only what the AAPCS64 makes the callee keep is saved (x19-x30),
 * plus ELR_EL1 and SPSR_EL1, which the IRQ vector's return (start.S,
 * irq_common) still needs when the task is switched back in. Guests are
 * built with -mgeneral-regs-only: there is no FP/SIMD state.
 *
 * Frame (struct switch_frame in kernel.c), 112 bytes from the saved SP:
 * x19..x28, x29, x30, ELR_EL1, SPSR_EL1.
 */
#define SWITCH_FRAME	112

	.text
	/* void rtos_ctx_switch(u64 *save_sp, u64 next_sp) */
	.global	rtos_ctx_switch
	.type	rtos_ctx_switch, %function
rtos_ctx_switch:
	sub	sp, sp, #SWITCH_FRAME
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	mrs	x9, elr_el1
	mrs	x10, spsr_el1
	stp	x9, x10, [sp, #96]
	mov	x9, sp
	str	x9, [x0]

	mov	sp, x1
	ldp	x9, x10, [sp, #96]
	msr	elr_el1, x9
	msr	spsr_el1, x10
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #SWITCH_FRAME
	ret
	.size	rtos_ctx_switch, . - rtos_ctx_switch

	/*
	 * A new task's first switch returns here (its frame's x30):
	 * x19 = fn, x20 = arg. Tasks run with IRQs unmasked.
	 */
	.global	rtos_task_entry
	.type	rtos_task_entry, %function
rtos_task_entry:
	mov	x29, xzr
	msr	daifclr, #2
	mov	x0, x20
	blr	x19
1:	wfe			/* task functions do not return */
	b	1b
	.size	rtos_task_entry, . - rtos_task_entry
