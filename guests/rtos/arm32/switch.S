/* SPDX-License-Identifier: MIT */
/*
 * The RTOS context switch on AArch32. Called with IRQs masked, from a
 * task (a blocking call) or from the IRQ exit hook on an interrupted
 * task's stack. Only what the AAPCS makes the callee keep is saved
 * (r4-r11, lr; r3 pads the frame to 8 bytes). Unlike AArch64 there is no
 * exception return state to keep: the IRQ entry (guests/lib/arm32/
 * start.S) stored the interrupted PC and CPSR on the task's stack (SRS),
 * where they stay until the task is switched back in. Guests are built
 * with -mgeneral-regs-only: there is no FP/SIMD state.
 *
 * Frame (struct switch_frame in frame.c), 40 bytes from the saved SP:
 * r3..r11, lr.
 */
	.arch	armv7ve
	.arm
	.syntax	unified

	.text
	/* void rtos_ctx_switch(u64 *save_sp, u64 next_sp): r0 = save_sp,
	 * r2:r3 = next_sp (a 64-bit argument takes an even register pair) */
	.global	rtos_ctx_switch
	.type	rtos_ctx_switch, %function
rtos_ctx_switch:
	push	{r3-r11, lr}
	mov	r1, #0
	str	sp, [r0]
	str	r1, [r0, #4]
	mov	sp, r2
	pop	{r3-r11, lr}
	bx	lr
	.size	rtos_ctx_switch, . - rtos_ctx_switch

	/*
	 * A new task's first switch returns here (its frame's lr):
	 * r4 = fn, r5 = arg. Tasks run with IRQs unmasked.
	 */
	.global	rtos_task_entry
	.type	rtos_task_entry, %function
rtos_task_entry:
	mov	r11, #0
	cpsie	i
	mov	r0, r5
	blx	r4
1:	wfe			/* task functions do not return */
	b	1b
	.size	rtos_task_entry, . - rtos_task_entry
