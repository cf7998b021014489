/* SPDX-License-Identifier: MIT */
/*
 * The architecture-neutral side of exception handling: the catch of
 * expected synchronous exceptions and the IRQ hooks. The vectors and
 * their decoding are per architecture (<arch>/start.S, <arch>/exc_sync.c).
 */
#include <guest/exc.h>

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

bool exc_catch_record(u64 esr, u64 far, u64 elr)
{
	if (!READ_ONCE(exc_armed))
		return false;
	if (!exc_rec.count++) {
		exc_rec.esr = esr;
		exc_rec.far = far;
		exc_rec.elr = elr;
	}
	return true;
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

	if (!fn)
		exc_irq_unhandled();
	fn(stamp);
	exit_fn = READ_ONCE(exc_irq_exit_hook);
	if (exit_fn)
		exit_fn();
}
