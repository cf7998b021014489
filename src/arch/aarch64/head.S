/* SPDX-License-Identifier: MIT */
/*
 * Entry. Septum carries the arm64 Linux Image header (Linux
 * Documentation/arch/arm64/booting.rst), so QEMU -kernel, U-Boot booti and
 * board firmware start it like a kernel: at EL2, MMU off, x0 = DTB.
 */
#include "asm.h"

	.section .text.head, "ax"
	.globl _start
_start:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	0			/* image_size: set by scripts/pack */
	.quad	0xa			/* flags: LE, 4 KiB pages, anywhere */
	.quad	0			/* res2: payload offset (scripts/pack) */
	.quad	0			/* res3: payload size (scripts/pack) */
	.quad	0			/* res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */

primary_entry:
	mov	x19, x0			/* DTB */
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	not_el2
	/* Known state: MMU and caches off, little-endian (SCTLR_EL2 RES1). */
	ldr	x1, =SCTLR_EL2_BOOT
	msr	sctlr_el2, x1
	isb

	/* Apply our own R_AARCH64_RELATIVE relocations: *(base+off) = base+addend. */
	adr	x20, _start
	adrp	x1, __rela_start
	add	x1, x1, :lo12:__rela_start
	adrp	x2, __rela_end
	add	x2, x2, :lo12:__rela_end
1:	cmp	x1, x2
	b.hs	2f
	ldp	x3, x4, [x1], #16	/* r_offset, r_info */
	ldr	x5, [x1], #8		/* r_addend */
	cmp	w4, #R_AARCH64_RELATIVE
	b.ne	1b
	add	x5, x5, x20
	str	x5, [x3, x20]
	b	1b
2:
	/* Zero .bss: 64 bytes a round while they fit, then 16 (its end is
	 * 16-byte aligned, septum.ld). */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
	sub	x3, x2, #64
3:	cmp	x1, x3
	b.hi	5f
	stp	xzr, xzr, [x1]
	stp	xzr, xzr, [x1, #16]
	stp	xzr, xzr, [x1, #32]
	stp	xzr, xzr, [x1, #48]
	add	x1, x1, #64
	b	3b
5:	cmp	x1, x2
	b.hs	4f
	stp	xzr, xzr, [x1], #16
	b	5b
4:
	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1
	adrp	x1, el2_vectors
	add	x1, x1, :lo12:el2_vectors
	msr	vbar_el2, x1
	isb
	mov	x0, x19
	mov	x1, x20
	bl	septum_main
	b	park

not_el2:
park:
	wfe
	b	park

/*
 * Secondary CPUs released from a spin table enter here, at EL2 with the
 * MMU off and nothing in x0: their struct cpu is in arch_spin_cpu (one CPU
 * is released at a time, arch_cpu_release).
 */
	.globl arch_spin_entry
arch_spin_entry:
	adrp	x0, arch_spin_cpu
	ldr	x0, [x0, :lo12:arch_spin_cpu]
	b	arch_secondary_entry

/*
 * Secondary CPUs enter here from the firmware's PSCI CPU_ON, at EL2 with
 * the MMU off and x0 = their struct cpu (whose first word is the stack top).
 */
	.globl arch_secondary_entry
arch_secondary_entry:
	ldr	x1, =SCTLR_EL2_BOOT
	msr	sctlr_el2, x1
	isb
	ldr	x1, [x0]
	mov	sp, x1
	msr	tpidr_el2, x0
	adrp	x1, el2_vectors
	add	x1, x1, :lo12:el2_vectors
	msr	vbar_el2, x1
	isb
	bl	septum_secondary_main
	b	park

	.bss
	.align	12
boot_stack:
	.space	STACK_SIZE
	.globl	boot_stack_top
boot_stack_top:
