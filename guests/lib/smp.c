/* SPDX-License-Identifier: MIT */
/* vCPU start-up through PSCI CPU_ON (the spinlocks: <arch>/spinlock.c). */
#include <guest/console.h>
#include <guest/psci.h>
#include <guest/smp.h>

#define MPIDR_AFF_MASK	0xff00ffffffull	/* Aff3..Aff0 (Arm ARM D17.2.101) */

/* One stack per vCPU slot; slot 0 is the boot vCPU's (start.S). */
u8 guest_stacks[GUEST_MAX_CPUS][GUEST_STACK_SIZE] __attribute__((aligned(16)));

/* What start.S's guest_secondary_entry finds at the top of the stack. */
struct smp_boot_frame {
	void (*fn)(void *);
	void *arg;
};

u64 smp_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

s64 smp_cpu_on(u64 mpidr, unsigned int slot, void (*fn)(void *), void *arg)
{
	struct smp_boot_frame *top;

	if (slot == 0 || slot >= GUEST_MAX_CPUS)
		return PSCI_RET_INVALID_PARAMETERS;
	top = (struct smp_boot_frame *)(guest_stacks[slot] + GUEST_STACK_SIZE) - 1;
	top->fn = fn;
	top->arg = arg;
	dsb_sy();
	return psci_cpu_on(mpidr, (u64)(uintptr_t)guest_secondary_entry,
			   (u64)(uintptr_t)top);
}

void smp_cpu_exit(void)
{
	s64 ret = psci_cpu_off();

	con_printf("smp: CPU_OFF returned %lld on mpidr 0x%llx\n", ret,
		   smp_mpidr());
	for (;;)
		wfe();
}
