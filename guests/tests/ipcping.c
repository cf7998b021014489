/* SPDX-License-Identifier: MIT */
/*
 * ipcping: bare-metal VMs talking over Septum channels.
 *
 * Message format: any length; when len >= 8, bytes 0-3 are a sequence
 * number and bytes 4-7 the FNV-1a hash of bytes 8..len (little-endian;
 * a hash of 0 is sent as 1, and 0 means "not checked").
 *
 * role=pong: waits for the peer, then echoes every message back (recv,
 *   send, doorbell), sleeping in WFI until its doorbell SPI. Special
 *   messages:
 *   - "QUIT" + u32 doorbells the peer rang, IPC_QUIT_LEN (600) bytes: pong
 *     checks it took between 1 and that many doorbell interrupts (a
 *     foreign doorbell would show), echoes it and prints DONE;
 *   - "WAIT" + u32 tag + u32 ms (12 bytes): waits ms milliseconds, then
 *     echoes (a peer can block in poll and be woken by the doorbell);
 *   - "LAT?" (48 bytes): pong stores the physical-counter time of the
 *     doorbell's IRQ vector at offset 16 and of its reply at offset 24,
 *     then echoes (the one-way latency figures).
 * role=sink: receives forever, checking that each message's sequence
 *   number is the count of messages before it (since the last QUIT) and
 *   its hash if non-zero; after each drained batch it rings the peer so a
 *   writer waiting for room wakes up. A QUIT (as above, second word =
 *   messages sent) is answered with 16 bytes "SUMM" + u32 received + u32
 *   bad sequence numbers + u32 bad hashes, a TEST ipc-sink line, and the
 *   counters start again.
 * role=ping: count=<n> (default 10000) messages of pseudo-random length
 *   1..512 through pong, each rung, awaited (WFI + doorbell) and compared
 *   with what was sent; then the negative checks (doorbell on channel 7 ->
 *   SEPTUM_E_NO_CHANNEL; a write to the peer's half -> synchronous
 *   external abort; pong keeps echoing), then rtt=<n> (default 1000)
 *   timed LAT? round trips: BENCH ipc_doorbell_hvc_ns, ipc_oneway_ns,
 *   ipc_rtt_ns. With a channel labelled "bulk" to a sink: throughput
 *   (BENCH ipc_tput_<size>B) for 64-byte and 4 KiB messages, hash-checked
 *   first then unchecked for the figures.
 *
 * Bootargs: role=ping|pong|sink count=<n> rtt=<n> chan=<label> (default:
 * "link", else the first channel) peer-wait-ms=<n> (default 10000: how
 * long to wait for the peer to initialise its half; a Linux peer under
 * -icount, starved by this VM's spinning, needs longer).
 */
#include <string.h>

#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/ipc.h>
#include <guest/mmu.h>
#include <guest/sort.h>
#include <guest/test.h>
#include <guest/xorshift.h>
#include <septum/hvc.h>

const char guest_name[] = "ipcping";

#define MSG_MAX		512
#define BUF_SIZE	65536
#define IPC_QUIT_LEN	600
#define QUIT_MAGIC	0x54495551u	/* "QUIT" */
#define WAIT_MAGIC	0x54494157u	/* "WAIT" */
#define WAIT_LEN	12
#define LAT_MAGIC	0x3f54414cu	/* "LAT?" */
#define LAT_LEN		48
#define SUMM_MAGIC	0x4d4d5553u	/* "SUMM" */
#define SUMM_LEN	16
#define MAX_RTT		4096
#define PEER_WAIT_MS	10000
#define FOREIGN_ID	7

static struct ipc_chan chan, bulk;
static u8 txbuf[BUF_SIZE], rxbuf[BUF_SIZE];
static u32 rtt[MAX_RTT], hvc[MAX_RTT], oneway[MAX_RTT], back[MAX_RTT];
static u32 turn[MAX_RTT], wake[MAX_RTT];
static u64 phys_off;	/* CNTPCT - CNTVCT: the counter all VMs share */
static u32 rung;	/* doorbells rung successfully (ping) */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static u64 rng(void)
{
	return xorshift64(&rng_state);
}

static void put32(u8 *p, u32 v)
{
	p[0] = (u8)v; p[1] = (u8)(v >> 8); p[2] = (u8)(v >> 16); p[3] = (u8)(v >> 24);
}

static u32 get32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static void put64(u8 *p, u64 v)
{
	put32(p, (u32)v);
	put32(p + 4, (u32)(v >> 32));
}

