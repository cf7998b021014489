/* SPDX-License-Identifier: MIT */
/*
 * The filter between a VM and its PCI functions' configuration space
 * (vpci.h; register layout: PCI local bus 3.0, 6.1 and 6.7). Pure logic:
 * the real space is reached through pci_cfg_read/pci_cfg_write only.
 *
 * Accesses of the VM's own vCPUs to one function are not serialised: a
 * race between them (two vCPUs sizing one BAR) can confuse that VM's view
 * of its own function and nothing else; the real BARs are never written.
 */
#include "vmmio.h"
#include "vpci.h"

#define HDR_ID       0x00
#define HDR_CMD      0x04
#define HDR_TYPE     0x0c
#define HDR_BAR0     0x10
#define HDR_CIS      0x28
#define HDR_SUBSYS   0x2c
#define HDR_CAP      0x34
#define HDR_INT      0x3c
#define HDR_END      0x40
#define CFG_END      0x100      /* the extended space (0x100 on) reads 0 */
#define STATUS_CAPS  (1u << 20) /* in the command/status dword */
#define MULTI_FN     (0x80u << 16)
#define CMD_IO       (1u << 0)
#define CMD_MEM      (1u << 1)
#define CMD_MASTER   (1u << 2)
#define CMD_PARITY   (1u << 6)
#define CMD_SERR     (1u << 8)
#define CMD_INTX_OFF (1u << 10)
#define CMD_ALLOWED  (CMD_MEM | CMD_MASTER | CMD_PARITY | CMD_SERR | CMD_INTX_OFF)
#define CAP_MSI      0x05
#define CAP_MSIX     0x11

uint64_t vpci_bar_size(uint16_t rid, unsigned i, bool *is64)
{
	unsigned off = HDR_BAR0 + 4 * i;
	uint32_t old = pci_cfg_read(rid, off, 4), lo, hi = 0xffffffffu, old_hi = 0;

	*is64 = (old & 7) == 4;
	if (old & 1)
		return 0;
	pci_cfg_write(rid, off, 4, 0xffffffffu);
	lo = pci_cfg_read(rid, off, 4) & ~0xfu;
	pci_cfg_write(rid, off, 4, old);
	if (*is64) {
		old_hi = pci_cfg_read(rid, off + 4, 4);
		pci_cfg_write(rid, off + 4, 4, 0xffffffffu);
		hi = pci_cfg_read(rid, off + 4, 4);
		pci_cfg_write(rid, off + 4, 4, old_hi);
	}
	if (!lo && (!*is64 || !hi))
		return 0;
	return ~((uint64_t)hi << 32 | lo) + 1;
}

static const char *read_bars(struct vpci_fn *f, uint64_t window_bus)
{
	for (unsigned i = 0; i < 6; i++) {
		struct vpci_bar *b = &f->bar[i];
		uint32_t v = pci_cfg_read(f->rid, HDR_BAR0 + 4 * i, 4);
		bool is64;
		uint64_t bus;

		b->size = vpci_bar_size(f->rid, i, &is64);
		if (is64 && i == 5)
			return "its BAR 5 says 64-bit (no BAR 6 to hold the upper half)";
		bus = (v & ~0xfu) | (is64 ? (uint64_t)pci_cfg_read(f->rid, HDR_BAR0 + 4 * i + 4, 4) << 32 : 0);
		if (b->size) {
			b->flags = v & 0xf;
			b->guest = f->window + (bus - window_bus);
			if (!is64 && b->guest + b->size > (1ull << 32))
				return "a 32-bit BAR would lie above 4 GiB in the VM: give it a "
				       "guest-address below 4 GiB";
		}
		if (is64)
			f->bar[++i].upper = true;
	}
	return NULL;
}

/* The real capability list, in list order; each one's extent runs to the
 * next capability in address order (capabilities are dword aligned). */
static void read_caps(struct vpci_fn *f)
{
	unsigned at = pci_cfg_read(f->rid, HDR_CAP, 1) & 0xfc, prev = VPCI_MAX_CAPS;

	if (!(pci_cfg_read(f->rid, HDR_CMD, 4) & STATUS_CAPS))
		return;
	while (at >= HDR_END && f->ncap < VPCI_MAX_CAPS) {
		struct vpci_cap *c = &f->cap[f->ncap];

		for (unsigned i = 0; i < f->ncap; i++)
			if (f->cap[i].off == at)
				return;   /* a loop */
		c->off = (uint8_t)at;
		c->id = (uint8_t)pci_cfg_read(f->rid, at, 1);
		c->keep = c->id != CAP_MSI && c->id != CAP_MSIX;
		c->end = CFG_END;
		if (c->keep) {
			if (prev == VPCI_MAX_CAPS)
				f->first_cap = c->off;
			else
				f->cap[prev].next = c->off;
			prev = f->ncap;
		}
		f->ncap++;
		at = pci_cfg_read(f->rid, at + 1, 1) & 0xfc;
	}
}

static void cap_extents(struct vpci_fn *f)
{
	for (unsigned i = 0; i < f->ncap; i++)
		for (unsigned j = 0; j < f->ncap; j++)
			if (f->cap[j].off > f->cap[i].off && f->cap[j].off < f->cap[i].end)
				f->cap[i].end = f->cap[j].off;
}

const char *vpci_add(struct vpci *p, uint16_t rid, uint64_t window_bus,
		     uint64_t window_guest, uint32_t intid)
{
	struct vpci_fn *f = &p->fn[p->nfn];
	const char *err;

	if (p->nfn == CFG_MAX_DEVICES)
		return "more PCI functions than a VM can have";
	if (pci_cfg_read(rid, HDR_TYPE + 2, 1) & 0x7f)
		return "not an endpoint (a bridge: only endpoints can be given)";
	*f = (struct vpci_fn){ .rid = rid, .window = window_guest };
	if (intid && pci_cfg_read(rid, HDR_INT + 1, 1) == 1)
		f->intid = intid;
	if ((err = read_bars(f, window_bus)))
		return err;
	read_caps(f);
	cap_extents(f);
	p->nfn++;
	return NULL;
}

