/* SPDX-License-Identifier: MIT */
/*
 * Partition description, the parts that reach outside a VM: pass-through
 * devices resolved against a board DT (cell counts, "ranges" of buses,
 * interrupt parents), extra interrupts, the console and channels. Exact
 * parsed values and exact messages.
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
#include "dt.h"
#include "cfg_fixture.h"
#include "dtc.h"

#define HDR \
	"/dts-v1/;\n/ {\ncompatible = \"septum,partition\";\n" \
	"#address-cells = <2>;\n#size-cells = <2>;\n"
#define END "};\n"
/* A VM on CPU cpu with 32 MiB at 0x40000000; props come before nodes. */
#define VM(name, cpu, props, nodes) \
	name " {\ncompatible = \"septum,vm\";\n#address-cells = <2>;\n" \
	"#size-cells = <2>;\ncpus = <" cpu ">;\n" props \
	"memory@40000000 { reg = <0 0x40000000 0 0x2000000>; };\n" \
	"kernel { image = [1f 20 03 d5]; };\n" nodes "};\n"
#define DEV(name, path) name " { path = \"" path "\"; };\n"
#define DEV_AT(name, path, at) \
	name " { path = \"" path "\"; guest-address = <" at ">; };\n"
#define CHAN(name, peer, size, at) \
	name " { peer = \"" peer "\"; size = <" size ">; guest-address = <" at ">; };\n"

/*
 * A board like a Raspberry Pi's: peripherals on a bus whose "ranges" moves
 * them (bus 0x7e000000 is CPU 0xfe000000), one of them disabled, two
 * sharing a page; plus nodes whose interrupts or registers cannot be
 * passed through.
 */
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
	"soc { compatible = \"simple-bus\"; #address-cells = <1>; #size-cells = <1>;\n"
	" ranges = <0x7e000000 0x0 0xfe000000 0x1800000>;\n"
	" serial@7e201000 { reg = <0x7e201000 0x200>; interrupts = <0 121 4>; };\n"
	" spi@7e204000 { reg = <0x7e204000 0x200>; interrupts = <0 118 4>;"
	"  status = \"disabled\"; };\n"
	" mmc@7e300000 { reg = <0x7e300000 0x100>, <0x7e301800 0x1000>;\n"
	"  interrupts = <0 126 4>, <0 127 1>; };\n"
	" aux@7e215000 { reg = <0x7e215000 0x8>; };\n"
	" spi1@7e215080 { reg = <0x7e215080 0x40>; };\n"
	" far@80000000 { reg = <0x80000000 0x1000>; };\n"
	" gpio: gpio@7e200000 { reg = <0x7e200000 0x100>; interrupt-controller;"
	"  #interrupt-cells = <2>; interrupts = <0 113 4>; };\n"
	" button@7e400000 { reg = <0x7e400000 0x1000>; interrupt-parent = <&gpio>;"
	"  interrupts = <5 1>; };\n"
	"};\n"
	"nobus { #address-cells = <1>; #size-cells = <1>;\n"
	" dev@1000 { reg = <0x1000 0x1000>; }; };\n"
	"ext@20000000 { reg = <0 0x20000000 0 0x1000>; interrupts-extended = <&gic 0 9 4>; };\n"
	"big@21000000 { reg = <0 0x21000000 0 0x1000>; interrupts = <0 200 4>; };\n"
	"bridge@22000000 { #address-cells = <1>; #size-cells = <1>;\n"
	" reg = <0 0x22000000 0 0x2000>; ranges = <0 0 0x22000000 0x2000>;\n"
	" child@1000 { reg = <0x1000 0x1000>; interrupts = <0 20 4>; }; };\n"
	"};\n";

static struct cfg_fixture fx;

static const struct cfg_hyp_rsv hyp = {
	.n = 1,
	.r = { { 0x40200000, 0x200000 } },
};

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

/* Parses, resolves and validates; returns the VMs left valid. */
static int check(const char *dts)
{
	return cfg_fixture_check(&fx, dts, &hyp);
}

static void assert_reg(const struct cfg_dev_reg *r, uint64_t host, uint64_t size,
		       uint64_t guest)
{
	assert_int_equal(r->host, host);
	assert_int_equal(r->size, size);
	assert_int_equal(r->guest, guest);
}

