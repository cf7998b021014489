/* SPDX-License-Identifier: MIT */
/*
 * Entry. Septum carries a 32-bit Linux zImage header (Linux
 * arch/arm/boot/compressed/head.S; Documentation/arch/arm/booting.rst), so
 * QEMU -kernel, U-Boot bootz and board firmware start it like a kernel:
 * in HYP mode, MMU off, r0 = 0, r1 = machine number, r2 = DTB.
 */
#include "asm.h"

	.syntax	unified
	.arm
	.arch_extension virt
	.section .text.head, "ax"
	.globl _start
_start:
	.rept	8
	mov	r0, r0
	.endr
	b	primary_entry
	.word	0x016f2818		/* 0x24: zImage magic */
	.word	0			/* 0x28: start: anywhere */
	.word	0			/* 0x2c: end (scripts/pack) */
	.word	0x04030201		/* 0x30: little-endian */
	.word	0, 0, 0
	.quad	0			/* 0x40: image size (scripts/pack) */
	.quad	0			/* 0x48: payload offset (scripts/pack) */
	.quad	0			/* 0x50: payload size (scripts/pack) */
	.quad	0			/* 0x58: earlycon (scripts/pack) */

/* r = the run-time address of the symbol whose offset from a word is at
 * label (.word sym - .): no relocation needed before we relocate. */
.macro	addr_of r, label
	adr	\r, \label
	ldr	ip, [\r]
	add	\r, \r, ip
.endm

primary_entry:
	cpsid	aif
	mov	r4, r2			/* DTB */
	mrs	r0, cpsr
	and	r0, r0, #0x1f
	cmp	r0, #0x1a		/* HYP mode */
	bne	park
	/* Known state: MMU and caches off, little-endian. */
	movw	r0, #:lower16:HSCTLR_BOOT
	movt	r0, #:upper16:HSCTLR_BOOT
	mcr	p15, 4, r0, c1, c0, 0
	isb

	/* Apply our own R_ARM_RELATIVE relocations (REL: the addend is in
	 * place): *(base + r_offset) += base. */
	adr	r5, _start
	addr_of	r1, .Lrel_start
	addr_of	r2, .Lrel_end
1:	cmp	r1, r2
	bhs	2f
	ldmia	r1!, {r6, r7}		/* r_offset, r_info */
	and	r7, r7, #0xff
	cmp	r7, #R_ARM_RELATIVE
	bne	1b
	ldr	r7, [r6, r5]
	add	r7, r7, r5
	str	r7, [r6, r5]
	b	1b
2:
	/* Zero .bss: 32 bytes a store (its start is 16-byte aligned, its
	 * end 4 KiB aligned, septum.ld). r4 and r5 are kept. */
	addr_of	r1, .Lbss_start
	addr_of	r2, .Lbss_end
	mov	r0, #0
	mov	r3, #0
	mov	r6, #0
	mov	r7, #0
	mov	r8, #0
	mov	r9, #0
	mov	r10, #0
	mov	r11, #0
	cmp	r1, r2
	tstlo	r1, #16
	stmiane	r1!, {r0, r3, r6, r7}
3:	cmp	r1, r2
	stmialo	r1!, {r0, r3, r6-r11}
	blo	3b

	addr_of	r0, .Lstack_top
	mov	sp, r0
	addr_of	r0, .Lvectors
	mcr	p15, 4, r0, c12, c0, 0	/* HVBAR */
	isb
	mov	r0, r4			/* septum_main(dtb, (uint64_t)load_base) */
	mov	r2, r5
	mov	r3, #0
	bl	septum_main
park:
	wfe
	b	park

	.align	2
.Lrel_start:	.word	__rel_start - .
.Lrel_end:	.word	__rel_end - .
.Lbss_start:	.word	__bss_start - .
.Lbss_end:	.word	__bss_end - .
.Lstack_top:	.word	boot_stack_top - .
.Lvectors:	.word	hyp_vectors - .

/*
 * Secondary CPUs released from a spin table enter here, in HYP mode with
 * the MMU off and nothing in r0: their struct cpu is in arch_spin_cpu (one
 * CPU is released at a time, arch_cpu_release).
 */
	.globl arch_spin_entry
arch_spin_entry:
	addr_of	r0, .Lspin_cpu
	ldr	r0, [r0]
	b	arch_secondary_entry

	.align	2
.Lspin_cpu:	.word	arch_spin_cpu - .

/*
 * Secondary CPUs enter here from the firmware's PSCI CPU_ON, in HYP mode
 * with the MMU off and r0 = their struct cpu (whose first word is the
 * stack top).
 */
	.globl arch_secondary_entry
arch_secondary_entry:
	cpsid	aif
	movw	r1, #:lower16:HSCTLR_BOOT
	movt	r1, #:upper16:HSCTLR_BOOT
	mcr	p15, 4, r1, c1, c0, 0
	isb
	ldr	sp, [r0]
	mcr	p15, 4, r0, c13, c0, 2	/* HTPIDR */
	addr_of	r1, .Lvectors
	mcr	p15, 4, r1, c12, c0, 0	/* HVBAR */
	isb
	bl	septum_secondary_main
	b	park

	.bss
	.align	12
boot_stack:
	.space	16384
	.globl	boot_stack_top
boot_stack_top:
