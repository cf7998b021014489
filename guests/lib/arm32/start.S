/* SPDX-License-Identifier: MIT */
/*
 * AArch32 guest entry points and the PL1 vector table.
 *
 * The image starts with a 32-bit Linux zImage header (Linux
 * arch/arm/boot/compressed/head.S: eight NOPs, a branch, then the magic
 * 0x016f2818 at 0x24, start 0x28 and end 0x2c) and follows the 32-bit
 * Linux boot protocol (Linux Documentation/arch/arm/booting.rst): entered
 * at its first byte in SVC mode (or HYP, which it leaves for SVC), MMU
 * off, r0 = 0, r1 = machine number, r2 = the device tree's address.
 * start is 0 (position-independent); end is the size of the image in
 * memory including .bss and every vCPU's stack (the file is shorter),
 * which is what a loader must leave free, as image_size of an arm64 Image.
 *
 * The image is linked at GUEST_LINK_BASE as a PIE and applies its own
 * R_ARM_RELATIVE relocations: QEMU's -kernel loads a raw 32-bit image at
 * RAM base + 64 KiB (hw/arm/boot.c, KERNEL_LOAD_ADDR), Septum where the
 * partition says.
 *
 * Exceptions: every vector stores its return state on the SVC stack
 * (SRS) and switches to SVC mode (CPS), so that only SVC mode has a stack
 * and the C handlers run on the interrupted context's stack, as on
 * AArch64 at EL1h. The IRQ-mode SP points at a 12-byte scratch area of
 * this vCPU (the lowest 16 bytes of its stack slot), where the IRQ entry
 * parks r0-r2 while it reads the counter.
 */
#include <guest/layout.h>

#define MODE_IRQ	0x12
#define MODE_SVC	0x13
#define MODE_HYP	0x1a
#define MODE_MASK	0x1f
#define PSR_AIF		0x1c0		/* A, I, F masked */
#define R_ARM_RELATIVE	23
#define ZIMAGE_MAGIC	0x016f2818
/* SCTLR (Arm ARM B4.1.130): M, A, C, V (VBAR used), EE, TE cleared; I set. */
#define SCTLR_CLEAR	0x42002007
#define SCTLR_I		0x1000
#define TTBCR_EAE	0x80000000	/* long-descriptor (LPAE) fault status */
#define IRQ_SCRATCH	16

	.arch	armv7ve
	.arch_extension virt
	.arm
	.syntax	unified

	/* reg = the run-time address of sym (PC-relative; no relocation). */
	.macro	adr_l reg, sym
	ldr	\reg, 99f
98:	add	\reg, pc, \reg
	b	97f
99:	.word	\sym - (98b + 8)
97:
	.endm

	/* This vCPU's IRQ-mode SP = reg (the scratch's top). */
	.macro	set_irq_sp reg
	cps	#MODE_IRQ
	mov	sp, \reg
	cps	#MODE_SVC
	.endm

	/*
	 * If entered in HYP mode (QEMU with virtualization=on, no
	 * hypervisor), continue in SVC with the physical counter and timer
	 * accessible and HVC undefined (PSCI is then reached with SMC, as the
	 * DT says). Clobbers r9.
	 */
	.macro	enter_svc
	mrs	r9, cpsr
	and	r9, r9, #MODE_MASK
	cmp	r9, #MODE_HYP
	bne	9f
	mov	r9, #(1 << 29)			/* HCR.HCD */
	mcr	p15, 4, r9, c1, c1, 0
	mov	r9, #3				/* CNTHCTL.PL1PCTEN|PL1PCEN */
	mcr	p15, 4, r9, c14, c1, 0
	mov	r9, #0
	mcrr	p15, 4, r9, r9, c14		/* CNTVOFF = 0 */
	mov	r9, #(PSR_AIF | MODE_SVC)
	msr	spsr_hyp, r9
	adr	r9, 9f
	msr	elr_hyp, r9
	eret
9:
	.endm

	/* Common PL1 setup on every vCPU: masked, MMU off, vectors, LPAE
	 * fault format. Clobbers r9, r12. */
	.macro	svc_setup
	cpsid	aif
	mrc	p15, 0, r9, c1, c0, 0
	ldr	r12, =SCTLR_CLEAR
	bic	r9, r9, r12
	orr	r9, r9, #SCTLR_I
	mcr	p15, 0, r9, c1, c0, 0
	mov	r9, #TTBCR_EAE
	mcr	p15, 0, r9, c2, c0, 2
	adr_l	r9, exc_vectors
	mcr	p15, 0, r9, c12, c0, 0		/* VBAR */
	isb
	.endm

	.section .text.head, "ax"
	.global	_start
_start:
	.rept	8
	mov	r0, r0
	.endr
	b	boot_entry			/* 0x20 */
	.word	ZIMAGE_MAGIC			/* 0x24 */
	.word	0				/* 0x28: start (any address) */
	.word	__image_end - _start		/* 0x2c: end, with bss+stacks */
	.word	0x04030201			/* 0x30: little-endian */
	.word	0, 0				/* 0x34, 0x38: no table */