static void device_through_bus_ranges(void **state)
{
	const struct cfg_device *d = &fx.part.vm[0].dev[0];

	assert_int_equal(check(HDR VM("hello", "0", "",
		"devices {\n" DEV("uart", "/soc/serial@7e201000") "};\n") END), 1);
	assert_diag(&fx.sink);
	assert_int_equal(fx.part.vm[0].ndev, 1);
	assert_string_equal(d->name, "uart");
	assert_string_equal(d->path, "/soc/serial@7e201000");
	assert_int_equal(d->board_node, fdt_path_offset(fx.board_fdt, "/soc/serial@7e201000"));
	assert_int_equal(d->nreg, 1);
	/* 0x200 bytes at bus 0x7e201000 = CPU 0xfe201000, one page. */
	assert_reg(&d->reg[0], 0xfe201000, 0x1000, 0xfe201000);
	assert_int_equal(d->nirq, 1);
	assert_int_equal(d->irq[0], 32 + 121);
}

static void guest_address_moves_every_range(void **state)
{
	const struct cfg_device *d = &fx.part.vm[0].dev[0];

	assert_int_equal(check(HDR VM("hello", "0", "",
		"devices {\n" DEV_AT("mmc", "/soc/mmc@7e300000", "0 0x30000000") "};\n")
		END), 1);
	assert_diag(&fx.sink);
	assert_int_equal(d->nreg, 2);
	assert_reg(&d->reg[0], 0xfe300000, 0x1000, 0x30000000);
	/* 0x1000 bytes at 0x...1800 straddle two pages; same offset from reg 0. */
	assert_reg(&d->reg[1], 0xfe301000, 0x2000, 0x30001000);
	assert_int_equal(d->nirq, 2);
	assert_int_equal(d->irq[0], 158);
	assert_int_equal(d->irq[1], 159);
}

static void disabled_device_is_assignable(void **state)
{
	assert_int_equal(check(HDR VM("hello", "0", "",
		"devices {\n" DEV("spi", "/soc/spi@7e204000") "};\n") END), 1);
	assert_diag(&fx.sink);
	assert_reg(&fx.part.vm[0].dev[0].reg[0], 0xfe204000, 0x1000, 0xfe204000);
	assert_int_equal(fx.part.vm[0].dev[0].irq[0], 150);
}

static void device_registers_not_its_own(void **state)
{
	assert_int_equal(check(HDR VM("hello", "0", "",
		"devices {\n" DEV("aux", "/soc/aux@7e215000") DEV("far", "/soc/far@80000000")
		DEV("dev", "/nobus/dev@1000") "};\n") END), 0);
	assert_diag(&fx.sink,
		"/hello/devices/aux: path: \"/soc/aux@7e215000\": 0xfe215000..0xfe215007: "
		"shares a 4 KiB page with /soc/spi1@7e215080: add it to this VM's devices, "
		"or leave this one out",
		"/hello/devices/far: path: \"/soc/far@80000000\": outside the ranges of /soc",
		"/hello/devices/dev: path: \"/nobus/dev@1000\": not memory-mapped: no ranges in /nobus");
}

static void device_interrupts_not_through_the_gic(void **state)
{
	assert_int_equal(check(HDR VM("hello", "0", "",
		"devices {\n" DEV("button", "/soc/button@7e400000") DEV("ext", "/ext@20000000")
		DEV("big", "/big@21000000") "};\n") END), 0);
	assert_diag(&fx.sink,
		"/hello/devices/button: path: \"/soc/button@7e400000\": interrupt-parent: "
		"/soc/gpio@7e200000: not the GIC (/intc@8000000): only GIC interrupts can be "
		"passed through",
		"/hello/devices/ext: path: \"/ext@20000000\": interrupts-extended: not "
		"supported (only interrupts, through the GIC)",
		"/hello/devices/big: path: \"/big@21000000\": interrupts: <0 200 4>: beyond "
		"the virtual GIC (SPIs 0..127, INTIDs 32..159)");
}

static void device_inside_another_vms_device(void **state)
{
	assert_int_equal(check(HDR
		VM("alpha", "0", "", "devices {\n" DEV("bridge", "/bridge@22000000") "};\n")
		VM("beta", "1", "", "devices {\n" DEV("child", "/bridge@22000000/child@1000")
		   "};\n") END), 1);
	assert_diag(&fx.sink,
		"/beta/devices/child: path: \"/bridge@22000000/child@1000\": 0x22001000..0x22001fff: "
		"overlaps /alpha/devices/bridge (0x22000000..0x22001fff)");
	assert_reg(&fx.part.vm[1].dev[0].reg[0], 0x22001000, 0x1000, 0x22001000);
}

static void device_interrupt_given_as_extra_elsewhere(void **state)
{
	assert_int_equal(check(HDR
		VM("alpha", "0", "interrupts = <0 121 4>;\n", "")
		VM("beta", "1", "", "devices {\n" DEV("uart", "/soc/serial@7e201000") "};\n")
		END), 1);
	assert_diag(&fx.sink, "/beta/devices/uart: interrupts: SPI 121 (INTID 153): already "
		    "given to /alpha");
}

