/* SPDX-License-Identifier: MIT */
/*
 * dmaprobe: a hostile guest that owns QEMU's edu PCI device (hw/misc/edu.c:
 * a DMA engine between a 4 KiB buffer inside the device, at device address
 * 0x40000, and bus addresses the guest writes into its registers) and
 * turns it on memory that is not its own. Behind the SMMU, its DMA
 * addresses are its guest physical addresses, translated by its VM's
 * stage 2:
 *
 *   dma-own      RAM -> device -> RAM in its own memory: the data arrive
 *                (its RAM is not identity-mapped, so without the SMMU's
 *                translation they would not);
 *   dma-victim   the device writes SENTINEL_POISON at victim=<addr> (the
 *                other VM's RAM, by host address): the victim guest checks
 *                its sentinel stays intact, Septum reports the fault;
 *   dma-hyp      the device reads 4 KiB at hyp=<addr> (Septum's image,
 *                by host address) into its buffer, which is copied back:
 *                Septum's image header magic ("ARM\x64" at 0x38) must not
 *                be in it;
 *   dma-hyp-write  the device writes 4 KiB of poison at hyp=<addr>.
 *
 * Each hostile DMA must fault at the SMMU: SEPTUM_HC_VM_STATS x3 (the
 * SMMU's count of this VM's blocked DMA) grows by at least one
 * (smmu-victim-fault, smmu-hyp-read-fault, smmu-hyp-write-fault), and
 * Septum and the victim go on (their DONE lines, the later dma-own).
 *
 * With restart=1, the first start ends in PSCI SYSTEM_RESET (no DONE
 * line) and the second runs the same checks: the device's stream is given
 * back after the restart, its faults reported again.
 *
 * With edu-irq=<INTID>: the device's legacy INTA, routed by Septum as a
 * passed-through SPI, must reach the guest (edu-intx): raised by the
 * device (register 0x60), taken, acknowledged at the device (0x64).
 *
 * With ecam=<addr> (the VM's emulated configuration space, src/core/
 * vpci.c): the edu is 00:00.0 and no other slot answers (cfg-slots); a
 * write putting BAR0 on the victim's RAM is ignored and the device still
 * answers at its window (cfg-bar-fixed); sizing gives its 1 MiB
 * (cfg-bar-size); I/O decoding and an expansion ROM are refused
 * (cfg-io-rom); the capability list has no MSI or MSI-X, though the edu
 * has MSI (cfg-no-msi).
 *
 * Bootargs: edu=<guest address of BAR0> victim=<addr> hyp=<addr>
 *           [edu-irq=<INTID>] [ecam=<addr>] [restart=1]
 */
#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/gic.h>
#include <guest/sysreg.h>
#include <guest/mem.h>
#include <guest/mmio.h>
#include <guest/psci.h>
#include <guest/sentinel.h>
#include <guest/smccc.h>
#include <guest/test.h>

const char guest_name[] = "dmaprobe";

#define EDU_ID        0x00
#define EDU_LIVE      0x04
#define EDU_DMA_SRC   0x80
#define EDU_DMA_DST   0x88
#define EDU_DMA_CNT   0x90
#define EDU_DMA_CMD   0x98
#define CMD_RUN       1u
#define CMD_TO_RAM    2u     /* device buffer -> bus address */
#define EDU_BUF       0x40000ull
#define CHUNK         4096ull
#define IMAGE_MAGIC   0x644d5241u   /* "ARM\x64" */

static u64 edu;
static volatile u32 intx_taken, intx_status;
static u32 edu_irq;

/* One DMA of n bytes; false if the engine does not finish in 2 s. */
static bool dma(u64 src, u64 dst, u64 n, u32 cmd)
{
	u64 t0 = cnt_now();

	mmio_write64(edu + EDU_DMA_SRC, src);
	mmio_write64(edu + EDU_DMA_DST, dst);
	mmio_write64(edu + EDU_DMA_CNT, n);
	mmio_write64(edu + EDU_DMA_CMD, cmd | CMD_RUN);
	while (mmio_read64(edu + EDU_DMA_CMD) & CMD_RUN)
		if (cnt_now() - t0 > 2 * cnt_freq())
			return false;
	return true;
}

static void fill(u64 at, u64 seed)
{
	for (u64 i = 0; i < CHUNK; i += 8)
		*(volatile u64 *)(uintptr_t)(at + i) = seed ^ (i * 0x9e3779b97f4a7c15ull);
}

