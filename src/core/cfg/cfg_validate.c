/* SPDX-License-Identifier: MIT */
/*
 * Checks of the parsed partition against the board and between VMs. VMs
 * are taken in file order; a VM that passes claims its CPUs, its fixed
 * memory, its share of RAM, its devices, its physical interrupts and
 * console input, so a conflict always refuses the later VM and a refused
 * VM never stands in the way of the ones after it. Channels are checked at
 * their later end, against the earlier end if that VM was accepted (a
 * channel whose other end was refused simply has no other end).
 */
#include "cfg_priv.h"
#include "dt.h"
#include "print.h"

#define SUB_LEN (CFG_NODE_NAME_MAX + 16)

#define NO_OWNER 0xff

struct vctx {
	struct partition *p;
	const struct board *b;
	const struct cfg_hyp_rsv *rsv;
	struct diag *d;
	uint8_t owner[BOARD_MAX_CPUS];   /* VM index holding each CPU */
	uint64_t given;                  /* RAM taken by accepted VMs */
};

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

/* Is cpu listed before vCPU i in vm's cpus? */
static bool listed_before(const struct cfg_vm *vm, unsigned i, unsigned cpu)
{
	for (unsigned j = 0; j < i; j++)
		if (vm->cpu[j] == cpu)
			return true;
	return false;
}

/* A physical CPU exists and runs one vCPU, unless a (valid) schedule
 * shares it (cfg_sched.c checked that one). */
static bool check_cpus(struct vctx *c, const struct cfg_vm *vm)
{
	bool ok = true;

	for (unsigned i = 0; i < vm->nvcpus; i++) {
		unsigned cpu = vm->cpu[i];

		if (cpu >= c->b->ncpus) {
			diag_error(c->d, "%s: cpus: %u: no such CPU (the board has %u)",
				   vm->path, cpu, c->b->ncpus);
			ok = false;
		} else if (c->p->sched[cpu].present) {
			continue;
		} else if (listed_before(vm, i, cpu)) {
			diag_error(c->d, "%s: cpus: %u: listed twice (a CPU that runs more "
				   "than one vCPU needs /schedule/cpu@%x)", vm->path, cpu, cpu);
			ok = false;
		} else if (c->owner[cpu] != NO_OWNER) {
			diag_error(c->d, "%s: cpus: %u: physical CPU already given to %s",
				   vm->path, cpu, c->p->vm[c->owner[cpu]].path);
			ok = false;
		}
	}
	return ok;
}

/* Fixed memory must lie inside one RAM range. */
static bool check_in_ram(struct vctx *c, const struct cfg_vm *vm,
			 const struct cfg_mem *m)
{
	const struct board_range *near = c->b->nmem ? &c->b->mem[0] : NULL;
	char but[64];

	for (unsigned i = 0; i < c->b->nmem; i++) {
		const struct board_range *r = &c->b->mem[i];

		if (m->host >= r->base && m->host - r->base < r->size) {
			if (m->size <= r->size - (m->host - r->base))
				return true;
			near = r;
			break;
		}
	}
	if (near && m->identity) {
		format(but, sizeof(but), "not in RAM (0x%llx..0x%llx)", DT_U64(near->base),
		       DT_U64(near->base + near->size - 1));
		cfg_dma_mem_fail(c->d, vm, m, but, "give this VM guest addresses in RAM");
	} else if (near) {
		diag_error(c->d, "%s/%s: host-address: 0x%llx: outside RAM (0x%llx..0x%llx)",
			   vm->path, m->name, DT_U64(m->host), DT_U64(near->base),
			   DT_U64(near->base + near->size - 1));
	} else {
		diag_error(c->d, "%s/%s: host-address: 0x%llx: outside RAM (the board has none)",
			   vm->path, m->name, DT_U64(m->host));
	}
	return false;
}

/* What fixed memory must be clear of: the board's reserved ranges or the
 * hypervisor's (cfg_hyp_rsv: r[0] is its image). */
enum clear_of { CLEAR_RESERVED, CLEAR_HYP };

