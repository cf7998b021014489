/* SPDX-License-Identifier: MIT */
/* Each VM's generated device tree (src/core/guest_dt.c). */
#ifndef SEPTUM_GUEST_DT_H
#define SEPTUM_GUEST_DT_H

#include "types.h"

struct vm;

/* The board's device tree, kept (reserved) for as long as Septum runs:
 * passed-through device nodes are copied from it into guest trees. */
extern const void *vm_board_fdt;

/* Writes vm's device tree into buf. Returns its size, or 0 if it does not
 * fit even with its property names shared (src/core/guest_dt.c). */
size_t guest_dt_build(const struct vm *vm, void *buf, size_t size);

#endif /* SEPTUM_GUEST_DT_H */
