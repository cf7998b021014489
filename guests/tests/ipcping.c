/* SPDX-License-Identifier: MIT */
/*
 * ipcping: two bare-metal VMs talking over a Septum channel.
 *
 * role=pong: waits for the peer, then echoes every message back (recv,
 *   send, doorbell), sleeping in WFI until its doorbell SPI. A message of
 *   IPC_QUIT_LEN bytes starting "QUIT" ends the run: its second word is the
 *   number of doorbells the peer rang; pong checks it took no more
 *   doorbell interrupts than that (a foreign doorbell would show), echoes
 *   it and prints DONE.
 * role=ping: count=<n> (default 10000) messages of pseudo-random length
 *   1..512 (seq + checksum in the first 8 bytes when they fit), each rung
 *   and awaited (WFI + doorbell) and compared with what was sent; then the
 *   negative checks (doorbell on channel 7 -> SEPTUM_E_NO_CHANNEL; a write
 *   to the peer's half -> synchronous external abort; pong keeps echoing),
 *   then BENCH ipc_rtt_ns over rtt=<n> (default 1000) 16-byte round trips.
 *
 * Bootargs: role=ping|pong count=<n> rtt=<n> chan=<label> (default: first).
 */
#include <string.h>

#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/ipc.h>
#include <guest/sort.h>
#include <guest/test.h>
#include <septum/hvc.h>

const char guest_name[] = "ipcping";

#define MSG_MAX		512
#define IPC_QUIT_LEN	600
#define QUIT_MAGIC	0x54495551u	/* "QUIT" */
#define MAX_RTT		4096
#define PEER_WAIT_MS	10000
#define FOREIGN_ID	7

static struct ipc_chan chan;
static u8 txbuf[IPC_QUIT_LEN], rxbuf[IPC_QUIT_LEN];
static u32 rtt[MAX_RTT];
static u32 rung;	/* doorbells rung successfully (ping) */

static u64 rng_state = 0x9e3779b97f4a7c15ull;

static u64 rng(void)
{
	u64 x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

static void put32(u8 *p, u32 v)
{
	p[0] = (u8)v; p[1] = (u8)(v >> 8); p[2] = (u8)(v >> 16); p[3] = (u8)(v >> 24);
}

static u32 get32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u32 checksum(const u8 *p, u32 n)
{
	u32 h = 2166136261u;	/* FNV-1a */

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
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
	con_printf("ipcping: %s: %u/%u echoed in %lu ms\n", name, good, n,
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
		   "ipc-peer-half-readable", "count=%u val=0x%lx", r.count, val);
	r = exc_probe_write(own, 0);
	test_check(r.count == 0, "ipc-own-half-writable", "count=%u esr=0x%lx",
		   r.count, r.esr);
	for (int i = 0; i < 2; i++) {
		r = exc_probe_write(targets[i], 0);
		test_check(r.count == 1 && ESR_EC(r.esr) == ESR_EC_DABT_CUR &&
			   ESR_DFSC(r.esr) == DFSC_SEA && r.far == targets[i],
			   names[i], "count=%u esr=0x%lx far=0x%lx want 0x%lx",
			   r.count, r.esr, r.far, targets[i]);
	}
	r = exc_probe_read(peer_ring + 0x100, &val);
	test_check(r.count == 0, "ipc-peer-ring-readable", "count=%u", r.count);
}

static void bench(u32 n)
{
	u32 missed = 0;

	memset(txbuf, 0xa5, 16);
	for (u32 i = 0; i < n; i++) {
		u64 t0, t1;
		int r;

		put32(txbuf, i);
		t0 = cnt_now();
		if (ipc_send(&chan, txbuf, 16) || ipc_ring(&chan)) {
			missed++;
			continue;
		}
		ipc_wait(&chan);
		r = ipc_recv(&chan, rxbuf, sizeof(rxbuf));
		t1 = cnt_now();
		rung++;
		if (r != 16 || get32(rxbuf) != i)
			missed++;
		rtt[i] = (u32)(t1 - t0);
	}
	sort_u32(rtt, n);
	con_printf("BENCH ipc_rtt_ns min=%lu median=%lu p99=%lu max=%lu n=%u\n",
		   cnt_ticks_to_ns(rtt[0]), cnt_ticks_to_ns(rtt[n / 2]),
		   cnt_ticks_to_ns(rtt[(u64)(n - 1) * 99 / 100]),
		   cnt_ticks_to_ns(rtt[n - 1]), n);
	test_eq("ipc-rtt-bench", missed, 0);
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
	bool is_pong;
	int r;

	if (dt_arg("role", &role, &len) && len == 4 && !memcmp(role, "pong", 4))
		is_pong = true;
	else
		is_pong = false;
	if (dt_arg("chan", &label, &len) && len < sizeof(lbuf)) {
		memcpy(lbuf, label, len);
		lbuf[len] = 0;
		label = lbuf;
	} else {
		label = NULL;
	}
	if (!test_need_septum("ipc"))
		return;
	if (!test_check(gic_init() != GIC_NONE, "ipc-gic", "no GIC"))
		return;
	r = ipc_find(&chan, label);
	if (!test_check(r == 0, "ipc-dt", "channel node: %d (count %d)", r,
			ipc_count()))
		return;
	con_printf("ipcping: %s channel '%s' id=%u end=%u base=0x%lx size=0x%lx "
		   "footprint=0x%lx intid=%u peer=%s\n", is_pong ? "pong" : "ping",
		   chan.label ? chan.label : "?", chan.id, chan.end, chan.base,
		   chan.capacity, chan.footprint, chan.intid,
		   chan.peer ? chan.peer : "?");
	test_check(chan.intid >= 32, "ipc-dt-doorbell", "intid=%u", chan.intid);
	r = ipc_open(&chan);
	if (!test_eq("ipc-open", r, 0))
		return;
	exc_irq_unmask();
	if (!test_check(ipc_wait_peer(&chan, PEER_WAIT_MS), "ipc-peer-ready",
			"peer not ready after %u ms (ready=%d)", PEER_WAIT_MS,
			ipc_peer_ready(&chan)))
		return;
	if (is_pong)
		pong();
	else
		ping();
	exc_irq_mask();
}
