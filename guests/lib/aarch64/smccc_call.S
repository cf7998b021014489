/* SPDX-License-Identifier: MIT */
/*
 * smccc_hvc/smccc_smc/smccc_hvc1(fid, a1..a7): x0..x7 go to the callee as
 * they are; the struct smccc_res result is written through x8 (AAPCS64
 * indirect result). x8 is saved across the call because SMCCC 1.0 callees
 * may clobber x4..x17.
 */
	.macro	smccc_fn name, insn
	.global	\name
	.type	\name, %function
\name:
	str	x8, [sp, #-16]!
	\insn
	ldr	x8, [sp], #16
	stp	x0, x1, [x8]
	stp	x2, x3, [x8, #16]
	ret
	.size	\name, . - \name
	.endm

	.text
	smccc_fn smccc_hvc, "hvc #0"
	smccc_fn smccc_smc, "smc #0"
	smccc_fn smccc_hvc1, "hvc #1"
