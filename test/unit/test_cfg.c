/* SPDX-License-Identifier: MIT */
/* Partition description: parsing, per-VM checks and checks against the
 * board, each bad input with its exact message. */
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
#define VM(name, body) \
	name " {\ncompatible = \"septum,vm\";\n" \
	"#address-cells = <2>;\n#size-cells = <2>;\n" body "};\n"
#define MEM(at, reg) "memory@" at " { reg = <" reg ">; };\n"
#define MEM_AT(at, reg, host) \
	"memory@" at " { reg = <" reg ">; host-address = <" host ">; };\n"
#define KERNEL(img) "kernel { image = /incbin/(\"" img "\"); };\n"
#define MEM32M MEM("40000000", "0 0x40000000 0 0x2000000")
#define HELLO VM("hello", "cpus = <0>;\n" MEM32M KERNEL("hello.bin"))
#define HEARTBEAT \
	VM("heartbeat", "cpus = <1>;\n" \
	   MEM("40000000", "0 0x40000000 0 0x1000000") KERNEL("heartbeat.bin"))

#define HELLO_SIZE 4096
#define LINUX_TEXT_OFFSET 0x80000

/* 1 GiB of RAM at 0x40000000, 4 CPUs, firmware reserved at the top. */
static const struct board board = {
	.nmem = 1,
	.mem = { { 0x40000000, 0x40000000 } },
	.nrsv = 1,
	.rsv = { { 0x7ff00000, 0x100000 } },
	.ncpus = 4,
	.cpu_mpidr = { 0, 1, 2, 3 },
};

/* The boot DTB and the hypervisor image. */
static const struct cfg_hyp_rsv hyp = {
	.n = 2,
	.r = { { 0x40000000, 0x100000 }, { 0x40200000, 0x200000 } },
};

static struct diag_sink sink;
static struct partition part;
static void *fdt;
static uint8_t hello_img[HELLO_SIZE];

/* An arm64 Image header (Documentation/arm64/booting.rst). */
static void linux_image(const char *name, uint64_t text_offset,
			uint64_t image_size)
{
	uint8_t img[4096] = { 0 };

	for (int i = 0; i < 8; i++) {
		img[0x08 + i] = (uint8_t)(text_offset >> (8 * i));
		img[0x10 + i] = (uint8_t)(image_size >> (8 * i));
	}
	memcpy(img + 0x38, "ARM\x64", 4);
	dtc_write_file(NULL, name, img, sizeof(img));
}

static int group_setup(void **state)
{
	static uint8_t big[8192];

	for (unsigned i = 0; i < sizeof(hello_img); i++)
		hello_img[i] = (uint8_t)(i * 7 + 1);
	dtc_write_file(NULL, "hello.bin", hello_img, sizeof(hello_img));
	dtc_write_file(NULL, "heartbeat.bin", "\x1f\x20\x03\xd5", 4);
	dtc_write_file(NULL, "empty.bin", "", 0);
	dtc_write_file(NULL, "big.bin", big, sizeof(big));
	linux_image("linux.bin", LINUX_TEXT_OFFSET, 0x1000000);
	linux_image("linux-huge.bin", 0, 40000000);
	/* What dts/qemu-virt-demo.dts includes. */
	linux_image("Image", 0, 0x2010000);
	dtc_write_file(NULL, "initramfs.cpio.gz", "\x1f\x8b", 2);
	dtc_write_file(NULL, "rtos.bin", hello_img, sizeof(hello_img));
	return 0;
}

static int teardown(void **state)
{
	free(fdt);
	fdt = NULL;
	return 0;
}

static int parse_opts(const char *dts, const char *opts)
{
	free(fdt);
	fdt = dtc_compile_opts(dts, dtc_tmpdir(), opts);
	assert_non_null(fdt);
	diag_sink_init(&sink);
	return cfg_parse(fdt, fdt_totalsize(fdt), &part, &sink.d);
}

static int parse(const char *dts)
{
	return parse_opts(dts, NULL);
}

/* Resolves (no board FDT: these partitions have no devices) and
 * validates against the small board above. */
static int validate(void)
{
	diag_sink_init(&sink);
	cfg_resolve(&part, NULL, &board, &sink.d);
	return cfg_validate(&part, &board, &hyp, &sink.d);
}

/* Parses a partition that must be fine on its own, then validates it. */
static int parse_ok_validate(const char *dts)
{
	int n = parse(dts);

	assert_diag(&sink);
	assert_int_equal(n, (int)part.nvms);
	return validate();
}

