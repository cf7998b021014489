/* SPDX-License-Identifier: MIT */
/*
 * Arm SMMUv3 (IHI 0070): stage 2 only, a linear stream table, the command
 * and event queues, global errors (src/DESIGN.md, "SMMU").
 *
 * A confined device's stream gets an STE whose stage 2 is its VM's own:
 * S2TTB = the VM's stage-2 root, the S2 walk fields as VTCR_EL2's, S2VMID
 * = the VM's VMID. One set of tables, walked by the CPUs and the SMMU
 * alike, so a stage-2 change needs no second copy kept in step, only the
 * SMMU's TLB invalidated where the CPU's is (smmu_tlb_inval_vmid). Every
 * other stream's STE aborts; StreamIDs beyond the table abort too
 * (C_BAD_STREAMID). The SMMU must be coherent (IDR0.COHACC): the tables
 * are written through the CPU's caches.
 */
#include <string.h>

#include <arch/pte.h>
#include <arch/sysreg.h>

#include "arch.h"
#include "check.h"
#include "console.h"
#include "gic.h"
#include "mem.h"
#include "mmio.h"
#include "palloc.h"
#include "smmu.h"
#include "spinlock.h"
#include "vm.h"

/* Registers (IHI 0070 6.3), page 0 unless said. */
#define IDR0            0x00
#define IDR0_S2P        BIT(0)
#define IDR0_COHACC     BIT(4)
#define IDR0_VMID16     BIT(18)
#define IDR1            0x04
#define IDR5            0x14
#define CR0             0x20
#define CR0_SMMUEN      BIT(0)
#define CR0_EVENTQEN    BIT(2)
#define CR0_CMDQEN      BIT(3)
#define CR0ACK          0x24
#define CR1             0x28
#define CR2             0x2c
#define GBPA            0x44
#define GBPA_ABORT      BIT(20)
#define GBPA_UPDATE     BIT(31)
#define IRQ_CTRL        0x50
#define IRQ_CTRLACK     0x54
#define GERROR          0x60
#define GERRORN         0x64
#define STRTAB_BASE     0x80
#define STRTAB_BASE_CFG 0x88
#define CMDQ_BASE       0x90
#define CMDQ_PROD       0x98
#define CMDQ_CONS       0x9c
#define EVTQ_BASE       0xa0
#define EVTQ_PROD       0x100a8    /* page 1 */
#define EVTQ_CONS       0x100ac
#define Q_RA_WA         BIT(62)    /* read/write-allocate hint */

/* Commands (IHI 0070 4.3-4.7), 16 bytes. */
#define CMD_CFGI_STE       0x03
#define CMD_CFGI_ALL       0x04
#define CMD_TLBI_EL2_ALL   0x20
#define CMD_TLBI_S12_VMALL 0x28
#define CMD_TLBI_NSNH_ALL  0x30
#define CMD_SYNC           0x46

/* STE (IHI 0070 5.2): dword 0 V, Config; 1 SHCFG; 2 S2 fields; 3 S2TTB. */
#define STE_V              BIT(0)
#define STE_CFG_ABORT      (0ull << 1)
#define STE_CFG_S2         (6ull << 1)
#define STE1_SHCFG_INCOMING (1ull << 44)
#define STE2_S2AA64        BIT(51)
#define STE2_S2R           BIT(58)

#define STREAMS_LOG2  8       /* 256 STEs, 16 KiB: PCI bus 0, and more */
#define CMDQ_LOG2     8       /* 256 commands, 4 KiB */
#define EVTQ_LOG2     7       /* 128 events, 4 KiB */
#define MAX_STREAMS   CFG_MAX_DEVICES
#define SPIN_LIMIT    10000000u

struct stream {
	uint32_t sid;
	struct vm *vm;
};

static struct {
	uint64_t base;           /* 0: none */
	uint64_t (*ste)[8];
	uint64_t (*cmdq)[2];
	uint64_t (*evtq)[4];
	uint32_t cmd_prod;       /* with the wrap bit; under lock */
	uint32_t evt_cons;       /* IRQ path only */
	unsigned oas;            /* IDR5.OAS, encoded */
	struct board_smmu irq;   /* its interrupts */
	struct spinlock lock;
	unsigned nstreams;
	struct stream streams[MAX_STREAMS];
	uint64_t faults[CFG_MAX_VMS];
	bool reported[CFG_MAX_VMS];
	bool unowned_reported;
	uint32_t gerr_seen;      /* global errors already reported */
} smmu;

