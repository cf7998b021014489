/* SPDX-License-Identifier: MIT */
/*
 * VFP/Advanced SIMD save and restore (struct arch_fp_ctx), eager, at
 * vCPU put/load. The rest of Septum is built with -mfloat-abi=soft, so a
 * guest's D registers stay live in hardware until its CPU switches to
 * another context. FPEXC.EN is set for the transfer (B1.11.3), then the
 * guest's FPEXC is put back. r1 != 0: the CPU has D16-D31 (MVFR0).
 */
	.syntax	unified
	.arm
	.fpu	neon
	.text
	.globl arch_fp_save
arch_fp_save:
	vmrs	r2, fpexc
	orr	r3, r2, #(1 << 30)
	vmsr	fpexc, r3
	isb
	vstmia	r0!, {d0-d15}
	cmp	r1, #0
	vstmiane r0!, {d16-d31}
	addeq	r0, r0, #128
	vmrs	r3, fpscr
	str	r3, [r0]
	str	r2, [r0, #4]
	bx	lr

	.globl arch_fp_restore
arch_fp_restore:
	vmrs	r2, fpexc
	orr	r2, r2, #(1 << 30)
	vmsr	fpexc, r2
	isb
	vldmia	r0!, {d0-d15}
	cmp	r1, #0
	vldmiane r0!, {d16-d31}
	addeq	r0, r0, #128
	ldr	r3, [r0]
	vmsr	fpscr, r3
	ldr	r2, [r0, #4]
	vmsr	fpexc, r2
	isb
	bx	lr
