/* SPDX-License-Identifier: MIT */
/* Board DTB parsing: QEMU virt's real DTBs and inline DTS cases. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "board.h"
#include "diag_sink.h"
#include "dtc.h"

/* Pieces of a small valid board, to be combined per test. */
#define HDR "/dts-v1/;\n"
#define ROOT "/ {\n#address-cells = <2>;\n#size-cells = <2>;\n"
#define END "};\n"
#define MEMORY \
	"memory@40000000 { device_type = \"memory\";" \
	" reg = <0 0x40000000 0 0x40000000>; };\n"
#define CPUS \
	"cpus { #address-cells = <1>; #size-cells = <0>;\n" \
	" cpu@0 { device_type = \"cpu\"; reg = <0>; };\n" \
	" cpu@1 { device_type = \"cpu\"; reg = <1>; }; };\n"
#define GIC3 \
	"intc@8000000 { compatible = \"arm,gic-v3\"; interrupt-controller;" \
	" #interrupt-cells = <3>;" \
	" reg = <0 0x08000000 0 0x10000 0 0x080a0000 0 0xf60000>;" \
	" interrupts = <1 9 4>; };\n"
#define UART \
	"pl011@9000000 { compatible = \"arm,pl011\", \"arm,primecell\";" \
	" reg = <0 0x09000000 0 0x1000>; interrupts = <0 1 4>; };\n"
#define BOARD_MIN MEMORY CPUS GIC3 UART

static struct diag_sink sink;
static struct board b;
static void *dtb;

static int setup(void **state)
{
	diag_sink_init(&sink);
	memset(&b, 0xa5, sizeof(b));
	dtb = NULL;
	return 0;
}

static int teardown(void **state)
{
	free(dtb);
	return 0;
}

static enum board_err parse_dts(const char *dts)
{
	dtb = dtc_compile(dts, NULL);
	assert_non_null(dtb);
	return board_parse(dtb, &b, &sink.d);
}

static void assert_range(struct board_range r, uint64_t base, uint64_t size)
{
	assert_int_equal(r.base, base);
	assert_int_equal(r.size, size);
}

static void check_qemu_common(void)
{
	assert_int_equal(b.nmem, 1);
	assert_range(b.mem[0], 0x40000000, 0x80000000);
	assert_int_equal(b.ncpus, 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(b.cpu_mpidr[i], i);
	assert_int_equal(b.psci, PSCI_CONDUIT_SMC);
	assert_int_equal(b.gic.dist.base, 0x08000000);
	assert_int_equal(b.gic.maint_intid, 25);
	assert_range(b.uart, 0x09000000, 0x1000);
	assert_int_equal(b.uart_intid, 33);
	/* stdout-path "/pl011@9000000", no options; clocks: apb-pclk, a
	 * 24 MHz fixed clock. */
	assert_int_equal(b.uart_port.kind, BOARD_UART_PL011);
	assert_int_equal(b.uart_port.base, 0x09000000);
	assert_int_equal(b.uart_port.clock_hz, 24000000);
	assert_int_equal(b.uart_port.baud, 0);
	assert_int_equal(b.timer.sec_phys_intid, 29);
	assert_int_equal(b.timer.phys_intid, 30);
	assert_int_equal(b.timer.virt_intid, 27);
	assert_int_equal(b.timer.hyp_intid, 26);
	assert_int_equal(b.initrd.size, 0);
}

static void qemu_virt_gicv3(void **state)
{
	const void *fdt = dtc_qemu_virt(3);

	assert_non_null(fdt);
	assert_int_equal(board_parse(fdt, &b, &sink.d), BOARD_OK);
	assert_diag(&sink);
	check_qemu_common();
	assert_int_equal(b.gic.version, 3);
	assert_range(b.gic.dist, 0x08000000, 0x10000);
	assert_range(b.gic.redist, 0x080a0000, 0xf60000);
	assert_int_equal(b.nrsv, 0);
}

static void qemu_virt_gicv2(void **state)
{
	const void *fdt = dtc_qemu_virt(2);

	assert_non_null(fdt);
	assert_int_equal(board_parse(fdt, &b, &sink.d), BOARD_OK);
	assert_diag(&sink);
	check_qemu_common();
	assert_int_equal(b.gic.version, 2);
	assert_range(b.gic.dist, 0x08000000, 0x10000);
	assert_range(b.gic.cpuif, 0x08010000, 0x10000);
	assert_range(b.gic.hyp, 0x08030000, 0x10000);
	assert_range(b.gic.vcpuif, 0x08040000, 0x10000);
}

static void cpu_index_by_mpidr(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY GIC3 UART
		"cpus { #address-cells = <2>; #size-cells = <0>;\n"
		" cpu@0 { device_type = \"cpu\"; reg = <0 0>; };\n"
		" cpu-map { };\n"
		" cpu@100 { device_type = \"cpu\"; reg = <0 0x100>; };\n"
		" cpu@1000000 { device_type = \"cpu\"; reg = <1 0>; }; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_int_equal(b.ncpus, 3);
	assert_int_equal(b.cpu_mpidr[1], 0x100);
	assert_int_equal(b.cpu_mpidr[2], 0x100000000ull);
	assert_int_equal(board_cpu_index(&b, 0x100), 1);
	/* MPIDR_EL1 as read: U bit [30] and MT [24] are not affinity. */
	assert_int_equal(board_cpu_index(&b, 0x80000100ull | BIT(30)), 1);
	assert_int_equal(board_cpu_index(&b, 0x100000000ull), 2);
	assert_int_equal(board_cpu_index(&b, 0x1), -1);
}

static void minimal_board_defaults(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_MIN END), BOARD_OK);
	assert_diag(&sink);
	assert_int_equal(b.psci, PSCI_CONDUIT_NONE);
	/* No timer node: the Base System Architecture's PPIs. */
	assert_int_equal(b.timer.sec_phys_intid, 29);
	assert_int_equal(b.timer.phys_intid, 30);
	assert_int_equal(b.timer.virt_intid, 27);
	assert_int_equal(b.timer.hyp_intid, 26);
	assert_int_equal(b.nrsv, 0);
	assert_int_equal(b.ncpus, 2);
}

