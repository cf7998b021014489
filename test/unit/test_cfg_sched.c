/* SPDX-License-Identifier: MIT */
/* Time partitions in the partition description (src/core/cfg/cfg_sched.c,
 * cfg_sched_report.c): schedules that pass, each bad one with its exact
 * message, and the timeline septum-check prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cfg.h"
#include "cfg_fixture.h"

#define HDR \
	"/dts-v1/;\n/ {\ncompatible = \"septum,partition\";\n" \
	"#address-cells = <2>;\n#size-cells = <2>;\n"
#define END "};\n"
/* VM name (label name) with vCPUs on cpus. */
#define VM(name, cpus) \
	name ": " name " {\ncompatible = \"septum,vm\";\ncpus = <" cpus ">;\n" \
	"memory@40000000 { reg = <0 0x40000000 0 0x1000000>; };\n" \
	"kernel { image = [1f 20 03 d5]; };\n};\n"
#define SCHED(body) \
	"schedule {\n#address-cells = <1>;\n#size-cells = <0>;\n" body "};\n"
#define CPU(n, frame, windows, more) \
	"cpu@" #n " {\nreg = <" #n ">;\nmajor-frame-us = <" frame ">;\n" \
	"windows = " windows ";\n" more "};\n"

static const char board_dts[] =
	"/dts-v1/;\n/ {\n#address-cells = <2>;\n#size-cells = <2>;\n"
	"interrupt-parent = <&gic>;\n"
	"memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x40000000>; };\n"
	"cpus { #address-cells = <1>; #size-cells = <0>;\n"
	" cpu@0 { device_type = \"cpu\"; reg = <0>; };\n"
	" cpu@1 { device_type = \"cpu\"; reg = <1>; }; };\n"
	"gic: intc@8000000 { compatible = \"arm,gic-v3\"; interrupt-controller;\n"
	" #interrupt-cells = <3>;\n"
	" reg = <0 0x08000000 0 0x10000 0 0x080a0000 0 0xf60000>; interrupts = <1 9 4>; };\n"
	"pl011@9000000 { compatible = \"arm,pl011\"; reg = <0 0x09000000 0 0x1000>;\n"
	" interrupts = <0 1 4>; };\n"
	"};\n";

static struct cfg_fixture fx;
static const struct cfg_hyp_rsv hyp = { .n = 1, .r = { { 0x40200000, 0x200000 } } };

static int group_setup(void **state)
{
	return cfg_fixture_board(&fx, board_dts) == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	cfg_fixture_free(&fx, true);
	return 0;
}

static int teardown(void **state)
{
	cfg_fixture_free(&fx, false);
	return 0;
}

static int check(const char *dts)
{
	return cfg_fixture_check(&fx, dts, &hyp);
}

static void two_vms_share_a_cpu(void **state)
{
	const struct cfg_sched *s;

	assert_int_equal(check(HDR VM("alpha", "0") VM("beta", "0") SCHED(
		CPU(0, "1000", "<&beta 0 500 300>, <&alpha 0 0 400>", "slack = <&beta 0>;\n"))
		END), 2);
	assert_diag(&fx.sink);
	s = &fx.part.sched[0];
	assert_true(s->present && s->valid);
	assert_false(fx.part.sched[1].present);
	assert_int_equal(s->frame_us, 1000);
	assert_int_equal(s->nwin, 2);
	/* Kept by offset. */
	assert_int_equal(s->win[0].who.vm, 0);
	assert_int_equal(s->win[0].offset_us, 0);
	assert_int_equal(s->win[0].duration_us, 400);
	assert_int_equal(s->win[1].who.vm, 1);
	assert_int_equal(s->win[1].offset_us, 500);
	assert_int_equal(s->nslack, 1);
	assert_int_equal(s->slack[0].vm, 1);
	assert_true(cfg_sched_has(s, 1, 0, false));
	assert_false(cfg_sched_has(s, 1, 1, true));
}

static void one_vm_with_two_vcpus_on_one_cpu(void **state)
{
	assert_int_equal(check(HDR VM("smp", "0 0 1") SCHED(
		CPU(0, "2000", "<&smp 0 0 1000>, <&smp 1 1000 1000>", "")) END), 1);
	assert_diag(&fx.sink);
}

static void a_shared_cpu_needs_a_schedule(void **state)
{
	assert_int_equal(check(HDR VM("smp", "1 1") END), 0);
	assert_diag(&fx.sink, "/smp: cpus: 1: listed twice (a CPU that runs more than one "
		    "vCPU needs /schedule/cpu@1)");
	assert_int_equal(check(HDR VM("alpha", "0") VM("beta", "0") END), 1);
	assert_diag(&fx.sink, "/beta: cpus: 0: physical CPU already given to /alpha");
}

