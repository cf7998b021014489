/* SPDX-License-Identifier: MIT */
/* Trap-and-emulate MMIO dispatch (see vmmio.h). */
#include "arch.h"
#include "vm.h"
#include "vmmio.h"
#include "vmmio_short.h"

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
	m->nshort += short_path;
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

enum vmmio_result vmmio_emulate(const struct vmmio *m, struct vcpu *v,
				const struct trap_info *t)
{
	const struct vmmio_region *r;
	enum vmmio_result res;

	if (t->kind != TRAP_DABT)
		return VMMIO_NONE;
	r = vmmio_find(m, m->n, t->abort.ipa, t->abort.isv ? t->abort.size : 1);
	if (!r)
		return VMMIO_NONE;
	/* Without a valid syndrome (e.g. LDP, or writeback addressing) the
	 * access cannot be emulated (Arm ARM D17.2.37, ISV). */
	if (!t->abort.isv || t->abort.s1ptw)
		return VMMIO_FAULT;
	res = vmmio_perform(r, v, t);
	if (res == VMMIO_DONE)
		arch_vcpu_skip_insn(&v->arch, t->insn_len);
	return res;
}