static void memory_multiple_entries_one_cell(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT CPUS GIC3 UART
		"soc { #address-cells = <1>; #size-cells = <1>; ranges;\n"
		" memory@0 { device_type = \"memory\";"
		" reg = <0 0x3b400000 0x40000000 0xbc000000>; }; };\n"
		"memory@100000000 { device_type = \"memory\";"
		" reg = <1 0 0 0x80000000>; };\n"
		"memory@200000000 { device_type = \"memory\"; status = \"disabled\";"
		" reg = <2 0 0 0x80000000>; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_int_equal(b.nmem, 3);
	assert_range(b.mem[0], 0x0, 0x3b400000);
	assert_range(b.mem[1], 0x40000000, 0xbc000000);
	assert_range(b.mem[2], 0x100000000ull, 0x80000000);
}

static void missing_memory(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT CPUS GIC3 UART END), BOARD_EMISSING);
	assert_diag(&sink,
		"/: memory: missing (no node with device_type \"memory\")");
}

static void missing_gic(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY CPUS UART END), BOARD_EMISSING);
	assert_diag(&sink,
		"/: gic: missing (no node compatible with \"arm,gic-v3\", "
		"\"arm,gic-400\", \"arm,cortex-a15-gic\" or \"arm,cortex-a7-gic\")");
}

static void missing_cpus_and_uart(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY GIC3
		"cpus { #address-cells = <1>; #size-cells = <0>; };\n"
		END), BOARD_EMISSING);
	assert_diag(&sink,
		"/cpus: cpu: missing (no node with device_type \"cpu\")",
		"/: uart: missing (no enabled node compatible with arm,pl011, "
		"brcm,bcm2835-aux-uart, ns16550a, ns16550, snps,dw-apb-uart, cdns,uart-r1p12, "
		"xlnx,xuartps or fsl,imx6q-uart)");
}

static void bad_reg_length(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT CPUS GIC3 UART
		"memory@40000000 { device_type = \"memory\";"
		" reg = <0 0x40000000 0x40000000>; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink,
		"/memory@40000000: reg: 12 bytes: not a multiple of 16 "
		"(#address-cells 2, #size-cells 2)");
}

