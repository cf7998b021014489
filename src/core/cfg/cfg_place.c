/* SPDX-License-Identifier: MIT */
/*
 * Where each VM's memory goes in physical RAM, after cfg_validate(): the
 * same code places it at boot (vm.c) and in septum-check. Fixed regions
 * (host-address, or identity-mapped for DMA) of every VM are claimed
 * before anything is allocated, so that an earlier VM's allocation cannot
 * take the RAM a later VM asked for by address.
 */
#include "cfg_priv.h"
#include "dt.h"
#include "palloc.h"

/* Gives back the VM's regions that were placed (placed[i]). */
static void release(struct palloc *ram, const struct cfg_vm *vm, const bool *placed)
{
	for (unsigned i = 0; i < vm->nmem; i++)
		if (placed[i])
			palloc_add(ram, pa_init(vm->mem[i].host), vm->mem[i].size);
}

/* Reports region m, which could not be claimed or allocated (err). */
static void report(struct diag *d, const struct cfg_vm *vm, const struct cfg_mem *m,
		   enum palloc_err err)
{
	if (m->identity)
		cfg_dma_mem_fail(d, vm, m, "it is not all free RAM (Septum takes its own "
				 "from the top)", "give this VM other RAM");
	else if (m->host_fixed)
		diag_error(d, "%s/%s: host-address: 0x%llx..0x%llx: not all free RAM (Septum "
			   "takes its own from the top of RAM)", vm->path, m->name,
			   DT_U64(m->host), DT_U64(m->host + m->size - 1));
	else
		diag_error(d, "%s/%s: reg: size 0x%llx: %s", vm->path, m->name,
			   DT_U64(m->size), palloc_strerror(err));
}

/* Places the VM's fixed regions (fixed) or the others; on failure the VM
 * is refused and all it had is given back. */
static bool place_vm(struct palloc *ram, struct cfg_vm *vm, bool fixed, bool *placed,
		     struct diag *d)
{
	for (unsigned i = 0; i < vm->nmem; i++) {
		struct cfg_mem *m = &vm->mem[i];
		enum palloc_err err;
		paddr_t pa;

		if (m->host_fixed != fixed)
			continue;
		if (fixed) {
			err = palloc_claim(ram, pa_init(m->host), m->size);
		} else {
			err = palloc_alloc_best(ram, m->size, &pa);
			if (err == PALLOC_OK)
				m->host = pa_addr(pa);
		}
		if (err != PALLOC_OK) {
			report(d, vm, m, err);
			release(ram, vm, placed);
			vm->valid = false;
			return false;
		}
		placed[i] = true;
	}
	return true;
}

int cfg_place(struct partition *p, struct palloc *ram, struct diag *d)
{
	bool placed[CFG_MAX_VMS][CFG_MAX_MEM] = { { false } };
	int valid = 0;

	for (unsigned i = 0; i < p->nvms; i++)
		if (p->vm[i].valid)
			place_vm(ram, &p->vm[i], true, placed[i], d);
	for (unsigned i = 0; i < p->nvms; i++)
		if (p->vm[i].valid && place_vm(ram, &p->vm[i], false, placed[i], d))
			valid++;
	return valid;
}
