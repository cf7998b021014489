// SPDX-License-Identifier: MIT
/*
 * septum-chan: command-line tool for Septum channels in a Linux guest,
 * over the septum_chan driver's device (/dev/septum/<label>) and, for
 * mmap-test, over include/septum/ring.h on an mmap of the region.
 *
 *   septum-chan info DEV
 *   septum-chan send DEV [TEXT...]        one message per argument, else per stdin line
 *   septum-chan recv DEV [-n N] [-t MS]   print each message as a line; stop after N
 *                                         messages or MS ms without one
 *   septum-chan ring DEV                  ring the peer's doorbell
 *   septum-chan echo-test DEV [-n N] [-m MAX]   N random-size (1..MAX) messages
 *                                         through an echoing peer, each verified
 *   septum-chan rtt DEV [-n N] [-s SIZE]  round trips through an echoing peer
 *   septum-chan bench DEV [-s SIZE] [-n N]      throughput to a sink peer
 *   septum-chan poll-test DEV [-w MS]     poll and read blocked until the doorbell
 *   septum-chan mmap-test DEV             mapping rules; ring.h over the mapping
 *   septum-chan errors-test DEV           EMSGSIZE, EAGAIN, ring ioctls
 *   septum-chan quit DEV [-r RUNG]        end an echoing peer's run
 *
 * DEV is a path or a label (/dev/septum/<label>). Results are printed as
 * "TEST <name> PASS|FAIL <detail>" and "BENCH <name> key=value..." lines; the
 * exit status is 1 if any TEST failed. The peer protocol (seq, checksum,
 * WAIT, QUIT, SUMM) is guests/tests/ipcping.c's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <guest/xorshift.h>
#include <septum/ring.h>

#include "septum_chan_uapi.h"

#define MSG_MAX		512		/* ipcping's random sizes: 1..512 */
#define QUIT_LEN	600
#define QUIT_MAGIC	0x54495551u	/* "QUIT" */
#define WAIT_MAGIC	0x54494157u	/* "WAIT" */
#define SUMM_MAGIC	0x4d4d5553u	/* "SUMM" */
#define REPLY_MS	10000		/* longest wait for an answer */

static int failures;
static const char *dev_path;

static void test(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("TEST %s %s ", name, ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	failures += !ok;
}

static void die(const char *what)
{
	fprintf(stderr, "septum-chan: %s: %s\n", what, strerror(errno));
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t rng(void)
{
	return xorshift64(&rng_state);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h ? h : 1;	/* 0 means "not checked" to the sink */
}

static int open_dev(const char *name, int flags)
{
	static char path[128];
	int fd;

	if (name[0] == '/' || name[0] == '.')
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/dev/septum/%s", name);
	dev_path = path;
	fd = open(path, flags);
	if (fd < 0)
		die(path);
	return fd;
}

static void get_info(int fd, struct septum_chan_info *i)
{
	if (ioctl(fd, SEPTUM_CHAN_IOC_INFO, i))
		die("SEPTUM_CHAN_IOC_INFO");
}

static void get_stats(int fd, struct septum_chan_stats *s)
{
	if (ioctl(fd, SEPTUM_CHAN_IOC_STATS, s))
		die("SEPTUM_CHAN_IOC_STATS");
}

/* Waits up to ms for events on fd: the revents, 0 on timeout. */
static int wait_fd(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	do
		r = poll(&p, 1, ms);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		die("poll");
	return r ? p.revents : 0;
}

/* Reads one message, waiting up to ms: its length, or -errno (-ETIMEDOUT). */
static ssize_t recv_msg(int fd, void *buf, size_t size, int ms)
{
	ssize_t r;

	if (!(wait_fd(fd, POLLIN, ms) & (POLLIN | POLLERR)))
		return -ETIMEDOUT;
	r = read(fd, buf, size);
	return r < 0 ? -errno : r;
}

static ssize_t send_msg(int fd, const void *buf, size_t len)
{
	ssize_t r = write(fd, buf, len);

	return r < 0 ? -errno : r;
}

/* ---- info, send, recv, ring ---- */

static int cmd_info(int fd)
{
	struct septum_chan_info i;
	struct septum_chan_stats s;

	get_info(fd, &i);
	get_stats(fd, &s);
	printf("label=%s peer=%s id=%u end=%u size=%llu footprint=%llu phys=0x%llx "
	       "max_msg=%u irq=%u peer_ready=%u test_hooks=%u\n", i.label, i.peer, i.id,
	       i.end, (unsigned long long)i.size, (unsigned long long)i.footprint,
	       (unsigned long long)i.phys, i.max_msg, i.irq, i.peer_ready, i.test_hooks);
	printf("irqs=%llu rings=%llu ring_errors=%llu tx_msgs=%llu tx_bytes=%llu "
	       "rx_msgs=%llu rx_bytes=%llu tx_waits=%llu rx_waits=%llu\n",
	       (unsigned long long)s.irqs, (unsigned long long)s.rings,
	       (unsigned long long)s.ring_errors, (unsigned long long)s.tx_msgs,
	       (unsigned long long)s.tx_bytes, (unsigned long long)s.rx_msgs,
	       (unsigned long long)s.rx_bytes, (unsigned long long)s.tx_waits,
	       (unsigned long long)s.rx_waits);
	return 0;
}

static int cmd_send(int fd, int argc, char **argv)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	for (int a = 0; a < argc; a++)
		if (send_msg(fd, argv[a], strlen(argv[a])) < 0)
			die("write");
	if (argc)
		return 0;
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		if (n && line[n - 1] == '\n')
			n--;
		if (send_msg(fd, line, (size_t)n) < 0)
			die("write");
	}
	free(line);
	return 0;
}