static void extra_interrupt_of_another_vms_device(void **state)
{
	assert_int_equal(check(HDR
		VM("alpha", "0", "", "devices {\n" DEV("uart", "/soc/serial@7e201000") "};\n")
		VM("beta", "1", "interrupts = <0 121 4>;\n", "")
		END), 1);
	assert_diag(&fx.sink, "/beta: interrupts: SPI 121 (INTID 153): already given to "
		    "/alpha/devices/uart");
}

static void too_many_devices(void **state)
{
#define D(n) DEV("d" #n, "/nobus/dev@1000")
	assert_int_equal(check(HDR VM("hello", "0", "",
		"devices {\n" D(0) D(1) D(2) D(3) D(4) D(5) D(6) D(7) D(8) D(9) D(10) D(11)
		D(12) D(13) D(14) D(15) D(16) "};\n") END), 0);
#undef D
	assert_int_equal(fx.sink.n, 17);
	assert_string_equal(fx.sink.msg[0], "/hello: devices: 17 devices: too many (max 16)");
	assert_int_equal(fx.part.vm[0].ndev, CFG_MAX_DEVICES);
}

static void console_defaults_and_input(void **state)
{
	assert_int_equal(check(HDR
		VM("alpha", "0", "", "")
		VM("beta", "1", "", "console { guest-address = <0 0x1c090000>; "
		   "interrupts = <0 37 4>; };\n")
		VM("gamma", "1", "", "")
		END), 2);
	assert_diag(&fx.sink, "/gamma: cpus: 1: physical CPU already given to /beta");
	/* Default: the board UART's address and INTID; input to the first VM. */
	assert_true(fx.part.vm[0].console.present);
	assert_int_equal(fx.part.vm[0].console.guest, 0x09000000);
	assert_int_equal(fx.part.vm[0].console.intid, 33);
	assert_true(fx.part.vm[0].console.input);
	assert_true(fx.part.vm[1].console.present);
	assert_int_equal(fx.part.vm[1].console.guest, 0x1c090000);
	assert_int_equal(fx.part.vm[1].console.intid, 69);
	assert_false(fx.part.vm[1].console.input);
}

static void console_input_asked_and_disabled(void **state)
{
	assert_int_equal(check(HDR
		VM("alpha", "0", "", "console { status = \"disabled\"; };\n")
		VM("beta", "1", "", "console { input; };\n")
		END), 2);
	assert_diag(&fx.sink);
	assert_false(fx.part.vm[0].console.present);
	assert_false(fx.part.vm[0].console.input);
	assert_true(fx.part.vm[1].console.input);
}

static void extra_interrupts_and_chosen_doorbells(void **state)
{
	const struct cfg_vm *a = &fx.part.vm[0], *b = &fx.part.vm[1];

	assert_int_equal(check(HDR
		VM("alpha", "0", "interrupts = <0 127 4>, <0 5 1>;\n",
		   "channels {\n" CHAN("shm", "beta", "0 0x10000", "0 0x50000000")
		   CHAN("log", "beta", "0 0x1000", "0 0x50100000") "};\n")
		VM("beta", "1", "",
		   "channels {\n" CHAN("log", "alpha", "0 0x1000", "0 0x60000000")
		   "shm { peer = \"alpha\"; size = <0 0x10000>; guest-address = <0 0x60100000>;"
		   " interrupts = <0 40 1>; };\n};\n")
		END), 2);
	assert_diag(&fx.sink);
	assert_int_equal(a->nirq, 2);
	assert_int_equal(a->irq[0], 159);
	assert_int_equal(a->irq[1], 37);
	assert_int_equal(a->nchan, 2);
	assert_string_equal(a->chan[0].name, "shm");
	assert_string_equal(a->chan[0].peer, "beta");
	assert_int_equal(a->chan[0].peer_vm, 1);
	assert_int_equal(a->chan[0].size, 0x10000);
	assert_int_equal(a->chan[0].guest, 0x50000000);
	/* 159 is taken by the VM's own interrupts: the highest free ones. */
	assert_int_equal(a->chan[0].intid, 158);
	assert_int_equal(a->chan[1].intid, 157);
	assert_int_equal(b->chan[0].peer_vm, 0);
	assert_string_equal(b->chan[0].name, "log");
	assert_int_equal(b->chan[0].intid, 159);
	assert_int_equal(b->chan[1].intid, 72);
	assert_int_equal(b->chan[1].peer_vm, 0);
}

