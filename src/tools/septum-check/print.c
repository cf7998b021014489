/* SPDX-License-Identifier: MIT */
/*
 * septum-check's report of a partition without problems: the board, the
 * build, the schedules and, per VM, what it gets (memory, images, devices
 * and whether their DMA is confined, interrupts, virtual platform,
 * console, watchdog, channels), in aligned label columns.
 */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "print.h"

#include <arch/image.h>

#define LABEL 12    /* the label column */

static const char *human(uint64_t n, char *buf, size_t size)
{
	if (n >= SZ_1G && n % SZ_1G == 0)
		snprintf(buf, size, "%llu GiB", DT_U64(n >> 30));
	else if (n >= (1u << 20) && n % (1u << 20) == 0)
		snprintf(buf, size, "%llu MiB", DT_U64(n >> 20));
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, size, "%llu KiB", DT_U64(n >> 10));
	else
		snprintf(buf, size, "%llu bytes", DT_U64(n));
	return buf;
}

/* "0x...-0x..." of a range. */
static const char *span(uint64_t base, uint64_t size, char *buf, size_t n)
{
	snprintf(buf, n, "0x%llx..0x%llx", DT_U64(base), DT_U64(base + size - 1));
	return buf;
}

/* Starts a row: the label, or blanks under the previous one. */
static void label(const char *l)
{
	printf("  %-*s", LABEL, l ? l : "");
}

/* The flags cell of the SPI with this INTID in node's interrupts. */
static uint32_t spec_flags(const void *fdt, int node, uint32_t intid, uint32_t dflt)
{
	int len;
	const fdt32_t *p = node >= 0 ? fdt_getprop(fdt, node, "interrupts", &len) : NULL;

	for (int i = 0; p && i + 3 <= len / 4; i += 3)
		if (fdt32_to_cpu(p[i]) == 0 && fdt32_to_cpu(p[i + 1]) + DT_GIC_SPI_BASE == intid)
			return fdt32_to_cpu(p[i + 2]);
	return dflt;
}

static void print_intid(uint32_t intid, uint32_t flags)
{
	printf("INTID %u (guest DT: <0 %u %u>)", intid, intid - DT_GIC_SPI_BASE, flags);
}

/* What Septum does with the console UART (src/DESIGN.md, "Console
 * UARTs"), in one line. */
static const char *uart_policy(const struct board_uart *u, char *buf, size_t n)
{
	const char *missing = !u->clock_hz ? "fixed reference clock" : "baud rate in stdout-path";
	int at = snprintf(buf, n, "%s", board_uart_name(u->kind));

	if (u->kind == BOARD_UART_8250)
		at += snprintf(buf + at, n - (size_t)at, " (reg-shift %u, %u-bit access)",
			       u->reg_shift, u->reg_width * 8);
	if (u->kind == BOARD_UART_BCM2835_AUX) {
		snprintf(buf + at, n - (size_t)at, ": line settings and baud rate as the "
			 "firmware set them (its clock is the VPU's)");
	} else if (u->kind == BOARD_UART_IMX) {
		snprintf(buf + at, n - (size_t)at, ": its receiver turned on; line settings and "
			 "baud rate as the firmware set them if it enabled it, else 8N1 at the "
			 "baud rate it has (its clock is the clock controller's)");
	} else if (u->kind == BOARD_UART_8250 && u->clock_hz && u->baud) {
		snprintf(buf + at, n - (size_t)at, ": Septum sets 8N1 at %u baud (%u Hz clock)",
			 u->baud, u->clock_hz);
	} else if (u->kind == BOARD_UART_8250) {
		snprintf(buf + at, n - (size_t)at, ": line settings and baud rate as the "
			 "firmware set them (the DT gives no %s)", missing);
	} else if (u->clock_hz && u->baud) {
		snprintf(buf + at, n - (size_t)at, ": left as set if the firmware enabled it, "
			 "else Septum sets 8N1 at %u baud (%u Hz clock) and enables it",
			 u->baud, u->clock_hz);
	} else {
		snprintf(buf + at, n - (size_t)at, ": left as set if the firmware enabled it, "
			 "else Septum enables it at 8N1 and the baud rate it has (the DT gives "
			 "no %s)", missing);
	}
	return buf;
}

