/* Unit tests: the device tree Septum generates for a guest (src/core/guest_dt.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include "vm.h"
#include "guest_dt.h"

static struct cfg_vm cfg;
static struct vm vm;
static uint8_t buf[CFG_GUEST_DT_SIZE];

static int setup(void **state)
{
	memset(&cfg, 0, sizeof(cfg));
	memset(&vm, 0, sizeof(vm));
	strcpy(cfg.name, "linux");
	cfg.nvcpus = 2;
	cfg.nmem = 2;
	cfg.mem[0] = (struct cfg_mem){ .guest = 0x40000000, .size = 0x8000000 };
	cfg.mem[1] = (struct cfg_mem){ .guest = 0x100000000ull, .size = 0x200000 };
	cfg.bootargs = "console=ttyAMA0 quiet";
	vm.cfg = &cfg;
	vm.nvcpus = 2;
	cfg.plat = (struct cfg_platform){ .gic_version = 3,
		.gicd = { 0x8000000, 0x10000 }, .gicr = { 0x80a0000, 0x40000 },
		.uart = { 0x9000000, 0x1000 }, .uart_intid = 33,
		.timer_intid = { 29, 30, 27, 26 } };
	return 0;
}

static const void *prop(const char *path, const char *name, int *len)
{
	int node = fdt_path_offset(buf, path);

	assert_true(node >= 0);
	return fdt_getprop(buf, node, name, len);
}

static uint32_t cell(const void *p, int i)
{
	return fdt32_to_cpu(((const fdt32_t *)p)[i]);
}

static uint64_t cell64(const void *p, int i)
{
	return ((uint64_t)cell(p, 2 * i) << 32) | cell(p, 2 * i + 1);
}

static void build(void)
{
	size_t n = guest_dt_build(&vm, buf, sizeof(buf));

	assert_true(n > 0 && n <= sizeof(buf));
	assert_int_equal(fdt_check_header(buf), 0);
}

static void memory_nodes_match_the_regions(void **state)
{
	int len;
	const void *p;

	build();
	p = prop("/memory@40000000", "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(cell64(p, 0), 0x40000000);
	assert_int_equal(cell64(p, 1), 0x8000000);
	p = prop("/memory@100000000", "reg", &len);
	assert_int_equal(cell64(p, 0), 0x100000000ull);
	assert_string_equal(prop("/memory@40000000", "device_type", &len), "memory");
}

static void one_cpu_node_per_vcpu_with_psci(void **state)
{
	int len;

	build();
	assert_int_equal(cell(prop("/cpus/cpu@0", "reg", &len), 0), 0);
	assert_int_equal(cell(prop("/cpus/cpu@1", "reg", &len), 0), 1);
	assert_true(fdt_path_offset(buf, "/cpus/cpu@2") < 0);
	assert_string_equal(prop("/cpus/cpu@1", "enable-method", &len), "psci");
	assert_string_equal(prop("/psci", "method", &len), "hvc");
}

static void chosen_has_bootargs_console_and_initrd(void **state)
{
	static const uint8_t rd[16];
	int len;
	const void *p;

	cfg.initrd = (struct cfg_image){ .data = rd, .size = 0x123000, .load = 0x47000000 };
	build();
	assert_string_equal(prop("/chosen", "bootargs", &len), "console=ttyAMA0 quiet");
	assert_string_equal(prop("/chosen", "stdout-path", &len), "/uart@9000000");
	p = prop("/chosen", "linux,initrd-start", &len);
	assert_int_equal(len, 8);
	assert_int_equal(cell64(p, 0), 0x47000000);
	p = prop("/chosen", "linux,initrd-end", &len);
	assert_int_equal(cell64(p, 0), 0x47123000);
}

static void no_initrd_properties_without_initrd(void **state)
{
	int len;

	build();
	assert_null(prop("/chosen", "linux,initrd-start", &len));
}

static void gicv3_node_covers_one_redistributor_per_vcpu(void **state)
{
	int len;
	const void *p;

	build();
	assert_string_equal(prop("/intc@8000000", "compatible", &len), "arm,gic-v3");
	p = prop("/intc@8000000", "reg", &len);
	assert_int_equal(len, 32);
	assert_int_equal(cell64(p, 0), 0x8000000);
	assert_int_equal(cell64(p, 1), 0x10000);
	assert_int_equal(cell64(p, 2), 0x80a0000);
	assert_int_equal(cell64(p, 3), 2 * 0x20000);
	assert_int_equal(cell(prop("/", "interrupt-parent", &len), 0),
			 cell(prop("/intc@8000000", "phandle", &len), 0));
}

static void gicv2_node_has_distributor_and_cpu_interface(void **state)
{
	int len;
	const void *p;

	cfg.plat.gic_version = 2;
	cfg.plat.gicd.size = 0x1000;
	cfg.plat.gicr = (struct board_range){ 0, 0 };
	cfg.plat.gicc = (struct board_range){ 0x8010000, 0x2000 };
	build();
	assert_string_equal(prop("/intc@8000000", "compatible", &len), "arm,cortex-a15-gic");
	p = prop("/intc@8000000", "reg", &len);
	assert_int_equal(cell64(p, 2), 0x8010000);
	assert_int_equal(cell64(p, 3), 0x2000);
}

static void timer_ppis_and_gicv2_cpu_mask(void **state)
{
	int len;
	const void *p;

	build();
	p = prop("/timer", "interrupts", &len);
	assert_int_equal(len, 48);
	/* <PPI 13 level-high> <PPI 14> <PPI 11> <PPI 10> */
	assert_int_equal(cell(p, 0), 1);
	assert_int_equal(cell(p, 1), 13);
	assert_int_equal(cell(p, 2), 4);
	assert_int_equal(cell(p, 7), 11);
	cfg.plat.gic_version = 2;
	build();
	p = prop("/timer", "interrupts", &len);
	assert_int_equal(cell(p, 2), 0x304);   /* two vCPUs: mask 0b11 */
}

