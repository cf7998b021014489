/* SPDX-License-Identifier: MIT */
/*
 * a32check's entry, exception vectors and the probes that need exact
 * registers, modes or instruction sets (a32check.c drives them). ARM
 * state unless marked Thumb. Linked at 0x40000000 (the VM's RAM base).
 */
	.syntax	unified
	.arch	armv7ve
	.arch_extension sec
	.arch_extension virt
	.fpu	vfpv3
	.arm

	.section .text.start, "ax"
	.globl	_start
	.type	_start, %function
_start:
	/* The boot registers as Septum left them, for a32check.c. */
	ldr	r4, =boot_regs
	stmia	r4, {r0, r1, r2}
	mrs	r5, cpsr
	str	r5, [r4, #12]
	/* A stack in each mode the probes enter (interrupts stay masked). */
	cps	#0x17			/* abt */
	ldr	sp, =stack_abt
	cps	#0x1b			/* und */
	ldr	sp, =stack_und
	cps	#0x11			/* fiq */
	ldr	sp, =stack_fiq
	cps	#0x13			/* svc */
	ldr	sp, =stack_svc
	ldr	r0, =vectors
	mcr	p15, 0, r0, c12, c0, 0	/* VBAR */
	isb
	blx	a32_main
1:	wfi
	b	1b

/* vCPU 1's entry (PSCI CPU_ON to its address | 1): Thumb, r0 = context. */
	.thumb
	.thumb_func
	.globl	a32_secondary_entry
	.type	a32_secondary_entry, %function
a32_secondary_entry:
	ldr	r1, =secondary_regs
	str	r0, [r1]
	mrs	r2, cpsr
	str	r2, [r1, #4]
	ldr	sp, =stack_svc1
	bl	a32_secondary
2:	wfi
	b	2b
	.arm

	.text
	.align	5
vectors:
	b	.			/* reset */
	b	und_handler
	b	.			/* svc */
	b	pabt_handler
	b	dabt_handler
	b	.
	b	.			/* irq */
	b	.			/* fiq */

/* Records the exception: exc[0] = which (1 und, 2 pabt, 3 dabt), [1] = LR,
 * [2] = SPSR, [3] = the FSR, [4] = the FAR, [5] = CPSR in the handler. */
.macro record kind, fsr_op2, far_op2
	push	{r0, r1}
	ldr	r0, =exc
	mov	r1, #\kind
	str	r1, [r0]
	str	lr, [r0, #4]
	mrs	r1, spsr
	str	r1, [r0, #8]
	mrc	p15, 0, r1, c5, c0, \fsr_op2
	str	r1, [r0, #12]
	mrc	p15, 0, r1, c6, c0, \far_op2
	str	r1, [r0, #16]
	mrs	r1, cpsr
	str	r1, [r0, #20]
	pop	{r0, r1}
.endm

/*
 * Each handler records, then resumes at exc_resume (set by a32check.c:
 * the instruction after the probe's faulting one, bit 0 for Thumb) in SVC
 * mode, without an exception return: QEMU (10.0, TCG) does not take the
 * SPSR of the mode an AArch64 EL2 returns to from SPSR_<mode> (it keeps
 * the SPSR of the mode the guest trapped from), so MOVS PC, LR would
 * restore a wrong CPSR there. The recorded SPSR is not checked for that
 * reason.
 */
.macro resume
	ldr	r12, =exc_resume
	ldr	r12, [r12]
	cps	#0x13
	bx	r12
.endm

und_handler:
	record	1, 0, 0
	resume

dabt_handler:
	record	3, 0, 0
	resume

pabt_handler:
	record	2, 1, 2
	resume

/* uint32_t a32_mrc_lr(void): ID_PFR1 read into LR (svc) by a trapped MRC. */
	.globl	a32_mrc_lr
	.type	a32_mrc_lr, %function
a32_mrc_lr:
	push	{r4, lr}
	mrc	p15, 0, lr, c0, c1, 1
	mov	r0, lr
	pop	{r4, pc}

/*
 * void a32_banked(uint32_t out[4]): ID_PFR0 read by trapped MRCs into
 * LR_abt (out[0]) and R8_fiq (out[1]); then SVC's LR and R8 (out[2],
 * out[3]), which must still be 0x5a5a0014 and 0x5a5a0008.
 */
	.globl	a32_banked
	.type	a32_banked, %function
a32_banked:
	push	{r4-r8, lr}
	mov	r4, r0
	ldr	r8, =0x5a5a0008
	ldr	lr, =0x5a5a0014
	cps	#0x17
	mrc	p15, 0, lr, c0, c1, 0
	str	lr, [r4]
	cps	#0x11
	mrc	p15, 0, r8, c0, c1, 0
	str	r8, [r4, #4]
	cps	#0x13
	str	lr, [r4, #8]
	str	r8, [r4, #12]
	pop	{r4-r8, pc}

/* void a32_undef_arm(void): PMCR, trapped (MDCR_EL2.TPMCR), not for VMs. */
	.globl	a32_undef_arm
	.type	a32_undef_arm, %function
	.globl	a32_undef_arm_insn
	.type	a32_undef_arm_insn, %function
a32_undef_arm:
a32_undef_arm_insn:
	mrc	p15, 0, r0, c9, c12, 0
	bx	lr

/* uint32_t a32_load(uint32_t addr), void a32_store(uint32_t addr, v). */
	.globl	a32_load
	.type	a32_load, %function
	.globl	a32_load_insn
	.type	a32_load_insn, %function
a32_load:
	mov	r1, r0
	mov	r0, #0
a32_load_insn:
	ldr	r0, [r1]
	bx	lr

	.globl	a32_store
	.type	a32_store, %function
	.globl	a32_store_insn
	.type	a32_store_insn, %function
a32_store:
a32_store_insn:
	str	r1, [r0]
	bx	lr

/* void a32_fetch(uint32_t addr): branch there (ARM state); a prefetch
 * abort resumes at a32_fetch_resume. */
	.globl	a32_fetch
	.type	a32_fetch, %function
	.globl	a32_fetch_resume
	.type	a32_fetch_resume, %function
a32_fetch:
	push	{r4, lr}
	blx	r0
a32_fetch_resume:
	pop	{r4, pc}

/* uint32_t a32_vfp(uint32_t a, uint32_t b): a + b computed in VFP
 * (double precision), with CPACR and FPEXC enabling it. */
	.globl	a32_vfp
	.type	a32_vfp, %function
a32_vfp:
	mrc	p15, 0, r2, c1, c0, 2
	orr	r2, r2, #(0xf << 20)
	mcr	p15, 0, r2, c1, c0, 2
	isb
	mov	r2, #0x40000000
	vmsr	fpexc, r2
	vmov	s0, r0
	vmov	s2, r1
	vcvt.f64.u32 d2, s0
	vcvt.f64.u32 d3, s2
	vadd.f64 d4, d2, d3
	vcvt.u32.f64 s0, d4
	vmov	r0, s0
	bx	lr

/* uint32_t a32_smc_cond(uint32_t fid): SMC #0 in a Thumb IT block whose
 * condition fails (NE after an equal compare): r0 comes back as it was. */
	.thumb
	.thumb_func
	.globl	a32_smc_cond
	.type	a32_smc_cond, %function
a32_smc_cond:
	cmp	r0, r0
	it	ne
	smcne	#0
	bx	lr

/* void a32_undef_thumb(void): the PMCR read in Thumb (32-bit T32). */
	.thumb_func
	.globl	a32_undef_thumb
	.type	a32_undef_thumb, %function
	.globl	a32_undef_thumb_insn
	.type	a32_undef_thumb_insn, %function
a32_undef_thumb:
a32_undef_thumb_insn:
	mrc	p15, 0, r0, c9, c12, 0
	bx	lr
	.arm

	.bss
	.align	3
	.globl	boot_regs, secondary_regs, exc, exc_resume
boot_regs:	.space	16
secondary_regs:	.space	8
exc:		.space	24
exc_resume:	.space	4
	.space	4096
stack_abt:
	.space	4096
stack_und:
	.space	4096
stack_fiq:
	.space	8192
stack_svc1:
	.space	16384
stack_svc:
