/* SPDX-License-Identifier: MIT */
/*
 * Guest GIC driver (guest/gic.h). Register maps: GICv3 IHI 0069H 12.8
 * (distributor), 12.10 (redistributor RD_base and SGI_base), 12.2 (ICC_*
 * system registers); GICv2 IHI 0048B table 4-1 (distributor) and table
 * 4-2 (CPU interface). The GIC is reached with the MMU off, so every
 * access is Device-nGnRnE. The ICC_* registers are named as on AArch64
 * (S3_0_Cn_Cm_op2); the arm32 guest/sysreg.h maps them to their CP15
 * encodings (IHI 0069H 12.1.5).
 */
#include <libfdt.h>

#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/layout.h>
#include <guest/mmio.h>
#include <guest/smp.h>

/* Distributor, both versions (12.8, table 4-1). */
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_IPRIORITYR		0x0400
#define GICD_ITARGETSR		0x0800
#define GICD_SGIR		0x0f00	/* GICv2 only (4.3, GICD_SGIR) */
#define GICD_IROUTER		0x6000	/* GICv3 only (12.9.22) */

/* GICD_CTLR (12.9.4, DS = 1; 4.3.1). */
#define GICD_CTLR_V3_GRP1	BIT32(1)	/* EnableGrp1 */
#define GICD_CTLR_V3_ARE	BIT32(4)
#define GICD_CTLR_V3_RWP	BIT32(31)
#define GICD_CTLR_V2_ENABLE	BIT32(0)	/* EnableGrp0 */

/* Redistributor (12.10): RD_base, then SGI_base 64 KiB above it, whose
 * INTID 0-31 registers sit at the GICD offsets. */
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_SGI_BASE		0x10000
#define GICR_TYPER_VLPIS	BIT64(1)	/* 4 frames, not 2 (12.11.37) */
#define GICR_TYPER_LAST		BIT64(4)
/* GICR_WAKER (12.11.42). */
#define GICR_WAKER_PS		BIT32(1)	/* ProcessorSleep */
#define GICR_WAKER_CA		BIT32(2)	/* ChildrenAsleep */
#define GICR_STRIDE		0x20000
#define GICR_STRIDE_VLPI	0x40000

/* GICv2 CPU interface (table 4-2). */
#define GICC_CTLR		0x0000
#define GICC_PMR		0x0004
#define GICC_BPR		0x0008
#define GICC_IAR		0x000c
#define GICC_EOIR		0x0010
#define GICC_CTLR_ENABLE	BIT32(0)	/* EnableGrp0; EOImode [9] 0 */

/* GICC_IAR (4.4, GICC_IAR): INTID [9:0], CPUID [12:10] (the SGI's sender). */
#define V2_IAR_INTID(iar)	((iar) & 0x3ff)
#define V2_IAR_CPUID(iar)	(((iar) >> 10) & 7)

/* ICC_SRE_EL1.SRE (12.2, ICC_SRE_EL1): system-register interface on. */
#define ICC_SRE_SRE		BIT64(0)

#define BIT32(n)		(1u << (n))
#define BIT64(n)		(1ull << (n))
#define WAKE_SPINS		1000000

struct gic_cpu {
	u64 mpidr;	/* affinity fields, as smp_mpidr() */
	u64 rd_base;	/* GICv3: its RD_base */
	u8 mask;	/* GICv2: its CPU interface mask (GICD_ITARGETSR0) */
};

static struct {
	enum gic_version version;
	u64 dist;
	u64 redist;	/* GICv3: the first redistributor region */
	u64 redist_size;
	u64 cpuif;	/* GICv2: GICC */
	u32 ncpus;
	struct gic_cpu cpu[GUEST_MAX_CPUS];
	struct spinlock lock;
	gic_handler_fn handler;
} gic;

/* Entry idx of node's reg, with the parent's cell counts. */
static bool dt_reg(const void *fdt, int node, int idx, u64 *base, u64 *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent);
	int sc = fdt_size_cells(fdt, parent);
	const fdt32_t *reg;
	int len;

	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return false;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < (idx + 1) * (ac + sc) * 4)
		return false;
	reg += idx * (ac + sc);
	*base = 0;
	for (int i = 0; i < ac; i++)
		*base = *base << 32 | fdt32_to_cpu(reg[i]);
	*size = 0;
	for (int i = 0; i < sc; i++)
		*size = *size << 32 | fdt32_to_cpu(reg[ac + i]);
	return true;
}