static void two_vms_exact_values(void **state)
{
	const struct cfg_vm *vm;

	assert_int_equal(parse(HDR
		VM("hello",
		   "cpus = <1 2>;\non-fault = \"restart\";\n"
		   "bootargs = \"probe=0x50000000\";\n"
		   MEM_AT("40000000", "0 0x40000000 0 0x2000000", "0 0x48000000")
		   MEM("80000000", "0 0x80000000 0 0x100000")
		   "kernel { image = /incbin/(\"hello.bin\");"
		   " load-address = <0 0x40001000>; entry = <0 0x40001800>; };\n")
		HEARTBEAT END), 2);
	assert_diag(&sink);
	assert_int_equal(part.nvms, 2);

	vm = &part.vm[0];
	assert_true(vm->valid);
	assert_string_equal(vm->name, "hello");
	assert_string_equal(vm->path, "/hello");
	assert_int_equal(vm->node, fdt_path_offset(fdt, "/hello"));
	assert_int_equal(vm->nvcpus, 2);
	assert_int_equal(vm->cpu[0], 1);
	assert_int_equal(vm->cpu[1], 2);
	assert_int_equal(vm->on_fault, CFG_ON_FAULT_RESTART);
	assert_string_equal(vm->bootargs, "probe=0x50000000");
	assert_int_equal(vm->nmem, 2);
	assert_string_equal(vm->mem[0].name, "memory@40000000");
	assert_int_equal(vm->mem[0].guest, 0x40000000);
	assert_int_equal(vm->mem[0].size, 0x2000000);
	assert_true(vm->mem[0].host_fixed);
	assert_int_equal(vm->mem[0].host, 0x48000000);
	assert_string_equal(vm->mem[1].name, "memory@80000000");
	assert_int_equal(vm->mem[1].guest, 0x80000000);
	assert_int_equal(vm->mem[1].size, 0x100000);
	assert_false(vm->mem[1].host_fixed);
	assert_int_equal(vm->kernel.size, HELLO_SIZE);
	assert_memory_equal(vm->kernel.data, hello_img, HELLO_SIZE);
	assert_int_equal(vm->kernel.load, 0x40001000);
	assert_int_equal(vm->kernel.entry, 0x40001800);
	assert_false(vm->kernel.is_linux);

	vm = &part.vm[1];
	assert_true(vm->valid);
	assert_string_equal(vm->path, "/heartbeat");
	assert_int_equal(vm->nvcpus, 1);
	assert_int_equal(vm->cpu[0], 1);
	assert_int_equal(vm->on_fault, CFG_ON_FAULT_STOP);
	assert_null(vm->bootargs);
	assert_int_equal(vm->nmem, 1);
	assert_int_equal(vm->mem[0].size, 0x1000000);
	assert_int_equal(vm->kernel.size, 4);
	assert_memory_equal(vm->kernel.data, "\x1f\x20\x03\xd5", 4);
	assert_int_equal(vm->kernel.load, 0x40000000);
	assert_int_equal(vm->kernel.entry, 0x40000000);
}

static void two_vms_validate(void **state)
{
	assert_int_equal(parse_ok_validate(HDR HELLO HEARTBEAT END), 2);
	assert_diag(&sink);
	assert_true(part.vm[0].valid && part.vm[1].valid);
}

static void linux_image_defaults(void **state)
{
	const struct cfg_image *k = &part.vm[0].kernel;

	assert_int_equal(parse(HDR
		VM("linux", "cpus = <0>;\n" MEM32M KERNEL("linux.bin")) END), 1);
	assert_diag(&sink);
	assert_true(k->is_linux);
	assert_int_equal(k->size, 4096);
	assert_int_equal(k->load, 0x40000000 + LINUX_TEXT_OFFSET);
	assert_int_equal(k->entry, 0x40000000 + LINUX_TEXT_OFFSET);
}

static void linux_image_base_2m_aligned(void **state)
{
	const struct cfg_image *k = &part.vm[0].kernel;

	assert_int_equal(parse(HDR
		VM("linux", "cpus = <0>;\n"
		   MEM("40100000", "0 0x40100000 0 0x2000000") KERNEL("linux.bin"))
		END), 1);
	assert_diag(&sink);
	assert_int_equal(k->load, 0x40200000 + LINUX_TEXT_OFFSET);
}

static void linux_image_size_does_not_fit(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM32M KERNEL("linux-huge.bin")) END), 0);
	assert_diag(&sink,
		"/hello/kernel: image: 40000000 bytes at 0x40000000: does not fit "
		"memory@40000000 (0x40000000..0x41ffffff)");
}