static int cmd_recv(int fd, long n, int ms)
{
	static char buf[1 << 20];
	long got = 0;

	while (n < 0 || got < n) {
		ssize_t r = recv_msg(fd, buf, sizeof(buf), ms);

		if (r == -ETIMEDOUT)
			break;
		if (r < 0) {
			errno = (int)-r;
			die("read");
		}
		fwrite(buf, 1, (size_t)r, stdout);
		putchar('\n');
		fflush(stdout);
		got++;
	}
	return n >= 0 && got < n;
}

static int cmd_ring(int fd)
{
	if (ioctl(fd, SEPTUM_CHAN_IOC_RING))
		die("SEPTUM_CHAN_IOC_RING");
	return 0;
}

/* ---- echo-test, rtt ---- */

/* A message as ipcping builds them: random bytes, seq and checksum first. */
static void make_msg(uint8_t *m, uint32_t len, uint32_t seq)
{
	for (uint32_t i = 0; i < len; i++)
		m[i] = (uint8_t)rng();
	if (len >= 8) {
		put32(m, seq);
		put32(m + 4, fnv1a(m + 8, len - 8));
	}
}

static int cmd_echo(int fd, long n, long max)
{
	static uint8_t tx[MSG_MAX * 8], rx[MSG_MAX * 8 + 64];
	uint32_t bad_len = 0, bad_data = 0, errors = 0, good = 0;
	struct septum_chan_stats s0, s1;
	uint64_t t0;

	if (max < 1 || max > (long)sizeof(tx))
		max = MSG_MAX;
	get_stats(fd, &s0);
	t0 = now_ns();
	for (long seq = 0; seq < n; seq++) {
		uint32_t len = 1 + (uint32_t)(rng() % (uint64_t)max);
		ssize_t r;

		make_msg(tx, len, (uint32_t)seq);
		r = send_msg(fd, tx, len);
		if (r == (ssize_t)len)
			r = recv_msg(fd, rx, sizeof(rx), REPLY_MS);
		if (r < 0) {
			if (++errors <= 3)
				fprintf(stderr, "echo: seq %ld len %u: %s\n", seq, len,
					strerror((int)-r));
			if (r == -ETIMEDOUT)
				break;
			continue;
		}
		if (r != (ssize_t)len) {
			bad_len++;
		} else if (memcmp(tx, rx, len) ||
			   (len >= 8 && (get32(rx) != (uint32_t)seq ||
					 get32(rx + 4) != fnv1a(rx + 8, len - 8)))) {
			bad_data++;
		} else {
			good++;
		}
	}
	get_stats(fd, &s1);
	test((long)good == n && !bad_len && !bad_data && !errors, "linux-echo",
	     "n=%ld good=%u bad_len=%u bad_data=%u errors=%u max=%ld ms=%llu irqs=+%llu",
	     n, good, bad_len, bad_data, errors, max,
	     (unsigned long long)((now_ns() - t0) / 1000000),
	     (unsigned long long)(s1.irqs - s0.irqs));
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmd_rtt(int fd, long n, long size)
{
	static uint8_t tx[4096], rx[4096];
	uint64_t *t = calloc((size_t)n, sizeof(*t));
	long missed = 0;

	if (!t || n < 1 || size < 8 || size > (long)sizeof(tx)) {
		fprintf(stderr, "rtt: -n >= 1, -s 8..%zu\n", sizeof(tx));
		return 2;
	}
	memset(tx, 0x5a, sizeof(tx));
	for (long i = 0; i < n; i++) {
		uint64_t t0;
		ssize_t r;

		put32(tx, (uint32_t)i);
		t0 = now_ns();
		r = send_msg(fd, tx, (size_t)size);
		if (r == size)
			r = recv_msg(fd, rx, sizeof(rx), REPLY_MS);
		t[i] = now_ns() - t0;
		if (r != size || get32(rx) != (uint32_t)i)
			missed++;
		if (r == -ETIMEDOUT)
			break;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp_u64);
	printf("BENCH linux_rtt_ns_%ldB min=%llu median=%llu p99=%llu max=%llu n=%ld\n",
	       size, (unsigned long long)t[0], (unsigned long long)t[n / 2],
	       (unsigned long long)t[(n - 1) * 99 / 100], (unsigned long long)t[n - 1], n);
	test(missed == 0, "linux-rtt", "n=%ld size=%ld missed=%ld", n, size, missed);
	free(t);
	return 0;
}

/* ---- bench (to a sink) ---- */

static int cmd_bench(int fd, long size, long n)
{
	struct septum_chan_info info;
	struct septum_chan_stats s0, s1;
	uint8_t *m, quit[QUIT_LEN], rx[64];
	uint64_t t0, dt;
	double secs;
	ssize_t r;
	long sent = 0;

	get_info(fd, &info);
	if (size < 8 || size > (long)info.max_msg || n < 1) {
		fprintf(stderr, "bench: -s 8..%u, -n >= 1\n", info.max_msg);
		return 2;
	}
	m = malloc((size_t)size);
	if (!m)
		die("malloc");
	/* The payload stays the same, so its checksum is computed once. */
	make_msg(m, (uint32_t)size, 0);
	get_stats(fd, &s0);
	t0 = now_ns();
	for (; sent < n; sent++) {
		put32(m, (uint32_t)sent);
		r = send_msg(fd, m, (size_t)size);
		if (r != size) {
			fprintf(stderr, "bench: write %ld: %s\n", sent, strerror((int)-r));
			break;
		}
	}
	/* The sink answers the QUIT once it has checked everything before it. */
	memset(quit, 0, sizeof(quit));
	put32(quit, QUIT_MAGIC);
	put32(quit + 4, (uint32_t)sent);
	r = send_msg(fd, quit, sizeof(quit));
	if (r == (ssize_t)sizeof(quit))
		r = recv_msg(fd, rx, sizeof(rx), REPLY_MS);
	dt = now_ns() - t0;
	get_stats(fd, &s1);
	secs = (double)dt / 1e9;
	if (r != 16 || get32(rx) != SUMM_MAGIC) {
		test(false, "linux-bench", "size=%ld n=%ld: no SUMM from the sink (r=%zd)",
		     size, n, r);
		free(m);
		return 0;
	}
	printf("BENCH linux_tput_%ldB msgs_per_s=%.0f MB_per_s=%.1f n=%ld ns=%llu\n", size,
	       (double)sent / secs, (double)sent * (double)size / secs / 1e6, sent,
	       (unsigned long long)dt);
	printf("INFO bench size=%ld tx_waits=%llu rings=%llu irqs=%llu\n", size,
	       (unsigned long long)(s1.tx_waits - s0.tx_waits),
	       (unsigned long long)(s1.rings - s0.rings),
	       (unsigned long long)(s1.irqs - s0.irqs));
	test(sent == n && get32(rx + 4) == (uint32_t)n && !get32(rx + 8) && !get32(rx + 12),
	     "linux-bench", "size=%ld sent=%ld received=%u bad_seq=%u bad_sum=%u", size, sent,
	     get32(rx + 4), get32(rx + 8), get32(rx + 12));
	free(m);
	return 0;
}

/* ---- poll-test ---- */

static void on_alarm(int sig)
{
	(void)sig;
}

static int cmd_poll(int fd, long ms)
{
	uint8_t w[12], rx[64];
	struct septum_chan_stats s0, s1;
	uint64_t t0, dt;
	int ev;
	ssize_t r;

	/* ipcping's WAIT: "WAIT", a word the echo is told by, ms at offset 8. */
	put32(w, WAIT_MAGIC);
	put32(w + 4, 0x6c6c6f70u);	/* "poll" */
	put32(w + 8, (uint32_t)ms);

	ev = wait_fd(fd, POLLIN | POLLOUT, 0);
	test(!(ev & POLLIN) && (ev & POLLOUT), "linux-poll-idle",
	     "revents=0x%x: nothing to read, room to write", ev);
	t0 = now_ns();
	ev = wait_fd(fd, POLLIN, 300);
	dt = now_ns() - t0;
	test(ev == 0 && dt >= 300000000u, "linux-poll-timeout",
	     "poll(POLLIN, 300 ms) on an empty ring: revents=0x%x after %llu us", ev,
	     (unsigned long long)(dt / 1000));

	/* poll: the peer echoes "WAIT ms" ms later and rings. */
	/* Timed from before the send: the peer's delay starts after it. */
	get_stats(fd, &s0);
	t0 = now_ns();
	r = send_msg(fd, w, sizeof(w));
	ev = wait_fd(fd, POLLIN, (int)ms * 10 + REPLY_MS);
	dt = now_ns() - t0;
	get_stats(fd, &s1);
	r = r == sizeof(w) && (ev & POLLIN) ? read(fd, rx, sizeof(rx)) : -1;
	test((ev & POLLIN) && dt >= (uint64_t)ms * 1000000 && s1.irqs > s0.irqs &&
	     r == sizeof(w) && !memcmp(rx, w, sizeof(w)), "linux-poll-blocks",
	     "send to wake-up from poll: %llu us (peer waits %ld ms), revents=0x%x, irqs %llu -> %llu, echo %zd bytes",
	     (unsigned long long)(dt / 1000), ms, ev, (unsigned long long)s0.irqs,
	     (unsigned long long)s1.irqs, r);

	/* A blocking read, the same way. */
	put32(w + 4, 0x64616572u);	/* "read" */
	get_stats(fd, &s0);
	t0 = now_ns();
	r = send_msg(fd, w, sizeof(w));
	/* Bounded by an alarm (no SA_RESTART: read fails with EINTR). */
	sigaction(SIGALRM, &(struct sigaction){ .sa_handler = on_alarm }, NULL);
	alarm((unsigned)(ms * 10 + REPLY_MS) / 1000);
	r = r == sizeof(w) ? read(fd, rx, sizeof(rx)) : r;
	alarm(0);
	dt = now_ns() - t0;
	get_stats(fd, &s1);
	test(r == sizeof(w) && !memcmp(rx, w, sizeof(w)) && dt >= (uint64_t)ms * 1000000 &&
	     s1.irqs > s0.irqs && s1.rx_waits > s0.rx_waits, "linux-read-blocks",
	     "send to return from read: %llu us (peer waits %ld ms), irqs %llu -> %llu, rx_waits %llu -> %llu",
	     (unsigned long long)(dt / 1000), ms, (unsigned long long)s0.irqs,
	     (unsigned long long)s1.irqs, (unsigned long long)s0.rx_waits,
	     (unsigned long long)s1.rx_waits);
	return 0;
}

/* ---- mmap-test ---- */

/* Runs a write of 0 to p in a child: the signal that killed it, or 0. */
static int child_write(volatile uint32_t *p)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		*p = 0;
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static int cmd_mmap(int fd)
{
	struct septum_chan_info i;
	struct septum_chan ch;
	size_t fp, half, own, peer;
	const struct septum_chan_ctl *me_c, *peer_c;
	uint8_t *ro, *rw, *base, msg[40], rx[64];
	int sig, r;

	get_info(fd, &i);
	fp = i.footprint;
	half = SEPTUM_CHAN_HALF(i.size);
	own = SEPTUM_CHAN_CTL_OFF(i.size, i.end);
	peer = SEPTUM_CHAN_CTL_OFF(i.size, 1 - i.end);

	/* The whole region, read-only: both identities are there. */
	ro = mmap(NULL, fp, PROT_READ, MAP_SHARED, fd, 0);
	if (ro == MAP_FAILED)
		die("mmap read-only");
	me_c = (const void *)(ro + own);
	peer_c = (const void *)(ro + peer);
	test(me_c->magic == SEPTUM_CHAN_MAGIC && me_c->end == i.end && me_c->ready == 1 &&
	     peer_c->magic == SEPTUM_CHAN_MAGIC && peer_c->end == 1 - i.end &&
	     peer_c->ready == 1 && peer_c->capacity == i.size, "linux-mmap-read",
	     "own magic 0x%x end %u ready %u; peer magic 0x%x end %u ready %u",
	     me_c->magic, me_c->end, me_c->ready, peer_c->magic, peer_c->end, peer_c->ready);

	sig = child_write((volatile uint32_t *)(ro + peer + 0x800));
	test(sig == SIGSEGV, "linux-mmap-peer-write-segv",
	     "write to the read-only mapping of the peer's control page: signal %d", sig);

	/* Without test_hooks, no writable mapping of the peer's half, ever. */
	if (!i.test_hooks) {
		rw = mmap(NULL, fp, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		test(rw == MAP_FAILED && errno == EACCES, "linux-mmap-peer-rw-refused",
		     "writable mapping of the whole region: %s",
		     rw == MAP_FAILED ? strerror(errno) : "mapped");
		if (rw != MAP_FAILED)
			munmap(rw, fp);
		rw = mmap(NULL, half, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)peer);
		test(rw == MAP_FAILED && errno == EACCES, "linux-mmap-peer-half-rw-refused",
		     "writable mapping of the peer's half: %s",
		     rw == MAP_FAILED ? strerror(errno) : "mapped");
		if (rw != MAP_FAILED)
			munmap(rw, half);
		r = mprotect(ro, fp, PROT_READ | PROT_WRITE);
		test(r < 0 && errno == EACCES, "linux-mprotect-peer-refused", "mprotect: %s",
		     r < 0 ? strerror(errno) : "allowed");
	}

	/* My half, writable: a reserved word of my control page. */
	rw = mmap(NULL, half, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)own);
	sig = rw == MAP_FAILED ? -1 : child_write((volatile uint32_t *)(rw + 0x800));
	test(sig == 0, "linux-mmap-own-rw", "own half writable: %s",
	     rw == MAP_FAILED ? strerror(errno) : sig ? "killed" : "written");
	if (rw != MAP_FAILED)
		munmap(rw, half);

	/* test_hooks: stage 1 lets the write through, stage 2 must not. */
	if (i.test_hooks) {
		rw = mmap(NULL, half, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)peer);
		if (rw == MAP_FAILED)
			die("mmap peer half writable (test_hooks)");
		sig = child_write((volatile uint32_t *)(rw + 0x800));
		test(sig == SIGBUS && peer_c->magic == SEPTUM_CHAN_MAGIC,
		     "linux-mmap-peer-write-sigbus",
		     "stage-1 writable mapping of the peer's half: signal %d (hypervisor "
		     "aborts the write), peer magic 0x%x", sig, peer_c->magic);
		sig = child_write((volatile uint32_t *)(rw + SEPTUM_CHAN_CTL_SIZE + 0x100));
		test(sig == SIGBUS, "linux-mmap-peer-ring-write-sigbus",
		     "write into the peer's ring: signal %d", sig);
		munmap(rw, half);
	}

	/*
	 * ring.h in user space: my half writable and the peer's read-only, at
	 * their offsets in one reserved range, so septum_chan_attach() sees
	 * the region. Send one message from here; the driver reads the echo.
	 */
	base = mmap(NULL, fp, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED ||
	    mmap(base + own, half, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd,
		 (off_t)own) == MAP_FAILED ||
	    mmap(base + peer, half, PROT_READ, MAP_SHARED | MAP_FIXED, fd,
		 (off_t)peer) == MAP_FAILED)
		die("mmap halves");
	r = septum_chan_attach(&ch, base, (uint32_t)i.size, i.end);
	if (!r)
		r = septum_chan_ready(&ch) == 1 ? 0 : -SEPTUM_EPROTO;
	if (!r)
		r = septum_chan_pending(&ch);
	make_msg(msg, sizeof(msg), 0x6d6d6170u);
	if (!r)
		r = septum_chan_send(&ch, msg, sizeof(msg));
	if (!r && ioctl(fd, SEPTUM_CHAN_IOC_RING))
		r = -errno;
	if (!r)
		r = (int)recv_msg(fd, rx, sizeof(rx), REPLY_MS);
	test(r == (int)sizeof(msg) && !memcmp(rx, msg, sizeof(msg)), "linux-mmap-ring-h",
	     "sent with ring.h over mmap, echo read through the driver: %d", r);
	munmap(base, fp);
	munmap(ro, fp);
	return 0;
}

