/* SPDX-License-Identifier: MIT */
/* What the host stand-in GIC was asked to do (src/arch/host/gic.c). */
#ifndef SEPTUM_ARCH_HOST_GIC_H
#define SEPTUM_ARCH_HOST_GIC_H

#include <stdint.h>

struct host_gic_log {
	unsigned sgis;           /* SGIs sent */
	unsigned last_sgi_cpu;
	unsigned deactivated;    /* physical interrupts deactivated */
	unsigned routed;         /* SPIs routed */
	unsigned last_routed, last_routed_cpu;
	unsigned eois;           /* priority drops */
	/* Interrupts a test raised, acknowledged in this order. */
	uint32_t raised[8];
	unsigned nraised, nacked;
};

extern struct host_gic_log host_gic_log;

/* Makes intid pending at the stand-in GIC: the next ack returns it. */
void host_gic_raise(uint32_t intid);

#endif /* SEPTUM_ARCH_HOST_GIC_H */
