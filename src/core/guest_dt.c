/* SPDX-License-Identifier: MIT */
/*
 * The device tree each guest boots with, generated from its partition
 * entry so that nobody writes one by hand: memory, CPUs + PSCI, chosen.
 */
#include <libfdt.h>
#include <septum/channel.h>

#include "dt.h"
#include "guest_dt.h"
#include "sp805.h"
#include "vm.h"

const void *vm_board_fdt;

/* fdt_property_u64 pairs as <hi lo> cells. */
static int prop_reg(void *fdt, const char *name, uint64_t base, uint64_t size)
{
	fdt64_t v[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };

	return fdt_property(fdt, name, v, sizeof(v));
}

static int node_name(char *buf, size_t n, const char *prefix, uint64_t addr)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	char tmp[17];
	int t = 0;

	while (*prefix && i < n - 1)
		buf[i++] = *prefix++;
	do {
		tmp[t++] = hex[addr & 0xf];
		addr >>= 4;
	} while (addr);
	while (t && i < n - 1)
		buf[i++] = tmp[--t];
	buf[i] = '\0';
	return 0;
}

#define GIC_PHANDLE 1

/* The interrupt controller node (bindings: arm,gic-v3.yaml, arm,gic.yaml). */
static int gic_node(const struct vm *vm, void *fdt)
{
	const struct cfg_platform *pl = &vm->cfg->plat;
	char name[32];
	int err;

	node_name(name, sizeof(name), "intc@", pl->gicd.base);
	if ((err = fdt_begin_node(fdt, name)))
		return err;
	if (pl->gic_version == 3) {
		fdt64_t reg[4] = { cpu_to_fdt64(pl->gicd.base), cpu_to_fdt64(pl->gicd.size),
				   cpu_to_fdt64(pl->gicr.base), cpu_to_fdt64(pl->gicr.size) };

		err = fdt_property_string(fdt, "compatible", "arm,gic-v3") ?:
		      fdt_property(fdt, "reg", reg, sizeof(reg)) ?:
		      fdt_property_u32(fdt, "#redistributor-regions", 1);
	} else {
		fdt64_t reg[4] = { cpu_to_fdt64(pl->gicd.base), cpu_to_fdt64(pl->gicd.size),
				   cpu_to_fdt64(pl->gicc.base), cpu_to_fdt64(pl->gicc.size) };

		err = fdt_property_string(fdt, "compatible", "arm,cortex-a15-gic") ?:
		      fdt_property(fdt, "reg", reg, sizeof(reg));
	}
	return err ?: fdt_property_u32(fdt, "#interrupt-cells", DT_GIC_CELLS) ?:
	       fdt_property(fdt, "interrupt-controller", NULL, 0) ?:
	       fdt_property_u32(fdt, "phandle", GIC_PHANDLE) ?:
	       fdt_end_node(fdt);
}

/* Interrupt specifier <type number flags> for an INTID. On GICv2, PPI
 * flags carry the mask of CPUs that see it (bits 15:8). */
static void irq_spec(const struct vm *vm, uint32_t intid, fdt32_t out[3])
{
	uint32_t flags = DT_IRQ_LEVEL;

	if (intid < DT_GIC_SPI_BASE && vm->cfg->plat.gic_version == 2)
		flags |= ((1u << vm->nvcpus) - 1) << 8;
	out[0] = cpu_to_fdt32(intid < DT_GIC_SPI_BASE ? DT_GIC_PPI : DT_GIC_SPI);
	out[1] = cpu_to_fdt32(intid < DT_GIC_SPI_BASE ? intid - DT_GIC_PPI_BASE :
						       intid - DT_GIC_SPI_BASE);
	out[2] = cpu_to_fdt32(flags);
}

static int timer_node(const struct vm *vm, void *fdt)
{
	fdt32_t irqs[12];

	for (unsigned i = 0; i < 4; i++)
		irq_spec(vm, vm->cfg->plat.timer_intid[i], &irqs[3 * i]);
	return fdt_begin_node(fdt, "timer") ?:
	       fdt_property_string(fdt, "compatible", "arm,armv8-timer") ?:
	       fdt_property(fdt, "interrupts", irqs, sizeof(irqs)) ?:
	       fdt_property(fdt, "always-on", NULL, 0) ?:
	       fdt_end_node(fdt);
}

