/* SPDX-License-Identifier: MIT */
/*
 * An arm32 bring-up guest for interrupts and vCPUs (ARMv7-A, PL1, A32),
 * two vCPUs: vCPU 0 takes a virtual timer interrupt (PPI 27) through the
 * VM's GICv2 CPU interface, starts vCPU 1 with PSCI CPU_ON (SMC32 IDs),
 * which checks its context ID (r0) and MPIDR and turns itself off with
 * CPU_OFF; vCPU 0 waits for AFFINITY_INFO to say so, then powers off.
 * Built by test/integration/CMakeLists.txt (arm32) as hyp32-irq.bin.
 */
	.syntax	unified
	.arm
	.arch	armv7-a
	.arch_extension virt

#define UART 0x09000000
#define GICD 0x08000000
#define GICC 0x08010000

.macro	say label
	ldr	r4, =\label
	bl	puts
.endm

	.text
	.globl	_start
_start:
	say	hello
	ldr	r0, =vectors
	mcr	p15, 0, r0, c12, c0, 0	/* VBAR */
	ldr	r0, =GICD
	mov	r1, #1
	str	r1, [r0]		/* GICD_CTLR: enable */
	mov	r1, #(1 << 27)
	str	r1, [r0, #0x100]	/* GICD_ISENABLER0: PPI 27 */
	ldr	r0, =GICC
	mov	r1, #0xf0
	str	r1, [r0, #0x04]		/* GICC_PMR */
	mov	r1, #1
	str	r1, [r0]		/* GICC_CTLR: enable */
	mov	r9, #0
	mrc	p15, 0, r0, c14, c0, 0	/* CNTFRQ */
	lsr	r0, r0, #10		/* about 1 ms */
	mcr	p15, 0, r0, c14, c3, 0	/* CNTV_TVAL */
	mov	r0, #1
	mcr	p15, 0, r0, c14, c3, 1	/* CNTV_CTL: enable */
	isb
	cpsie	i
	ldr	r8, =100000000
1:	cmp	r9, #0
	bne	2f
	subs	r8, r8, #1
	bne	1b
2:	cpsid	i
	cmp	r9, #1
	ldreq	r4, =timer_pass
	ldrne	r4, =timer_fail
	bl	puts

	movw	r0, #0x0003		/* PSCI CPU_ON (SMC32): 0x84000003 */
	movt	r0, #0x8400
	mov	r1, #1			/* MPIDR of vCPU 1 */
	ldr	r2, =secondary
	movw	r3, #0x1234
	hvc	#0
	mov	r7, r0			/* printed once vCPU 1 is off: */
	ldr	r8, =10000000		/* it prints meanwhile */
3:	movw	r0, #0x0004		/* AFFINITY_INFO (SMC32): 0x84000004 */
	movt	r0, #0x8400
	mov	r1, #1
	mov	r2, #0
	hvc	#0
	cmp	r0, #1			/* OFF */
	beq	4f
	subs	r8, r8, #1
	bne	3b
4:	ldreq	r4, =off_pass
	ldrne	r4, =off_fail
	bl	puts
	cmp	r7, #0
	ldreq	r4, =on_pass
	ldrne	r4, =on_fail
	bl	puts
	say	done
	movw	r0, #0x0008		/* PSCI SYSTEM_OFF */
	movt	r0, #0x8400
	hvc	#0
	b	.

secondary:
	movw	r5, #0x1234
	cmp	r0, r5
	ldreq	r4, =ctx_pass
	ldrne	r4, =ctx_fail
	bl	puts
	mrc	p15, 0, r5, c0, c0, 5	/* MPIDR */
	and	r5, r5, #0xff
	cmp	r5, #1
	ldreq	r4, =mpidr_pass
	ldrne	r4, =mpidr_fail
	bl	puts
	movw	r0, #0x0002		/* PSCI CPU_OFF: 0x84000002 */
	movt	r0, #0x8400
	hvc	#0
	b	.

	.align	5
vectors:
	b	.			/* reset */
	b	.			/* undefined */
	b	.			/* SVC */
	b	.			/* prefetch abort */
	b	.			/* data abort */
	b	.
	b	irq
	b	.			/* FIQ */

/* The IRQ: acknowledge, note PPI 27 in r9, mask the timer, EOI. */
irq:
	ldr	r10, =GICC
	ldr	r11, [r10, #0x0c]	/* GICC_IAR */
	ubfx	r12, r11, #0, #10
	cmp	r12, #27
	moveq	r9, #1
	movne	r9, #2
	mov	r12, #3
	mcr	p15, 0, r12, c14, c3, 1	/* CNTV_CTL: IMASK */
	isb
	str	r11, [r10, #0x10]	/* GICC_EOIR */
	subs	pc, lr, #4
	.ltorg

/* Writes the NUL-terminated string at r4 to the PL011 (waits while its
 * FIFO is full, FR.TXFF). Uses r0-r2, r4. */
puts:
	ldr	r0, =UART
1:	ldrb	r1, [r4], #1
	cmp	r1, #0
	bxeq	lr
2:	ldr	r2, [r0, #0x18]
	tst	r2, #(1 << 5)
	bne	2b
	str	r1, [r0]
	b	1b
	.ltorg

hello:		.asciz	"hello from vCPU 0\r\n"
timer_pass:	.asciz	"TEST vtimer-irq PASS\r\n"
timer_fail:	.asciz	"TEST vtimer-irq FAIL\r\n"
on_pass:	.asciz	"TEST psci-cpu-on PASS\r\n"
on_fail:	.asciz	"TEST psci-cpu-on FAIL\r\n"
ctx_pass:	.asciz	"TEST cpu-on-context-id PASS\r\n"
ctx_fail:	.asciz	"TEST cpu-on-context-id FAIL\r\n"
mpidr_pass:	.asciz	"TEST vcpu1-mpidr PASS\r\n"
mpidr_fail:	.asciz	"TEST vcpu1-mpidr FAIL\r\n"
off_pass:	.asciz	"TEST psci-cpu-off PASS\r\n"
off_fail:	.asciz	"TEST psci-cpu-off FAIL\r\n"
done:		.asciz	"DONE hyp32-irq\r\n"
