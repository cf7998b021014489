/* SPDX-License-Identifier: MIT */
/*
 * The partition description: which VMs exist, parsed from a device tree
 * (binding: dts/bindings/septum,partition.yaml) into plain structs,
 * resolved against the board's device tree and then validated. After boot
 * the FDTs are never consulted again, except that image data is read from
 * where the description holds it.
 *
 * Three steps, always in this order:
 *
 *   cfg_parse()     the partition FDT alone: each VM's shape
 *   cfg_resolve()   + the board FDT: pass-through devices' registers and
 *                   interrupts, console defaults, each VM's guest address
 *                   space and interrupts checked for clashes
 *   cfg_validate()  VMs against the board's RAM and CPUs and each other;
 *                   channel ends paired; doorbells and console input given
 *
 * The same code runs in the hypervisor at boot and in the host checker
 * (src/tools/septum-check.c).
 */
#ifndef SEPTUM_CFG_H
#define SEPTUM_CFG_H

#include <septum/channel.h>

#include "board.h"
#include "diag.h"
#include "dt.h"
#include "intid.h"
#include "types.h"

#define CFG_MAX_VMS 8
#define CFG_MAX_VCPUS 8
#define CFG_MAX_MEM 4
#define CFG_NAME_MAX 32   /* including the NUL */
#define CFG_NODE_NAME_MAX 32  /* memory/device/channel node name, including the NUL */
#define CFG_PATH_MAX 96       /* a board device's path, including the NUL */
#define CFG_MAX_DEVICES 16
#define CFG_MAX_DEV_REGS 4
#define CFG_MAX_DEV_IRQS 8
#define CFG_MAX_DEV_CLKS 4
#define CFG_MAX_DMA_WINDOWS 4
#define CFG_MAX_IRQS 16
#define CFG_MAX_CHANNELS 8

/* The virtual UART's register frame. */
#define CFG_CONSOLE_SIZE 0x1000

/* Channel sizes: powers of two, at least one page. */
#define CFG_CHAN_MIN_SIZE 0x1000

/* Until cfg_resolve(): "guest-address not given" (never 4 KiB aligned). */
#define CFG_ADDR_DEFAULT UINT64_MAX

enum cfg_fault_policy { CFG_ON_FAULT_STOP, CFG_ON_FAULT_RESTART };

/* restart-limit = <N window-ms>: at most N restarts by the on-fault policy
 * within any window-ms, then stop. */
#define CFG_MAX_RESTARTS 16

/* The watchdog's period, and its emulated SP805's register frame. */
#define CFG_WDOG_MIN_MS 10
#define CFG_WDOG_MAX_MS 3600000
#define CFG_WDOG_SIZE 0x1000

/* A VM's watchdog (the watchdog node): kicked by SEPTUM_HC_WDOG_KICK or
 * through its emulated SP805 (src/DESIGN.md, "Health monitor"). */
struct cfg_watchdog {
	bool present;
	uint32_t period_ms;   /* timeout-ms: the longest time between kicks */
	uint64_t guest;       /* the SP805's frame; CFG_ADDR_DEFAULT until
	                       * cfg_resolve() puts it at the page after the
	                       * console's */
};

struct cfg_mem {
	uint64_t guest;       /* guest physical (IPA) base */
	uint64_t size;
	uint64_t host;        /* physical base; valid if host_fixed, else filled
	                       * in by the allocator before the VM is built */
	bool host_fixed;
	bool identity;        /* host = guest, set by cfg_resolve() for a VM with
	                       * a DMA-capable device (host_fixed is then true) */
	char name[CFG_NODE_NAME_MAX]; /* node name, e.g. "memory@40000000" */
};

/* Each VM's generated device tree takes 64 KiB of its memory: by default
 * the last 64 KiB of its first region, or where dtb { load-address }
 * says (cfg_vm.dtb). */
#define CFG_GUEST_DT_SIZE (64 * 1024)