static void initrd_goes_below_the_guest_device_tree(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM32M KERNEL("hello.bin")
		   "initrd { image = /incbin/(\"big.bin\"); };\n") END), 1);
	assert_diag(&sink);
	assert_int_equal(part.vm[0].initrd.size, 8192);
	/* 32 MiB region, device tree in its last 64 KiB, initrd just below. */
	assert_int_equal(part.vm[0].initrd.load, 0x41ff0000 - 8192);
	assert_non_null(part.vm[0].initrd.data);
}

static void no_initrd_means_none(void **state)
{
	assert_int_equal(parse(HDR HELLO END), 1);
	assert_null(part.vm[0].initrd.data);
}

static void initrd_without_image(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM32M KERNEL("hello.bin") "initrd { };\n") END), 0);
	assert_diag(&sink, "/hello/initrd: image: missing");
}

static void initrd_overlapping_the_kernel(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM32M KERNEL("hello.bin")
		   "initrd { image = /incbin/(\"big.bin\"); "
		   "load-address = <0 0x40000800>; };\n") END), 0);
	assert_diag(&sink, "/hello/initrd: load-address: 0x40000800: the image (8192 bytes) "
		    "overlaps the kernel (0x40000000..0x40000fff)");
}

/* Without load-address, the initrd's size is to blame. */
static void initrd_default_place_overlapping_the_kernel(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM("40000000", "0 0x40000000 0 0x20000")
		   "kernel { image = /incbin/(\"big.bin\"); load-address = <0 0x4000d000>; };\n"
		   "initrd { image = /incbin/(\"big.bin\"); };\n") END), 0);
	assert_diag(&sink, "/hello/initrd: image: 8192 bytes at 0x4000e000: overlaps the "
		    "kernel (0x4000d000..0x4000efff)");
}

static void kernel_overlapping_the_guest_device_tree(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM32M
		   "kernel { image = /incbin/(\"big.bin\"); load-address = <0 0x41ff0000>; };\n")
		END), 0);
	assert_diag(&sink, "/hello/kernel: load-address: 0x41ff0000: the image (8192 bytes) "
		    "overlaps the guest device tree (0x41ff0000..0x41ffffff, the end of "
		    "memory@40000000)");
}

static void first_region_too_small_for_the_device_tree(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM("40000000", "0 0x40000000 0 0x10000")
		   KERNEL("heartbeat.bin")) END), 0);
	assert_diag(&sink, "/hello/memory@40000000: reg: size 0x10000: too small (the guest "
		    "device tree takes its last 64 KiB)");
}

static void image_too_large(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n"
		   MEM("40000000", "0 0x40000000 0 0x1000") KERNEL("big.bin"))
		END), 0);
	assert_diag(&sink,
		"/hello/kernel: image: 8192 bytes at 0x40000000: does not fit "
		"memory@40000000 (0x40000000..0x40000fff)");
}

static void image_outside_memory(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM32M
		   "kernel { image = /incbin/(\"hello.bin\");"
		   " load-address = <0 0x30000000>; };\n")
		END), 0);
	assert_diag(&sink, "/hello/kernel: load-address: 0x30000000: in no memory region");
}

static void image_must_fit_one_region(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n"
		   MEM("40000000", "0 0x40000000 0 0x1000")
		   MEM("40001000", "0 0x40001000 0 0x1000") KERNEL("big.bin"))
		END), 0);
	assert_diag(&sink,
		"/hello/kernel: image: 8192 bytes at 0x40000000: does not fit "
		"memory@40000000 (0x40000000..0x40000fff)");
}

static void image_missing(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM32M
		   "kernel { load-address = <0 0x40000000>; };\n") END), 0);
	assert_diag(&sink, "/hello/kernel: image: missing");
}

static void image_empty(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM32M KERNEL("empty.bin")) END), 0);
	assert_diag(&sink, "/hello/kernel: image: 0 bytes: empty");
}

static void kernel_missing(void **state)
{
	assert_int_equal(parse(HDR VM("hello", "cpus = <0>;\n" MEM32M) END), 0);
	assert_diag(&sink, "/hello: kernel: missing");
}

static void entry_outside_image(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM32M
		   "kernel { image = /incbin/(\"hello.bin\");"
		   " entry = <0 0x40100000>; };\n") END), 0);
	assert_diag(&sink,
		"/hello/kernel: entry: 0x40100000: outside the image (0x40000000..0x40000fff)");
}

