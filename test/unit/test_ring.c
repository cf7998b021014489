/*
 * Unit tests: the channel layout (include/septum/channel.h) and the ring
 * (include/septum/ring.h), both ends in one process. Built twice: plain,
 * and as test_ring_asan under AddressSanitizer, where the faulty-peer tests
 * put the peer's ring in a heap block of exactly its capacity so that any
 * read past it is caught.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <septum/ring.h>

#define CAP 4096u

static uint8_t *region;
static struct septum_chan a, b;   /* end 0, end 1 */
static uint8_t buf[2 * CAP];

static int setup(void **state)
{
	region = aligned_alloc(4096, SEPTUM_CHAN_FOOTPRINT(CAP));
	if (!region)
		return -1;
	memset(region, 0x5a, SEPTUM_CHAN_FOOTPRINT(CAP));
	if (septum_chan_init(region, CAP, 0) || septum_chan_init(region, CAP, 1) ||
	    septum_chan_attach(&a, region, CAP, 0) || septum_chan_attach(&b, region, CAP, 1))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	free(region);
	return 0;
}

/* Fills p with a pattern that differs per message. */
static void pattern(uint8_t *p, uint32_t n, uint32_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 8));
}

/* Moves both counters of a->b to pos by sending and receiving filler. */
static void advance(uint32_t pos)
{
	while (a.me->head != pos) {
		uint32_t gap = pos - a.me->head;
		uint32_t len = gap >= CAP / 2 ? CAP / 2 - 8 : gap - 8;

		assert_int_equal(septum_chan_send(&a, buf, len), 0);
		assert_int_equal(septum_chan_recv(&b, buf, sizeof(buf)), (int)len);
	}
}

/* Sends len pattern bytes a->b and checks they arrive intact. */
static void round_trip(uint32_t len, uint32_t seed)
{
	uint8_t msg[CAP], got[CAP];

	pattern(msg, len, seed);
	memset(got, 0xee, sizeof(got));
	assert_int_equal(septum_chan_send(&a, msg, len), 0);
	assert_int_equal(septum_chan_pending(&b), (int)SEPTUM_CHAN_RECORD(len));
	assert_int_equal(septum_chan_peek_len(&b), (int)len);
	assert_int_equal(septum_chan_recv(&b, got, sizeof(got)), (int)len);
	assert_memory_equal(got, msg, len);
	assert_int_equal(got[len], 0xee);
	assert_int_equal(septum_chan_pending(&b), 0);
}

static void layout_offsets_are_the_abi(void **state)
{
	assert_int_equal(sizeof(struct septum_chan_ctl), 4096);
	assert_int_equal(offsetof(struct septum_chan_ctl, ready), 16);
	assert_int_equal(offsetof(struct septum_chan_ctl, head), 64);
	assert_int_equal(offsetof(struct septum_chan_ctl, peer_tail), 128);
	assert_int_equal(offsetof(struct septum_chan_ctl, full), 192);
	assert_int_equal(SEPTUM_CHAN_FOOTPRINT(0x10000u), 0x22000);
	assert_int_equal(SEPTUM_CHAN_CTL_OFF(0x10000u, 0), 0);
	assert_int_equal(SEPTUM_CHAN_RING_OFF(0x10000u, 0), 0x1000);
	assert_int_equal(SEPTUM_CHAN_CTL_OFF(0x10000u, 1), 0x11000);
	assert_int_equal(SEPTUM_CHAN_RING_OFF(0x10000u, 1), 0x12000);
	assert_int_equal(SEPTUM_CHAN_MAX_MSG(CAP), 4088);
	assert_int_equal(SEPTUM_CHAN_RECORD(0u), 8);
	assert_int_equal(SEPTUM_CHAN_RECORD(4u), 16);
	assert_int_equal(SEPTUM_CHAN_RECORD(5u), 16);
	assert_int_equal(SEPTUM_CHAN_RECORD(8u), 16);
	assert_int_equal(SEPTUM_CHAN_RECORD(9u), 24);
}

static void attach_points_at_each_half(void **state)
{
	assert_ptr_equal(a.me, region);
	assert_ptr_equal(a.tx, region + 0x1000);
	assert_ptr_equal(a.peer, region + 0x2000);
	assert_ptr_equal(a.rx, region + 0x3000);
	assert_ptr_equal(b.me, region + 0x2000);
	assert_ptr_equal(b.tx, region + 0x3000);
	assert_ptr_equal(b.peer, region);
	assert_ptr_equal(b.rx, region + 0x1000);
	assert_int_equal(a.capacity, CAP);
	assert_int_equal(b.end, 1);
}