static uint32_t rd(uint32_t off)
{
	return mmio_read32(smmu.base + off);
}

static void wr(uint32_t off, uint32_t v)
{
	mmio_write32(smmu.base + off, v);
}

static void wr64(uint32_t off, uint64_t v)
{
	mmio_write64(smmu.base + off, v);
}

/* Writes CR0 and waits for CR0ACK to match (IHI 0070 6.3.10). */
static bool cr0_set(uint32_t v)
{
	wr(CR0, v);
	for (unsigned i = 0; i < SPIN_LIMIT; i++)
		if (rd(CR0ACK) == v)
			return true;
	return false;
}

/* Queues one command; the caller holds smmu.lock. */
static void cmd_put(uint64_t w0, uint64_t w1)
{
	uint32_t mask = (1u << CMDQ_LOG2) - 1, idx = smmu.cmd_prod & mask;

	/* Full when prod and cons differ only in the wrap bit. */
	while (((rd(CMDQ_CONS) ^ smmu.cmd_prod) & ((mask << 1) | 1)) == (1u << CMDQ_LOG2))
		;
	smmu.cmdq[idx][0] = w0;
	smmu.cmdq[idx][1] = w1;
	smmu.cmd_prod = (smmu.cmd_prod + 1) & ((1u << (CMDQ_LOG2 + 1)) - 1);
}

/* Queues CMD_SYNC, publishes the queue and waits until the SMMU has
 * consumed it (and so completed what came before: IHI 0070 4.7.3). */
static void cmd_sync(void)
{
	uint32_t cons;

	cmd_put(CMD_SYNC, 0);
	dsb(sy);
	wr(CMDQ_PROD, smmu.cmd_prod);
	for (unsigned i = 0; i < SPIN_LIMIT; i++) {
		cons = rd(CMDQ_CONS);
		if ((cons & ((1u << (CMDQ_LOG2 + 1)) - 1)) == smmu.cmd_prod)
			return;
	}
	log_info("smmu: the command queue is stuck (CONS %#x, PROD %#x, GERROR %#x)", cons,
		 smmu.cmd_prod, rd(GERROR));
}

static unsigned ps_field(unsigned bits)
{
	static const uint8_t enc[] = { 32, 36, 40, 42, 44, 48, 52 };

	for (unsigned i = 0; i < sizeof(enc); i++)
		if (bits <= enc[i])
			return i;
	return 6;
}

static unsigned ps_bits(unsigned field)
{
	static const uint8_t enc[] = { 32, 36, 40, 42, 44, 48, 52 };

	return enc[field < 7 ? field : 6];
}

/* The STE of a stream confined to s2 (VTCR_EL2's fields: IHI 0070
 * 5.2, STE.S2T0SZ..S2PS; Arm ARM D19.2.155). */
static void ste_s2(uint64_t *e, const struct pt *s2)
{
	unsigned ps = ps_field(arch_pa_bits());
	uint64_t vtcr;

	if (ps > smmu.oas)
		ps = smmu.oas;
	/* T0SZ, SL0, IRGN0/ORGN0 write-back, SH0 inner, TG0 4 KiB, PS. */
	vtcr = (64u - s2->ia_bits) | ((uint64_t)(2 - s2->root_level) << 6) | (1u << 8) |
	       (1u << 10) | (3u << 12) | ((uint64_t)ps << 16);
	e[1] = STE1_SHCFG_INCOMING;
	e[2] = s2->vmid | (vtcr << 32) | STE2_S2AA64 | STE2_S2R;
	e[3] = (uint64_t)(uintptr_t)s2->root & (((1ull << 52) - 1) & ~0xfull);
	e[4] = e[5] = e[6] = e[7] = 0;
	dsb(sy);
	e[0] = STE_V | STE_CFG_S2;
}

static void ste_abort(uint64_t *e)
{
	e[0] = STE_V | STE_CFG_ABORT;
	for (unsigned i = 1; i < 8; i++)
		e[i] = 0;
}

/* Sets each of vm's streams (or, vm NULL, every stream) to abort or to
 * vm's stage 2, invalidates the STEs and the VMID's TLB entries. */