#define UART_CLOCK_PHANDLE 2
#define UART_CLOCK_HZ 24000000

/* The virtual UART's reference and bus clock: a fixed 24 MHz, as on QEMU
 * virt (the baud-rate registers' values in vuart.c assume it). */
static int uart_clock_node(void *fdt)
{
	return fdt_begin_node(fdt, "uart-clock") ?:
	       fdt_property_string(fdt, "compatible", "fixed-clock") ?:
	       fdt_property_u32(fdt, "#clock-cells", 0) ?:
	       fdt_property_u32(fdt, "clock-frequency", UART_CLOCK_HZ) ?:
	       fdt_property_string(fdt, "clock-output-names", "uartclk") ?:
	       fdt_property_u32(fdt, "phandle", UART_CLOCK_PHANDLE) ?:
	       fdt_end_node(fdt);
}

/* The virtual UART (vuart.h), a PL011: Linux's binding
 * (Documentation/devicetree/bindings/serial/pl011.yaml) wants both
 * clocks, the AMBA bus its apb_pclk. */
static int uart_node(const struct vm *vm, void *fdt, char *path, size_t n)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	fdt32_t clocks[2] = { cpu_to_fdt32(UART_CLOCK_PHANDLE), cpu_to_fdt32(UART_CLOCK_PHANDLE) };
	fdt32_t irq[3];

	node_name(path, n, "/uart@", vm->cfg->plat.uart.base);
	irq_spec(vm, vm->cfg->plat.uart_intid, irq);
	return uart_clock_node(fdt) ?:
	       fdt_begin_node(fdt, path + 1) ?:
	       fdt_property(fdt, "compatible", compat, sizeof(compat)) ?:
	       prop_reg(fdt, "reg", vm->cfg->plat.uart.base, vm->cfg->plat.uart.size) ?:
	       fdt_property(fdt, "interrupts", irq, sizeof(irq)) ?:
	       fdt_property(fdt, "clocks", clocks, sizeof(clocks)) ?:
	       fdt_property(fdt, "clock-names", clock_names, sizeof(clock_names)) ?:
	       fdt_property_u32(fdt, "current-speed", 115200) ?:
	       fdt_end_node(fdt);
}

#define WDOG_CLOCK_PHANDLE 3

/* The watchdog's clock: the SP805's WDOGCLK (sp805.h), also its bus
 * clock. */
static int wdog_clock_node(void *fdt)
{
	return fdt_begin_node(fdt, "wdog-clock") ?:
	       fdt_property_string(fdt, "compatible", "fixed-clock") ?:
	       fdt_property_u32(fdt, "#clock-cells", 0) ?:
	       fdt_property_u32(fdt, "clock-frequency", SP805_CLOCK_HZ) ?:
	       fdt_property_string(fdt, "clock-output-names", "wdogclk") ?:
	       fdt_property_u32(fdt, "phandle", WDOG_CLOCK_PHANDLE) ?:
	       fdt_end_node(fdt);
}

/* The VM's watchdog, an SP805 (sp805.h) as Linux's binding
 * (Documentation/devicetree/bindings/watchdog/arm,sp805.yaml) has it: two
 * clocks (the AMBA bus wants apb_pclk), no interrupt (its output is not
 * connected), and the partition's period as its default timeout (whole
 * seconds, at least 1: sp805_wdt reads timeout-sec). */
static int wdog_node(const struct vm *vm, void *fdt)
{
	static const char compat[] = "arm,sp805\0arm,primecell";
	static const char clock_names[] = "wdog_clk\0apb_pclk";
	fdt32_t clocks[2] = { cpu_to_fdt32(WDOG_CLOCK_PHANDLE), cpu_to_fdt32(WDOG_CLOCK_PHANDLE) };
	char name[32];

	node_name(name, sizeof(name), "watchdog@", vm->cfg->plat.wdog.base);
	return wdog_clock_node(fdt) ?:
	       fdt_begin_node(fdt, name) ?:
	       fdt_property(fdt, "compatible", compat, sizeof(compat)) ?:
	       prop_reg(fdt, "reg", vm->cfg->plat.wdog.base, vm->cfg->plat.wdog.size) ?:
	       fdt_property(fdt, "clocks", clocks, sizeof(clocks)) ?:
	       fdt_property(fdt, "clock-names", clock_names, sizeof(clock_names)) ?:
	       fdt_property_u32(fdt, "timeout-sec", MAX(vm->cfg->wdog.period_ms / 1000, 1u)) ?:
	       fdt_end_node(fdt);
}

