/* SPDX-License-Identifier: MIT */
/*
 * The board's UARTs (core/cfg/board_uart.c): the console chosen from
 * stdout-path on real boards' DTBs (Debian's, .cache/linux/dtbs, from
 * scripts/fetch-linux) and inline DTS cases; where a refused board is
 * reported; the image header's earlycon.
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

#include "board.h"
#include "diag_sink.h"
#include "dtc.h"

#define HDR "/dts-v1/;\n"
#define ROOT "/ {\n#address-cells = <2>;\n#size-cells = <2>;\n"
#define END "};\n"
#define BOARD_NO_UART \
	"memory@40000000 { device_type = \"memory\";" \
	" reg = <0 0x40000000 0 0x40000000>; };\n" \
	"cpus { #address-cells = <1>; #size-cells = <0>;\n" \
	" cpu@0 { device_type = \"cpu\"; reg = <0>; }; };\n" \
	"intc@8000000 { compatible = \"arm,gic-v3\"; interrupt-controller;" \
	" #interrupt-cells = <3>;" \
	" reg = <0 0x08000000 0 0x10000 0 0x080a0000 0 0xf60000>;" \
	" interrupts = <1 9 4>; };\n"
#define PL011 \
	"pl011@9000000 { compatible = \"arm,pl011\", \"arm,primecell\";" \
	" reg = <0 0x09000000 0 0x1000>; interrupts = <0 1 4>; };\n"
#define DTBS ".cache/linux/dtbs/"

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

/* A real board's DTB as Debian ships it; with ram_size != 0, its first
 * memory node says RAM from 0 of that size, as the firmware (or QEMU)
 * writes it (the Pi's says size 0). */
static enum board_err parse_real(const char *name, uint32_t ram_size)
{
	char path[128];
	/* #address-cells 2, #size-cells 1 at the Pi's root. */
	fdt32_t reg[3] = { 0, 0, cpu_to_fdt32(ram_size) };
	size_t size;
	void *raw;
	int mem;

	snprintf(path, sizeof(path), DTBS "%s", name);
	raw = dtc_read_file(path, &size);
	if (!raw)
		fail_msg("%s: missing: run scripts/fetch-linux", path);
	dtb = malloc(size + 4096);
	assert_int_equal(fdt_open_into(raw, dtb, (int)size + 4096), 0);
	free(raw);
	if (ram_size) {
		mem = fdt_node_offset_by_prop_value(dtb, -1, "device_type", "memory", 7);
		assert_true(mem >= 0);
		assert_int_equal(fdt_setprop(dtb, mem, "reg", reg, sizeof(reg)), 0);
	}
	return board_parse(dtb, &b, &sink.d);
}

static void assert_uart(const struct board_uart *u, enum board_uart_kind kind, uint64_t base,
			unsigned shift, unsigned width, uint32_t clock_hz, uint32_t baud)
{
	assert_int_equal(u->kind, kind);
	assert_int_equal(u->base, base);
	assert_int_equal(u->reg_shift, shift);
	assert_int_equal(u->reg_width, width);
	assert_int_equal(u->clock_hz, clock_hz);
	assert_int_equal(u->baud, baud);
}

/* bcm2711-rpi-4-b.dts: stdout-path = "serial1:115200n8", the mini-UART
 * at bus address 0x7e215040, /soc's ranges put it at 0xfe215040. */
static void rpi4_console_is_the_mini_uart(void **state)
{
	assert_int_equal(parse_real("bcm2711-rpi-4-b.dtb", 0x40000000), BOARD_OK);
	assert_diag(&sink);
	assert_int_equal(b.uart.base, 0xfe215040);
	assert_int_equal(b.uart.size, 0x40);
	assert_int_equal(b.uart_intid, 32 + 93);
	assert_uart(&b.uart_port, BOARD_UART_BCM2835_AUX, 0xfe215040, 2, 4, 0, 115200);
	assert_int_equal(b.nuarts, 2);
	assert_uart(&b.uarts[0], BOARD_UART_PL011, 0xfe201000, 2, 4, 0, 0);
	assert_uart(&b.uarts[1], BOARD_UART_BCM2835_AUX, 0xfe215040, 2, 4, 0, 0);
}

/* As shipped, the Pi's memory node is empty: the board is refused and
 * the report goes to its console. */
static void rpi4_as_shipped_is_refused_on_its_console(void **state)
{
	struct board_uart out[BOARD_MAX_UARTS + 1];

	assert_int_equal(parse_real("bcm2711-rpi-4-b.dtb", 0), BOARD_EMISSING);
	assert_diag(&sink, "/: memory: missing (no node with device_type \"memory\")");
	assert_int_equal(board_report_uarts(&b, NULL, out), 1);
	assert_uart(&out[0], BOARD_UART_BCM2835_AUX, 0xfe215040, 2, 4, 0, 115200);
}

