/* SPDX-License-Identifier: MIT */
/*
 * An architecture-neutral description of why a guest left for the
 * hypervisor. Arch code decodes the syndrome into it (pure logic, unit
 * tested); the core decides what to do (src/core/trap.c).
 */
#ifndef SEPTUM_TRAP_H
#define SEPTUM_TRAP_H

#include "types.h"

enum trap_kind {
	TRAP_UNKNOWN = 0,   /* anything the core has no policy for */
	TRAP_HVC,           /* hypercall; pc already past the instruction */
	TRAP_SMC,           /* trapped SMC; pc still at the instruction */
	TRAP_DABT,          /* stage-2 data abort */
	TRAP_IABT,          /* stage-2 instruction abort */
	TRAP_SYSREG,        /* trapped system register access */
	TRAP_WFX,           /* trapped WFI/WFE */
	TRAP_FP,            /* trapped FP/SIMD/SVE access */
	TRAP_IRQ,           /* a physical interrupt arrived while the guest ran */
	TRAP_SERROR,        /* an SError (esr holds its syndrome) */
};

/* What a trapped system register access is to the core: the arch decoder
 * classifies the encoding, the core never sees one. */
enum trap_sysreg {
	SYSREG_OTHER = 0,   /* nothing the core emulates: UNDEFINED to the guest */
	SYSREG_IMPDEF_CTRL, /* the auxiliary (implementation defined) control register */
	SYSREG_ID,          /* a CPU ID register; sysreg.id says which */
	SYSREG_GIC_SGI1,    /* GIC CPU interface: generate a Group 1 SGI */
	SYSREG_GIC_SGI0,    /* ... a Group 0 SGI */
};

enum trap_fault {
	FAULT_TRANSLATION,  /* no mapping at stage 2 */
	FAULT_ACCESS_FLAG,
	FAULT_PERMISSION,
	FAULT_EXTERNAL,     /* external abort, e.g. on the table walk */
	FAULT_OTHER,
};

struct trap_info {
	enum trap_kind kind;
	uint32_t esr;          /* raw syndrome, for reports */
	uint8_t insn_len;      /* 2 or 4: bytes to skip when emulated */
	union {
		struct {
			uint16_t imm;          /* HVC/SMC immediate */
		} call;
		struct {
			uint64_t ipa;          /* faulting IPA (page + offset) */
			uint64_t va;           /* FAR: the guest's virtual address */
			bool far_valid;
			bool write;
			bool isv;              /* fields below valid: emulable */
			uint8_t size;          /* access size in bytes: 1,2,4,8 */
			uint8_t reg;           /* transfer register, 31 = xzr */
			bool sign_extend;
			bool reg64;            /* 64-bit register (else 32-bit) */
			bool s1ptw;            /* fault on the guest's stage-1 walk */
			enum trap_fault fault;
			uint8_t level;         /* translation level of the fault */
		} abort;
		struct trap_sysreg_access {
			enum trap_sysreg which;
			uint8_t reg;           /* transfer register */
			uint8_t reg2;          /* pair: the register of bits 63:32 */
			bool pair;             /* a 64-bit value in two 32-bit
						* registers, reg (31:0) and reg2 */
			bool read;             /* a read (else a write) */
			uint8_t id;            /* SYSREG_ID: the arch's number for
						* it, for arch_vcpu_id_reg() */
		} sysreg;
		struct {
			bool wfe;
		} wfx;
	};
};

/*
 * Decodes an exception from a lower EL. esr, far and hpfar are the raw
 * ESR_EL2, FAR_EL2 and HPFAR_EL2 values. Pure: no register access.
 * Returns false (kind = TRAP_UNKNOWN) for syndromes it does not model.
 */
bool arch_trap_decode(uint64_t esr, uint64_t far, uint64_t hpfar,
		      struct trap_info *out);

struct vcpu;

/* Applies the core's policy to what a running vCPU did (src/core/trap.c),
 * from vcpu_exit() (vcpu.h), which handles TRAP_IRQ and TRAP_SERROR
 * itself. */
void trap_handle(struct vcpu *v, const struct trap_info *t);

#endif /* SEPTUM_TRAP_H */