static void set_streams(struct vm *vm, bool confine)
{
	spin_lock(&smmu.lock);
	for (unsigned i = 0; i < smmu.nstreams; i++) {
		struct stream *s = &smmu.streams[i];

		if (s->vm != vm)
			continue;
		if (confine)
			ste_s2(smmu.ste[s->sid], &vm->s2);
		else
			ste_abort(smmu.ste[s->sid]);
		dsb(sy);
		cmd_put(CMD_CFGI_STE | ((uint64_t)s->sid << 32), 1);
	}
	cmd_put(CMD_TLBI_S12_VMALL | ((uint64_t)vm->s2.vmid << 32), 0);
	cmd_sync();
	spin_unlock(&smmu.lock);
}

static void *table(unsigned log2_bytes)
{
	uint64_t n = 1ull << log2_bytes;
	paddr_t pa;

	if (palloc_alloc_top(&mem_ram, n < PAGE_SIZE ? PAGE_SIZE : n, n < PAGE_SIZE ?
			     PAGE_SIZE : n, &pa) != PALLOC_OK)
		return NULL;
	memset(mem_ptr(pa), 0, n);
	return mem_ptr(pa);
}

/* Checks what Septum needs of the SMMU (IDR0, IDR1, IDR5). NULL, or why not. */
static const char *check_idr(void)
{
	uint32_t idr0 = rd(IDR0), idr1 = rd(IDR1), idr5 = rd(IDR5);

	if (!(idr0 & IDR0_S2P))
		return "it has no stage-2 translation (IDR0.S2P = 0; on QEMU: "
		       "-global arm-smmuv3.stage=2 or nested)";
	if (!(idr0 & IDR0_COHACC))
		return "its table walks are not coherent (IDR0.COHACC = 0)";
	if (!(idr5 & BIT(4)))
		return "no 4 KiB granule (IDR5.GRAN4K = 0)";
	if ((idr1 & 0x3f) < STREAMS_LOG2 || ((idr1 >> 21) & 0x1f) < CMDQ_LOG2 ||
	    ((idr1 >> 16) & 0x1f) < EVTQ_LOG2)
		return "its stream table or queues are smaller than Septum's";
	if (idr1 & (3u << 29))
		return "its tables or queues are preset (IDR1.TABLES_PRESET/QUEUES_PRESET)";
	smmu.oas = idr5 & 7;
	return NULL;
}

static bool enable(void)
{
	/* Inner shareable, write-back read/write-allocate: queues, tables. */
	wr(CR1, (1u << 0) | (1u << 2) | (3u << 4) | (1u << 6) | (1u << 8) | (3u << 10));
	wr(CR2, 0);
	wr64(STRTAB_BASE, Q_RA_WA | (uint64_t)(uintptr_t)smmu.ste);
	wr(STRTAB_BASE_CFG, STREAMS_LOG2);
	wr64(CMDQ_BASE, Q_RA_WA | (uint64_t)(uintptr_t)smmu.cmdq | CMDQ_LOG2);
	wr(CMDQ_PROD, 0);
	wr(CMDQ_CONS, 0);
	wr64(EVTQ_BASE, Q_RA_WA | (uint64_t)(uintptr_t)smmu.evtq | EVTQ_LOG2);
	wr(EVTQ_PROD, 0);
	wr(EVTQ_CONS, 0);
	if (!cr0_set(CR0_CMDQEN | CR0_EVENTQEN))
		return false;
	spin_lock(&smmu.lock);
	cmd_put(CMD_CFGI_ALL, 31);
	cmd_put(CMD_TLBI_NSNH_ALL, 0);
	cmd_put(CMD_TLBI_EL2_ALL, 0);
	cmd_sync();
	spin_unlock(&smmu.lock);
	wr(IRQ_CTRL, smmu.irq.evt_intid ? 5 : 0);    /* GERROR, EVENTQ */
	wr(GBPA, GBPA_UPDATE | GBPA_ABORT);
	return cr0_set(CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN);
}