static u64 get64(const u8 *p)
{
	return get32(p) | (u64)get32(p + 4) << 32;
}

/* CNTPCT - CNTVCT: of 16 tries, the one with the fewest ticks between
 * the two CNTVCT reads around CNTPCT (exact under icount). */
static u64 counter_offset(void)
{
	u64 best = ~0ull, off = 0;

	for (int i = 0; i < 16; i++) {
		u64 v0 = cnt_now(), p = cnt_phys_now(), v1 = cnt_now();

		if (v1 - v0 < best) {
			best = v1 - v0;
			off = p - v0 - best / 2;
		}
	}
	return off;
}

static u32 checksum(const u8 *p, u32 n)
{
	u32 h = 2166136261u;	/* FNV-1a */

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h ? h : 1;
}

static int send_ring(const void *m, u32 len)
{
	int r;

	while ((r = ipc_send(&chan, m, len)) == -SEPTUM_EAGAIN)
		;
	if (r)
		return r;
	if (ipc_ring(&chan) == 0)
		rung++;
	return 0;
}

/* pong's special messages: see the top of the file. */
static void pong_special(u8 *m, int len)
{
	if (len == WAIT_LEN && get32(m) == WAIT_MAGIC) {
		cnt_delay_ms(get32(m + 8));
	} else if (len == LAT_LEN && get32(m) == LAT_MAGIC) {
		put64(m + 16, chan.stamp + phys_off);
		put64(m + 24, cnt_phys_now());
	}
}

/* ---- pong ---- */

static void pong(void)
{
	u32 echoed = 0, bad = 0;
	bool quit = false;

	while (!quit) {
		int len;

		ipc_wait(&chan);
		while ((len = ipc_recv(&chan, rxbuf, sizeof(rxbuf))) >= 0) {
			if (len == IPC_QUIT_LEN && get32(rxbuf) == QUIT_MAGIC) {
				u32 peer_rung = get32(rxbuf + 4);
				u32 irqs = chan.irqs;

				con_printf("ipcping: pong echoed=%u irqs=%u peer_rung=%u\n",
					   echoed, irqs, peer_rung);
				test_check(irqs >= 1 && irqs <= peer_rung,
					   "ipc-pong-doorbells",
					   "irqs=%u peer rang %u", irqs, peer_rung);
				quit = true;
			} else {
				pong_special(rxbuf, len);
				echoed++;
			}
			if (send_ring(rxbuf, (u32)len)) {
				bad++;
				break;
			}
		}
		if (len != -SEPTUM_EAGAIN) {
			test_fail("ipc-pong-recv", "recv=%d", len);
			return;
		}
	}
	test_eq("ipc-pong-send-errors", bad, 0);
	test_check(echoed > 0, "ipc-pong-echo", "echoed=%u", echoed);
}

/* ---- sink ---- */

static void sink(void)
{
	u32 received = 0, bad_seq = 0, bad_sum = 0, too_big = 0;
	u64 bytes = 0;

	for (;;) {
		int len;

		ipc_wait(&chan);
		while ((len = ipc_recv(&chan, rxbuf, sizeof(rxbuf))) != -SEPTUM_EAGAIN) {
			if (len == -SEPTUM_EMSGSIZE) {
				septum_chan_discard(&chan.ch);
				too_big++;
				received++;
				continue;
			}
			if (len < 0) {
				test_fail("ipc-sink-recv", "recv=%d", len);
				return;
			}
			if (len == IPC_QUIT_LEN && get32(rxbuf) == QUIT_MAGIC) {
				u32 sent = get32(rxbuf + 4);
				u8 summ[SUMM_LEN];

				test_check(received == sent && !bad_seq && !bad_sum &&
					   !too_big, "ipc-sink",
					   "received=%u sent=%u bytes=%llu bad_seq=%u "
					   "bad_sum=%u too_big=%u", received, sent,
					   bytes, bad_seq, bad_sum, too_big);
				put32(summ, SUMM_MAGIC);
				put32(summ + 4, received);
				put32(summ + 8, bad_seq);
				put32(summ + 12, bad_sum + too_big);
				send_ring(summ, SUMM_LEN);
				received = bad_seq = bad_sum = too_big = 0;
				bytes = 0;
				continue;
			}
			if (len >= 8) {
				u32 sum = get32(rxbuf + 4);

				bad_seq += get32(rxbuf) != received;
				bad_sum += sum && sum != checksum(rxbuf + 8, (u32)len - 8);
			}
			received++;
			bytes += (u32)len;
		}
		ipc_ring(&chan);	/* room again */
	}
}