/* A PL011 as Linux's amba-pl011 and U-Boot's pl01x bind it: PrimeCell
 * compatible, both clocks, its SPI. */
static void uart_is_a_pl011_with_its_spi(void **state)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	int len;
	const void *p;

	build();
	p = prop("/uart@9000000", "compatible", &len);
	assert_int_equal(len, sizeof(compat));
	assert_memory_equal(p, compat, sizeof(compat));
	p = prop("/uart@9000000", "interrupts", &len);
	assert_int_equal(cell(p, 0), 0);
	assert_int_equal(cell(p, 1), 1);
	assert_int_equal(cell(prop("/uart@9000000", "current-speed", &len), 0), 115200);
	p = prop("/uart@9000000", "clock-names", &len);
	assert_int_equal(len, sizeof("uartclk\0apb_pclk"));
	assert_memory_equal(p, "uartclk\0apb_pclk", len);
}

/* Both clocks: a 24 MHz fixed clock (the rate vuart.c's baud-rate
 * registers assume). */
static void uart_clocks_are_a_24mhz_fixed_clock(void **state)
{
	int len, clk;
	const void *p;

	build();
	p = prop("/uart@9000000", "clocks", &len);
	assert_int_equal(len, 8);
	assert_int_equal(cell(p, 0), cell(p, 1));
	clk = fdt_node_offset_by_phandle(buf, cell(p, 0));
	assert_true(clk >= 0);
	assert_int_equal(fdt_node_check_compatible(buf, clk, "fixed-clock"), 0);
	assert_int_equal(cell(fdt_getprop(buf, clk, "clock-frequency", &len), 0), 24000000);
	assert_int_equal(cell(fdt_getprop(buf, clk, "#clock-cells", &len), 0), 0);
}

static void no_uart_and_no_clock_without_a_console(void **state)
{
	int len;

	cfg.plat.uart = (struct board_range){ 0, 0 };
	build();
	assert_true(fdt_path_offset(buf, "/uart@9000000") < 0);
	assert_true(fdt_node_offset_by_compatible(buf, -1, "fixed-clock") < 0);
	assert_null(prop("/chosen", "stdout-path", &len));
}

/* The watchdog (Linux's arm,sp805.yaml): compatible, frame, both clocks
 * a 1 MHz fixed clock, no interrupt, timeout-sec from the period. */
static void a_watchdog_is_an_sp805_with_a_1mhz_clock(void **state)
{
	static const char compat[] = "arm,sp805\0arm,primecell";
	static const char names[] = "wdog_clk\0apb_pclk";
	const void *p;
	int len, clk;

	cfg.wdog = (struct cfg_watchdog){ .present = true, .period_ms = 2500 };
	cfg.plat.wdog = (struct board_range){ 0x9001000, 0x1000 };
	build();
	p = prop("/watchdog@9001000", "compatible", &len);
	assert_int_equal(len, sizeof(compat));
	assert_memory_equal(p, compat, sizeof(compat));
	p = prop("/watchdog@9001000", "reg", &len);
	assert_int_equal(cell64(p, 0), 0x9001000);
	assert_int_equal(cell64(p, 1), 0x1000);
	p = prop("/watchdog@9001000", "clock-names", &len);
	assert_memory_equal(p, names, sizeof(names));
	assert_int_equal(cell(prop("/watchdog@9001000", "timeout-sec", &len), 0), 2);
	assert_null(prop("/watchdog@9001000", "interrupts", &len));
	p = prop("/watchdog@9001000", "clocks", &len);
	assert_int_equal(len, 8);
	clk = fdt_node_offset_by_phandle(buf, cell(p, 0));
	assert_true(clk >= 0);
	assert_int_equal(cell(p, 1), cell(p, 0));
	assert_int_equal(cell(fdt_getprop(buf, clk, "clock-frequency", &len), 0), 1000000);
	assert_string_equal(fdt_getprop(buf, clk, "compatible", &len), "fixed-clock");
}

static void no_watchdog_node_without_a_watchdog(void **state)
{
	build();
	assert_true(fdt_node_offset_by_compatible(buf, -1, "arm,sp805") < 0);
}

