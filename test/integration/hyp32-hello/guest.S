/* SPDX-License-Identifier: MIT */
/*
 * The arm32 bring-up guest (ARMv7-A, PL1, A32): prints through the VM's
 * PL011 (trapped and emulated by Septum), makes hypercalls (Septum's VM
 * info, PSCI_VERSION) and checks their results, then reads outside its
 * memory: Septum reports the stage-2 fault and injects a data abort,
 * which the guest's own vector takes; it ends with PSCI SYSTEM_OFF.
 * Built by test/integration/CMakeLists.txt (arm32 only) as
 * hyp32-hello.bin, a raw binary run at the VM's RAM base (0x40000000).
 */
	.syntax	unified
	.arm
	.arch	armv7-a
	.arch_extension virt

#define UART 0x09000000

.macro	say label
	ldr	r4, =\label
	bl	puts
.endm

	.text
	.globl	_start
_start:
	say	hello
	movw	r0, #0x0002		/* SEPTUM_HC_VM_INFO, SMC32 form: 0x86000002 */
	movt	r0, #0x8600
	hvc	#0
	cmp	r0, #0			/* SEPTUM_OK, then r3 = vCPUs */
	cmpeq	r3, #1
	ldreq	r4, =info_pass
	ldrne	r4, =info_fail
	bl	puts
	mov	r0, #0			/* PSCI_VERSION: 0x84000000 */
	movt	r0, #0x8400
	hvc	#0
	movw	r1, #0x0001		/* PSCI 1.1 */
	movt	r1, #0x0001
	cmp	r0, r1
	ldreq	r4, =psci_pass
	ldrne	r4, =psci_fail
	bl	puts
	adr	r0, vectors
	mcr	p15, 0, r0, c12, c0, 0	/* VBAR */
	isb
	mov	r0, #0
	movt	r0, #0x5000		/* outside the VM's RAM */
	ldr	r1, [r0]
	say	no_abort
	b	off

	.align	5
vectors:
	b	.			/* reset */
	b	.			/* undefined */
	b	.			/* SVC */
	b	.			/* prefetch abort */
	b	dabt			/* data abort */
	b	.
	b	.			/* IRQ */
	b	.			/* FIQ */

dabt:
	mrc	p15, 0, r5, c6, c0, 0	/* DFAR */
	mov	r6, #0
	movt	r6, #0x5000
	cmp	r5, r6
	ldreq	r4, =abort_pass
	ldrne	r4, =abort_fail
	bl	puts
off:
	say	done
	movw	r0, #0x0008		/* PSCI SYSTEM_OFF: 0x84000008 */
	movt	r0, #0x8400
	hvc	#0
	b	.

	.ltorg

/* Writes the NUL-terminated string at r4 to the PL011 (waits while its
 * FIFO is full, FR.TXFF). Uses r0, r1, r4. */
puts:
	mov	r0, #UART
1:	ldrb	r1, [r4], #1
	cmp	r1, #0
	bxeq	lr
2:	ldr	r2, [r0, #0x18]
	tst	r2, #(1 << 5)
	bne	2b
	str	r1, [r0]
	b	1b

hello:		.asciz	"hello from an ARMv7-A guest\r\n"
info_pass:	.asciz	"TEST hvc-vm-info PASS\r\n"
info_fail:	.asciz	"TEST hvc-vm-info FAIL\r\n"
psci_pass:	.asciz	"TEST psci-version PASS\r\n"
psci_fail:	.asciz	"TEST psci-version FAIL\r\n"
abort_pass:	.asciz	"TEST stage2-abort-injected PASS\r\n"
abort_fail:	.asciz	"TEST stage2-abort-injected FAIL (DFAR)\r\n"
no_abort:	.asciz	"TEST stage2-abort-injected FAIL (no abort)\r\n"
done:		.asciz	"DONE hyp32-hello\r\n"
