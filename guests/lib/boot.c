/* SPDX-License-Identifier: MIT */
/*
 * The boot vCPU's C entry: DT, conduit and console, then the test's
 * guest_main(), then the DONE line. Bootargs read here, for every guest:
 *   done=off    call PSCI SYSTEM_OFF after DONE (default: idle in WFE).
 */
#include <string.h>

#include <guest/console.h>
#include <guest/dt.h>
#include <guest/guest.h>
#include <guest/psci.h>
#include <guest/smccc.h>
#include <guest/test.h>

/* Written by start.S after .bss is cleared. */
u64 guest_boot_cntvct;
u64 guest_boot_cntpct;

extern char __image_start[], __image_end[];

u64 guest_image_start(void)
{
	return (u64)(uintptr_t)__image_start;
}

u64 guest_image_end(void)
{
	return (u64)(uintptr_t)__image_end;
}

void guest_idle(void)
{
	for (;;)
		wfe();
}

static bool done_off(void)
{
	const char *v;
	size_t len;

	return dt_arg("done", &v, &len) && len == 3 && !strncmp(v, "off", 3);
}

void guest_boot_main(const void *fdt)
{
	int err = dt_init(fdt);

	smccc_set_conduit(dt_psci_smc() ? SMCCC_CONDUIT_SMC : SMCCC_CONDUIT_HVC);
	con_init();
	if (err) {
		test_fail("dt", "bad device tree at %p err=%d", fdt, err);
		test_done();
		guest_idle();
	}
	con_printf("%s: start at %p dt=%p console=%s\n", guest_name,
		   __image_start, fdt, con_under_septum() ? "septum" : "native");
	guest_main();
	test_done();
	if (done_off())
		psci_system_off();
	guest_idle();
}