/* ---- ping ---- */

/* Sends a message of len bytes built from seq, waits for its echo, checks
 * it; returns true if good. */
static bool round_trip(u32 seq, u32 len, u32 *bad_len, u32 *bad_data)
{
	int r;

	for (u32 i = 0; i < len; i++)
		txbuf[i] = (u8)rng();
	if (len >= 8) {
		put32(txbuf, seq);
		put32(txbuf + 4, checksum(txbuf + 8, len - 8));
	}
	if (send_ring(txbuf, len))
		return false;
	ipc_wait(&chan);
	r = ipc_recv(&chan, rxbuf, sizeof(rxbuf));
	if (r != (int)len) {
		(*bad_len)++;
		if (*bad_len <= 3)
			con_printf("ipcping: seq %u len %u: recv=%d\n", seq, len, r);
		return false;
	}
	if (memcmp(txbuf, rxbuf, len) ||
	    (len >= 8 && (get32(rxbuf) != seq ||
			  get32(rxbuf + 4) != checksum(rxbuf + 8, len - 8)))) {
		(*bad_data)++;
		return false;
	}
	return true;
}

static void echo_run(const char *name, u32 n)
{
	u32 bad_len = 0, bad_data = 0, good = 0;
	u64 t0 = cnt_now();

	for (u32 seq = 0; seq < n; seq++)
		good += round_trip(seq, 1 + (u32)(rng() % MSG_MAX), &bad_len, &bad_data);
	con_printf("ipcping: %s: %u/%u echoed in %llu ms\n", name, good, n,
		   cnt_ticks_to_ms(cnt_now() - t0));
	test_check(good == n && !bad_len && !bad_data, name,
		   "good=%u n=%u bad_len=%u bad_data=%u", good, n, bad_len,
		   bad_data);
}

static void negative(void)
{
	u64 peer_half = chan.base + SEPTUM_CHAN_CTL_OFF(chan.capacity, 1 - chan.end);
	u64 peer_ring = chan.base + SEPTUM_CHAN_RING_OFF(chan.capacity, 1 - chan.end);
	u64 own = chan.base + SEPTUM_CHAN_CTL_OFF(chan.capacity, chan.end) + 0x800;
	u64 targets[2] = { peer_half + 0x800, peer_ring + 0x100 };
	const char *names[2] = { "ipc-peer-ctl-write-aborts", "ipc-peer-ring-write-aborts" };
	struct exc_record r;
	u64 val = 0;
	s64 ret;

	ret = ipc_doorbell_id(FOREIGN_ID);
	test_eq("ipc-doorbell-foreign-id", ret, -5);
	ret = ipc_doorbell_id(0xffffffffull);
	test_eq("ipc-doorbell-huge-id", ret, -5);

	r = exc_probe_read(peer_half, &val);
	test_check(r.count == 0 && (u32)val == SEPTUM_CHAN_MAGIC,
		   "ipc-peer-half-readable", "count=%u val=0x%llx", r.count, val);
	r = exc_probe_write(own, 0);
	test_check(r.count == 0, "ipc-own-half-writable", "count=%u esr=0x%llx",
		   r.count, r.esr);
	for (int i = 0; i < 2; i++) {
		r = exc_probe_write(targets[i], 0);
		test_check(r.count == 1 && ESR_EC(r.esr) == ESR_EC_DABT_CUR &&
			   ESR_DFSC(r.esr) == DFSC_SEA && r.far == targets[i],
			   names[i], "count=%u esr=0x%llx far=0x%llx want 0x%llx",
			   r.count, r.esr, r.far, targets[i]);
	}
	r = exc_probe_read(peer_ring + 0x100, &val);
	test_check(r.count == 0, "ipc-peer-ring-readable", "count=%u", r.count);
}

static void report(const char *name, u32 *v, u32 n)
{
	sort_u32(v, n);
	con_printf("BENCH %s min=%llu median=%llu p99=%llu max=%llu n=%u\n", name,
		   cnt_ticks_to_ns(v[0]), cnt_ticks_to_ns(v[n / 2]),
		   cnt_ticks_to_ns(v[(u64)(n - 1) * 99 / 100]),
		   cnt_ticks_to_ns(v[n - 1]), n);
}

/*
 * n LAT? round trips through pong, all times on the physical counter:
 * the doorbell hypercall as its caller sees it, ring -> pong's IRQ vector
 * (one way), pong's reply -> my IRQ vector (the other way, including
 * pong's copy into the ring) and send -> echo received (round trip).
 */
