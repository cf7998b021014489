/* SPDX-License-Identifier: MIT */
/* Trap-and-emulate MMIO dispatch (see vmmio.h). */
#include "arch.h"
#include "vm.h"
#include "vmmio.h"

static bool add(struct vmmio *m, uint64_t base, uint64_t size, vmmio_handler handler,
		void *dev, bool short_path)
{
	unsigned at = m->n;

	if (m->n == VMMIO_MAX_REGIONS || !size || base + size < base)
		return false;
	for (unsigned i = 0; i < m->n; i++)
		if (ranges_overlap(base, size, m->r[i].base, m->r[i].size))
			return false;
	/* Short-path regions first, in the order registered. */
	while (short_path && at > 0 && !m->r[at - 1].short_path) {
		m->r[at] = m->r[at - 1];
		at--;
	}
	m->r[at] = (struct vmmio_region){ base, size, handler, dev, short_path };
	m->n++;
	return true;
}

bool vmmio_register(struct vmmio *m, uint64_t base, uint64_t size,
		    vmmio_handler handler, void *dev)
{
	return add(m, base, size, handler, dev, false);
}

bool vmmio_register_short(struct vmmio *m, uint64_t base, uint64_t size,
			  vmmio_handler handler, void *dev)
{
	return add(m, base, size, handler, dev, true);
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
	unsigned unused = 64 - t->abort.size * 8;

	v <<= unused;
	v = t->abort.sign_extend ? (uint64_t)((int64_t)v >> unused) : v >> unused;
	return t->abort.reg64 ? v : (uint32_t)v;
}

/* One access to region r by the emulable data abort t, its result
 * written back; the pc is left alone. */
static enum vmmio_result perform(const struct vmmio_region *r, struct vcpu *v,
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
		arch_vcpu_set_reg(&v->arch, t->abort.reg, load_value(a.value, t));
	return VMMIO_DONE;
}

enum vmmio_result vmmio_emulate(const struct vmmio *m, struct vcpu *v,
				const struct trap_info *t)
{
	const struct vmmio_region *r;
	enum vmmio_result res;

	if (t->kind != TRAP_DABT)
		return VMMIO_NONE;
	r = find(m, t->abort.ipa, t->abort.isv ? t->abort.size : 1);
	if (!r)
		return VMMIO_NONE;
	/* Without a valid syndrome (e.g. LDP, or writeback addressing) the
	 * access cannot be emulated (Arm ARM D17.2.37, ISV). */
	if (!t->abort.isv || t->abort.s1ptw)
		return VMMIO_FAULT;
	res = perform(r, v, t);
	if (res == VMMIO_DONE)
		arch_vcpu_skip_insn(&v->arch, t->insn_len);
	return res;
}

enum vmmio_result vmmio_emulate_short(struct vcpu *v, const struct trap_info *t)
{
	const struct vmmio_region *r;

	/* vcpu_exit's first step: a GIC read must see the list registers'
	 * and the timer's state, a write must act on it. */
	if (v->lr_used || v->timer_live)
		return VMMIO_NONE;
	r = find(&v->vm->mmio, t->abort.ipa, t->abort.size);
	if (!r || !r->short_path)
		return VMMIO_NONE;
	return perform(r, v, t);
}
