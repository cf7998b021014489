/* SPDX-License-Identifier: MIT */
/* Per-CPU EL2 set-up, firmware calls, the counter. */
#include <arch/features.h>
#include <arch/sysreg.h>

#include "arch.h"
#include "cpu.h"

/*
 * HCR_EL2 while a guest runs (Arm ARM D19.2.48): stage 2 on; physical
 * IRQ/FIQ/SError to EL2; broadcast TLB and cache maintenance inner
 * shareable (FB, BSU) so a guest's maintenance reaches every CPU; SMC traps
 * (TSC: it is a hypercall, never passed to firmware); implementation
 * defined and auxiliary control registers trap (TIDCP, TACR); EL1 is
 * AArch64. WFI/WFE do not trap: a guest idles on its own CPU. The rest
 * depends on the CPU's features (features_hcr(): ID registers, pointer
 * authentication, RAS, LORegions).
 */
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | \
		   HCR_BSU_IS | HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_RW)

/* HCR_EL2 for a guest on the calling CPU. */
uint64_t arch_hcr_guest(void);
uint64_t arch_hcr_guest(void)
{
	return HCR_GUEST | features_hcr();
}

struct cpu *cpu_this(void)
{
	return (struct cpu *)read_sysreg(tpidr_el2);
}

uint64_t arch_cpu_mpidr(void)
{
	return read_sysreg(mpidr_el1) & 0xff00ffffffull;
}

void arch_cpu_init(struct cpu *c)
{
	write_sysreg(tpidr_el2, c);
	/* Not in a guest: stage 2 off until a vCPU is loaded. */
	write_sysreg(hcr_el2, HCR_RW);
	/* FP/SIMD for guests; what VMs do not see traps: SVE, SME, trace,
	 * activity monitors, the PMU (counters would see other VMs and
	 * EL2), statistical profiling (CPTR_EL2, MDCR_EL2, ...). */
	features_cpu_init(c->id);
	/* EL1 reads the physical counter and owns the EL1 physical timer,
	 * switched with the vCPU like the virtual one (src/DESIGN.md, Timer). */
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(cnthp_ctl_el2, 0);   /* UNKNOWN at reset: stopped */
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	isb();
}

/* PSCI CPU_ON (DEN0022 5.1.4) to the firmware through SMC. */
int64_t arch_cpu_start(enum psci_conduit conduit, uint64_t mpidr, struct cpu *c)
{
	extern char arch_secondary_entry[];
	register uint64_t x0 __asm__("x0") = 0xc4000003;
	register uint64_t x1 __asm__("x1") = mpidr;
	register uint64_t x2 __asm__("x2") = (uint64_t)arch_secondary_entry;
	register uint64_t x3 __asm__("x3") = (uint64_t)c;

	if (conduit != PSCI_CONDUIT_SMC)
		return -1; /* HVC would call ourselves: no firmware below EL2 */
	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
			   "x13", "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

/* The CPU arch_spin_entry (head.S) is for: one at a time. */
struct cpu *arch_spin_cpu;

void arch_cpu_release(uint64_t release, struct cpu *c)
{
	extern char arch_spin_entry[];
	uint64_t *slot = (uint64_t *)(uintptr_t)release;

	arch_spin_cpu = c;
	arch_sync_guest_memory(&arch_spin_cpu, sizeof(arch_spin_cpu));
	*slot = (uint64_t)arch_spin_entry;
	arch_sync_guest_memory(slot, sizeof(*slot));
	dsb(sy);
	__asm__ volatile("sev" : : : "memory");
}

void arch_wait_for_interrupt(void)
{
	dsb(sy);
	__asm__ volatile("wfi" : : : "memory");
}

/* ISR_EL1.I (DDI 0487 D19.2): at EL2, the physical IRQ line. */
bool arch_irq_pending(void)
{
	return read_sysreg(isr_el1) & (1u << 7);
}

uint64_t arch_counter(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

uint64_t arch_counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

/* CNTHP_CTL_EL2 (Arm ARM D19.12): ENABLE, IMASK clear. */
void arch_htimer_program(uint64_t cval)
{
	write_sysreg(cnthp_cval_el2, cval);
	write_sysreg(cnthp_ctl_el2, 1);
	isb();
}

void arch_htimer_stop(void)
{
	write_sysreg(cnthp_ctl_el2, 0);
	isb();
}