/* Where a DMA-capable device's DMA reaches (board dma-ranges). */
static void print_windows(const struct cfg_device *d, const void *bfdt, int w)
{
	char bus[CFG_PATH_MAX] = "?";

	if (d->ndma_win && fdt_get_path(bfdt, d->dma_bus, bus, sizeof(bus)) < 0)
		strcpy(bus, "?");
	for (unsigned j = 0; j < d->ndma_win; j++) {
		const struct dt_dma_window *x = &d->dma_win[j];

		label(NULL);
		printf("%-*sDMA reaches 0x%llx..0x%llx as bus 0x%llx.. (dma-ranges of %s)\n", w,
		       "", DT_U64(x->cpu), DT_U64(x->cpu + x->size - 1), DT_U64(x->bus), bus);
	}
}

void print_board(const struct board *b, const void *bfdt, const char *desc,
		 const struct cfg_hyp_rsv *rsv, bool qemu)
{
	char s1[256], s2[32], path[CFG_PATH_MAX] = "?", gic[CFG_PATH_MAX] = "?";
	uint64_t ram = 0;

	for (unsigned i = 0; i < b->nmem; i++)
		ram += b->mem[i].size;
	if (b->uart_node >= 0)
		fdt_get_path(bfdt, b->uart_node, path, sizeof(path));
	if (b->gic.node >= 0)
		fdt_get_path(bfdt, b->gic.node, gic, sizeof(gic));
	label("board");
	printf("%s\n", desc);
	label(NULL);
	printf("%u CPUs, GICv%u, %s of RAM", b->ncpus, b->gic.version, human(ram, s2, sizeof(s2)));
	for (unsigned i = 0; i < b->nmem; i++)
		printf("%s%s", i ? ", " : " at ", span(b->mem[i].base, b->mem[i].size, s1, sizeof(s1)));
	printf("\n");
	label("build");
	printf("%s\n", host_hyp_aarch32 ? "arm32: the ARMv7-A Septum in HYP mode, AArch32 VMs" :
					  "aarch64: the AArch64 Septum at EL2");
	label("septum");
	printf("owns the GIC %s and the console UART %s (0x%llx, INTID %u)\n", gic, path,
	       DT_U64(b->uart.base), b->uart_intid);
	if (b->smmu.node >= 0) {
		fdt_get_path(bfdt, b->smmu.node, path, sizeof(path));
		label(NULL);
		printf("owns the SMMUv3 %s (0x%llx): devices behind it are confined to their "
		       "VM's memory%s\n", path, DT_U64(b->smmu.regs.base), host_hyp_aarch32 ?
		       " (not on the arm32 build: they are refused)" : "");
	}
	label("console");
	printf("%s\n", uart_policy(&b->uart_port, s1, sizeof(s1)));
	if (!rsv)
		return;
	label("assumed");
	printf("hypervisor image at %s (%s: its real size is not known here)\n",
	       span(rsv->r[0].base, rsv->r[0].size, s1, sizeof(s1)),
	       human(rsv->r[0].size, s2, sizeof(s2)));
	if (qemu && rsv->n > 1) {
		label(NULL);
		printf("boot DTB at %s (where QEMU puts it)\n",
		       span(rsv->r[1].base, rsv->r[1].size, s1, sizeof(s1)));
	}
}

static void print_images(const struct cfg_vm *vm)
{
	const struct cfg_image *k = &vm->kernel, *r = &vm->initrd;
	char s[32];

	label("kernel");
	printf("%s, %llu bytes", k->is_linux ? "Linux Image" : k->is_zimage ? "32-bit Linux zImage" :
		"raw binary", DT_U64(k->size));
	if (k->footprint > k->size)
		printf(" (occupies %s)", human(k->footprint, s, sizeof(s)));
	printf(", load 0x%llx, entry 0x%llx\n", DT_U64(k->load), DT_U64(k->entry));
	label("initrd");
	if (r->data)
		printf("%llu bytes, load 0x%llx\n", DT_U64(r->size), DT_U64(r->load));
	else
		printf("none\n");
	label("dtb");
	printf("64 KiB at 0x%llx%s\n", DT_U64(vm->dtb),
	       vm->dtb_given ? "" : " (the end of the first region)");
	if (vm->bootargs) {
		label("bootargs");
		printf("\"%s\"\n", vm->bootargs);
	}
	label("on-fault");
	printf("%s", vm->on_fault == CFG_ON_FAULT_RESTART ? "restart" : "stop");
	if (vm->restart_max)
		printf(", at most %u times within %u ms, then stop", vm->restart_max,
		       vm->restart_window_ms);
	printf("%s\n", vm->monitor ? "; monitors the other VMs' health" : "");
}

