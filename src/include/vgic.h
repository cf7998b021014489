/* SPDX-License-Identifier: MIT */
/*
 * The virtual GIC model: per-VM distributor and per-vCPU redistributor
 * state, the trap-and-emulate register frames (GICv2 distributor, GICv3
 * distributor and redistributors), SGI generation, injection, and the
 * list-register policy. Pure logic: the LR encoding and every hardware
 * access belong to the arch glue.
 *
 * Specifications: GICv2 is IHI 0048B (chapter 4: distributor; 5.3: the
 * virtual interface), GICv3 is IHI 0069H (chapter 12: programmers' model).
 *
 * Presentation (one VM sees a GIC of the hardware's version):
 *   - GICv3: a single Security state (GICD_CTLR.DS RAO/WI), affinity routing
 *     always on (ARE RAO/WI), every interrupt Group 1 (IGROUPR RAO/WI), no
 *     LPIs, no ITS, no extended ranges; vCPU i has MPIDR affinity 0.0.0.i.
 *     An SPI routed with IRM = 1 goes to the lowest awake vCPU.
 *   - GICv2: no Security Extensions and every interrupt Group 0 (IGROUPR
 *     RAZ/WI): a guest that sets only GICC_CTLR bit 0, as Linux does, sees
 *     its interrupts. SGIs are permanently enabled, as on GIC-400.
 *   - 5 priority bits: the low 3 bits of every priority are RAZ/WI.
 *
 * The guest's pending and active state lives in this model while its vCPU
 * is out of the guest, and in the list registers while it runs. The arch
 * glue keeps one struct vgic_lr array per vCPU and, on that vCPU's CPU:
 *   - at every exit from the guest, before handling it: reads back the LR
 *     states into the array, then vgic_lr_sync();
 *   - before every entry: vgic_lr_fill(), then writes the LRs from the
 *     array (and enables the underflow maintenance interrupt if it says
 *     interrupts are still queued);
 *   - when the vCPU (re)starts: vgic_lr_reset() on the array.
 *
 * Kicks: every call that may give another vCPU new work returns a mask of
 * vCPU indexes (bit i = vCPU i). The caller sends a kick SGI to the CPU of
 * each of them that is running its guest; its own bit may be set and needs
 * nothing (the caller fills its LRs before it returns to its guest).
 *
 * Locking: struct vgic_dist.lock covers all of a VM's model. Every
 * non-static vgic_* function that takes a struct vgic_dist takes the lock
 * itself, except vgic_init and the vgic_set_owned/vgic_set_hw
 * configuration calls (call them before any vCPU runs) and
 * vgic_redist_decode (pure). The lock is a leaf: nothing is called while
 * holding it, so it may be taken with the VM lock held, not the reverse.
 */
#ifndef SEPTUM_VGIC_H
#define SEPTUM_VGIC_H

#include "check.h"
#include "spinlock.h"
#include "intid.h"
#include "types.h"

#define VGIC_MAX_VCPUS       8      /* GICv2's limit; bits in a kick mask */
#define VGIC_MAX_SPIS        (VM_MAX_INTID + 1 - VGIC_NR_PRIVATE)  /* intid.h */
#define VGIC_MAX_LRS         16     /* ICH_VTR_EL2.ListRegs is 4 bits */
#define VGIC_NR_SGIS         16
#define VGIC_NR_PRIVATE      32     /* SGIs and PPIs, banked per vCPU */
#define VGIC_INTID_NONE      1023   /* an unused LR slot; also "spurious" */

#define VGIC_PRIO_BITS       5
#define VGIC_PRIO_MASK       ((uint8_t)(0xff << (8 - VGIC_PRIO_BITS)))

#define VGIC_V2_DIST_SIZE    0x1000    /* IHI 0048B table 4-1 */
#define VGIC_V3_DIST_SIZE    0x10000   /* IHI 0069H 12.8 */
#define VGIC_V3_REDIST_STRIDE 0x20000  /* RD_base + SGI_base, 12.10 */
#define VGIC_V3_SGI_BASE     0x10000

