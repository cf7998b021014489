/* SPDX-License-Identifier: MIT */
/*
 * The partition description: which VMs exist, parsed from a device tree
 * (binding: dts/bindings/septum,partition.yaml) into plain structs and then
 * validated against the board. After boot the FDT is never consulted again,
 * except that image data is read from where the description holds it.
 *
 * The same code runs in the hypervisor at boot and in the host checker.
 */
#ifndef SEPTUM_CFG_H
#define SEPTUM_CFG_H

#include "board.h"
#include "diag.h"
#include "types.h"

#define CFG_MAX_VMS 8
#define CFG_MAX_VCPUS 8
#define CFG_MAX_MEM 4
#define CFG_NAME_MAX 32   /* including the NUL */
#define CFG_NODE_NAME_MAX 32  /* memory node name, including the NUL */

enum cfg_fault_policy { CFG_ON_FAULT_STOP, CFG_ON_FAULT_RESTART };

struct cfg_mem {
	uint64_t guest;       /* guest physical (IPA) base */
	uint64_t size;
	uint64_t host;        /* physical base; valid if host_fixed, else filled
	                       * in by the allocator before the VM is built */
	bool host_fixed;
	char name[CFG_NODE_NAME_MAX]; /* node name, e.g. "memory@40000000" */
};

/* Each VM's generated device tree sits in the last 64 KiB of its first
 * memory region. */
#define CFG_GUEST_DT_SIZE (64 * 1024)

struct cfg_image {
	const void *data;     /* points into the partition FDT; NULL if absent */
	uint64_t size;
	uint64_t footprint;   /* bytes it occupies once loaded (>= size) */
	uint64_t load;        /* IPA where the image is copied */
	uint64_t entry;       /* IPA of the first instruction */
	bool is_linux;        /* carries the arm64 Image header */
};

#define CFG_MAX_DEVICES 8
#define CFG_MAX_DEV_REGS 4
#define CFG_MAX_DEV_IRQS 8
#define CFG_MAX_IRQS 16
#define CFG_MAX_CHANNELS 8

struct cfg_dev_reg { uint64_t host; uint64_t size; uint64_t guest; };

struct cfg_device {
	char name[CFG_NODE_NAME_MAX];
	char path[96];
	int board_node;
	unsigned nreg;
	struct cfg_dev_reg reg[CFG_MAX_DEV_REGS];
	unsigned nirq;
	uint32_t irq[CFG_MAX_DEV_IRQS];
};

struct cfg_console { bool present; uint64_t guest; uint32_t intid; bool input; };

struct cfg_channel {
	char name[CFG_NODE_NAME_MAX];
	char peer[CFG_NAME_MAX];
	int peer_vm;
	uint64_t size;
	uint64_t guest;
	uint32_t intid;
};

struct cfg_vm {
	char name[CFG_NAME_MAX];
	char path[CFG_NAME_MAX + 1];  /* node path, for messages */
	unsigned nvcpus;
	uint8_t cpu[CFG_MAX_VCPUS];   /* vCPU i runs on physical CPU cpu[i] */
	unsigned nmem;
	struct cfg_mem mem[CFG_MAX_MEM];
	struct cfg_image kernel;
	struct cfg_image initrd;      /* data == NULL if none */
	const char *bootargs;         /* points into the FDT; NULL if absent */
	enum cfg_fault_policy on_fault;
	int node;                     /* node offset in the partition FDT */
	bool valid;                   /* passed every check */
	unsigned ndev;
	struct cfg_device dev[CFG_MAX_DEVICES];
	unsigned nirq;
	uint32_t irq[CFG_MAX_IRQS];
	struct cfg_console console;
	unsigned nchan;
	struct cfg_channel chan[CFG_MAX_CHANNELS];
};

struct partition {
	unsigned nvms;
	struct cfg_vm vm[CFG_MAX_VMS];
};

/* The physical ranges the hypervisor itself occupies, which no VM may use. */
struct cfg_hyp_rsv {
	unsigned n;
	struct board_range r[4];
};

/*
 * Parses the partition FDT into *p and checks each VM on its own
 * (properties present and well-formed, sizes and alignment, image fits its
 * memory). A VM with errors is kept in *p with valid = false. Returns the
 * number of valid VMs, or -1 if the FDT itself is unusable (not an FDT, or
 * not a partition description). Every problem goes through d.
 */
int cfg_parse(const void *fdt, struct partition *p, struct diag *d);

/*
 * Checks the VMs that cfg_parse left valid against the board and against
 * each other: memory inside RAM and clear of reserved ranges and of rsv,
 * physical CPUs exist and are given to one VM only, fixed memory does not
 * overlap another VM's. When two VMs conflict, the one later in the file is
 * refused. Returns the number of VMs still valid.
 */
int cfg_validate(struct partition *p, const struct board *b,
		 const struct cfg_hyp_rsv *rsv, struct diag *d);

#endif /* SEPTUM_CFG_H */