static void bench(u32 n)
{
	u32 missed = 0;

	memset(txbuf, 0, LAT_LEN);
	put32(txbuf, LAT_MAGIC);
	for (u32 i = 0; i < n; i++) {
		u64 t0, t_ring, t_ret, t1;
		int r;

		put32(txbuf + 4, i);
		t0 = cnt_phys_now();
		if (ipc_send(&chan, txbuf, LAT_LEN)) {
			missed++;
			continue;
		}
		t_ring = cnt_phys_now();
		if (ipc_ring(&chan)) {
			missed++;
			continue;
		}
		t_ret = cnt_phys_now();
		rung++;
		ipc_wait(&chan);
		r = ipc_recv(&chan, rxbuf, sizeof(rxbuf));
		t1 = cnt_phys_now();
		if (r != LAT_LEN || get32(rxbuf + 4) != i) {
			missed++;
			continue;
		}
		rtt[i - missed] = (u32)(t1 - t0);
		hvc[i - missed] = (u32)(t_ret - t_ring);
		oneway[i - missed] = (u32)(get64(rxbuf + 16) - t_ring);
		back[i - missed] = (u32)(chan.stamp + phys_off - get64(rxbuf + 24));
		turn[i - missed] = (u32)(get64(rxbuf + 24) - get64(rxbuf + 16));
		wake[i - missed] = (u32)(t1 - (chan.stamp + phys_off));
	}
	test_eq("ipc-rtt-bench", missed, 0);
	if (missed == n)
		return;
	report("ipc_doorbell_hvc_ns", hvc, n - missed);
	report("ipc_oneway_ns", oneway, n - missed);
	report("ipc_oneway_back_ns", back, n - missed);
	report("ipc_pong_turnaround_ns", turn, n - missed);
	report("ipc_ping_wake_ns", wake, n - missed);
	report("ipc_rtt_ns", rtt, n - missed);
}

/*
 * n messages of size bytes to the sink on b as fast as the ring takes
 * them: ring when full (the sink rings back when it has drained) and at
 * the end, then QUIT and wait for the sink's summary. Hashed: every
 * message carries its hash (the bytes after the header are the same in
 * all, so the sender computes it once; the sink checks each).
 */
static void throughput(struct ipc_chan *b, u32 size, u32 n, bool hashed)
{
	u32 sum, r_len = 0;
	u64 t0, ns;
	int r;

	for (u32 i = 8; i < size; i++)
		txbuf[i] = (u8)rng();
	sum = hashed ? checksum(txbuf + 8, size - 8) : 0;
	put32(txbuf + 4, sum);
	t0 = cnt_now();
	for (u32 seq = 0; seq < n; seq++) {
		put32(txbuf, seq);
		while ((r = ipc_send(b, txbuf, size)) == -SEPTUM_EAGAIN) {
			ipc_ring(b);
			ipc_wait_space(b, size);
		}
		if (r) {
			test_fail("ipc-tput-send", "send=%d", r);
			return;
		}
	}
	memset(txbuf, 0, IPC_QUIT_LEN);
	put32(txbuf, QUIT_MAGIC);
	put32(txbuf + 4, n);
	while (ipc_send(b, txbuf, IPC_QUIT_LEN) == -SEPTUM_EAGAIN) {
		ipc_ring(b);
		ipc_wait_space(b, IPC_QUIT_LEN);
	}
	ipc_ring(b);
	/* The sink's batch doorbells come too; wait for the summary. */
	while ((r = ipc_recv(b, rxbuf, sizeof(rxbuf))) == -SEPTUM_EAGAIN)
		ipc_wait(b);
	ns = cnt_ticks_to_ns(cnt_now() - t0);
	if (r == SUMM_LEN && get32(rxbuf) == SUMM_MAGIC)
		r_len = get32(rxbuf + 4);
	if (!test_check(r == SUMM_LEN && r_len == n && !get32(rxbuf + 8) &&
			!get32(rxbuf + 12), hashed ? "ipc-tput-hashed" : "ipc-tput",
			"size=%u n=%u: reply %d received=%u bad_seq=%u bad=%u",
			size, n, r, r_len, get32(rxbuf + 8), get32(rxbuf + 12)))
		return;
	if (!hashed)
		con_printf("BENCH ipc_tput_%uB msgs_per_s=%llu MB_per_s=%llu.%llu n=%u ns=%llu\n",
			   size, (u64)n * 1000000000u / ns,
			   (u64)n * size * 1000u / ns,
			   (u64)n * size * 10000u / ns % 10, n, ns);
}

