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
	struct board_range uart;                 /* PL011 used for the console */
	uint32_t uart_intid;
	int uart_node;                           /* its node offset, -1 if none */
	struct board_timer timer;
	struct board_range initrd;               /* /chosen linux,initrd-*, size 0 if none */
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

#endif /* SEPTUM_BOARD_H */