struct cfg_image {
	const void *data;     /* points into the partition FDT; NULL if absent */
	uint64_t size;
	uint64_t footprint;   /* bytes it occupies once loaded (>= size) */
	uint64_t load;        /* IPA where the image is copied */
	uint64_t entry;       /* IPA of the first instruction */
	bool is_linux;        /* carries the arm64 Image header */
	bool is_zimage;       /* carries the 32-bit Linux zImage header */
};

/* A 4 KiB aligned MMIO range of a pass-through device. */
struct cfg_dev_reg {
	uint64_t host;        /* physical address, rounded down to 4 KiB */
	uint64_t size;        /* rounded up so the range ends on a page boundary */
	uint64_t guest;       /* guest address (IPA), rounded down to 4 KiB */
	uint64_t offset;      /* the registers' offset in the first page */
	uint64_t reg_size;    /* the registers' size, as the board says */
};

/*
 * Why a device counts as DMA-capable (it reads and writes memory itself,
 * at the addresses the guest gives it), or not (cfg_dma.c,
 * src/DESIGN.md "DMA-capable devices"): the partition's dma property
 * says so; else the board DT marks it (dma-coherent, iommus, iommu-map);
 * else its compatible is a known bus master; else it is not.
 */
enum cfg_dma_rule {
	CFG_DMA_UNKNOWN,      /* none of the rules: not DMA-capable */
	CFG_DMA_SAID,         /* the partition's dma = "yes" or "no" */
	CFG_DMA_PROPERTY,     /* a board DT property (dma_idx: which) */
	CFG_DMA_COMPATIBLE,   /* a known compatible (dma_idx: which) */
};

/* What the partition says of a device's DMA (its dma property). */
enum cfg_dma_said { CFG_DMA_UNSAID, CFG_DMA_YES, CFG_DMA_NO };

/* A board device passed through to the VM: its registers mapped by stage
 * 2, its interrupts routed to the VM (same INTIDs in the guest). Filled in
 * by cfg_resolve(); cfg_parse() sets name, path, dma_said and, if the
 * partition gives guest-address, reg[0].guest (else CFG_ADDR_DEFAULT). */
struct cfg_device {
	char name[CFG_NODE_NAME_MAX];          /* the node name under devices */
	char path[CFG_PATH_MAX];               /* board DT path */
	int board_node;                        /* node offset in the board FDT, -1 until resolved */
	unsigned nreg;
	struct cfg_dev_reg reg[CFG_MAX_DEV_REGS];
	unsigned nirq;
	uint32_t irq[CFG_MAX_DEV_IRQS];        /* GIC INTIDs (SPIs) */
	uint8_t dma_said;                      /* enum cfg_dma_said */
	bool dma;                              /* DMA-capable: the VM is identity-mapped */
	uint8_t dma_rule;                      /* enum cfg_dma_rule: why (or why not) */
	uint8_t dma_idx;                       /* the property or compatible that matched */
	unsigned ndma_win;                     /* 0: dma-ranges say nothing (1:1, all memory) */
	struct dt_dma_window dma_win[CFG_MAX_DMA_WINDOWS];   /* dt.h */
	int dma_bus;                           /* the board node whose dma-ranges gave them */
	unsigned nclk;                         /* the partition's clock-rates, 0 if none */
	uint32_t clk_hz[CFG_MAX_DEV_CLKS];     /* one per entry of the board's clocks */
	bool pci;                              /* a PCI function behind the PCIe host at
	                                        * path (pci-device), not a platform device */
	uint16_t pci_rid;                      /* ... its requester ID (bus << 8 |
	                                        * device << 3 | function) */
	bool confined;                         /* its DMA goes through an SMMU stream that
	                                        * Septum gives the VM's stage 2 */
	uint32_t stream;                       /* ... that StreamID */
};

/* A PCI function's memory BARs, all of them, lie in one window of this
 * size: at guest-address in the VM, and at the host bridge's 32-bit
 * window base + devfn * CFG_PCI_WINDOW on the bus (cfg_pci.c). */