/* The watchdog (src/DESIGN.md, "Health monitor"). */
static void print_watchdog(const struct cfg_vm *vm)
{
	if (!vm->wdog.present)
		return;
	label("watchdog");
	printf("%u ms; SP805 at 0x%llx..0x%llx (guest DT \"arm,sp805\", timeout-sec %u), "
	       "and SEPTUM_HC_WDOG_KICK; watched on CPU %u\n", vm->wdog.period_ms,
	       DT_U64(vm->plat.wdog.base), DT_U64(vm->plat.wdog.base + vm->plat.wdog.size - 1),
	       MAX(vm->wdog.period_ms / 1000, 1u), vm->cpu[0]);
}

static int name_width(const struct cfg_vm *vm)
{
	size_t w = 8;

	for (unsigned i = 0; i < vm->nmem; i++)
		w = MAX(w, strlen(vm->mem[i].name));
	for (unsigned i = 0; i < vm->ndev; i++)
		w = MAX(w, strlen(vm->dev[i].name));
	for (unsigned i = 0; i < vm->nchan; i++)
		w = MAX(w, strlen(vm->chan[i].name));
	return (int)w + 2;
}

static void print_devices(const struct cfg_vm *vm, const void *bfdt, int w)
{
	char s1[64], s2[64];

	for (unsigned i = 0; i < vm->ndev; i++) {
		const struct cfg_device *d = &vm->dev[i];

		label(i ? NULL : "devices");
		printf("%-*s%s", w, d->name, d->path);
		if (d->pci)
			printf(" PCI %02x:%02x.%u (its BARs in the window below)", d->pci_rid >> 8,
			       (d->pci_rid >> 3) & 0x1f, d->pci_rid & 7);
		printf("%s\n", dt_enabled(bfdt, d->board_node) ? "" :
		       " (disabled in the board DT: given to the VM all the same)");
		for (unsigned j = 0; j < d->nreg; j++) {
			label(NULL);
			printf("%-*sguest %s -> host %s\n", w, "",
			       span(d->reg[j].guest, d->reg[j].size, s1, sizeof(s1)),
			       span(d->reg[j].host, d->reg[j].size, s2, sizeof(s2)));
		}
		for (unsigned j = 0; j < d->nirq; j++) {
			label(NULL);
			printf("%-*s", w, "");
			print_intid(d->irq[j], spec_flags(bfdt, d->board_node, d->irq[j], 4));
			printf("\n");
		}
		label(NULL);
		printf("%-*sDMA: %s (%s)", w, "", d->dma ? "yes" : "no",
		       cfg_dma_reason(d, s1, sizeof(s1)));
		if (d->dma)
			printf(d->confined ? ", confined: SMMU stream %#x, the VM's stage 2" :
			       ", not confined: no SMMU stream (reaches all memory)", d->stream);
		printf("\n");
		print_windows(d, bfdt, w);
		if (d->nclk) {
			label(NULL);
			printf("%-*sclocks:", w, "");
			for (unsigned j = 0; j < d->nclk; j++)
				printf(" %u Hz", d->clk_hz[j]);
			printf(" (fixed, from clock-rates)\n");
		}
	}
}

/* A VM with DMA-capable devices is trusted with the whole machine. */
static void print_trust(const struct cfg_vm *vm)
{
	char devs[CFG_MAX_DEVICES * (CFG_PATH_MAX + 2)];

	if (cfg_vm_dma(vm) < 0)
		return;
	label("trusted");
	printf("its DMA-capable devices (%s) can reach all of physical memory (no IOMMU)\n",
	       cfg_dma_list(vm, devs, sizeof(devs)));
}

static void print_console(const struct cfg_vm *vm, const struct board *b,
			  const void *pfdt, const void *bfdt)
{
	const struct cfg_console *c = &vm->console;
	int node = fdt_subnode_offset(pfdt, vm->node, "console");
	char s[64];

	label("console");
	if (!c->present) {
		printf("none\n");
		return;
	}
	printf("guest %s%s, ", span(vm->plat.uart.base, vm->plat.uart.size, s, sizeof(s)),
	       vm->plat.uart.base == b->uart.base ? " (the board UART's address)" : "");
	print_intid(vm->plat.uart_intid,
		    spec_flags(pfdt, node, vm->plat.uart_intid,
			       spec_flags(bfdt, b->uart_node, vm->plat.uart_intid, 4)));
	printf(", input: %s\n", c->input ? "yes" : "no");
}

