/* SPDX-License-Identifier: MIT */
/* Host stand-in for exception injection into a guest (arch/host_vcpu.h). */
#include <arch/host_vcpu.h>

#include "arch.h"

struct host_vcpu_log host_vcpu_log;

void host_vcpu_log_reset(void)
{
	host_vcpu_log = (struct host_vcpu_log){ 0 };
}

void arch_vcpu_inject_abort(struct arch_vcpu *a, const struct trap_info *t)
{
	host_vcpu_log.count++;
	host_vcpu_log.last = HOST_INJECT_ABORT;
	host_vcpu_log.last_abort = *t;
}

void arch_vcpu_inject_undef(struct arch_vcpu *a)
{
	host_vcpu_log.count++;
	host_vcpu_log.last = HOST_INJECT_UNDEF;
}
