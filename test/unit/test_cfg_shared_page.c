/* SPDX-License-Identifier: MIT */
/*
 * Partition description: board devices that share a 4 KiB page, as QEMU
 * virt's virtio-mmio transports do (0x200 apart, eight to a page). A VM
 * may have them when it has every device of the page; anyone else may not
 * (src/core/cfg/cfg_resolve.c). Exact values and messages.
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
#include "dtc.h"

#define HDR \
	"/dts-v1/;\n/ {\ncompatible = \"septum,partition\";\n" \
	"#address-cells = <2>;\n#size-cells = <2>;\n"
#define END "};\n"
/* A VM with 32 MiB of RAM at guest address mem. */
#define VM(name, cpu, mem, devices) \
	name " {\ncompatible = \"septum,vm\";\n#address-cells = <2>;\n" \
	"#size-cells = <2>;\ncpus = <" cpu ">;\n" \
	"memory@" mem " { reg = <0 0x" mem " 0 0x2000000>; };\n" \
	"kernel { image = [1f 20 03 d5]; };\ndevices {\n" devices "};\n};\n"
#define DEV(name, path) name " { path = \"" path "\"; };\n"
#define VD(n, at) DEV("vd" #n, "/virtio_mmio@" at)

/* Three transports in the page at 0xa000000, one in the next page; a
 * device in the page of the console UART, which Septum owns. */
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
	"virtio_mmio@a000000 { compatible = \"virtio,mmio\"; reg = <0 0xa000000 0 0x200>;\n"
	" interrupts = <0 16 1>; dma-coherent; };\n"
	"virtio_mmio@a000200 { compatible = \"virtio,mmio\"; reg = <0 0xa000200 0 0x200>;\n"
	" interrupts = <0 17 1>; dma-coherent; };\n"
	"virtio_mmio@a000400 { compatible = \"virtio,mmio\"; reg = <0 0xa000400 0 0x200>;\n"
	" interrupts = <0 18 1>; dma-coherent; };\n"
	"virtio_mmio@a001000 { compatible = \"virtio,mmio\"; reg = <0 0xa001000 0 0x200>;\n"
	" interrupts = <0 24 1>; dma-coherent; };\n"
	"gpio@9000f00 { reg = <0 0x9000f00 0 0x100>; };\n"
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

/* Each maps the whole page at the same guest address, registers at its
 * own offset; each interrupt goes to the VM. */
static void a_vm_with_every_device_of_the_page_gets_them(void **state)
{
	const struct cfg_vm *vm = &fx.part.vm[0];

	assert_int_equal(check(HDR VM("hello", "0", "50000000",
		VD(0, "a000000") VD(1, "a000200") VD(2, "a000400")) END), 1);
	assert_diag(&fx.sink);
	assert_int_equal(vm->ndev, 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(vm->dev[i].reg[0].host, 0xa000000);
		assert_int_equal(vm->dev[i].reg[0].guest, 0xa000000);
		assert_int_equal(vm->dev[i].reg[0].size, 0x1000);
		assert_int_equal(vm->dev[i].reg[0].offset, 0x200 * i);
		assert_int_equal(vm->dev[i].irq[0], 48 + i);
	}
}

/* The message names the page's devices the VM lacks: what to add. */
static void a_device_of_the_page_left_out_refuses_them(void **state)
{
	assert_int_equal(check(HDR VM("hello", "0", "50000000",
		VD(0, "a000000") VD(1, "a000200")) END), 0);
	assert_diag(&fx.sink,
		"/hello/devices/vd0: path: \"/virtio_mmio@a000000\": 0xa000000..0xa0001ff: "
		"shares a 4 KiB page with /virtio_mmio@a000400: add it to this VM's devices, "
		"or leave this one out",
		"/hello/devices/vd1: path: \"/virtio_mmio@a000200\": 0xa000200..0xa0003ff: "
		"shares a 4 KiB page with /virtio_mmio@a000400: add it to this VM's devices, "
		"or leave this one out");
}

static void two_devices_of_the_page_left_out_are_both_named(void **state)
{
	assert_int_equal(check(HDR VM("hello", "0", "50000000", VD(0, "a000000")) END), 0);
	assert_diag(&fx.sink,
		"/hello/devices/vd0: path: \"/virtio_mmio@a000000\": 0xa000000..0xa0001ff: "
		"shares a 4 KiB page with /virtio_mmio@a000200 and /virtio_mmio@a000400: add "
		"them to this VM's devices, or leave this one out");
}

/* Adding Septum's own UART cannot help: the message says so. */
static void a_device_in_the_page_of_septums_uart_cannot_go(void **state)
{
	assert_int_equal(check(HDR VM("hello", "0", "50000000",
		DEV("gpio", "/gpio@9000f00")) END), 0);
	assert_diag(&fx.sink,
		"/hello/devices/gpio: path: \"/gpio@9000f00\": 0x9000f00..0x9000fff: shares "
		"a 4 KiB page with /pl011@9000000, which Septum owns: it cannot be passed "
		"through");
}

/* A device alone in its page is unaffected by the others' sharing. */
static void a_device_alone_in_its_page_goes_with_them(void **state)
{
	assert_int_equal(check(HDR VM("hello", "0", "50000000",
		VD(0, "a000000") VD(1, "a000200") VD(2, "a000400") VD(3, "a001000")) END), 1);
	assert_diag(&fx.sink);
	assert_int_equal(fx.part.vm[0].dev[3].reg[0].guest, 0xa001000);
}

/* The page cannot be split between VMs: the later one is refused. */
static void a_second_vm_cannot_have_one_of_them(void **state)
{
	assert_int_equal(check(HDR
		VM("alpha", "0", "50000000", VD(0, "a000000") VD(1, "a000200") VD(2, "a000400"))
		VM("beta", "1", "60000000", VD(2, "a000400")) END), 1);
	assert_true(fx.part.vm[0].valid);
	assert_false(fx.part.vm[1].valid);
	assert_diag(&fx.sink,
		"/beta/devices/vd2: path: \"/virtio_mmio@a000400\": 0xa000400..0xa0005ff: "
		"shares a 4 KiB page with /virtio_mmio@a000000 and /virtio_mmio@a000200: add "
		"them to this VM's devices, or leave this one out");
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, teardown)
	const struct CMUnitTest tests[] = {
		T(a_vm_with_every_device_of_the_page_gets_them),
		T(a_device_of_the_page_left_out_refuses_them),
		T(two_devices_of_the_page_left_out_are_both_named),
		T(a_device_in_the_page_of_septums_uart_cannot_go),
		T(a_device_alone_in_its_page_goes_with_them),
		T(a_second_vm_cannot_have_one_of_them),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