static void gic_too_few_regs(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY CPUS UART
		"intc@8000000 { compatible = \"arm,cortex-a15-gic\";"
		" reg = <0 0x08000000 0 0x10000 0 0x08010000 0 0x10000>;"
		" interrupts = <1 9 0xf04>; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink,
		"/intc@8000000: reg: 2 entries: GICv2 needs 4 (GICD, GICC, GICH, GICV)");
	assert_int_equal(b.gic.version, 2);
	assert_int_equal(b.gic.maint_intid, 25);
}

static void bad_interrupts(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY CPUS
		"intc@8000000 { compatible = \"arm,gic-400\";"
		" reg = <0 0x08000000 0 0x1000 0 0x08010000 0 0x2000"
		" 0 0x08030000 0 0x2000 0 0x08040000 0 0x2000>;"
		" interrupts = <1 16 0xf04>; };\n"
		"pl011@9000000 { compatible = \"arm,pl011\";"
		" reg = <0 0x09000000 0 0x1000>; interrupts = <2 1 4>; };\n"
		"timer { compatible = \"arm,armv8-timer\";"
		" interrupts = <1 13 4 1 14 4 1 11 4>; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink,
		"/intc@8000000: interrupts: <1 16 0xf04>: PPI number out of range (0..15)",
		"/pl011@9000000: interrupts: <2 1 0x4>: type not SPI (0) or PPI (1)",
		"/timer: interrupts: 3 entries: needs 4");
	assert_range(b.gic.hyp, 0x08030000, 0x2000);
}

static void timer_and_maintenance_interrupts_must_be_ppis_the_uarts_an_spi(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY CPUS
		"pl011@9000000 { compatible = \"arm,pl011\";"
		" reg = <0 0x09000000 0 0x1000>; interrupts = <1 1 4>; };\n"
		"intc@8000000 { compatible = \"arm,gic-v3\";"
		" reg = <0 0x08000000 0 0x10000 0 0x080a0000 0 0xf60000>;"
		" interrupts = <0 9 4>; };\n"
		"timer { compatible = \"arm,armv8-timer\";"
		" interrupts = <1 13 4 1 14 4 0 11 4 1 10 4>; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink,
		"/intc@8000000: interrupts: entry 0: <0 9 0x4>: an SPI (INTID 41); the "
		"maintenance interrupt is a PPI (type 1)",
		"/pl011@9000000: interrupts: entry 0: <1 1 0x4>: a PPI (INTID 17); the "
		"console UART's interrupt is an SPI (type 0)",
		"/timer: interrupts: entry 2: <0 11 0x4>: an SPI (INTID 43); the virtual "
		"timer is a PPI (type 1)");
}

/* A Raspberry Pi 4's buses: /soc maps 0x7e000000 to 0xfe000000 and
 * 0x40000000 (the GIC) to 0xff800000 (bcm2711.dtsi). */
static void device_regs_are_translated_through_bus_ranges(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY CPUS
		"soc { compatible = \"simple-bus\"; #address-cells = <1>; #size-cells = <1>;\n"
		" ranges = <0x7e000000 0x0 0xfe000000 0x1800000>,"
		" <0x40000000 0x0 0xff800000 0x800000>;\n"
		" serial@7e201000 { compatible = \"arm,pl011\";"
		" reg = <0x7e201000 0x200>; interrupts = <0 121 4>; };\n"
		" interrupt-controller@40041000 { compatible = \"arm,gic-400\";"
		" reg = <0x40041000 0x1000>, <0x40042000 0x2000>, <0x40044000 0x2000>,"
		" <0x40046000 0x2000>; interrupts = <1 9 0xf04>; }; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_range(b.uart, 0xfe201000, 0x200);
	assert_range(b.gic.dist, 0xff841000, 0x1000);
	assert_range(b.gic.vcpuif, 0xff846000, 0x2000);
}

static void a_reg_on_a_bus_without_ranges_is_refused(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY CPUS GIC3
		"bus { #address-cells = <1>; #size-cells = <1>;\n"
		" pl011@1000 { compatible = \"arm,pl011\"; reg = <0x1000 0x1000>;"
		" interrupts = <0 1 4>; }; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink, "/bus/pl011@1000: reg: <0x1000 0x1000>: not memory-mapped: "
		    "no ranges in /bus");
}

