/* SPDX-License-Identifier: MIT */
/*
 * flood: writes console lines as fast as it can, to show that one VM cannot
 * starve another's console output. Prints "FLOOD <n> ...", lines=<n>
 * of them (default 20000), then DONE.
 *
 * Bootargs: lines=<n>
 */
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/test.h>

const char guest_name[] = "flood";

void guest_main(void)
{
	u64 lines = dt_arg_u64_or("lines", 20000);

	for (u64 n = 1; n <= lines; n++)
		con_printf("FLOOD %llu xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", n);
	test_pass("flood-wrote-all");
}
