/* SPDX-License-Identifier: MIT */
/*
 * CPU features: the ID register values VMs read (HCR_EL2.TID3 traps them)
 * and the EL2 traps that keep what they do not see out of reach
 * (src/DESIGN.md, "CPU features a VM sees"; the policy is id_regs.c).
 *
 * Each CPU reads its own ID registers at init. The boot CPU's view
 * becomes the VMs' view; every CPU started later narrows it to the
 * features both have, so on a board that mixes CPU types VMs see what all
 * of them have. septum_main starts the VMs only once those CPUs are up.
 */
#include <arch/features.h>
#include <arch/id_regs.h>
#include <arch/sysreg.h>
#include <string.h>

#include "arch.h"
#include "console.h"
#include "spinlock.h"

static uint64_t view[ID_REGS];
static bool view_set;
/* Every CPU so far has AArch32 at EL1 (ID_AA64PFR0_EL1.EL1 == 2). */
static bool el1_aarch32 = true;
static struct spinlock view_lock = SPINLOCK_INIT;

/* ID register idx of this CPU: one MRS per encoding (reserved ones RAZ). */
static uint64_t read_id(unsigned idx)
{
#define R(crm, op2) case ID_INDEX(crm, op2): return read_sysreg(S3_0_C0_C##crm##_##op2);
#define ROW(crm) R(crm, 0) R(crm, 1) R(crm, 2) R(crm, 3) R(crm, 4) R(crm, 5) R(crm, 6) R(crm, 7)
	switch (idx) {
	ROW(1) ROW(2) ROW(3) ROW(4) ROW(5) ROW(6) ROW(7)
	}
#undef ROW
#undef R
	return 0;
}

/* The first CPU's view is the VMs' (the boot CPU, alone and with its MMU
 * still off: no lock); a later one's narrows it. */
static void add_to_view(unsigned cpu, const uint64_t mine[ID_REGS])
{
	bool differs;

	if (!view_set) {
		memcpy(view, mine, sizeof(view));
		view_set = true;
		return;
	}
	spin_lock(&view_lock);
	differs = memcmp(view, mine, sizeof(view)) != 0;
	if (differs)
		id_regs_common(view, mine);
	spin_unlock(&view_lock);
	if (differs)
		log_info("CPU %u has other features than the boot CPU: VMs see those all have",
			 cpu);
}

/*
 * The traps behind what VMs do not see, from this CPU's own registers
 * (Arm ARM: CPTR_EL2, MDCR_EL2): SVE and SME (TZ; TSM is among the RES1
 * bits), trace registers (TTA), activity monitors (TAM), the PMU (TPM,
 * TPMCR), statistical profiling and the trace buffer (TPMS; E2PB and E2TB
 * 0: owned by EL2, EL1 access traps), trace filter control (TTRF).
 */
static void set_traps(const uint64_t raw[ID_REGS])
{
	unsigned pmu = id_field(raw[ID_AA64DFR0], DFR0_PMUVER);
	uint64_t cptr = CPTR_EL2_RES1 | CPTR_TZ | CPTR_TTA;
	uint64_t mdcr = MDCR_TPMS;

	if (id_field(raw[ID_AA64PFR0], PFR0_AMU))
		cptr |= CPTR_TAM;
	/* HPMN keeps its reset value, PMCR_EL0.N. */
	if (pmu && pmu != 0xf)
		mdcr |= MDCR_TPM | MDCR_TPMCR | ((read_sysreg(pmcr_el0) >> 11) & 0x1f);
	if (id_field(raw[ID_AA64DFR0], DFR0_TRACEFILT))
		mdcr |= MDCR_TTRF;
	write_sysreg(cptr_el2, cptr);
	write_sysreg(mdcr_el2, mdcr);
}

/*
 * EL2 controls of later extensions that reset to UNKNOWN values, where
 * the CPU has them: HCRX_EL2 and the fine-grained trap registers (zero
 * enables nothing new for EL1 and traps the registers of features VMs do
 * not see), MPAM2_EL2 (EL1's MPAM registers trap: TRAPMPAM0EL1,
 * TRAPMPAM1EL1; every VM runs in the default partition).
 */
static void reset_extensions(const uint64_t raw[ID_REGS])
{
	if (id_field(raw[ID_AA64MMFR1], MMFR1_HCX))
		write_sysreg(S3_4_C1_C2_2, 0);          /* HCRX_EL2 */
	if (id_field(raw[ID_AA64MMFR0], MMFR0_FGT)) {
		write_sysreg(S3_4_C1_C1_4, 0);          /* HFGRTR_EL2 */
		write_sysreg(S3_4_C1_C1_5, 0);          /* HFGWTR_EL2 */
		write_sysreg(S3_4_C1_C1_6, 0);          /* HFGITR_EL2 */
		write_sysreg(S3_4_C3_C1_4, 0);          /* HDFGRTR_EL2 */
		write_sysreg(S3_4_C3_C1_5, 0);          /* HDFGWTR_EL2 */
	}
	if (id_field(raw[ID_AA64PFR0], PFR0_MPAM) || id_field(raw[ID_AA64PFR1], PFR1_MPAM_FRAC)) {
		write_sysreg(S3_4_C10_C5_0, BIT(49) | BIT(48));  /* MPAM2_EL2 */
		write_sysreg(S3_0_C10_C5_0, 0);         /* MPAM1_EL1 */
		write_sysreg(S3_0_C10_C5_1, 0);         /* MPAM0_EL1 */
	}
}

void features_cpu_init(unsigned cpu)
{
	uint64_t raw[ID_REGS], mine[ID_REGS];

	for (unsigned i = 0; i < ID_REGS; i++)
		raw[i] = read_id(i);
	id_regs_sanitize(raw, mine);
	if (id_field(raw[ID_AA64PFR0], PFR0_EL1) < 2)
		__atomic_store_n(&el1_aarch32, false, __ATOMIC_RELAXED);
	add_to_view(cpu, mine);
	set_traps(raw);
	reset_extensions(raw);
}

uint64_t features_hcr(void)
{
	uint64_t hcr = HCR_TID3;

	if (features_pauth())
		hcr |= HCR_API | HCR_APK;
	if (id_field(read_sysreg(id_aa64pfr0_el1), PFR0_RAS))
		hcr |= HCR_TERR;
	if (id_field(read_sysreg(id_aa64mmfr1_el1), MMFR1_LO))
		hcr |= HCR_TLOR;
	return hcr;
}

bool features_pauth(void)
{
	return id_regs_pauth(view);
}

bool arch_aarch32_el1(void)
{
	return __atomic_load_n(&el1_aarch32, __ATOMIC_RELAXED);
}

uint64_t arch_vcpu_id_reg(const struct arch_vcpu *a, unsigned id)
{
	/* An AArch32 EL1 reads the AArch64 registers' encodings (p15, 0,
	 * c0, c4-c7) as reserved: zero. */
	if (a->aarch32 && id > ID_AARCH32_LAST)
		return 0;
	return id < ID_REGS ? view[id] : 0;
}