static void ping(void)
{
	u64 count = dt_arg_u64_or("count", 10000);
	u64 n_rtt = dt_arg_u64_or("rtt", 1000);
	int r;

	if (n_rtt > MAX_RTT)
		n_rtt = MAX_RTT;
	echo_run("ipc-echo", (u32)count);
	negative();
	echo_run("ipc-echo-after-faults", 100);
	if (n_rtt)
		bench((u32)n_rtt);
	if (bulk.base) {
		throughput(&bulk, 64, 2000, true);
		throughput(&bulk, 4096, 200, true);
		throughput(&bulk, 64, 20000, false);
		throughput(&bulk, 4096, 2000, false);
	}
	/* Tell pong to stop; it echoes the QUIT back. */
	memset(txbuf, 0, IPC_QUIT_LEN);
	put32(txbuf, QUIT_MAGIC);
	put32(txbuf + 4, rung + 1);
	send_ring(txbuf, IPC_QUIT_LEN);
	ipc_wait(&chan);
	r = ipc_recv(&chan, rxbuf, sizeof(rxbuf));
	test_check(r == IPC_QUIT_LEN && get32(rxbuf) == QUIT_MAGIC, "ipc-quit",
		   "recv=%d", r);
	con_printf("ipcping: ping doorbell irqs=%u rung=%u\n", chan.irqs, rung);
}

void guest_main(void)
{
	const char *role = "ping", *label = NULL;
	char lbuf[32];
	size_t len;
	bool is_pong = false, is_sink = false;
	u64 peer_wait = dt_arg_u64_or("peer-wait-ms", PEER_WAIT_MS);
	int r;

	if (dt_arg("role", &role, &len) && len == 4) {
		is_pong = !memcmp(role, "pong", 4);
		is_sink = !memcmp(role, "sink", 4);
	}
	if (dt_arg("chan", &label, &len) && len < sizeof(lbuf)) {
		memcpy(lbuf, label, len);
		lbuf[len] = 0;
		label = lbuf;
	} else {
		label = NULL;
	}
	phys_off = counter_offset();
	if (!test_need_septum("ipc"))
		return;
	/* Caches on, the channel Normal Write-Back like the peer's mapping
	 * (guest/mmu.h; bootarg mmu=off keeps the MMU off). */
	{
		const char *mmu;

		if (!(dt_arg("mmu", &mmu, &len) && len == 3 && !memcmp(mmu, "off", 3)))
			mmu_enable();
	}
	if (!test_check(gic_init() != GIC_NONE, "ipc-gic", "no GIC"))
		return;
	r = ipc_find(&chan, label ? label : "link");
	if (r && !label)
		r = ipc_find(&chan, NULL);
	if (!test_check(r == 0, "ipc-dt", "channel node: %d (count %d)", r,
			ipc_count()))
		return;
	con_printf("ipcping: %s channel '%s' id=%u end=%u base=0x%llx size=0x%llx "
		   "footprint=0x%llx intid=%u peer=%s mmu=%s\n",
		   is_pong ? "pong" : is_sink ? "sink" : "ping",
		   chan.label ? chan.label : "?", chan.id, chan.end, chan.base,
		   chan.capacity, chan.footprint, chan.intid,
		   chan.peer ? chan.peer : "?", mmu_enabled() ? "on" : "off");
	test_check(chan.intid >= 32, "ipc-dt-doorbell", "intid=%u", chan.intid);
	r = ipc_open(&chan);
	if (!test_eq("ipc-open", r, 0))
		return;
	exc_irq_unmask();
	if (!test_check(ipc_wait_peer(&chan, peer_wait), "ipc-peer-ready",
			"peer not ready after %llu ms (ready=%d)", peer_wait,
			ipc_peer_ready(&chan)))
		return;
	if (!is_pong && !is_sink && ipc_find(&bulk, "bulk") == 0) {
		r = ipc_open(&bulk);
		if (!test_eq("ipc-open-bulk", r, 0) ||
		    !test_check(ipc_wait_peer(&bulk, peer_wait), "ipc-bulk-ready",
				"sink not ready"))
			bulk.base = 0;
	} else {
		bulk.base = 0;
	}
	if (is_pong)
		pong();
	else if (is_sink)
		sink();
	else
		ping();
	exc_irq_mask();
}
