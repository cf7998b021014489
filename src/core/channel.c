/* SPDX-License-Identifier: MIT */
/*
 * Inter-VM channels. The region's layout is the guests' ABI
 * (include/septum/channel.h): end 0's half (its control page and its
 * outbound ring) first, then end 1's. End 0 is the end whose VM comes
 * first in the partition. Each end maps its own half read-write and the
 * peer's read-only, so a faulty VM can corrupt only its own outbound data.
 */
#include <septum/channel.h>
#include <septum/hvc.h>
#include <string.h>

#include "arch.h"
#include "channel.h"
#include "check.h"
#include "console.h"
#include "mem.h"
#include "vgic_vm.h"
#include "vm.h"

struct channel {
	const struct cfg_vm *cfg[2];   /* the ends, by end number */
	struct vm *vm[2];              /* NULL until that end is built */
	unsigned idx[2];               /* the channel's index in each end's list */
	uint64_t size;                 /* per-direction capacity */
	paddr_t host;
};

static struct channel channels[CFG_MAX_VMS * CFG_MAX_CHANNELS / 2];
static unsigned nchannels;

static unsigned end_of(const struct cfg_vm *c, const struct cfg_vm *peer)
{
	return c < peer ? 0 : 1;
}

/* The channel record for (c, ch), created (with its region) if new. */
static struct channel *find_or_make(const struct cfg_vm *c, unsigned idx,
				    const struct cfg_vm *peer)
{
	const struct cfg_channel *ch = &c->chan[idx];
	unsigned e = end_of(c, peer);
	struct channel *k;

	for (unsigned i = 0; i < nchannels; i++) {
		k = &channels[i];
		if (k->cfg[e] == c && k->cfg[1 - e] == peer && k->idx[e] == idx)
			return k;
	}
	if (nchannels == ARRAY_SIZE(channels))
		return NULL;
	k = &channels[nchannels];
	if (palloc_alloc(&mem_ram, SEPTUM_CHAN_FOOTPRINT(ch->size), PAGE_SIZE, &k->host) !=
	    PALLOC_OK)
		return NULL;
	arch_zero(mem_ptr(k->host), SEPTUM_CHAN_FOOTPRINT(ch->size));
	k->cfg[e] = c;
	k->cfg[1 - e] = peer;
	k->idx[e] = idx;
	/* The peer's index of this channel: its channel of the same name. */
	for (unsigned j = 0; j < peer->nchan; j++)
		if (!strcmp(peer->chan[j].name, ch->name))
			k->idx[1 - e] = j;
	k->size = ch->size;
	nchannels++;
	return k;
}

__boot bool channel_init_vm(struct vm *vm, const struct partition *p)
{
	const struct cfg_vm *c = vm->cfg;

	for (unsigned i = 0; i < c->nchan; i++) {
		const struct cfg_channel *ch = &c->chan[i];
		const struct cfg_vm *peer = &p->vm[ch->peer_vm];
		struct channel *k = find_or_make(c, i, peer);
		unsigned e = end_of(c, peer);
		uint64_t half = SEPTUM_CHAN_FOOTPRINT(ch->size) / 2;

		if (!k || pt_map(&vm->s2, ch->guest + e * half, pa_init(pa_addr(k->host) + e * half), half,
				 PT_RW) != PT_OK ||
		    pt_map(&vm->s2, ch->guest + (1 - e) * half, pa_init(pa_addr(k->host) + (1 - e) * half),
			   half, PT_R) != PT_OK ||
		    vgic_set_owned(&vm->vgic, ch->intid) != VGIC_OK ||
		    vgic_set_edge_reset(&vm->vgic, ch->intid) != VGIC_OK) {
			log_info("error: %s/channels/%s: cannot place or map it; VM %s refused",
				 c->path, ch->name, c->name);
			return false;
		}
		k->vm[e] = vm;
		vm->chan_end[i] = (uint8_t)e;
	}
	return true;
}

int64_t channel_ring(struct vcpu *v, uint64_t idx)
{
	struct vm *vm = v->vm;

	for (unsigned i = 0; i < nchannels; i++) {
		struct channel *k = &channels[i];

		for (unsigned e = 0; e < 2; e++) {
			struct vm *peer;

			if (k->vm[e] != vm || k->idx[e] != idx)
				continue;
			peer = k->vm[1 - e];
			/* The caller's stores to the ring come before the doorbell
			 * that announces them (HVC is no barrier): DMB ISH. */
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			if (peer && __atomic_load_n(&peer->state, __ATOMIC_ACQUIRE) == VM_RUNNING)
				vgic_vm_post(peer, k->cfg[1 - e]->chan[k->idx[1 - e]].intid);
			return SEPTUM_OK;
		}
	}
	__atomic_fetch_add(&vm->ipc_errors, 1, __ATOMIC_RELAXED);
	return SEPTUM_E_NO_CHANNEL;
}