static void load_and_entry_one_cell(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM32M
		   "kernel { image = /incbin/(\"hello.bin\");"
		   " load-address = <0x40000000>; entry = <0 0 0>; };\n") END), 0);
	assert_diag(&sink,
		"/hello/kernel: load-address: 4 bytes: must be 8 (2 cells)",
		"/hello/kernel: entry: 12 bytes: must be 8 (2 cells)");
}

static void reg_three_cells(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n"
		   MEM("40000000", "0 0x40000000 0x2000000") KERNEL("hello.bin"))
		END), 0);
	assert_diag(&sink,
		"/hello/memory@40000000: reg: 12 bytes: must be 16 (2-cell address, 2-cell size)");
}

static void reg_missing(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\nmemory { };\n" KERNEL("hello.bin")) END), 0);
	assert_diag(&sink, "/hello/memory: reg: missing");
}

static void memory_missing(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\nram@40000000 { reg = <0 0x40000000 0 0x1000>; };\n"
		   KERNEL("hello.bin")) END), 0);
	assert_diag(&sink, "/hello: ram@40000000: unknown node", "/hello: memory: missing");
}

static void size_zero(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM("40000000", "0 0x40000000 0 0")
		   KERNEL("hello.bin")) END), 0);
	assert_diag(&sink, "/hello/memory@40000000: reg: size 0: region is empty");
}

static void size_unaligned(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM("40000000", "0 0x40000000 0 0x1800")
		   KERNEL("hello.bin")) END), 0);
	assert_diag(&sink,
		"/hello/memory@40000000: reg: size 0x1800: not a multiple of 4 KiB");
}

static void addresses_unaligned_or_wrapping(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n"
		   MEM_AT("40000800", "0 0x40000800 0 0x2000", "0 0x48000200")
		   MEM("fffff000", "0xffffffff 0xfffff000 0 0x2000")
		   KERNEL("hello.bin")) END), 0);
	assert_diag(&sink,
		"/hello/memory@40000800: reg: 0x40000800: not 4 KiB aligned",
		"/hello/memory@40000800: host-address: 0x48000200: not 4 KiB aligned",
		"/hello/memory@fffff000: reg: 0xfffffffffffff000 size 0x2000: wraps around");
}

static void host_address_one_cell(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n"
		   MEM_AT("40000000", "0 0x40000000 0 0x2000000", "0x48000000")
		   KERNEL("hello.bin")) END), 0);
	assert_diag(&sink,
		"/hello/memory@40000000: host-address: 4 bytes: must be 8 (2 cells)");
}

static void regions_overlap_within_vm(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n"
		   MEM_AT("40000000", "0 0x40000000 0 0x2000000", "0 0x48000000")
		   MEM_AT("41000000", "0 0x41000000 0 0x2000000", "0 0x49000000")
		   KERNEL("hello.bin")) END), 0);
	assert_diag(&sink,
		"/hello/memory@41000000: reg: 0x41000000..0x42ffffff: overlaps "
		"/hello/memory@40000000 (0x40000000..0x41ffffff)",
		"/hello/memory@41000000: host-address: 0x49000000..0x4affffff: overlaps "
		"/hello/memory@40000000 (0x48000000..0x49ffffff)");
}

static void too_many_regions(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\n" MEM32M
		   MEM("50000000", "0 0x50000000 0 0x1000")
		   MEM("50001000", "0 0x50001000 0 0x1000")
		   MEM("50002000", "0 0x50002000 0 0x1000")
		   MEM("50003000", "0 0x50003000 0 0x1000")
		   KERNEL("hello.bin")) END), 0);
	assert_diag(&sink, "/hello: memory: 5 regions: too many (max 4)");
}

static void cpus_missing(void **state)
{
	assert_int_equal(parse(HDR VM("hello", MEM32M KERNEL("hello.bin")) END), 0);
	assert_diag(&sink, "/hello: cpus: missing");
}

static void cpus_empty(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus;\n" MEM32M KERNEL("hello.bin")) END), 0);
	assert_diag(&sink, "/hello: cpus: empty: needs 1..8 CPUs");
}

static void cpus_duplicate(void **state)
{
	/* Fine on its own (a schedule may share a CPU); refused against
	 * the board, where none does. */
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <1 2 1>;\n" MEM32M KERNEL("hello.bin")) END), 1);
	assert_diag(&sink);
	assert_int_equal(validate(), 0);
	assert_diag(&sink, "/hello: cpus: 1: listed twice (a CPU that runs more than one "
		    "vCPU needs /schedule/cpu@1)");
}

static void too_many_vcpus(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0 1 2 3 4 5 6 7 0>;\n" MEM32M KERNEL("hello.bin"))
		END), 0);
	assert_diag(&sink, "/hello: cpus: 9 entries: too many vCPUs (max 8)");
}