/* zynqmp-zcu102-rev1.0.dts: stdout-path = "serial0:115200n8", UART0 a
 * "cdns,uart-r1p12" whose clock comes from the clock controller. */
static void zcu102_console_is_cadence_uart0(void **state)
{
	assert_int_equal(parse_real("zynqmp-zcu102-rev1.0.dtb", 0), BOARD_OK);
	assert_diag(&sink);
	assert_int_equal(b.uart.base, 0xff000000);
	assert_int_equal(b.uart.size, 0x1000);
	assert_int_equal(b.uart_intid, 32 + 21);
	assert_uart(&b.uart_port, BOARD_UART_CADENCE, 0xff000000, 2, 4, 0, 115200);
	assert_int_equal(b.nuarts, 2);
	assert_uart(&b.uarts[1], BOARD_UART_CADENCE, 0xff010000, 2, 4, 0, 0);
}

/* imx8mp-evk.dts: the console (serial1) is the i.MX UART2, whose reg is
 * translated through two buses. */
static void imx8mp_evk_console_is_imx_uart2(void **state)
{
	assert_int_equal(parse_real("imx8mp-evk.dtb", 0), BOARD_OK);
	assert_diag(&sink);
	assert_uart(&b.uart_port, BOARD_UART_IMX, 0x30890000, 2, 4, 0, 0);
	assert_true(b.nuarts >= 1);
}

static void dw_apb_uart_layout_fixed_clock_and_baud(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART PL011
		"clk24: clock { compatible = \"fixed-clock\"; #clock-cells = <0>;"
		" clock-frequency = <24000000>; };\n"
		"serial@1c28000 { compatible = \"allwinner,sun50i-a64-uart\", \"snps,dw-apb-uart\";"
		" reg = <0 0x01c28000 0 0x400>; reg-shift = <2>; reg-io-width = <4>;"
		" clocks = <&clk24>, <&clk24>; interrupts = <0 0 4>; };\n"
		"aliases { serial0 = \"/serial@1c28000\"; };\n"
		"chosen { stdout-path = \"serial0:1500000n8\"; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_int_equal(b.uart.base, 0x01c28000);
	assert_int_equal(b.uart_intid, 32);
	assert_uart(&b.uart_port, BOARD_UART_8250, 0x01c28000, 2, 4, 24000000, 1500000);
}

static void ns16550a_defaults_and_clock_frequency(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART
		"serial@3f8 { compatible = \"ns16550a\"; reg = <0 0x3f8 0 0x8>;"
		" clock-frequency = <1843200>; interrupts = <0 4 4>; };\n"
		"chosen { stdout-path = \"/serial@3f8\"; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_uart(&b.uart_port, BOARD_UART_8250, 0x3f8, 0, 1, 1843200, 0);
}

static void pl011_clock_from_a_fixed_clock(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART
		"apb_pclk: apb-pclk { compatible = \"fixed-clock\"; #clock-cells = <0>;"
		" clock-frequency = <24000000>; };\n"
		"pl011@9000000 { compatible = \"arm,pl011\", \"arm,primecell\";"
		" reg = <0 0x09000000 0 0x1000>; interrupts = <0 1 4>;"
		" clocks = <&apb_pclk>, <&apb_pclk>; };\n"
		"chosen { stdout-path = \"/pl011@9000000:9600\"; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_uart(&b.uart_port, BOARD_UART_PL011, 0x09000000, 2, 4, 24000000, 9600);
}

/* The first clock is a clock controller's output: unknown, not a guess. */
static void clock_of_a_clock_controller_is_unknown(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART
		"clkc: clock-controller { #clock-cells = <1>; };\n"
		"serial@ff000000 { compatible = \"xlnx,xuartps\"; reg = <0 0xff000000 0 0x1000>;"
		" interrupts = <0 21 4>; clocks = <&clkc 56>; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_uart(&b.uart_port, BOARD_UART_CADENCE, 0xff000000, 2, 4, 0, 0);
}

static void unsupported_16550_layouts(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART
		"serial@1000 { compatible = \"ns16550\"; reg = <0 0x1000 0 0x100>;"
		" reg-io-width = <2>; interrupts = <0 4 4>; };\n"
		"serial@2000 { compatible = \"ns16550a\"; reg = <0 0x2000 0 0x100>;"
		" reg-shift = <4>; interrupts = <0 5 4>; };\n"
		"chosen { stdout-path = \"/serial@1000\"; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink, "/serial@1000: reg-io-width: 2: unsupported (1 or 4)");
	assert_int_equal(b.uart_port.kind, BOARD_UART_NONE);
	/* Neither can be reported on. */
	assert_int_equal(b.nuarts, 0);
}

