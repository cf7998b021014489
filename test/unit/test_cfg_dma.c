/* SPDX-License-Identifier: MIT */
/*
 * DMA-capable devices (src/core/cfg/cfg_dma.c, cfg_place.c): which devices
 * count (the partition's dma property, board DT properties, known
 * compatibles), the identity-mapped RAM a VM with one gets, the refusals
 * when that RAM is not free, and placement that claims fixed RAM before it
 * allocates. Exact values and messages.
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
#include "palloc.h"

#define HDR \
	"/dts-v1/;\n/ {\ncompatible = \"septum,partition\";\n" \
	"#address-cells = <2>;\n#size-cells = <2>;\n"
#define END "};\n"
/* A VM on CPU cpu with one region of size at guest address mem; extra
 * lines in the region (host-address); devices. */
#define VM(name, cpu, mem, size, memprops, devices) \
	name " {\ncompatible = \"septum,vm\";\n#address-cells = <2>;\n" \
	"#size-cells = <2>;\ncpus = <" cpu ">;\n" \
	"memory@" mem " { reg = <0 0x" mem " 0 " size ">; " memprops "};\n" \
	"kernel { image = [1f 20 03 d5]; };\ndevices {\n" devices "};\n};\n"
#define DEV(name, path, props) name " { path = \"" path "\"; " props "};\n"
#define VIRTIO DEV("disk", "/virtio_mmio@a000000", "")
#define MB32 "0x2000000"

/* 1 GiB of RAM at 0x40000000 with 1 MiB reserved at 0x60000000; a virtio
 * transport (dma-coherent), a USB host known by its compatible, a device
 * behind an IOMMU, an RTC (no DMA). */
static const char board_dts[] =
	"/dts-v1/;\n/memreserve/ 0x60000000 0x100000;\n/ {\n"
	"#address-cells = <2>;\n#size-cells = <2>;\ninterrupt-parent = <&gic>;\n"
	"memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x40000000>; };\n"
	"cpus { #address-cells = <1>; #size-cells = <0>;\n"
	" cpu@0 { device_type = \"cpu\"; reg = <0>; };\n"
	" cpu@1 { device_type = \"cpu\"; reg = <1>; }; };\n"
	"gic: intc@8000000 { compatible = \"arm,gic-v3\"; interrupt-controller;\n"
	" #interrupt-cells = <3>;\n"
	" reg = <0 0x08000000 0 0x10000 0 0x080a0000 0 0xf60000>; interrupts = <1 9 4>; };\n"
	"pl011@9000000 { compatible = \"arm,pl011\"; reg = <0 0x09000000 0 0x1000>;\n"
	" interrupts = <0 1 4>; };\n"
	"pl031@9010000 { compatible = \"arm,pl031\", \"arm,primecell\";\n"
	" reg = <0 0x09010000 0 0x1000>; interrupts = <0 2 4>; };\n"
	"virtio_mmio@a000000 { compatible = \"virtio,mmio\"; reg = <0 0xa000000 0 0x1000>;\n"
	" interrupts = <0 16 1>; dma-coherent; };\n"
	"usb@b000000 { compatible = \"vendor,usb\", \"generic-xhci\";\n"
	" reg = <0 0xb000000 0 0x1000>; interrupts = <0 20 4>; };\n"
	"nic@b100000 { compatible = \"vendor,nic\"; reg = <0 0xb100000 0 0x1000>;\n"
	" iommus = <1 2>; };\n"
	"};\n";

/* The hypervisor's image at 0x40200000 (32 MiB) and the boot DTB at
 * 0x48000000, where QEMU -kernel puts them. */
static const struct cfg_hyp_rsv hyp = {
	.n = 2,
	.r = { { 0x40200000, 0x2000000 }, { 0x48000000, 0x100000 } },
};

static struct cfg_fixture fx;
static struct palloc ram;