static void cpu_beyond_any_board(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <8>;\n" MEM32M KERNEL("hello.bin")) END), 0);
	assert_diag(&sink, "/hello: cpus: 8: no such CPU (max 7)");
}

static void on_fault_bad(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\non-fault = \"explode\";\n" MEM32M
		   KERNEL("hello.bin")) END), 0);
	assert_diag(&sink, "/hello: on-fault: \"explode\": must be \"stop\" or \"restart\"");
}

static void bootargs_not_string(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\nbootargs = <1>;\n" MEM32M
		   KERNEL("hello.bin")) END), 0);
	assert_diag(&sink, "/hello: bootargs: 4 bytes: not a NUL-terminated string");
}

static void vm_cells_not_2(void **state)
{
	assert_int_equal(parse(HDR
		"hello {\ncompatible = \"septum,vm\";\n#address-cells = <1>;\n"
		"#size-cells = <2>;\ncpus = <0>;\n" MEM32M KERNEL("hello.bin") "};\n"
		END), 0);
	assert_diag(&sink, "/hello: #address-cells: 1: must be 2");
}

static void bad_names(void **state)
{
	int n = parse(HDR
		VM("Hello", "cpus = <0>;\n" MEM32M KERNEL("hello.bin"))
		VM("vm@1", "cpus = <1>;\n" MEM32M KERNEL("hello.bin"))
		VM("a1234567890123456789012345678901",
		   "cpus = <2>;\n" MEM32M KERNEL("hello.bin"))
		VM("a123456789012345678901234567890",
		   "cpus = <3>;\n" MEM32M KERNEL("hello.bin"))
		END);

	assert_diag(&sink,
		"/Hello: name: \"Hello\": must be 1..31 characters of a-z 0-9 _ -",
		"/vm@1: name: \"vm@1\": must be 1..31 characters of a-z 0-9 _ -",
		"/a1234567890123456789012345678901: name: \"a1234567890123456789012345678901\": "
		"must be 1..31 characters of a-z 0-9 _ -");
	assert_int_equal(n, 1);
	assert_true(part.vm[3].valid);
	assert_string_equal(part.vm[3].path, "/a123456789012345678901234567890");
}

static void duplicate_name(void **state)
{
	/* dtc refuses duplicate node names; -f writes the tree anyway. */
	assert_int_equal(parse_opts(HDR HELLO
		VM("hello", "cpus = <1>;\n" MEM32M KERNEL("hello.bin")) END, "-f -qq"), 1);
	assert_diag(&sink, "/hello: name: \"hello\": already used by an earlier VM");
	assert_true(part.vm[0].valid);
	assert_false(part.vm[1].valid);
}

static void too_many_vms(void **state)
{
#define VMN(n) VM("vm" #n, "cpus = <0>;\n" MEM32M KERNEL("hello.bin"))
	assert_int_equal(parse(HDR VMN(0) VMN(1) VMN(2) VMN(3) VMN(4) VMN(5)
			       VMN(6) VMN(7) VMN(8) END), CFG_MAX_VMS);
#undef VMN
	assert_diag(&sink, "/vm8: compatible: \"septum,vm\": too many VMs (max 8)");
	assert_int_equal(part.nvms, CFG_MAX_VMS);
}

static void no_vms(void **state)
{
	assert_int_equal(parse(HDR END), 0);
	assert_diag(&sink, "/: vm: missing (no node compatible with \"septum,vm\")");
}

static void only_vm_misspelt(void **state)
{
	assert_int_equal(parse(HDR
		"hello {\ncompatible = \"septum,vn\";\ncpus = <0>;\n" MEM32M
		KERNEL("hello.bin") "};\n" END), 0);
	assert_diag(&sink,
		"/hello: compatible: \"septum,vn\": unknown (did you mean \"septum,vm\"?)",
		"/: vm: missing (no node compatible with \"septum,vm\")");
	assert_int_equal(part.nvms, 0);
}

static void compatible_not_a_string_list(void **state)
{
	assert_int_equal(parse(HDR HELLO "other { compatible = <1>; };\n" END), 1);
	assert_diag(&sink, "/other: compatible: 4 bytes: not a string list "
		    "(a node under / is a VM: compatible = \"septum,vm\")");
}

