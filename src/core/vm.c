/* SPDX-License-Identifier: MIT */
/*
 * VMs: placing their memory, stage-2 tables, loading images, starting and
 * stopping them.
 *
 * Locks: vm->lock (src/DESIGN.md, "Lock order").
 */
#include <string.h>

#include <arch/pte.h>

#include "arch.h"
#include "channel.h"
#include "check.h"
#include "console.h"
#include "cpu.h"
#include "mem.h"
#include "passthrough.h"
#include "pci.h"
#include "print.h"
#include "reload.h"
#include "smmu.h"
#include "vgic_vm.h"
#include "trap.h"
#include "vcpu.h"
#include "vm.h"
#include "guest_dt.h"

struct vm vms[CFG_MAX_VMS];
unsigned vm_count;

/* Physical address of guest address ipa, for n bytes inside one region. */
static bool ipa_to_pa(const struct vm *vm, uint64_t ipa, uint64_t n, paddr_t *pa)
{
	const struct cfg_mem *m = cfg_vm_region(vm->cfg, ipa, n);

	if (m)
		*pa = pa_init(m->host + (ipa - m->guest));
	return m;
}

__boot static void release_memory(struct cfg_vm *c)
{
	for (unsigned i = 0; i < c->nmem; i++)
		palloc_add(&mem_ram, pa_init(c->mem[i].host), c->mem[i].size);
}

__boot static bool map_memory(struct vm *vm)
{
	for (unsigned i = 0; i < vm->cfg->nmem; i++) {
		const struct cfg_mem *m = &vm->cfg->mem[i];
		enum pt_err err = pt_map(&vm->s2, m->guest, pa_init(m->host), m->size, PT_RWX);

		if (err != PT_OK) {
			log_info("error: %s/memory@%lx: stage-2 map failed: %s; VM %s refused",
				 vm->cfg->path, m->guest, pt_strerror(err), vm->cfg->name);
			return false;
		}
	}
	return true;
}

/* Builds the VM's device tree once, at boot, into pages of Septum's own
 * (a restart copies it again; the generator and libfdt are boot-only
 * code). Returns false (with a message) if it does not fit. */
__boot static bool make_dt(struct vm *vm)
{
	const struct cfg_vm *c = vm->cfg;
	paddr_t pa, copy;
	size_t n;

	/* Made where the guest finds it (placed by the parser: the top
	 * 64 KiB of its first region, or its dtb load-address), then kept. */
	vm->dtb_ipa = c->dtb;
	CHECK(ipa_to_pa(vm, vm->dtb_ipa, CFG_GUEST_DT_SIZE, &pa));
	n = guest_dt_build(vm, mem_ptr(pa), CFG_GUEST_DT_SIZE);
	if (!n) {
		log_info("error: %s: the guest device tree does not fit in 64 KiB; VM %s refused",
			 c->path, c->name);
		return false;
	}
	if (palloc_alloc_top(&mem_ram, ALIGN_UP(n, PAGE_SIZE), PAGE_SIZE, &copy) != PALLOC_OK) {
		log_info("error: %s: no memory for its device tree; VM %s refused", c->path,
			 c->name);
		return false;
	}
	memcpy(mem_ptr(copy), mem_ptr(pa), n);
	vm->dt = mem_ptr(copy);
	vm->dt_size = n;
	return true;
}

/* Clears the VM's memory, copies its images and its device tree, and
 * puts its UART back as firmware leaves it: in one go. */
static void load(struct vm *vm)
{
	reload_begin(vm);
	reload_run(vm, 0, false);
}

static void uart_tx(void *ctx, char c)
{
	console_vm_write(ctx, &c, 1);
}

static void uart_irq(void *ctx, bool level)
{
	struct vm *vm = ctx;

	vgic_vm_set_level(vm, 0, vm->cfg->plat.uart_intid, level);
}

/* The VM's virtual UART, where its platform has it. */
__boot static void vm_uart_init(struct vm *vm)
{
	const struct board_range *u = &vm->cfg->plat.uart;

	vuart_init(&vm->uart, uart_tx, uart_irq, vm);
	/* vuart_access refuses before doing anything and touches nothing of
	 * the vCPU: the short path may take it. */
	if (u->size)
		CHECK(vmmio_register_short(&vm->mmio, u->base, u->size, vuart_access,
					   &vm->uart));
}

