/* SPDX-License-Identifier: MIT */
/*
 * PCI functions given to a VM and SMMU streams (src/DESIGN.md, "SMMU").
 *
 * A PCI function (a devices entry with pci-device = <requester ID> and
 * path = the PCIe host) gets a window of CFG_PCI_WINDOW bytes: on the
 * bus, at the host's 32-bit memory window base + devfn * CFG_PCI_WINDOW,
 * where Septum places its memory BARs at boot (core/pci.c); in the VM at
 * guest-address (default: the same address). Only functions on the
 * host's first bus; I/O BARs are not given. Its INTA, through the host's
 * interrupt-map, is routed to the VM as a passed-through SPI (level: the
 * guest ends it); a function that uses another pin is not covered.
 *
 * A DMA-capable device is confined if its DMA goes through the board's
 * SMMU: a PCI function through the host's iommu-map, a platform device
 * through its iommus. Septum then gives its stream the VM's stage 2
 * (drivers/smmuv3.c), and the VM needs neither identity-mapped RAM nor
 * trust.
 */
#include <libfdt.h>
#include "cfg_priv.h"
#include "dt.h"

/* The StreamID behind rid, if the host's iommu-map covers it. */
static bool pci_stream(const struct board_pci *p, uint32_t rid, uint32_t *sid)
{
	if (!p->iommu || rid < p->rid_base || rid - p->rid_base >= p->rid_len)
		return false;
	*sid = p->sid_base + (rid - p->rid_base);
	return true;
}

/* The SPI of rid's INTA (pin 1), through the host's interrupt-map; 0 if
 * it has none. */
static uint32_t pci_inta(const struct board_pci *p, uint32_t rid)
{
	uint32_t hi = (rid << 8) & p->intx_mask_hi, pin = 1 & p->intx_mask_pin;

	for (unsigned i = 0; i < p->nintx; i++)
		if (p->intx[i].hi == hi && p->intx[i].pin == pin)
			return p->intx[i].intid;
	return 0;
}

const char *cfg_pci_place(const struct board *b, int node, struct cfg_device *dev,
			  bool by_default)
{
	const struct board_pci *p = &b->pci;
	uint32_t rid = dev->pci_rid, devfn = rid & 0xff;
	struct cfg_dev_reg *g = &dev->reg[0];

	if (node != p->node)
		return "pci-device: the path is not the board's generic ECAM PCIe host "
		       "(pci-host-ecam-generic)";
	if (rid >> 8 != p->bus_first)
		return "pci-device: only functions on the host's first bus can be given";
	if (!p->mem32.size || (devfn + 1) * CFG_PCI_WINDOW > p->mem32.size)
		return "pci-device: the host's 32-bit memory window has no room for its BARs";
	g->host = p->mem32.base + devfn * CFG_PCI_WINDOW;
	g->size = CFG_PCI_WINDOW;
	g->guest = by_default ? g->host : g->guest;
	g->offset = 0;
	g->reg_size = CFG_PCI_WINDOW;
	if (g->guest & (PAGE_SIZE - 1))
		return "guest-address: not 4 KiB aligned";
	dev->nreg = 1;
	dev->irq[0] = pci_inta(p, rid);
	dev->nirq = dev->irq[0] ? 1 : 0;
	dev->dma = true;
	dev->confined = b->smmu.node >= 0 && pci_stream(p, rid, &dev->stream);
	return NULL;
}

void cfg_iommu_stream(const void *fdt, const struct board *b, struct cfg_device *dev)
{
	int len;
	const fdt32_t *v = dt_getprop(fdt, dev->board_node, "iommus", &len);

	dev->confined = false;
	if (!v || len != 8 || b->smmu.node < 0 || fdt32_to_cpu(v[0]) != b->smmu.phandle)
		return;
	dev->confined = dev->dma;
	dev->stream = fdt32_to_cpu(v[1]);
}