boot_entry:
	/* The very first thing: both counters, for the boot-time benchmark. */
	isb
	mrrc	p15, 1, r4, r5, c14		/* CNTVCT */
	mrrc	p15, 0, r6, r7, c14		/* CNTPCT */
	mov	r8, r2				/* device tree */
	enter_svc
	svc_setup

	/* Apply R_ARM_RELATIVE relocations (REL: the addend is in place)
	 * for the load delta r9. */
	adr	r0, _start
	ldr	r1, =GUEST_LINK_BASE
	sub	r9, r0, r1
	adr_l	r2, __rel_start
	adr_l	r3, __rel_end
1:	cmp	r2, r3
	bhs	2f
	ldmia	r2!, {r0, r1}			/* r_offset, r_info */
	and	r1, r1, #0xff
	cmp	r1, #R_ARM_RELATIVE
	bne	1b				/* the build allows no others */
	ldr	r1, [r0, r9]
	add	r1, r1, r9
	str	r1, [r0, r9]
	b	1b
2:
	/* Zero .bss (16-byte aligned both ends, see guest.ld). */
	adr_l	r0, __bss_start
	adr_l	r1, __bss_end
	mov	r2, #0
	mov	r3, #0
3:	cmp	r0, r1
	stmialo	r0!, {r2, r3}
	blo	3b

	adr_l	r0, guest_stacks		/* slot 0: the boot vCPU */
	add	r1, r0, #IRQ_SCRATCH
	set_irq_sp r1
	add	sp, r0, #GUEST_STACK_SIZE
	adr_l	r0, guest_boot_cntvct
	stm	r0, {r4, r5}
	adr_l	r0, guest_boot_cntpct
	stm	r0, {r6, r7}
	mov	r0, r8
	bl	guest_boot_main
5:	wfe
	b	5b
	.ltorg

	.text
	/*
	 * Entry for vCPUs started with PSCI CPU_ON: r0 = context id = the top
	 * of this vCPU's stack, where smp_cpu_on() left { fn, arg } (8 bytes
	 * below the top of its stack slot).
	 */
	.global	guest_secondary_entry
	.type	guest_secondary_entry, %function
guest_secondary_entry:
	mov	r10, r0
	enter_svc
	svc_setup
	add	r1, r10, #(8 + IRQ_SCRATCH)
	sub	r1, r1, #GUEST_STACK_SIZE
	set_irq_sp r1
	mov	sp, r10
	ldr	r1, [r10]			/* fn */
	ldr	r0, [r10, #4]			/* arg */
	blx	r1
	bl	smp_cpu_exit
6:	wfe
	b	6b
	.ltorg

/*
 * Vector table (Arm ARM B1.8.1), at VBAR. Each synchronous entry sets LR
 * to the faulting instruction, stores LR and SPSR on the SVC stack,
 * switches to SVC and joins exc_common with its index in r1, which builds
 * a struct exc_frame (guest/exc_arch.h) and calls exc_handle(frame,
 * index). The handler may change frame->pc to skip the instruction.
 */
	.balign	32
	.global	exc_vectors
exc_vectors:
	b	vec_reset			/* 0x00 */
	b	vec_undef			/* 0x04 */
	b	vec_svc				/* 0x08 */
	b	vec_pabt			/* 0x0c */
	b	vec_dabt			/* 0x10 */
	b	vec_hyp				/* 0x14: not taken at PL1 */
	b	irq_entry			/* 0x18 */
	b	vec_fiq				/* 0x1c */

	.macro	vstub name, idx, adjust
\name:
	.if	\adjust
	sub	lr, lr, #\adjust
	.endif
	srsdb	sp!, #MODE_SVC
	cps	#MODE_SVC
	push	{r0-r12, lr}
	mov	r1, #\idx
	b	exc_common
	.endm

	/* LR offsets from the faulting instruction (ARM state, B1.8.3). */
	vstub	vec_reset, 0, 0
	vstub	vec_undef, 1, 4
	vstub	vec_svc, 2, 4
	vstub	vec_pabt, 3, 4
	vstub	vec_dabt, 4, 8
	vstub	vec_hyp, 5, 0
	vstub	vec_fiq, 7, 4

exc_common:
	mov	r0, sp
	mov	r4, sp
	bic	sp, sp, #7			/* AAPCS: 8-byte aligned calls */
	bl	exc_handle
	mov	sp, r4
	pop	{r0-r12, lr}
	rfeia	sp!

	/*
	 * IRQ: CNTVCT is read by the second instruction after the vector's
	 * branch, for interrupt latency figures, with r0-r2 parked in this
	 * vCPU's scratch (the IRQ-mode SP). Only the caller-saved registers
	 * are kept (plus r4-r5: r4 holds the unaligned SP, r5 pads the frame
	 * to 8 bytes): the handler runs with IRQs masked and returns straight
	 * to where it struck. The return state (PC, CPSR) is on the SVC
	 * stack, below which an RTOS may switch away and come back.
	 * exc_irq(stamp) calls the hook of guest/exc.h.
	 */
irq_entry:
	stmdb	sp, {r0-r2}
	mrrc	p15, 1, r0, r1, c14		/* CNTVCT: the stamp, r0:r1 */
	mov	r2, sp
	sub	lr, lr, #4
	srsdb	sp!, #MODE_SVC
	cps	#MODE_SVC
	push	{r3, r4, r5, r12, lr}
	ldmdb	r2, {r3, r4, r5}		/* the parked r0-r2 */
	push	{r3, r4, r5}
	mov	r4, sp
	bic	sp, sp, #7
	bl	exc_irq
	mov	sp, r4
	pop	{r0-r5, r12, lr}
	rfeia	sp!
