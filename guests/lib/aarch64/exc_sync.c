/* SPDX-License-Identifier: MIT */
/*
 * The C side of the AArch64 EL1 vectors (start.S): catch expected aborts,
 * report the rest.
 */
#include <guest/console.h>
#include <guest/exc.h>
#include <guest/test.h>

/* Vector index within the table (Arm ARM D1.10.2, table D1-5). */
#define VEC_CUR_SPX_SYNC	4

static const char *const vec_names[16] = {
	"sp0-sync", "sp0-irq", "sp0-fiq", "sp0-serror",
	"spx-sync", "spx-irq", "spx-fiq", "spx-serror",
	"a64-sync", "a64-irq", "a64-fiq", "a64-serror",
	"a32-sync", "a32-irq", "a32-fiq", "a32-serror",
};

struct exc_record exc_probe_read(u64 addr, u64 *val)
{
	u64 v = 0;

	exc_catch_begin();
	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(addr) : "memory");
	*val = v;
	return exc_catch_end();
}

struct exc_record exc_probe_write(u64 addr, u64 val)
{
	exc_catch_begin();
	__asm__ volatile("str %0, [%1]" : : "r"(val), "r"(addr) : "memory");
	return exc_catch_end();
}

void exc_irq_unhandled(void)
{
	con_emergency("FATAL exception spx-irq with no handler elr=0x%llx\n",
		      read_sysreg(elr_el1));
	test_abort("spx-irq", 0);
}

void exc_handle(struct exc_frame *f, u64 vector)
{
	if (vector == VEC_CUR_SPX_SYNC &&
	    exc_catch_record(f->esr, f->far, f->elr)) {
		f->elr += 4;
		return;
	}
	con_emergency("FATAL exception %s esr=0x%llx far=0x%llx elr=0x%llx "
		      "spsr=0x%llx\n", vec_names[vector & 15], f->esr, f->far,
		      f->elr, f->spsr);
	test_abort(vec_names[vector & 15], f->esr);
}