static void init_writes_its_control_page_only(void **state)
{
	static const uint8_t spch[] = { 'S', 'P', 'C', 'H', 2, 0, 0, 0, 0, 0x10, 0, 0,
					1, 0, 0, 0, 1, 0, 0, 0 };

	memset(region, 0xa5, SEPTUM_CHAN_FOOTPRINT(CAP));
	assert_int_equal(septum_chan_init(region, CAP, 1), 0);
	assert_memory_equal(region + 0x2000, spch, sizeof(spch));
	for (uint32_t i = sizeof(spch); i < 0x1000; i++)
		assert_int_equal(region[0x2000 + i], 0);
	for (uint32_t i = 0; i < 0x2000; i++)
		assert_int_equal(region[i], 0xa5);
	for (uint32_t i = 0x3000; i < 0x4000; i++)
		assert_int_equal(region[i], 0xa5);
}

/* A VM restarts and initialises its half again: the counters it left
 * are kept, so what was queued either way still arrives. */
static void restart_keeps_queued_messages(void **state)
{
	advance(200);
	assert_int_equal(septum_chan_send(&a, "to-b", 4), 0);
	assert_int_equal(septum_chan_send(&b, "to-a", 4), 0);
	assert_int_equal(septum_chan_init(region, CAP, 0), 0);
	assert_int_equal(septum_chan_attach(&a, region, CAP, 0), 0);
	assert_int_equal(a.me->head, 216);
	assert_int_equal(septum_chan_ready(&b), 1);
	assert_int_equal(septum_chan_recv(&a, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "to-a", 4);
	assert_int_equal(septum_chan_recv(&b, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "to-b", 4);
	assert_int_equal(septum_chan_recv(&b, buf, sizeof(buf)), -SEPTUM_EAGAIN);
}

/* A half whose identity was destroyed (or a fresh end facing a peer that
 * has run for a while) takes the peer's counters: nothing pending either
 * way, and no -SEPTUM_EPROTO for either side afterwards. */
static void broken_half_takes_the_peers_counters(void **state)
{
	advance(3 * CAP + 64);
	for (int i = 0; i < 6; i++) {   /* b's head well past one ring */
		assert_int_equal(septum_chan_send(&b, buf, CAP / 2 - 8), 0);
		assert_int_equal(septum_chan_recv(&a, buf, sizeof(buf)), CAP / 2 - 8);
	}
	assert_int_equal(septum_chan_send(&b, "lost", 4), 0);
	a.me->magic = 0;
	a.me->head = 12345;
	assert_int_equal(septum_chan_init(region, CAP, 0), 0);
	assert_int_equal(septum_chan_attach(&a, region, CAP, 0), 0);
	assert_int_equal(a.me->head, b.me->peer_tail);
	assert_int_equal(a.me->peer_tail, b.me->head);
	assert_int_equal(septum_chan_recv(&a, buf, sizeof(buf)), -SEPTUM_EAGAIN);
	assert_int_equal(septum_chan_pending(&b), 0);
	round_trip(100, 1);
	assert_int_equal(septum_chan_send(&b, "next", 4), 0);
	assert_int_equal(septum_chan_recv(&a, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "next", 4);
}

/* First boot: an end may send before the other is up; its messages wait. */
static void messages_sent_before_the_peer_is_up_wait_for_it(void **state)
{
	memset(region, 0, SEPTUM_CHAN_FOOTPRINT(CAP));
	assert_int_equal(septum_chan_init(region, CAP, 0), 0);
	assert_int_equal(septum_chan_attach(&a, region, CAP, 0), 0);
	assert_int_equal(septum_chan_ready(&a), 0);
	assert_int_equal(septum_chan_send(&a, "early", 5), 0);
	assert_int_equal(septum_chan_init(region, CAP, 1), 0);
	assert_int_equal(septum_chan_attach(&b, region, CAP, 1), 0);
	assert_int_equal(b.me->peer_tail, 0);
	assert_int_equal(septum_chan_recv(&b, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "early", 5);
}

static void bad_arguments_are_refused(void **state)
{
	struct septum_chan c;

	assert_int_equal(septum_chan_init(region, 0x800, 0), -SEPTUM_EINVAL);
	assert_int_equal(septum_chan_init(region, 0x3000, 0), -SEPTUM_EINVAL);
	assert_int_equal(septum_chan_init(region, 0x20000000, 0), -SEPTUM_EINVAL);
	assert_int_equal(septum_chan_init(region, 0, 0), -SEPTUM_EINVAL);
	assert_int_equal(septum_chan_init(region, CAP, 2), -SEPTUM_EINVAL);
	assert_int_equal(septum_chan_init(region + 8, CAP, 0), -SEPTUM_EINVAL);
	assert_int_equal(septum_chan_attach(&c, region, 0x3000, 0), -SEPTUM_EINVAL);
	assert_int_equal(septum_chan_attach(&c, region, CAP, 2), -SEPTUM_EINVAL);
	assert_int_equal(septum_chan_attach(&c, region + 32, CAP, 1), -SEPTUM_EINVAL);
	assert_int_equal(septum_chan_attach(&c, region, CAP, 1), 0);
	assert_ptr_equal(c.me, b.me);
}

static void ready_needs_a_matching_peer(void **state)
{
	struct septum_chan_ctl *p1 = b.me;

	assert_int_equal(septum_chan_ready(&a), 1);
	assert_int_equal(septum_chan_ready(&b), 1);
	p1->ready = 0;
	assert_int_equal(septum_chan_ready(&a), 0);
	p1->ready = SEPTUM_CHAN_READY;
	p1->capacity = 2 * CAP;
	assert_int_equal(septum_chan_ready(&a), -SEPTUM_EPROTO);
	p1->capacity = CAP;
	p1->end = 0;
	assert_int_equal(septum_chan_ready(&a), -SEPTUM_EPROTO);
	p1->end = 1;
	p1->version = 1;	/* the 4-byte header of version 1 */
	assert_int_equal(septum_chan_ready(&a), -SEPTUM_EPROTO);
	p1->version = SEPTUM_CHAN_VERSION;
	p1->magic = 0;
	assert_int_equal(septum_chan_ready(&a), -SEPTUM_EPROTO);
	p1->magic = SEPTUM_CHAN_MAGIC;
	assert_int_equal(septum_chan_ready(&a), 1);
}

static void empty_ring_says_eagain(void **state)
{
	assert_int_equal(septum_chan_peek_len(&b), -SEPTUM_EAGAIN);
	assert_int_equal(septum_chan_recv(&b, buf, sizeof(buf)), -SEPTUM_EAGAIN);
	assert_int_equal(septum_chan_discard(&b), -SEPTUM_EAGAIN);
	assert_int_equal(septum_chan_pending(&b), 0);
	assert_int_equal(septum_chan_space(&a), CAP);
}

static void message_arrives_with_its_record_size(void **state)
{
	assert_int_equal(septum_chan_send(&a, "hello", 5), 0);
	assert_int_equal(a.me->head, 16);
	assert_int_equal(*(uint32_t *)a.tx, 5);
	assert_int_equal(*(uint32_t *)(a.tx + 4), 0);
	assert_memory_equal(a.tx + 8, "hello", 5);
	assert_int_equal(septum_chan_space(&a), CAP - 16);
	assert_int_equal(septum_chan_pending(&b), 16);
	assert_int_equal(septum_chan_peek_len(&b), 5);
	memset(buf, 0, 8);
	assert_int_equal(septum_chan_recv(&b, buf, 5), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(b.me->peer_tail, 16);
	assert_int_equal(septum_chan_space(&a), CAP);
	/* The other direction is separate. */
	assert_int_equal(septum_chan_pending(&a), 0);
	assert_int_equal(septum_chan_send(&b, "pong", 4), 0);
	assert_int_equal(septum_chan_recv(&a, buf, 4), 4);
	assert_memory_equal(buf, "pong", 4);
}

static void ring_fills_to_exactly_its_capacity(void **state)
{
	uint32_t sent = 0;

	/* Records of 8, 16, ... bytes until exactly CAP is used. */
	for (uint32_t len = 0; sent < CAP; len++) {
		uint32_t rec = SEPTUM_CHAN_RECORD(len);

		if (sent + rec > CAP)
			len = CAP - sent - 8;
		pattern(buf, len, len);
		assert_int_equal(septum_chan_send(&a, buf, len), 0);
		sent += SEPTUM_CHAN_RECORD(len);
	}
	assert_int_equal(sent, CAP);
	assert_int_equal(septum_chan_space(&a), 0);
	assert_int_equal(septum_chan_pending(&b), CAP);
	assert_int_equal(septum_chan_send(&a, NULL, 0), -SEPTUM_EAGAIN);
	assert_int_equal(a.me->full, 1);
	assert_int_equal(septum_chan_recv(&b, buf, sizeof(buf)), 0);
	assert_int_equal(septum_chan_space(&a), 8);
	assert_int_equal(septum_chan_send(&a, "1234", 4), -SEPTUM_EAGAIN);
	assert_int_equal(septum_chan_send(&a, NULL, 0), 0);
	assert_int_equal(septum_chan_send(&a, NULL, 0), -SEPTUM_EAGAIN);
	assert_int_equal(a.me->full, 3);
}

static void space_tells_exactly_what_fits(void **state)
{
	advance(40);
	assert_int_equal(septum_chan_send(&a, buf, 1000), 0);   /* record 1008 */
	assert_int_equal(septum_chan_space(&a), CAP - 1008);
	/* A message whose record is exactly the space fits; one byte more does not. */
	assert_int_equal(septum_chan_send(&a, buf, CAP - 1008 - 7), -SEPTUM_EAGAIN);
	assert_int_equal(septum_chan_send(&a, buf, CAP - 1008 - 8), 0);
	assert_int_equal(septum_chan_space(&a), 0);
}

static void maximum_message_fills_the_ring(void **state)
{
	uint8_t msg[CAP] = { 0 };
	uint32_t max = SEPTUM_CHAN_MAX_MSG(CAP);

	assert_int_equal(septum_chan_send(&a, msg, max + 1), -SEPTUM_EMSGSIZE);
	assert_int_equal(septum_chan_send(&a, msg, UINT32_MAX), -SEPTUM_EMSGSIZE);
	round_trip(max, 1);
	/* Again from the middle, wrapping, and not while anything is queued. */
	advance(CAP + CAP / 2 + 8);
	assert_int_equal(septum_chan_send(&a, NULL, 0), 0);
	assert_int_equal(septum_chan_send(&a, msg, max), -SEPTUM_EAGAIN);
	assert_int_equal(septum_chan_recv(&b, NULL, 0), 0);
	round_trip(max, 2);
	assert_int_equal(a.me->head, 2 * CAP + CAP / 2 + 16);
}

static void empty_message_takes_eight_bytes(void **state)
{
	assert_int_equal(septum_chan_send(&a, NULL, 0), 0);
	assert_int_equal(septum_chan_pending(&b), 8);
	assert_int_equal(septum_chan_peek_len(&b), 0);
	assert_int_equal(septum_chan_recv(&b, NULL, 0), 0);
	assert_int_equal(septum_chan_pending(&b), 0);
	assert_int_equal(septum_chan_recv(&b, NULL, 0), -SEPTUM_EAGAIN);
}

static void message_split_across_the_end_of_the_ring(void **state)
{
	uint8_t msg[100];

	/* The header lands 16 bytes before the end, with 8 payload bytes
	 * after it; the other 92 continue at the start. */
	advance(CAP - 16);
	pattern(msg, sizeof(msg), 9);
	assert_int_equal(septum_chan_send(&a, msg, sizeof(msg)), 0);
	assert_int_equal(*(uint32_t *)(a.tx + CAP - 16), 100);
	assert_memory_equal(a.tx + CAP - 8, msg, 8);
	assert_memory_equal(a.tx, msg + 8, 92);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(septum_chan_recv(&b, buf, sizeof(buf)), 100);
	assert_memory_equal(buf, msg, 100);
	assert_int_equal(b.me->peer_tail, CAP - 16 + 112);
}

static void header_alone_in_the_last_slot(void **state)
{
	advance(CAP - 8);
	/* Header in the last 8 bytes, the message at the start. */
	assert_int_equal(septum_chan_send(&a, "abcd", 4), 0);
	assert_int_equal(septum_chan_send(&a, "efgh", 4), 0);   /* at 8 */
	assert_int_equal(*(uint32_t *)(a.tx + CAP - 8), 4);
	assert_memory_equal(a.tx, "abcd", 4);
	assert_int_equal(*(uint32_t *)(a.tx + 8), 4);
	assert_int_equal(septum_chan_recv(&b, buf, 4), 4);
	assert_memory_equal(buf, "abcd", 4);
	assert_int_equal(septum_chan_recv(&b, buf, 4), 4);
	assert_memory_equal(buf, "efgh", 4);
}

static void every_start_and_split_point_round_trips(void **state)
{
	static const uint32_t lens[] = { 0, 1, 3, 4, 5, 7, 8, 9, 12, 13, 63, 64, 65,
					 CAP / 2, CAP - 17, CAP - 8 };

	for (uint32_t pos = 0; pos < CAP; pos += 8)
		for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			uint32_t head = a.me->head;

			advance(head + ((pos - head) & (CAP - 1)));
			round_trip(lens[i], pos + i);
		}
}

static void counters_wrap_at_2_to_the_32(void **state)
{
	uint32_t start = UINT32_MAX - 40 + 1;   /* 8-aligned, 40 bytes before the wrap */

	a.me->head = start;
	b.me->peer_tail = start;
	assert_int_equal(septum_chan_space(&a), CAP);
	for (uint32_t i = 0; i < 20; i++)
		round_trip(i * 3, i);
	assert_true(a.me->head < 1000);
	assert_int_equal(a.me->head, b.me->peer_tail);
	for (uint32_t i = 0; i < 8; i++)
		assert_int_equal(septum_chan_send(&a, buf, CAP / 8 - 8), 0);
	assert_int_equal(septum_chan_space(&a), 0);
}

static void too_small_buffer_leaves_the_message(void **state)
{
	uint8_t msg[100];

	pattern(msg, sizeof(msg), 3);
	assert_int_equal(septum_chan_send(&a, msg, 100), 0);
	memset(buf, 0xee, 100);
	assert_int_equal(septum_chan_recv(&b, buf, 99), -SEPTUM_EMSGSIZE);
	assert_int_equal(buf[0], 0xee);
	assert_int_equal(septum_chan_pending(&b), 112);
	assert_int_equal(septum_chan_peek_len(&b), 100);
	assert_int_equal(septum_chan_recv(&b, buf, 100), 100);
	assert_memory_equal(buf, msg, 100);
}

static void discard_drops_one_message(void **state)
{
	assert_int_equal(septum_chan_send(&a, "first", 5), 0);
	assert_int_equal(septum_chan_send(&a, "second", 6), 0);
	assert_int_equal(septum_chan_discard(&b), 5);
	assert_int_equal(septum_chan_recv(&b, buf, sizeof(buf)), 6);
	assert_memory_equal(buf, "second", 6);
}

/*
 * A faulty peer: its control page and ring in heap blocks of exactly their
 * size (ASan sees every byte past them), my own page normal.
 */
static struct septum_chan_ctl *evil_ctl;
static uint8_t *evil_ring;
static struct septum_chan_ctl mine;
static struct septum_chan victim;

static int setup_evil(void **state)
{
	evil_ctl = calloc(1, sizeof(*evil_ctl));
	evil_ring = malloc(CAP);
	if (!evil_ctl || !evil_ring)
		return -1;
	memset(evil_ring, 0, CAP);
	memset(&mine, 0, sizeof(mine));
	victim = (struct septum_chan){ .me = &mine, .peer = evil_ctl, .tx = buf,
				       .rx = evil_ring, .capacity = CAP, .end = 0 };
	return 0;
}

static int teardown_evil(void **state)
{
	free(evil_ctl);
	free(evil_ring);
	return 0;
}

static void put_header(uint32_t pos, uint32_t hdr)
{
	memcpy(evil_ring + (pos & (CAP - 1)), &hdr, 4);
}

/* Every receive-side call says EPROTO and nothing is consumed. */
static void expect_eproto(void)
{
	uint32_t tail = mine.peer_tail;

	assert_int_equal(septum_chan_peek_len(&victim), -SEPTUM_EPROTO);
	assert_int_equal(septum_chan_recv(&victim, buf, sizeof(buf)), -SEPTUM_EPROTO);
	assert_int_equal(septum_chan_discard(&victim), -SEPTUM_EPROTO);
	assert_int_equal(mine.peer_tail, tail);
}

static void peer_head_beyond_capacity_is_eproto(void **state)
{
	evil_ctl->head = CAP + 8;
	put_header(0, 8);
	expect_eproto();
	assert_int_equal(septum_chan_pending(&victim), -SEPTUM_EPROTO);
	evil_ctl->head = UINT32_MAX - 7;   /* moved backwards */
	expect_eproto();
}

static void unaligned_peer_head_is_eproto(void **state)
{
	put_header(0, 4);
	evil_ctl->head = 12;
	expect_eproto();
	assert_int_equal(septum_chan_pending(&victim), -SEPTUM_EPROTO);
	evil_ctl->head = 16;
	assert_int_equal(septum_chan_recv(&victim, buf, sizeof(buf)), 4);
}

static void length_beyond_capacity_is_eproto(void **state)
{
	evil_ctl->head = CAP;
	put_header(0, SEPTUM_CHAN_LEN_MASK);
	expect_eproto();
	put_header(0, CAP - 7);      /* record CAP + 8 */
	expect_eproto();
	put_header(0, CAP);
	expect_eproto();
	put_header(0, CAP - 8);      /* the maximum: valid */
	assert_int_equal(septum_chan_recv(&victim, buf, sizeof(buf)), CAP - 8);
}

static void length_beyond_head_is_eproto(void **state)
{
	mine.peer_tail = CAP - 8;    /* the record would wrap past what head says */
	evil_ctl->head = CAP + 8;
	put_header(CAP - 8, 8);      /* record 16 bytes, 16 available: valid */
	assert_int_equal(septum_chan_peek_len(&victim), 8);
	put_header(CAP - 8, 9);      /* record 24 bytes, 16 available */
	expect_eproto();
	assert_int_equal(septum_chan_pending(&victim), 16);
}

static void reserved_header_bits_are_eproto(void **state)
{
	evil_ctl->head = 16;
	put_header(0, 0x80000004u);
	expect_eproto();
	put_header(0, 0x10000000u);
	expect_eproto();
}

static void garbage_consumer_tail_is_eproto(void **state)
{
	evil_ctl->peer_tail = CAP;   /* consumed more than was produced */
	assert_int_equal(septum_chan_space(&victim), -SEPTUM_EPROTO);
	assert_int_equal(septum_chan_send(&victim, "x", 1), -SEPTUM_EPROTO);
	evil_ctl->peer_tail = 4;
	mine.head = 16;
	assert_int_equal(septum_chan_send(&victim, "x", 1), -SEPTUM_EPROTO);
	evil_ctl->peer_tail = 8;
	assert_int_equal(septum_chan_space(&victim), CAP - 8);
	assert_int_equal(septum_chan_send(&victim, "x", 1), 0);
}

/* Random peer heads and headers: every answer is in range, nothing read out of bounds. */
static void random_peer_garbage_stays_in_bounds(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15u;
	unsigned ok = 0, proto = 0;

	for (int i = 0; i < 200000; i++) {
		int r;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		mine.peer_tail = (uint32_t)x & ~7u;
		switch ((x >> 32) & 3) {
		case 0: /* anything */
			evil_ctl->head = (uint32_t)(x >> 20);
			break;
		case 1: /* near, any alignment */
			evil_ctl->head = mine.peer_tail + ((uint32_t)(x >> 36) & (2 * CAP - 1));
			break;
		default: /* near, aligned */
			evil_ctl->head = mine.peer_tail + ((uint32_t)(x >> 36) & (2 * CAP - 8));
			break;
		}
		put_header(mine.peer_tail, (x >> 40) & 1 ? (uint32_t)(x >> 20) :
			   (uint32_t)(x >> 44) & (2 * CAP - 1));
		r = septum_chan_recv(&victim, buf, CAP);
		if (r >= 0) {
			assert_true((uint32_t)r <= CAP - 8);
			ok++;
		} else {
			assert_true(r == -SEPTUM_EPROTO || r == -SEPTUM_EAGAIN ||
				    r == -SEPTUM_EMSGSIZE);
			proto += r == -SEPTUM_EPROTO;
		}
	}
	assert_true(ok > 1000);
	assert_true(proto > 1000);
}

/*
 * The hypervisor's mapping in miniature: one memfd mapped twice, each view
 * with the other end's half read-only.
 */
struct views {
	uint8_t *v[2];
	size_t len;
};

static void map_views(struct views *w, uint32_t cap)
{
	int fd = memfd_create("septum-chan", 0);
	size_t half = SEPTUM_CHAN_HALF(cap);

	assert_true(fd >= 0);
	w->len = SEPTUM_CHAN_FOOTPRINT(cap);
	assert_int_equal(ftruncate(fd, (off_t)w->len), 0);
	for (unsigned e = 0; e < 2; e++) {
		w->v[e] = mmap(NULL, w->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		assert_true(w->v[e] != MAP_FAILED);
		assert_int_equal(mprotect(w->v[e] + (1 - e) * half, half, PROT_READ), 0);
	}
	close(fd);
}

static void both_ends_through_read_only_views(void **state)
{
	struct views w;
	struct septum_chan e0, e1;
	uint8_t msg[300];

	map_views(&w, CAP);
	assert_int_equal(septum_chan_init(w.v[0], CAP, 0), 0);
	assert_int_equal(septum_chan_attach(&e0, w.v[0], CAP, 0), 0);
	assert_int_equal(septum_chan_ready(&e0), 0);
	assert_int_equal(septum_chan_init(w.v[1], CAP, 1), 0);
	assert_int_equal(septum_chan_attach(&e1, w.v[1], CAP, 1), 0);
	assert_int_equal(septum_chan_ready(&e0), 1);
	assert_int_equal(septum_chan_ready(&e1), 1);
	for (uint32_t i = 0; i < 1000; i++) {
		uint32_t len = (i * 37) % sizeof(msg);

		pattern(msg, len, i);
		assert_int_equal(septum_chan_send(i & 1 ? &e1 : &e0, msg, len), 0);
		assert_int_equal(septum_chan_recv(i & 1 ? &e0 : &e1, buf, sizeof(buf)), (int)len);
		assert_memory_equal(buf, msg, len);
	}
	munmap(w.v[0], w.len);
	munmap(w.v[1], w.len);
}

/* The views really are read-only: a write to the peer's half kills. */
static void write_to_the_peer_half_faults(void **state)
{
	struct views w;
	int status;
	pid_t pid;

	map_views(&w, CAP);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);   /* not cmocka's handler */
		((volatile uint8_t *)w.v[0])[SEPTUM_CHAN_CTL_OFF(CAP, 1) + 128] = 1;
		_exit(42);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* Killed by SIGSEGV, or under ASan, which catches it, a failed exit. */
	if (WIFSIGNALED(status))
		assert_int_equal(WTERMSIG(status), SIGSEGV);
	else
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) != 42 &&
			    WEXITSTATUS(status) != 0);
	munmap(w.v[0], w.len);
	munmap(w.v[1], w.len);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define E(f) cmocka_unit_test_setup_teardown(f, setup_evil, teardown_evil)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layout_offsets_are_the_abi),
		T(attach_points_at_each_half),
		T(init_writes_its_control_page_only),
		T(bad_arguments_are_refused),
		T(restart_keeps_queued_messages),
		T(broken_half_takes_the_peers_counters),
		T(messages_sent_before_the_peer_is_up_wait_for_it),
		T(ready_needs_a_matching_peer),
		T(empty_ring_says_eagain),
		T(message_arrives_with_its_record_size),
		T(ring_fills_to_exactly_its_capacity),
		T(space_tells_exactly_what_fits),
		T(maximum_message_fills_the_ring),
		T(empty_message_takes_eight_bytes),
		T(message_split_across_the_end_of_the_ring),
		T(header_alone_in_the_last_slot),
		T(every_start_and_split_point_round_trips),
		T(counters_wrap_at_2_to_the_32),
		T(too_small_buffer_leaves_the_message),
		T(discard_drops_one_message),
		E(peer_head_beyond_capacity_is_eproto),
		E(unaligned_peer_head_is_eproto),
		E(length_beyond_capacity_is_eproto),
		E(length_beyond_head_is_eproto),
		E(reserved_header_bits_are_eproto),
		E(garbage_consumer_tail_is_eproto),
		E(random_peer_garbage_stays_in_bounds),
		cmocka_unit_test(both_ends_through_read_only_views),
		cmocka_unit_test(write_to_the_peer_half_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