static void overlapping_windows(void **state)
{
	assert_int_equal(check(HDR VM("alpha", "0") VM("beta", "0") SCHED(
		CPU(0, "1000", "<&alpha 0 0 400>, <&beta 0 300 300>", "")) END), 0);
	assert_diag(&fx.sink, "/schedule/cpu@0: windows: <beta 0 300 300>: overlaps "
		    "<alpha 0 0 400>",
		    "/alpha: cpus: 0: refused: /schedule/cpu@0 is not usable (above)",
		    "/beta: cpus: 0: refused: /schedule/cpu@0 is not usable (above)");
}

static void window_past_the_frame(void **state)
{
	assert_int_equal(check(HDR VM("alpha", "0") VM("beta", "1") SCHED(
		CPU(0, "1000", "<&alpha 0 800 300>", "")) END), 1);
	assert_diag(&fx.sink, "/schedule/cpu@0: windows: <alpha 0 800 300>: ends at 1100 us: "
		    "runs past the major frame (1000 us)",
		    "/alpha: cpus: 0: refused: /schedule/cpu@0 is not usable (above)");
	assert_true(fx.part.vm[1].valid);
}

static void window_too_short(void **state)
{
	assert_int_equal(check(HDR VM("alpha", "0") SCHED(
		CPU(0, "1000", "<&alpha 0 0 20>", "")) END), 0);
	assert_diag(&fx.sink, "/schedule/cpu@0: windows: <alpha 0 0 20>: 20 us: shorter "
		    "than the shortest window (50 us)",
		    "/alpha: cpus: 0: refused: /schedule/cpu@0 is not usable (above)");
}

static void vcpu_scheduled_on_two_cpus(void **state)
{
	assert_int_equal(check(HDR VM("alpha", "0 1") VM("beta", "1") SCHED(
		CPU(0, "1000", "<&alpha 0 0 400>", "")
		CPU(1, "1000", "<&alpha 0 0 400>, <&beta 0 400 400>", "slack = <&alpha 1>;\n"))
		END), 0);
	assert_diag(&fx.sink, "/schedule/cpu@1: windows: <alpha 0 ...>: vCPU 0 of /alpha is "
		    "scheduled on CPU 0 too (a vCPU runs on one CPU)",
		    "/alpha: cpus: 1: refused: /schedule/cpu@1 is not usable (above)",
		    "/beta: cpus: 1: refused: /schedule/cpu@1 is not usable (above)");
}

static void vcpu_scheduled_off_its_cpu(void **state)
{
	assert_int_equal(check(HDR VM("alpha", "1") VM("beta", "0") SCHED(
		CPU(0, "1000", "<&beta 0 0 400>, <&alpha 0 400 400>", "")) END), 1);
	assert_diag(&fx.sink, "/schedule/cpu@0: windows: <alpha 0 ...>: vCPU 0 of /alpha "
		    "runs on CPU 1 (its cpus), not CPU 0",
		    "/beta: cpus: 0: refused: /schedule/cpu@0 is not usable (above)");
}

static void vcpu_without_time(void **state)
{
	assert_int_equal(check(HDR VM("alpha", "0") VM("beta", "0 0") SCHED(
		CPU(0, "1000", "<&alpha 0 0 400>, <&beta 0 400 400>", "")) END), 1);
	assert_diag(&fx.sink, "/beta: cpus: 0: vCPU 1 has no time on CPU 0: no window or "
		    "slack in /schedule/cpu@0");
	/* Slack only, in a frame the windows fill: no time either. */
	assert_int_equal(check(HDR VM("alpha", "0") VM("beta", "0") SCHED(
		CPU(0, "1000", "<&alpha 0 0 1000>", "slack = <&beta 0>;\n")) END), 1);
	assert_diag(&fx.sink, "/beta: cpus: 0: vCPU 0 has no time on CPU 0: only in the "
		    "slack, and the windows of /schedule/cpu@0 fill the frame");
	/* Slack only, with gaps: it runs there. */
	assert_int_equal(check(HDR VM("alpha", "0") VM("beta", "0") SCHED(
		CPU(0, "1000", "<&alpha 0 0 600>", "slack = <&beta 0>;\n")) END), 2);
	assert_diag(&fx.sink);
}

