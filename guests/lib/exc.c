/* SPDX-License-Identifier: MIT */
/*
 * The C side of the EL1 vectors: catch expected aborts, pass IRQs to the
 * hook, report the rest.
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

static bool exc_armed;
static struct exc_record exc_rec;

void exc_catch_begin(void)
{
	exc_rec = (struct exc_record){ 0 };
	WRITE_ONCE(exc_armed, true);
	__asm__ volatile("" : : : "memory");
}

struct exc_record exc_catch_end(void)
{
	__asm__ volatile("" : : : "memory");
	WRITE_ONCE(exc_armed, false);
	return exc_rec;
}

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

static exc_irq_fn exc_irq_hook;

void exc_set_irq_handler(exc_irq_fn fn)
{
	WRITE_ONCE(exc_irq_hook, fn);
	dsb_sy();
}

static exc_irq_exit_fn exc_irq_exit_hook;

void exc_set_irq_exit_handler(exc_irq_exit_fn fn)
{
	WRITE_ONCE(exc_irq_exit_hook, fn);
	dsb_sy();
}

void exc_irq(u64 stamp)
{
	exc_irq_fn fn = READ_ONCE(exc_irq_hook);
	exc_irq_exit_fn exit_fn;

	if (fn) {
		fn(stamp);
		exit_fn = READ_ONCE(exc_irq_exit_hook);
		if (exit_fn)
			exit_fn();
		return;
	}
	con_emergency("FATAL exception spx-irq with no handler elr=0x%lx\n",
		      read_sysreg(elr_el1));
	test_abort("spx-irq", 0);
}

void exc_handle(struct exc_frame *f, u64 vector)
{
	if (vector == VEC_CUR_SPX_SYNC && READ_ONCE(exc_armed)) {
		if (!exc_rec.count++) {
			exc_rec.esr = f->esr;
			exc_rec.far = f->far;
			exc_rec.elr = f->elr;
		}
		f->elr += 4;
		return;
	}
	con_emergency("FATAL exception %s esr=0x%lx far=0x%lx elr=0x%lx "
		      "spsr=0x%lx\n", vec_names[vector & 15], f->esr, f->far,
		      f->elr, f->spsr);
	test_abort(vec_names[vector & 15], f->esr);
}