static int group_setup(void **state)
{
	return cfg_fixture_board(&fx, board_dts) == 0 && fx.board.nrsv == 1 ? 0 : -1;
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

/* Free RAM as at boot: the board's less its reserved ranges and the
 * hypervisor's; less the top 2 MiB (Septum's translation tables). */
static void init_ram(void)
{
	palloc_init(&ram);
	assert_int_equal(palloc_add(&ram, pa_init(0x40000000), 0x40000000), PALLOC_OK);
	assert_int_equal(palloc_remove(&ram, pa_init(0x60000000), 0x100000), PALLOC_OK);
	for (unsigned i = 0; i < hyp.n; i++)
		assert_int_equal(palloc_remove(&ram, pa_init(hyp.r[i].base), hyp.r[i].size),
				 PALLOC_OK);
	assert_int_equal(palloc_remove(&ram, pa_init(0x7fe00000), 0x200000), PALLOC_OK);
}

/* check(), then cfg_place() in init_ram()'s RAM. */
static int check_and_place(const char *dts)
{
	check(dts);
	init_ram();
	return cfg_place(&fx.part, &ram, &fx.sink.d);
}

static const char *reason(const struct cfg_device *dev)
{
	static char buf[64];

	return cfg_dma_reason(dev, buf, sizeof(buf));
}

static void assert_identity(const struct cfg_mem *m, uint64_t at)
{
	assert_int_equal(m->guest, at);
	assert_int_equal(m->host, at);
	assert_true(m->host_fixed);
	assert_true(m->identity);
}

static void dma_coherent_in_the_board_dt_makes_it_dma_capable(void **state)
{
	assert_int_equal(check_and_place(HDR VM("linux", "0", "50000000", MB32, "", VIRTIO)
		END), 1);
	assert_diag(&fx.sink);
	assert_true(fx.part.vm[0].dev[0].dma);
	assert_int_equal(fx.part.vm[0].dev[0].dma_rule, CFG_DMA_PROPERTY);
	assert_string_equal(reason(&fx.part.vm[0].dev[0]), "dma-coherent in the board DT");
	assert_int_equal(cfg_vm_dma(&fx.part.vm[0]), 0);
	assert_identity(&fx.part.vm[0].mem[0], 0x50000000);
	/* Placed there: that RAM is no longer free. */
	assert_int_equal(palloc_claim(&ram, pa_init(0x50000000), 0x1000), PALLOC_EBUSY);
}

static void a_known_compatible_makes_it_dma_capable(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "50000000", MB32, "",
		DEV("usb", "/usb@b000000", "")) END), 1);
	assert_diag(&fx.sink);
	assert_true(fx.part.vm[0].dev[0].dma);
	assert_string_equal(reason(&fx.part.vm[0].dev[0]), "compatible \"generic-xhci\"");
	assert_identity(&fx.part.vm[0].mem[0], 0x50000000);
}

static void iommus_in_the_board_dt_makes_it_dma_capable(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "50000000", MB32, "",
		DEV("nic", "/nic@b100000", "")) END), 1);
	assert_true(fx.part.vm[0].dev[0].dma);
	assert_string_equal(reason(&fx.part.vm[0].dev[0]), "iommus in the board DT");
	assert_identity(&fx.part.vm[0].mem[0], 0x50000000);
}

/* A VM with only devices that do no DMA is placed as before. */
static void other_devices_leave_memory_to_the_allocator(void **state)
{
	const struct cfg_mem *m = &fx.part.vm[0].mem[0];

	assert_int_equal(check_and_place(HDR VM("linux", "0", "50000000", MB32, "",
		DEV("rtc", "/pl031@9010000", "")) END), 1);
	assert_diag(&fx.sink);
	assert_false(fx.part.vm[0].dev[0].dma);
	assert_string_equal(reason(&fx.part.vm[0].dev[0]), "not a known bus master");
	assert_int_equal(cfg_vm_dma(&fx.part.vm[0]), -1);
	assert_false(m->identity);
	assert_false(m->host_fixed);
	/* Lowest 2 MiB aligned free range: after the hypervisor's image. */
	assert_int_equal(m->host, 0x42200000);
}

static void the_partition_says_no(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "50000000", MB32, "",
		DEV("disk", "/virtio_mmio@a000000", "dma = \"no\";")) END), 1);
	assert_diag(&fx.sink);
	assert_false(fx.part.vm[0].dev[0].dma);
	assert_string_equal(reason(&fx.part.vm[0].dev[0]), "dma = \"no\" in the partition");
	assert_false(fx.part.vm[0].mem[0].host_fixed);
}