/* The GIC node and its two frames: GICD + GICR region, or GICD + GICC. */
static bool gic_probe(void)
{
	static const char *const v2_compat[] = {
		"arm,cortex-a15-gic", "arm,gic-400",
	};
	const void *fdt = (const void *)(uintptr_t)dt_addr();
	u64 size, other;
	int node;

	if (!fdt)
		return false;
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	if (node >= 0) {
		gic.version = GIC_V3;
	} else {
		for (unsigned i = 0; node < 0 && i < ARRAY_SIZE(v2_compat); i++)
			node = fdt_node_offset_by_compatible(fdt, -1,
							     v2_compat[i]);
		if (node < 0)
			return false;
		gic.version = GIC_V2;
	}
	if (!dt_reg(fdt, node, 0, &gic.dist, &size) ||
	    !dt_reg(fdt, node, 1, &other, &size))
		return false;
	if (gic.version == GIC_V3) {
		gic.redist = other;
		gic.redist_size = size;
	} else {
		gic.cpuif = other;
	}
	return true;
}

/* This vCPU's table entry (added by gic_cpu_init), or NULL. */
static struct gic_cpu *this_cpu(void)
{
	u64 self = smp_mpidr();

	for (u32 i = 0; i < READ_ONCE(gic.ncpus); i++)
		if (gic.cpu[i].mpidr == self)
			return &gic.cpu[i];
	return NULL;
}

static const struct gic_cpu *cpu_by_mpidr(u64 mpidr)
{
	for (u32 i = 0; i < READ_ONCE(gic.ncpus); i++)
		if (gic.cpu[i].mpidr == mpidr)
			return &gic.cpu[i];
	return NULL;
}

/* MPIDR affinity (Aff3 [39:32], Aff2..Aff0 [23:0]) as GICR_TYPER's
 * Affinity_Value [63:32] holds it: Aff3.Aff2.Aff1.Aff0. */
static u32 mpidr_to_aff32(u64 mpidr)
{
	return (u32)((mpidr >> 32 & 0xff) << 24 | (mpidr & 0xffffff));
}

/*
 * Walks the redistributor region for the frame whose GICR_TYPER names
 * mpidr. Invariant: off is the start of a redistributor's frames; the
 * walk stops at the one marked Last or at the region's end.
 */
static u64 find_redist(u64 mpidr)
{
	u32 want = mpidr_to_aff32(mpidr);

	for (u64 off = 0; off + GICR_STRIDE <= gic.redist_size;) {
		u64 typer = mmio_read64(gic.redist + off + GICR_TYPER);

		if ((u32)(typer >> 32) == want)
			return gic.redist + off;
		if (typer & GICR_TYPER_LAST)
			break;
		off += (typer & GICR_TYPER_VLPIS) ? GICR_STRIDE_VLPI :
						    GICR_STRIDE;
	}
	return 0;
}

/* GICv3 per-CPU: wake the redistributor (12.11.42), all private INTIDs
 * Group 1, then the ICC_* registers (12.2). */
static bool cpu_init_v3(struct gic_cpu *c)
{
	u64 rd = find_redist(c->mpidr);
	u32 spins = 0;

	if (!rd)
		return false;
	c->rd_base = rd;
	mmio_write32(rd + GICR_WAKER,
		     mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PS);
	while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CA)
		if (++spins > WAKE_SPINS)
			return false;
	mmio_write32(rd + GICR_SGI_BASE + GICD_IGROUPR, ~0u);
	write_sysreg(S3_0_C12_C12_5, read_sysreg(S3_0_C12_C12_5) | ICC_SRE_SRE);
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff);		/* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_3, 0);		/* ICC_BPR1_EL1 */
	/* ICC_CTLR_EL1.EOImode [1] = 0: EOI also deactivates. */
	write_sysreg(S3_0_C12_C12_4, read_sysreg(S3_0_C12_C12_4) & ~2ull);
	write_sysreg(S3_0_C12_C12_7, 1);		/* ICC_IGRPEN1_EL1 */
	isb();
	return true;
}

/* GICv2 per-CPU: its interface mask (GICD_ITARGETSR0 reads as the
 * reader's, 4.3.12; RAZ with one CPU interface), then GICC. */
static bool cpu_init_v2(struct gic_cpu *c)
{
	c->mask = mmio_read8(gic.dist + GICD_ITARGETSR);
	mmio_write32(gic.cpuif + GICC_PMR, 0xff);
	mmio_write32(gic.cpuif + GICC_BPR, 0);
	mmio_write32(gic.cpuif + GICC_CTLR, GICC_CTLR_ENABLE);
	return true;
}

bool gic_cpu_init(void)
{
	struct gic_cpu *c;

	if (gic.version == GIC_NONE)
		return false;
	spin_lock(&gic.lock);
	c = this_cpu();
	if (!c && gic.ncpus < GUEST_MAX_CPUS) {
		c = &gic.cpu[gic.ncpus];
		*c = (struct gic_cpu){ .mpidr = smp_mpidr() };
		dsb_sy();
		WRITE_ONCE(gic.ncpus, gic.ncpus + 1);
	}
	spin_unlock(&gic.lock);
	if (!c)
		return false;
	return gic.version == GIC_V3 ? cpu_init_v3(c) : cpu_init_v2(c);
}