/* Reports region m, identity-mapped for DMA, over r (entry i of what). */
static void report_identity_clash(struct vctx *c, const struct cfg_vm *vm,
				  const struct cfg_mem *m, const struct board_range *r,
				  unsigned i, enum clear_of what)
{
	char but[64];

	if (what == CLEAR_HYP && i == 0) {
		format(but, sizeof(but), "Septum is loaded at 0x%llx", DT_U64(r->base));
		cfg_dma_mem_fail(c->d, vm, m, but, "give this VM other RAM or load Septum "
				 "elsewhere (septum-check --load)");
		return;
	}
	if (what == CLEAR_HYP)
		format(but, sizeof(but), "Septum's boot DTB or initrd is at 0x%llx",
		       DT_U64(r->base));
	else
		format(but, sizeof(but), "reserved memory is at 0x%llx", DT_U64(r->base));
	cfg_dma_mem_fail(c->d, vm, m, but, "give this VM other RAM");
}

/* Fixed memory must be clear of the ranges r[0..n). */
static bool check_clear(struct vctx *c, const struct cfg_vm *vm,
			const struct cfg_mem *m, const struct board_range *r,
			unsigned n, enum clear_of what)
{
	bool ok = true;

	for (unsigned i = 0; i < n; i++) {
		if (!r[i].size || !ranges_overlap(m->host, m->size, r[i].base, r[i].size))
			continue;
		ok = false;
		if (m->identity) {
			report_identity_clash(c, vm, m, &r[i], i, what);
			continue;
		}
		diag_error(c->d, "%s/%s: host-address: 0x%llx..0x%llx: overlaps %s (0x%llx..0x%llx)",
			   vm->path, m->name, DT_U64(m->host),
			   DT_U64(m->host + m->size - 1),
			   what == CLEAR_HYP ? "the hypervisor" : "reserved memory",
			   DT_U64(r[i].base), DT_U64(r[i].base + r[i].size - 1));
	}
	return ok;
}

/* Reports fixed region m of vm, which overlaps region om of the earlier VM o. */
static void report_vm_clash(struct vctx *c, const struct cfg_vm *vm, const struct cfg_mem *m,
			    const struct cfg_vm *o, const struct cfg_mem *om)
{
	char but[CFG_NAME_MAX + CFG_NODE_NAME_MAX + 32];

	if (m->identity) {
		format(but, sizeof(but), "%s/%s is at 0x%llx", o->path, om->name,
		       DT_U64(om->host));
		cfg_dma_mem_fail(c->d, vm, m, but, "give one of them other RAM");
		return;
	}
	diag_error(c->d, "%s/%s: host-address: 0x%llx..0x%llx: overlaps %s/%s (0x%llx..0x%llx)",
		   vm->path, m->name, DT_U64(m->host), DT_U64(m->host + m->size - 1), o->path,
		   om->name, DT_U64(om->host), DT_U64(om->host + om->size - 1));
}

/* Fixed memory must not overlap fixed memory of a VM accepted before. */
static bool check_other_vms(struct vctx *c, unsigned idx, const struct cfg_mem *m)
{
	const struct cfg_vm *vm = &c->p->vm[idx];
	bool ok = true;

	for (unsigned i = 0; i < idx; i++) {
		const struct cfg_vm *o = &c->p->vm[i];

		if (!o->valid)
			continue;
		for (unsigned j = 0; j < o->nmem; j++) {
			const struct cfg_mem *om = &o->mem[j];

			if (!om->host_fixed ||
			    !ranges_overlap(m->host, m->size, om->host, om->size))
				continue;
			report_vm_clash(c, vm, m, o, om);
			ok = false;
		}
	}
	return ok;
}

/* Reports region m of vm, which does not fit in the ram bytes of RAM
 * after earlier VMs' and the VM's own earlier regions (before bytes). */
static void report_ram_left(struct vctx *c, const struct cfg_vm *vm,
			    const struct cfg_mem *m, uint64_t ram, uint64_t before)
{
	char vms[48] = "", own[CFG_NAME_MAX + 48] = "";

	if (c->given)
		format(vms, sizeof(vms), ", 0x%llx given to earlier VMs", DT_U64(c->given));
	if (before)
		format(own, sizeof(own), ", 0x%llx given to earlier regions of %s",
		       DT_U64(before), vm->path);
	diag_error(c->d, "%s/%s: reg: size 0x%llx: more than RAM has left (0x%llx bytes%s%s)",
		   vm->path, m->name, DT_U64(m->size), DT_U64(ram), vms, own);
}

/* The VM's regions, in order, must fit in the RAM that accepted VMs left;
 * the first that does not is named. *need is the VM's total. */