static u64 differ(u64 a, u64 b)
{
	u64 n = 0;

	for (u64 i = 0; i < CHUNK; i += 8)
		n += *(volatile u64 *)(uintptr_t)(a + i) != *(volatile u64 *)(uintptr_t)(b + i);
	return n;
}

static void own(u64 a, u64 b)
{
	bool ok;

	fill(a, 0x5eed5eed12345678ull);
	fill(b, 0);
	ok = dma(a, EDU_BUF, CHUNK, 0) && dma(EDU_BUF, b, CHUNK, CMD_TO_RAM);
	test_check(ok && !differ(a, b), "dma-own", "engine %s, %llu of %llu words differ "
		   "(0x%llx -> device -> 0x%llx)", ok ? "done" : "stuck", differ(a, b),
		   CHUNK / 8, a, b);
}

/* The SMMU's count of this VM's blocked DMA (VM_STATS x3). */
static u64 smmu_faults(void)
{
	return smccc_call0(SMCCC_NATIVE(SEPTUM_HC_VM_STATS)).a3;
}

/* That count grew past before within 100 ms (Septum takes the SMMU's
 * event queue interrupt on its own CPU). */
static void faulted(u64 before, const char *name, u64 target)
{
	u64 t0 = cnt_now(), now = smmu_faults();

	while (now <= before && cnt_now() - t0 < cnt_freq() / 10)
		now = smmu_faults();
	test_check(now > before, name, "SMMU faults %llu -> %llu after the DMA at 0x%llx",
		   before, now, target);
}

static void victim(u64 a, u64 target)
{
	u64 before = smmu_faults();

	for (u64 i = 0; i < CHUNK; i += 8)
		*(volatile u64 *)(uintptr_t)(a + i) = SENTINEL_POISON;
	test_check(dma(a, EDU_BUF, CHUNK, 0) && dma(EDU_BUF, target, CHUNK, CMD_TO_RAM),
		   "dma-victim", "engine stuck writing 0x%llx", target);
	con_printf("dmaprobe: wrote poison by DMA at 0x%llx\n", target);
	faulted(before, "smmu-victim-fault", target);
}

static void hyp(u64 a, u64 b, u64 target)
{
	bool ok;
	u32 magic;

	u64 before;

	fill(a, 0xfeedfacecafef00dull);
	ok = dma(a, EDU_BUF, CHUNK, 0);
	before = smmu_faults();
	ok = ok && dma(target, EDU_BUF, CHUNK, 0) && dma(EDU_BUF, b, CHUNK, CMD_TO_RAM);
	magic = *(volatile u32 *)(uintptr_t)(b + 0x38);
	test_check(ok && magic != IMAGE_MAGIC, "dma-hyp", "engine %s, word at 0x38 read "
		   "from 0x%llx: 0x%x%s", ok ? "done" : "stuck", target, magic,
		   magic == IMAGE_MAGIC ? " (LEAK: Septum's image)" : "");
	faulted(before, "smmu-hyp-read-fault", target);
	/* Now a write: poison over Septum's image. */
	for (u64 i = 0; i < CHUNK; i += 8)
		*(volatile u64 *)(uintptr_t)(a + i) = SENTINEL_POISON;
	ok = dma(a, EDU_BUF, CHUNK, 0);
	before = smmu_faults();
	test_check(ok && dma(EDU_BUF, target, CHUNK, CMD_TO_RAM), "dma-hyp-write",
		   "engine stuck writing 0x%llx", target);
	faulted(before, "smmu-hyp-write-fault", target);
}

static void on_irq(u32 intid, u32 source, u64 stamp)
{
	if (intid != edu_irq)
		return;
	intx_status = mmio_read32(edu + 0x24);
	mmio_write32(edu + 0x64, intx_status);     /* the line drops */
	intx_taken++;
}

static void intx(void)
{
	u64 t0;

	if (!dt_arg_u64("edu-irq", &t0))
		return;
	edu_irq = (u32)t0;
	if (!test_check(gic_init() != GIC_NONE && gic_cpu_init(), "edu-gic", "no GIC"))
		return;
	gic_set_handler(on_irq);
	gic_enable(edu_irq);
	gic_dist_enable(true);
	exc_irq_unmask();
	mmio_write32(edu + 0x60, 0x8);             /* raise, status bit 3 */
	t0 = cnt_now();
	while (!intx_taken && cnt_now() - t0 < cnt_freq())
		;
	exc_irq_mask();
	test_check(intx_taken == 1 && intx_status == 0x8, "edu-intx", "INTID %u taken %u "
		   "time(s), status 0x%x", edu_irq, intx_taken, intx_status);
}

