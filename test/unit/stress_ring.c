/*
 * Stress test of the channel ring (include/septum/ring.h): both directions
 * at once, one producer and one consumer thread each, N messages per
 * direction of random length 1..MAX_LEN. Message `seq` has a length and
 * contents that follow from seq: bytes 0..7 hold seq, 8..11 a checksum of
 * bytes 12.. (as far as the message is long), the rest pseudo-random. The
 * consumer knows which seq comes next, so a lost, duplicated, reordered or
 * corrupted message fails the run.
 *
 *   stress_ring [messages per direction]
 *
 * Without the argument: $STRESS_RING_MESSAGES, else STRESS_DEFAULT_MESSAGES
 * (5,000,000; the TSan build, about 30 times slower, is given fewer).
 *
 * Normally each end has its own view of the region, one memfd mapped twice
 * with the other end's half PROT_READ, as the hypervisor maps it: a write
 * to the peer's half kills the test. Under ThreadSanitizer both ends share
 * one mapping instead, since TSan tells accesses apart by address and would
 * not relate the two views of one byte.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <septum/ring.h>

#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif

/*
 * Making and checking messages touches only the thread's own buffer: keep
 * TSan's instrumentation for the ring, where it matters.
 */
#define LOCAL_ONLY __attribute__((no_sanitize("thread")))

#ifndef STRESS_DEFAULT_MESSAGES
#define STRESS_DEFAULT_MESSAGES 5000000
#endif

#define CAP      0x10000u   /* 64 KiB per direction */
#define MAX_LEN  2048u

/* One direction; the producer's and the consumer's fields on their own lines. */
struct dir {
	_Alignas(64) struct septum_chan tx_end;   /* the producer's view */
	uint64_t full_waits;
	_Alignas(64) struct septum_chan rx_end;   /* the consumer's view */
	uint64_t empty_waits, bytes, failed_seq;
	_Alignas(64) uint64_t count;
	const char *failure;                      /* set once, atomically */
};

static const char *failure(struct dir *d)
{
	return __atomic_load_n(&d->failure, __ATOMIC_RELAXED);
}

