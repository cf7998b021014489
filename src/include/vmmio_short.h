/* SPDX-License-Identifier: MIT */
/*
 * Trap-and-emulate MMIO (vmmio.h) on the exception short path: inline, so
 * that the arch's short path (arch/aarch64/trap.c) decodes, finds the
 * region and calls its handler in one frame, the access in registers.
 * vmmio.c's full path uses the same steps.
 */
#ifndef SEPTUM_VMMIO_SHORT_H
#define SEPTUM_VMMIO_SHORT_H

#include "arch.h"
#include "vm.h"
#include "vmmio.h"

/* The region among m's first nr that holds [ipa, ipa + n), or NULL. */
static inline const struct vmmio_region *vmmio_find(const struct vmmio *m, unsigned nr,
						    uint64_t ipa, uint64_t n)
{
	for (unsigned i = 0; i < nr; i++)
		if (ipa >= m->r[i].base && ipa - m->r[i].base < m->r[i].size &&
		    n <= m->r[i].size - (ipa - m->r[i].base))
			return &m->r[i];
	return NULL;
}

/* The value a load of size bytes puts in its register (Arm ARM C6.2: LDR*,
 * LDRS*): zero-extended, or sign-extended to 32 or 64 bits. */
static inline uint64_t vmmio_load_value(uint64_t v, const struct trap_info *t)
{
	unsigned unused = 64 - t->abort.size * 8;

	v <<= unused;
	v = t->abort.sign_extend ? (uint64_t)((int64_t)v >> unused) : v >> unused;
	return t->abort.reg64 ? v : (uint32_t)v;
}

/* One access to region r by the emulable data abort t of v, its result
 * written back; the pc is left alone. VMMIO_FAULT if the handler
 * refused it. */
static inline enum vmmio_result vmmio_perform(const struct vmmio_region *r, struct vcpu *v,
					      const struct trap_info *t)
{
	struct vmmio_access a = {
		.offset = t->abort.ipa - r->base,
		.size = t->abort.size,
		.write = t->abort.write,
	};

	if (a.write) {
		a.value = arch_vcpu_get_reg(&v->arch, t->abort.reg);
		if (a.size < 8)
			a.value &= (1ull << (a.size * 8)) - 1;
	}
	if (!r->handler(v, r->dev, &a))
		return VMMIO_FAULT;
	if (!a.write)
		arch_vcpu_set_reg(&v->arch, t->abort.reg, vmmio_load_value(a.value, t));
	return VMMIO_DONE;
}

/*
 * The short path's data abort (src/DESIGN.md, "The short path") for vCPU
 * v on its CPU: t is a data access with a valid syndrome, not on a
 * stage-1 walk, whose transfer register is in the part of the frame the
 * short path saved. Emulates it against v's VM if that is exactly what
 * the full exit would do: the exit would have nothing to take back from
 * the list registers or the timer first (vcpu_exit: a GIC read must see
 * their state, a write must act on it), and a region registered with
 * vmmio_register_short takes the access. VMMIO_DONE if so, with the
 * result written back but the pc not moved (the arch does that); else
 * VMMIO_NONE or VMMIO_FAULT having done nothing (the full exit follows).
 */
static inline enum vmmio_result vmmio_emulate_short(struct vcpu *v, const struct trap_info *t)
{
	const struct vmmio_region *r;

	if (v->lr_used || v->timer_live)
		return VMMIO_NONE;
	/* Only the short-path regions, which come first: an access to any
	 * other region costs the full exit little more than this loop. */
	r = vmmio_find(&v->vm->mmio, v->vm->mmio.nshort, t->abort.ipa, t->abort.size);
	if (!r)
		return VMMIO_NONE;
	return vmmio_perform(r, v, t);
}

#endif /* SEPTUM_VMMIO_SHORT_H */