__boot static bool build(struct vm *vm, struct cfg_vm *c, unsigned id, const struct board *b,
		  const struct partition *p)
{
	if (c->arch == CFG_ARCH_AARCH32 && !arch_aarch32_el1()) {
		log_info("error: %s: arch: \"aarch32\": this CPU has no AArch32 at EL1 "
			 "(ID_AA64PFR0_EL1.EL1 = 1); VM %s refused", c->path, c->name);
		release_memory(c);
		return false;
	}
	vm->id = id;
	vm->cfg = c;
	vm->nvcpus = c->nvcpus;
	vm->state = VM_STOPPED;
	vm_uart_init(vm);
	if (pt_init(&vm->s2, &mem_pt_pool, PT_STAGE2, arch_ia_bits(),
		    (uint16_t)(id + 1)) != PT_OK) {
		log_info("error: %s: no memory for stage-2 tables; VM %s refused", c->path,
			 c->name);
		release_memory(c);
		return false;
	}
	if (!map_memory(vm) || !vgic_vm_init(vm, b) || !passthrough_init(vm) ||
	    !pci_setup(vm, b) || !channel_init_vm(vm, p) || !make_dt(vm) ||
	    !smmu_attach(vm)) {
		pt_destroy(&vm->s2);
		release_memory(c);
		return false;
	}
	load(vm);
	vm->vttbr = arch_vttbr(&vm->s2);
	for (unsigned i = 0; i < c->nvcpus; i++) {
		struct vcpu *v = &vm->vcpu[i];

		v->vm = vm;
		v->idx = i;
		v->cpu = c->cpu[i];
		v->power = VCPU_OFF;
		cpus[v->cpu].vcpu = v;
	}
	wdog_init(vm);
	return true;
}

__boot static void log_vm_built(const struct cfg_vm *c)
{
	char cpus_list[3 * CFG_MAX_VCPUS + 1], devs[128];
	size_t n = 0;

	for (unsigned i = 0; i < c->nvcpus; i++)
		n += format(cpus_list + n, sizeof(cpus_list) - n, i ? ",%u" : "%u", c->cpu[i]);
	log_info("vm %s: %u vCPU(s) on CPU(s) %s, %lu MiB at %#lx, entry %#lx%s", c->name,
		 c->nvcpus, cpus_list, c->mem[0].size >> 20, c->mem[0].host, c->kernel.entry,
		 c->arch == CFG_ARCH_AARCH32 ? ", AArch32" : "");
	if (cfg_vm_dma(c) >= 0)
		log_info("vm %s: trusted: its DMA-capable devices (%s) can reach all of "
			 "physical memory (no IOMMU)", c->name,
			 cfg_dma_list(c, devs, sizeof(devs)));
}

__boot static void log_partition(void *ctx, const char *msg)
{
	log_info("partition: %s", msg);
}

__boot unsigned vm_build_all(struct partition *p, const struct board *b)
{
	struct diag d = { log_partition, NULL, 0 };

	cfg_place(p, &mem_ram, &d);
	if (d.errors)
		log_info("partition: %u VM(s) refused: their memory cannot be placed", d.errors);
	for (unsigned i = 0; i < p->nvms; i++) {
		struct cfg_vm *c = &p->vm[i];
		struct vm *vm = &vms[vm_count];

		if (!c->valid)
			continue;
		if (!build(vm, c, vm_count, b, p)) {
			memset(vm, 0, sizeof(*vm));
			continue;
		}
		log_vm_built(c);
		vm_count++;
	}
	return vm_count;
}

void vm_kick(struct vcpu *t)
{
	struct cpu *c = &cpus[t->cpu];

	/* A scheduled CPU kicks itself too: t may not be the vCPU it runs,
	 * and the kick makes it decide again (sched_resched). */
	if (c != cpu_this() || c->sched)
		cpu_kick(c);
}

void vm_kick_running(struct vm *vm, unsigned prefer)
{
	if (prefer >= vm->nvcpus ||
	    __atomic_load_n(&vm->vcpu[prefer].power, __ATOMIC_RELAXED) != VCPU_ON)
		for (unsigned i = 0; i < vm->nvcpus; i++)
			if (__atomic_load_n(&vm->vcpu[i].power, __ATOMIC_RELAXED) == VCPU_ON) {
				prefer = i;
				break;
			}
	if (prefer < vm->nvcpus)
		vm_kick(&vm->vcpu[prefer]);
}

void vm_post(struct vm *vm, unsigned prefer)
{
	/* After the work's own flag (posted_any, post_pending, the queued
	 * console lines): a drain that clears this one first sees the work,
	 * or it is set again. */
	__atomic_store_n(&vm->posted, true, __ATOMIC_SEQ_CST);
	vm_kick_running(vm, prefer);
}