/* ---- errors-test ---- */

static int cmd_errors(int fd)
{
	static uint8_t big[1 << 17];
	struct septum_chan_info i;
	struct septum_chan_stats s0, s1;
	uint8_t m[100], rx[256];
	int fl = fcntl(fd, F_GETFL);
	uint32_t id;
	ssize_t r;
	int e;

	get_info(fd, &i);
	r = i.max_msg + 1 <= sizeof(big) ? write(fd, big, i.max_msg + 1) : -2;
	test(r < 0 && errno == EMSGSIZE, "linux-write-too-big",
	     "write of max_msg+1 = %u bytes: %s", i.max_msg + 1,
	     r < 0 ? strerror(errno) : "accepted");

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	r = read(fd, rx, sizeof(rx));
	test(r < 0 && errno == EAGAIN, "linux-read-nonblock-empty", "read: %s",
	     r < 0 ? strerror(errno) : "got a message");
	fcntl(fd, F_SETFL, fl);

	make_msg(m, sizeof(m), 77);
	r = send_msg(fd, m, sizeof(m));
	errno = ETIMEDOUT;
	r = wait_fd(fd, POLLIN, REPLY_MS) & POLLIN ? read(fd, rx, 10) : -1;
	e = errno;
	test(r < 0 && e == EMSGSIZE, "linux-read-small-buffer", "read(10) of 100: %s",
	     r < 0 ? strerror(e) : "accepted");
	r = wait_fd(fd, POLLIN, 0) & POLLIN ? read(fd, rx, sizeof(rx)) : -1;
	test(r == sizeof(m) && !memcmp(rx, m, sizeof(m)), "linux-read-after-emsgsize",
	     "the message stayed: read %zd", r);

	get_stats(fd, &s0);
	r = ioctl(fd, SEPTUM_CHAN_IOC_RING);
	get_stats(fd, &s1);
	test(r == 0 && s1.rings == s0.rings + 1, "linux-ring-ioctl",
	     "SEPTUM_CHAN_IOC_RING: %s, rings %llu -> %llu", r ? strerror(errno) : "0",
	     (unsigned long long)s0.rings, (unsigned long long)s1.rings);

	id = 7;
	r = ioctl(fd, SEPTUM_CHAN_IOC_RING_ID, &id);
	e = errno;
	if (i.test_hooks) {
		get_stats(fd, &s0);
		test(r < 0 && e == ENXIO && id != i.id, "linux-ring-foreign-id",
		     "doorbell on channel %u (not this VM's): %s", id,
		     r < 0 ? strerror(e) : "accepted");
		id = 0xffffffffu;
		r = ioctl(fd, SEPTUM_CHAN_IOC_RING_ID, &id);
		e = errno;
		test(r < 0 && e == ENXIO, "linux-ring-huge-id", "doorbell on channel %u: %s", id,
		     r < 0 ? strerror(e) : "accepted");
	} else {
		test(r < 0 && e == EPERM, "linux-ring-id-needs-test-hooks",
		     "SEPTUM_CHAN_IOC_RING_ID without test_hooks: %s",
		     r < 0 ? strerror(e) : "accepted");
	}
	return 0;
}

