/* SPDX-License-Identifier: MIT */
/*
 * What Septum needs to know about the machine, read once at boot from the
 * board's device tree (the DTB the boot loader passed in x0) and never
 * consulted again. Pure logic over libfdt.
 */
#ifndef SEPTUM_BOARD_H
#define SEPTUM_BOARD_H

#include "diag.h"
#include "types.h"

#define BOARD_MAX_CPUS 8
#define BOARD_MAX_MEM 8
#define BOARD_MAX_RSV 16
#define BOARD_MAX_UARTS 8

enum psci_conduit { PSCI_CONDUIT_NONE, PSCI_CONDUIT_SMC, PSCI_CONDUIT_HVC };

/* How a secondary CPU is started (its node's "enable-method"). */
enum board_cpu_start {
	BOARD_START_PSCI,      /* "psci", or none given: firmware's CPU_ON */
	BOARD_START_SPIN,      /* "spin-table": write cpu-release-addr */
	BOARD_START_UNKNOWN,   /* a method Septum does not implement */
};

struct board_range {
	uint64_t base;
	uint64_t size;
};

struct board_gic {
	unsigned version;             /* 2 or 3 */
	struct board_range dist;      /* GICD */
	struct board_range redist;    /* v3: first redistributor region */
	struct board_range cpuif;     /* v2: GICC */
	struct board_range hyp;       /* v2: GICH (virtual interface control) */
	struct board_range vcpuif;    /* v2: GICV (virtual CPU interface) */
	uint32_t maint_intid;         /* maintenance interrupt (a PPI), INTID */
	int node;                     /* its node offset in the board FDT, -1 if none */
};

struct board_timer {
	/* INTIDs of the EL1 secure/non-secure physical, virtual and EL2
	 * physical timer PPIs (from "arm,armv8-timer" interrupts, checked to
	 * be PPIs; without the node, BSA's 29, 30, 27, 26). */
	uint32_t sec_phys_intid;
	uint32_t phys_intid;
	uint32_t virt_intid;
	uint32_t hyp_intid;
};

/*
 * A UART Septum can drive (src/include/uart.h, src/drivers/): which kind,
 * where, and what its driver needs to set it up. The values of kind are
 * also the image header's earlycon encoding (board_uart_earlycon): do not
 * renumber them.
 */
enum board_uart_kind {
	BOARD_UART_NONE = 0,
	BOARD_UART_PL011 = 1,        /* "arm,pl011" */
	BOARD_UART_8250 = 2,         /* "ns16550a", "ns16550", "snps,dw-apb-uart" */
	BOARD_UART_BCM2835_AUX = 3,  /* "brcm,bcm2835-aux-uart": 16550-like mini-UART */
	BOARD_UART_CADENCE = 4,      /* "cdns,uart-r1p12", "xlnx,xuartps" */
	BOARD_UART_IMX = 5,          /* "fsl,imx6q-uart" (i.MX 6/7/8M) */
};

struct board_uart {
	enum board_uart_kind kind;
	uint64_t base;               /* CPU physical address of its registers */
	uint8_t reg_shift;           /* 16550 register i is at base + (i << reg_shift) */
	uint8_t reg_width;           /* ... accessed with this many bytes (1 or 4) */
	uint32_t clock_hz;           /* its reference clock, 0 if the DT does not say */
	uint32_t baud;               /* from stdout-path's options ("115200n8"), 0 if none */
	int node;                    /* its node offset, -1 if it has none (earlycon) */
};

/* An Arm SMMUv3 ("arm,smmu-v3"), which Septum owns (board_iommu.c). */
struct board_smmu {
	struct board_range regs;     /* size 0: none */
	uint32_t evt_intid;          /* its "eventq" and "gerror" SPIs (0: none) */
	uint32_t gerr_intid;
	uint32_t phandle;
	int node;                    /* -1 if none */
};