static void channel_peer_refused_has_no_other_end(void **state)
{
	assert_int_equal(check(HDR
		VM("alpha", "0", "", "channels {\n" CHAN("shm", "beta", "0 0x1000", "0 0x50000000")
		   "};\n")
		VM("beta", "0", "", "channels {\n" CHAN("shm", "alpha", "0 0x2000", "0 0x50000000")
		   "};\n")
		END), 1);
	/* beta is refused (all its problems are named); alpha keeps a channel
	 * without another end and is not refused for it. */
	assert_diag(&fx.sink, "/beta: cpus: 0: physical CPU already given to /alpha",
		    "/beta/channels/shm: size: 0x2000: differs from /alpha/channels/shm (0x1000)");
	assert_true(fx.part.vm[0].valid);
	assert_int_equal(fx.part.vm[0].chan[0].peer_vm, 1);
	assert_false(fx.part.vm[1].valid);
}

static void truncated_partition_is_refused(void **state)
{
	free(fx.fdt);
	fx.fdt = dtc_compile(HDR VM("hello", "0", "", "") END, NULL);
	assert_non_null(fx.fdt);
	diag_sink_init(&fx.sink);
	assert_int_equal(cfg_parse(fx.fdt, 100, &fx.part, &fx.sink.d), -1);
	assert_int_equal(fx.sink.n, 1);
	assert_true(strncmp(fx.sink.msg[0], "/: structure: FDT_ERR_TRUNCATED: not a valid "
			    "device tree (100 bytes, header says ", 70) == 0);
}

static void broken_structure_is_refused(void **state)
{
	uint32_t *words;

	free(fx.fdt);
	fx.fdt = dtc_compile(HDR VM("hello", "0", "", "") END, NULL);
	assert_non_null(fx.fdt);
	/* The first tag after the root's name becomes garbage. */
	words = (uint32_t *)((char *)fx.fdt + fdt_off_dt_struct(fx.fdt));
	words[2] = cpu_to_fdt32(0x77);
	assert_int_equal(dt_check(fx.fdt, fdt_totalsize(fx.fdt)), -FDT_ERR_BADSTRUCTURE);
	diag_sink_init(&fx.sink);
	assert_int_equal(cfg_parse(fx.fdt, fdt_totalsize(fx.fdt), &fx.part, &fx.sink.d), -1);
	assert_int_equal(fx.sink.n, 1);
}

static void dt_check_accepts_real_trees(void **state)
{
	assert_int_equal(dt_check(fx.board_fdt, fdt_totalsize(fx.board_fdt)), 0);
	assert_int_equal(dt_check(dtc_qemu_virt(3), fdt_totalsize(dtc_qemu_virt(3))), 0);
	assert_int_equal(dt_check(fx.board_fdt, fdt_totalsize(fx.board_fdt) - 1),
			 -FDT_ERR_TRUNCATED);
	assert_int_equal(dt_check(fx.board_fdt, 8), -FDT_ERR_TRUNCATED);
}

static void translate_through_two_buses(void **state)
{
	static const char dts[] =
		"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
		" outer { #address-cells = <1>; #size-cells = <1>;\n"
		"  ranges = <0x0 0x1 0x0 0x10000000>;\n"
		"  inner { #address-cells = <1>; #size-cells = <1>;\n"
		"   ranges = <0x100 0x200000 0x1000>;\n"
		"   dev@100 { reg = <0x100 0x10>; }; }; }; };\n";
	void *t = dtc_compile(dts, NULL);
	struct dt_lineage l;
	uint64_t addr = 0x180;
	int bus = -1;

	assert_non_null(t);
	assert_true(dt_lineage_of(t, fdt_path_offset(t, "/outer/inner/dev@100"), &l));
	assert_int_equal(l.depth, 3);
	assert_int_equal(dt_translate(t, &l, &addr, 0x10, &bus), DT_ADDR_OK);
	assert_int_equal(addr, 0x100200080ull);
	addr = 0x1100;
	assert_int_equal(dt_translate(t, &l, &addr, 0x10, &bus), DT_ADDR_OUTSIDE);
	assert_int_equal(bus, fdt_path_offset(t, "/outer/inner"));
	assert_int_equal(addr, 0x1100);
	free(t);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(device_through_bus_ranges),
		T(guest_address_moves_every_range),
		T(disabled_device_is_assignable),
		T(device_registers_not_its_own),
		T(device_interrupts_not_through_the_gic),
		T(device_inside_another_vms_device),
		T(device_interrupt_given_as_extra_elsewhere),
		T(extra_interrupt_of_another_vms_device),
		T(too_many_devices),
		T(console_defaults_and_input),
		T(console_input_asked_and_disabled),
		T(extra_interrupts_and_chosen_doorbells),
		T(channel_peer_refused_has_no_other_end),
		T(truncated_partition_is_refused),
		T(broken_structure_is_refused),
		T(dt_check_accepts_real_trees),
		T(translate_through_two_buses),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