#define CFG_PCI_WINDOW 0x200000ull

/* The VM's virtual UART (a PL011 emulated by Septum, 4 KiB: vuart.h). */
struct cfg_console {
	bool present;         /* false: console { status = "disabled"; } */
	uint64_t guest;       /* default (after cfg_resolve): the board UART's address */
	uint32_t intid;       /* its SPI; default: the board UART's */
	bool input;           /* owns console input; cfg_validate() gives it
	                       * to the first valid VM if no VM asks */
};

/* The virtual GIC's register frames in a guest: GICv3 distributor 64 KiB
 * and 128 KiB of redistributor (RD_base + SGI_base) per vCPU (IHI 0069H
 * 12.8, 12.10); GICv2 distributor 4 KiB and CPU interface 8 KiB (IHI 0048B
 * table 4-1; the CPU interface is the hardware's GICV frame). */
#define CFG_GICV3_DIST_SIZE 0x10000
#define CFG_GICV3_REDIST_SIZE 0x20000
#define CFG_GICV2_DIST_SIZE 0x1000
#define CFG_GICV2_CPUIF_SIZE 0x2000

/*
 * A VM's platform: where its virtual devices sit in its guest address
 * space and which interrupts they raise. Filled once, when the partition is
 * resolved against the board (cfg_resolve.c); the clash checks, VM
 * creation, the virtual GIC, the guest device tree and septum-check's
 * report read it and compute none of it. By default the devices mirror
 * the board's: same addresses and interrupt numbers as the hardware.
 */
struct cfg_platform {
	unsigned gic_version;          /* 3 or 2: the board's */
	struct board_range gicd;       /* distributor */
	struct board_range gicr;       /* v3: redistributors, one frame per vCPU */
	struct board_range gicc;       /* v2: CPU interface (the GICV frame) */
	struct board_range uart;       /* the virtual UART; size 0: none */
	struct board_range wdog;       /* the virtual SP805; size 0: none */
	uint32_t uart_intid;
	uint32_t timer_intid[4];       /* EL1 secure/non-secure physical, virtual, EL2 PPIs */
};

/* The guest address space a channel of per-direction capacity size takes:
 * both ends' control page and ring (include/septum/channel.h). */
#define CFG_CHAN_FOOTPRINT(size) ((uint64_t)SEPTUM_CHAN_FOOTPRINT(size))

/* One end of an inter-VM shared-memory channel. */
struct cfg_channel {
	char name[CFG_NODE_NAME_MAX];          /* both ends use the same name */
	char peer[CFG_NAME_MAX];               /* the other VM's name */
	int peer_vm;                           /* index in partition.vm[], set by
	                                        * cfg_validate(); -1 until then */
	uint64_t size;                         /* power of two, >= 4 KiB */
	uint64_t guest;                        /* where this VM sees it, 4 KiB aligned */
	uint32_t intid;                        /* doorbell SPI this end receives; 0 in
	                                        * the partition = choose: cfg_validate()
	                                        * picks a free one */
};

/* The execution state of a VM's EL1 (its "arch" property). */
enum cfg_arch {
	CFG_ARCH_AARCH64,
	CFG_ARCH_AARCH32,
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
	uint64_t dtb;                 /* IPA of its device tree (CFG_GUEST_DT_SIZE
	                               * bytes, in one region), placed with the
	                               * images by cfg_parse() */
	bool dtb_given;               /* by dtb { load-address } */
	const char *bootargs;         /* points into the FDT; NULL if absent */
	enum cfg_fault_policy on_fault;
	uint32_t restart_max;         /* restart-limit: 0 = no limit */
	uint32_t restart_window_ms;
	bool monitor;                 /* may read other VMs' health counts */
	struct cfg_watchdog wdog;
	enum cfg_arch arch;
	unsigned ndev;
	struct cfg_device dev[CFG_MAX_DEVICES];
	unsigned nirq;
	uint32_t irq[CFG_MAX_IRQS];   /* extra physical SPIs routed to the VM (INTIDs) */
	struct cfg_console console;
	struct cfg_platform plat;     /* filled by cfg_resolve() */
	unsigned nchan;
	struct cfg_channel chan[CFG_MAX_CHANNELS];
	int node;                     /* node offset in the partition FDT */
	bool valid;                   /* passed every check */
};