/* ---- quit ---- */

static int cmd_quit(int fd, long extra)
{
	struct septum_chan_stats s;
	uint8_t q[QUIT_LEN], rx[QUIT_LEN];
	ssize_t r;

	get_stats(fd, &s);
	memset(q, 0, sizeof(q));
	put32(q, QUIT_MAGIC);
	/* Every doorbell this VM rang: this load's, earlier loads', the QUIT's. */
	put32(q + 4, (uint32_t)(s.rings + (uint64_t)extra + 1));
	r = send_msg(fd, q, sizeof(q));
	if (r == sizeof(q))
		r = recv_msg(fd, rx, sizeof(rx), REPLY_MS);
	test(r == sizeof(q) && get32(rx) == QUIT_MAGIC, "linux-quit",
	     "told the peer %u doorbells; echo %zd bytes", get32(q + 4), r);
	return 0;
}

static void usage(void)
{
	fputs("usage: septum-chan info|send|recv|ring|echo-test|rtt|bench|poll-test|"
	      "mmap-test|errors-test|quit DEV [options]\n"
	      "  send DEV [TEXT...]   recv DEV [-n N] [-t MS]   echo-test DEV [-n N] [-m MAX]\n"
	      "  rtt DEV [-n N] [-s SIZE]   bench DEV [-s SIZE] [-n N]   poll-test DEV [-w MS]\n"
	      "  quit DEV [-r RUNG]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	long n = -1, size = -1, ms = -1, max = MSG_MAX, extra = 0;
	const char *cmd;
	int fd, opt, rest;

	if (argc < 3)
		usage();
	cmd = argv[1];
	fd = open_dev(argv[2], O_RDWR);
	if (!strcmp(cmd, "send"))
		return cmd_send(fd, argc - 3, argv + 3);
	optind = 3;
	while ((opt = getopt(argc, argv, "n:s:t:w:m:r:")) != -1) {
		switch (opt) {
		case 'n': n = strtol(optarg, NULL, 0); break;
		case 's': size = strtol(optarg, NULL, 0); break;
		case 't': case 'w': ms = strtol(optarg, NULL, 0); break;
		case 'm': max = strtol(optarg, NULL, 0); break;
		case 'r': extra = strtol(optarg, NULL, 0); break;
		default: usage();
		}
	}
	rest = optind < argc;
	if (rest)
		usage();
	if (!strcmp(cmd, "info"))
		return cmd_info(fd);
	if (!strcmp(cmd, "recv"))
		return cmd_recv(fd, n, ms < 0 ? -1 : (int)ms);
	if (!strcmp(cmd, "ring"))
		return cmd_ring(fd);
	if (!strcmp(cmd, "echo-test"))
		cmd_echo(fd, n < 0 ? 10000 : n, max);
	else if (!strcmp(cmd, "rtt"))
		cmd_rtt(fd, n < 0 ? 1000 : n, size < 0 ? 16 : size);
	else if (!strcmp(cmd, "bench"))
		cmd_bench(fd, size < 0 ? 64 : size, n < 0 ? 10000 : n);
	else if (!strcmp(cmd, "poll-test"))
		cmd_poll(fd, ms < 0 ? 200 : ms);
	else if (!strcmp(cmd, "mmap-test"))
		cmd_mmap(fd);
	else if (!strcmp(cmd, "errors-test"))
		cmd_errors(fd);
	else if (!strcmp(cmd, "quit"))
		cmd_quit(fd, extra);
	else
		usage();
	return failures ? 1 : 0;
}