static void stdout_path_alias_with_options(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY CPUS GIC3 UART
		"pl011@9040000 { compatible = \"arm,pl011\";"
		" reg = <0 0x09040000 0 0x1000>; interrupts = <0 8 4>; };\n"
		"aliases { serial1 = \"/pl011@9040000\"; };\n"
		"chosen { stdout-path = \"serial1:115200n8\"; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_range(b.uart, 0x09040000, 0x1000);
	assert_int_equal(b.uart_intid, 40);
}

static void stdout_path_with_options(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY CPUS GIC3
		"pl011@9040000 { compatible = \"arm,pl011\";"
		" reg = <0 0x09040000 0 0x1000>; interrupts = <0 8 4>; };\n"
		UART
		"chosen { stdout-path = \"/pl011@9000000:115200n8\"; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_range(b.uart, 0x09000000, 0x1000);
	assert_int_equal(b.uart_intid, 33);
}

static void stdout_path_bad(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_MIN
		"chosen { stdout-path = \"/uart@1:115200n8\"; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink,
		"/chosen: stdout-path: \"/uart@1:115200n8\": no such node");
}

static void memreserve_and_reserved_memory(void **state)
{
	assert_int_equal(parse_dts(HDR
		"/memreserve/ 0x40000000 0x10000;\n"
		"/memreserve/ 0x48000000 0x200000;\n"
		ROOT BOARD_MIN
		"reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
		" secmon@4e000000 { reg = <0 0x4e000000 0 0x100000"
		" 0 0x4f000000 0 0x1000>; no-map; };\n"
		" pool { compatible = \"shared-dma-pool\"; size = <0 0x400000>; };\n"
		" off@50000000 { reg = <0 0x50000000 0 0x1000>; status = \"disabled\"; };\n"
		"};\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_int_equal(b.nrsv, 4);
	assert_range(b.rsv[0], 0x40000000, 0x10000);
	assert_range(b.rsv[1], 0x48000000, 0x200000);
	assert_range(b.rsv[2], 0x4e000000, 0x100000);
	assert_range(b.rsv[3], 0x4f000000, 0x1000);
}

static void psci_hvc_and_initrd(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_MIN
		"psci { compatible = \"arm,psci-1.0\"; method = \"hvc\"; };\n"
		"chosen { linux,initrd-start = <0x48000000>;"
		" linux,initrd-end = <0 0x48100000>; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_int_equal(b.psci, PSCI_CONDUIT_HVC);
	assert_range(b.initrd, 0x48000000, 0x100000);
}

static void psci_and_initrd_bad(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_MIN
		"psci { compatible = \"arm,psci-0.2\"; method = \"svc\"; };\n"
		"chosen { linux,initrd-start = <0x48100000>;"
		" linux,initrd-end = <0x48000000>; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink,
		"/psci: method: \"svc\": not \"smc\" or \"hvc\"",
		"/chosen: linux,initrd-end: 0x48000000: before linux,initrd-start (0x48100000)");
	assert_int_equal(b.psci, PSCI_CONDUIT_NONE);
}

static void cpu_bad_reg(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY GIC3 UART
		"cpus { #address-cells = <1>; #size-cells = <0>;\n"
		" cpu@0 { device_type = \"cpu\"; reg = <0>; };\n"
		" cpu@1 { device_type = \"cpu\"; reg = <0 1>; };\n"
		" cpu@2 { device_type = \"cpu\"; reg = <0>; };\n"
		" cpu@3 { device_type = \"cpu\"; reg = <0x1000000>; }; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink,
		"/cpus/cpu@1: reg: 8 bytes: must be 4 (#address-cells 1 of /cpus)",
		"/cpus/cpu@2: reg: 0x0: duplicate MPIDR",
		"/cpus/cpu@3: reg: 0x1000000: not an MPIDR affinity value");
	assert_int_equal(b.ncpus, 1);
}

/* enable-method per CPU (a Raspberry Pi's are spin-table): PSCI by
 * default, spin-table with its release address, others recorded as
 * unknown (that CPU cannot host a vCPU); spin-table without an address is
 * an error naming the node. */
