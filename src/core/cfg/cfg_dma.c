/* SPDX-License-Identifier: MIT */
/*
 * DMA-capable devices (src/DESIGN.md, "DMA-capable devices"). A device
 * that reads and writes memory itself does so at the addresses the guest
 * gives it, guest physical addresses, and without an IOMMU nothing
 * translates or confines them: the VM's RAM must be identity-mapped (host
 * address = guest address) for the device to work, and the device can
 * reach all of physical memory, so the VM is trusted with the machine.
 *
 * A device is DMA-capable if the partition says so (dma = "yes"), else
 * unless it says otherwise (dma = "no"), if the board DT marks it with a
 * property only bus masters have, or if its compatible is a known bus
 * master. Nothing else counts.
 */
#include <libfdt.h>
#include "cfg_priv.h"
#include "dt.h"
#include "print.h"

/* Board DT properties that the DT bindings give only to bus masters. */
static const char *const dma_props[] = { "dma-coherent", "iommus", "iommu-map", NULL };

/* Bus masters whose board DT need not say so (on SoCs without coherent
 * DMA, such as the Raspberry Pi 4's, there is no dma-coherent): virtio
 * and QEMU's fw_cfg (its DMA interface), PCIe hosts (whatever sits behind
 * them), USB, Ethernet and SD/eMMC controllers, DMA engines. */
static const char *const dma_compatibles[] = {
	"virtio,mmio", "qemu,fw-cfg-mmio",
	"pci-host-ecam-generic", "pci-host-cam-generic", "brcm,bcm2711-pcie",
	"generic-xhci", "generic-ehci", "generic-ohci", "snps,dwc2", "snps,dwc3",
	"brcm,bcm2711-genet-v5", "cdns,macb", "snps,dwmac",
	"brcm,bcm2711-emmc2", "arasan,sdhci-5.1", "snps,dw-mshc",
	"arm,pl330", "arm,pl080", "brcm,bcm2835-dma",
	NULL,
};

/* The first entry of list that match says node has, or -1. */
static int first_match(const void *fdt, int node, const char *const *list, bool compat)
{
	for (int i = 0; list[i]; i++) {
		if (compat ? fdt_node_check_compatible(fdt, node, list[i]) == 0 :
			     dt_getprop(fdt, node, list[i], NULL) != NULL)
			return i;
	}
	return -1;
}

void cfg_dma_classify(const void *fdt, struct cfg_device *dev)
{
	int i;

	dev->dma = false;
	dev->dma_rule = CFG_DMA_UNKNOWN;
	if (dev->dma_said != CFG_DMA_UNSAID) {
		dev->dma = dev->dma_said == CFG_DMA_YES;
		dev->dma_rule = CFG_DMA_SAID;
	} else if ((i = first_match(fdt, dev->board_node, dma_props, false)) >= 0) {
		dev->dma = true;
		dev->dma_rule = CFG_DMA_PROPERTY;
		dev->dma_idx = (uint8_t)i;
	} else if ((i = first_match(fdt, dev->board_node, dma_compatibles, true)) >= 0) {
		dev->dma = true;
		dev->dma_rule = CFG_DMA_COMPATIBLE;
		dev->dma_idx = (uint8_t)i;
	}
}

const char *cfg_dma_windows(const void *fdt, const struct dt_lineage *l,
			    struct cfg_device *dev, int *bus)
{
	static const char *const why[] = {
		[DT_ADDR_OK] = "?",
		[DT_ADDR_CELLS] = "#address-cells/#size-cells beyond 2 in",
		[DT_ADDR_NORANGES] = "no dma-ranges in",
		[DT_ADDR_BADRANGES] = "a dma-ranges malformed, or of more than 4 entries, in",
		[DT_ADDR_OUTSIDE] = "a window outside the dma-ranges of",
	};
	int n;

	dev->ndma_win = 0;
	dev->dma_bus = -1;
	*bus = -1;
	if (!dev->dma)
		return NULL;
	n = dt_dma_windows(fdt, l, dev->dma_win, CFG_MAX_DMA_WINDOWS, bus);
	if (n < 0)
		return -n < (int)ARRAY_SIZE(why) ? why[-n] : "?";
	dev->ndma_win = (unsigned)n;
	dev->dma_bus = *bus;
	return NULL;
}

/* Does one of dev's DMA windows hold all of m (or has it none)? */
static bool dma_reaches(const struct cfg_device *dev, const struct cfg_mem *m)
{
	for (unsigned i = 0; i < dev->ndma_win; i++) {
		const struct dt_dma_window *w = &dev->dma_win[i];

		if (m->guest >= w->cpu && m->guest - w->cpu < w->size &&
		    m->size <= w->size - (m->guest - w->cpu))
			return true;
	}
	return dev->ndma_win == 0;
}