/* A VM among other compatibles is a VM; far from "septum,vm", no guess. */
static void compatible_list(void **state)
{
	assert_int_equal(parse(HDR
		"hello {\ncompatible = \"acme,hello\", \"septum,vm\";\ncpus = <0>;\n"
		MEM32M KERNEL("hello.bin") "};\n"
		"other { compatible = \"septum,vmm\", \"acme,other\"; };\n"
		"third { compatible = \"septum,vm-ng\"; };\n" END), 1);
	assert_diag(&sink,
		"/other: compatible: \"septum,vmm\", \"acme,other\": unknown "
		"(did you mean \"septum,vm\"?)",
		"/third: compatible: \"septum,vm-ng\": unknown "
		"(a node under / is a VM: compatible = \"septum,vm\")");
}

/* What any node may have is no typo, at the root or in a VM: phandle ... */
static void phandles_allowed(void **state)
{
	assert_int_equal(parse(HDR "phandle = <1>;\n"
		VM("hello", "cpus = <0>;\nphandle = <2>;\n"
		   "memory@40000000 { reg = <0 0x40000000 0 0x2000000>; linux,phandle = <3>; };\n"
		   "kernel { image = /incbin/(\"hello.bin\"); phandle = <4>; };\n")
		END), 1);
	assert_diag(&sink);
}

/* ... and name, which older trees carry (dtc drops it when it matches the
 * node name, so it is added here with libfdt). */
static void name_property_allowed(void **state)
{
	static char buf[64 * 1024];
	static const char *const nodes[] = { "/", "/hello", "/hello/memory@40000000",
					     "/hello/kernel" };

	assert_int_equal(parse(HDR HELLO END), 1);
	assert_int_equal(fdt_open_into(fdt, buf, sizeof(buf)), 0);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(fdt_setprop_string(buf, fdt_path_offset(buf, nodes[i]), "name",
						    strrchr(nodes[i], '/') + 1), 0);
	diag_sink_init(&sink);
	assert_int_equal(cfg_parse(buf, fdt_totalsize(buf), &part, &sink.d), 1);
	assert_diag(&sink);
}

/* dtc -@ adds __symbols__ for the labels: not a user's node. */
static void symbols_of_dtc_allowed(void **state)
{
	assert_int_equal(parse_opts(HDR "hi: " HELLO END, "-@"), 1);
	assert_int_not_equal(fdt_path_offset(fdt, "/__symbols__"), -FDT_ERR_NOTFOUND);
	assert_diag(&sink);
}

static void not_a_partition(void **state)
{
	assert_int_equal(parse("/dts-v1/;\n/ { compatible = \"acme,board\";\n"
			       HELLO END), -1);
	assert_diag(&sink, "/: compatible: \"acme,board\": not \"septum,partition\"");
}

static void not_an_fdt(void **state)
{
	static const char junk[64] = "junk";

	diag_sink_init(&sink);
	assert_int_equal(cfg_parse(junk, sizeof(junk), &part, &sink.d), -1);
	assert_diag(&sink, "/: header: FDT_ERR_BADMAGIC: not a valid device tree");
}

static void bad_vm_does_not_spoil_others(void **state)
{
	assert_int_equal(parse(HDR
		VM("hello", "cpus = <0>;\non-fault = \"explode\";\n" MEM32M
		   KERNEL("empty.bin"))
		HEARTBEAT END), 1);
	assert_diag(&sink,
		"/hello: on-fault: \"explode\": must be \"stop\" or \"restart\"",
		"/hello/kernel: image: 0 bytes: empty");
	assert_false(part.vm[0].valid);
	assert_true(part.vm[1].valid);
	assert_int_equal(validate(), 1);
	assert_diag(&sink);
	assert_true(part.vm[1].valid);
}

static void cpu_does_not_exist(void **state)
{
	assert_int_equal(parse_ok_validate(HDR
		VM("hello", "cpus = <0 7>;\n" MEM32M KERNEL("hello.bin"))
		HEARTBEAT END), 1);
	assert_diag(&sink, "/hello: cpus: 7: no such CPU (the board has 4)");
	assert_false(part.vm[0].valid);
	assert_true(part.vm[1].valid);
}

static void cpu_given_twice(void **state)
{
	assert_int_equal(parse_ok_validate(HDR
		VM("alpha", "cpus = <0 1>;\n" MEM32M KERNEL("hello.bin"))
		VM("beta", "cpus = <2 1>;\n" MEM32M KERNEL("hello.bin"))
		VM("gamma", "cpus = <2>;\n" MEM32M KERNEL("hello.bin"))
		END), 2);
	assert_diag(&sink, "/beta: cpus: 1: physical CPU already given to /alpha");
	assert_true(part.vm[0].valid);
	assert_false(part.vm[1].valid);
	/* beta was refused, so its CPU 2 is free for gamma. */
	assert_true(part.vm[2].valid);
}

