/* SPDX-License-Identifier: MIT */
/*
 * Physical CPUs. Each runs at most one vCPU, pinned by the partition
 * description, or several by a schedule (vsched.h); a CPU with no vCPU to
 * run waits in cpu_idle().
 */
#ifndef SEPTUM_CPU_H
#define SEPTUM_CPU_H

#include "board.h"
#include "htimer.h"
#include "types.h"
#include "vcpu.h"

struct vcpu;
struct arch_regs;
struct sched;

struct cpu {
	uint64_t stack_top;      /* offset 0: used by vectors.S and head.S */
	unsigned id;             /* logical index (board /cpus order) */
	uint64_t mpidr;
	bool online;
	struct vcpu *vcpu;       /* the vCPU pinned here (scheduled: the one
	                          * to run now), or NULL */
	bool watches;            /* it watches a VM's watchdog (wdog.h) */
	struct htimer htimer;    /* the EL2 timer's deadlines (htimer.h) */
	struct sched *sched;     /* its time partitions, or NULL (vsched.h) */
	/* An interrupt the short path acknowledged (and dropped the priority
	 * of) but left to cpu_handle_interrupt: its INTID + 1, or 0. */
	uint32_t held_irq;
};

extern struct cpu cpus[BOARD_MAX_CPUS];

/* INTIDs of the physical interrupts Septum handles (0 = none). */
struct cpu_irqs {
	uint32_t maint;      /* virtual interface maintenance (PPI) */
	uint32_t vtimer;     /* EL1 virtual timer (PPI), forwarded */
	uint32_t ptimer;     /* EL1 physical timer (PPI), forwarded */
	uint32_t uart;       /* console UART receive (SPI), boot CPU */
	uint32_t htimer;     /* EL2 physical timer (PPI), htimer.h */
};
extern struct cpu_irqs cpu_irqs;
extern unsigned cpu_count;

/* The calling CPU. */
struct cpu *cpu_this(void);
/* Interrupts target (an SGI): on its way back to its guest, or out of
 * its idle wait, it looks at its vCPU's power state and posted work. */
void cpu_kick(struct cpu *target);
/* Runs the pinned vCPU when it is on, else waits for an IPI. Never returns.
 * Called on a CPU's own stack, with nothing to unwind. */
__attribute__((noreturn)) void cpu_idle(void);
/* The end of boot on the boot CPU: the boot-only code goes (its pages are
 * unmapped), then cpu_idle(). Called once the VMs are started; never
 * returns. */
__attribute__((noreturn)) void cpu_boot_done(void);
/* Handles the pending physical interrupts (an exit of kind TRAP_IRQ, or
 * the idle loop's wake-up). */
void cpu_handle_interrupt(void);
/*
 * The short path of an interrupt taken from v's guest, with only the
 * registers C clobbers saved: acknowledges one physical interrupt and,
 * for the ones that need nothing of the exit (the timers', v's VM's
 * passed-through SPIs, a kick, the maintenance interrupt), delivers it
 * into a free list register, or frees the list registers the guest
 * finished with and refills them. Any other interrupt is kept for the
 * full exit's cpu_handle_interrupt (VCPU_FAST_NO), which takes it first.
 */
enum vcpu_fast cpu_irq_fast(struct vcpu *v);

#endif /* SEPTUM_CPU_H */