static bool check_ram_share(struct vctx *c, const struct cfg_vm *vm, uint64_t *need)
{
	uint64_t ram = 0;

	*need = 0;
	for (unsigned i = 0; i < c->b->nmem; i++)
		ram = add_sat(ram, c->b->mem[i].size);
	for (unsigned i = 0; i < vm->nmem; i++) {
		const struct cfg_mem *m = &vm->mem[i];

		if (m->size > ram) {
			diag_error(c->d, "%s/%s: reg: size 0x%llx: more than RAM holds (0x%llx bytes)",
				   vm->path, m->name, DT_U64(m->size), DT_U64(ram));
			return false;
		}
		if (add_sat(add_sat(c->given, *need), m->size) > ram) {
			report_ram_left(c, vm, m, ram, *need);
			return false;
		}
		*need += m->size;
	}
	return true;
}

/* Checks the VM's fixed memory and its share of RAM; *need is its total. */
static bool check_memory(struct vctx *c, unsigned idx, uint64_t *need)
{
	const struct cfg_vm *vm = &c->p->vm[idx];
	bool ok = true;

	for (unsigned i = 0; i < vm->nmem; i++) {
		const struct cfg_mem *m = &vm->mem[i];

		if (!m->host_fixed)
			continue;
		if (!check_in_ram(c, vm, m))
			ok = false;
		else if (!check_clear(c, vm, m, c->b->rsv, c->b->nrsv, CLEAR_RESERVED))
			ok = false;
		if (c->rsv && !check_clear(c, vm, m, c->rsv->r, c->rsv->n, CLEAR_HYP))
			ok = false;
		if (!check_other_vms(c, idx, m))
			ok = false;
	}
	return check_ram_share(c, vm, need) && ok;
}

/* A device must not be given to an earlier VM, nor overlap one that is. */
static bool check_device(struct vctx *c, unsigned idx, const struct cfg_device *dev)
{
	struct cfg_vm *vm = &c->p->vm[idx];
	char sub[SUB_LEN];

	format(sub, sizeof(sub), "devices/%s", dev->name);
	for (unsigned i = 0; i < idx; i++) {
		const struct cfg_vm *o = &c->p->vm[i];

		for (unsigned j = 0; o->valid && j < o->ndev; j++) {
			const struct cfg_device *od = &o->dev[j];

			if (od->board_node == dev->board_node && od->pci == dev->pci &&
			    od->pci_rid == dev->pci_rid) {
				cfg_vm_fail(c->d, vm, sub, "path: \"%s\": already given to %s "
					    "(as %s/devices/%s)", dev->path, o->path, o->path,
					    od->name);
				return false;
			}
			/* One SMMU stream, one stage 2. */
			if (od->confined && dev->confined && od->stream == dev->stream) {
				cfg_vm_fail(c->d, vm, sub, "path: \"%s\": SMMU stream %#x is "
					    "also %s/devices/%s's: they cannot go to two VMs",
					    dev->path, dev->stream, o->path, od->name);
				return false;
			}
			for (unsigned a = 0; a < dev->nreg; a++) {
				for (unsigned b = 0; b < od->nreg; b++) {
					const struct cfg_dev_reg *x = &dev->reg[a], *y = &od->reg[b];

					if (!ranges_overlap(x->host, x->size, y->host, y->size))
						continue;
					cfg_vm_fail(c->d, vm, sub, "path: \"%s\": 0x%llx..0x%llx: "
						    "overlaps %s/devices/%s (0x%llx..0x%llx)",
						    dev->path, DT_U64(x->host),
						    DT_U64(x->host + x->size - 1), o->path, od->name,
						    DT_U64(y->host), DT_U64(y->host + y->size - 1));
					return false;
				}
			}
		}
	}
	return true;
}

/* The accepted VM (before idx) that has physical INTID id, named in buf. */
static bool irq_owner(const struct vctx *c, unsigned idx, uint32_t id, char *buf,
		      size_t n)
{
	for (unsigned i = 0; i < idx; i++) {
		const struct cfg_vm *o = &c->p->vm[i];

		for (unsigned j = 0; o->valid && j < o->nirq; j++)
			if (o->irq[j] == id)
				return format(buf, n, "%s", o->path), true;
		for (unsigned j = 0; o->valid && j < o->ndev; j++)
			for (unsigned k = 0; k < o->dev[j].nirq; k++)
				if (o->dev[j].irq[k] == id)
					return format(buf, n, "%s/devices/%s", o->path,
						      o->dev[j].name), true;
	}
	return false;
}

#define IRQ_TWICE(c, vm, sub, id, who) \
	cfg_vm_fail((c)->d, (vm), (sub), "interrupts: SPI %u (INTID %u): already given to %s", \
		    (id) - DT_GIC_SPI_BASE, (id), (who))