/*
 * Time partitions (src/DESIGN.md, "Time partitions"): a physical CPU that
 * carries several vCPUs (of one VM or several) runs them by a cyclic
 * schedule, /schedule/cpu@N in the partition. Times are microseconds.
 */
#define CFG_MAX_WINDOWS 16
#define CFG_MAX_SLACK 4
#define CFG_SCHED_MAX_FRAME_US 1000000   /* a major frame of at most 1 s */
/*
 * The shortest window. A switch costs a few thousand instructions (the
 * EL1, FP/SIMD and vGIC state out and in, src/DESIGN.md); a window must
 * leave its owner most of its time and absorb the timer's entry latency:
 * at 50 us a switch of 2 us (2000 instructions at 1 GHz) takes 4 %.
 */
#define CFG_SCHED_MIN_WINDOW_US 50

/* One vCPU: its VM (index in partition.vm[]) and its index in the VM. */
struct cfg_vcpu_ref {
	uint8_t vm;
	uint8_t vcpu;
};

/* The vCPU that owns [offset, offset + duration) of every frame. */
struct cfg_window {
	struct cfg_vcpu_ref who;
	uint32_t offset_us;
	uint32_t duration_us;
};

/* One physical CPU's schedule, /schedule/cpu@N. */
struct cfg_sched {
	bool present;          /* the node exists */
	bool valid;            /* passed its own checks and the VMs' */
	uint32_t frame_us;     /* the major frame */
	unsigned nwin;
	struct cfg_window win[CFG_MAX_WINDOWS];   /* by offset, disjoint */
	unsigned nslack;       /* vCPUs run, in order, when the window's owner
	                        * waits (WFI) or no window is open */
	struct cfg_vcpu_ref slack[CFG_MAX_SLACK];
};

struct partition {
	unsigned nvms;
	struct cfg_vm vm[CFG_MAX_VMS];
	struct cfg_sched sched[BOARD_MAX_CPUS];  /* by physical CPU */
};

/* Writes the schedule of physical CPU cpu (present) as lines for people
 * to out: the major frame as an ASCII timeline (one letter per VM,
 * 'A' = p->vm[0], '.' = no window) and each window. Host or boot. */
void cfg_sched_timeline(const struct partition *p, unsigned cpu,
			void (*out)(void *ctx, const char *line), void *ctx);
/* Writes each VM's share of the scheduled CPUs (its windows' time as a
 * part of the frame, "+ slack" if it runs in the slack too) to out, one
 * line per VM that has any. */
void cfg_sched_shares(const struct partition *p, void (*out)(void *ctx, const char *line),
		      void *ctx);
/* Does schedule s give vCPU (vm, vcpu) a window, or (with slack) a window
 * or a place in the slack? */
bool cfg_sched_has(const struct cfg_sched *s, unsigned vm, unsigned vcpu, bool slack);

/* The memory region of vm that holds all of [ipa, ipa + n), n >= 1, or
 * NULL. Any CPU, any time. */
static inline const struct cfg_mem *cfg_vm_region(const struct cfg_vm *vm, uint64_t ipa,
						   uint64_t n)
{
	for (unsigned i = 0; i < vm->nmem; i++) {
		const struct cfg_mem *m = &vm->mem[i];

		if (ipa >= m->guest && ipa - m->guest < m->size && n <= m->size - (ipa - m->guest))
			return m;
	}
	return NULL;
}