static void stdout_path_not_a_uart_septum_drives(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART PL011
		"serial@e6e88000 { compatible = \"renesas,scif\";"
		" reg = <0 0xe6e88000 0 0x40>; interrupts = <0 27 4>; };\n"
		"aliases { serial1 = \"/serial@e6e88000\"; };\n"
		"chosen { stdout-path = \"serial1:115200n8\"; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink,
		"/chosen: stdout-path: \"serial1:115200n8\": compatible \"renesas,scif\": "
		"not a UART Septum drives (arm,pl011, brcm,bcm2835-aux-uart, ns16550a, "
		"ns16550, snps,dw-apb-uart, cdns,uart-r1p12, xlnx,xuartps or fsl,imx6q-uart)");
	assert_int_equal(b.uart_port.kind, BOARD_UART_NONE);
	assert_int_equal(b.nuarts, 1);
	assert_uart(&b.uarts[0], BOARD_UART_PL011, 0x09000000, 2, 4, 0, 0);
}

static void stdout_path_to_a_disabled_uart(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART PL011
		"serial@ff010000 { compatible = \"cdns,uart-r1p12\"; status = \"disabled\";"
		" reg = <0 0xff010000 0 0x1000>; interrupts = <0 22 4>; };\n"
		"chosen { stdout-path = \"/serial@ff010000\"; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink,
		"/chosen: stdout-path: \"/serial@ff010000\": its node is disabled (status)");
	assert_int_equal(b.nuarts, 1);
}

/* Without stdout-path: the first enabled UART of any kind Septum drives. */
static void no_stdout_path_first_enabled_uart(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART
		"pl011@9000000 { compatible = \"arm,pl011\"; status = \"disabled\";"
		" reg = <0 0x09000000 0 0x1000>; interrupts = <0 1 4>; };\n"
		"serial@30890000 { compatible = \"fsl,imx8mp-uart\";"
		" reg = <0 0x30890000 0 0x10000>; interrupts = <0 27 4>; };\n"
		"serial@ff000000 { compatible = \"cdns,uart-r1p12\";"
		" reg = <0 0xff000000 0 0x1000>; interrupts = <0 21 4>; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_uart(&b.uart_port, BOARD_UART_CADENCE, 0xff000000, 2, 4, 0, 0);
}

static void no_uart_at_all(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART END), BOARD_EMISSING);
	assert_diag(&sink,
		"/: uart: missing (no enabled node compatible with arm,pl011, "
		"brcm,bcm2835-aux-uart, ns16550a, ns16550, snps,dw-apb-uart, cdns,uart-r1p12, "
		"xlnx,xuartps or fsl,imx6q-uart)");
	assert_int_equal(b.nuarts, 0);
}

/* In node order; disabled ones, unknown ones and ones whose registers
 * cannot be reached are left out, quietly. */
static void every_uart_septum_drives_is_listed(void **state)
{
	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART PL011
		"serial@30890000 { compatible = \"fsl,imx8mp-uart\";"
		" reg = <0 0x30890000 0 0x10000>; };\n"
		"serial@3f8 { compatible = \"ns16550a\"; status = \"disabled\";"
		" reg = <0 0x3f8 0 0x8>; };\n"
		"bus { #address-cells = <1>; #size-cells = <1>;\n"
		" serial@1000 { compatible = \"cdns,uart-r1p12\"; reg = <0x1000 0x1000>; }; };\n"
		"soc { compatible = \"simple-bus\"; #address-cells = <1>; #size-cells = <1>;\n"
		" ranges = <0x7e000000 0x0 0xfe000000 0x1800000>;\n"
		" serial@7e215040 { compatible = \"brcm,bcm2835-aux-uart\";"
		" reg = <0x7e215040 0x40>; }; };\n"
		"chosen { stdout-path = \"/pl011@9000000\"; };\n"
		END), BOARD_OK);
	assert_diag(&sink);
	assert_int_equal(b.nuarts, 2);
	assert_uart(&b.uarts[0], BOARD_UART_PL011, 0x09000000, 2, 4, 0, 0);
	assert_uart(&b.uarts[1], BOARD_UART_BCM2835_AUX, 0xfe215040, 2, 4, 0, 0);
}

/* A console whose interrupt is wrong still says why the board is
 * refused, and alone (with the earlycon, unless it is the same UART). */
