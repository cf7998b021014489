/* SPDX-License-Identifier: MIT */
/* Per-CPU HYP set-up, firmware calls, the counter. */
#include <arch/sysreg.h>

#include "arch.h"
#include "cpu.h"

/*
 * HCR while a guest runs (Arm ARM DDI 0406C.d, B4.1.65): stage 2 on;
 * physical IRQ/FIQ/asynchronous aborts to HYP; broadcast TLB and cache
 * maintenance inner shareable (FB, BSU) so a guest's maintenance reaches
 * every CPU; SMC traps (TSC: it is a hypercall, never passed to
 * firmware); the ID registers (TID3: the VMs' view, features.c), the
 * implementation defined registers and ACTLR (TIDCP, TAC) trap. WFI/WFE do
 * not trap: a guest idles on its own CPU.
 */
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | \
		   HCR_BSU_IS | HCR_TSC | HCR_TID3 | HCR_TIDCP | HCR_TAC)

/* HCR for a guest on the calling CPU. */
uint32_t arch_hcr_guest(void);
uint32_t arch_hcr_guest(void)
{
	return HCR_GUEST;
}

struct cpu *cpu_this(void)
{
	return (struct cpu *)read_sysreg(HTPIDR);
}

uint64_t arch_cpu_mpidr(void)
{
	return read_sysreg(MPIDR) & 0xffffffu;
}

void features_cpu_init(unsigned cpu);

void arch_cpu_init(struct cpu *c)
{
	write_sysreg(HTPIDR, c);
	/* Not in a guest: stage 2 off until a vCPU is loaded. */
	write_sysreg(HCR, 0);
	/* FP/SIMD for guests, every other coprocessor and trace trap
	 * (HCPTR); the PMU registers trap (HDCR: the counters would see
	 * other VMs and HYP; HPMN keeps PMCR.N); the implementation
	 * defined CRn 15 registers trap (HSTR.T15). */
	write_sysreg(HCPTR, HCPTR_GUEST);
	write_sysreg(HDCR, HDCR_TRAPS | (read_sysreg(HDCR) & 0x1f));
	write_sysreg(HSTR, BIT(15));
	features_cpu_init(c->id);
	/* PL1 reads the physical counter and owns the PL1 physical timer,
	 * switched with the vCPU like the virtual one (src/DESIGN.md, Timer). */
	write_sysreg(CNTHCTL, CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN);
	write_sysreg64(CNTVOFF, 0);
	write_sysreg(CNTHP_CTL, 0);   /* UNKNOWN at reset: stopped */
	write_sysreg(VPIDR, read_sysreg(MIDR));
	isb();
}

/* PSCI CPU_ON, SMC32 (DEN0022 5.1.4; SMCCC: r0-r3 in, r0 out) to the
 * firmware through SMC. On QEMU virt with virtualization=on the
 * conduit is SMC (hw/arm/virt.c). */
int64_t arch_cpu_start(enum psci_conduit conduit, uint64_t mpidr, struct cpu *c)
{
	extern char arch_secondary_entry[];
	register uint32_t r0 __asm__("r0") = 0x84000003;
	register uint32_t r1 __asm__("r1") = (uint32_t)mpidr;
	register uint32_t r2 __asm__("r2") = (uint32_t)arch_secondary_entry;
	register uint32_t r3 __asm__("r3") = (uint32_t)c;

	if (conduit != PSCI_CONDUIT_SMC)
		return -1; /* HVC would call ourselves: no firmware below HYP */
	__asm__ volatile(".arch_extension sec\n\tsmc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
			 :
			 : "r12", "lr", "memory");
	return (int32_t)r0;
}

/* The CPU arch_spin_entry (head.S) is for: one at a time. */
struct cpu *arch_spin_cpu;

void arch_cpu_release(uint64_t release, struct cpu *c)
{
	extern char arch_spin_entry[];
	uint32_t *slot = (uint32_t *)(uintptr_t)release;

	arch_spin_cpu = c;
	arch_sync_guest_memory(&arch_spin_cpu, sizeof(arch_spin_cpu));
	*slot = (uint32_t)arch_spin_entry;
	arch_sync_guest_memory(slot, sizeof(*slot));
	dsb(sy);
	__asm__ volatile("sev" : : : "memory");
}

void arch_wait_for_interrupt(void)
{
	dsb(sy);
	__asm__ volatile("wfi" : : : "memory");
}

/* ISR.I (DDI 0406C.d B4.1.86): in Hyp mode, the physical IRQ line. */
bool arch_irq_pending(void)
{
	return read_sysreg(ISR) & (1u << 7);
}

uint64_t arch_counter(void)
{
	isb();
	return read_sysreg64(CNTPCT);
}

uint64_t arch_counter_freq(void)
{
	return read_sysreg(CNTFRQ);
}

/* CNTHP_CTL (DDI 0406C.d B4.1.26): ENABLE, IMASK clear. */
void arch_htimer_program(uint64_t cval)
{
	write_sysreg64(CNTHP_CVAL, cval);
	write_sysreg(CNTHP_CTL, 1);
	isb();
}

void arch_htimer_stop(void)
{
	write_sysreg(CNTHP_CTL, 0);
	isb();
}

/* Plain stores: 32 bytes per STM once aligned (ARMv7 has no DC ZVA). */
void arch_zero(void *p, size_t n)
{
	uint8_t *b = p, *end = b + n;

	while (b < end && ((uintptr_t)b & 31))
		*b++ = 0;
	if (end - b >= 32) {
		uint8_t *stop = b + ((end - b) & ~(size_t)31);

		__asm__ volatile(
			"mov r4, #0\n\tmov r5, #0\n\tmov r6, #0\n\tmov r7, #0\n\t"
			"mov r8, #0\n\tmov r9, #0\n\tmov r10, #0\n\tmov r12, #0\n"
			"1:\tstmia %0!, {r4-r10, r12}\n\t"
			"cmp %0, %1\n\t"
			"blo 1b"
			: "+r"(b)
			: "r"(stop)
			: "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r12", "cc", "memory");
	}
	while (b < end)
		*b++ = 0;
}