/* The physical ranges the hypervisor itself occupies, which no VM may use:
 * r[0] is its image (where it was loaded, with the appended partition),
 * the others what it keeps from the loader (boot DTB, initrd). */
struct cfg_hyp_rsv {
	unsigned n;
	struct board_range r[4];
};

/*
 * Parses the partition FDT (size bytes at fdt; its whole structure is
 * checked first) into *p and checks each VM on its own: properties present
 * and well-formed, sizes and alignment, image fits its memory, interrupts
 * are SPIs the virtual GIC has, channel shapes. A VM with errors is kept
 * in *p with valid = false. A root property the binding does not have, or
 * a child of the root that is not a VM, is reported and skipped. Returns the number of valid VMs, or -1 if the
 * FDT itself is unusable (not a well-formed FDT, or not a partition
 * description). Every problem goes through d. The FDT must stay where it
 * is: *p points into it.
 */
int cfg_parse(const void *fdt, size_t size, struct partition *p, struct diag *d);

/*
 * Looks every VM's devices up in the board FDT (the one b was parsed
 * from, checked by board_parse()) and fills in their registers (through
 * the parents' #address-cells/#size-cells and buses' "ranges") and
 * interrupts; fills in console defaults from b. Refuses devices Septum
 * owns (its console UART, the GIC), devices sharing a 4 KiB page with a
 * board device the VM does not have, and any clash inside one VM's guest
 * address space (memory, virtual GIC, console, devices, channels) or
 * interrupts. Decides which devices are DMA-capable and gives a VM that
 * has one identity-mapped RAM (cfg_mem.identity; a host-address other than
 * the guest address is refused). Runs on every VM, valid or not, so that
 * all problems are reported. Returns the number of valid VMs.
 */
int cfg_resolve(struct partition *p, const void *board_fdt, const struct board *b,
		struct diag *d);

/*
 * Checks the VMs still valid after cfg_resolve() against the board and
 * against each other: memory inside RAM and clear of reserved ranges and
 * of rsv, physical CPUs exist and are given to one VM only, fixed memory
 * does not overlap another VM's, a device or physical interrupt goes to one
 * VM only, one VM owns console input, channel ends agree. When two VMs
 * conflict, the one later in the file is refused. Then picks the doorbell
 * INTIDs left to choose and the console input owner. Returns the number of
 * VMs still valid.
 */
int cfg_validate(struct partition *p, const struct board *b,
		 const struct cfg_hyp_rsv *rsv, struct diag *d);

struct palloc;

/*
 * Places the memory of every VM still valid in ram (free RAM: the board's
 * less reserved ranges and the hypervisor's own): first every fixed region
 * (host-address, or identity-mapped for DMA) of every VM is claimed, then
 * the others are allocated in file order with the largest alignment that
 * fits (1 GiB, 2 MiB, 4 KiB), so that an allocation never takes RAM that a
 * later VM asked for by address. A VM whose memory cannot be placed is
 * refused (valid = false, its regions given back) with a message through
 * d. The boot CPU at boot (vm.c), or the host checker. Returns the number
 * of VMs still valid.
 */
int cfg_place(struct partition *p, struct palloc *ram, struct diag *d);

/* The index of vm's first DMA-capable device not confined by an SMMU
 * (it can reach all of memory), or -1 if it has none (after
 * cfg_resolve()). */
int cfg_vm_dma(const struct cfg_vm *vm);

/* Why dev is, or is not, DMA-capable, for people (e.g. "compatible
 * \"virtio,mmio\""), written into buf (n bytes). Returns buf. After
 * cfg_resolve(), at boot or in the host checker. */
const char *cfg_dma_reason(const struct cfg_device *dev, char *buf, size_t n);

/* The board paths of vm's DMA-capable devices, ", "-separated, into buf (n
 * bytes); those that would not fit are counted instead ("and 6 more").
 * Returns buf. */
const char *cfg_dma_list(const struct cfg_vm *vm, char *buf, size_t n);

#endif /* SEPTUM_CFG_H */