/* Reports identity-mapped region m, which dev cannot reach by DMA. */
static void report_unreached(struct diag *d, struct cfg_vm *vm, const struct cfg_mem *m,
			     const struct cfg_device *dev, const void *fdt)
{
	char win[4 * 44] = "", bus[CFG_PATH_MAX] = "?";
	size_t len = 0;

	for (unsigned i = 0; i < dev->ndma_win; i++)
		len += (size_t)format(win + len, sizeof(win) - len, "%s0x%llx..0x%llx",
				      i ? ", " : "", DT_U64(dev->dma_win[i].cpu),
				      DT_U64(dev->dma_win[i].cpu + dev->dma_win[i].size - 1));
	if (!fdt || fdt_get_path(fdt, dev->dma_bus, bus, sizeof(bus)) < 0)
		format(bus, sizeof(bus), "?");
	cfg_vm_fail(d, vm, m->name, "reg: 0x%llx..0x%llx: identity-mapped for DMA, but %s "
		    "reaches only %s by DMA (dma-ranges of %s): give this VM RAM there",
		    DT_U64(m->guest), DT_U64(m->guest + m->size - 1), dev->path, win, bus);
}

void cfg_dma_reach(struct diag *d, struct cfg_vm *vm, const void *fdt)
{
	for (unsigned j = 0; j < vm->nmem; j++) {
		const struct cfg_mem *m = &vm->mem[j];

		/* Identity-mapped: by cfg_dma_identity(), or the user's own. */
		if (!m->host_fixed || m->host != m->guest)
			continue;
		for (unsigned i = 0; i < vm->ndev; i++) {
			if (vm->dev[i].dma && !vm->dev[i].confined &&
			    !dma_reaches(&vm->dev[i], m)) {
				report_unreached(d, vm, m, &vm->dev[i], fdt);
				break;
			}
		}
	}
}

int cfg_vm_dma(const struct cfg_vm *vm)
{
	for (unsigned i = 0; i < vm->ndev; i++)
		if (vm->dev[i].dma && !vm->dev[i].confined)
			return (int)i;
	return -1;
}

const char *cfg_dma_reason(const struct cfg_device *dev, char *buf, size_t n)
{
	switch (dev->dma_rule) {
	case CFG_DMA_SAID:
		format(buf, n, "dma = \"%s\" in the partition", dev->dma ? "yes" : "no");
		break;
	case CFG_DMA_PROPERTY:
		format(buf, n, "%s in the board DT", dma_props[dev->dma_idx]);
		break;
	case CFG_DMA_COMPATIBLE:
		format(buf, n, "compatible \"%s\"", dma_compatibles[dev->dma_idx]);
		break;
	default:
		format(buf, n, "not a known bus master");
		break;
	}
	return buf;
}

const char *cfg_dma_list(const struct cfg_vm *vm, char *buf, size_t n)
{
	size_t len = 0;
	unsigned listed = 0, left = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < vm->ndev; i++) {
		const char *path = vm->dev[i].path;

		if (!vm->dev[i].dma || vm->dev[i].confined)
			continue;
		/* Room for this path and, after it, " and 16 more". */
		if (left || len + strlen(path) + 2 + 13 >= n) {
			left++;
			continue;
		}
		len += (size_t)format(buf + len, n - len, "%s%s", listed ? ", " : "", path);
		listed++;
	}
	if (left)
		format(buf + len, n - len, listed ? " and %u more" : "%u devices", left);
	return buf;
}

void cfg_dma_identity(struct diag *d, struct cfg_vm *vm)
{
	int i = cfg_vm_dma(vm);

	if (i < 0)
		return;
	for (unsigned j = 0; j < vm->nmem; j++) {
		struct cfg_mem *m = &vm->mem[j];

		if (!m->host_fixed) {
			m->host = m->guest;
			m->host_fixed = true;
			m->identity = true;
		} else if (m->host != m->guest) {
			cfg_vm_fail(d, vm, m->name, "host-address: 0x%llx: must be the guest "
				    "address 0x%llx (DMA by %s, no IOMMU): leave it out or make "
				    "it 0x%llx", DT_U64(m->host), DT_U64(m->guest), vm->dev[i].path,
				    DT_U64(m->guest));
		}
	}
}

void cfg_dma_mem_fail(struct diag *d, const struct cfg_vm *vm, const struct cfg_mem *m,
		      const char *but, const char *todo)
{
	int i = cfg_vm_dma(vm);

	diag_error(d, "%s/%s: reg: 0x%llx..0x%llx: identity-mapped for DMA by %s (no IOMMU), "
		   "but %s: %s", vm->path, m->name, DT_U64(m->guest),
		   DT_U64(m->guest + m->size - 1), i >= 0 ? vm->dev[i].path : "?", but, todo);
}