static void the_partition_says_yes(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "50000000", MB32, "",
		DEV("rtc", "/pl031@9010000", "dma = \"yes\";")) END), 1);
	assert_diag(&fx.sink);
	assert_true(fx.part.vm[0].dev[0].dma);
	assert_string_equal(reason(&fx.part.vm[0].dev[0]), "dma = \"yes\" in the partition");
	assert_identity(&fx.part.vm[0].mem[0], 0x50000000);
}

static void the_partition_says_something_else(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "50000000", MB32, "",
		DEV("rtc", "/pl031@9010000", "dma = \"maybe\";")) END), 0);
	assert_diag(&fx.sink, "/linux/devices/rtc: dma: \"maybe\": must be \"yes\" or \"no\"");
}

/* The user's own identity mapping stays theirs (host-address messages). */
static void host_address_at_the_guest_address_is_kept(void **state)
{
	const struct cfg_mem *m = &fx.part.vm[0].mem[0];

	assert_int_equal(check(HDR VM("linux", "0", "50000000", MB32,
		"host-address = <0 0x50000000>; ", VIRTIO) END), 1);
	assert_diag(&fx.sink);
	assert_int_equal(m->host, 0x50000000);
	assert_true(m->host_fixed);
	assert_false(m->identity);
}

static void host_address_elsewhere_is_refused(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "50000000", MB32,
		"host-address = <0 0x58000000>; ", VIRTIO) END), 0);
	assert_diag(&fx.sink, "/linux/memory@50000000: host-address: 0x58000000: must be the "
		    "guest address 0x50000000 (DMA by /virtio_mmio@a000000, no IOMMU): leave "
		    "it out or make it 0x50000000");
}

static void identity_over_septums_image_is_refused(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "40000000", MB32, "", VIRTIO) END), 0);
	assert_diag(&fx.sink, "/linux/memory@40000000: reg: 0x40000000..0x41ffffff: "
		    "identity-mapped for DMA by /virtio_mmio@a000000 (no IOMMU), but Septum is "
		    "loaded at 0x40200000: give this VM other RAM or load Septum elsewhere "
		    "(septum-check --load)");
}

static void identity_over_the_boot_dtb_is_refused(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "47000000", MB32, "", VIRTIO) END), 0);
	assert_diag(&fx.sink, "/linux/memory@47000000: reg: 0x47000000..0x48ffffff: "
		    "identity-mapped for DMA by /virtio_mmio@a000000 (no IOMMU), but Septum's "
		    "boot DTB or initrd is at 0x48000000: give this VM other RAM");
}

static void identity_over_reserved_memory_is_refused(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "5f000000", MB32, "", VIRTIO) END), 0);
	assert_diag(&fx.sink, "/linux/memory@5f000000: reg: 0x5f000000..0x60ffffff: "
		    "identity-mapped for DMA by /virtio_mmio@a000000 (no IOMMU), but reserved "
		    "memory is at 0x60000000: give this VM other RAM");
}

static void identity_outside_ram_is_refused(void **state)
{
	assert_int_equal(check(HDR VM("linux", "0", "10000000", MB32, "", VIRTIO) END), 0);
	assert_diag(&fx.sink, "/linux/memory@10000000: reg: 0x10000000..0x11ffffff: "
		    "identity-mapped for DMA by /virtio_mmio@a000000 (no IOMMU), but not in "
		    "RAM (0x40000000..0x7fffffff): give this VM guest addresses in RAM");
}

/* Two VMs want the same RAM: the later is refused, the earlier starts. */
static void identity_over_another_vms_memory_is_refused(void **state)
{
	assert_int_equal(check(HDR
		VM("alpha", "0", "50000000", MB32, "", VIRTIO)
		VM("beta", "1", "51000000", MB32, "", DEV("usb", "/usb@b000000", "")) END), 1);
	assert_true(fx.part.vm[0].valid);
	assert_false(fx.part.vm[1].valid);
	assert_diag(&fx.sink, "/beta/memory@51000000: reg: 0x51000000..0x52ffffff: "
		    "identity-mapped for DMA by /usb@b000000 (no IOMMU), but "
		    "/alpha/memory@50000000 is at 0x50000000: give one of them other RAM");
}

