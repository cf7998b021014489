/* SPDX-License-Identifier: MIT */
/*
 * Checks of the parsed partition against the board and between VMs. VMs
 * are taken in file order; a VM that passes claims its CPUs, its fixed
 * memory and its share of RAM, so a conflict always refuses the later VM
 * and a refused VM never stands in the way of the ones after it.
 */
#include "cfg.h"
#include "dt.h"

#define NO_OWNER 0xff

struct vctx {
	const struct partition *p;
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

static bool check_cpus(struct vctx *c, const struct cfg_vm *vm)
{
	bool ok = true;

	for (unsigned i = 0; i < vm->nvcpus; i++) {
		unsigned cpu = vm->cpu[i];

		if (cpu >= c->b->ncpus) {
			diag_error(c->d, "%s: cpus: %u: no such CPU (the board has %u)",
				   vm->path, cpu, c->b->ncpus);
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

	for (unsigned i = 0; i < c->b->nmem; i++) {
		const struct board_range *r = &c->b->mem[i];

		if (m->host >= r->base && m->host - r->base < r->size) {
			if (m->size <= r->size - (m->host - r->base))
				return true;
			near = r;
			break;
		}
	}
	if (near)
		diag_error(c->d, "%s/%s: host-address: 0x%llx: outside RAM (0x%llx..0x%llx)",
			   vm->path, m->name, DT_U64(m->host), DT_U64(near->base),
			   DT_U64(near->base + near->size - 1));
	else
		diag_error(c->d, "%s/%s: host-address: 0x%llx: outside RAM (the board has none)",
			   vm->path, m->name, DT_U64(m->host));
	return false;
}

/* Fixed memory must be clear of the ranges r[0..n); what names them. */
static bool check_clear(struct vctx *c, const struct cfg_vm *vm,
			const struct cfg_mem *m, const struct board_range *r,
			unsigned n, const char *what)
{
	bool ok = true;

	for (unsigned i = 0; i < n; i++) {
		if (!r[i].size || !ranges_overlap(m->host, m->size, r[i].base, r[i].size))
			continue;
		diag_error(c->d, "%s/%s: host-address: 0x%llx..0x%llx: overlaps %s (0x%llx..0x%llx)",
			   vm->path, m->name, DT_U64(m->host),
			   DT_U64(m->host + m->size - 1), what, DT_U64(r[i].base),
			   DT_U64(r[i].base + r[i].size - 1));
		ok = false;
	}
	return ok;
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
			diag_error(c->d, "%s/%s: host-address: 0x%llx..0x%llx: overlaps %s/%s (0x%llx..0x%llx)",
				   vm->path, m->name, DT_U64(m->host),
				   DT_U64(m->host + m->size - 1), o->path, om->name,
				   DT_U64(om->host), DT_U64(om->host + om->size - 1));
			ok = false;
		}
	}
	return ok;
}

/* Checks the VM's fixed memory and its share of RAM; *need is its total. */
static bool check_memory(struct vctx *c, unsigned idx, uint64_t *need_out)
{
	const struct cfg_vm *vm = &c->p->vm[idx];
	uint64_t ram = 0, need = 0;
	bool ok = true;

	for (unsigned i = 0; i < vm->nmem; i++) {
		const struct cfg_mem *m = &vm->mem[i];

		need = add_sat(need, m->size);
		if (!m->host_fixed)
			continue;
		if (!check_in_ram(c, vm, m))
			ok = false;
		else if (!check_clear(c, vm, m, c->b->rsv, c->b->nrsv, "reserved memory"))
			ok = false;
		if (c->rsv && !check_clear(c, vm, m, c->rsv->r, c->rsv->n, "the hypervisor"))
			ok = false;
		if (!check_other_vms(c, idx, m))
			ok = false;
	}
	for (unsigned i = 0; i < c->b->nmem; i++)
		ram = add_sat(ram, c->b->mem[i].size);
	if (add_sat(c->given, need) > ram) {
		diag_error(c->d, "%s: memory: 0x%llx bytes: more than RAM holds (0x%llx bytes, 0x%llx given to earlier VMs)",
			   vm->path, DT_U64(need), DT_U64(ram), DT_U64(c->given));
		ok = false;
	}
	*need_out = need;
	return ok;
}

int cfg_validate(struct partition *p, const struct board *b,
		 const struct cfg_hyp_rsv *rsv, struct diag *d)
{
	struct vctx c = { .p = p, .b = b, .rsv = rsv, .d = d };
	int valid = 0;

	memset(c.owner, NO_OWNER, sizeof(c.owner));
	for (unsigned i = 0; i < p->nvms; i++) {
		struct cfg_vm *vm = &p->vm[i];
		uint64_t need;
		bool ok;

		if (!vm->valid)
			continue;
		ok = check_cpus(&c, vm);
		ok &= check_memory(&c, i, &need);
		if (!ok) {
			vm->valid = false;
			continue;
		}
		for (unsigned j = 0; j < vm->nvcpus; j++)
			c.owner[vm->cpu[j]] = (uint8_t)i;
		c.given = add_sat(c.given, need);
		valid++;
	}
	return valid;
}