/* Fixed clocks copied from the board for passed-through devices (board
 * phandle 0: made from the partition's clock-rates). */
struct guest_clocks {
	unsigned n;
	uint32_t board[CFG_MAX_DEVICES * CFG_MAX_DEV_CLKS];
	uint32_t guest[CFG_MAX_DEVICES * CFG_MAX_DEV_CLKS];
};

#define FIRST_CLOCK_PHANDLE 3

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && str_eq(s + n - t, tail);
}

/* Properties of a board device node that refer to other board nodes the
 * guest does not have (by board phandle: regulators, GPIO lines, power
 * sequencers, pin control, the node itself for gpio-ranges, whose drivers
 * then map all their pins themselves): dropped. */
static bool refers_elsewhere(const char *name)
{
	static const char *const names[] = {
		"phandle", "linux,phandle", "interrupt-parent", "status", "reg", "clocks",
		"assigned-clocks", "assigned-clock-parents", "assigned-clock-rates",
		"dmas", "dma-names", "resets", "reset-names", "power-domains",
		"interrupts-extended", "iommus", "msi-parent", "pinctrl-0", "pinctrl-1",
		"pinctrl-names", "mmc-pwrseq", "gpio-ranges",
	};

	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (str_eq(name, names[i]))
			return true;
	return ends_with(name, "-supply") || ends_with(name, "-gpios") ||
	       ends_with(name, "-gpio");
}

/* Copies the fixed clock with board phandle ph into the guest tree (once)
 * and returns its guest phandle, or 0 if it is not a plain fixed clock. */
static uint32_t copy_clock(void *fdt, uint32_t ph, struct guest_clocks *cl)
{
	static const char *const props[] = {
		"compatible", "#clock-cells", "clock-frequency", "clock-output-names",
	};
	const void *b = vm_board_fdt;
	int node = fdt_node_offset_by_phandle(b, ph);
	uint32_t gph;

	for (unsigned i = 0; i < cl->n; i++)
		if (cl->board[i] == ph)
			return cl->guest[i];
	if (node < 0 || fdt_node_check_compatible(b, node, "fixed-clock") ||
	    cl->n == ARRAY_SIZE(cl->board))
		return 0;
	gph = FIRST_CLOCK_PHANDLE + cl->n;
	if (fdt_begin_node(fdt, fdt_get_name(b, node, NULL)))
		return 0;
	for (unsigned i = 0; i < ARRAY_SIZE(props); i++) {
		int len;
		const void *v = dt_getprop(b, node, props[i], &len);

		if (v && fdt_property(fdt, props[i], v, len))
			return 0;
	}
	if (fdt_property_u32(fdt, "phandle", gph) || fdt_end_node(fdt))
		return 0;
	cl->board[cl->n] = ph;
	cl->guest[cl->n++] = gph;
	return gph;
}

/* A fixed clock of hz for a device (clock-rates): its guest phandle, 0 if
 * there is no room. */
static uint32_t rate_clock(void *fdt, const struct cfg_device *d, unsigned i, uint32_t hz,
			   struct guest_clocks *cl)
{
	char name[CFG_NODE_NAME_MAX + 16];
	uint32_t gph = FIRST_CLOCK_PHANDLE + cl->n;
	unsigned n = 0;

	if (cl->n == ARRAY_SIZE(cl->board))
		return 0;
	for (const char *p = "clock-"; *p; p++)
		name[n++] = *p;
	for (const char *p = d->name; *p && n < sizeof(name) - 4; p++)
		name[n++] = *p;
	name[n++] = '-';
	name[n++] = (char)('0' + i);
	name[n] = '\0';
	if (fdt_begin_node(fdt, name) ||
	    fdt_property_string(fdt, "compatible", "fixed-clock") ||
	    fdt_property_u32(fdt, "#clock-cells", 0) ||
	    fdt_property_u32(fdt, "clock-frequency", hz) ||
	    fdt_property_u32(fdt, "phandle", gph) || fdt_end_node(fdt))
		return 0;
	cl->board[cl->n] = 0;
	cl->guest[cl->n++] = gph;
	return gph;
}