/* Devices and physical interrupts go to one VM each. */
static bool check_devices_irqs(struct vctx *c, unsigned idx)
{
	struct cfg_vm *vm = &c->p->vm[idx];
	char who[2 * CFG_NAME_MAX + CFG_NODE_NAME_MAX + 16], sub[SUB_LEN];
	bool ok = true;

	for (unsigned i = 0; i < vm->nirq; i++) {
		if (irq_owner(c, idx, vm->irq[i], who, sizeof(who))) {
			IRQ_TWICE(c, vm, NULL, vm->irq[i], who);
			ok = false;
		}
	}
	for (unsigned i = 0; i < vm->ndev; i++) {
		const struct cfg_device *dev = &vm->dev[i];

		if (!check_device(c, idx, dev)) {
			ok = false;
			continue;
		}
		format(sub, sizeof(sub), "devices/%s", dev->name);
		for (unsigned j = 0; j < dev->nirq; j++) {
			if (irq_owner(c, idx, dev->irq[j], who, sizeof(who))) {
				IRQ_TWICE(c, vm, sub, dev->irq[j], who);
				ok = false;
			}
		}
	}
	return ok;
}

/* At most one VM asks for console input. */
static bool check_console(struct vctx *c, unsigned idx)
{
	struct cfg_vm *vm = &c->p->vm[idx];

	if (!vm->console.input)
		return true;
	for (unsigned i = 0; i < idx; i++) {
		const struct cfg_vm *o = &c->p->vm[i];

		if (o->valid && o->console.input) {
			cfg_vm_fail(c->d, vm, "console", "input: already set in %s/console "
				    "(one VM owns console input)", o->path);
			return false;
		}
	}
	return true;
}

static int vm_index(const struct partition *p, const char *name)
{
	for (unsigned i = 0; i < p->nvms; i++)
		if (strcmp(p->vm[i].name, name) == 0)
			return (int)i;
	return -1;
}

static const struct cfg_channel *find_channel(const struct cfg_vm *vm, const char *name)
{
	for (unsigned i = 0; i < vm->nchan; i++)
		if (strcmp(vm->chan[i].name, name) == 0)
			return &vm->chan[i];
	return NULL;
}

/* This end of a channel against its earlier, accepted other end. */
static bool check_channel(struct vctx *c, unsigned idx, const struct cfg_channel *ch,
			  int peer)
{
	struct cfg_vm *vm = &c->p->vm[idx];
	const struct cfg_vm *o = &c->p->vm[peer];
	const struct cfg_channel *oc = find_channel(o, ch->name);
	char sub[SUB_LEN];

	format(sub, sizeof(sub), "channels/%s", ch->name);
	if (!oc)
		cfg_vm_fail(c->d, vm, sub, "peer: \"%s\": %s has no channel named %s",
			    ch->peer, o->path, ch->name);
	else if (strcmp(oc->peer, vm->name) != 0)
		cfg_vm_fail(c->d, vm, sub, "peer: \"%s\": %s/channels/%s names peer \"%s\"",
			    ch->peer, o->path, oc->name, oc->peer);
	else if (oc->size != ch->size)
		cfg_vm_fail(c->d, vm, sub, "size: 0x%llx: differs from %s/channels/%s (0x%llx)",
			    DT_U64(ch->size), o->path, oc->name, DT_U64(oc->size));
	else
		return true;
	return false;
}

/* Channels of earlier accepted VMs that name this VM must have their
 * other end here. */
static bool check_channels_to(struct vctx *c, unsigned idx)
{
	struct cfg_vm *vm = &c->p->vm[idx];
	char sub[SUB_LEN];
	bool ok = true;

	for (unsigned i = 0; i < idx; i++) {
		const struct cfg_vm *o = &c->p->vm[i];

		for (unsigned j = 0; o->valid && j < o->nchan; j++) {
			const struct cfg_channel *oc = &o->chan[j];
			const struct cfg_channel *ch;

			if (strcmp(oc->peer, vm->name) != 0)
				continue;
			ch = find_channel(vm, oc->name);
			if (!ch) {
				cfg_vm_fail(c->d, vm, NULL, "channels: %s: missing (%s/channels/%s "
					    "names %s as its peer)", oc->name, o->path, oc->name,
					    vm->path);
				ok = false;
			} else if (strcmp(ch->peer, o->name) != 0) {
				format(sub, sizeof(sub), "channels/%s", ch->name);
				cfg_vm_fail(c->d, vm, sub, "peer: \"%s\": %s/channels/%s names %s "
					    "as its peer", ch->peer, o->path, oc->name, vm->path);
				ok = false;
			}
		}
	}
	return ok;
}

