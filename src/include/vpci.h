/* SPDX-License-Identifier: MIT */
/*
 * A VM's emulated PCI configuration space (src/DESIGN.md, "SMMU"): an
 * ECAM window of one bus, trapped, in which the VM's passed-through
 * functions appear at 00:<n>.0 (n = their order in the partition) and
 * every other slot reads as absent. Reads and writes go to the real
 * function's configuration space (pci_cfg_read/pci_cfg_write, the host
 * ECAM: drivers/pci_ecam.c), filtered:
 *
 * - BARs are fixed where Septum placed them: a read gives the guest
 *   address of the BAR (in the function's window), a write of all ones
 *   makes the next read give the size mask (BAR sizing), any other write
 *   is ignored; the real BARs are never written by the guest;
 * - command: memory, bus master, parity, SERR and INTx disable pass
 *   (INTx disable stays set for a function without a line), I/O does not;
 * - expansion ROM, CardBus CIS and the extended space (0x100 on) read 0;
 * - the capability list skips MSI and MSI-X (no ITS: Linux uses INTx);
 *   a write lands only in a kept capability, past its ID and next bytes;
 * - interrupt line is the guest's own byte; interrupt pin is INTA if
 *   the function's INTA is the VM's, else none; header type shows a
 *   single-function device.
 */
#ifndef SEPTUM_VPCI_H
#define SEPTUM_VPCI_H

#include "cfg.h"
#include "types.h"

struct vm;
struct vmmio_access;
struct board;

#define VPCI_ECAM_SIZE 0x100000ul    /* one bus: 32 devices x 8 functions x 4 KiB */
#define VPCI_MAX_CAPS 16

/* One BAR as the guest sees it. */
struct vpci_bar {
	uint64_t guest;    /* guest address (0: none) */
	uint64_t size;     /* a power of two, 0: none */
	uint32_t flags;    /* the real BAR's low 4 bits (type, prefetchable) */
	bool upper;        /* the upper half of the previous (64-bit) BAR */
	bool sizing;       /* the guest wrote all ones: a read gives the mask */
};

struct vpci_cap {
	uint8_t off, id;
	uint16_t end;           /* its bytes: [off, end) (to the next capability) */
	bool keep;
	uint8_t next;           /* the next kept capability (0: none) */
};

struct vpci_fn {
	uint16_t rid;           /* the real requester ID */
	uint32_t intid;         /* its INTA's SPI, if the VM's and its pin is A (0: none) */
	uint64_t window;        /* guest address of its CFG_PCI_WINDOW of BARs */
	uint8_t line;           /* the guest's interrupt line byte */
	uint8_t first_cap;      /* the first kept capability (0: none) */
	unsigned ncap;
	struct vpci_cap cap[VPCI_MAX_CAPS];
	struct vpci_bar bar[6];
};

struct vpci {
	uint64_t base;          /* guest address of the ECAM window (0 size: none) */
	unsigned nfn;
	struct vpci_fn fn[CFG_MAX_DEVICES];
};

/* The real configuration space of function rid (drivers/pci_ecam.c; a
 * fake one in the unit tests): size 1, 2 or 4 bytes at off, aligned. */
uint32_t pci_cfg_read(uint16_t rid, unsigned off, unsigned size);
void pci_cfg_write(uint16_t rid, unsigned off, unsigned size, uint32_t v);

/* Sizes memory BAR i of rid (PCI local bus 3.0, 6.2.5.1: all ones, read
 * back the mask, restore). Returns its size (0: none, or I/O); *is64 if
 * it takes two slots. Memory decoding must be off. */
uint64_t vpci_bar_size(uint16_t rid, unsigned i, bool *is64);

/* Adds rid, whose BARs Septum has placed (its window: bus address
 * window_bus, guest address window_guest, CFG_PCI_WINDOW bytes), as the
 * next function of p; intid: the VM's SPI of its INTA (0: none). Reads
 * its BARs and capability list. Returns NULL, or why it cannot be shown
 * (a bridge; a 32-bit BAR at a guest address above 4 GiB). Boot, its
 * decoding off. */
const char *vpci_add(struct vpci *p, uint16_t rid, uint64_t window_bus,
		     uint64_t window_guest, uint32_t intid);

/* Performs one guest access a to p's ECAM window. False: refused (a
 * size other than 1, 2, 4, or unaligned): the guest gets an abort. */
bool vpci_access(struct vpci *p, struct vmmio_access *a);

/* Builds vm's emulated configuration space after pci_setup placed its
 * functions: its ECAM window at the board host's ECAM address (checked
 * against the VM's memory and devices) as an emulated region. False
 * (with a message) if it cannot. Boot. */
bool vpci_init(struct vm *vm, const struct board *b);

#endif /* SEPTUM_VPCI_H */