void vm_drain_posted_but_vgic(struct vm *vm)
{
	__atomic_store_n(&vm->posted, false, __ATOMIC_SEQ_CST);
	console_vm_drain_posted(vm);
	if (vuart_posted(&vm->uart))
		vuart_drain_posted(&vm->uart);
}

void vm_drain_posted(struct vm *vm)
{
	vm_drain_posted_but_vgic(vm);
	vgic_vm_drain_posted(vm);
}

void vm_start(struct vm *vm)
{
	struct vcpu *boot = &vm->vcpu[0];

	vgic_reset(&vm->vgic);
	wdog_reset(vm);
	spin_lock(&vm->lock);
	vm->starts++;
	vm->faults = 0;
	/* Its virtual time starts at zero on every start. */
	vm->cntvoff = arch_counter();
	vm->fault_reported = false;
	vm->state = VM_RUNNING;
	for (unsigned i = 0; i < vm->nvcpus; i++)
		vm->vcpu[i].power = VCPU_OFF;
	boot->power = VCPU_ON_PENDING;
	boot->on_entry = vm->cfg->kernel.entry;
	boot->on_context = vm->dtb_ipa;
	boot->on_boot = true;
	spin_unlock(&vm->lock);
	vm_kick(boot);
}

/* Takes v, a vCPU of a stopping VM, off its CPU: put here if it is
 * loaded on this one (a CPU shared in time), else its CPU is kicked and
 * waited for. */
static void take_off(struct vcpu *v)
{
	if (&cpus[v->cpu] == cpu_this()) {
		if (v->loaded)
			vcpu_put(v);
		return;
	}
	vm_kick(v);
	while (__atomic_load_n(&v->loaded, __ATOMIC_ACQUIRE))
		arch_relax();
}

static void log_restarted(struct vm *vm)
{
	const struct reload *r = &vm->reload;
	uint64_t f = arch_counter_freq();

	log_info("vm %s: reloaded in its own time, starting %lu us after its stop (%lu "
		 "chunks in %lu turns; chunk estimates: zero %lu, copy %lu, clean %lu us)",
		 vm->cfg->name, (arch_counter() - r->since) * 1000000 / f, r->chunks, r->turns,
		 r->chunk_ticks[RELOAD_ZERO] * 1000000 / f, r->chunk_ticks[RELOAD_COPY] * 1000000 / f,
		 r->chunk_ticks[RELOAD_SYNC] * 1000000 / f);
}

bool vm_restart_turn(struct vm *vm, uint64_t until)
{
	if (!reload_run(vm, until, true))
		return false;
	__atomic_store_n(&vm->reload.pending, false, __ATOMIC_RELEASE);
	log_restarted(vm);
	smmu_resume(vm);
	vm_start(vm);
	return true;
}

void vm_stop(struct vm *vm, struct vcpu *caller, bool restart, const char *why)
{
	struct vcpu *boot = &vm->vcpu[0];

	spin_lock(&vm->lock);
	if (vm->state != VM_RUNNING) {
		/* Someone else is stopping it: just leave. */
		caller->power = VCPU_OFF;
		spin_unlock(&vm->lock);
		return;
	}
	vm->state = VM_STOPPING;
	vm->reload.since = arch_counter();
	for (unsigned i = 0; i < vm->nvcpus; i++)
		vm->vcpu[i].power = VCPU_OFF;
	spin_unlock(&vm->lock);
	wdog_stop(vm);

	for (unsigned i = 0; i < vm->nvcpus; i++)
		if (&vm->vcpu[i] != caller)
			take_off(&vm->vcpu[i]);
	if (caller->loaded)
		vcpu_put(caller);
	/* Its devices' DMA stops before its memory is scrubbed or left. */
	smmu_quiesce(vm);
	arch_tlb_inval_all(&vm->s2);
	console_vm_flush(vm);

	if (!restart) {
		spin_lock(&vm->lock);
		vm->state = VM_STOPPED;
		spin_unlock(&vm->lock);
		if (why)
			log_info("vm %s: stopped (%s)", vm->cfg->name, why);
		return;
	}
	if (why)
		log_info("vm %s: restarting (%s)", vm->cfg->name, why);
	reload_begin(vm);
	if (cpus[boot->cpu].sched) {
		/* The work is the VM's: vCPU 0's CPU does it in its time. */
		__atomic_store_n(&vm->reload.pending, true, __ATOMIC_RELEASE);
		vm_kick(boot);
		return;
	}
	reload_run(vm, 0, false);
	smmu_resume(vm);
	vm_start(vm);
}