static void host_memory_overlaps_other_vm(void **state)
{
	assert_int_equal(parse_ok_validate(HDR
		VM("alpha", "cpus = <0>;\n"
		   MEM_AT("40000000", "0 0x40000000 0 0x1000000", "0 0x48000000")
		   KERNEL("hello.bin"))
		VM("beta", "cpus = <1>;\n"
		   MEM_AT("40000000", "0 0x40000000 0 0x2000000", "0 0x48000000")
		   KERNEL("hello.bin"))
		END), 1);
	assert_diag(&sink,
		"/beta/memory@40000000: host-address: 0x48000000..0x49ffffff: "
		"overlaps /alpha/memory@40000000 (0x48000000..0x48ffffff)");
	assert_true(part.vm[0].valid);
	assert_false(part.vm[1].valid);
}

static void host_memory_outside_ram(void **state)
{
	assert_int_equal(parse_ok_validate(HDR
		VM("hello", "cpus = <0>;\n"
		   MEM_AT("40000000", "0 0x40000000 0 0x2000000", "0x2 0x00000000")
		   KERNEL("hello.bin"))
		VM("tail", "cpus = <1>;\n"
		   MEM_AT("40000000", "0 0x40000000 0 0x2000000", "0 0x7f000000")
		   KERNEL("hello.bin"))
		END), 0);
	assert_diag(&sink,
		"/hello/memory@40000000: host-address: 0x200000000: outside RAM "
		"(0x40000000..0x7fffffff)",
		"/tail/memory@40000000: host-address: 0x7f000000: outside RAM "
		"(0x40000000..0x7fffffff)");
}

static void host_memory_overlaps_hypervisor(void **state)
{
	assert_int_equal(parse_ok_validate(HDR
		VM("hello", "cpus = <0>;\n"
		   MEM_AT("40000000", "0 0x40000000 0 0x2000000", "0 0x40000000")
		   KERNEL("hello.bin"))
		END), 0);
	assert_diag(&sink,
		"/hello/memory@40000000: host-address: 0x40000000..0x41ffffff: "
		"overlaps the hypervisor (0x40000000..0x400fffff)",
		"/hello/memory@40000000: host-address: 0x40000000..0x41ffffff: "
		"overlaps the hypervisor (0x40200000..0x403fffff)");
}

static void host_memory_overlaps_board_reserved(void **state)
{
	assert_int_equal(parse_ok_validate(HDR
		VM("hello", "cpus = <0>;\n"
		   MEM_AT("40000000", "0 0x40000000 0 0x2000000", "0 0x7e000000")
		   KERNEL("hello.bin"))
		END), 0);
	assert_diag(&sink,
		"/hello/memory@40000000: host-address: 0x7e000000..0x7fffffff: "
		"overlaps reserved memory (0x7ff00000..0x7fffffff)");
}

static void memory_more_than_ram(void **state)
{
	assert_int_equal(parse_ok_validate(HDR
		VM("alpha", "cpus = <0>;\n" MEM("40000000", "0 0x40000000 0 0x20000000")
		   KERNEL("hello.bin"))
		VM("beta", "cpus = <1>;\n" MEM("40000000", "0 0x40000000 0 0x30000000")
		   KERNEL("hello.bin"))
		VM("gamma", "cpus = <2>;\n" MEM("40000000", "0 0x40000000 0 0x20000000")
		   KERNEL("hello.bin"))
		END), 2);
	assert_diag(&sink,
		"/beta/memory@40000000: reg: size 0x30000000: more than RAM has left "
		"(0x40000000 bytes, 0x20000000 given to earlier VMs)");
	assert_true(part.vm[0].valid);
	assert_false(part.vm[1].valid);
	assert_true(part.vm[2].valid);
}

/* The region that overflows RAM is named, after the VM's own earlier ones. */
static void memory_regions_of_one_vm_more_than_ram(void **state)
{
	assert_int_equal(parse_ok_validate(HDR
		VM("alpha", "cpus = <0>;\n" MEM("40000000", "0 0x40000000 0 0x30000000")
		   MEM("80000000", "0 0x80000000 0 0x20000000") KERNEL("hello.bin"))
		VM("beta", "cpus = <1>;\n" MEM("40000000", "0 0x40000000 0 0x40001000")
		   KERNEL("hello.bin"))
		END), 0);
	assert_diag(&sink,
		"/alpha/memory@80000000: reg: size 0x20000000: more than RAM has left "
		"(0x40000000 bytes, 0x30000000 given to earlier regions of /alpha)",
		"/beta/memory@40000000: reg: size 0x40001000: more than RAM holds "
		"(0x40000000 bytes)");
}

