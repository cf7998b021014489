/* SPDX-License-Identifier: MIT */
/*
 * Host stand-ins for the physical GIC and its virtual interface: no
 * hardware; the SGIs sent and the interrupts deactivated are counted in
 * host_gic_log, a test raises the interrupts that ack returns
 * (host_gic_raise), and the virtual interface has no list registers, so the
 * core's vGIC glue (src/core/vgic/vgic_vm.c) links and runs on the host.
 */
#include <arch/host_gic.h>
#include <arch/host_vcpu.h>
#include <string.h>

#include "arch.h"
#include "gic.h"
#include "vgic_hw.h"

struct host_gic_log host_gic_log;

static void cpu_init(unsigned cpu, uint64_t mpidr, const uint32_t *ppis, unsigned n)
{
}

static void send_sgi(unsigned sgi, unsigned cpu, uint64_t mpidr)
{
	host_gic_log.sgis++;
	host_gic_log.last_sgi_cpu = cpu;
}

void host_gic_raise(uint32_t intid)
{
	if (host_gic_log.nraised < sizeof(host_gic_log.raised) / sizeof(host_gic_log.raised[0]))
		host_gic_log.raised[host_gic_log.nraised++] = intid;
}

static uint32_t ack(void)
{
	if (host_gic_log.nacked == host_gic_log.nraised)
		return GIC_INTID_SPURIOUS;
	return host_gic_log.raised[host_gic_log.nacked++];
}

static void eoi(uint32_t intid)
{
	host_gic_log.eois++;
}

static void deactivate(uint32_t intid)
{
	host_gic_log.deactivated++;
}

static void route_spi(uint32_t intid, unsigned cpu, uint64_t mpidr)
{
	host_gic_log.routed++;
	host_gic_log.last_routed = intid;
	host_gic_log.last_routed_cpu = cpu;
}

static const struct gic_ops host_gic = {
	cpu_init, send_sgi, ack, eoi, deactivate, route_spi,
};
const struct gic_ops *gic = &host_gic;

bool gic_init(const struct board *b)
{
	return true;
}

static void lr_load(const struct vgic_hw_state *s)
{
}

static void lr_put(struct vgic_hw_state *s)
{
}

static void lr_read(struct vgic_lr *lrs, unsigned n)
{
}

/* No hardware: none is known to be finished (the short path falls back). */
static uint32_t lr_finished(void)
{
	return 0;
}

static void lr_write(const struct vgic_lr *lrs, uint32_t mask, bool underflow)
{
}

static struct vgic_hw_ops host_vif = {
	.load = lr_load, .put = lr_put, .read_lrs = lr_read, .write_lrs = lr_write,
	.finished_lrs = lr_finished,
};

bool vgic_v3_hw_probe(const struct vgic_hw_ops **ops)
{
	host_vif.hw_links = true;
	*ops = &host_vif;
	return true;
}

/* As QEMU's GICv2 model: no hardware links (vgic_hw.h). */
bool vgic_v2_hw_probe(const struct board *b, const struct vgic_hw_ops **ops)
{
	host_vif.hw_links = false;
	*ops = &host_vif;
	return true;
}

void arch_zero(void *p, size_t n)
{
	memset(p, 0, n);
	host_vcpu_log.counter += host_vcpu_log.work_ticks;
}

void arch_zero_to_poc(void *p, size_t n)
{
	memset(p, 0, n);
	host_vcpu_log.zeroed_to_poc += n;
	host_vcpu_log.counter += host_vcpu_log.work_ticks;
}
