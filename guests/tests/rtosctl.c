/* SPDX-License-Identifier: MIT */
/*
 * rtosctl: the RTOS's peer over a Septum channel (the first one in the
 * DT). Sends the RTOS's commands and checks the replies, skipping the
 * telemetry lines ("T ...") in between, then checks the telemetry itself:
 *
 *   rtosctl-ping        "ping" -> "pong"
 *   rtosctl-setpoint    "setpoint <sp>" -> "OK setpoint <sp>"
 *   rtosctl-bad-value   "setpoint hot" -> "ERR setpoint ..."
 *   rtosctl-unknown     "frobnicate" -> "ERR unknown frobnicate"
 *   rtosctl-telemetry   for watch-ms: at least one line per 150 ms,
 *                       t_ms rising, miss=0, and the last one has the new
 *                       setpoint and pv within 1 degC of it
 *   rtosctl-report      "report" -> RTOS-LAT, RTOS-JIT, RTOS-MISS and
 *                       RTOS-DROP lines, in that order
 *
 * Under -icount give it done=off: a vCPU parked in WFE spins, and the
 * virtual clock counts its instructions too.
 *
 * Bootargs: sp=<mdegC> (65000), watch-ms=<n> (3000).
 */
#include <string.h>

#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/gic.h>
#include <guest/ipc.h>
#include <guest/mmu.h>
#include <guest/test.h>

const char guest_name[] = "rtosctl";

#define MSG_MAX		256
#define REPLY_MS	2000
#define PEER_WAIT_MS	10000
#define SETTLED_MDEG	1000

static struct ipc_chan chan;
static char msg[MSG_MAX];
static u32 telemetry;

/* The value of the token key=<int> in a telemetry line, or false. */
static bool field(const char *line, const char *key, s64 *out)
{
	size_t klen = strlen(key), n;
	const char *p = line;
	bool neg;
	u64 v;

	/* Invariant: p is the start of a token. */
	while (*p && (strncmp(p, key, klen) || p[klen] != '=')) {
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	if (!*p)
		return false;
	p += klen + 1;
	neg = *p == '-';
	p += neg;
	for (n = 0; p[n] >= '0' && p[n] <= '9'; n++)
		;
	if (!dt_parse_u64(p, n, &v))
		return false;
	*out = neg ? -(s64)v : (s64)v;
	return true;
}

/* The next line from the RTOS within ms (telemetry counted and skipped
 * unless want_telemetry); false on timeout. */
static bool next_line(u64 ms, bool want_telemetry)
{
	u64 end = cnt_now() + cnt_ms_to_ticks(ms);

	while (cnt_now() < end) {
		int len = ipc_recv(&chan, msg, sizeof(msg) - 1);

		if (len < 0) {
			ipc_wait(&chan);	/* telemetry rings every 100 ms */
			continue;
		}
		msg[len] = '\0';
		if (msg[0] == 'T' && msg[1] == ' ') {
			telemetry++;
			if (!want_telemetry)
				continue;
		}
		return true;
	}
	return false;
}

static void send(const char *s)
{
	while (ipc_send(&chan, s, (u32)strlen(s)) == -SEPTUM_EAGAIN)
		;
	ipc_ring(&chan);
}

/* Sends cmd and checks that the reply starts with want. */
static void expect(const char *name, const char *cmd, const char *want)
{
	send(cmd);
	if (!next_line(REPLY_MS, false)) {
		test_fail(name, "no reply to '%s'", cmd);
		return;
	}
	test_check(!strncmp(msg, want, strlen(want)), name,
		   "'%s' -> '%s', want '%s...'", cmd, msg, want);
}

static void report(void)
{
	static const char *const want[] = {
		"RTOS-LAT n=", "RTOS-JIT n=", "RTOS-MISS control=", "RTOS-DROP ",
	};
	unsigned i;

	send("report");
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		if (!next_line(REPLY_MS, false) ||
		    strncmp(msg, want[i], strlen(want[i])))
			break;
		con_printf("rtosctl: %s\n", msg);
	}
	test_check(i == ARRAY_SIZE(want), "rtosctl-report",
		   "line %u: '%s', want '%s...'", i, msg, want[i]);
}

static void watch(u64 ms, s64 sp)
{
	u64 end = cnt_now() + cnt_ms_to_ticks(ms);
	s64 last_t = -1, t = 0, lsp = -1, pv = 0, miss = 0;
	u32 n = 0, bad = 0;

	while (cnt_now() < end && next_line(REPLY_MS, true)) {
		if (msg[0] != 'T')
			continue;
		if (!field(msg, "t_ms", &t) || !field(msg, "sp", &lsp) ||
		    !field(msg, "pv", &pv) || !field(msg, "miss", &miss) ||
		    t <= last_t || miss) {
			if (!bad++)
				con_printf("rtosctl: bad telemetry '%s'\n", msg);
		}
		last_t = t;
		n++;
	}
	con_printf("rtosctl: %u telemetry lines in %llu ms, last '%s'\n", n, ms,
		   msg);
	test_check(n >= ms / 150 && !bad && lsp == sp &&
		   pv > sp - SETTLED_MDEG && pv < sp + SETTLED_MDEG,
		   "rtosctl-telemetry", "n=%u bad=%u sp=%lld pv=%lld want sp=%lld",
		   n, bad, lsp, pv, sp);
}

void guest_main(void)
{
	s64 sp = (s64)dt_arg_u64_or("sp", 65000);
	u64 watch_ms = dt_arg_u64_or("watch-ms", 3000);
	char cmd[48];

	if (!test_need_septum("rtosctl"))
		return;
	mmu_enable();	/* the channel cacheable, as the RTOS maps it */
	if (!test_check(gic_init() != GIC_NONE, "rtosctl-gic", "no GIC") ||
	    !test_eq("rtosctl-channel", ipc_find(&chan, NULL), 0) ||
	    !test_eq("rtosctl-open", ipc_open(&chan), 0))
		return;
	exc_irq_unmask();
	if (!test_check(ipc_wait_peer(&chan, PEER_WAIT_MS), "rtosctl-peer",
			"the RTOS did not open its end"))
		return;
	expect("rtosctl-ping", "ping", "pong");
	con_snprintf(cmd, sizeof(cmd), "setpoint %lld", sp);
	expect("rtosctl-setpoint", cmd, "OK setpoint ");
	test_check(!strcmp(msg + 3, cmd), "rtosctl-setpoint-echo", "'%s'", msg);
	expect("rtosctl-bad-value", "setpoint hot", "ERR setpoint ");
	expect("rtosctl-unknown", "frobnicate", "ERR unknown frobnicate");
	watch(watch_ms, sp);
	report();
	con_printf("rtosctl: doorbells taken %u\n", chan.irqs);
	exc_irq_mask();
}
