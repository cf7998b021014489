/* SPDX-License-Identifier: MIT */
/*
 * Boot: read the board, take the hypervisor's memory out of the pool, turn
 * on the MMU, read the partition description, build the VMs, start the
 * CPUs they run on.
 */
#include <arch/image.h>
#include <libfdt.h>

#include "arch.h"
#include "board.h"
#include "cfg.h"
#include "check.h"
#include "console.h"
#include "cpu.h"
#include "gic.h"
#include "htimer.h"
#include "mem.h"
#include "passthrough.h"
#include "smmu.h"
#include "vsched.h"
#include "uart.h"
#include "vgic_hw.h"
#include "vm.h"
#include "guest_dt.h"
#include "wdog.h"

#define PT_POOL_PAGES 512
#define STACK_SIZE 16384

static uint8_t stacks[BOARD_MAX_CPUS][STACK_SIZE] __attribute__((aligned(16)));
static struct board board;
static struct partition partition;

extern char boot_stack_top[], __image_end[];

/* The private interrupts every CPU enables (filled in at boot). */
static uint32_t private_irqs[4];
void septum_main(void *dtb, uint64_t load_base);
void septum_secondary_main(struct cpu *c);

/* Board messages come before the console works: keep them for later. */
static char early_msgs[4][DIAG_MSG_MAX];
static unsigned early_count;

__boot static void early_emit(void *ctx, const char *msg)
{
	if (early_count < ARRAY_SIZE(early_msgs)) {
		for (unsigned i = 0; i < DIAG_MSG_MAX && (early_msgs[early_count][i] = msg[i]); i++)
			;
		early_count++;
	}
}

__boot static void console_emit(void *ctx, const char *msg)
{
	log_info("%s: %s", (const char *)ctx, msg);
}

__boot static void banner(const void *dtb, uint64_t load_base)
{
	log_info("Septum 0.1 (" ARCH_NAME ") at " ARCH_HYP_LEVEL ", loaded at %#lx, DTB at %p",
		 load_base, dtb);
}

/* The board DT is refused: says so, and why, on every UART that may be
 * read (board_report_uarts: its console, else every UART of the DT Septum
 * drives; and the image's earlycon), then stops. */
__boot static __attribute__((noreturn)) void refuse_board(const struct image_header *h,
							  const void *dtb, uint64_t load_base,
							  unsigned errors)
{
	struct board_uart where[BOARD_MAX_UARTS + 1], earlycon;
	unsigned n;

	board_uart_earlycon(h->earlycon, &earlycon);
	n = board_report_uarts(&board, &earlycon, where);
	for (unsigned i = 0; i < n; i++) {
		uart_init(&where[i]);
		banner(dtb, load_base);
		for (unsigned j = 0; j < early_count; j++)
			log_info("board: %s", early_msgs[j]);
		if (errors > early_count)
			log_info("board: and %u more problem(s)", errors - early_count);
		if (n > 1 || where[i].kind != board.uart_port.kind ||
		    where[i].base != board.uart_port.base)
			log_info("board: this report goes to %u UART(s); this is the %s at %#lx", n,
				 board_uart_name(where[i].kind), where[i].base);
		log_info("halted: the board device tree is not usable");
	}
	for (;;)
		arch_wait_for_interrupt();
}

__boot static __attribute__((noreturn)) void halt(const char *why)
{
	log_info("halted: %s", why);
	for (;;)
		arch_wait_for_interrupt();
}

/* RAM the hypervisor cannot point at (mem_ptr: at or above 4 GiB on the
 * arm32 build, whose HYP map covers 32 bits) can hold neither its tables
 * nor a VM, whose RAM it loads and zeroes through that map: left out, and
 * said so. Nothing to do on a 64-bit build. */
__boot static void leave_out_unreachable_ram(void)
{
	uint64_t reach = (uint64_t)UINTPTR_MAX + 1, before = palloc_free_bytes(&mem_ram);

	if (UINTPTR_MAX == UINT64_MAX)
		return;
	palloc_remove(&mem_ram, pa_init(reach), UINT64_MAX - (PAGE_SIZE - 1) - reach);
	if (palloc_free_bytes(&mem_ram) < before)
		log_info("RAM at or above %#lx (%lu MiB) left out: this build reaches 32 bits",
			 reach, (before - palloc_free_bytes(&mem_ram)) >> 20);
}

/* RAM for VMs: the board's RAM less reserved ranges, the hypervisor image
 * with its payload, the boot DTB, and what the hypervisor cannot reach. */
