/* SPDX-License-Identifier: MIT */
/*
 * The ID register values VMs read (HCR.TID3 traps them; src/DESIGN.md,
 * "CPU features a VM sees"). ARMv7's ID space is CP15 c0 with opc1 0,
 * CRm 1..7 (B4.1.65 lists what TID3 traps), numbered as the AArch64 ID
 * space numbers it: (CRm - 1) * 8 + op2; MVFR0/1 (VMRS) come after it
 * (arch/hsr.h), so that the reserved c0, c3, 0 and 1 read 0 as on the CPU.
 * The boot CPU's values, with what VMs cannot use hidden: the PMU (HDCR
 * traps it), the Security and Virtualization extensions (SMC is a
 * hypercall, HYP is Septum's); a CPU started later narrows nothing (the
 * boards Septum runs on have one kind of ARMv7 core).
 */
#include <arch/hsr.h>
#include <arch/sysreg.h>

#include "arch.h"

#define ID_PFR1_IDX  ID_INDEX(1, 1)
#define ID_DFR0_IDX  ID_INDEX(1, 2)

static uint32_t view[ID_REGS32];
static bool view_set;

void features_cpu_init(unsigned cpu);
/* ARMv7-A's PL1 is AArch32. */
bool arch_aarch32_el1(void)
{
	return true;
}

bool arch_fp_d32(void);

/* ID register idx of this CPU (CRm 1..2: the ARMv7 ones; the rest RAZ). */
static uint32_t read_id(unsigned idx)
{
#define R(crm, op2) case ID_INDEX(crm, op2): return read_sysreg(CP32(0, c0, c##crm, op2));
	switch (idx) {
	R(1, 0) R(1, 1) R(1, 2) R(1, 3) R(1, 4) R(1, 5) R(1, 6) R(1, 7)
	R(2, 0) R(2, 1) R(2, 2) R(2, 3) R(2, 4) R(2, 5)
	}
#undef R
	return 0;
}

/* From arch_cpu_init, on each CPU; the first sets the view. */
void features_cpu_init(unsigned cpu)
{
	uint32_t m0, m1;

	if (view_set)
		return;
	for (unsigned i = 0; i < ID_CP15_REGS; i++)
		view[i] = read_id(i);
	/* ID_PFR1: Security [7:4], Virtualization [15:12] (B4.1.93). */
	view[ID_PFR1_IDX] &= ~(0xf0u | 0xf000u);
	/* ID_DFR0: PerfMon [27:24] (B4.1.90). */
	view[ID_DFR0_IDX] &= ~0x0f000000u;
	__asm__ volatile(".fpu neon\n\tvmrs %0, mvfr0\n\tvmrs %1, mvfr1" : "=r"(m0), "=r"(m1));
	view[ID_VMRS_MVFR0] = m0;
	view[ID_VMRS_MVFR1] = m1;
	view_set = true;
}

/* Does the CPU have D16-D31 (MVFR0.A_SIMD registers == 2, B6.1.12)? */
bool arch_fp_d32(void)
{
	return (view[ID_VMRS_MVFR0] & 0xf) == 2;
}

uint64_t arch_vcpu_id_reg(const struct arch_vcpu *a, unsigned id)
{
	return id < ID_REGS32 ? view[id] : 0;
}
