/* SPDX-License-Identifier: MIT */
/* What the host stand-in GIC was asked to do (src/arch/host/gic.c). */
#ifndef SEPTUM_ARCH_HOST_GIC_H
#define SEPTUM_ARCH_HOST_GIC_H

struct host_gic_log {
	unsigned sgis;           /* SGIs sent */
	unsigned last_sgi_cpu;
	unsigned deactivated;    /* physical interrupts deactivated */
	unsigned routed;         /* SPIs routed */
	unsigned last_routed, last_routed_cpu;
};

extern struct host_gic_log host_gic_log;

#endif /* SEPTUM_ARCH_HOST_GIC_H */
