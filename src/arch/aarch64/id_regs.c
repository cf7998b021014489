/* SPDX-License-Identifier: MIT */
/*
 * Which CPU features a VM sees: the ID register fields Septum shows, each
 * with the highest value it may show (src/DESIGN.md, "CPU features a VM
 * sees", says why for each). A field not listed here reads 0, which for
 * every such field means "not implemented"; so does a register with no
 * field here, reserved encodings included. Field layouts: Arm ARM (DDI
 * 0487), the register descriptions of ID_AA64*_EL1 and of the AArch32 ID
 * registers. Pure logic: compiled into the host unit tests.
 */
#include <arch/id_regs.h>

struct id_field {
	uint8_t reg;     /* enum id_reg */
	uint8_t shift;   /* low bit of the 4-bit field */
	uint8_t max;     /* the highest value shown */
	bool sign;       /* signed field: 0xf (-1) is "not implemented" */
};

#define SHOW(r, s)     { r, s, 0xf, false }
#define CAP(r, s, m)   { r, s, m, false }
#define SSHOW(r, s)    { r, s, 0x7, true }
#define SCAP(r, s, m)  { r, s, m, true }
/* A 32-bit register shown whole (eight fields). */
#define ALL32(r) SHOW(r, 0), SHOW(r, 4), SHOW(r, 8), SHOW(r, 12), \
		 SHOW(r, 16), SHOW(r, 20), SHOW(r, 24), SHOW(r, 28)