/* The first failure of a direction is the one reported. */
static void fail(struct dir *d, uint64_t seq, const char *why)
{
	const char *none = NULL;

	if (__atomic_compare_exchange_n(&d->failure, &none, why, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		d->failed_seq = seq;
}

LOCAL_ONLY static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdu;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53u;
	return x ^ (x >> 33);
}

LOCAL_ONLY static uint32_t msg_len(uint64_t seq)
{
	return 1 + (uint32_t)(mix(seq) % MAX_LEN);
}

LOCAL_ONLY static uint32_t checksum(const uint8_t *p, uint32_t n)
{
	uint64_t h = 0xcbf29ce484222325u, w;
	uint32_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x100000001b3u;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	return (uint32_t)(h ^ (h >> 32));
}

/* The canonical message seq; returns its length. */
LOCAL_ONLY static uint32_t make_msg(uint8_t *m, uint64_t seq)
{
	uint32_t len = msg_len(seq), sum;
	uint64_t x = mix(seq ^ 0x5eb7u) | 1;
	uint8_t head[12];

	for (uint32_t i = 12; i < len; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(m + i, &x, len - i < 8 ? len - i : 8);
	}
	sum = len > 12 ? checksum(m + 12, len - 12) : 0;
	memcpy(head, &seq, 8);
	memcpy(head + 8, &sum, 4);
	memcpy(m, head, len < 12 ? len : 12);
	return len;
}

/* Checks a received message against what seq must be; NULL if right. */
LOCAL_ONLY static const char *check_msg(const uint8_t *m, uint32_t len, uint64_t seq)
{
	uint32_t sum = len > 12 ? checksum(m + 12, len - 12) : 0;
	uint8_t head[12];

	if (len != msg_len(seq))
		return "wrong length (lost, duplicated or reordered)";
	memcpy(head, &seq, 8);
	memcpy(head + 8, &sum, 4);
	if (memcmp(m, head, len < 8 ? len : 8))
		return "wrong sequence number";
	if (len > 8 && memcmp(m + 8, head + 8, len < 12 ? len - 8 : 4))
		return "wrong checksum (corrupted)";
	return NULL;
}

static void backoff(unsigned *spins)
{
	if (++*spins > 16)
		sched_yield();
}

static void *producer(void *arg)
{
	struct dir *d = arg;
	uint8_t m[MAX_LEN];

	for (uint64_t seq = 0; seq < d->count && !failure(d); seq++) {
		uint32_t len = make_msg(m, seq);
		unsigned spins = 0;
		int r;

		while ((r = septum_chan_send(&d->tx_end, m, len)) == -SEPTUM_EAGAIN &&
		       !failure(d)) {
			d->full_waits++;
			backoff(&spins);
		}
		if (r && r != -SEPTUM_EAGAIN)
			fail(d, seq, "send failed");
	}
	return NULL;
}

static void *consumer(void *arg)
{
	struct dir *d = arg;
	uint8_t m[MAX_LEN];

	for (uint64_t seq = 0; seq < d->count; seq++) {
		unsigned spins = 0;
		const char *why;
		int r;

		while ((r = septum_chan_recv(&d->rx_end, m, sizeof(m))) == -SEPTUM_EAGAIN) {
			if (failure(d))
				return NULL;
			d->empty_waits++;
			backoff(&spins);
		}
		why = r < 0 ? "recv failed" : check_msg(m, (uint32_t)r, seq);
		if (why) {
			fail(d, seq, why);
			return NULL;
		}
		d->bytes += (uint32_t)r;
	}
	/* Nothing extra may follow. */
	if (septum_chan_recv(&d->rx_end, m, sizeof(m)) != -SEPTUM_EAGAIN)
		fail(d, d->count, "a message beyond the last");
	return NULL;
}

/* Maps the region: view[e] is end e's view. */
static int map_region(uint8_t *view[2])
{
	size_t len = SEPTUM_CHAN_FOOTPRINT(CAP), half = SEPTUM_CHAN_HALF(CAP);
	int fd;

#ifdef UNDER_TSAN
	view[0] = view[1] = mmap(NULL, len, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	printf("mapping: one shared mapping (ThreadSanitizer)\n");
	return view[0] == MAP_FAILED ? -1 : 0;
#endif
	fd = memfd_create("septum-chan", 0);
	if (fd < 0 || ftruncate(fd, (off_t)len))
		return -1;
	for (unsigned e = 0; e < 2; e++) {
		view[e] = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (view[e] == MAP_FAILED ||
		    mprotect(view[e] + (1 - e) * half, half, PROT_READ))
			return -1;
	}
	close(fd);
	printf("mapping: two views, the peer's half read-only in each\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *env = getenv("STRESS_RING_MESSAGES");
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) :
		     env ? strtoull(env, NULL, 0) : STRESS_DEFAULT_MESSAGES;
	struct septum_chan end[2];
	struct dir dir[2];
	pthread_t th[4];
	uint8_t *view[2];
	struct timespec t0, t1;
	double secs, msgs = 0, bytes = 0;
	int failed = 0;

	if (n == 0 || map_region(view)) {
		fprintf(stderr, "stress_ring: bad count or cannot map the region\n");
		return 2;
	}
	for (unsigned e = 0; e < 2; e++)
		if (septum_chan_init(view[e], CAP, e) ||
		    septum_chan_attach(&end[e], view[e], CAP, e))
			return 2;
	if (septum_chan_ready(&end[0]) != 1 || septum_chan_ready(&end[1]) != 1)
		return 2;
	for (unsigned e = 0; e < 2; e++)
		dir[e] = (struct dir){ .tx_end = end[e], .rx_end = end[1 - e], .count = n };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned e = 0; e < 2; e++) {
		pthread_create(&th[2 * e], NULL, producer, &dir[e]);
		pthread_create(&th[2 * e + 1], NULL, consumer, &dir[e]);
	}
	for (unsigned i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

	for (unsigned e = 0; e < 2; e++) {
		struct dir *d = &dir[e];

		printf("end %u -> end %u: %" PRIu64 " messages, %" PRIu64 " bytes, "
		       "%" PRIu64 " full / %" PRIu64 " empty waits, ctl full=%u\n",
		       e, 1 - e, d->count, d->bytes, d->full_waits, d->empty_waits,
		       end[e].me->full);
		if (d->failure) {
			printf("FAIL end %u -> end %u at message %" PRIu64 ": %s\n",
			       e, 1 - e, d->failed_seq, d->failure);
			failed = 1;
		}
		msgs += (double)d->count;
		bytes += (double)d->bytes;
	}
	printf("%.0f messages in %.2f s: %.2f M messages/s, %.1f MB/s\n",
	       msgs, secs, msgs / secs / 1e6, bytes / secs / 1e6);
	printf("%s\n", failed ? "stress_ring FAILED" : "stress_ring passed");
	return failed;
}
