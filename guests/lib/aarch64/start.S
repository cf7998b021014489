/* SPDX-License-Identifier: MIT */
/*
 * Guest entry points and the EL1 vector table.
 *
 * The image starts with an arm64 Linux Image header (Linux
 * Documentation/arch/arm64/booting.rst) so that QEMU's -kernel and Septum
 * both load it as a Linux Image and enter its first byte at EL1 with the MMU
 * off and x0 = the device tree's address.
 *
 * The image is linked at GUEST_LINK_BASE but built as a static PIE and
 * applies its own R_AARCH64_RELATIVE relocations: QEMU loads an Image whose
 * text_offset is below 4 KiB at RAM base + 2 MiB, Septum at RAM base.
 */
#include <guest/layout.h>

#define R_AARCH64_RELATIVE	1027
#define SCTLR_EL1_MMU_OFF	0x30d01800	/* RES1 bits + I; M, C, A clear */
#define SPSR_EL1H_MASKED	0x3c5		/* EL1h, DAIF masked */

	/*
	 * If entered at EL2 (QEMU with virtualization=on, no hypervisor),
	 * continue at EL1 with the counters accessible and HVC undefined
	 * (PSCI is then reached with SMC, as the DT says). Clobbers x9.
	 */
	.macro	enter_el1
	mrs	x9, CurrentEL
	cmp	x9, #(2 << 2)
	b.ne	9f
	mov	x9, #(1 << 31)			/* HCR_EL2.RW */
	orr	x9, x9, #(1 << 29)		/* HCR_EL2.HCD: HVC undefined */
	msr	hcr_el2, x9
	mov	x9, #3				/* CNTHCTL_EL2.EL1PCTEN|EL1PCEN */
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	mov	x9, #SPSR_EL1H_MASKED
	msr	spsr_el2, x9
	adr	x9, 9f
	msr	elr_el2, x9
	eret
9:
	.endm

	/* Common EL1 setup on every vCPU: masked, SP_EL1, MMU off, vectors. */
	.macro	el1_setup
	msr	daifset, #0xf
	msr	spsel, #1
	ldr	x9, =SCTLR_EL1_MMU_OFF
	msr	sctlr_el1, x9
	adrp	x9, exc_vectors
	add	x9, x9, :lo12:exc_vectors
	msr	vbar_el1, x9
	isb
	.endm

	.section .text.head, "ax"
	.global	_start
_start:
	b	boot_entry			/* code0 */
	.long	0				/* code1 */
	.quad	0				/* text_offset */
	.quad	__image_end - _start		/* image_size, with bss+stacks */
	.quad	0xa				/* flags: LE, 4K, anywhere */
	.quad	0, 0, 0				/* res2..res4 */
	.ascii	"ARM\x64"			/* magic, offset 0x38 */
	.long	0				/* res5 */

boot_entry:
	/* The very first thing: both counters, for the boot-time benchmark. */
	isb
	mrs	x19, cntvct_el0
	mrs	x20, cntpct_el0
	mov	x21, x0				/* device tree */
	enter_el1
	el1_setup

	/* Apply R_AARCH64_RELATIVE relocations for the load delta x9. */
	adrp	x0, _start
	ldr	x1, =GUEST_LINK_BASE
	sub	x9, x0, x1
	adrp	x2, __rela_start
	add	x2, x2, :lo12:__rela_start
	adrp	x3, __rela_end
	add	x3, x3, :lo12:__rela_end
1:	cmp	x2, x3
	b.hs	2f
	ldp	x4, x5, [x2], #16		/* r_offset, r_info */
	ldr	x6, [x2], #8			/* r_addend */
	cmp	w5, #R_AARCH64_RELATIVE
	b.ne	1b				/* the build allows no others */
	add	x6, x6, x9
	str	x6, [x4, x9]
	b	1b
2:
	/* Zero .bss (16-byte aligned both ends, see guest.ld). */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
3:	cmp	x0, x1
	b.hs	4f
	stp	xzr, xzr, [x0], #16
	b	3b