static const struct id_field shown[] = {
	/* ID_AA64PFR0_EL1. Hidden: EL2, EL3, RAS, SVE, SEL2, MPAM, AMU, RME. */
	SHOW(ID_AA64PFR0, 0),       /* EL0: AArch64, maybe AArch32 */
	CAP(ID_AA64PFR0, 4, 1),     /* EL1: AArch64 only (HCR_EL2.RW) */
	SSHOW(ID_AA64PFR0, 16),     /* FP */
	SSHOW(ID_AA64PFR0, 20),     /* AdvSIMD */
	CAP(ID_AA64PFR0, 24, 1),    /* GIC: system register interface, v3 */
	SHOW(ID_AA64PFR0, 48),      /* DIT */
	SHOW(ID_AA64PFR0, 56),      /* CSV2 */
	SHOW(ID_AA64PFR0, 60),      /* CSV3 */
	/* ID_AA64PFR1_EL1. Hidden: MTE, RAS_frac, MPAM_frac, SME, RNDR_trap,
	 * NMI, MTE_frac, GCS, THE, MTEX, DF2, PFAR. */
	SHOW(ID_AA64PFR1, 0),       /* BT */
	SHOW(ID_AA64PFR1, 4),       /* SSBS */
	SHOW(ID_AA64PFR1, 32),      /* CSV2_frac */
	/* ID_AA64DFR0_EL1. Hidden: TraceVer, PMUVer, PMSS, SEBEP, PMSVer,
	 * TraceFilt, TraceBuffer, MTPMU, BRBE, ExtTrcBuff, HPMN0. */
	CAP(ID_AA64DFR0, 0, 9),     /* DebugVer: up to Armv8.4 debug */
	SHOW(ID_AA64DFR0, 12),      /* BRPs */
	SHOW(ID_AA64DFR0, 20),      /* WRPs */
	SHOW(ID_AA64DFR0, 28),      /* CTX_CMPs */
	SSHOW(ID_AA64DFR0, 36),     /* DoubleLock */
	/* ID_AA64ISAR0_EL1. Hidden: TME. */
	SHOW(ID_AA64ISAR0, 4),      /* AES */
	SHOW(ID_AA64ISAR0, 8),      /* SHA1 */
	SHOW(ID_AA64ISAR0, 12),     /* SHA2 */
	SHOW(ID_AA64ISAR0, 16),     /* CRC32 */
	SHOW(ID_AA64ISAR0, 20),     /* Atomic */
	SHOW(ID_AA64ISAR0, 28),     /* RDM */
	SHOW(ID_AA64ISAR0, 32),     /* SHA3 */
	SHOW(ID_AA64ISAR0, 36),     /* SM3 */
	SHOW(ID_AA64ISAR0, 40),     /* SM4 */
	SHOW(ID_AA64ISAR0, 44),     /* DP */
	SHOW(ID_AA64ISAR0, 48),     /* FHM */
	SHOW(ID_AA64ISAR0, 52),     /* TS */
	SHOW(ID_AA64ISAR0, 56),     /* TLB */
	SHOW(ID_AA64ISAR0, 60),     /* RNDR */
	/* ID_AA64ISAR1_EL1. Hidden: LS64. */
	SHOW(ID_AA64ISAR1, 0),      /* DPB */
	SHOW(ID_AA64ISAR1, ISAR1_APA),
	SHOW(ID_AA64ISAR1, ISAR1_API),
	SHOW(ID_AA64ISAR1, 12),     /* JSCVT */
	SHOW(ID_AA64ISAR1, 16),     /* FCMA */
	SHOW(ID_AA64ISAR1, 20),     /* LRCPC */
	SHOW(ID_AA64ISAR1, ISAR1_GPA),
	SHOW(ID_AA64ISAR1, ISAR1_GPI),
	SHOW(ID_AA64ISAR1, 32),     /* FRINTTS */
	SHOW(ID_AA64ISAR1, 36),     /* SB */
	SHOW(ID_AA64ISAR1, 40),     /* SPECRES */
	SHOW(ID_AA64ISAR1, 44),     /* BF16 */
	SHOW(ID_AA64ISAR1, 48),     /* DGH */
	SHOW(ID_AA64ISAR1, 52),     /* I8MM */
	SHOW(ID_AA64ISAR1, 56),     /* XS */
	/* ID_AA64ISAR2_EL1. Hidden: MOPS, SYSREG_128, SYSINSTR_128, ATS1A. */
	SHOW(ID_AA64ISAR2, 0),      /* WFxT */
	SHOW(ID_AA64ISAR2, 4),      /* RPRES */
	SHOW(ID_AA64ISAR2, ISAR2_GPA3),
	SHOW(ID_AA64ISAR2, ISAR2_APA3),
	SHOW(ID_AA64ISAR2, 20),     /* BC */
	SHOW(ID_AA64ISAR2, 24),     /* PAC_frac */
	SHOW(ID_AA64ISAR2, 28),     /* CLRBHB */
	SHOW(ID_AA64ISAR2, 40),     /* PRFMSLC */
	SHOW(ID_AA64ISAR2, 48),     /* RPRFM */
	SHOW(ID_AA64ISAR2, 52),     /* CSSC */
	SHOW(ID_AA64ISAR2, 56),     /* LUT */
	/* ID_AA64MMFR0_EL1. Hidden: SNSMem, TGran*_2, FGT. */
	CAP(ID_AA64MMFR0, 0, 5),    /* PARange: the IPA space, 48 bits at most */
	SHOW(ID_AA64MMFR0, 4),      /* ASIDBits */
	SHOW(ID_AA64MMFR0, 8),      /* BigEnd */
	SHOW(ID_AA64MMFR0, 16),     /* BigEndEL0 */
	CAP(ID_AA64MMFR0, 20, 1),   /* TGran16: without 52-bit addresses */
	SCAP(ID_AA64MMFR0, 24, 0),  /* TGran64 */
	SCAP(ID_AA64MMFR0, 28, 0),  /* TGran4: without 52-bit addresses */
	SHOW(ID_AA64MMFR0, 44),     /* ExS */
	CAP(ID_AA64MMFR0, 60, 1),   /* ECV: the EL0/EL1 part only */
	/* ID_AA64MMFR1_EL1. Hidden: VMIDBits, VH, LO, XNX, TWED, HCX. */
	CAP(ID_AA64MMFR1, 0, 2),    /* HAFDBS: without table access flags */
	SHOW(ID_AA64MMFR1, 12),     /* HPDS */
	SHOW(ID_AA64MMFR1, 20),     /* PAN */
	SHOW(ID_AA64MMFR1, 24),     /* SpecSEI */
	SHOW(ID_AA64MMFR1, 36),     /* ETS */
	SHOW(ID_AA64MMFR1, 44),     /* AFP */
	SHOW(ID_AA64MMFR1, 48),     /* nTLBPA */
	SHOW(ID_AA64MMFR1, 52),     /* TIDCP1 */
	SHOW(ID_AA64MMFR1, 56),     /* CMOW */
	SHOW(ID_AA64MMFR1, 60),     /* ECBHB */
	/* ID_AA64MMFR2_EL1. Hidden: NV, FWB, EVT. */
	SHOW(ID_AA64MMFR2, 0),      /* CnP */
	SHOW(ID_AA64MMFR2, 4),      /* UAO */
	SHOW(ID_AA64MMFR2, 8),      /* LSM */
	SHOW(ID_AA64MMFR2, 12),     /* IESB */
	SHOW(ID_AA64MMFR2, 16),     /* VARange */
	SHOW(ID_AA64MMFR2, 20),     /* CCIDX */
	SHOW(ID_AA64MMFR2, 28),     /* ST */
	SHOW(ID_AA64MMFR2, 32),     /* AT */
	SHOW(ID_AA64MMFR2, 36),     /* IDS */
	SHOW(ID_AA64MMFR2, 48),     /* TTL */
	SHOW(ID_AA64MMFR2, 52),     /* BBM */
	SHOW(ID_AA64MMFR2, 60),     /* E0PD */
	/* AArch32 (EL0): the instruction sets and memory model as they are;
	 * hidden as in AArch64: AMU, RAS, Security, Virtualization,
	 * Sec_frac, Virt_frac, secure debug, trace, PMU, XNX, EVT. */
	SHOW(ID_PFR0, 0), SHOW(ID_PFR0, 4), SHOW(ID_PFR0, 8),  /* State0-2 */
	SHOW(ID_PFR0, 12), SHOW(ID_PFR0, 16), SHOW(ID_PFR0, 24), /* State3, CSV2, DIT */
	SHOW(ID_PFR1, 0), SHOW(ID_PFR1, 8),   /* ProgMod, MProgMod */
	SHOW(ID_PFR1, 16), CAP(ID_PFR1, 28, 1), /* GenTimer, GIC */
	SHOW(ID_DFR0, 0), SHOW(ID_DFR0, 8), SHOW(ID_DFR0, 20), /* CopDbg, MMapDbg, MProfDbg */
	ALL32(ID_MMFR0), ALL32(ID_MMFR1), ALL32(ID_MMFR2), ALL32(ID_MMFR3),
	ALL32(ID_ISAR0), ALL32(ID_ISAR1), ALL32(ID_ISAR2), ALL32(ID_ISAR3),
	ALL32(ID_ISAR4), ALL32(ID_ISAR5), ALL32(ID_ISAR6),
	SHOW(ID_MMFR4, 0), SHOW(ID_MMFR4, 4), SHOW(ID_MMFR4, 12),  /* SpecSEI, AC2, CnP */
	SHOW(ID_MMFR4, 16), SHOW(ID_MMFR4, 20), SHOW(ID_MMFR4, 24), /* HPDS, LSM, CCIDX */
	ALL32(MVFR0), ALL32(MVFR1), ALL32(MVFR2),
	SHOW(ID_PFR2, 0), SHOW(ID_PFR2, 4),   /* CSV3, SSBS */
	SHOW(ID_MMFR5, 0), SHOW(ID_MMFR5, 4), /* ETS, nTLBPA */
};

