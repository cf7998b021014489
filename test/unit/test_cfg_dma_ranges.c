/* SPDX-License-Identifier: MIT */
/*
 * Where a DMA-capable device's DMA reaches (the board's dma-ranges, read
 * by dt_dma_windows() as Linux reads them) and what follows: a VM's
 * identity-mapped RAM must lie in the device's window; the guest DT puts
 * the device in a bus with the same dma-ranges. And a device's clocks:
 * clock-rates gives one fixed clock per board clock (cfg_clock.c,
 * guest_dt.c). On a board shaped like a Raspberry Pi 4's. Exact values
 * and messages.
 */
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
#include "cfg_fixture.h"
#include "guest_dt.h"
#include "vm.h"

#define HDR \
	"/dts-v1/;\n/ {\ncompatible = \"septum,partition\";\n" \
	"#address-cells = <2>;\n#size-cells = <2>;\n"
#define END "};\n"
#define VM(name, cpu, mem, devices) \
	name " {\ncompatible = \"septum,vm\";\n#address-cells = <2>;\n" \
	"#size-cells = <2>;\ncpus = <" cpu ">;\n" \
	"memory@" mem " { reg = <0 0x" mem " 0 0x2000000>; };\n" \
	"kernel { image = [1f 20 03 d5]; };\ndevices {\n" devices "};\n};\n"
#define DEV(name, path, props) name " { path = \"" path "\"; " props "};\n"
#define EMMC2 DEV("sd", "/emmc2bus/mmc@7e340000", "")

/*
 * 2 GiB of RAM from 0. As on a Pi 4: the SoC bus sees RAM 0..1 GiB at bus
 * 0xc0000000 (dma-ranges of /soc and of /emmc2bus); /soc/sub narrows it
 * further (its bus 0 is the SoC's 0xc0000000, 256 MiB); /soc/dead has an
 * empty dma-ranges under a parent without one. Clocks: a clock controller
 * with one cell, a fixed clock.
 */
static const char board_dts[] =
	"/dts-v1/;\n/ {\n#address-cells = <2>;\n#size-cells = <1>;\n"
	"interrupt-parent = <&gic>;\n"
	"memory@0 { device_type = \"memory\"; reg = <0 0 0x80000000>; };\n"
	"cpus { #address-cells = <1>; #size-cells = <0>;\n"
	" cpu@0 { device_type = \"cpu\"; reg = <0>; };\n"
	" cpu@1 { device_type = \"cpu\"; reg = <1>; }; };\n"
	"osc: osc { compatible = \"fixed-clock\"; #clock-cells = <0>;\n"
	" clock-frequency = <54000000>; };\n"
	"soc { compatible = \"simple-bus\"; #address-cells = <1>; #size-cells = <1>;\n"
	" ranges = <0x7e000000 0x0 0xfe000000 0x1800000 0x40000000 0x0 0xff800000 0x800000>;\n"
	" dma-ranges = <0xc0000000 0x0 0x0 0x40000000>;\n"
	" gic: intc@40041000 { compatible = \"arm,gic-400\"; interrupt-controller;\n"
	"  #interrupt-cells = <3>;\n"
	"  reg = <0x40041000 0x1000 0x40042000 0x2000 0x40044000 0x2000 0x40046000 0x2000>;\n"
	"  interrupts = <1 9 0xf04>; };\n"
	" cprman: cprman@7e101000 { #clock-cells = <1>; reg = <0x7e101000 0x2000>; };\n"
	" serial@7e201000 { compatible = \"arm,pl011\"; reg = <0x7e201000 0x200>;\n"
	"  interrupts = <0 121 4>; clocks = <&osc>, <&osc>; };\n"
	" mmc@7e300000 { compatible = \"brcm,bcm2835-sdhci\"; reg = <0x7e300000 0x100>;\n"
	"  interrupts = <0 126 4>; clocks = <&cprman 28>; bus-width = <4>;\n"
	"  vmmc-supply = <&osc>; mmc-pwrseq = <&osc>; cd-gpios = <&osc 1 0>; };\n"
	" dmac@7e007000 { compatible = \"brcm,bcm2835-dma\"; reg = <0x7e007000 0x100>; };\n"
	" sub { compatible = \"simple-bus\"; #address-cells = <1>; #size-cells = <1>;\n"
	"  ranges; dma-ranges = <0x0 0xc0000000 0x10000000>;\n"
	"  dma@7e008000 { compatible = \"arm,pl330\"; reg = <0x7e008000 0x100>; }; };\n"
	" far { compatible = \"simple-bus\"; #address-cells = <1>; #size-cells = <1>;\n"
	"  ranges; dma-ranges = <0x0 0x80000000 0x1000>;\n"
	"  dma@7e009000 { compatible = \"arm,pl330\"; reg = <0x7e009000 0x100>; }; };\n"
	"};\n"
	"emmc2bus { compatible = \"simple-bus\"; #address-cells = <2>; #size-cells = <1>;\n"
	" ranges = <0x0 0x7e000000 0x0 0xfe000000 0x1800000>;\n"
	" dma-ranges = <0x0 0xc0000000 0x0 0x0 0x40000000>;\n"
	" mmc@7e340000 { compatible = \"brcm,bcm2711-emmc2\"; reg = <0x0 0x7e340000 0x100>;\n"
	"  interrupts = <0 126 4>; clocks = <&cprman 51>; }; };\n"
	"chosen { stdout-path = \"/soc/serial@7e201000\"; };\n"
	"};\n";