/* The device's clocks in the guest, emitted as nodes of their own: fixed
 * clocks of the partition's rates, else the board's fixed clocks (none if
 * one is not fixed). Returns how many phandles are in clocks. */
static unsigned device_clocks(void *fdt, const struct cfg_device *d, struct guest_clocks *cl,
			      fdt32_t *clocks, unsigned max)
{
	int len;
	const fdt32_t *clk = dt_getprop(vm_board_fdt, d->board_node, "clocks", &len);
	unsigned n = 0;

	if (d->nclk) {
		for (unsigned i = 0; i < d->nclk && i < max; i++) {
			uint32_t g = rate_clock(fdt, d, i, d->clk_hz[i], cl);

			if (!g)
				return 0;
			clocks[n++] = cpu_to_fdt32(g);
		}
		return n;
	}
	for (int i = 0; clk && i < len / 4 && n < max; i++) {
		uint32_t g = copy_clock(fdt, fdt32_to_cpu(clk[i]), cl);

		if (!g)
			return 0;
		clocks[n++] = cpu_to_fdt32(g);
	}
	return n;
}

/* A bus around a device that reaches memory through dma-ranges: the
 * board's windows (CPU side: host = guest addresses, the VM's RAM being
 * identity-mapped), so that its driver gives it bus addresses. */
static int dma_bus_begin(void *fdt, const struct cfg_device *d, uint64_t at)
{
	fdt64_t r[3 * CFG_MAX_DMA_WINDOWS];
	char name[40];

	for (unsigned i = 0; i < d->ndma_win; i++) {
		r[3 * i] = cpu_to_fdt64(d->dma_win[i].bus);
		r[3 * i + 1] = cpu_to_fdt64(d->dma_win[i].cpu);
		r[3 * i + 2] = cpu_to_fdt64(d->dma_win[i].size);
	}
	node_name(name, sizeof(name), "dma-bus@", at);
	return fdt_begin_node(fdt, name) ?:
	       fdt_property_string(fdt, "compatible", "simple-bus") ?:
	       fdt_property_u32(fdt, "#address-cells", 2) ?:
	       fdt_property_u32(fdt, "#size-cells", 2) ?:
	       fdt_property(fdt, "ranges", NULL, 0) ?:
	       fdt_property(fdt, "dma-ranges", r, 24 * (int)d->ndma_win);
}

/* A passed-through device: the board's node, its reg moved to guest
 * addresses, its interrupts unchanged (the guest's GIC numbers them as the
 * board's does), its clocks fixed ones (device_clocks), references to
 * anything else the guest lacks dropped; inside a bus with the board's
 * dma-ranges if it has DMA windows. Clocks are emitted first, as siblings. */
static int device_node(const struct cfg_device *d, void *fdt, struct guest_clocks *cl)
{
	const void *b = vm_board_fdt;
	int node = d->board_node, len, off;
	fdt32_t clocks[8];
	unsigned nclk = device_clocks(fdt, d, cl, clocks, ARRAY_SIZE(clocks));
	const char *bname = fdt_get_name(b, node, NULL);
	uint64_t at = d->nreg ? d->reg[0].guest + d->reg[0].offset : 0;
	char name[64];
	unsigned n = 0;
	fdt64_t reg[2 * CFG_MAX_DEV_REGS];

	if (d->ndma_win && dma_bus_begin(fdt, d, at))
		return -1;
	while (bname[n] && bname[n] != '@' && n < sizeof(name) - 20)
		n++;
	for (unsigned i = 0; i < n; i++)
		name[i] = bname[i];
	node_name(name + n, sizeof(name) - n, "@", at);
	for (unsigned i = 0; i < d->nreg; i++) {
		reg[2 * i] = cpu_to_fdt64(d->reg[i].guest + d->reg[i].offset);
		reg[2 * i + 1] = cpu_to_fdt64(d->reg[i].reg_size);
	}
	if (fdt_begin_node(fdt, name) || fdt_property(fdt, "reg", reg, 16 * d->nreg))
		return -1;
	fdt_for_each_property_offset(off, b, node) {
		const char *pname;
		const void *v = fdt_getprop_by_offset(b, off, &pname, &len);

		if (!v || refers_elsewhere(pname) || (!nclk && str_eq(pname, "clock-names")))
			continue;
		if (fdt_property(fdt, pname, v, len))
			return -1;
	}
	if (nclk && fdt_property(fdt, "clocks", clocks, 4 * nclk))
		return -1;
	if (fdt_property_string(fdt, "status", "okay") || fdt_end_node(fdt))
		return -1;
	return d->ndma_win ? fdt_end_node(fdt) : 0;
}

