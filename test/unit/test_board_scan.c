/* SPDX-License-Identifier: MIT */
/*
 * The board parser's one pass (core/cfg/board_scan.c) against libfdt's
 * own answers, node by node: parents (dt_lineage_of), paths
 * (fdt_path_offset), phandles (fdt_node_offset_by_phandle), the first
 * enabled compatible node, memory nodes; on QEMU virt's DTBs and on a tree
 * with the corner cases (a disabled UART first, properties after a NOP,
 * linux,phandle, a unit-address path, a node nested too deep).
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

#include "../../src/core/cfg/board_priv.h"
#include "dt.h"
#include "dtc.h"

static struct board_scan scan;

/* Every node's lineage, path and phandle as libfdt finds them. */
static void check_against_libfdt(const void *fdt)
{
	int node, depth = 0;

	assert_int_equal(dt_check(fdt, fdt_totalsize(fdt)), 0);
	board_scan(fdt, &scan);
	for (node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		struct dt_lineage want, got;
		char path[256];
		uint32_t ph = fdt_get_phandle(fdt, node);
		bool found = dt_lineage_of(fdt, node, &want);

		assert_int_equal(board_lineage(fdt, &scan, node, &got), found);
		if (found) {
			assert_int_equal(got.depth, want.depth);
			assert_memory_equal(got.node, want.node, sizeof(int) * (want.depth + 1));
		}
		assert_int_equal(fdt_get_path(fdt, node, path, sizeof(path)), 0);
		assert_int_equal(board_path_offset(fdt, &scan, path, (int)strlen(path)),
				 fdt_path_offset(fdt, path));
		if (ph)
			assert_int_equal(board_node_by_phandle(fdt, &scan, ph),
					 fdt_node_offset_by_phandle(fdt, ph));
	}
	assert_int_equal(board_node_by_phandle(fdt, &scan, 0), -FDT_ERR_BADPHANDLE);
	assert_int_equal(board_node_by_phandle(fdt, &scan, 0x7fff0000),
			 fdt_node_offset_by_phandle(fdt, 0x7fff0000));
	assert_int_equal(scan.top[BOARD_TOP_CHOSEN], fdt_path_offset(fdt, "/chosen"));
	assert_int_equal(scan.top[BOARD_TOP_CPUS], fdt_path_offset(fdt, "/cpus"));
	assert_int_equal(scan.top[BOARD_TOP_PSCI], fdt_path_offset(fdt, "/psci"));
	assert_int_equal(scan.top[BOARD_TOP_RESERVED], fdt_path_offset(fdt, "/reserved-memory"));
	assert_int_equal(scan.node[BOARD_FIND_SMMU],
			 fdt_node_offset_by_compatible(fdt, -1, "arm,smmu-v3"));
	assert_int_equal(scan.node[BOARD_FIND_PCI],
			 fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic"));
	for (node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7), depth = 0;
	     node >= 0; node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory", 7))
		assert_int_equal(scan.mem[depth++], node);
	assert_int_equal(scan.nmems, depth);
}

static void qemu_virt_v3(void **state)
{
	const void *fdt = dtc_qemu_virt(3);

	check_against_libfdt(fdt);
	assert_int_equal(scan.which[BOARD_FIND_GIC], 0);   /* arm,gic-v3 */
	assert_int_equal(scan.node[BOARD_FIND_UART], fdt_path_offset(fdt, "/pl011@9000000"));
	assert_int_equal(scan.nuarts, 1);
	assert_false(scan.more_nodes);
}

static void qemu_virt_v2(void **state)
{
	const void *fdt = dtc_qemu_virt(2);

	check_against_libfdt(fdt);
	assert_int_equal(scan.which[BOARD_FIND_GIC], 2);   /* arm,cortex-a15-gic */
	assert_true(scan.node[BOARD_FIND_TIMER] >= 0);
}

/* The real boards' DTBs (scripts/fetch-linux, as test_board_uart). */
static void real_boards(void **state)
{
	static const char *const names[] = {
		"bcm2711-rpi-4-b.dtb", "zynqmp-zcu102-rev1.0.dtb", "imx8mp-evk.dtb",
	};

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[128];
		void *fdt;

		snprintf(path, sizeof(path), ".cache/linux/dtbs/%s", names[i]);
		fdt = dtc_read_file(path, NULL);
		assert_non_null(fdt);
		check_against_libfdt(fdt);
		assert_true(scan.node[BOARD_FIND_GIC] >= 0);
		assert_true(scan.nuarts > 0);
		free(fdt);
	}
}

#define DEEP "a { b { c { d { e { f { g { h { i { j { k { l { m { n { o { p { q { " \
	"deepest { }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; };\n"

/* The corner cases, compared with libfdt the same way. */
static void corners(void **state)
{
	void *fdt = dtc_compile("/dts-v1/;\n/ {\n#address-cells = <2>;\n#size-cells = <2>;\n"
		"serial@1000 { compatible = \"ns16550a\"; status = \"disabled\"; reg = <0 0x1000 0 8>; };\n"
		"memory@0 { device_type = \"memory\"; reg = <0 0 0 0x1000>; };\n"
		"clk: clock { compatible = \"fixed-clock\"; linux,phandle = <0x33>; };\n"
		"bus@2000 { compatible = \"simple-bus\"; #address-cells = <1>; #size-cells = <1>;\n"
		"  ranges = <0 0 0x2000 0x1000>;\n"
		"  serial@10 { compatible = \"snps,dw-apb-uart\", \"ns16550a\"; reg = <0x10 8>;"
		" clocks = <&clk>; status = \"okay\"; };\n"
		"  serial@20 { compatible = \"brcm,bcm2835-aux-uart\"; reg = <0x20 8>; }; };\n"
		"chosen@0 { };\n"
		"memory@1000 { device_type = \"memory\"; reg = <0 0x1000 0 0x1000>; };\n"
		DEEP "};\n", NULL);

	assert_non_null(fdt);
	/* A NOP between two properties of a node: still its properties. */
	assert_int_equal(fdt_nop_property(fdt, fdt_path_offset(fdt, "/bus@2000/serial@10"),
					  "reg"), 0);
	check_against_libfdt(fdt);
	assert_int_equal(scan.nuarts, 2);   /* the disabled one left out */
	assert_int_equal(scan.uart[0], fdt_path_offset(fdt, "/bus@2000/serial@10"));
	/* ns16550a: the order of board_uart_compat decides, not the node's. */
	assert_int_equal(scan.uart_which[0], 2);
	assert_int_equal(scan.uart_which[1], 1);
	assert_int_equal(scan.nmems, 2);
	assert_int_equal(scan.top[BOARD_TOP_CHOSEN], fdt_path_offset(fdt, "/chosen@0"));
	free(fdt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_virt_v3),
		cmocka_unit_test(qemu_virt_v2),
		cmocka_unit_test(corners),
		cmocka_unit_test(real_boards),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