enum vgic_version { VGIC_V2 = 2, VGIC_V3 = 3 };

enum vgic_err {
	VGIC_OK = 0,
	VGIC_BAD_ACCESS,    /* size or alignment the spec does not allow:
	                     * the caller injects an external abort */
	VGIC_BAD_CONFIG,    /* invalid configuration argument */
};

/* Per-interrupt state (flags: VGIC_F_* in src/core/vgic/vgic_priv.h). */
struct vgic_irq {
	uint16_t flags;
	uint8_t priority;   /* only VGIC_PRIO_MASK bits */
	uint8_t targets;    /* v2 SPIs: GICD_ITARGETSR CPU mask */
	uint8_t lr_vcpu;    /* whose LR holds it, if VGIC_F_IN_LR */
};

struct vgic_cpu {
	struct vgic_irq priv[VGIC_NR_PRIVATE];
	uint8_t sgi_src[VGIC_NR_SGIS];  /* v2: pending sources, bit s = vCPU s */
	bool asleep;                    /* GICR_WAKER.ProcessorSleep */
	uint32_t hint;                  /* SGIs/PPIs that may be queued */
	/* Software links (vgic_dist.soft_links): INTIDs this vCPU's guest
	 * deactivated, whose physical interrupt Septum must now end. */
	uint32_t ended[(VM_MAX_INTID + 32) / 32];
	bool ended_any;
};

struct vgic_dist {
	struct spinlock lock;
	enum vgic_version version;
	unsigned nvcpus;
	unsigned nspi;              /* SPIs 32..32+nspi-1 are implemented */
	bool enabled;               /* GICD_CTLR: v3 EnableGrp1, v2 EnableGrp0 */
	/* Links to hardware (vgic_set_hw) are Septum's, not the list
	 * registers': such an LR has no HW bit but asks for a maintenance
	 * interrupt, and vgic_lr_sync records its deactivation for
	 * vgic_take_ended. For virtual interfaces whose HW bit cannot be
	 * relied on (vgic_hw.h). Set before any vCPU runs. */
	bool soft_links;
	struct vgic_irq spi[VGIC_MAX_SPIS];
	uint32_t route[VGIC_MAX_SPIS];  /* v3 GICD_IROUTER: Aff2.Aff1.Aff0, IRM */
	/* SPIs that may be queued (bit i of word w: SPI 32 + 32w + i): set
	 * wherever an interrupt may become pending or active or leaves an
	 * LR, cleared by the list-register fill when it finds nothing, so
	 * the fill looks only at these (and each vCPU's hint). */
	uint32_t spi_hint[(VGIC_MAX_SPIS + 31) / 32];
	struct vgic_cpu cpu[VGIC_MAX_VCPUS];
	/* Posted SPIs (vgic_post), same bit layout as spi_hint; written
	 * without the lock, folded in by vgic_drain_posted. */
	uint32_t posted[(VGIC_MAX_SPIS + 31) / 32];
	bool posted_any;
};

/* List register states: ICH_LR<n>_EL2.State (IHI 0069H 12.4) and
 * GICH_LR<n>.State (IHI 0048B 5.3) use the same values. */
enum vgic_lr_state {
	VGIC_LR_INVALID = 0,
	VGIC_LR_PENDING = 1,
	VGIC_LR_ACTIVE = 2,
	VGIC_LR_PENDING_ACTIVE = 3,
};

/* One list register, architecture-neutral. The glue encodes it. */
struct vgic_lr {
	uint16_t intid;      /* virtual INTID; VGIC_INTID_NONE: slot unused */
	uint16_t pintid;     /* physical INTID, if hw */
	uint8_t state;       /* enum vgic_lr_state */
	uint8_t priority;
	uint8_t source;      /* v2 SGIs: the requesting vCPU (GICH_LR.CPUID) */
	bool group1;         /* v3: Group 1; v2: Group 0 */
	bool hw;             /* deactivation also deactivates pintid */
	bool soft;           /* linked to pintid by Septum (soft_links) */
	bool eoi_maint;      /* want a maintenance interrupt when the guest
	                      * deactivates it (never with hw) */
};

