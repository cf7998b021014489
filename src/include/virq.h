/* SPDX-License-Identifier: MIT */
/* Raising virtual interrupts in a VM (implemented by the vGIC glue). */
#ifndef SEPTUM_VIRQ_H
#define SEPTUM_VIRQ_H

#include "types.h"

struct vm;

/* Sets the level of a level-triggered virtual SPI of vm (a virtual
 * device's interrupt line). Any CPU. */
void vgic_set_level(struct vm *vm, uint32_t intid, bool level);

#endif /* SEPTUM_VIRQ_H */