__boot static void init_memory(const struct cfg_hyp_rsv *rsv)
{
	paddr_t pool;

	palloc_init(&mem_ram);
	for (unsigned i = 0; i < board.nmem; i++)
		palloc_add(&mem_ram, pa_init(board.mem[i].base), board.mem[i].size);
	for (unsigned i = 0; i < board.nrsv; i++)
		palloc_remove(&mem_ram, pa_init(board.rsv[i].base), board.rsv[i].size);
	for (unsigned i = 0; i < rsv->n; i++)
		palloc_remove(&mem_ram, pa_init(rsv->r[i].base), rsv->r[i].size);
	leave_out_unreachable_ram();
	/* Translation tables come from RAM, not from the image's .bss, so
	 * the image stays small; from its top, so that low RAM stays free
	 * for VMs placed at fixed (identity) addresses. */
	if (palloc_alloc_top(&mem_ram, PT_POOL_PAGES * PAGE_SIZE, PAGE_SIZE, &pool) != PALLOC_OK)
		halt("no memory for translation tables");
	pt_pool_init(&mem_pt_pool, mem_ptr(pool), PT_POOL_PAGES);
}

/* The partition description: appended to the image by scripts/pack, or
 * else passed as the initrd. *size is what it may occupy. */
__boot static const void *find_partition(const struct image_header *h, size_t *size)
{
	if (h->payload_offset && h->payload_size) {
		*size = h->payload_size;
		return (const char *)h + h->payload_offset;
	}
	*size = board.initrd.size;
	if (board.initrd.size)
		return (const void *)(uintptr_t)board.initrd.base;
	return NULL;
}

/* Waits (up to a second from now) until started CPU i is up. */
__boot static void wait_online(unsigned i)
{
	uint64_t end = arch_counter() + arch_counter_freq();

	/* With a CPU hint (YIELD) a round: QEMU's -icount runs one CPU at a
	 * time, round robin, and a loop without one spun for the rest of its
	 * turn before the started CPU ran (49 of the Pi 4 model's 59 ms to
	 * the first guest instruction). */
	while (!__atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE)) {
		if (arch_counter() > end) {
			log_info("error: CPU %u (MPIDR %#lx) did not come up", i, cpus[i].mpidr);
			return;
		}
		arch_relax();
	}
}

__boot static bool in_ram(uint64_t addr)
{
	for (unsigned i = 0; i < board.nmem; i++)
		if (addr >= board.mem[i].base && addr - board.mem[i].base < board.mem[i].size)
			return true;
	return false;
}

/* Asks CPU i to start, by its board's enable-method. True if asked: a
 * CPU released from a spin table has come up (or been waited for) when
 * this returns, since the next one uses the same slot. */
__boot static bool start_cpu(unsigned i)
{
	int64_t ret;

	arch_sync_guest_memory(&cpus[i], sizeof(cpus[i]));
	if (board.cpu_start[i] == BOARD_START_SPIN && in_ram(board.cpu_release[i])) {
		arch_cpu_release(board.cpu_release[i], &cpus[i]);
		wait_online(i);
		return true;
	}
	if (board.cpu_start[i] == BOARD_START_PSCI) {
		ret = arch_cpu_start(board.psci, cpus[i].mpidr, &cpus[i]);
		if (ret == 0)
			return true;
		log_info("error: CPU %u (MPIDR %#lx) did not start: PSCI %ld%s", i,
			 cpus[i].mpidr, ret, board.psci == PSCI_CONDUIT_NONE ?
			 " (the board DT has no /psci node)" : "");
		return false;
	}
	if (board.cpu_start[i] == BOARD_START_SPIN)
		log_info("error: CPU %u (MPIDR %#lx): cpu-release-addr %#lx is not in RAM", i,
			 cpus[i].mpidr, board.cpu_release[i]);
	else
		log_info("error: CPU %u (MPIDR %#lx): enable-method: not \"psci\" or "
			 "\"spin-table\", the ways Septum starts a CPU", i, cpus[i].mpidr);
	return false;
}

/* Starts the CPUs that host a vCPU and waits for them: each narrows the
 * CPU features VMs see to what it has too (arch_cpu_init), so no VM may
 * start before. A CPU waiting in a spin table is started even without a
 * vCPU: the firmware's loop polls (WFE) for ever, Septum's idle loop
 * waits in WFI. Without a vCPU a CPU started by PSCI stays off. */
__boot static void start_cpus(unsigned me)
{
	bool started[BOARD_MAX_CPUS] = { false };

	for (unsigned i = 0; i < cpu_count; i++)
		if (i != me && (cpus[i].vcpu || board.cpu_start[i] == BOARD_START_SPIN))
			started[i] = start_cpu(i);
	for (unsigned i = 0; i < cpu_count; i++)
		if (started[i] && board.cpu_start[i] == BOARD_START_PSCI)
			wait_online(i);
}

/* A VM runs whole or not at all: false (and why) if one of its vCPUs'
 * CPUs is not online. */
