/* SPDX-License-Identifier: MIT */
/* The hypervisor's memory: free RAM and the translation-table pool. */
#ifndef SEPTUM_MEM_H
#define SEPTUM_MEM_H

#include "palloc.h"
#include "pt.h"

extern struct palloc mem_ram;       /* RAM not used by Septum or any VM */
extern struct pt_pool mem_pt_pool;  /* pages for every translation table */

/* Pointer through which the hypervisor reaches physical address pa (the
 * EL2 map is an identity map). */
static inline void *mem_ptr(paddr_t pa)
{
	return (void *)(uintptr_t)pa_addr(pa);
}

#endif /* SEPTUM_MEM_H */
