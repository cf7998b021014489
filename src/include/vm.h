/* SPDX-License-Identifier: MIT */
/*
 * VMs and vCPUs.
 *
 * Locks and their order: src/DESIGN.md, "Lock order".
 */
#ifndef SEPTUM_VM_H
#define SEPTUM_VM_H

#include <arch/vcpu.h>

#include "board.h"
#include "cfg.h"
#include "health.h"
#include "pt.h"
#include "reload.h"
#include "spinlock.h"
#include "term.h"
#include "types.h"
#include "vgic.h"
#include "vgic_hw.h"
#include "vpci.h"
#include "vmmio.h"
#include "vuart.h"
#include "wdog.h"

enum vcpu_power {
	VCPU_OFF,
	VCPU_ON_PENDING,   /* CPU_ON accepted, its CPU has not entered it yet */
	VCPU_ON,
};

struct vm;

struct vcpu {
	struct arch_vcpu arch;       /* first: the trap frame is 16-aligned */
	struct vm *vm;
	unsigned idx;                /* index within the VM = Aff0 of its MPIDR */
	unsigned cpu;                /* physical CPU it is pinned to */
	enum vcpu_power power;       /* under vm->lock */
	uint64_t on_entry;           /* CPU_ON entry point and context id */
	uint64_t on_context;
	bool on_boot;                /* ... or the VM's start: on_context is its DT */
	bool loaded;                 /* its state is in its CPU's registers */
	/* Time partitions (sched.c): on a CPU with a schedule, WFI traps;
	 * waiting: it executed WFI with nothing pending and runs again once
	 * something is, or at wake_at (its timer, counter ticks; 0: none). */
	bool scheduled;
	bool waiting;
	uint64_t wake_at;
	/* EL1 timers (bit = enum arch_timer) whose interrupt was forwarded
	 * and not yet seen to drop (vtimer.c). */
	uint8_t timer_live;
	/* Virtual GIC, on its own CPU (vgic_vm.c). */
	bool vgic_dirty;             /* the model may have news: refill LRs */
	unsigned lr_used;
	/* List registers written non-zero at the last entry (all ones: not
	 * known, after a load or reset); only these and the ones now used
	 * are written at the next (the others hold 0 since the load). */
	uint32_t lr_live;
	struct vgic_lr lrs[VGIC_MAX_LRS];
	struct vgic_hw_state vgic_hw;
};

enum vm_state {
	VM_STOPPED,      /* off: SYSTEM_OFF, fault policy, or never started */
	VM_RUNNING,
	VM_STOPPING,     /* its vCPUs are being taken off their CPUs */
};

#define VM_LINE_MAX 160
#define VM_OUTQ_SIZE 4096     /* a power of two */

struct vm {
	unsigned id;
	const struct cfg_vm *cfg;
	struct spinlock lock;
	enum vm_state state;
	unsigned nvcpus;
	struct vcpu vcpu[CFG_MAX_VCPUS];
	struct pt s2;
	uint64_t vttbr;
	struct vmmio mmio;           /* emulated devices; fixed once built */
	struct vuart uart;
	struct vgic_dist vgic;
	struct vpci vpci;            /* its PCI functions' configuration space */
	/* Other CPUs posted work to it (doorbells, console input): one of
	 * its CPUs calls vm_drain_posted() on its way into the guest. */
	bool posted;
	uint64_t dtb_ipa;            /* where its device tree is */
	const void *dt;              /* ... made once at boot (Septum's copy) */
	size_t dt_size;
	uint64_t cntvoff;            /* its virtual counter = physical - cntvoff */
	uint64_t faults;             /* stage-2 faults reflected since start */
	uint64_t ipc_errors;         /* doorbells rung on channels it is no end of */
	uint8_t chan_end[CFG_MAX_CHANNELS];  /* which end of each channel it is */
	uint64_t starts;             /* times started */
	struct health health;        /* events and the policy's restarts (health.h) */
	struct wdog wdog;            /* its watchdog, if it has one (wdog.h) */
	struct reload reload;        /* its restart's work, in pieces (reload.h) */
	bool fault_reported;         /* first fault of this run already printed */
	/* Console output (console.c): the line being gathered, then records
	 * (whole lines, raw bytes) queued for the UART. Under out_lock. */
	struct spinlock out_lock;
	char line[VM_LINE_MAX];
	unsigned line_len;
	struct term_scan out_scan;       /* escape sequences being dropped */
	char outq[VM_OUTQ_SIZE];
	unsigned outq_head, outq_tail;   /* free-running byte counts */
	unsigned raw_at;                 /* the last raw record, if raw_open */
	bool raw_open;                   /* ... is queued and may grow */
	bool raw_gap;                    /* raw output was dropped since */
	unsigned dropped;                /* lines lost to a full queue */
	unsigned dropped_reported;
	unsigned dropped_bytes;          /* raw bytes lost to a full queue */
	unsigned dropped_bytes_reported;
};