/* An inter-VM channel (binding: the "septum,channel" node, README):
 * its region, the doorbell it receives, its number for SEPTUM_HC_DOORBELL,
 * which end it is, the per-direction capacity and the peer's name. */
static int channel_node(const struct vm *vm, unsigned i, void *fdt)
{
	const struct cfg_channel *ch = &vm->cfg->chan[i];
	char name[40];
	fdt32_t irq[3] = { cpu_to_fdt32(DT_GIC_SPI), cpu_to_fdt32(ch->intid - 32),
			   cpu_to_fdt32(1) /* edge rising */ };

	node_name(name, sizeof(name), "channel@", ch->guest);
	return fdt_begin_node(fdt, name) ?:
	       fdt_property_string(fdt, "compatible", "septum,channel") ?:
	       prop_reg(fdt, "reg", ch->guest, SEPTUM_CHAN_FOOTPRINT(ch->size)) ?:
	       fdt_property(fdt, "interrupts", irq, sizeof(irq)) ?:
	       fdt_property_u32(fdt, "septum,id", i) ?:
	       fdt_property_u32(fdt, "septum,end", vm->chan_end[i]) ?:
	       fdt_property_u64(fdt, "septum,size", ch->size) ?:
	       fdt_property_string(fdt, "septum,peer", ch->peer) ?:
	       fdt_property_string(fdt, "label", ch->name) ?:
	       fdt_end_node(fdt);
}

/* The VM's PCI host (binding: Linux's pci/host-generic-pci.yaml): the
 * emulated ECAM of one bus (vpci.h), one memory window per function (its
 * BARs' window, where Septum placed them: the guest address is the bus
 * address), INTA of each function whose line is the VM's, no msi-parent
 * (no ITS: Linux uses INTx), DMA coherent. /chosen says
 * linux,pci-probe-only: Linux keeps the BARs as they are (fixed). */
static int pci_node(const struct vpci *p, void *fdt)
{
	fdt32_t ranges[7 * CFG_MAX_DEVICES], imap[8 * CFG_MAX_DEVICES];
	fdt32_t mask[4] = { cpu_to_fdt32(0x1800), 0, 0, cpu_to_fdt32(7) };
	fdt32_t bus[2] = { 0, 0 };
	unsigned nr = 0, ni = 0;
	char name[32];

	for (unsigned i = 0; i < p->nfn; i++) {
		uint64_t w = p->fn[i].window;
		uint32_t space = w + CFG_PCI_WINDOW > (1ull << 32) ? 0x03000000 : 0x02000000;
		uint32_t r[7] = { space, (uint32_t)(w >> 32), (uint32_t)w, (uint32_t)(w >> 32),
				  (uint32_t)w, (uint32_t)(CFG_PCI_WINDOW >> 32),
				  (uint32_t)CFG_PCI_WINDOW };
		uint32_t m[8] = { i << 11, 0, 0, 1, GIC_PHANDLE, DT_GIC_SPI,
				  p->fn[i].intid - 32, 4 /* level high */ };

		for (unsigned k = 0; k < 7; k++)
			ranges[nr++] = cpu_to_fdt32(r[k]);
		for (unsigned k = 0; p->fn[i].intid && k < 8; k++)
			imap[ni++] = cpu_to_fdt32(m[k]);
	}
	node_name(name, sizeof(name), "pcie@", p->base);
	return fdt_begin_node(fdt, name) ?:
	       fdt_property_string(fdt, "compatible", "pci-host-ecam-generic") ?:
	       fdt_property_string(fdt, "device_type", "pci") ?:
	       prop_reg(fdt, "reg", p->base, VPCI_ECAM_SIZE) ?:
	       fdt_property(fdt, "bus-range", bus, sizeof(bus)) ?:
	       fdt_property_u32(fdt, "#address-cells", 3) ?:
	       fdt_property_u32(fdt, "#size-cells", 2) ?:
	       fdt_property_u32(fdt, "#interrupt-cells", 1) ?:
	       fdt_property(fdt, "ranges", ranges, 4 * (int)nr) ?:
	       fdt_property(fdt, "interrupt-map-mask", mask, sizeof(mask)) ?:
	       fdt_property(fdt, "interrupt-map", imap, 4 * (int)ni) ?:
	       fdt_property(fdt, "dma-coherent", NULL, 0) ?:
	       fdt_end_node(fdt);
}

