/* SPDX-License-Identifier: MIT */
/*
 * The SMMUv3 and PCI functions in the configuration (board_iommu.c,
 * cfg_pci.c): the board's SMMU and ECAM host as QEMU virt with
 * iommu=smmuv3 describes them, a PCI function's BAR window and stream, a
 * confined device's VM placed anywhere, and the refusals. Exact values
 * and messages.
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

#define HDR \
	"/dts-v1/;\n/ {\ncompatible = \"septum,partition\";\n" \
	"#address-cells = <2>;\n#size-cells = <2>;\n"
#define END "};\n"
#define VM(name, cpu, mem, memprops, devices) \
	name " {\ncompatible = \"septum,vm\";\n#address-cells = <2>;\n" \
	"#size-cells = <2>;\ncpus = <" cpu ">;\n" \
	"memory@" mem " { reg = <0 0x" mem " 0 0x1000000>; " memprops "};\n" \
	"kernel { image = [1f 20 03 d5]; };\ndevices {\n" devices "};\n};\n"
#define PCI(name, rid, props) \
	name " { path = \"/pcie@10000000\"; pci-device = <" rid ">; " props "};\n"

/* QEMU 10 virt, iommu=smmuv3 (its nodes as dumpdtb gives them, trimmed);
 * a NIC behind the SMMU by iommus, for the platform case. */
static const char board_dts[] =
	"/dts-v1/;\n/ {\n"
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
	"smmu: smmuv3@9050000 { compatible = \"arm,smmu-v3\"; reg = <0 0x9050000 0 0x20000>;\n"
	" #iommu-cells = <1>; dma-coherent;\n"
	" interrupt-names = \"eventq\", \"priq\", \"cmdq-sync\", \"gerror\";\n"
	" interrupts = <0 0x4a 1 0 0x4b 1 0 0x4c 1 0 0x4d 1>; };\n"
	"pcie@10000000 { compatible = \"pci-host-ecam-generic\"; device_type = \"pci\";\n"
	" #address-cells = <3>; #size-cells = <2>; bus-range = <0 0xff>;\n"
	" reg = <0x40 0x10000000 0 0x10000000>; dma-coherent;\n"
	" ranges = <0x1000000 0 0 0 0x3eff0000 0 0x10000\n"
	"           0x2000000 0 0x10000000 0 0x10000000 0 0x2eff0000\n"
	"           0x3000000 0x80 0 0x80 0 0x80 0>;\n"
	" iommu-map = <0 &smmu 0 0x10000>;\n"
	" interrupt-map-mask = <0x1800 0 0 7>;\n"
	" interrupt-map = <0x1000 0 0 1 &gic 0 0 0 5 4  0x1000 0 0 2 &gic 0 0 0 6 4>; };\n"
	"nic@b100000 { compatible = \"vendor,nic\"; reg = <0 0xb100000 0 0x1000>;\n"
	" dma-coherent; iommus = <&smmu 0x300>; };\n"
	"dma@b200000 { compatible = \"vendor,dma\"; reg = <0 0xb200000 0 0x1000>;\n"
	" dma-coherent; iommus = <&smmu 0x300>; };\n"
	"};\n";

static const struct cfg_hyp_rsv hyp = {
	.n = 2,
	.r = { { 0x40200000, 0x2000000 }, { 0x48000000, 0x100000 } },
};

static struct cfg_fixture fx;

