/*
 * Unit tests: channels and doorbells (src/core/channel.c) with the VMs'
 * real stage-2 tables (pt.c), virtual GICs (vgic/) and the vGIC glue
 * (vgic/vgic_vm.c), on the host stand-in architecture (src/arch/host: no
 * GIC hardware, memory is a host buffer). Two VMs, "a" and "b", joined by
 * the channel "link"; a has a second channel entry that leads nowhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <septum/channel.h>
#include <septum/hvc.h>

#include "channel.h"
#include "mem.h"
#include "vm.h"

#define POOL_PAGES 64
#define RAM_SIZE (1u << 20)

struct vm vms[CFG_MAX_VMS];
unsigned vm_count;
struct palloc mem_ram;
struct pt_pool mem_pt_pool;

static struct partition part;
static struct vm *const a = &vms[0], *const b = &vms[1];
static struct {
	unsigned count;
	struct vm *vm;
} posts;

/* Stand-ins for what lies beyond these files. */
void vm_post(struct vm *target, unsigned prefer)
{
	posts.count++;
	posts.vm = target;
}

void vm_kick(struct vcpu *t)
{
}

static void make_vm(struct vm *vm, unsigned id, const char *name, const char *peer,
		    uint64_t guest, uint32_t intid)
{
	struct cfg_vm *c = &part.vm[id];

	strcpy(c->name, name);
	strcpy(c->path, name);
	c->nvcpus = 1;
	c->nchan = 1;
	c->chan[0] = (struct cfg_channel){ .size = 4096, .guest = guest, .intid = intid,
					   .peer_vm = (int)(1 - id) };
	strcpy(c->chan[0].name, "link");
	strcpy(c->chan[0].peer, peer);
	vm->id = id;
	vm->cfg = c;
	vm->nvcpus = 1;
	vm->state = VM_RUNNING;
	vm->vcpu[0].vm = vm;
	vm->vcpu[0].power = VCPU_ON;
	assert_int_equal(vgic_init(&vm->vgic, VGIC_V3, 1, 128), VGIC_OK);
	assert_int_equal(pt_init(&vm->s2, &mem_pt_pool, PT_STAGE2, 40, (uint16_t)(id + 1)),
			 PT_OK);
}

/* Once for the group: channel.c keeps its channels for as long as Septum
 * runs, as the hypervisor does. */
static int group_setup(void **state)
{
	void *ram = aligned_alloc(PAGE_SIZE, RAM_SIZE);
	void *pool = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);

	if (!ram || !pool)
		return -1;
	palloc_init(&mem_ram);
	palloc_add(&mem_ram, pa_init((uintptr_t)ram), RAM_SIZE);
	pt_pool_init(&mem_pt_pool, pool, POOL_PAGES);
	vm_count = part.nvms = 2;
	make_vm(a, 0, "a", "b", 0x70000000, 100);
	make_vm(b, 1, "b", "a", 0x50000000, 101);
	if (!channel_init_vm(a, &part) || !channel_init_vm(b, &part))
		return -1;
	return 0;
}

static int setup(void **state)
{
	posts.count = 0;
	posts.vm = NULL;
	a->state = b->state = VM_RUNNING;
	a->ipc_errors = b->ipc_errors = 0;
	return 0;
}

static void each_end_writes_its_half_and_reads_the_peers(void **state)
{
	uint64_t half = SEPTUM_CHAN_FOOTPRINT(4096) / 2;
	paddr_t a0, a1, b0, b1;
	uint32_t at;

	/* a comes first in the partition: end 0, its half first. */
	assert_true(pt_lookup(&a->s2, 0x70000000, &a0, &at, NULL));
	assert_int_equal(at & (PT_R | PT_W), PT_RW);
	assert_true(pt_lookup(&a->s2, 0x70000000 + half, &a1, &at, NULL));
	assert_int_equal(at & (PT_R | PT_W), PT_R);
	assert_true(pt_lookup(&b->s2, 0x50000000, &b0, &at, NULL));
	assert_int_equal(at & (PT_R | PT_W), PT_R);
	assert_true(pt_lookup(&b->s2, 0x50000000 + half, &b1, &at, NULL));
	assert_int_equal(at & (PT_R | PT_W), PT_RW);
	/* The same memory, seen from both ends. */
	assert_int_equal(pa_addr(a0), pa_addr(b0));
	assert_int_equal(pa_addr(a1), pa_addr(b1));
	assert_int_equal(pa_addr(a1) - pa_addr(a0), half);
	assert_false(pt_lookup(&a->s2, 0x70000000 + 2 * half, &a0, NULL, NULL));
}

static void a_doorbell_posts_the_peers_interrupt(void **state)
{
	assert_int_equal(channel_ring(&a->vcpu[0], 0), SEPTUM_OK);
	assert_int_equal(posts.count, 1);
	assert_ptr_equal(posts.vm, b);
	assert_true(b->vgic.posted[(101 - 32) / 32] & (1u << ((101 - 32) % 32)));
	assert_int_equal(channel_ring(&b->vcpu[0], 0), SEPTUM_OK);
	assert_ptr_equal(posts.vm, a);
	assert_true(a->vgic.posted[(100 - 32) / 32] & (1u << ((100 - 32) % 32)));
}

static void a_doorbell_on_no_channel_is_refused_and_counted(void **state)
{
	assert_int_equal(channel_ring(&a->vcpu[0], 1), SEPTUM_E_NO_CHANNEL);
	assert_int_equal(channel_ring(&a->vcpu[0], 0xffffffffull), SEPTUM_E_NO_CHANNEL);
	assert_int_equal(a->ipc_errors, 2);
	assert_int_equal(posts.count, 0);
}

static void a_stopped_peer_is_not_signalled(void **state)
{
	b->state = VM_STOPPED;
	assert_int_equal(channel_ring(&a->vcpu[0], 0), SEPTUM_OK);
	assert_int_equal(posts.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(each_end_writes_its_half_and_reads_the_peers, setup),
		cmocka_unit_test_setup(a_doorbell_posts_the_peers_interrupt, setup),
		cmocka_unit_test_setup(a_doorbell_on_no_channel_is_refused_and_counted, setup),
		cmocka_unit_test_setup(a_stopped_peer_is_not_signalled, setup),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