static int build(const struct vm *vm, void *fdt, size_t size, uint32_t flags)
{
	const struct cfg_vm *c = vm->cfg;
	char name[32], uart_path[32];
	struct guest_clocks clocks = { 0 };
	int err = 0;

	node_name(uart_path, sizeof(uart_path), "/uart@", vm->cfg->plat.uart.base);
#define TRY(x) do { err = (x); if (err) return err; } while (0)
	TRY(fdt_create_with_flags(fdt, (int)size, flags));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_string(fdt, "compatible", "septum,guest"));
	TRY(fdt_property_string(fdt, "model", c->name));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_u32(fdt, "interrupt-parent", GIC_PHANDLE));

	TRY(fdt_begin_node(fdt, "chosen"));
	if (vm->cfg->plat.uart.size)
		TRY(fdt_property_string(fdt, "stdout-path", uart_path));
	if (c->bootargs)
		TRY(fdt_property_string(fdt, "bootargs", c->bootargs));
	if (c->initrd.data) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", c->initrd.load));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", c->initrd.load + c->initrd.size));
	}
	if (vm->vpci.nfn)
		TRY(fdt_property_u32(fdt, "linux,pci-probe-only", 1));
	TRY(fdt_end_node(fdt));

	for (unsigned i = 0; i < c->nmem; i++) {
		node_name(name, sizeof(name), "memory@", c->mem[i].guest);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "memory"));
		TRY(prop_reg(fdt, "reg", c->mem[i].guest, c->mem[i].size));
		TRY(fdt_end_node(fdt));
	}

	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		node_name(name, sizeof(name), "cpu@", i);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", "arm,armv8"));
		TRY(fdt_property_u32(fdt, "reg", i));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	TRY(fdt_end_node(fdt));

	TRY(fdt_begin_node(fdt, "psci"));
	TRY(fdt_property(fdt, "compatible", "arm,psci-1.0\0arm,psci-0.2",
			 sizeof("arm,psci-1.0\0arm,psci-0.2")));
	TRY(fdt_property_string(fdt, "method", "hvc"));
	TRY(fdt_end_node(fdt));

	TRY(gic_node(vm, fdt));
	TRY(timer_node(vm, fdt));
	if (vm->cfg->plat.uart.size)
		TRY(uart_node(vm, fdt, uart_path, sizeof(uart_path)));
	if (vm->cfg->plat.wdog.size)
		TRY(wdog_node(vm, fdt));
	for (unsigned i = 0; i < c->ndev; i++)
		if (!c->dev[i].pci)   /* PCI functions: under pci_node */
			TRY(device_node(&c->dev[i], fdt, &clocks));
	if (vm->vpci.nfn)
		TRY(pci_node(&vm->vpci, fdt));
	for (unsigned i = 0; i < c->nchan; i++)
		TRY(channel_node(vm, i, fdt));

	TRY(fdt_begin_node(fdt, "hypervisor"));
	TRY(fdt_property_string(fdt, "compatible", "septum,hypervisor"));
	TRY(fdt_end_node(fdt));

	TRY(fdt_end_node(fdt));
	TRY(fdt_finish(fdt));
#undef TRY
	return 0;
}

size_t guest_dt_build(const struct vm *vm, void *buf, size_t size)
{
	/* Each property's name written anew first (libfdt's search of the
	 * strings block for a name to share was half the build's time); the
	 * names shared only if that does not fit. */
	if (build(vm, buf, size, FDT_CREATE_FLAG_NO_NAME_DEDUP) && build(vm, buf, size, 0))
		return 0;
	return fdt_totalsize(buf);
}
