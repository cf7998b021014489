/* SPDX-License-Identifier: MIT */
/*
 * Shared by the partition parser's files (cfg_parse.c, cfg_parse_image.c,
 * cfg_parse_io.c, cfg_known.c, cfg_resolve.c, cfg_validate.c); not for
 * other users of cfg.h.
 */
#ifndef SEPTUM_CFG_PRIV_H
#define SEPTUM_CFG_PRIV_H

#include <stdarg.h>
#include "cfg.h"

#define CFG_PATH_LEN 80   /* a VM node's path, even when its name is bad */

/* GIC interrupt specifier <type number flags> (bindings arm,gic.yaml and
 * arm,gic-v3.yaml): type 0 is an SPI, 1 a PPI; flags 1 = edge rising,
 * 4 = level high (the only trigger types a GIC SPI has). */

/* Parsing one VM of the partition FDT. */
struct pctx {
	const void *fdt;
	struct diag *d;
	struct cfg_vm *vm;
	char path[CFG_PATH_LEN];   /* of the VM node, even if its name is bad */
};

/* Reports "<path>[/<sub>]: <message>" and marks vm invalid. */
void cfg_vfail(struct diag *d, struct cfg_vm *vm, const char *path,
	       const char *sub, const char *fmt, va_list ap);

/* Reports a problem in the VM being parsed (or in its child node sub, a
 * path relative to the VM node) and marks it invalid. */
void cfg_fail(struct pctx *c, const char *sub, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same, for later steps: the VM is named by vm->path. */
void cfg_vm_fail(struct diag *d, struct cfg_vm *vm, const char *sub,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Parses /schedule (node) into p->sched[], after the VMs (cfg_sched.c):
 * each cpu@N's own checks; the VMs' side is cfg_sched_validate's. */
void cfg_sched_parse(const void *fdt, int node, struct partition *p, struct diag *d);
/* Checks the schedules against the VMs still valid: each window's vCPU
 * runs on that CPU (its cpus) and on no other schedule, each vCPU of a
 * scheduled CPU gets time. A VM on a CPU whose schedule fails is refused
 * (vm->valid = false). First step of cfg_validate. */
void cfg_sched_validate(struct partition *p, const struct board *b, struct diag *d);
/* Is s[0..len) 1..max characters of a-z 0-9 _ -? */
bool cfg_name_ok(const char *s, int len, int max);

/* Checks that [base, base+size) is 4 KiB aligned and does not wrap. */
bool cfg_check_span(struct pctx *c, const char *sub, const char *prop,
		    uint64_t base, uint64_t size);

/* Reads an optional 2-cell value; false (reported) if present but not
 * 8 bytes. *present says whether it is there. */
bool cfg_read_u64(struct pctx *c, int node, const char *sub, const char *prop,
		  uint64_t *v, bool *present);

/* Is name in the NULL-terminated list? */
bool cfg_listed(const char *name, const char *const *list);

/* Is name a property of a node whose binding lists props? phandle,
 * linux,phandle and name are always allowed. */
bool cfg_prop_known(const char *name, const char *const *props);

#define CFG_HINT_LEN 64   /* a hint; longer ones are cut */

/* Writes " (did you mean \"<entry>\"?)" into hint (n bytes) when an entry of
 * the NULL-terminated list is within two edits of name (one for entries
 * shorter than five characters), else ""; a node name's unit address is
 * kept ("memroy@0" -> "memory@0"). Returns hint. (cfg_known.c) */
const char *cfg_hint(char *hint, size_t n, const char *name, const char *const *list);

/* Reports every property of node not in the NULL-terminated list props
 * (see cfg_prop_known), with the closest known spelling, and,
 * unless children is true, every child node. sub names node for messages
 * (NULL: the VM node). */
void cfg_check_known(struct pctx *c, int node, const char *sub,
		     const char *const *props, bool children);

/* Parses a VM's kernel and initrd and places them in its memory, which
 * mem_ok says is usable (cfg_parse_image.c). */
void cfg_parse_images(struct pctx *c, bool mem_ok);

/* Parses a VM's health monitoring: its watchdog node, restart-limit and
 * monitor (cfg_parse_health.c); after its on-fault. */
void cfg_parse_health(struct pctx *c);

/* Parses a VM's devices, interrupts, console and channels (cfg_parse_io.c). */
void cfg_parse_io(struct pctx *c);

/* Reads an optional "<type number flags>" list of SPIs at most max long
 * into intid[]; *n is how many (0 if absent). Reports anything that is not
 * an SPI up to VM_MAX_INTID with a valid trigger type. */
bool cfg_parse_spis(struct pctx *c, int node, const char *sub, uint32_t *intid,
		    unsigned max, unsigned *n);

/* Decides whether dev, resolved to its board node in fdt, is DMA-capable
 * and why (dev->dma, dma_rule, dma_idx). (cfg_dma.c) */
void cfg_dma_classify(const void *fdt, struct cfg_device *dev);
/* A PCI function (dev->pci) behind the host at node: its BAR
 * window (reg[0]: guest-address, or by_default the bus address), DMA and
 * SMMU stream. NULL, or why it cannot be given. (cfg_pci.c) */
const char *cfg_pci_place(const struct board *b, int node, struct cfg_device *dev,
			  bool by_default);
/* A platform device's SMMU stream (its iommus names the board's SMMU):
 * sets dev->confined and dev->stream. After cfg_dma_classify. (cfg_pci.c) */
void cfg_iommu_stream(const void *fdt, const struct board *b, struct cfg_device *dev);

/* How many clocks the board node's "clocks" lists (0 if none), -1 if the
 * list does not parse (a phandle with no node or no #clock-cells). (cfg_clock.c) */
int cfg_board_clocks(const void *fdt, int node);

/* Reads the DMA windows of dev, resolved to the node at l->node[l->depth]
 * and classified, from the board's dma-ranges (dev->dma_win, none for a
 * device that is not DMA-capable): NULL, or why not (followed by the path
 * of *bus, the node at fault). (cfg_dma.c) */
const char *cfg_dma_windows(const void *fdt, const struct dt_lineage *l,
			    struct cfg_device *dev, int *bus);

/* Refuses the VM (each region reported) if an identity-mapped region of
 * its RAM is not all inside a DMA window of each of its DMA-capable
 * devices: their DMA would not reach it. fdt (the board's) names the bus. */
void cfg_dma_reach(struct diag *d, struct cfg_vm *vm, const void *fdt);

/* Gives a VM with a DMA-capable device identity-mapped RAM: each region
 * without host-address gets host = guest (identity); one whose
 * host-address is another is reported and the VM marked invalid. */
void cfg_dma_identity(struct diag *d, struct cfg_vm *vm);

/* Reports region m, identity-mapped for DMA, that cannot be placed there:
 * "... but <but>: <todo>". Does not mark the VM. */
void cfg_dma_mem_fail(struct diag *d, const struct cfg_vm *vm, const struct cfg_mem *m,
		      const char *but, const char *todo);

#endif /* SEPTUM_CFG_PRIV_H */