/* An entry of a vCPU's queue: interrupts for it that no LR holds. */
struct vgic_pending {
	uint16_t intid;
	uint8_t priority;
	uint8_t source;      /* v2 SGIs: lowest pending source */
	bool pending;        /* pending (and enabled) */
	bool active;         /* active: must be in an LR to be deactivated */
};

/*
 * Sets up d for a VM of nvcpus vCPUs and nspi SPIs (a multiple of 32, or
 * 988) at reset state: every SPI not owned, nothing pending, enabled or
 * active, GICR_WAKER.ProcessorSleep set. Returns VGIC_BAD_CONFIG for
 * impossible sizes. Not locked: call before any vCPU runs.
 */
enum vgic_err vgic_init(struct vgic_dist *d, enum vgic_version version,
			unsigned nvcpus, unsigned nspi);
/*
 * Returns d to reset state (as after vgic_init), keeping which SPIs the VM
 * owns and which interrupts are linked to hardware. Takes d->lock. The
 * caller also resets every vCPU's LR array.
 */
void vgic_reset(struct vgic_dist *d);
/* Gives SPI intid to the VM. VGIC_BAD_CONFIG if not an implemented SPI.
 * Not locked: configuration time only. */
enum vgic_err vgic_set_owned(struct vgic_dist *d, unsigned intid);
/* Makes SPI intid edge-triggered now and after every reset (a doorbell:
 * its guest DT entry says edge, and a level doorbell would cost a
 * maintenance interrupt per delivery). The guest may still reprogram
 * GICD_ICFGR. Not locked: configuration time only. */
enum vgic_err vgic_set_edge_reset(struct vgic_dist *d, unsigned intid);
/*
 * Links virtual intid (a PPI of vCPU vcpu, or an owned SPI) to the physical
 * interrupt of the same number: its LRs get hw set, so that the guest's
 * deactivation deactivates the physical interrupt. VGIC_BAD_CONFIG for SGIs
 * and SPIs not owned. Not locked: configuration time only.
 */
enum vgic_err vgic_set_hw(struct vgic_dist *d, unsigned vcpu, unsigned intid,
			  bool hw);

/*
 * An edge on intid (from a physical interrupt, a doorbell, the virtual
 * timer; SGIs from vcpu to itself): latches it pending. vcpu picks the bank
 * of an SGI or PPI and is ignored for SPIs. Unowned or unimplemented
 * interrupts are ignored. Returns the kick mask: the target vCPU if the
 * interrupt is enabled and the distributor is, else 0. Takes d->lock.
 */
uint32_t vgic_set_pending(struct vgic_dist *d, unsigned vcpu, unsigned intid);
/*
 * Sets the input line of intid (for level-sensitive emulated sources): a
 * level-sensitive interrupt is pending while its line is high, an
 * edge-triggered one latches on a rising edge. Otherwise as
 * vgic_set_pending. Takes d->lock.
 */
uint32_t vgic_set_level(struct vgic_dist *d, unsigned vcpu, unsigned intid,
			bool level);
/* What vgic_source_low found (and did). */
enum vgic_drop {
	VGIC_DROP_NONE,     /* nothing of intid pending or active */
	VGIC_DROP_GUEST,    /* active in the guest: its deactivation ends it */
	VGIC_DROP_RELEASE,  /* its pending state is gone: the caller ends
	                     * the physical interrupt it held for it */
};
/*
 * The source of the hardware-linked intid (vCPU vcpu's bank for a PPI), an
 * interrupt Septum forwards from a level-sensitive physical one, no longer
 * asserts (the virtual timer was turned off, masked or moved into the
 * future). If the guest has not acknowledged it, it loses its pending
 * state, as if written to ICPENDR, and VGIC_DROP_RELEASE tells the caller
 * to end the physical interrupt it held active for the guest; one the
 * guest has active is left to the guest. *kick gets the kick mask. Between
 * vgic_lr_sync and vgic_lr_fill. Takes d->lock.
 */