static int group_setup(void **state)
{
	return cfg_fixture_board(&fx, board_dts);
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

static void the_board_smmu_and_pcie_host_are_found(void **state)
{
	const struct board *b = &fx.board;

	assert_int_equal(b->smmu.regs.base, 0x9050000);
	assert_int_equal(b->smmu.regs.size, 0x20000);
	assert_int_equal(b->smmu.evt_intid, 32 + 0x4a);
	assert_int_equal(b->smmu.gerr_intid, 32 + 0x4d);
	assert_true(b->smmu.node >= 0);
	assert_int_equal(b->pci.ecam.base, 0x4010000000);
	assert_int_equal(b->pci.ecam.size, 0x10000000);
	assert_int_equal(b->pci.mem32.base, 0x10000000);
	assert_int_equal(b->pci.mem32.size, 0x2eff0000);
	assert_int_equal(b->pci.mem32_pci, 0x10000000);
	assert_true(b->pci.iommu);
	assert_int_equal(b->pci.rid_base, 0);
	assert_int_equal(b->pci.sid_base, 0);
	assert_int_equal(b->pci.rid_len, 0x10000);
	assert_int_equal(b->pci.intx_mask_hi, 0x1800);
	assert_int_equal(b->pci.nintx, 2);
	assert_int_equal(b->pci.intx[1].pin, 2);
	assert_int_equal(b->pci.intx[1].intid, 32 + 6);
}

static void a_confined_pci_function_needs_no_identity_map(void **state)
{
	const struct cfg_device *d;

	assert_int_equal(cfg_fixture_check(&fx, HDR VM("probe", "0", "60000000",
		"host-address = <0 0x4c000000>;", PCI("edu", "0x10",
		"guest-address = <0 0x20000000>;")) END, &hyp), 1);
	assert_diag(&fx.sink);
	d = &fx.part.vm[0].dev[0];
	assert_true(d->pci);
	assert_int_equal(d->pci_rid, 0x10);
	assert_true(d->dma);
	assert_true(d->confined);
	assert_int_equal(d->stream, 0x10);
	assert_int_equal(d->nreg, 1);
	assert_int_equal(d->reg[0].host, 0x10000000 + 0x10 * CFG_PCI_WINDOW);
	assert_int_equal(d->reg[0].guest, 0x20000000);
	assert_int_equal(d->reg[0].size, CFG_PCI_WINDOW);
	/* Slot 2's INTA, through interrupt-map. */
	assert_int_equal(d->nirq, 1);
	assert_int_equal(d->irq[0], 32 + 5);
	assert_int_equal(cfg_vm_dma(&fx.part.vm[0]), -1);
	assert_false(fx.part.vm[0].mem[0].identity);
}

static void a_pci_function_not_on_the_first_bus_is_refused(void **state)
{
	assert_int_equal(cfg_fixture_check(&fx, HDR VM("probe", "0", "60000000", "",
		PCI("edu", "0x110", "")) END, &hyp), 0);
	assert_diag(&fx.sink, "/probe/devices/edu: path: \"/pcie@10000000\": pci-device: only "
		    "functions on the host's first bus can be given");
}

static void pci_device_of_another_node_is_refused(void **state)
{
	assert_int_equal(cfg_fixture_check(&fx, HDR VM("probe", "0", "60000000", "",
		"edu { path = \"/nic@b100000\"; pci-device = <0x10>; };\n") END, &hyp), 0);
	assert_diag(&fx.sink, "/probe/devices/edu: path: \"/nic@b100000\": pci-device: the "
		    "path is not the board's generic ECAM PCIe host (pci-host-ecam-generic)");
}

static void the_smmu_is_septums(void **state)
{
	assert_int_equal(cfg_fixture_check(&fx, HDR VM("probe", "0", "60000000", "",
		"smmu { path = \"/smmuv3@9050000\"; };\n") END, &hyp), 0);
	assert_diag(&fx.sink, "/probe/devices/smmu: path: \"/smmuv3@9050000\": the SMMU, "
		    "which Septum owns");
}

static void two_vms_two_functions_one_function_once(void **state)
{
	assert_int_equal(cfg_fixture_check(&fx, HDR
		VM("a", "0", "50000000", "", PCI("edu", "0x10", ""))
		VM("b", "1", "60000000", "", PCI("edu", "0x18", "")) END, &hyp), 2);
	assert_diag(&fx.sink);
	assert_int_equal(fx.part.vm[1].dev[0].reg[0].host, 0x10000000 + 0x18 * CFG_PCI_WINDOW);
	assert_int_equal(fx.part.vm[1].dev[0].nirq, 0);   /* slot 3: not in the map */
	cfg_fixture_free(&fx, false);
	assert_int_equal(cfg_fixture_check(&fx, HDR
		VM("a", "0", "50000000", "", PCI("edu", "0x10", ""))
		VM("b", "1", "60000000", "", PCI("edu", "0x10", "")) END, &hyp), 1);
	assert_diag(&fx.sink, "/b/devices/edu: path: \"/pcie@10000000\": already given to /a "
		    "(as /a/devices/edu)");
}

static void one_vm_two_functions_of_one_host_each_once(void **state)
{
	assert_int_equal(cfg_fixture_check(&fx, HDR
		VM("a", "0", "50000000", "", PCI("disk", "0x10", "guest-address = <0 0x10000000>;")
		   PCI("net", "0x18", "guest-address = <0 0x10200000>;")) END, &hyp), 1);
	assert_diag(&fx.sink);
	assert_int_equal(fx.part.vm[0].ndev, 2);
	assert_int_equal(fx.part.vm[0].dev[1].reg[0].host, 0x10000000 + 0x18 * CFG_PCI_WINDOW);
	cfg_fixture_free(&fx, false);
	assert_int_equal(cfg_fixture_check(&fx, HDR
		VM("a", "0", "50000000", "", PCI("disk", "0x10", "") PCI("again", "0x10", ""))
		END, &hyp), 0);
	assert_diag(&fx.sink, "/a/devices/again: path: \"/pcie@10000000\": already listed as "
		    "/a/devices/disk");
}

static void a_platform_device_behind_the_smmu_is_confined(void **state)
{
	const struct cfg_device *d;

	assert_int_equal(cfg_fixture_check(&fx, HDR VM("net", "0", "60000000",
		"host-address = <0 0x4c000000>;",
		"nic { path = \"/nic@b100000\"; };\n") END, &hyp), 1);
	assert_diag(&fx.sink);
	d = &fx.part.vm[0].dev[0];
	assert_true(d->dma);
	assert_true(d->confined);
	assert_int_equal(d->stream, 0x300);
	assert_int_equal(cfg_vm_dma(&fx.part.vm[0]), -1);
}

static void two_vms_cannot_share_a_stream(void **state)
{
	assert_int_equal(cfg_fixture_check(&fx, HDR
		VM("a", "0", "50000000", "", "nic { path = \"/nic@b100000\"; };\n")
		VM("b", "1", "60000000", "", "dma { path = \"/dma@b200000\"; };\n") END,
		&hyp), 1);
	assert_diag(&fx.sink, "/b/devices/dma: path: \"/dma@b200000\": SMMU stream 0x300 is "
		    "also /a/devices/nic's: they cannot go to two VMs");
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, teardown)
	const struct CMUnitTest tests[] = {
		T(the_board_smmu_and_pcie_host_are_found),
		T(a_confined_pci_function_needs_no_identity_map),
		T(a_pci_function_not_on_the_first_bus_is_refused),
		T(pci_device_of_another_node_is_refused),
		T(the_smmu_is_septums),
		T(two_vms_two_functions_one_function_once),
		T(one_vm_two_functions_of_one_host_each_once),
		T(a_platform_device_behind_the_smmu_is_confined),
		T(two_vms_cannot_share_a_stream),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