static const struct cfg_hyp_rsv hyp = { .n = 1, .r = { { 0x200000, 0x2000000 } } };

static struct cfg_fixture fx;

static int group_setup(void **state)
{
	return cfg_fixture_board(&fx, board_dts);
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

static void assert_window(const struct cfg_device *d, unsigned i, uint64_t bus, uint64_t cpu,
			  uint64_t size)
{
	assert_true(i < d->ndma_win);
	assert_int_equal(d->dma_win[i].bus, bus);
	assert_int_equal(d->dma_win[i].cpu, cpu);
	assert_int_equal(d->dma_win[i].size, size);
}

static void emmc2_reaches_the_first_gib_at_bus_0xc0000000(void **state)
{
	const struct cfg_device *d = &fx.part.vm[0].dev[0];

	assert_int_equal(check(HDR VM("linux", "0", "10000000", EMMC2) END), 1);
	assert_diag(&fx.sink);
	assert_true(d->dma);
	assert_int_equal(d->ndma_win, 1);
	assert_window(d, 0, 0xc0000000, 0x0, 0x40000000);
	assert_int_equal(d->dma_bus, fdt_path_offset(fx.board_fdt, "/emmc2bus"));
	assert_true(fx.part.vm[0].mem[0].identity);
}

static void ram_beyond_the_window_is_refused(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "50000000", EMMC2) END), 0);
	assert_diag(&fx.sink, "/linux/memory@50000000: reg: 0x50000000..0x51ffffff: "
		    "identity-mapped for DMA, but /emmc2bus/mmc@7e340000 reaches only "
		    "0x0..0x3fffffff by DMA (dma-ranges of /emmc2bus): give this VM RAM there");
}

/* RAM that straddles the window's end is as unreachable. */
static void ram_across_the_windows_end_is_refused(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "3f000000", EMMC2) END), 0);
	assert_diag(&fx.sink, "/linux/memory@3f000000: reg: 0x3f000000..0x40ffffff: "
		    "identity-mapped for DMA, but /emmc2bus/mmc@7e340000 reaches only "
		    "0x0..0x3fffffff by DMA (dma-ranges of /emmc2bus): give this VM RAM there");
}

/* /soc/sub's bus 0 is the SoC bus's 0xc0000000, which is RAM 0. */
static void windows_are_translated_through_every_bus_above(void **state)
{
	const struct cfg_device *d = &fx.part.vm[0].dev[0];

	assert_int_equal(check(HDR VM("linux", "0", "8000000",
		DEV("dma", "/soc/sub/dma@7e008000", "")) END), 1);
	assert_diag(&fx.sink);
	assert_int_equal(d->ndma_win, 1);
	assert_window(d, 0, 0x0, 0x0, 0x10000000);
	assert_int_equal(check(HDR VM("linux", "0", "10000000",
		DEV("dma", "/soc/sub/dma@7e008000", "")) END), 0);
	assert_diag(&fx.sink, "/linux/memory@10000000: reg: 0x10000000..0x11ffffff: "
		    "identity-mapped for DMA, but /soc/sub/dma@7e008000 reaches only "
		    "0x0..0xfffffff by DMA (dma-ranges of /soc/sub): give this VM RAM there");
}

/* /soc/far's window is outside the SoC bus's dma-ranges: refused with the bus. */
static void a_window_the_bus_above_cannot_translate_is_refused(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "10000000",
		DEV("dma", "/soc/far/dma@7e009000", "")) END), 0);
	assert_diag(&fx.sink, "/linux/devices/dma: path: \"/soc/far/dma@7e009000\": "
		    "DMA-capable, but where its DMA reaches is not known: a window outside "
		    "the dma-ranges of /soc");
}

/* A device that does no DMA has no windows: its VM is placed as any. */
static void devices_without_dma_have_no_windows(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "50000000",
		DEV("emmc", "/soc/mmc@7e300000", "clock-rates = <250000000>;")) END), 1);
	assert_diag(&fx.sink);
	assert_int_equal(fx.part.vm[0].dev[0].ndma_win, 0);
	assert_false(fx.part.vm[0].mem[0].identity);
}

