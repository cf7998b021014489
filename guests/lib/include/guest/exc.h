/* SPDX-License-Identifier: MIT */
/*
 * EL1 exception handling. Unexpected exceptions print a FATAL line, a TEST
 * FAIL and the DONE line, then stop the vCPU. A test that expects a
 * synchronous exception arms a catch first: the exception is recorded and
 * the faulting instruction skipped (ELR += 4).
 */
#ifndef GUEST_EXC_H
#define GUEST_EXC_H

#include <guest/exc_arch.h>
#include <guest/types.h>

/* ESR_ELx fields (Arm ARM D17.2.37). */
#define ESR_EC(esr)		(((esr) >> 26) & 0x3f)
#define ESR_DFSC(esr)		((esr) & 0x3f)
#define ESR_WNR			(1u << 6)
#define ESR_EC_UNKNOWN		0x00
#define ESR_EC_DABT_CUR		0x25
#define DFSC_SEA		0x10	/* synchronous external abort */

struct exc_record {
	u32 count;	/* exceptions caught while armed */
	u64 esr;	/* of the first one */
	u64 far;
	u64 elr;
};

/*
 * exc_catch_begin() arms catching of synchronous exceptions from EL1;
 * exc_catch_end() disarms and returns what was caught. One vCPU at a time.
 */
void exc_catch_begin(void);
struct exc_record exc_catch_end(void);

/* A 64-bit load / store at addr with catching armed around it. */
struct exc_record exc_probe_read(u64 addr, u64 *val);
struct exc_record exc_probe_write(u64 addr, u64 val);

/*
 * IRQ hook: fn(stamp) runs for every IRQ taken at EL1 (IRQs stay masked
 * while it runs; no nesting), stamp being CNTVCT_EL0 read by the vector's
 * second instruction. One hook for all vCPUs; NULL (the default) makes an
 * IRQ fatal.
 */
typedef void (*exc_irq_fn)(u64 stamp);
void exc_set_irq_handler(exc_irq_fn fn);

/*
 * IRQ exit hook (a kernel's preemption point): fn() runs after the IRQ
 * hook has returned (the GIC driver has ended the interrupts by then),
 * still with IRQs masked and on the interrupted context's stack. It may
 * switch to another context and come back later: the vector's frame of
 * caller-saved registers stays on the interrupted stack, and the switch
 * must keep ELR_EL1 and SPSR_EL1, which the vector's return uses.
 * NULL (the default): none.
 */
typedef void (*exc_irq_exit_fn)(void);
void exc_set_irq_exit_handler(exc_irq_exit_fn fn);

/* exc_irq_mask() / exc_irq_unmask() (PSTATE.I, CPSR.I on AArch32) are in
 * guest/sysreg.h. */

/* Called from start.S only. */
void exc_irq(u64 stamp);

/* For the architecture's exc_sync.c: records a synchronous exception if a
 * catch is armed and returns true (the caller then skips the faulting
 * instruction); false if none is armed. */
bool exc_catch_record(u64 esr, u64 far, u64 elr);

/* The architecture's part (exc_sync.c): the fatal report of an IRQ that
 * came with no hook installed. */
void exc_irq_unhandled(void) __noreturn;

#endif /* GUEST_EXC_H */
