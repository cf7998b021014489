/* SPDX-License-Identifier: MIT */
/*
 * Partition description: where each VM's device tree goes (the VM's
 * optional dtb { load-address; }, src/core/cfg/cfg_parse.c), and what it
 * does to the default places of the images. Exact values and messages.
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
#include "dtc.h"

#define HDR \
	"/dts-v1/;\n/ {\ncompatible = \"septum,partition\";\n" \
	"#address-cells = <2>;\n#size-cells = <2>;\n"
#define END "};\n"
/* A VM on CPU 0 with 32 MiB at 0x40000000 and the given nodes. */
#define VM(nodes) \
	"hello {\ncompatible = \"septum,vm\";\n#address-cells = <2>;\n" \
	"#size-cells = <2>;\ncpus = <0>;\n" \
	"memory@40000000 { reg = <0 0x40000000 0 0x2000000>; };\n" nodes "};\n"
#define KERNEL_AT(at) "kernel { image = /incbin/(\"u-boot.bin\"); load-address = <" at ">; };\n"
#define KERNEL "kernel { image = /incbin/(\"u-boot.bin\"); };\n"
#define DTB(at) "dtb { load-address = <" at ">; };\n"
#define INITRD "initrd { image = /incbin/(\"initrd.bin\"); };\n"

static struct diag_sink sink;
static struct partition part;
static void *fdt;

static int group_setup(void **state)
{
	static uint8_t img[8192];

	dtc_write_file(NULL, "u-boot.bin", img, 4096);
	dtc_write_file(NULL, "initrd.bin", img, sizeof(img));
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

static void defaults_to_the_end_of_the_first_region(void **state)
{
	assert_int_equal(parse(HDR VM(KERNEL) END), 1);
	assert_diag(&sink);
	assert_int_equal(part.vm[0].dtb, 0x41ff0000);
	assert_false(part.vm[0].dtb_given);
}

/* Where U-Boot for QEMU looks for it: the start of RAM. */
static void load_address_places_it(void **state)
{
	assert_int_equal(parse(HDR VM(KERNEL_AT("0 0x40200000") DTB("0 0x40000000")) END), 1);
	assert_diag(&sink);
	assert_int_equal(part.vm[0].dtb, 0x40000000);
	assert_true(part.vm[0].dtb_given);
}

/* The kernel's default place is the start of the first region. */
static void a_kernel_at_its_default_overlaps_it_at_the_start(void **state)
{
	assert_int_equal(parse(HDR VM(KERNEL DTB("0 0x40000000")) END), 0);
	assert_diag(&sink, "/hello/kernel: image: 4096 bytes at 0x40000000: overlaps the "
		    "guest device tree (0x40000000..0x4000ffff, dtb load-address)");
}

/* With the device tree away from the top of the first region, the
 * initrd's default place is that top. */
static void initrd_goes_to_the_top_of_the_first_region(void **state)
{
	assert_int_equal(parse(HDR VM(KERNEL_AT("0 0x40200000") DTB("0 0x40000000") INITRD)
			       END), 1);
	assert_diag(&sink);
	assert_int_equal(part.vm[0].initrd.load, 0x42000000 - 8192);
}

static void initrd_stays_below_it_at_the_top(void **state)
{
	assert_int_equal(parse(HDR VM(KERNEL DTB("0 0x41ff0000") INITRD) END), 1);
	assert_diag(&sink);
	assert_int_equal(part.vm[0].initrd.load, 0x41ff0000 - 8192);
}

static void must_be_8_byte_aligned(void **state)
{
	assert_int_equal(parse(HDR VM(KERNEL_AT("0 0x40200000") DTB("0 0x40000004")) END), 0);
	assert_diag(&sink, "/hello/dtb: load-address: 0x40000004: not 8-byte aligned");
}

static void must_lie_inside_one_region(void **state)
{
	assert_int_equal(parse(HDR VM(KERNEL DTB("0 0x41ff8000")) END), 0);
	assert_diag(&sink, "/hello/dtb: load-address: 0x41ff8000..0x42007fff: not inside "
		    "one memory region (the device tree takes 64 KiB)");
}

static void in_a_second_region(void **state)
{
	assert_int_equal(parse(HDR VM(KERNEL DTB("0 0x50000000")
		"memory@50000000 { reg = <0 0x50000000 0 0x10000>; };\n") END), 1);
	assert_diag(&sink);
	assert_int_equal(part.vm[0].dtb, 0x50000000);
}

/* The first region need not hold the device tree when it goes elsewhere. */
static void a_small_first_region_is_fine_when_it_goes_elsewhere(void **state)
{
	assert_int_equal(parse(HDR "hello {\ncompatible = \"septum,vm\";\ncpus = <0>;\n"
		"memory@40000000 { reg = <0 0x40000000 0 0x1000>; };\n"
		"memory@50000000 { reg = <0 0x50000000 0 0x10000>; };\n"
		KERNEL DTB("0 0x50000000") "};\n" END), 1);
	assert_diag(&sink);
}

static void load_address_of_the_wrong_size(void **state)
{
	assert_int_equal(parse(HDR VM(KERNEL "dtb { load-address = <0x40000000>; };\n") END), 0);
	assert_diag(&sink, "/hello/dtb: load-address: 4 bytes: must be 8 (2 cells)");
}

static void unknown_property(void **state)
{
	assert_int_equal(parse(HDR VM(KERNEL "dtb { size = <0 0x10000>; };\n") END), 0);
	assert_diag(&sink, "/hello/dtb: size: unknown property");
}

/* An empty dtb { } changes nothing. */
static void an_empty_node_keeps_the_default(void **state)
{
	assert_int_equal(parse(HDR VM(KERNEL "dtb { };\n") END), 1);
	assert_diag(&sink);
	assert_int_equal(part.vm[0].dtb, 0x41ff0000);
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, teardown)
	const struct CMUnitTest tests[] = {
		T(defaults_to_the_end_of_the_first_region),
		T(load_address_places_it),
		T(a_kernel_at_its_default_overlaps_it_at_the_start),
		T(initrd_goes_to_the_top_of_the_first_region),
		T(initrd_stays_below_it_at_the_top),
		T(must_be_8_byte_aligned),
		T(must_lie_inside_one_region),
		T(in_a_second_region),
		T(a_small_first_region_is_fine_when_it_goes_elsewhere),
		T(load_address_of_the_wrong_size),
		T(unknown_property),
		T(an_empty_node_keeps_the_default),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
