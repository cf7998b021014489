/* SPDX-License-Identifier: MIT */
/* Trap-and-emulate MMIO dispatch (see vmmio.h). */
#include "arch.h"
#include "vm.h"
#include "vmmio.h"

bool vmmio_register(struct vmmio *m, uint64_t base, uint64_t size,
		    vmmio_handler handler, void *dev)
{
	if (m->n == VMMIO_MAX_REGIONS || !size || base + size < base)
		return false;
	for (unsigned i = 0; i < m->n; i++)
		if (ranges_overlap(base, size, m->r[i].base, m->r[i].size))
			return false;
	m->r[m->n++] = (struct vmmio_region){ base, size, handler, dev };
	return true;
}

static const struct vmmio_region *find(const struct vmmio *m, uint64_t ipa, uint64_t n)
{
	for (unsigned i = 0; i < m->n; i++)
		if (ipa >= m->r[i].base && ipa - m->r[i].base < m->r[i].size &&
		    n <= m->r[i].size - (ipa - m->r[i].base))
			return &m->r[i];
	return NULL;
}

/* The value a load of size bytes puts in its register (Arm ARM C6.2: LDR*,
 * LDRS*): zero-extended, or sign-extended to 32 or 64 bits. */
static uint64_t load_value(uint64_t v, const struct trap_info *t)
{
	unsigned bits = t->abort.size * 8;

	if (bits < 64)
		v &= (1ull << bits) - 1;
	if (t->abort.sign_extend && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~0ull << bits;
	if (!t->abort.reg64)
		v &= 0xffffffffull;
	return v;
}

enum vmmio_result vmmio_emulate(const struct vmmio *m, struct vcpu *v,
				const struct trap_info *t)
{
	const struct vmmio_region *r;
	struct vmmio_access a;

	if (t->kind != TRAP_DABT)
		return VMMIO_NONE;
	r = find(m, t->abort.ipa, t->abort.isv ? t->abort.size : 1);
	if (!r)
		return VMMIO_NONE;
	/* Without a valid syndrome (e.g. LDP, or writeback addressing) the
	 * access cannot be emulated (Arm ARM D17.2.37, ISV). */
	if (!t->abort.isv || t->abort.s1ptw)
		return VMMIO_FAULT;
	a.offset = t->abort.ipa - r->base;
	a.size = t->abort.size;
	a.write = t->abort.write;
	a.value = 0;
	if (a.write) {
		a.value = arch_vcpu_get_reg(&v->arch, t->abort.reg);
		if (a.size < 8)
			a.value &= (1ull << (a.size * 8)) - 1;
	}
	if (!r->handler(v, r->dev, &a))
		return VMMIO_FAULT;
	if (!a.write)
		arch_vcpu_set_reg(&v->arch, t->abort.reg, load_value(a.value, t));
	arch_vcpu_skip_insn(&v->arch, t->insn_len);
	return VMMIO_DONE;
}
