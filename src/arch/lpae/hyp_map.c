/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own identity map (EL2 or HYP stage 1), the same on both
 * builds: text RX, rodata R, everything else RW and never executable (W^X;
 * each build's mmu.c adds SCTLR.WXN as a second guard), RAM and the
 * board's devices Septum drives. Only addresses below 2^va_bits are
 * mapped (ARMv7-A's HYP regime has 32 bits: RAM above 4 GiB is left out).
 */
#include <arch/lpae.h>

#include "arch.h"
#include "check.h"
#include "mem.h"

extern char __image_start[], __boot_text_start[], __text_end[], __rodata_end[], __image_end[];

static struct pt hyp_pt;
static uint64_t va_limit;

static void map_or_die(uint64_t base, uint64_t size, uint32_t attrs)
{
	enum pt_err err;

	base = ALIGN_DOWN(base, PAGE_SIZE);
	size = ALIGN_UP(size, PAGE_SIZE);
	if (base >= va_limit)
		return;
	size = MIN(size, va_limit - base);
	if (!size)
		return;
	err = pt_map(&hyp_pt, base, pa_init(base), size, attrs);
	if (err != PT_OK)
		panic("hypervisor map of %#lx+%#lx failed: %s", base, size, pt_strerror(err));
}

/* Maps [base, base+size) of RAM read-write, leaving out the image. */
static void map_ram(uint64_t base, uint64_t size)
{
	uint64_t is = (uintptr_t)__image_start, ie = (uintptr_t)__image_end;
	uint64_t end = base + size;

	if (!ranges_overlap(base, size, is, ie - is)) {
		map_or_die(base, size, PT_RW);
		return;
	}
	if (base < is)
		map_or_die(base, is - base, PT_RW);
	if (end > ie)
		map_or_die(ie, end - ie, PT_RW);
}

static void map_device(const struct board_range *r)
{
	if (r->size)
		map_or_die(r->base, r->size, PT_RW | PT_DEVICE);
}

struct pt *lpae_hyp_map(const struct board *b, unsigned va_bits)
{
	va_limit = 1ull << va_bits;
	CHECK(pt_init(&hyp_pt, &mem_pt_pool, PT_STAGE1_EL2, va_bits, 0) == PT_OK);
	for (unsigned i = 0; i < b->nmem; i++)
		map_ram(b->mem[i].base, b->mem[i].size);
	map_or_die((uintptr_t)__image_start, __text_end - __image_start, PT_R | PT_X);
	map_or_die((uintptr_t)__text_end, __rodata_end - __text_end, PT_R);
	map_or_die((uintptr_t)__rodata_end, __image_end - __rodata_end, PT_RW);
	map_device(&b->uart);
	map_device(&b->gic.dist);
	map_device(&b->gic.redist);
	map_device(&b->gic.cpuif);
	map_device(&b->gic.hyp);
	map_device(&b->smmu.regs);
	map_device(&b->pci.ecam);
	return &hyp_pt;
}

uint64_t arch_unmap_boot_code(void)
{
	uint64_t start = (uintptr_t)__boot_text_start, end = (uintptr_t)__text_end;
	paddr_t pa;

	if (end == start)
		return 0;
	CHECK(pt_unmap(&hyp_pt, start, end - start) == PT_OK);
	CHECK(!pt_lookup(&hyp_pt, start, &pa, NULL, NULL) &&
	      !pt_lookup(&hyp_pt, end - PAGE_SIZE, &pa, NULL, NULL));
	return end - start;
}