static void report_goes_to_a_usable_console(void **state)
{
	struct board_uart out[BOARD_MAX_UARTS + 1], early;

	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART
		"pl011@9000000 { compatible = \"arm,pl011\";"
		" reg = <0 0x09000000 0 0x1000>; interrupts = <1 1 4>; };\n"
		"pl011@9040000 { compatible = \"arm,pl011\";"
		" reg = <0 0x09040000 0 0x1000>; interrupts = <0 8 4>; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink, "/pl011@9000000: interrupts: entry 0: <1 1 0x4>: a PPI (INTID 17); "
		    "the console UART's interrupt is an SPI (type 0)");
	assert_int_equal(board_report_uarts(&b, NULL, out), 1);
	assert_uart(&out[0], BOARD_UART_PL011, 0x09000000, 2, 4, 0, 0);
	assert_true(board_uart_earlycon(0x0142000009000000ull, &early));
	assert_int_equal(board_report_uarts(&b, &early, out), 1);
	assert_true(board_uart_earlycon(0x0142000009040000ull, &early));
	assert_int_equal(board_report_uarts(&b, &early, out), 2);
	assert_uart(&out[1], BOARD_UART_PL011, 0x09040000, 2, 4, 0, 0);
}

static void report_goes_to_every_uart_without_a_console(void **state)
{
	struct board_uart out[BOARD_MAX_UARTS + 1], early;

	assert_int_equal(parse_dts(HDR ROOT BOARD_NO_UART PL011
		"serial@ff000000 { compatible = \"cdns,uart-r1p12\";"
		" reg = <0 0xff000000 0 0x1000>; interrupts = <0 21 4>; };\n"
		"chosen { stdout-path = \"/nowhere\"; };\n"
		END), BOARD_EINVAL);
	assert_diag(&sink, "/chosen: stdout-path: \"/nowhere\": no such node");
	assert_true(board_uart_earlycon(0x0242000012340000ull, &early));
	assert_int_equal(board_report_uarts(&b, &early, out), 3);
	assert_uart(&out[0], BOARD_UART_PL011, 0x09000000, 2, 4, 0, 0);
	assert_uart(&out[1], BOARD_UART_CADENCE, 0xff000000, 2, 4, 0, 0);
	assert_uart(&out[2], BOARD_UART_8250, 0x12340000, 2, 4, 0, 0);
	assert_int_equal(out[2].node, -1);
}

/* scripts/pack.py --earlycon's encoding: kind 63:56, width 55:52, shift
 * 51:48, base 47:0. */
static void earlycon_word_decoding(void **state)
{
	struct board_uart u;

	assert_false(board_uart_earlycon(0, &u));
	assert_int_equal(u.kind, BOARD_UART_NONE);
	assert_true(board_uart_earlycon(0x0142000009000000ull, &u));   /* pl011,0x9000000 */
	assert_uart(&u, BOARD_UART_PL011, 0x9000000, 2, 4, 0, 0);
	assert_true(board_uart_earlycon(0x02100000000003f8ull, &u));   /* uart8250,mmio,0x3f8 */
	assert_uart(&u, BOARD_UART_8250, 0x3f8, 0, 1, 0, 0);
	assert_true(board_uart_earlycon(0x03000000fe215040ull, &u));   /* shift, width forced */
	assert_uart(&u, BOARD_UART_BCM2835_AUX, 0xfe215040, 2, 4, 0, 0);
	assert_true(board_uart_earlycon(0x04420000ff000000ull, &u));   /* cdns,0xff000000 */
	assert_uart(&u, BOARD_UART_CADENCE, 0xff000000, 2, 4, 0, 0);
	assert_false(board_uart_earlycon(0x02220000000003f8ull, &u));  /* 16-bit access */
	assert_false(board_uart_earlycon(0x02140000000003f8ull, &u));  /* shift 4 */
	assert_true(board_uart_earlycon(0x0542000030890000ull, &u));   /* ec_imx6q,0x30890000 */
	assert_uart(&u, BOARD_UART_IMX, 0x30890000, 2, 4, 0, 0);
	assert_false(board_uart_earlycon(0x0642000009000000ull, &u));  /* kind 6 */
	assert_int_equal(u.kind, BOARD_UART_NONE);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(rpi4_console_is_the_mini_uart),
		T(rpi4_as_shipped_is_refused_on_its_console),
		T(zcu102_console_is_cadence_uart0),
		T(imx8mp_evk_console_is_imx_uart2),
		T(dw_apb_uart_layout_fixed_clock_and_baud),
		T(ns16550a_defaults_and_clock_frequency),
		T(pl011_clock_from_a_fixed_clock),
		T(clock_of_a_clock_controller_is_unknown),
		T(unsupported_16550_layouts),
		T(stdout_path_not_a_uart_septum_drives),
		T(stdout_path_to_a_disabled_uart),
		T(no_stdout_path_first_enabled_uart),
		T(no_uart_at_all),
		T(every_uart_septum_drives_is_listed),
		T(report_goes_to_a_usable_console),
		T(report_goes_to_every_uart_without_a_console),
		T(earlycon_word_decoding),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
