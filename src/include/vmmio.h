/* SPDX-License-Identifier: MIT */
/*
 * Trap-and-emulate MMIO for guests: a VM's emulated devices (virtual GIC,
 * virtual UART, ...) register the guest-physical ranges they own; a stage-2
 * data abort inside one is decoded (trap_info) and turned into one call of
 * the device's handler, with the result written back to the guest register.
 */
#ifndef SEPTUM_VMMIO_H
#define SEPTUM_VMMIO_H

#include "trap.h"
#include "types.h"

struct vcpu;
struct vm;

struct vmmio_access {
	uint64_t offset;    /* from the region's base */
	uint8_t size;       /* 1, 2, 4 or 8 bytes */
	bool write;
	uint64_t value;     /* write: the data (zero-extended); read: set by the handler */
};

enum vmmio_result {
	VMMIO_NONE,     /* no emulated device there: the caller reflects an abort */
	VMMIO_DONE,     /* emulated; the guest's pc is past the instruction */
	VMMIO_FAULT,    /* a device refused the access (bad width, say): abort */
};

/* A device handler: performs one access. Returns false to refuse it. */
typedef bool (*vmmio_handler)(struct vcpu *v, void *dev, struct vmmio_access *a);

struct vmmio_region {
	uint64_t base;
	uint64_t size;
	vmmio_handler handler;
	void *dev;
	bool short_path;    /* vmmio_register_short */
};

#define VMMIO_MAX_REGIONS 8

struct vmmio {
	unsigned n;
	unsigned nshort;   /* r[0..nshort) were registered with vmmio_register_short */
	struct vmmio_region r[VMMIO_MAX_REGIONS];
};

/* Registers [base, base+size) for handler. False if the table is full or
 * the range overlaps a registered one. Build time, before the VM runs. */
bool vmmio_register(struct vmmio *m, uint64_t base, uint64_t size,
		    vmmio_handler handler, void *dev);
/*
 * vmmio_register for a device that the exception short path may call
 * (src/DESIGN.md, "The short path"): its handler touches no register of
 * the vCPU but through the access, neither stops nor resets a VM, and
 * does nothing when it refuses an access (the full exit then calls it
 * again). Such regions are looked at first.
 */
bool vmmio_register_short(struct vmmio *m, uint64_t base, uint64_t size,
			  vmmio_handler handler, void *dev);
/* Emulates the data abort t of vCPU v against the regions of m; on
 * VMMIO_DONE the guest's pc is past the instruction. */
enum vmmio_result vmmio_emulate(const struct vmmio *m, struct vcpu *v,
				const struct trap_info *t);
#endif /* SEPTUM_VMMIO_H */