__boot bool smmu_init(const struct board *b)
{
	const char *why;

	if (!b->smmu.regs.size)
		return true;
	smmu.base = b->smmu.regs.base;
	smmu.irq = b->smmu;
	/* Its wired interrupts are edges (the board DT's type 1; IHI 0070
	 * 3.18: pulses). */
	if (b->smmu.evt_intid)
		gic_spi_edge(b, b->smmu.evt_intid);
	if (b->smmu.gerr_intid)
		gic_spi_edge(b, b->smmu.gerr_intid);
	if (rd(CR0) & CR0_SMMUEN && !cr0_set(0)) {
		why = "it does not turn off";
		goto fail;
	}
	why = check_idr();
	if (why)
		goto fail;
	smmu.ste = table(STREAMS_LOG2 + 6);
	smmu.cmdq = table(CMDQ_LOG2 + 4);
	smmu.evtq = table(EVTQ_LOG2 + 5);
	why = "no memory for its tables";
	if (!smmu.ste || !smmu.cmdq || !smmu.evtq)
		goto fail;
	for (unsigned i = 0; i < (1u << STREAMS_LOG2); i++)
		ste_abort(smmu.ste[i]);
	why = "it does not acknowledge CR0";
	if (!enable())
		goto fail;
	log_info("smmu: SMMUv3 at %#lx: %u streams, every one aborting until given to a VM; "
		 "OA %u bits", b->smmu.regs.base, 1u << STREAMS_LOG2, ps_bits(smmu.oas));
	return true;
fail:
	log_info("error: smmu at %#lx: %s; VMs with devices behind it are refused",
		 b->smmu.regs.base, why);
	/* Off, it must not let DMA through either (GBPA, 6.3.14). */
	wr(GBPA, GBPA_UPDATE | GBPA_ABORT);
	smmu.base = 0;
	return false;
}

bool smmu_present(void)
{
	return smmu.base != 0;
}

static struct vm *stream_vm(uint32_t sid)
{
	for (unsigned i = 0; i < smmu.nstreams; i++)
		if (smmu.streams[i].sid == sid)
			return smmu.streams[i].vm;
	return NULL;
}

/* What a stage-2 change's invalidation costs, once, for the first VM
 * given streams: the CPU's (TLBI IPAS2E1IS + VMALLE1IS, arch_tlb_inval_ia,
 * no table changed) and the SMMU's added to it (TLBI_S12_VMALL +
 * CMD_SYNC), in counter ticks for 1000 of each. Under -icount shift=0 a
 * tick is 16 instructions at 62.5 MHz (1 ns each). */
__boot static void measure(struct vm *vm)
{
	uint64_t t0, t1, t2;

	t0 = arch_counter();
	for (unsigned i = 0; i < 1000; i++)
		smmu_tlb_inval_vmid(0xffff);
	t1 = arch_counter();
	for (unsigned i = 0; i < 1000; i++)
		arch_tlb_inval_ia(&vm->s2, vm->cfg->mem[0].guest);
	t2 = arch_counter();
	log_info("smmu: 1000 stage-2 invalidations: %lu ns with the SMMU's, of which the "
		 "SMMU's %lu ns (TLBI_S12_VMALL + CMD_SYNC)",
		 (uint64_t)((t2 - t1) * 1000000000ull / arch_counter_freq()),
		 (uint64_t)((t1 - t0) * 1000000000ull / arch_counter_freq()));
}

__boot bool smmu_attach(struct vm *vm)
{
	static bool measured;
	const struct cfg_vm *c = vm->cfg;
	unsigned n = smmu.nstreams;
	bool any = false;

	/* All checked before any is taken: a VM refused here leaves no
	 * stream behind (its struct vm is reused by the next VM). */
	for (unsigned i = 0; i < c->ndev; i++) {
		const struct cfg_device *d = &c->dev[i];

		if (!d->confined)
			continue;
		if (!smmu.base || d->stream >= (1u << STREAMS_LOG2) ||
		    n++ == MAX_STREAMS || vm->s2.ia_bits > ps_bits(smmu.oas) ||
		    (stream_vm(d->stream) && stream_vm(d->stream) != vm)) {
			log_info("error: %s/devices/%s: stream %#x cannot be given to it (%s); "
				 "VM %s refused", c->path, d->name, d->stream,
				 !smmu.base ? "no SMMU" : vm->s2.ia_bits > ps_bits(smmu.oas) ?
				 "the SMMU's addresses are narrower than its stage 2: a CPU "
				 "with a smaller PARange" : stream_vm(d->stream) ?
				 "another VM's device has the same stream" :
				 "beyond the stream table or too many", c->name);
			return false;
		}
	}
	for (unsigned i = 0; i < c->ndev; i++) {
		if (!c->dev[i].confined)
			continue;
		smmu.streams[smmu.nstreams++] = (struct stream){ c->dev[i].stream, vm };
		any = true;
	}
	if (any)
		set_streams(vm, true);
	if (any && !measured) {
		measured = true;
		measure(vm);
	}
	return true;
}