static void print_channels(const struct partition *p, const struct cfg_vm *vm,
			   const void *pfdt, int w)
{
	int group = fdt_subnode_offset(pfdt, vm->node, "channels");
	char s1[64], s2[32];

	for (unsigned i = 0; i < vm->nchan; i++) {
		const struct cfg_channel *ch = &vm->chan[i];
		int node = fdt_subnode_offset(pfdt, group, ch->name);
		bool chosen = !fdt_getprop(pfdt, node, "interrupts", NULL);

		label(i ? NULL : "channels");
		printf("%-*speer %s%s, %s at guest %s\n", w, ch->name, ch->peer,
		       ch->peer_vm >= 0 && !p->vm[ch->peer_vm].valid ?
		       " (refused: no other end)" : "", human(ch->size, s2, sizeof(s2)),
		       span(ch->guest, ch->size, s1, sizeof(s1)));
		label(NULL);
		printf("%-*sdoorbell ", w, "");
		print_intid(ch->intid, spec_flags(pfdt, node, ch->intid, 1));
		printf("%s\n", chosen ? ", chosen by Septum" : "");
	}
}

/* The virtual GIC and timer, from the VM's platform (cfg.h). */
static void print_platform(const struct cfg_vm *vm)
{
	const struct cfg_platform *pl = &vm->plat;
	char s1[64], s2[64];

	label("vGIC");
	if (pl->gic_version == 3)
		printf("v3, distributor %s, redistributors %s\n",
		       span(pl->gicd.base, pl->gicd.size, s1, sizeof(s1)),
		       span(pl->gicr.base, pl->gicr.size, s2, sizeof(s2)));
	else
		printf("v2, distributor %s, CPU interface %s\n",
		       span(pl->gicd.base, pl->gicd.size, s1, sizeof(s1)),
		       span(pl->gicc.base, pl->gicc.size, s2, sizeof(s2)));
	label("timer");
	printf("virtual INTID %u, physical INTID %u (PPIs)\n", pl->timer_intid[2],
	       pl->timer_intid[1]);
}

static void print_vm(const struct partition *p, const struct cfg_vm *vm,
		     const struct board *b, const void *pfdt, const void *bfdt)
{
	int w = name_width(vm);
	char s1[64], s2[64], s3[32];

	printf("\nVM %s\n", vm->name);
	label("arch");
	printf("%s\n", vm->arch == CFG_ARCH_AARCH32 ? "AArch32 (EL1 in AArch32, SVC mode at entry)" :
							"AArch64");
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		label(i ? NULL : "vCPUs");
		printf("vCPU %u -> CPU %u (MPIDR 0x%llx)\n", i, vm->cpu[i],
		       DT_U64(b->cpu_mpidr[vm->cpu[i]]));
	}
	for (unsigned i = 0; i < vm->nmem; i++) {
		const struct cfg_mem *m = &vm->mem[i];

		label(i ? NULL : "memory");
		printf("%-*sguest %s -> host %s  %s, %s\n", w, m->name,
		       span(m->guest, m->size, s1, sizeof(s1)),
		       span(m->host, m->size, s2, sizeof(s2)), human(m->size, s3, sizeof(s3)),
		       m->identity ? "identity-mapped for DMA" :
		       !m->host_fixed ? "allocated" :
		       cfg_vm_dma(vm) >= 0 ? "fixed, identity-mapped for DMA" : "fixed");
	}
	print_trust(vm);
	print_images(vm);
	print_devices(vm, bfdt, w);
	for (unsigned i = 0; i < vm->nirq; i++) {
		label(i ? NULL : "interrupts");
		print_intid(vm->irq[i], spec_flags(pfdt, vm->node, vm->irq[i], 4));
		printf("\n");
	}
	print_platform(vm);
	print_console(vm, b, pfdt, bfdt);
	print_watchdog(vm);
	print_channels(p, vm, pfdt, w);
}

static void print_line(void *ctx, const char *line)
{
	printf("%s\n", line);
}

/* Each scheduled CPU's frame as a timeline, then each VM's share. */
static void print_schedules(const struct partition *p)
{
	bool any = false;

	for (unsigned cpu = 0; cpu < BOARD_MAX_CPUS; cpu++) {
		if (!p->sched[cpu].present)
			continue;
		if (!any)
			printf("\nSchedules (time partitions)\n");
		any = true;
		cfg_sched_timeline(p, cpu, print_line, NULL);
	}
	if (any)
		cfg_sched_shares(p, print_line, NULL);
}

void print_map(const char *prefix, const struct partition *p, const struct board *b,
	       const void *pfdt, const void *bfdt, const struct cfg_hyp_rsv *rsv,
	       const char *desc, bool qemu)
{
	printf("%s: %u VM(s), no problems\n\n", prefix, p->nvms);
	print_board(b, bfdt, desc, rsv, qemu);
	print_schedules(p);
	for (unsigned i = 0; i < p->nvms; i++)
		print_vm(p, &p->vm[i], b, pfdt, bfdt);
}

