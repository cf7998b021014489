/* SPDX-License-Identifier: MIT */
/*
 * What the core asks of the architecture. Implemented by src/arch/aarch64
 * (and by src/arch/host for the unit tests, for the parts they reach).
 */
#ifndef SEPTUM_ARCH_H
#define SEPTUM_ARCH_H

#include "board.h"
#include "pt.h"
#include "trap.h"
#include <arch/vcpu.h>

#include "types.h"

struct arch_vcpu;
struct arch_regs;
struct cpu;

/* CPUs. */
uint64_t arch_cpu_mpidr(void);
/* Per-CPU EL2 set-up: trap controls, stage-2 controls, TPIDR_EL2 = c. */
void arch_cpu_init(struct cpu *c);
/* Starts physical CPU mpidr at arch_secondary_entry with x0 = c, through
 * the firmware's PSCI. Returns the PSCI result. */
int64_t arch_cpu_start(enum psci_conduit conduit, uint64_t mpidr, struct cpu *c);
/* Releases physical CPU c from the firmware's spin table (Linux's arm64
 * booting.rst): the address of its entry goes to release (its
 * cpu-release-addr, in RAM the EL2 map covers), cleaned to the point of
 * coherency, then SEV. The entry finds c through one shared slot: release
 * the next CPU only once c is online. */
void arch_cpu_release(uint64_t release, struct cpu *c);
/* Waits for an interrupt (pending, even if masked). */
void arch_wait_for_interrupt(void);
/* Is a physical IRQ pending at the calling CPU (masked at EL2 as always)?
 * Long work at EL2 looks between its pieces (reload.h). */
bool arch_irq_pending(void);
uint64_t arch_counter(void);
uint64_t arch_counter_freq(void);
/* The EL2 physical timer of the calling CPU (htimer.c is its only user):
 * fires its PPI once the counter reaches cval (absolute, arch_counter()
 * ticks), until reprogrammed or stopped. */
void arch_htimer_program(uint64_t cval);
/* Stops it: its interrupt is no longer asserted. */
void arch_htimer_stop(void);
/* The EL1 timers (enum arch_timer) and arch_timer_asserted(): inline, in
 * <arch/timer.h>. */

/* Memory. */
/* Bits of physical address the CPU implements (ID_AA64MMFR0_EL1). */
unsigned arch_pa_bits(void);
/* Input-address bits of Septum's translation tables, stage 1 and 2: the
 * PA size, at most 48 (4 KiB granule, no LPA2). */
unsigned arch_ia_bits(void);
/* Builds the hypervisor's identity map (W^X) and turns on the MMU and
 * caches on the calling CPU; on secondaries, pass NULL to reuse it. */
void arch_mmu_enable(const struct board *b);
/* Takes the boot-only code (__boot, septum.ld) out of the hypervisor's
 * map on every CPU; from now on running it faults. Boot CPU, once.
 * Returns the bytes unmapped. */
uint64_t arch_unmap_boot_code(void);
/* Stage-2 control (VTCR_EL2) for arch_ia_bits(), on the calling CPU. */
void arch_stage2_init(void);
uint64_t arch_vttbr(const struct pt *s2);
/* Cleans [p, p+n) to the point of coherency (the guest may run with its
 * MMU off) and invalidates the instruction cache. */
void arch_sync_guest_memory(void *p, size_t n);

/* Zeroes [p, p+n) quickly (DC ZVA where it can). */
void arch_zero(void *p, size_t n);

/* Zeroes [p, p+n) and cleans it to the point of coherency, in one pass:
 * a guest reading it with its MMU off (not through the caches) sees
 * zeros, never what memory held before. Ends with a DSB. */
void arch_zero_to_poc(void *p, size_t n);

/* vCPUs. */
/* arch_vcpu_reset()'s flags: how a vCPU starts. */
#define ARCH_ENTRY_AARCH32 BIT(0)  /* EL1 is AArch32 (its VM's arch) */
#define ARCH_ENTRY_BOOT    BIT(1)  /* its kernel's first entry: arg is the DT */

/*
 * Resets a vCPU to the boot state: pc = entry, EL1 with MMU off and
 * interrupts masked. AArch64: x0 = arg. AArch32 (SVC mode, ARM state, or
 * Thumb if entry has bit 0 set): at ARCH_ENTRY_BOOT the 32-bit Linux boot
 * protocol's r0 = 0, r1 = ~0 (no machine type), r2 = arg; else (PSCI
 * CPU_ON) r0 = arg.
 */
void arch_vcpu_reset(struct arch_vcpu *a, uint64_t entry, uint64_t arg, unsigned flags,
		     uint64_t vmpidr, uint64_t vttbr, uint64_t cntvoff);
/* Puts the vCPU's EL1, FP and EL2 controls into the CPU's registers. */
void arch_vcpu_load(struct arch_vcpu *a);
/* Saves them back (the CPU is about to run something else). */
void arch_vcpu_put(struct arch_vcpu *a);
__attribute__((noreturn)) void arch_vcpu_enter(struct arch_regs *regs);
/* arch_vcpu_get_reg/set_reg/skip_insn/pc: inline in <arch/vcpu.h>. */
/* Reflects a stage-2 abort to the guest as a synchronous external abort
 * at EL1. The vCPU must be loaded. */
void arch_vcpu_inject_abort(struct arch_vcpu *a, const struct trap_info *t);
/* Raises an undefined-instruction exception at EL1. Loaded vCPU. */
void arch_vcpu_inject_undef(struct arch_vcpu *a);
/* True if every CPU started so far can run EL1 in AArch32 (an AArch32
 * VM can run on them). */
bool arch_aarch32_el1(void);
/* The value of CPU ID register id (a SYSREG_ID trap's sysreg.id) as the
 * vCPU's VM sees it: the features that work for it, the others hidden
 * (src/DESIGN.md, "CPU features a VM sees"). Any CPU, after boot. */
uint64_t arch_vcpu_id_reg(const struct arch_vcpu *a, unsigned id);

#endif /* SEPTUM_ARCH_H */