static void bad_shapes(void **state)
{
	assert_int_equal(check(HDR VM("alpha", "0") SCHED(
		"cpu@0 {\nreg = <0>;\nwindows = <&alpha 0 0 400>;\nperiod = <1>;\n};\n") END), 0);
	assert_diag(&fx.sink, "/schedule/cpu@0: period: unknown property",
		    "/schedule/cpu@0: major-frame-us: missing",
		    "/alpha: cpus: 0: refused: /schedule/cpu@0 is not usable (above)");
	assert_int_equal(check(HDR VM("alpha", "0") SCHED(
		CPU(0, "2000000", "<&alpha 0 0 400>", "")) END), 0);
	assert_diag(&fx.sink, "/schedule/cpu@0: major-frame-us: 2000000: must be 50..1000000",
		    "/alpha: cpus: 0: refused: /schedule/cpu@0 is not usable (above)");
	assert_int_equal(check(HDR VM("alpha", "0") SCHED(
		CPU(0, "1000", "<&alpha 0 0>", "")) END), 0);
	assert_diag(&fx.sink, "/schedule/cpu@0: windows: 12 bytes: not a list of "
		    "<&vm vcpu offset-us duration-us>",
		    "/alpha: cpus: 0: refused: /schedule/cpu@0 is not usable (above)");
	assert_int_equal(check(HDR VM("alpha", "0") SCHED(
		CPU(0, "1000", "<&alpha 3 0 400>", "")) END), 0);
	assert_diag(&fx.sink, "/schedule/cpu@0: windows: <alpha 3 0 400>: vCPU 3: /alpha has "
		    "1 vCPU(s)",
		    "/alpha: cpus: 0: refused: /schedule/cpu@0 is not usable (above)");
	assert_int_equal(check(HDR VM("alpha", "0") SCHED(
		"core@0 { reg = <0>; };\n" CPU(0, "1000", "<&alpha 0 0 400>", "")) END), 1);
	assert_diag(&fx.sink, "/schedule/core@0: unknown node (the children of /schedule are "
		    "cpu@<n>, one per physical CPU)");
	assert_int_equal(check(HDR VM("alpha", "0") SCHED(
		CPU(3, "1000", "<&alpha 0 0 400>", "")) END), 1);
	assert_diag(&fx.sink, "/schedule/cpu@3: reg: 3: no such CPU (the board has 2)");
}

static char lines[16][200];
static unsigned nlines;

static void collect(void *ctx, const char *line)
{
	snprintf(lines[nlines++ % 16], sizeof(lines[0]), "%s", line);
}

static void timeline_and_shares(void **state)
{
	assert_int_equal(check(HDR VM("alpha", "0") VM("beta", "0") SCHED(
		CPU(0, "600", "<&alpha 0 0 300>, <&beta 0 400 100>", "slack = <&beta 0>;\n"))
		END), 2);
	nlines = 0;
	cfg_sched_timeline(&fx.part, 0, collect, NULL);
	assert_int_equal(nlines, 6);
	assert_string_equal(lines[0], "CPU 0: major frame 600 us, 2 window(s), 1 slack vCPU(s)");
	assert_string_equal(lines[1], "  |AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA..........BBBBBBBBBB"
			    "..........|");
	assert_string_equal(lines[3], "  A alpha/0  0..300 us (50.0 %)");
	assert_string_equal(lines[4], "  B beta/0  400..500 us (16.7 %)");
	nlines = 0;
	cfg_sched_shares(&fx.part, collect, NULL);
	assert_int_equal(nlines, 2);
	assert_string_equal(lines[0], "VM alpha: 50.0 % of CPU 0");
	assert_string_equal(lines[1], "VM beta: 16.7 % of CPU 0 + slack");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(two_vms_share_a_cpu, teardown),
		cmocka_unit_test_teardown(one_vm_with_two_vcpus_on_one_cpu, teardown),
		cmocka_unit_test_teardown(a_shared_cpu_needs_a_schedule, teardown),
		cmocka_unit_test_teardown(overlapping_windows, teardown),
		cmocka_unit_test_teardown(window_past_the_frame, teardown),
		cmocka_unit_test_teardown(window_too_short, teardown),
		cmocka_unit_test_teardown(vcpu_scheduled_on_two_cpus, teardown),
		cmocka_unit_test_teardown(vcpu_scheduled_off_its_cpu, teardown),
		cmocka_unit_test_teardown(vcpu_without_time, teardown),
		cmocka_unit_test_teardown(bad_shapes, teardown),
		cmocka_unit_test_teardown(timeline_and_shares, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