enum vgic_drop vgic_source_low(struct vgic_dist *d, unsigned vcpu, unsigned intid,
			       uint32_t *kick);
/*
 * Posted interrupts, for edges raised from another VM's CPU (doorbells):
 * vgic_post() latches SPI intid without taking d->lock, so the raiser never
 * waits for this VM's vCPUs, which hold the lock while they trap (on
 * hardware for a few hundred cycles; under an emulator that deschedules a
 * vCPU, for a whole time slice). It returns the vCPU that should look (the
 * interrupt's target as far as an unlocked read can tell), or a negative
 * value if intid is not an implemented SPI. That vCPU's CPU calls
 * vgic_drain_posted() before its next entry: every posted SPI is then
 * latched as by vgic_set_pending, under d->lock; it returns the kick mask.
 * It returns at once if nothing is posted (d->posted_any); the entry path
 * tests the VM's own flag first (vm_post, vm_drain_posted).
 */
int vgic_post(struct vgic_dist *d, unsigned intid);
uint32_t vgic_drain_posted(struct vgic_dist *d);

/* Allowed access sizes, as a mask of BIT(size). */
#define VGIC_W32         BIT(4)
#define VGIC_W8_32       (BIT(1) | BIT(4))
#define VGIC_W32_64      (BIT(4) | BIT(8))

/* The low size bytes of a register value. */
static inline uint64_t vgic_size_mask(unsigned size)
{
	return size >= 8 ? ~0ull : BIT(8 * size) - 1;
}

/* Is an access of size bytes at off allowed for a register class taking
 * the widths in mask (IHI 0069H 12.1.3, IHI 0048B 4.1.4)? */
static inline bool vgic_width_ok(uint32_t off, unsigned size, uint32_t mask)
{
	return size <= 8 && (mask & BIT(size)) && (off & (size - 1)) == 0;
}

/*
 * A distributor layout as a direct table (vgic_v2.c, vgic_v3.c), for
 * vgic_dist_access: the class of each 128-byte block of the frame
 * (block[off / VGIC_BLOCK]; blocks past nblocks are class 0, which every
 * layout makes RAZ/WI at word width), and per class the widths it takes
 * (others in [alt, alt + alt_len) of the frame, for the blocks where two
 * kinds of register meet) and the function that performs an access. That
 * function gets an access whose width and alignment were checked, *val
 * zero on a read, masked to size on a write; it sets *val on a read and
 * returns the kick mask. Called with d->lock held.
 */
#define VGIC_BLOCK 0x80

typedef uint32_t vgic_reg_fn(struct vgic_dist *d, unsigned vcpu, uint32_t off,
			     unsigned size, bool write, uint64_t *val);

struct vgic_reg_class {
	uint16_t widths;            /* VGIC_W* */
	uint16_t alt_widths;
	uint16_t alt, alt_len;
	vgic_reg_fn *access;
};

struct vgic_layout {
	const uint8_t *block;
	unsigned nblocks;
	const struct vgic_reg_class *cls;
};

extern const struct vgic_layout vgic_v2_dist, vgic_v3_dist;

/*
 * Emulates an access to the distributor frame by vCPU vcpu: off within the
 * frame, size 1, 2, 4 or 8 bytes; on a read *val is set (zero-extended), on
 * a write its low size bytes are used (and *val is left masked to them).
 * *kick gets the kick mask. Returns VGIC_BAD_ACCESS (nothing done) for a
 * width or alignment the spec does not allow; reserved offsets read as
 * zero and ignore writes. Takes d->lock. Inline: one table look-up and
 * one call on the trapped access's short path (src/DESIGN.md).
 */