__boot static bool cpus_online(const struct vm *vm)
{
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		unsigned c = vm->vcpu[i].cpu;

		if (!__atomic_load_n(&cpus[c].online, __ATOMIC_ACQUIRE)) {
			log_info("error: vm %s: refused: CPU %u (its vCPU %u) did not start "
				 "(above)", vm->cfg->name, c, i);
			return false;
		}
	}
	return true;
}

__boot void septum_main(void *dtb, uint64_t load_base)
{
	const struct image_header *h = (const void *)(uintptr_t)load_base;
	uint64_t t0 = arch_counter();
	struct diag d = { early_emit, NULL, 0 };
	struct cfg_hyp_rsv rsv = { 0 };
	const void *pfdt;
	size_t pfdt_size;
	struct vm *input;
	int me;

	board_parse(dtb, &board, &d);
	if (d.errors)
		refuse_board(h, dtb, load_base, d.errors);
	console_init(&board);
	banner(dtb, load_base);

	me = board_cpu_index(&board, arch_cpu_mpidr());
	if (me < 0)
		halt("the boot CPU is not in the board's /cpus");
	cpu_count = board.ncpus;
	for (unsigned i = 0; i < cpu_count; i++) {
		cpus[i].id = i;
		cpus[i].mpidr = board.cpu_mpidr[i];
		cpus[i].stack_top = (uintptr_t)stacks[i] + STACK_SIZE;
	}
	cpus[me].stack_top = (uintptr_t)boot_stack_top;
	cpus[me].online = true;
	arch_cpu_init(&cpus[me]);

	rsv.r[rsv.n++] = (struct board_range){ load_base,
		h->image_size ? h->image_size : (uintptr_t)__image_end - load_base };
	rsv.r[rsv.n++] = (struct board_range){ (uintptr_t)dtb, fdt_totalsize(dtb) };
	pfdt = find_partition(h, &pfdt_size);
	if (pfdt && !h->payload_offset)
		rsv.r[rsv.n++] = board.initrd;
	init_memory(&rsv);
	arch_mmu_enable(&board);
	if (!gic_init(&board))
		halt("no usable interrupt controller");
	if (!vgic_hw_probe(&board))
		halt("the GIC has no virtual CPU interface (GICH/GICV)");
	cpu_irqs = (struct cpu_irqs){ .maint = board.gic.maint_intid,
		.vtimer = board.timer.virt_intid, .ptimer = board.timer.phys_intid,
		.uart = board.uart_intid, .htimer = board.timer.hyp_intid };
	private_irqs[0] = cpu_irqs.maint;
	private_irqs[1] = cpu_irqs.vtimer;
	private_irqs[2] = cpu_irqs.ptimer;
	private_irqs[3] = cpu_irqs.htimer;
	gic->cpu_init(me, cpus[me].mpidr, private_irqs, ARRAY_SIZE(private_irqs));
	smmu_init(&board);
	log_info("%u CPUs, GICv%u, %lu MiB free for VMs, PA %u bits", cpu_count,
		 board.gic.version, palloc_free_bytes(&mem_ram) >> 20, arch_pa_bits());

	if (!pfdt)
		halt("no partition description (append one with scripts/pack)");
	d = (struct diag){ console_emit, "partition", 0 };
	if (cfg_parse(pfdt, pfdt_size, &partition, &d) < 0)
		halt("the partition description is not usable");
	cfg_resolve(&partition, dtb, &board, &d);
	cfg_validate(&partition, &board, &rsv, &d);
	if (d.errors)
		log_info("partition: %u error(s); the VMs named above are refused, "
			 "the others start", d.errors);

	arch_stage2_init();
	htimer_register(HTIMER_WDOG, wdog_expired);
	vm_board_fdt = dtb;
	if (!vm_build_all(&partition, &board))
		halt("no VM to run");
	start_cpus((unsigned)me);
	sched_init(&partition);
	input = &vms[0];
	for (unsigned i = 0; i < vm_count; i++) {
		passthrough_route(&vms[i]);
		if (vms[i].cfg->console.input)
			input = &vms[i];
	}
	console_set_input(input);
	smmu_route((unsigned)me, cpus[me].mpidr);
	if (cpu_irqs.uart) {
		gic->route_spi(cpu_irqs.uart, (unsigned)me, cpus[me].mpidr);
		uart_enable_rx_irq();
	}
	log_info("boot took %lu us; starting %u VM(s)",
		 (arch_counter() - t0) * 1000000 / arch_counter_freq(), vm_count);
	for (unsigned i = 0; i < vm_count; i++)
		if (cpus_online(&vms[i]))
			vm_start(&vms[i]);
	cpu_boot_done();
}

void septum_secondary_main(struct cpu *c)
{
	arch_mmu_enable(NULL);
	arch_cpu_init(c);
	arch_stage2_init();
	gic->cpu_init(c->id, c->mpidr, private_irqs, ARRAY_SIZE(private_irqs));
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	cpu_idle();
}