/* Two PCI functions (vpci.h): one with INTA at SPI 38, one without a
 * line, one window below 4 GiB and one above. */
static void pci_functions_get_an_ecam_host_node(void **state)
{
	int len;
	const uint32_t *p;

	vm.vpci.base = 0x4010000000ull;
	vm.vpci.nfn = 2;
	vm.vpci.fn[0] = (struct vpci_fn){ .rid = 0x18, .intid = 38, .window = 0x10000000 };
	vm.vpci.fn[1] = (struct vpci_fn){ .rid = 0x20, .window = 0x8000000000ull };
	build();
	assert_string_equal(prop("/pcie@4010000000", "compatible", &len), "pci-host-ecam-generic");
	assert_string_equal(prop("/pcie@4010000000", "device_type", &len), "pci");
	p = prop("/pcie@4010000000", "reg", &len);
	assert_int_equal(cell64(p, 0), 0x4010000000ull);
	assert_int_equal(cell64(p, 1), VPCI_ECAM_SIZE);
	p = prop("/pcie@4010000000", "bus-range", &len);
	assert_int_equal(len, 8);
	assert_int_equal(cell(p, 0) | cell(p, 1), 0);
	p = prop("/pcie@4010000000", "ranges", &len);
	assert_int_equal(len, 2 * 7 * 4);
	assert_int_equal(cell(p, 0), 0x02000000);          /* 32-bit memory */
	assert_int_equal(cell(p, 2), 0x10000000);          /* bus = guest address */
	assert_int_equal(cell(p, 4), 0x10000000);
	assert_int_equal(cell(p, 6), CFG_PCI_WINDOW);
	assert_int_equal(cell(p, 7), 0x03000000);          /* 64-bit: above 4 GiB */
	assert_int_equal(cell(p, 8), 0x80);
	/* INTA of 00:00.0 only: SPI 38 - 32, level. */
	p = prop("/pcie@4010000000", "interrupt-map", &len);
	assert_int_equal(len, 8 * 4);
	assert_int_equal(cell(p, 0), 0);
	assert_int_equal(cell(p, 3), 1);
	assert_int_equal(cell(p, 6), 6);
	assert_int_equal(cell(p, 7), 4);
	p = prop("/pcie@4010000000", "interrupt-map-mask", &len);
	assert_int_equal(cell(p, 0), 0x1800);
	assert_int_equal(cell(p, 3), 7);
	assert_non_null(prop("/pcie@4010000000", "dma-coherent", &len));
	assert_null(prop("/pcie@4010000000", "msi-parent", &len));
	p = prop("/chosen", "linux,pci-probe-only", &len);
	assert_int_equal(cell(p, 0), 1);
}

static void no_pci_node_without_pci_functions(void **state)
{
	int len;

	build();
	assert_true(fdt_path_offset(buf, "/pcie@4010000000") < 0);
	assert_null(prop("/chosen", "linux,pci-probe-only", &len));
}

/* The tree is built with every property name written anew, and with the
 * names shared when that does not fit: a byte less still fits, smaller. */
static void names_shared_when_short_of_room(void **state)
{
	size_t n = guest_dt_build(&vm, buf, sizeof(buf)), m;

	assert_true(n > 0);
	m = guest_dt_build(&vm, buf, n - 1);
	assert_true(m > 0 && m < n);
	assert_int_equal(fdt_check_header(buf), 0);
	assert_string_equal(prop("/chosen", "bootargs", NULL), "console=ttyAMA0 quiet");
	assert_int_equal(guest_dt_build(&vm, buf, m - 1), 0);
}

static void too_small_a_buffer_fails_cleanly(void **state)
{
	assert_int_equal(guest_dt_build(&vm, buf, 256), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(memory_nodes_match_the_regions, setup),
		cmocka_unit_test_setup(one_cpu_node_per_vcpu_with_psci, setup),
		cmocka_unit_test_setup(chosen_has_bootargs_console_and_initrd, setup),
		cmocka_unit_test_setup(no_initrd_properties_without_initrd, setup),
		cmocka_unit_test_setup(gicv3_node_covers_one_redistributor_per_vcpu, setup),
		cmocka_unit_test_setup(gicv2_node_has_distributor_and_cpu_interface, setup),
		cmocka_unit_test_setup(timer_ppis_and_gicv2_cpu_mask, setup),
		cmocka_unit_test_setup(uart_is_a_pl011_with_its_spi, setup),
		cmocka_unit_test_setup(uart_clocks_are_a_24mhz_fixed_clock, setup),
		cmocka_unit_test_setup(no_uart_and_no_clock_without_a_console, setup),
		cmocka_unit_test_setup(a_watchdog_is_an_sp805_with_a_1mhz_clock, setup),
		cmocka_unit_test_setup(no_watchdog_node_without_a_watchdog, setup),
		cmocka_unit_test_setup(pci_functions_get_an_ecam_host_node, setup),
		cmocka_unit_test_setup(no_pci_node_without_pci_functions, setup),
		cmocka_unit_test_setup(names_shared_when_short_of_room, setup),
		cmocka_unit_test_setup(too_small_a_buffer_fails_cleanly, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