static bool check_channels(struct vctx *c, unsigned idx)
{
	struct cfg_vm *vm = &c->p->vm[idx];
	char sub[SUB_LEN];
	bool ok = true;

	for (unsigned i = 0; i < vm->nchan; i++) {
		const struct cfg_channel *ch = &vm->chan[i];
		int peer = vm_index(c->p, ch->peer);

		if (peer < 0) {
			format(sub, sizeof(sub), "channels/%s", ch->name);
			cfg_vm_fail(c->d, vm, sub, "peer: \"%s\": no such VM", ch->peer);
			ok = false;
		} else if (peer < (int)idx && c->p->vm[peer].valid) {
			ok &= check_channel(c, idx, ch, peer);
		}
	}
	return check_channels_to(c, idx) && ok;
}

/* Is INTID id used in vm (devices, interrupts, console, doorbells)? */
static bool intid_used(const struct cfg_vm *vm, uint32_t id)
{
	for (unsigned i = 0; i < vm->nirq; i++)
		if (vm->irq[i] == id)
			return true;
	for (unsigned i = 0; i < vm->ndev; i++)
		for (unsigned j = 0; j < vm->dev[i].nirq; j++)
			if (vm->dev[i].irq[j] == id)
				return true;
	for (unsigned i = 0; i < vm->nchan; i++)
		if (vm->chan[i].intid == id)
			return true;
	return vm->plat.uart.size && vm->plat.uart_intid == id;
}

/* Gives each doorbell left to choose the highest INTID free in the VM. */
static bool choose_doorbells(struct vctx *c, unsigned idx)
{
	struct cfg_vm *vm = &c->p->vm[idx];
	char sub[SUB_LEN];

	for (unsigned i = 0; i < vm->nchan; i++) {
		struct cfg_channel *ch = &vm->chan[i];
		uint32_t id = VM_MAX_INTID;

		if (ch->intid)
			continue;
		while (id >= DT_GIC_SPI_BASE && intid_used(vm, id))
			id--;
		if (id < DT_GIC_SPI_BASE) {
			format(sub, sizeof(sub), "channels/%s", ch->name);
			cfg_vm_fail(c->d, vm, sub, "interrupts: none given, and no SPI up to "
				    "INTID %d is free for the doorbell", VM_MAX_INTID);
			return false;
		}
		ch->intid = id;
	}
	return true;
}

/* Links each channel to its peer and gives console input to the first VM
 * if nobody asked for it. */
static void finish(struct partition *p)
{
	int first = -1;
	bool asked = false;

	for (unsigned i = 0; i < p->nvms; i++) {
		struct cfg_vm *vm = &p->vm[i];

		if (!vm->valid)
			continue;
		for (unsigned j = 0; j < vm->nchan; j++)
			vm->chan[j].peer_vm = vm_index(p, vm->chan[j].peer);
		asked |= vm->console.input;
		if (first < 0 && vm->console.present)
			first = (int)i;
	}
	if (!asked && first >= 0)
		p->vm[first].console.input = true;
}

int cfg_validate(struct partition *p, const struct board *b,
		 const struct cfg_hyp_rsv *rsv, struct diag *d)
{
	struct vctx c = { .p = p, .b = b, .rsv = rsv, .d = d };
	int valid = 0;

	memset(c.owner, NO_OWNER, sizeof(c.owner));
	cfg_sched_validate(p, b, d);
	for (unsigned i = 0; i < p->nvms; i++) {
		struct cfg_vm *vm = &p->vm[i];
		uint64_t need;
		bool ok;

		if (!vm->valid)
			continue;
		ok = check_cpus(&c, vm);
		ok &= check_memory(&c, i, &need);
		ok &= check_devices_irqs(&c, i);
		ok &= check_console(&c, i);
		ok &= check_channels(&c, i);
		if (ok)
			ok = choose_doorbells(&c, i);
		if (!ok) {
			vm->valid = false;
			continue;
		}
		for (unsigned j = 0; j < vm->nvcpus; j++)
			c.owner[vm->cpu[j]] = (uint8_t)i;
		c.given = add_sat(c.given, need);
		valid++;
	}
	finish(p);
	return valid;
}