static void cpu_enable_methods(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY GIC3 UART
		"cpus { #address-cells = <1>; #size-cells = <0>;\n"
		" enable-method = \"brcm,bcm2836-smp\";\n"
		" cpu@0 { device_type = \"cpu\"; reg = <0>; enable-method = \"psci\"; };\n"
		" cpu@1 { device_type = \"cpu\"; reg = <1>; enable-method = \"spin-table\";"
		" cpu-release-addr = <0 0xe0>; };\n"
		" cpu@2 { device_type = \"cpu\"; reg = <2>; enable-method = \"acme,kick\"; };\n"
		" cpu@3 { device_type = \"cpu\"; reg = <3>; };\n"
		" cpu@4 { device_type = \"cpu\"; reg = <4>; enable-method = \"spin-table\"; };\n"
		" cpu@5 { device_type = \"cpu\"; reg = <5>; enable-method = \"spin-table\";"
		" cpu-release-addr = <0xf0>; }; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink, "/cpus/cpu@4: cpu-release-addr: missing (enable-method "
		"\"spin-table\" needs its 64-bit address)");
	assert_int_equal(b.ncpus, 5);
	assert_int_equal(b.cpu_start[0], BOARD_START_PSCI);
	assert_int_equal(b.cpu_start[1], BOARD_START_SPIN);
	assert_int_equal(b.cpu_release[1], 0xe0);
	assert_int_equal(b.cpu_start[2], BOARD_START_UNKNOWN);
	assert_int_equal(b.cpu_start[3], BOARD_START_PSCI);
	assert_int_equal(b.cpu_start[4], BOARD_START_SPIN);
	assert_int_equal(b.cpu_mpidr[4], 5);
	assert_int_equal(b.cpu_release[4], 0xf0);
}

/* The ZynqMP's GIC-400: 128 KiB CPU interface regions whose 4 KiB pages
 * repeat every 64 KiB; Septum uses the view where the two pages meet
 * (+0xf000), else GICC_DIR would land on GICC_CTLR. */
static void gic400_64k_aliased_cpu_interfaces(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT MEMORY CPUS UART
		"intc@f9010000 { compatible = \"arm,gic-400\"; interrupt-controller;"
		" #interrupt-cells = <3>;"
		" reg = <0 0xf9010000 0 0x10000>, <0 0xf9020000 0 0x20000>,"
		" <0 0xf9040000 0 0x20000>, <0 0xf9060000 0 0x20000>;"
		" interrupts = <1 9 0xf04>; };\n"
		END), BOARD_OK);
	assert_range(b.gic.cpuif, 0xf902f000, 0x2000);
	assert_range(b.gic.vcpuif, 0xf906f000, 0x2000);
	assert_range(b.gic.hyp, 0xf9040000, 0x20000);
}

static void not_an_fdt(void **state)
{
	static const char junk[64] = "not a device tree";

	assert_int_equal(board_parse(junk, &b, &sink.d), BOARD_EFDT);
	assert_diag(&sink, "/: header: FDT_ERR_BADMAGIC: not a valid device tree");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(qemu_virt_gicv3, setup, teardown),
		cmocka_unit_test_setup_teardown(qemu_virt_gicv2, setup, teardown),
		cmocka_unit_test_setup_teardown(cpu_index_by_mpidr, setup, teardown),
		cmocka_unit_test_setup_teardown(minimal_board_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(memory_multiple_entries_one_cell, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_gic, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_cpus_and_uart, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_reg_length, setup, teardown),
		cmocka_unit_test_setup_teardown(gic_too_few_regs, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_interrupts, setup, teardown),
		cmocka_unit_test_setup_teardown(stdout_path_alias_with_options, setup, teardown),
		cmocka_unit_test_setup_teardown(stdout_path_with_options, setup, teardown),
		cmocka_unit_test_setup_teardown(stdout_path_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(memreserve_and_reserved_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(psci_hvc_and_initrd, setup, teardown),
		cmocka_unit_test_setup_teardown(psci_and_initrd_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(cpu_bad_reg, setup, teardown),
		cmocka_unit_test_setup_teardown(cpu_enable_methods, setup, teardown),
		cmocka_unit_test_setup_teardown(gic400_64k_aliased_cpu_interfaces, setup, teardown),
		cmocka_unit_test_setup_teardown(not_an_fdt, setup, teardown),
		cmocka_unit_test_setup_teardown(device_regs_are_translated_through_bus_ranges, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_reg_on_a_bus_without_ranges_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			timer_and_maintenance_interrupts_must_be_ppis_the_uarts_an_spi, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
