/* SPDX-License-Identifier: MIT */
/*
 * hello: the demo's first VM. Says who and where it is: the hypervisor
 * (SEPTUM_HC_CALL_UID), its VM id and vCPUs (SEPTUM_HC_VM_INFO), its
 * memory and CPUs (the device tree Septum generated for it), then idles.
 */
#include <septum/hvc.h>

#include <guest/console.h>
#include <guest/dt.h>
#include <guest/smccc.h>
#include <guest/test.h>

const char guest_name[] = "hello";

void guest_main(void)
{
	struct dt_range mem[4];
	u64 mpidr[8];
	int nmem = dt_memory(mem, 4);
	int ncpu = dt_cpus(mpidr, 8);
	struct smccc_res info;

	con_printf("Hello from a bare-metal guest%s\n",
		   con_under_septum() ? " running under Septum" : " (no hypervisor)");
	for (int i = 0; i < nmem; i++)
		con_printf("memory: 0x%llx..0x%llx (%llu MiB)\n", mem[i].base,
			   mem[i].base + mem[i].size - 1, mem[i].size >> 20);
	con_printf("cpus: %d, bootargs: \"%s\"\n", ncpu, dt_bootargs() ? dt_bootargs() : "");
	if (!con_under_septum()) {
		test_skip("hello", "not-under-septum");
		return;
	}
	info = smccc_call0(SMCCC_NATIVE(SEPTUM_HC_VM_INFO));
	con_printf("VM id %llu, vCPU %llu of %llu\n", info.a1, info.a2, info.a3);
	test_check(nmem > 0 && ncpu > 0 && info.a0 == 0 && info.a3 == (u64)ncpu, "hello",
		   "nmem=%d ncpu=%d info=%lld/%llu", nmem, ncpu, (s64)info.a0, info.a3);
}