static void dispatch(u64 stamp)
{
	for (;;) {
		u32 iar = gic_ack();
		u32 intid = gic_iar_intid(iar);
		gic_handler_fn fn;

		if (intid >= GIC_INTID_SPURIOUS && intid <= 1023)
			return;
		fn = READ_ONCE(gic.handler);
		if (fn)
			fn(intid, gic_iar_source(iar), stamp);
		gic_eoi(iar);
	}
}

/* GICD_CTLR (12.9.4, 4.3.1): the group we use on or off; GICv3 keeps ARE
 * and waits out RWP. */
void gic_dist_enable(bool on)
{
	if (gic.version == GIC_V2) {
		mmio_write32(gic.dist + GICD_CTLR,
			     on ? GICD_CTLR_V2_ENABLE : 0);
		dsb_sy();
		return;
	}
	mmio_write32(gic.dist + GICD_CTLR,
		     GICD_CTLR_V3_ARE | (on ? GICD_CTLR_V3_GRP1 : 0));
	for (u32 spins = 0; spins < WAKE_SPINS; spins++)
		if (!(mmio_read32(gic.dist + GICD_CTLR) & GICD_CTLR_V3_RWP))
			break;
}

/* Distributor on, every SPI Group 1 on GICv3 (Group 0 on GICv2 is the
 * reset value). */
static void dist_init(void)
{
	u32 lines = (mmio_read32(gic.dist + GICD_TYPER) & 0x1f) + 1;

	if (gic.version == GIC_V3)
		for (u32 i = 1; i < lines; i++)
			mmio_write32(gic.dist + GICD_IGROUPR + 4 * i, ~0u);
	gic_dist_enable(true);
}

enum gic_version gic_init(void)
{
	if (gic.version != GIC_NONE)
		return gic.version;
	if (!gic_probe()) {
		gic.version = GIC_NONE;
		return GIC_NONE;
	}
	dist_init();
	if (!gic_cpu_init()) {
		gic.version = GIC_NONE;
		return GIC_NONE;
	}
	exc_set_irq_handler(dispatch);
	return gic.version;
}

enum gic_version gic_version(void)
{
	return gic.version;
}

void gic_set_handler(gic_handler_fn fn)
{
	WRITE_ONCE(gic.handler, fn);
	dsb_sy();
}

u64 gic_dist_base(void)
{
	return gic.dist;
}

u32 gic_dist_read(u32 off)
{
	return mmio_read32(gic.dist + off);
}

u64 gic_redist_base(void)
{
	const struct gic_cpu *c = this_cpu();

	return gic.version == GIC_V3 && c ? c->rd_base : 0;
}

u32 gic_redist_read(u32 off)
{
	return mmio_read32(gic_redist_base() + off);
}

/* The frame holding intid's per-INTID registers: the caller's SGI_base
 * for GICv3 private INTIDs, else the distributor (banked on GICv2). */
static u64 frame_of(u32 intid)
{
	if (gic.version == GIC_V3 && intid < 32)
		return gic_redist_base() + GICR_SGI_BASE;
	return gic.dist;
}

static void bit_write(u32 reg, u32 intid)
{
	mmio_write32(frame_of(intid) + reg + 4 * (intid / 32),
		     BIT32(intid % 32));
	dsb_sy();
}

static bool bit_read(u32 reg, u32 intid)
{
	return mmio_read32(frame_of(intid) + reg + 4 * (intid / 32)) &
	       BIT32(intid % 32);
}

void gic_enable(u32 intid)
{
	bit_write(GICD_ISENABLER, intid);
}

void gic_disable(u32 intid)
{
	bit_write(GICD_ICENABLER, intid);
}

bool gic_enabled(u32 intid)
{
	return bit_read(GICD_ISENABLER, intid);
}

void gic_set_pending(u32 intid)
{
	bit_write(GICD_ISPENDR, intid);
}

void gic_clear_pending(u32 intid)
{
	bit_write(GICD_ICPENDR, intid);
}

bool gic_pending(u32 intid)
{
	return bit_read(GICD_ISPENDR, intid);
}

bool gic_active(u32 intid)
{
	return bit_read(GICD_ISACTIVER, intid);
}

/* IPRIORITYR is byte-accessible in both versions (12.9.20, 4.3.11). */
void gic_set_priority(u32 intid, u8 prio)
{
	mmio_write8(frame_of(intid) + GICD_IPRIORITYR + intid, prio);
	dsb_sy();
}