4:
	adrp	x0, guest_stacks		/* slot 0: the boot vCPU */
	add	x0, x0, :lo12:guest_stacks
	add	x0, x0, #GUEST_STACK_SIZE
	mov	sp, x0
	adrp	x0, guest_boot_cntvct
	str	x19, [x0, :lo12:guest_boot_cntvct]
	adrp	x0, guest_boot_cntpct
	str	x20, [x0, :lo12:guest_boot_cntpct]
	mov	x0, x21
	bl	guest_boot_main
5:	wfe
	b	5b

	.text
	/*
	 * Entry for vCPUs started with PSCI CPU_ON: x0 = context id = the top
	 * of this vCPU's stack, where smp_cpu_on() left { fn, arg }.
	 */
	.global	guest_secondary_entry
	.type	guest_secondary_entry, %function
guest_secondary_entry:
	mov	x21, x0
	enter_el1
	el1_setup
	mov	sp, x21
	ldp	x1, x0, [x21]			/* fn, arg */
	blr	x1
	bl	smp_cpu_exit
6:	wfe
	b	6b

/*
 * Vector table (Arm ARM D1.10.2): 16 entries of 128 bytes. Each saves x0/x1,
 * puts its index in x1 and joins exc_common, which builds a struct exc_frame
 * (guest/exc.h) and calls exc_handle(frame, index). The handler may change
 * frame->elr to skip the faulting instruction. IRQs taken at EL1h have an
 * entry of their own (ventry_irq).
 */
#define FRAME_SIZE	288
#define FRAME_ELR	248
#define FRAME_SPSR	256
#define FRAME_ESR	264
#define FRAME_FAR	272
#define IRQ_FRAME_SIZE	160	/* x0-x18, x30 */

	.macro	ventry idx
	.balign	128
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\idx
	b	exc_common
	.endm

	/*
	 * IRQ at EL1h (index 5): CNTVCT is the second instruction, for
	 * interrupt latency figures, with x0 parked in TPIDR_EL1 (unused
	 * otherwise). Only the caller-saved registers are kept: the handler
	 * runs with IRQs masked and returns straight to where it struck, so
	 * ELR/SPSR stay live. exc_irq(stamp) calls the hook of guest/exc.h.
	 */
	.macro	ventry_irq
	.balign	128
	msr	tpidr_el1, x0
	mrs	x0, cntvct_el0
	sub	sp, sp, #IRQ_FRAME_SIZE
	stp	x1, x2, [sp, #8]
	mrs	x1, tpidr_el1
	str	x1, [sp, #0]
	b	irq_common
	.endm

	.balign	2048
	.global	exc_vectors
exc_vectors:
	.irp	i, 0, 1, 2, 3, 4
	ventry	\i
	.endr
	ventry_irq
	.irp	i, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	ventry	\i
	.endr

irq_common:
	stp	x3, x4, [sp, #24]
	stp	x5, x6, [sp, #40]
	stp	x7, x8, [sp, #56]
	stp	x9, x10, [sp, #72]
	stp	x11, x12, [sp, #88]
	stp	x13, x14, [sp, #104]
	stp	x15, x16, [sp, #120]
	stp	x17, x18, [sp, #136]
	str	x30, [sp, #152]
	bl	exc_irq
	ldp	x1, x2, [sp, #8]
	ldp	x3, x4, [sp, #24]
	ldp	x5, x6, [sp, #40]
	ldp	x7, x8, [sp, #56]
	ldp	x9, x10, [sp, #72]
	ldp	x11, x12, [sp, #88]
	ldp	x13, x14, [sp, #104]
	ldp	x15, x16, [sp, #120]
	ldp	x17, x18, [sp, #136]
	ldr	x30, [sp, #152]
	ldr	x0, [sp, #0]
	add	sp, sp, #IRQ_FRAME_SIZE
	eret

exc_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x2, elr_el1
	stp	x30, x2, [sp, #240]
	mrs	x2, spsr_el1
	mrs	x3, esr_el1
	stp	x2, x3, [sp, #FRAME_SPSR]
	mrs	x2, far_el1
	str	x2, [sp, #FRAME_FAR]
	mov	x0, sp
	bl	exc_handle
	ldp	x2, x3, [sp, #FRAME_ELR]	/* elr, spsr */
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	eret
