/* SPDX-License-Identifier: MIT */
/* The host stand-in's PCI configuration space (src/arch/host/pci.c): one
 * fake function a test fills in, and what was written to it. */
#ifndef SEPTUM_HOST_PCI_H
#define SEPTUM_HOST_PCI_H

#include <stdint.h>

struct host_pci_fn {
	uint16_t rid;
	uint8_t cfg[4096];        /* its configuration space */
	uint8_t wmask[4096];      /* the bits a write changes (BARs: their size mask) */
	unsigned writes;          /* pci_cfg_write calls */
	unsigned bar_writes;      /* ... of which to a BAR (0x10..0x27) */
	unsigned other_rid;       /* accesses to any other requester ID */
};

extern struct host_pci_fn host_pci;

#endif /* SEPTUM_HOST_PCI_H */