u8 gic_priority(u32 intid)
{
	return mmio_read8(frame_of(intid) + GICD_IPRIORITYR + intid);
}

void gic_set_pmr(u8 pmr)
{
	if (gic.version == GIC_V3) {
		write_sysreg(S3_0_C4_C6_0, pmr);	/* ICC_PMR_EL1 */
		isb();
	} else {
		mmio_write32(gic.cpuif + GICC_PMR, pmr);
		dsb_sy();
	}
}

u8 gic_pmr(void)
{
	if (gic.version == GIC_V3)
		return (u8)read_sysreg(S3_0_C4_C6_0);
	return (u8)mmio_read32(gic.cpuif + GICC_PMR);
}

/* GICD_IROUTER<n> holds Aff3 [39:32] and Aff2.Aff1.Aff0 [23:0] as MPIDR
 * does, IRM [31] = 0 (12.9.22); GICD_ITARGETSR<n> one CPU mask byte
 * (4.3.12). */
void gic_route_spi(u32 intid, u64 mpidr)
{
	const struct gic_cpu *c;

	if (intid < 32)
		return;
	if (gic.version == GIC_V3) {
		mmio_write64(gic.dist + GICD_IROUTER + 8 * intid,
			     mpidr & 0xff00ffffffull);
	} else {
		c = cpu_by_mpidr(mpidr);
		mmio_write8(gic.dist + GICD_ITARGETSR + intid,
			    c && c->mask ? c->mask : (u8)BIT32(mpidr & 7));
	}
	dsb_sy();
}

/*
 * GICv3: ICC_SGI1R_EL1 (12.2.22): INTID [27:24], Aff3 [55:48], Aff2
 * [39:32], Aff1 [23:16], RS [47:44] = Aff0 / 16, TargetList [15:0] bit
 * Aff0 % 16. GICv2: GICD_SGIR (4.3), CPUTargetList [23:16] with the
 * target's interface mask, or TargetListFilter [25:24] = 2 for self.
 */
void gic_send_sgi(u32 sgi, u64 mpidr)
{
	const struct gic_cpu *c;
	u64 v;

	dsb_sy();	/* what the handler will read is visible first */
	if (gic.version == GIC_V3) {
		v = (u64)(sgi & 0xf) << 24 | (mpidr >> 32 & 0xff) << 48 |
		    (mpidr >> 16 & 0xff) << 32 | (mpidr >> 8 & 0xff) << 16 |
		    (mpidr >> 4 & 0xf) << 44 | BIT64(mpidr & 0xf);
		write_sysreg(S3_0_C12_C11_5, v);	/* ICC_SGI1R_EL1 */
		isb();
		return;
	}
	if (mpidr == smp_mpidr()) {
		v = 2u << 24 | (sgi & 0xf);
	} else {
		c = cpu_by_mpidr(mpidr);
		/* Not yet initialised: assume interface n is MPIDR Aff0 n. */
		v = (u64)(c && c->mask ? c->mask : BIT32(mpidr & 7)) << 16 |
		    (sgi & 0xf);
	}
	mmio_write32(gic.dist + GICD_SGIR, (u32)v);
	dsb_sy();
}

/* ICC_SGI1R_EL1.IRM [40] / GICD_SGIR.TargetListFilter = 1: all but self. */
void gic_send_sgi_others(u32 sgi)
{
	dsb_sy();
	if (gic.version == GIC_V3) {
		write_sysreg(S3_0_C12_C11_5,		/* ICC_SGI1R_EL1 */
			     (u64)(sgi & 0xf) << 24 | BIT64(40));
		isb();
		return;
	}
	mmio_write32(gic.dist + GICD_SGIR, 1u << 24 | (sgi & 0xf));
	dsb_sy();
}

u32 gic_ack(void)
{
	u32 iar;

	if (gic.version == GIC_V3) {
		/* ICC_IAR1_EL1 */
		iar = (u32)read_sysreg(S3_0_C12_C12_0);
		__asm__ volatile("dsb sy" : : : "memory");
		return iar;
	}
	return mmio_read32(gic.cpuif + GICC_IAR);
}

void gic_eoi(u32 iar)
{
	if (gic.version == GIC_V3) {
		write_sysreg(S3_0_C12_C12_1, iar);	/* ICC_EOIR1_EL1 */
		isb();
		return;
	}
	mmio_write32(gic.cpuif + GICC_EOIR, iar);
}

u32 gic_iar_intid(u32 iar)
{
	return gic.version == GIC_V3 ? iar & 0xffffff : V2_IAR_INTID(iar);
}

u32 gic_iar_source(u32 iar)
{
	return gic.version == GIC_V2 ? V2_IAR_CPUID(iar) : 0;
}