static inline enum vgic_err vgic_dist_access(struct vgic_dist *d, unsigned vcpu, uint32_t off,
					     unsigned size, bool write, uint64_t *val,
					     uint32_t *kick)
{
	const struct vgic_layout *l = d->version == VGIC_V2 ? &vgic_v2_dist : &vgic_v3_dist;
	uint32_t b = off / VGIC_BLOCK;
	const struct vgic_reg_class *c = &l->cls[b < l->nblocks ? l->block[b] : 0];
	uint32_t k;

	CHECK(vcpu < d->nvcpus);
	*kick = 0;
	if (!vgic_width_ok(off, size, off - c->alt < c->alt_len ? c->alt_widths : c->widths))
		return VGIC_BAD_ACCESS;
	*val = write ? *val & vgic_size_mask(size) : 0;
	spin_lock(&d->lock);
	k = c->access(d, vcpu, off, size, write, val);
	spin_unlock(&d->lock);
	*kick = k;
	return VGIC_OK;
}
/*
 * Splits an offset in the VM's redistributor region (GICv3) into the vCPU
 * whose frames it hits and the offset within its RD_base + SGI_base pair.
 * Returns false past the last vCPU's frames. Pure, not locked.
 */
bool vgic_redist_decode(const struct vgic_dist *d, uint64_t off, unsigned *vcpu,
			uint32_t *frame_off);
/*
 * Emulates an access to vCPU vcpu's redistributor (GICv3 only): frame_off
 * from vgic_redist_decode (RD_base, or SGI_base at +64 KiB). Arguments and
 * result as vgic_dist_access. Takes d->lock.
 */
enum vgic_err vgic_redist_access(struct vgic_dist *d, unsigned vcpu,
				 uint32_t frame_off, unsigned size, bool write,
				 uint64_t *val, uint32_t *kick);
/*
 * The effect of a trapped write of val to ICC_SGI1R_EL1 by vCPU vcpu
 * (GICv3): the SGI becomes pending on each target vCPU of this VM; targets
 * outside it are ignored. Returns the kick mask. Takes d->lock.
 */
uint32_t vgic_sgi1r(struct vgic_dist *d, unsigned vcpu, uint64_t val);
/*
 * The effect of a 32-bit write of val to GICD_SGIR (GICv2) by vCPU vcpu,
 * as vgic_dist_access does it: the distributor's hot register, taken
 * before the table look-up. Returns the kick mask. Takes d->lock.
 */
uint32_t vgic_sgir(struct vgic_dist *d, unsigned vcpu, uint32_t val);
#define VGIC_GICD_SGIR   0xf00

/*
 * vCPU vcpu's queue: up to max interrupts targeting it that no LR holds and
 * that are pending and enabled (distributor enabled too) or active, best
 * first (lower priority value first, then lower INTID). Returns how many
 * were written to out. Takes d->lock.
 */
unsigned vgic_queue(struct vgic_dist *d, unsigned vcpu,
		    struct vgic_pending *out, unsigned max);
/*
 * Is an enabled interrupt pending for vCPU vcpu, in an LR or queued? If so
 * *prio (may be NULL) gets the highest priority among them. For the WFI
 * path, between vgic_lr_sync and vgic_lr_fill. Takes d->lock.
 */
bool vgic_vcpu_pending(struct vgic_dist *d, unsigned vcpu, uint8_t *prio);
/*
 * Is an enabled interrupt pending for vCPU vcpu and not in its LRs (the
 * caller looks at those)? Walks only the hinted interrupts, as the LR
 * fill does: cheap enough for the scheduler's every decision about a
 * vCPU waiting in WFI (sched.c). Takes d->lock.
 */
bool vgic_vcpu_queued(struct vgic_dist *d, unsigned vcpu);

/*
 * With soft links: the next INTID vCPU vcpu's guest deactivated since the
 * last call (its physical interrupt is to be ended now), or
 * VGIC_INTID_NONE. Only on vcpu's own CPU, after vgic_lr_sync.
 */
unsigned vgic_take_ended(struct vgic_dist *d, unsigned vcpu);