void smmu_quiesce(struct vm *vm)
{
	if (smmu.base)
		set_streams(vm, false);
}

void smmu_resume(struct vm *vm)
{
	if (!smmu.base)
		return;
	smmu.reported[vm->id] = false;
	__atomic_store_n(&smmu.faults[vm->id], 0, __ATOMIC_RELAXED);
	set_streams(vm, true);
}

uint64_t smmu_faults(const struct vm *vm)
{
	return __atomic_load_n(&smmu.faults[vm->id], __ATOMIC_RELAXED);
}

void smmu_tlb_inval_vmid(uint16_t vmid)
{
	if (!smmu.base)
		return;
	spin_lock(&smmu.lock);
	cmd_put(CMD_TLBI_S12_VMALL | ((uint64_t)vmid << 32), 0);
	cmd_sync();
	spin_unlock(&smmu.lock);
}

__boot void smmu_route(unsigned cpu, uint64_t mpidr)
{
	if (!smmu.base)
		return;
	if (smmu.irq.evt_intid)
		gic->route_spi(smmu.irq.evt_intid, cpu, mpidr);
	if (smmu.irq.gerr_intid)
		gic->route_spi(smmu.irq.gerr_intid, cpu, mpidr);
}

/* One event record (IHI 0070 7.3): type, StreamID, the input address,
 * and for a stage-2 fault the IPA; reported once per VM run. */
static void report(const uint64_t *e)
{
	static const char *const names[] = {
		[0x02] = "bad StreamID", [0x04] = "bad STE", [0x10] = "translation fault",
		[0x11] = "address size fault", [0x12] = "access flag fault",
		[0x13] = "permission fault",
	};
	unsigned type = e[0] & 0xff;
	uint32_t sid = (uint32_t)(e[0] >> 32);
	struct vm *vm = stream_vm(sid);
	const char *what = type < 0x14 && names[type] ? names[type] : "event";
	bool write = !(e[1] & BIT(35)), s2 = e[1] & BIT(39);

	if (vm) {
		__atomic_store_n(&smmu.faults[vm->id], smmu.faults[vm->id] + 1,
				 __ATOMIC_RELAXED);
		if (smmu.reported[vm->id])
			return;
		smmu.reported[vm->id] = true;
		log_info("smmu: vm %s stream %#x: DMA %s at %#lx: %s%s (blocked; further "
			 "faults of this run counted, not printed)", vm->cfg->name, sid,
			 write ? "write" : "read", e[2], what, s2 ? " at stage 2" : "");
		return;
	}
	if (!smmu.unowned_reported) {
		smmu.unowned_reported = true;
		log_info("smmu: stream %#x (no VM's): DMA at %#lx: %s (event %#x; blocked)",
			 sid, e[2], what, type);
	}
}

static void drain_events(void)
{
	uint32_t mask = (1u << (EVTQ_LOG2 + 1)) - 1, prod = rd(EVTQ_PROD) & mask;

	while (smmu.evt_cons != prod) {
		report(smmu.evtq[smmu.evt_cons & ((1u << EVTQ_LOG2) - 1)]);
		smmu.evt_cons = (smmu.evt_cons + 1) & mask;
		wr(EVTQ_CONS, smmu.evt_cons);
		if (smmu.evt_cons == prod)
			prod = rd(EVTQ_PROD) & mask;
	}
}

void smmu_interrupt(uint32_t intid)
{
	uint32_t active;

	if (!smmu.base || !intid || (intid != smmu.irq.evt_intid && intid != smmu.irq.gerr_intid))
		return;
	drain_events();
	/* Global errors: active where GERROR and GERRORN differ (6.3.19);
	 * acknowledged by toggling GERRORN. */
	active = rd(GERROR) ^ rd(GERRORN);
	if (active & ~smmu.gerr_seen)
		log_info("smmu: global error %#x%s (each kind reported once)", active,
			 active & BIT(2) ? ": the event queue overflowed, events were lost" : "");
	smmu.gerr_seen |= active;
	if (active)
		wr(GERRORN, rd(GERRORN) ^ active);
}
