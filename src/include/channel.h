/* SPDX-License-Identifier: MIT */
/*
 * Inter-VM channels on the hypervisor side (src/core/channel.c): the
 * shared region placed in RAM and mapped into both ends (each end's own
 * half writable, the peer's half read-only), the doorbell interrupt each
 * end receives, and the doorbell hypercall.
 */
#ifndef SEPTUM_HYP_CHANNEL_H
#define SEPTUM_HYP_CHANNEL_H

#include "types.h"

struct partition;
struct vm;
struct vcpu;

/* Places vm's channels (allocating the region when vm is the first end to
 * be built) and maps them into its stage 2; gives it its doorbell SPIs.
 * p is the partition vm->cfg belongs to (channel peers are indexes in it).
 * False (with a message) if it cannot. */
bool channel_init_vm(struct vm *vm, const struct partition *p);
/* SEPTUM_HC_DOORBELL from v for its channel number idx: raises the peer's
 * doorbell. Returns 0 or a SEPTUM_E_* code (counted per VM). */
int64_t channel_ring(struct vcpu *v, uint64_t idx);

#endif /* SEPTUM_HYP_CHANNEL_H */
