/* SPDX-License-Identifier: MIT */
/*
 * The SMMU, which confines passed-through devices' DMA to their VM's
 * memory (src/DESIGN.md, "SMMU"): drivers/smmuv3.c on AArch64, a stand-in
 * without one elsewhere. Every stream not given to a VM aborts.
 *
 * Lock: one, the command queue's; a leaf ("Lock order").
 */
#ifndef SEPTUM_SMMU_H
#define SEPTUM_SMMU_H

#include "board.h"
#include "types.h"

struct vm;

/* Takes the board's SMMU, if it has one: tables from mem_ram, every
 * stream aborting, then enabled. False (with a message) if the board
 * has one Septum cannot drive; true if it has none. Boot CPU, after the
 * MMU, before the VMs are built. */
bool smmu_init(const struct board *b);
/* Whether smmu_init() took an SMMU. */
bool smmu_present(void);
/* Gives vm's confined devices' streams vm's stage 2 (its own tables,
 * its VMID). False (with a message) if it cannot. At boot, after its
 * stage 2 exists. */
bool smmu_attach(struct vm *vm);
/* Sets vm's streams to abort and waits until the SMMU has no
 * translation of them left: its devices' DMA stops reaching memory.
 * Before its memory is scrubbed (VM stop, restart). */
void smmu_quiesce(struct vm *vm);
/* DMA faults the SMMU has seen from vm's devices since it last started
 * (every one is counted; only the first of a run is printed). */
uint64_t smmu_faults(const struct vm *vm);
/* Gives vm's streams its stage 2 again (a restart, after the scrub). */
void smmu_resume(struct vm *vm);
/* Removes the SMMU's cached translations of a stage 2 (VMID vmid) and
 * waits for it: after a stage-2 entry is removed or changed (the arch's
 * stage-2 TLB maintenance calls it). Any CPU. */
void smmu_tlb_inval_vmid(uint16_t vmid);
/* Routes the SMMU's event and global-error interrupts to this CPU. */
void smmu_route(unsigned cpu, uint64_t mpidr);
/* A physical interrupt: if it is the SMMU's, reports its events (a
 * device's fault once per VM run, with the stream and the address).
 * IRQ path. */
void smmu_interrupt(uint32_t intid);

#endif /* SEPTUM_SMMU_H */