static u8 cfg8(u64 ecam, unsigned off)
{
	return (u8)(mmio_read32(ecam + (off & ~3u)) >> (off & 3) * 8);
}

static void config_space(u64 vic)
{
	u64 ecam;
	u32 bar, size, cmd, rom, msi = 0, caps = 0;

	if (!dt_arg_u64("ecam", &ecam))
		return;
	test_check(mmio_read32(ecam) == 0x11e81234 && mmio_read32(ecam + (1u << 15)) == ~0u &&
		   mmio_read32(ecam + (1u << 12)) == ~0u, "cfg-slots", "00:00.0 0x%x, 00:01.0 "
		   "0x%x, 00:00.1 0x%x", mmio_read32(ecam), mmio_read32(ecam + (1u << 15)),
		   mmio_read32(ecam + (1u << 12)));
	bar = mmio_read32(ecam + 0x10);
	mmio_write32(ecam + 0x10, (u32)vic);
	test_check(mmio_read32(ecam + 0x10) == bar && (bar & ~0xfu) == (u32)edu &&
		   mmio_read32(edu + EDU_ID) == 0x010000ed, "cfg-bar-fixed", "BAR0 0x%x after "
		   "writing 0x%x (was 0x%x), edu id 0x%x", mmio_read32(ecam + 0x10), (u32)vic, bar,
		   mmio_read32(edu + EDU_ID));
	mmio_write32(ecam + 0x10, ~0u);
	size = ~(mmio_read32(ecam + 0x10) & ~0xfu) + 1;
	mmio_write32(ecam + 0x10, bar);
	test_check(size == 0x100000 && mmio_read32(ecam + 0x10) == bar, "cfg-bar-size",
		   "size 0x%x, BAR0 0x%x after", size, mmio_read32(ecam + 0x10));
	mmio_write32(ecam + 0x04, 0x7);                    /* I/O, memory, master */
	cmd = mmio_read32(ecam + 0x04) & 0xffff;
	mmio_write32(ecam + 0x30, ~0u);
	rom = mmio_read32(ecam + 0x30);
	test_check((cmd & 7) == 6 && rom == 0, "cfg-io-rom", "command 0x%x, ROM 0x%x", cmd, rom);
	for (unsigned at = cfg8(ecam, 0x34) & 0xfc; at && caps < 48; caps++) {
		u8 id = cfg8(ecam, at);

		msi += id == 0x05 || id == 0x11;
		at = cfg8(ecam, at + 1) & 0xfc;
	}
	test_check(!msi, "cfg-no-msi", "%u MSI/MSI-X of %u capabilities", msi, caps);
}

void guest_main(void)
{
	struct dt_range free[MEM_MAX_SPANS];
	u64 total, vic, hy;
	int n = mem_free_spans(free, &total);
	u64 a = (free[0].base + CHUNK - 1) & ~(CHUNK - 1), b = a + CHUNK;

	if (!dt_arg_u64("edu", &edu) || !dt_arg_u64("victim", &vic) || !dt_arg_u64("hyp", &hy)) {
		test_fail("dmaprobe-args", "need edu=, victim= and hyp=");
		return;
	}
	if (n < 1 || free[0].base + free[0].size < b + CHUNK) {
		test_fail("dmaprobe-ram", "no free RAM for its buffers");
		return;
	}
	mmio_write32(edu + EDU_LIVE, 0x12345678);
	if (!test_check(mmio_read32(edu + EDU_ID) == 0x010000ed &&
			mmio_read32(edu + EDU_LIVE) == ~0x12345678u, "edu-present",
			"id 0x%x at 0x%llx", mmio_read32(edu + EDU_ID), edu))
		return;
	intx();
	config_space(vic);
	own(a, b);
	victim(a, vic);
	hyp(a, b, hy);
	own(a, b);
	if (dt_arg_u64_or("restart", 0)) {
		struct smccc_res st = smccc_call0(SMCCC_NATIVE(SEPTUM_HC_VM_STATS));

		con_printf("dmaprobe: start %llu done\n", st.a2);
		if (st.a2 == 1) {
			psci_system_reset();
			test_fail("dmaprobe-reset", "SYSTEM_RESET returned");
		}
	}
}
