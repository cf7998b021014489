/* SPDX-License-Identifier: MIT */
/* Partition description: a VM's health monitoring (watchdog node,
 * restart-limit, monitor), parsed and resolved, each bad input with its
 * exact message. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include "cfg.h"
#include "diag_sink.h"
#include "dtc.h"

#define HDR \
	"/dts-v1/;\n/ {\ncompatible = \"septum,partition\";\n" \
	"#address-cells = <2>;\n#size-cells = <2>;\n"
#define END "};\n"
#define WD(body) \
	HDR "wd {\ncompatible = \"septum,vm\";\n#address-cells = <2>;\n#size-cells = <2>;\n" \
	"cpus = <0>;\n" body "memory@40000000 { reg = <0 0x40000000 0 0x1000000>; };\n" \
	"kernel { image = /incbin/(\"wd.bin\"); };\n};\n" END

static const struct board board = {
	.nmem = 1,
	.mem = { { 0x40000000, 0x40000000 } },
	.ncpus = 4,
	.cpu_mpidr = { 0, 1, 2, 3 },
	.uart = { 0x9000000, 0x1000 },
	.uart_intid = 33,
};

static struct diag_sink sink;
static struct partition part;
static void *fdt;

static int group_setup(void **state)
{
	dtc_write_file(NULL, "wd.bin", "\x1f\x20\x03\xd5", 4);
	return 0;
}

static int teardown(void **state)
{
	free(fdt);
	fdt = NULL;
	return 0;
}

static int parse(const char *dts)
{
	free(fdt);
	fdt = dtc_compile_opts(dts, dtc_tmpdir(), NULL);
	assert_non_null(fdt);
	diag_sink_init(&sink);
	return cfg_parse(fdt, fdt_totalsize(fdt), &part, &sink.d);
}

static int resolve(void)
{
	diag_sink_init(&sink);
	return cfg_resolve(&part, NULL, &board, &sink.d);
}

static void a_watchdog_and_its_limit_are_read(void **state)
{
	const struct cfg_vm *vm = &part.vm[0];

	assert_int_equal(parse(WD("on-fault = \"restart\";\nrestart-limit = <3 2000>;\n"
				  "monitor;\n" "watchdog { timeout-ms = <250>; };\n")), 1);
	assert_diag(&sink);
	assert_true(vm->wdog.present);
	assert_int_equal(vm->wdog.period_ms, 250);
	assert_int_equal(vm->restart_max, 3);
	assert_int_equal(vm->restart_window_ms, 2000);
	assert_true(vm->monitor);
}

static void no_watchdog_no_limit_no_monitor_by_default(void **state)
{
	assert_int_equal(parse(WD("")), 1);
	assert_false(part.vm[0].wdog.present);
	assert_int_equal(part.vm[0].restart_max, 0);
	assert_false(part.vm[0].monitor);
}

static void the_sp805_defaults_to_the_page_after_the_console(void **state)
{
	assert_int_equal(parse(WD("watchdog { timeout-ms = <100>; };\n")), 1);
	assert_int_equal(resolve(), 1);
	assert_diag(&sink);
	assert_int_equal(part.vm[0].plat.wdog.base, 0x9001000);
	assert_int_equal(part.vm[0].plat.wdog.size, CFG_WDOG_SIZE);
}

static void a_given_sp805_address_is_kept(void **state)
{
	assert_int_equal(parse(WD("watchdog { timeout-ms = <100>; "
				  "guest-address = <0 0x9040000>; };\n")), 1);
	assert_int_equal(resolve(), 1);
	assert_int_equal(part.vm[0].plat.wdog.base, 0x9040000);
}

static void an_sp805_over_memory_is_refused(void **state)
{
	assert_int_equal(parse(WD("watchdog { timeout-ms = <100>; "
				  "guest-address = <0 0x40001000>; };\n")), 1);
	assert_int_equal(resolve(), 0);
	assert_diag(&sink, "/wd/watchdog: guest-address: 0x40001000..0x40001fff: overlaps "
		    "/wd/memory@40000000 (0x40000000..0x40ffffff)");
}

static void an_sp805_over_the_console_is_refused(void **state)
{
	assert_int_equal(parse(WD("watchdog { timeout-ms = <100>; "
				  "guest-address = <0 0x9000000>; };\n")), 1);
	assert_int_equal(resolve(), 0);
	assert_diag(&sink, "/wd/watchdog: guest-address: 0x9000000..0x9000fff: overlaps "
		    "/wd/console (0x9000000..0x9000fff)");
}

static void the_default_sp805_says_it_is_the_default(void **state)
{
	assert_int_equal(parse(WD("console { guest-address = <0 0x40ffe000>; };\n"
				  "watchdog { timeout-ms = <100>; };\n")), 1);
	assert_int_equal(resolve(), 0);
	assert_diag(&sink, "/wd/console: guest-address: 0x40ffe000..0x40ffefff: overlaps "
		    "/wd/memory@40000000 (0x40000000..0x40ffffff)",
		    "/wd/watchdog: guest-address: 0x40fff000..0x40ffffff (by default, the page "
		    "after the console's): overlaps /wd/memory@40000000 (0x40000000..0x40ffffff)");
}

static void bad_watchdogs_are_refused(void **state)
{
	static const struct {
		const char *body, *msg;
	} bad[] = {
		{ "watchdog { };\n", "/wd/watchdog: timeout-ms: missing" },
		{ "watchdog { timeout-ms = <5>; };\n",
		  "/wd/watchdog: timeout-ms: 5: must be 10..3600000" },
		{ "watchdog { timeout-ms = <3600001>; };\n",
		  "/wd/watchdog: timeout-ms: 3600001: must be 10..3600000" },
		{ "watchdog { timeout-ms = <0 100>; };\n",
		  "/wd/watchdog: timeout-ms: 8 bytes: must be one cell" },
		{ "watchdog { timeout-ms = <100>; guest-address = <0x9001000>; };\n",
		  "/wd/watchdog: guest-address: 4 bytes: must be 8 (2 cells)" },
		{ "watchdog { timeout-ms = <100>; guest-address = <0 0x9001008>; };\n",
		  "/wd/watchdog: guest-address: 0x9001008: not 4 KiB aligned" },
		{ "watchdog { timeout-ms = <100>; period = <1>; };\n",
		  "/wd/watchdog: period: unknown property" },
		{ "watchdog { timeout-ms = <100>; sp805 { }; };\n",
		  "/wd/watchdog: sp805: unknown node" },
		{ "watchdg { timeout-ms = <100>; };\n",
		  "/wd: watchdg: unknown node (did you mean \"watchdog\"?)" },
	};

	char dts[1024];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(dts, sizeof(dts), WD("%s"), bad[i].body);
		assert_int_equal(parse(dts), 0);
		assert_diag(&sink, bad[i].msg);
	}
}

static void bad_limits_and_monitors_are_refused(void **state)
{
	assert_int_equal(parse(WD("restart-limit = <3 1000>;\n")), 0);
	assert_diag(&sink, "/wd: restart-limit: <3 1000>: given, but on-fault is not \"restart\"");
	assert_int_equal(parse(WD("on-fault = \"restart\";\nrestart-limit = <0 1000>;\n")), 0);
	assert_diag(&sink, "/wd: restart-limit: <0 1000>: restarts must be 1..16");
	assert_int_equal(parse(WD("on-fault = \"restart\";\nrestart-limit = <17 1000>;\n")), 0);
	assert_diag(&sink, "/wd: restart-limit: <17 1000>: restarts must be 1..16");
	assert_int_equal(parse(WD("on-fault = \"restart\";\nrestart-limit = <2 0>;\n")), 0);
	assert_diag(&sink, "/wd: restart-limit: <2 0>: the window must be at least 1 ms");
	assert_int_equal(parse(WD("on-fault = \"restart\";\nrestart-limit = <2>;\n")), 0);
	assert_diag(&sink, "/wd: restart-limit: 4 bytes: must be <restarts window-ms>");
	assert_int_equal(parse(WD("monitor = <1>;\n")), 0);
	assert_diag(&sink, "/wd: monitor: 4 bytes: a boolean takes no value");
	assert_int_equal(parse(WD("restart-limt = <2 100>;\n")), 0);
	assert_diag(&sink, "/wd: restart-limt: unknown property (did you mean \"restart-limit\"?)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(a_watchdog_and_its_limit_are_read, teardown),
		cmocka_unit_test_teardown(no_watchdog_no_limit_no_monitor_by_default, teardown),
		cmocka_unit_test_teardown(the_sp805_defaults_to_the_page_after_the_console,
					  teardown),
		cmocka_unit_test_teardown(a_given_sp805_address_is_kept, teardown),
		cmocka_unit_test_teardown(an_sp805_over_memory_is_refused, teardown),
		cmocka_unit_test_teardown(an_sp805_over_the_console_is_refused, teardown),
		cmocka_unit_test_teardown(the_default_sp805_says_it_is_the_default, teardown),
		cmocka_unit_test_teardown(bad_watchdogs_are_refused, teardown),
		cmocka_unit_test_teardown(bad_limits_and_monitors_are_refused, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