static void one_rate_per_board_clock(void **state)
{
	const struct cfg_device *d = &fx.part.vm[0].dev[0];

	assert_int_equal(check(HDR VM("linux", "0", "10000000",
		DEV("sd", "/emmc2bus/mmc@7e340000", "clock-rates = <100000000>;")) END), 1);
	assert_diag(&fx.sink);
	assert_int_equal(d->nclk, 1);
	assert_int_equal(d->clk_hz[0], 100000000);
	assert_int_equal(check(HDR VM("linux", "0", "10000000",
		DEV("sd", "/emmc2bus/mmc@7e340000", "clock-rates = <1 2>;")) END), 0);
	assert_diag(&fx.sink, "/linux/devices/sd: clock-rates: 2 rates, but the board's "
		    "/emmc2bus/mmc@7e340000 has 1 clock");
	assert_int_equal(check(HDR VM("linux", "0", "10000000",
		DEV("dma", "/soc/dmac@7e007000", "clock-rates = <1>;")) END), 0);
	assert_diag(&fx.sink, "/linux/devices/dma: clock-rates: 1 rate, but the board's "
		    "/soc/dmac@7e007000 has 0 clocks");
	assert_int_equal(check(HDR VM("linux", "0", "10000000",
		DEV("sd", "/emmc2bus/mmc@7e340000", "clock-rates = <0>;")) END), 0);
	assert_diag(&fx.sink, "/linux/devices/sd: clock-rates: entry 0 is 0: a clock needs a rate");
}

/* The guest DT of a VM built from the last check. */
static uint8_t gdt[CFG_GUEST_DT_SIZE];

static void build_guest_dt(void)
{
	static struct vm vm;

	memset(&vm, 0, sizeof(vm));
	vm.cfg = &fx.part.vm[0];
	vm.nvcpus = 1;
	vm_board_fdt = fx.board_fdt;
	assert_true(guest_dt_build(&vm, gdt, sizeof(gdt)) > 0);
}

static const void *gprop(const char *path, const char *name, int *len)
{
	int node = fdt_path_offset(gdt, path);

	assert_true(node >= 0);
	return fdt_getprop(gdt, node, name, len);
}

static uint32_t gcell(const void *p, int i)
{
	return fdt32_to_cpu(((const fdt32_t *)p)[i]);
}

static void the_guest_sees_the_dma_ranges_and_fixed_clocks(void **state)
{
	int len, clk;
	const void *p;

	assert_int_equal(check(HDR VM("linux", "0", "10000000",
		DEV("sd", "/emmc2bus/mmc@7e340000", "clock-rates = <100000000>;")
		DEV("emmc", "/soc/mmc@7e300000", "clock-rates = <250000000>;")) END), 1);
	assert_diag(&fx.sink);
	build_guest_dt();
	/* EMMC2 in a bus: <bus cpu size>, 2 cells each. */
	p = gprop("/dma-bus@fe340000", "dma-ranges", &len);
	assert_int_equal(len, 24);
	assert_int_equal(gcell(p, 1), 0xc0000000);
	assert_int_equal(gcell(p, 3), 0x0);
	assert_int_equal(gcell(p, 5), 0x40000000);
	assert_int_equal(gprop("/dma-bus@fe340000", "ranges", &len) != NULL, true);
	assert_int_equal(len, 0);
	assert_string_equal(gprop("/dma-bus@fe340000/mmc@fe340000", "compatible", &len),
			    "brcm,bcm2711-emmc2");
	/* Its clock: a fixed clock of the partition's rate. */
	p = gprop("/dma-bus@fe340000/mmc@fe340000", "clocks", &len);
	assert_int_equal(len, 4);
	clk = fdt_node_offset_by_phandle(gdt, gcell(p, 0));
	assert_true(clk >= 0);
	assert_int_equal(fdt_node_check_compatible(gdt, clk, "fixed-clock"), 0);
	assert_int_equal(gcell(fdt_getprop(gdt, clk, "clock-frequency", NULL), 0), 100000000);
	/* The older EMMC: no DMA, at the root; board references dropped. */
	p = gprop("/mmc@fe300000", "clocks", &len);
	clk = fdt_node_offset_by_phandle(gdt, gcell(p, 0));
	assert_int_equal(gcell(fdt_getprop(gdt, clk, "clock-frequency", NULL), 0), 250000000);
	assert_null(gprop("/mmc@fe300000", "vmmc-supply", &len));
	assert_null(gprop("/mmc@fe300000", "mmc-pwrseq", &len));
	assert_null(gprop("/mmc@fe300000", "cd-gpios", &len));
	assert_int_equal(gcell(gprop("/mmc@fe300000", "bus-width", &len), 0), 4);
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, teardown)
	const struct CMUnitTest tests[] = {
		T(emmc2_reaches_the_first_gib_at_bus_0xc0000000),
		T(ram_beyond_the_window_is_refused),
		T(ram_across_the_windows_end_is_refused),
		T(windows_are_translated_through_every_bus_above),
		T(a_window_the_bus_above_cannot_translate_is_refused),
		T(devices_without_dma_have_no_windows),
		T(one_rate_per_board_clock),
		T(the_guest_sees_the_dma_ranges_and_fixed_clocks),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
