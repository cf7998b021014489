/* SPDX-License-Identifier: MIT */
/* PCI functions given to VMs (src/drivers/pci_ecam.c). */
#ifndef SEPTUM_PCI_H
#define SEPTUM_PCI_H

#include "board.h"
#include "types.h"

struct vm;

/* Places the memory BARs of vm's PCI functions in their windows and
 * enables them (memory, bus master). False (with a message) if one is
 * missing or its BARs do not fit. Boot CPU, before the SMMU gives the
 * VM its streams. */
bool pci_setup(struct vm *vm, const struct board *b);

#endif /* SEPTUM_PCI_H */