/* An earlier VM's allocation does not take the RAM that a later VM's
 * identity mapping needs: fixed regions are claimed first. */
static void fixed_memory_is_claimed_before_anything_is_allocated(void **state)
{
	const struct cfg_mem *a = &fx.part.vm[0].mem[0], *b = &fx.part.vm[1].mem[0];

	/* Alone, alpha's 256 MiB would go at 0x48200000..0x581fffff. */
	assert_int_equal(check_and_place(HDR
		VM("alpha", "0", "80000000", "0x10000000", "", "")
		VM("beta", "1", "50000000", MB32, "", VIRTIO) END), 2);
	assert_diag(&fx.sink);
	assert_identity(b, 0x50000000);
	assert_false(a->host_fixed);
	/* The first 2 MiB aligned 256 MiB free after beta's and the reserved
	 * 1 MiB at 0x60000000. */
	assert_int_equal(a->host, 0x60200000);
}

/* RAM that Septum took for itself at boot (its translation tables, at
 * the top) cannot be identity-mapped; the other VM is placed. */
static void identity_over_septums_own_memory_is_refused_at_placement(void **state)
{
	assert_int_equal(check_and_place(HDR
		VM("alpha", "0", "50000000", MB32, "", DEV("rtc", "/pl031@9010000", ""))
		VM("beta", "1", "7f000000", "0x1000000", "", VIRTIO) END), 1);
	assert_true(fx.part.vm[0].valid);
	assert_false(fx.part.vm[1].valid);
	assert_diag(&fx.sink, "/beta/memory@7f000000: reg: 0x7f000000..0x7fffffff: "
		    "identity-mapped for DMA by /virtio_mmio@a000000 (no IOMMU), but it is not "
		    "all free RAM (Septum takes its own from the top): give this VM other RAM");
	/* Nothing of beta's is kept: its RAM is free again. */
	assert_int_equal(palloc_claim(&ram, pa_init(0x7f000000), 0xe00000), PALLOC_OK);
}

/* The list the boot log and septum-check print: as many as fit. */
static void the_list_of_dma_devices_counts_what_does_not_fit(void **state)
{
	char buf[56], big[128];

	assert_int_equal(check(HDR VM("linux", "0", "50000000", MB32, "",
		VIRTIO DEV("rtc", "/pl031@9010000", "") DEV("usb", "/usb@b000000", "")
		DEV("nic", "/nic@b100000", "")) END), 1);
	assert_string_equal(cfg_dma_list(&fx.part.vm[0], buf, sizeof(buf)),
			    "/virtio_mmio@a000000, /usb@b000000 and 1 more");
	assert_string_equal(cfg_dma_list(&fx.part.vm[0], buf, 24), "3 devices");
	assert_string_equal(cfg_dma_list(&fx.part.vm[0], big, sizeof(big)),
			    "/virtio_mmio@a000000, /usb@b000000, /nic@b100000");
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, teardown)
	const struct CMUnitTest tests[] = {
		T(dma_coherent_in_the_board_dt_makes_it_dma_capable),
		T(a_known_compatible_makes_it_dma_capable),
		T(iommus_in_the_board_dt_makes_it_dma_capable),
		T(other_devices_leave_memory_to_the_allocator),
		T(the_partition_says_no),
		T(the_partition_says_yes),
		T(the_partition_says_something_else),
		T(host_address_at_the_guest_address_is_kept),
		T(host_address_elsewhere_is_refused),
		T(identity_over_septums_image_is_refused),
		T(identity_over_the_boot_dtb_is_refused),
		T(identity_over_reserved_memory_is_refused),
		T(identity_outside_ram_is_refused),
		T(identity_over_another_vms_memory_is_refused),
		T(fixed_memory_is_claimed_before_anything_is_allocated),
		T(identity_over_septums_own_memory_is_refused_at_placement),
		T(the_list_of_dma_devices_counts_what_does_not_fit),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