static const struct vpci_cap *kept_cap(const struct vpci_fn *f, unsigned off)
{
	for (unsigned i = 0; i < f->ncap; i++)
		if (f->cap[i].keep && off >= f->cap[i].off && off < f->cap[i].end)
			return &f->cap[i];
	return NULL;
}

static uint32_t bar_read(const struct vpci_fn *f, unsigned i)
{
	const struct vpci_bar *b = &f->bar[i];

	if (b->upper) {
		const struct vpci_bar *lo = &f->bar[i - 1];

		if (!lo->size)
			return 0;
		return (uint32_t)((b->sizing ? ~(lo->size - 1) : lo->guest) >> 32);
	}
	if (!b->size)
		return 0;
	return ((uint32_t)(b->sizing ? ~(b->size - 1) : b->guest) & ~0xfu) | b->flags;
}

static uint32_t read_dword(const struct vpci_fn *f, unsigned r)
{
	const struct vpci_cap *c;
	uint32_t v;

	switch (r) {
	case HDR_ID: case 0x08: case HDR_SUBSYS:
		return pci_cfg_read(f->rid, r, 4);
	case HDR_CMD:
		v = pci_cfg_read(f->rid, r, 4);
		return f->first_cap ? v | STATUS_CAPS : v & ~STATUS_CAPS;
	case HDR_TYPE:
		return pci_cfg_read(f->rid, r, 4) & ~MULTI_FN;
	case HDR_CAP:
		return f->first_cap;
	case HDR_INT:
		return f->line | (f->intid ? 1u << 8 : 0);
	}
	if (r >= HDR_BAR0 && r < HDR_CIS)
		return bar_read(f, (r - HDR_BAR0) / 4);
	if (r < HDR_END || r >= CFG_END || !(c = kept_cap(f, r)))
		return 0;
	v = pci_cfg_read(f->rid, r, 4);
	return r == c->off ? (v & ~0xff00u) | (uint32_t)c->next << 8 : v;
}

/* Command (I/O refused, INTx kept off without a line) and status (its
 * write-one-to-clear bits pass as written). */
static void cmd_write(struct vpci_fn *f, unsigned off, unsigned size, uint32_t v)
{
	if (off < HDR_CMD + 2) {
		uint32_t m = size == 1 ? 0xffu << (off & 1) * 8 : 0xffffu;
		uint32_t cmd = (pci_cfg_read(f->rid, HDR_CMD, 2) & ~m) | ((v << (off & 1) * 8) & m);

		cmd &= CMD_ALLOWED;
		pci_cfg_write(f->rid, HDR_CMD, 2, f->intid ? cmd : cmd | CMD_INTX_OFF);
	}
	if (off + size > HDR_CMD + 2) {
		unsigned at = off < HDR_CMD + 2 ? HDR_CMD + 2 : off;

		pci_cfg_write(f->rid, at, off + size - at, v >> (at - off) * 8);
	}
}

static void bar_write(struct vpci_fn *f, unsigned r, unsigned off, unsigned size, uint32_t v)
{
	unsigned i = (r - HDR_BAR0) / 4, sh = (off & 3) * 8;
	uint32_t m = (size == 4 ? ~0u : (1u << size * 8) - 1) << sh;
	struct vpci_bar *b = &f->bar[i];

	b->sizing = false;
	v = (bar_read(f, i) & ~m) | ((v << sh) & m);
	if (b->upper ? f->bar[i - 1].size != 0 : b->size != 0)
		b->sizing = (b->upper ? v : v | 0xfu) == 0xffffffffu;
}

static void write(struct vpci_fn *f, unsigned off, unsigned size, uint32_t v)
{
	unsigned r = off & ~3u;
	const struct vpci_cap *c;

	if (r >= HDR_BAR0 && r < HDR_CIS) {
		bar_write(f, r, off, size, v);
	} else if (r == HDR_CMD) {
		cmd_write(f, off, size, v);
	} else if (r == HDR_TYPE) {
		/* Cache line size and latency timer; not BIST. */
		for (unsigned i = 0; i < size && off + i < HDR_TYPE + 2; i++)
			pci_cfg_write(f->rid, off + i, 1, (v >> i * 8) & 0xff);
	} else if (off == HDR_INT) {
		f->line = (uint8_t)v;
	} else if (r >= HDR_END && r < CFG_END && (c = kept_cap(f, off)) &&
		   off >= c->off + 2u && off + size <= c->end) {
		pci_cfg_write(f->rid, off, size, v);
	}
}

bool vpci_access(struct vpci *p, struct vmmio_access *a)
{
	unsigned devfn = (unsigned)(a->offset >> 12) & 0xff, off = a->offset & 0xfff;
	unsigned size = a->size;
	uint32_t mask = size == 4 ? ~0u : (1u << size * 8) - 1;
	struct vpci_fn *f;

	if ((size != 1 && size != 2 && size != 4) || (off & (size - 1)))
		return false;
	f = (devfn & 7) == 0 && (devfn >> 3) < p->nfn && a->offset < VPCI_ECAM_SIZE ?
	    &p->fn[devfn >> 3] : NULL;
	if (a->write) {
		if (f)
			write(f, off, size, (uint32_t)a->value & mask);
		return true;
	}
	a->value = f ? (read_dword(f, off & ~3u) >> (off & 3) * 8) & mask : mask;
	return true;
}
