/* SPDX-License-Identifier: MIT */
/*
 * RAM above 4 GiB on a board with two banks (as the ZCU102: 2 GiB at 0 and
 * 2 GiB at 0x800000000): cfg_place() puts a VM too big for what is free
 * below 4 GiB in the upper bank, claims a fixed region there, and
 * identity-maps a VM with a DMA-capable device at its guest address up
 * there. Exact addresses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cfg.h"
#include "diag_sink.h"
#include "cfg_fixture.h"
#include "palloc.h"

#define HDR \
	"/dts-v1/;\n/ {\ncompatible = \"septum,partition\";\n" \
	"#address-cells = <2>;\n#size-cells = <2>;\n"
#define END "};\n"
/* A VM on CPU cpu with one region (hi:lo, size hi:lo) and extra lines. */
#define VM(name, cpu, mem, at, size, extra) \
	name " {\ncompatible = \"septum,vm\";\n#address-cells = <2>;\n" \
	"#size-cells = <2>;\ncpus = <" cpu ">;\n" \
	"memory@" mem " { reg = <" at " " size ">; };\n" \
	"kernel { image = [1f 20 03 d5]; };\n" extra "};\n"

static const char board_dts[] =
	"/dts-v1/;\n/ {\n#address-cells = <2>;\n#size-cells = <2>;\n"
	"interrupt-parent = <&gic>;\n"
	"memory@0 { device_type = \"memory\";"
	" reg = <0 0 0 0x7ff00000 0x8 0 0 0x80000000>; };\n"
	"cpus { #address-cells = <1>; #size-cells = <0>;\n"
	" cpu@0 { device_type = \"cpu\"; reg = <0>; };\n"
	" cpu@1 { device_type = \"cpu\"; reg = <1>; };\n"
	" cpu@2 { device_type = \"cpu\"; reg = <2>; }; };\n"
	"gic: intc@f9010000 { compatible = \"arm,gic-400\"; interrupt-controller;\n"
	" #interrupt-cells = <3>; reg = <0 0xf9010000 0 0x10000 0 0xf9020000 0 0x20000\n"
	" 0 0xf9040000 0 0x20000 0 0xf9060000 0 0x20000>; interrupts = <1 9 0xf04>; };\n"
	"serial@ff000000 { compatible = \"cdns,uart-r1p12\"; reg = <0 0xff000000 0 0x1000>;\n"
	" interrupts = <0 21 4>; };\n"
	"dma@fd500000 { compatible = \"arm,pl330\"; reg = <0 0xfd500000 0 0x1000>;\n"
	" interrupts = <0 124 4>; };\n"
	"chosen { stdout-path = \"/serial@ff000000\"; };\n"
	"};\n";

/* Septum's image at 0x200000 (32 MiB). */
static const struct cfg_hyp_rsv hyp = { .n = 1, .r = { { 0x200000, 0x2000000 } } };

static struct cfg_fixture fx;
static struct palloc ram;

static int group_setup(void **state)
{
	return cfg_fixture_board(&fx, board_dts) == 0 && fx.board.nmem == 2 ? 0 : -1;
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

/* Checks, then places in the board's RAM less Septum's image and the top
 * 2 MiB (its tables); returns the VMs placed. */
static int check_and_place(const char *dts)
{
	assert_true(cfg_fixture_check(&fx, dts, &hyp) >= 0);
	palloc_init(&ram);
	for (unsigned i = 0; i < fx.board.nmem; i++)
		assert_int_equal(palloc_add(&ram, pa_init(fx.board.mem[i].base),
					    fx.board.mem[i].size), PALLOC_OK);
	assert_int_equal(palloc_remove(&ram, pa_init(hyp.r[0].base), hyp.r[0].size), PALLOC_OK);
	assert_int_equal(palloc_remove(&ram, pa_init(0x87fe00000ull), 0x200000), PALLOC_OK);
	return cfg_place(&fx.part, &ram, &fx.sink.d);
}

/* 1.5 GiB does not fit below 4 GiB beside Septum: the upper bank. */
static void a_vm_too_big_for_the_low_bank_goes_above_4_gib(void **state)
{
	assert_int_equal(check_and_place(HDR VM("big", "0", "40000000", "0 0x40000000",
		"0 0x60000000", "") END), 1);
	assert_diag(&fx.sink);
	assert_int_equal(fx.part.vm[0].mem[0].host, 0x800000000ull);
}

/* Small VMs stay below, lowest first; a fixed region up there is claimed. */
static void fixed_regions_above_4_gib_are_claimed(void **state)
{
	assert_int_equal(check_and_place(HDR
		VM("small", "0", "40000000", "0 0x40000000", "0 0x1000000", "")
		VM("small2", "1", "40000000", "0 0x40000000", "0 0x1000000", "") END), 2);
	assert_int_equal(fx.part.vm[0].mem[0].host, 0x2200000);
	assert_int_equal(fx.part.vm[1].mem[0].host, 0x3200000);
	assert_int_equal(check_and_place(HDR
		"fixed {\ncompatible = \"septum,vm\";\n#address-cells = <2>;\n"
		"#size-cells = <2>;\ncpus = <1>;\n"
		"memory@40000000 { reg = <0 0x40000000 0 0x1000000>;"
		" host-address = <0x8 0x40000000>; };\n"
		"kernel { image = [1f 20 03 d5]; };\n};\n" END), 1);
	assert_diag(&fx.sink);
	assert_int_equal(fx.part.vm[0].mem[0].host, 0x840000000ull);
	assert_int_equal(palloc_claim(&ram, pa_init(0x840000000ull), 0x1000), PALLOC_EBUSY);
}

/* A DMA-capable device: RAM at its guest address, above 4 GiB. */
static void identity_mapped_above_4_gib(void **state)
{
	assert_int_equal(check_and_place(HDR VM("dma", "2", "870000000", "0x8 0x70000000",
		"0 0x1000000", "devices { dmac { path = \"/dma@fd500000\"; }; };\n") END), 1);
	assert_diag(&fx.sink);
	assert_true(fx.part.vm[0].mem[0].identity);
	assert_int_equal(fx.part.vm[0].mem[0].host, 0x870000000ull);
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, teardown)
	const struct CMUnitTest tests[] = {
		T(a_vm_too_big_for_the_low_bank_goes_above_4_gib),
		T(fixed_regions_above_4_gib_are_claimed),
		T(identity_mapped_above_4_gib),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