extern struct vm vms[CFG_MAX_VMS];
extern unsigned vm_count;

/* Building, starting and stopping VMs (src/core/vm.c). */

/*
 * Builds every valid VM of p: places its memory in mem_ram (cfg_place:
 * every VM's fixed regions first, then the others allocated), builds its
 * stage-2 tables, loads its images and device tree, and says on the
 * console which VMs are trusted with DMA-capable devices.
 * A VM that cannot be built is refused with a message naming it; the
 * others go on. Boot CPU, before the VMs start. Returns the VMs built.
 */
unsigned vm_build_all(struct partition *p, const struct board *b);
/* Starts vm on vCPU 0 (cpu_idle on each CPU picks it up). */
void vm_start(struct vm *vm);
/* Makes t's CPU look at t (after its power state changed). */
void vm_kick(struct vcpu *t);
/* Makes a CPU of vm that runs one of its vCPUs pass through the entry
 * path (for work posted to the VM): vCPU prefer's if it is on, else the
 * first vCPU that is. */
void vm_kick_running(struct vm *vm, unsigned prefer);
/* After posting work to vm from another CPU (vgic_post, vuart_post):
 * flags it and kicks a running vCPU (prefer's if it is on). */
void vm_post(struct vm *vm, unsigned prefer);
/*
 * The short path (src/DESIGN.md, "The hot path"): the arch answered a
 * trap of v without the exit's work (hvc_fast, vgic_vm_sgi1r). True if v
 * may go straight back to its guest: nothing of its own is waiting (no
 * vGIC news, as after an SGI to itself; no posted work), else the arch
 * runs vcpu_exit_tail. Its power state is not looked at: no fast call
 * changes it, and another CPU that does kicks it. Work that arrives after
 * this test comes with a kick too, an interrupt taken at the ERET.
 */
static inline bool vcpu_fast_return(const struct vcpu *v)
{
	return !__atomic_load_n(&v->vgic_dirty, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&v->vm->posted, __ATOMIC_RELAXED);
}

/* On a CPU of vm, before entering the guest, if vm->posted: folds in the
 * posted doorbells and console input. */
void vm_drain_posted(struct vm *vm);
/* vm_drain_posted but for the vGIC's posted SPIs, which the caller then
 * drains itself (the short path's refill, vgic_vcpu_refill_posted_fast,
 * or vgic_vm_drain_posted). */
void vm_drain_posted_but_vgic(struct vm *vm);
/*
 * Takes every vCPU of vm off its CPU. With restart, reloads its memory
 * and starts it again; else leaves it stopped. Logs "vm <name>:
 * restarting (<why>)" or "stopped (<why>)" (nothing if why is NULL).
 * Called by a vCPU of vm (caller) on its own CPU, loaded or not, without
 * vm->lock; the health monitor (health.h) decides restart. Returns once
 * the VM is stopped (and restarted); the caller's vCPU resumes only if
 * restarted on this CPU. If vCPU 0's CPU has a schedule (vsched.h), the
 * reload is only set up (vm->reload.pending) and vCPU 0's CPU is kicked:
 * the work is done there in the VM's own time (vm_restart_turn), and the
 * VM stays VM_STOPPING until it starts again.
 */
void vm_stop(struct vm *vm, struct vcpu *caller, bool restart, const char *why);

/*
 * One turn of vm's restart task on vCPU 0's scheduled CPU (the calling
 * CPU, in the time of one of vm's vCPUs there; sched.c, with
 * vm->reload.pending): reloads until the counter
 * value until (or an interrupt is pending), and once the reload is done,
 * lets its devices' DMA go and starts the VM (vCPU 0 on, logging how long
 * the restart took). Returns true if the VM was started.
 */
bool vm_restart_turn(struct vm *vm, uint64_t until);

#endif /* SEPTUM_VM_H */