static void refused_vm_claims_nothing(void **state)
{
	assert_int_equal(parse_ok_validate(HDR
		VM("alpha", "cpus = <0 5>;\n"
		   MEM_AT("40000000", "0 0x40000000 0 0x1000000", "0 0x48000000")
		   KERNEL("hello.bin"))
		VM("beta", "cpus = <0>;\n"
		   MEM_AT("40000000", "0 0x40000000 0 0x1000000", "0 0x48000000")
		   KERNEL("hello.bin"))
		END), 1);
	assert_diag(&sink, "/alpha: cpus: 5: no such CPU (the board has 4)");
	assert_false(part.vm[0].valid);
	assert_true(part.vm[1].valid);
}

/* The example in dts/ parses and fits QEMU virt (-m 2G, -smp 4). */
static void example_fits_qemu_virt(void **state)
{
	char path[512], *dir;
	struct board virt;
	char *dts;

	snprintf(path, sizeof(path), "%s", __FILE__);
	dir = strrchr(path, '/');
	assert_non_null(dir);
	snprintf(dir, sizeof(path) - (size_t)(dir - path),
		 "/../../dts/qemu-virt-demo.dts");
	dts = dtc_read_file(path, NULL);
	assert_non_null(dts);
	assert_int_equal(parse(dts), 2);
	free(dts);
	assert_diag(&sink);
	/* Linux on CPUs 0-1, the RTOS on CPU 2, one channel between them. */
	assert_string_equal(part.vm[0].name, "linux");
	assert_int_equal(part.vm[0].nvcpus, 2);
	assert_int_equal(part.vm[0].mem[0].size, 512 << 20);
	assert_string_equal(part.vm[1].name, "rtos");
	assert_int_equal(part.vm[1].cpu[0], 2);
	assert_int_equal(part.vm[1].mem[0].size, 16 << 20);
	assert_int_equal(part.vm[0].nchan, 1);
	assert_int_equal(part.vm[1].nchan, 1);

	assert_int_equal(board_parse(dtc_qemu_virt(3), &virt, &sink.d), BOARD_OK);
	assert_int_equal(cfg_resolve(&part, dtc_qemu_virt(3), &virt, &sink.d), 2);
	assert_int_equal(cfg_validate(&part, &virt, &hyp, &sink.d), 2);
	assert_diag(&sink);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(initrd_goes_below_the_guest_device_tree),
		T(no_initrd_means_none),
		T(initrd_without_image),
		T(initrd_overlapping_the_kernel),
		T(initrd_default_place_overlapping_the_kernel),
		T(kernel_overlapping_the_guest_device_tree),
		T(first_region_too_small_for_the_device_tree),
		T(two_vms_exact_values),
		T(two_vms_validate),
		T(linux_image_defaults),
		T(linux_image_base_2m_aligned),
		T(linux_image_size_does_not_fit),
		T(image_too_large),
		T(image_outside_memory),
		T(image_must_fit_one_region),
		T(image_missing),
		T(image_empty),
		T(kernel_missing),
		T(entry_outside_image),
		T(load_and_entry_one_cell),
		T(reg_three_cells),
		T(reg_missing),
		T(memory_missing),
		T(size_zero),
		T(size_unaligned),
		T(addresses_unaligned_or_wrapping),
		T(host_address_one_cell),
		T(regions_overlap_within_vm),
		T(too_many_regions),
		T(cpus_missing),
		T(cpus_empty),
		T(cpus_duplicate),
		T(too_many_vcpus),
		T(cpu_beyond_any_board),
		T(on_fault_bad),
		T(bootargs_not_string),
		T(vm_cells_not_2),
		T(bad_names),
		T(duplicate_name),
		T(too_many_vms),
		T(no_vms),
		T(only_vm_misspelt),
		T(compatible_not_a_string_list),
		T(compatible_list),
		T(phandles_allowed),
		T(name_property_allowed),
		T(symbols_of_dtc_allowed),
		T(not_a_partition),
		T(not_an_fdt),
		T(bad_vm_does_not_spoil_others),
		T(cpu_does_not_exist),
		T(cpu_given_twice),
		T(host_memory_overlaps_other_vm),
		T(host_memory_outside_ram),
		T(host_memory_overlaps_hypervisor),
		T(host_memory_overlaps_board_reserved),
		T(memory_more_than_ram),
		T(memory_regions_of_one_vm_more_than_ram),
		T(refused_vm_claims_nothing),
		T(example_fits_qemu_virt),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
