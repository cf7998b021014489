/* SPDX-License-Identifier: MIT */
/* Septum inter-VM channels for the bare-metal guests; see guest/ipc.h. */
#include <string.h>
#include <libfdt.h>
#include <guest/cnt.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/ipc.h>
#include <guest/smccc.h>
#include <guest/smp.h>
#include <septum/hvc.h>

#define IPC_PRIO	0x80

static struct ipc_chan *opened[IPC_MAX_CHANNELS];

static const void *fdt(void)
{
	return (const void *)(uintptr_t)dt_addr();
}

int ipc_count(void)
{
	const void *dt = fdt();
	int n = 0, node;

	if (!dt)
		return 0;
	for (node = fdt_node_offset_by_compatible(dt, -1, "septum,channel");
	     node >= 0;
	     node = fdt_node_offset_by_compatible(dt, node, "septum,channel"))
		n++;
	return n;
}

static u64 cells(const fdt32_t *p, int n)
{
	u64 v = 0;

	while (n-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

static int parse(struct ipc_chan *c, const void *dt, int node)
{
	int parent = fdt_parent_offset(dt, node);
	int ac = fdt_address_cells(dt, parent), sc = fdt_size_cells(dt, parent);
	const fdt32_t *p;
	int len;

	memset(c, 0, sizeof(*c));
	p = fdt_getprop(dt, node, "reg", &len);
	if (!p || ac < 1 || ac > 2 || sc < 1 || sc > 2 ||
	    len < (int)sizeof(fdt32_t) * (ac + sc))
		return -2;
	c->base = cells(p, ac);
	c->footprint = cells(p + ac, sc);
	p = fdt_getprop(dt, node, "septum,id", &len);
	if (!p || len != 4)
		return -2;
	c->id = fdt32_to_cpu(*p);
	p = fdt_getprop(dt, node, "septum,end", &len);
	if (!p || len != 4)
		return -2;
	c->end = fdt32_to_cpu(*p);
	p = fdt_getprop(dt, node, "septum,size", &len);
	if (!p || (len != 8 && len != 4))
		return -2;
	c->capacity = cells(p, len / 4);
	p = fdt_getprop(dt, node, "interrupts", &len);
	if (p && len >= 12 && fdt32_to_cpu(p[0]) == 0)
		c->intid = 32 + fdt32_to_cpu(p[1]);
	c->peer = fdt_getprop(dt, node, "septum,peer", NULL);
	c->label = fdt_getprop(dt, node, "label", NULL);
	if (c->footprint < SEPTUM_CHAN_FOOTPRINT(c->capacity) || c->end > 1)
		return -2;
	return 0;
}

int ipc_find(struct ipc_chan *c, const char *label)
{
	const void *dt = fdt();
	int node;

	if (!dt)
		return -1;
	for (node = fdt_node_offset_by_compatible(dt, -1, "septum,channel");
	     node >= 0;
	     node = fdt_node_offset_by_compatible(dt, node, "septum,channel")) {
		const char *l = fdt_getprop(dt, node, "label", NULL);

		if (!label || (l && !strcmp(l, label)))
			return parse(c, dt, node);
	}
	return -1;
}

bool ipc_handle_irq_at(u32 intid, u64 stamp)
{
	for (unsigned i = 0; i < IPC_MAX_CHANNELS; i++) {
		struct ipc_chan *c = opened[i];

		if (c && c->intid == intid) {
			c->stamp = stamp;
			c->irqs = c->irqs + 1;
			return true;
		}
	}
	return false;
}

bool ipc_handle_irq(u32 intid)
{
	return ipc_handle_irq_at(intid, cnt_now());
}

static void handler(u32 intid, u32 source, u64 stamp)
{
	(void)source;
	ipc_handle_irq_at(intid, stamp);
}

int ipc_open(struct ipc_chan *c)
{
	void *region = (void *)(uintptr_t)c->base;
	int err;

	err = septum_chan_init(region, (u32)c->capacity, c->end);
	if (err)
		return err;
	err = septum_chan_attach(&c->ch, region, (u32)c->capacity, c->end);
	if (err)
		return err;
	for (unsigned i = 0; i < IPC_MAX_CHANNELS; i++) {
		if (!opened[i] || opened[i] == c) {
			opened[i] = c;
			break;
		}
	}
	if (c->intid && gic_version() != GIC_NONE) {
		gic_set_handler(handler);
		gic_set_priority(c->intid, IPC_PRIO);
		gic_route_spi(c->intid, smp_mpidr());
		gic_enable(c->intid);
	}
	return 0;
}

int ipc_peer_ready(const struct ipc_chan *c)
{
	return septum_chan_ready(&c->ch);
}

bool ipc_wait_peer(const struct ipc_chan *c, u64 ms)
{
	u64 end = cnt_now() + cnt_ms_to_ticks(ms);

	while (cnt_now() < end) {
		int r = ipc_peer_ready(c);

		if (r)
			return r > 0;
		/* YIELD, not WFE: nothing sends an event when the peer gets
		 * ready, so WFE could sleep for good on hardware; a
		 * single-threaded emulator (QEMU -icount) takes YIELD as the
		 * moment to run the other vCPUs. */
		cpu_relax();
	}
	return false;
}

int ipc_send(struct ipc_chan *c, const void *msg, u32 len)
{
	return septum_chan_send(&c->ch, msg, len);
}

int ipc_recv(struct ipc_chan *c, void *buf, u32 size)
{
	return septum_chan_recv(&c->ch, buf, size);
}

int ipc_pending(const struct ipc_chan *c)
{
	return septum_chan_pending(&c->ch);
}

s64 ipc_doorbell_id(u64 id)
{
	return (s64)smccc_call(SMCCC_NATIVE(SEPTUM_HC_DOORBELL), id, 0, 0, 0,
			       0, 0, 0).a0;
}

s64 ipc_ring(const struct ipc_chan *c)
{
	return ipc_doorbell_id(c->id);
}

void ipc_wait_space(const struct ipc_chan *c, u32 len)
{
	u32 need = SEPTUM_CHAN_RECORD(len);

	for (;;) {
		exc_irq_mask();
		int space = septum_chan_space(&c->ch);

		if (space < 0 || space >= (int)need)
			break;
		__asm__ volatile("wfi" : : : "memory");
		exc_irq_unmask();
	}
	exc_irq_unmask();
}

void ipc_wait(const struct ipc_chan *c)
{
	for (;;) {
		exc_irq_mask();
		if (ipc_pending(c) != 0)
			break;
		__asm__ volatile("wfi" : : : "memory");
		exc_irq_unmask();
	}
	exc_irq_unmask();
}