/* A generic ECAM PCIe host bridge ("pci-host-ecam-generic"), the first
 * one (board_iommu.c). */
struct board_pci {
	struct board_range ecam;     /* size 0: none */
	uint32_t bus_first;          /* bus-range's first bus: ECAM offset 0 */
	struct board_range mem32;    /* the 32-bit memory window, CPU addresses */
	uint64_t mem32_pci;          /* ... its PCI bus address */
	bool iommu;                  /* iommu-map names b->smmu: */
	uint32_t rid_base, sid_base, rid_len;  /* its first entry */
	/* Legacy INTx: interrupt-map entries whose parent is the GIC
	 * (phys.hi of the unit address and pin, after interrupt-map-mask,
	 * -> SPI INTID). */
	uint32_t intx_mask_hi, intx_mask_pin;
	unsigned nintx;
	struct { uint32_t hi, pin, intid; } intx[16];
	int node;                    /* -1 if none */
};

struct board {
	unsigned nmem;
	struct board_range mem[BOARD_MAX_MEM];   /* RAM, from /memory nodes */
	unsigned nrsv;
	struct board_range rsv[BOARD_MAX_RSV];   /* /memreserve/ + /reserved-memory */
	unsigned ncpus;
	uint64_t cpu_mpidr[BOARD_MAX_CPUS];      /* in /cpus order: CPU n is cpu_mpidr[n] */
	enum board_cpu_start cpu_start[BOARD_MAX_CPUS];
	uint64_t cpu_release[BOARD_MAX_CPUS];    /* spin-table: cpu-release-addr */
	int cpu_node[BOARD_MAX_CPUS];            /* its node offset */
	enum psci_conduit psci;
	struct board_gic gic;
	struct board_range uart;                 /* the console UART's registers */
	uint32_t uart_intid;
	int uart_node;                           /* its node offset, -1 if none */
	struct board_uart uart_port;             /* how to drive it; kind NONE if none */
	/* Every enabled UART of the DT Septum can drive, in node order (the
	 * first BOARD_MAX_UARTS): where a refused board is reported when it
	 * has no usable console (board_report_uarts). */
	unsigned nuarts;
	struct board_uart uarts[BOARD_MAX_UARTS];
	struct board_timer timer;
	struct board_range initrd;               /* /chosen linux,initrd-*, size 0 if none */
	struct board_smmu smmu;
	struct board_pci pci;
};

enum board_err {
	BOARD_OK = 0,
	BOARD_EFDT,       /* not a valid FDT */
	BOARD_EMISSING,   /* a required node or property is missing */
	BOARD_EINVAL,     /* a property has a bad value */
};

/* Fills *b from the board FDT. Every problem is reported through d with the
 * node path, property and value. On error *b is partly filled. */
enum board_err board_parse(const void *fdt, struct board *b, struct diag *d);

/* Logical CPU number of the CPU with this MPIDR (affinity bits), or -1. */
int board_cpu_index(const struct board *b, uint64_t mpidr);

/* "PL011", "BCM2835 mini-UART", ...: what kind is, for messages. */
const char *board_uart_name(enum board_uart_kind kind);

/* Decodes the earlycon word of Septum's image header (res4, filled by
 * scripts/pack.py --earlycon): kind in bits 63:56, reg_width 55:52,
 * reg_shift 51:48, base 47:0. False, and *u of kind NONE, if the word is
 * 0 or names no kind Septum drives. */
bool board_uart_earlycon(uint64_t word, struct board_uart *u);

/* Where Septum reports a board it refuses: the console if the DT named a
 * usable one, else every UART in b->uarts; then earlycon if it is one
 * (kind not NONE) at an address not already listed. Fills out[] (room
 * for BOARD_MAX_UARTS + 1) and returns how many. */
unsigned board_report_uarts(const struct board *b, const struct board_uart *earlycon,
			    struct board_uart *out);

#endif /* SEPTUM_BOARD_H */
