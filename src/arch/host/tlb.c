/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the translation-table maintenance hooks: no hardware,
 * each call is appended to host_log for the unit tests to inspect.
 */
#include <arch/host_log.h>

struct host_log host_log;

static void host_log_add(enum host_op op, const struct pt *pt, uint64_t ia)
{
	if (host_log.count < HOST_LOG_MAX) {
		struct host_log_entry *e = &host_log.entry[host_log.count];

		e->op = op;
		e->stage = pt ? pt->stage : PT_STAGE1_EL2;
		e->vmid = pt ? pt->vmid : 0;
		e->ia = ia;
		e->watched = host_log.watch ? *host_log.watch : 0;
	}
	host_log.count++;
}

void host_log_reset(void)
{
	host_log.count = 0;
	host_log.watch = NULL;
}

void host_log_watch(const uint64_t *pte)
{
	host_log.watch = pte;
}

size_t host_log_count(enum host_op op)
{
	size_t n = 0;

	for (size_t i = 0; i < host_log.count && i < HOST_LOG_MAX; i++)
		if (host_log.entry[i].op == op)
			n++;
	return n;
}

void arch_pt_sync(void)
{
	host_log_add(HOST_PT_SYNC, NULL, 0);
}

void arch_tlb_inval_ia(const struct pt *pt, uint64_t ia)
{
	host_log_add(HOST_TLB_INVAL_IA, pt, ia);
}

void arch_tlb_inval_all(const struct pt *pt)
{
	host_log_add(HOST_TLB_INVAL_ALL, pt, 0);
}