/* Marks all n slots of an LR array unused. */
void vgic_lr_reset(struct vgic_lr *lrs, unsigned n);
/*
 * Decides vCPU vcpu's LR contents before it enters its guest. lrs[0..n)
 * (n <= VGIC_MAX_LRS) is what vgic_lr_sync left. Entries still held are
 * brought up to date with the model (and dropped if neither pending nor
 * active any more); free slots get the best queued interrupts; then a
 * queued interrupt of strictly higher priority than a pending-only entry
 * takes its slot, the evicted one going back to the queue. Returns true if
 * interrupts remain queued: the caller enables the underflow maintenance
 * interrupt (ICH_HCR_EL2.UIE / GICH_HCR.UIE). Takes d->lock.
 */
bool vgic_lr_fill(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lrs,
		  unsigned n);
/*
 * The short path's delivery (src/DESIGN.md, "The short path"): latches
 * intid (not a v2 SGI: CHECK) as vgic_set_pending does, and where that is all
 * the LRs need, puts it into a free slot of lrs[0..n) without the fill's
 * walk: it is deliverable, for vcpu alone, and nothing else is queued
 * for vcpu (that it could overtake). First, under the same lock, the
 * entries of lrs named by finished (bit i: lrs[i]) are released as
 * vgic_lr_release does: the hardware says the guest finished them. *slot
 * gets the slot written (-1: none), *kick the kick mask of the vCPUs that
 * must look (the release's too). Returns false if vcpu itself needs the
 * full vgic_lr_fill (*kick has its bit); the release is done either way.
 * The other entries in lrs are neither read nor changed: call it with the
 * model up to date with them (vgic_lr_sync). Takes d->lock.
 */
bool vgic_lr_insert(struct vgic_dist *d, unsigned vcpu, unsigned intid,
		    struct vgic_lr *lrs, unsigned n, uint32_t finished, int *slot,
		    uint32_t *kick);
/*
 * The short path's refill, for a vCPU whose LRs lrs[0..n) the model is up
 * to date with (vgic_lr_sync) but for those named by finished, which are
 * first released under the same lock as vgic_lr_release does (*kick gets
 * its kick mask). Then, if at most one interrupt is queued for the vCPU,
 * pending and not active, it goes into a free slot without the fill's
 * walk and sort; returns true, *slot naming that slot (nothing queued:
 * true, nothing done, *slot -1). Else false, nothing more done: the
 * caller runs vgic_lr_fill. Takes d->lock.
 */
bool vgic_lr_fill_one(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lrs, unsigned n,
		      uint32_t finished, int *slot, uint32_t *kick);
/*
 * vgic_lr_fill_one with vgic_drain_posted's work done first under the
 * same take of d->lock (after the release, before the count): a
 * doorbell's receiver latches the posted SPI and loads it in one go. The
 * drain's kick mask joins *kick (the caller kicks the other vCPUs in it).
 */
bool vgic_lr_fill_posted(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lrs, unsigned n,
			 uint32_t finished, int *slot, uint32_t *kick);
/*
 * Folds vCPU vcpu's LRs back into the model after its guest ran: lrs is
 * the array of the last vgic_lr_fill with each state replaced by what the
 * hardware now holds. An entry that became invalid is freed (the guest
 * deactivated it; a level-sensitive interrupt whose line is still high is
 * pending again). Returns the kick mask of other vCPUs that can now take an
 * interrupt this one released. Takes d->lock.
 */
uint32_t vgic_lr_sync(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lrs,
		      unsigned n);
/*
 * The short path's sync when the hardware says the guest finished every
 * entry of lrs named by mask (bit i: lrs[i]; unused slots are skipped):
 * their states are invalid, so each is folded back and freed as
 * vgic_lr_sync does an invalid entry, without reading the LRs (the
 * release vgic_lr_insert and vgic_lr_fill_one do first). Returns the kick
 * mask as vgic_lr_sync. Takes d->lock.
 */
uint32_t vgic_lr_release(struct vgic_dist *d, unsigned vcpu, struct vgic_lr *lrs,
			 uint32_t mask);

#endif /* SEPTUM_VGIC_H */