/* A field's value for comparison: signed fields as -8..7. */
static int rank(const struct id_field *f, unsigned v)
{
	return f->sign ? (int)((v ^ 8) - 8) : (int)v;
}

static unsigned lower(const struct id_field *f, unsigned a, unsigned b)
{
	return rank(f, a) <= rank(f, b) ? a : b;
}

/* Without AArch32 at EL0 the AArch32 registers say nothing true. */
static void aarch32_only_with_el0(uint64_t view[ID_REGS])
{
	if (id_field(view[ID_AA64PFR0], PFR0_EL0) >= 2)
		return;
	for (unsigned i = 0; i <= ID_AARCH32_LAST; i++)
		view[i] = 0;
}

void id_regs_sanitize(const uint64_t raw[ID_REGS], uint64_t view[ID_REGS])
{
	for (unsigned i = 0; i < ID_REGS; i++)
		view[i] = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(shown); i++) {
		const struct id_field *f = &shown[i];
		unsigned v = lower(f, id_field(raw[f->reg], f->shift), f->max);

		view[f->reg] |= (uint64_t)v << f->shift;
	}
	aarch32_only_with_el0(view);
}

void id_regs_common(uint64_t view[ID_REGS], const uint64_t other[ID_REGS])
{
	for (unsigned i = 0; i < ARRAY_SIZE(shown); i++) {
		const struct id_field *f = &shown[i];
		unsigned v = lower(f, id_field(view[f->reg], f->shift),
				   id_field(other[f->reg], f->shift));

		view[f->reg] &= ~(0xfull << f->shift);
		view[f->reg] |= (uint64_t)v << f->shift;
	}
	aarch32_only_with_el0(view);
}

bool id_regs_pauth(const uint64_t view[ID_REGS])
{
	return id_field(view[ID_AA64ISAR1], ISAR1_APA) || id_field(view[ID_AA64ISAR1], ISAR1_API) ||
	       id_field(view[ID_AA64ISAR1], ISAR1_GPA) || id_field(view[ID_AA64ISAR1], ISAR1_GPI) ||
	       id_field(view[ID_AA64ISAR2], ISAR2_APA3) || id_field(view[ID_AA64ISAR2], ISAR2_GPA3);
}
