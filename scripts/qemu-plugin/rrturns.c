/* SPDX-License-Identifier: MIT */
/*
 * rrturns: a QEMU TCG plugin (plugin API version 4, as Debian's QEMU 10.0.2
 * takes: it refuses a plugin built for 5) that logs
 * the turns of QEMU's single-threaded round robin. Under -icount the
 * robin runs one vCPU at a time in one host thread; a turn is a run of
 * translation blocks of one vCPU, ended when another vCPU executes one.
 * Each finished turn is one line of the output file:
 *
 *   <vcpu> <start> <insns>
 *
 * start: instructions executed by all vCPUs before the turn (under
 * -icount shift=0 the virtual clock in ns while some vCPU runs; it does
 * not count the time QEMU skips while every vCPU waits in WFI), insns:
 * the turn's instructions (whole translation blocks: one cut short by an
 * exception counts whole). scripts/rrtrace builds it with the host's cc
 * and reads the log; the declarations below are the few of QEMU's
 * plugin API (include/qemu/qemu-plugin.h) it calls, so no QEMU headers
 * are needed.
 *
 * Arguments: out=<file> (default rrturns.log), min=<insns> (0): log only
 * turns of at least that many instructions, except those of vCPU
 * keep=<n> (default none), all of whose turns are logged; gap=<insns>
 * (0: off): when vCPU keep's turn starts more than gap instructions after
 * its last one ended, every turn in between (the last RING of them, short
 * ones too) as "  <vcpu> <start> <insns> 0x<pc of its first block>"
 * lines after a line
 * "gap <keep> <from> <to>"; qlog=1: write to QEMU's log (-d plugin -D <file>)
 * instead of out=, in order with the trace events QEMU logs there
 * (-d trace:<event>), and a line "> <keep> <start> 0" where each of
 * vCPU keep's turns starts: the events between it and the turn's own line
 * are that vCPU's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_info_t;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };

void qemu_plugin_register_vcpu_tb_trans_cb(
	qemu_plugin_id_t id,
	void (*cb)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb));
void qemu_plugin_register_vcpu_tb_exec_cb(
	struct qemu_plugin_tb *tb, void (*cb)(unsigned int vcpu, void *udata),
	enum qemu_plugin_cb_flags flags, void *udata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_outs(const char *string);
void qemu_plugin_register_atexit_cb(
	qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t id, void *udata),
	void *udata);

#define EXPORT __attribute__((visibility("default")))

EXPORT int qemu_plugin_version = 4;

/* One host thread runs every vCPU under -icount: no locking needed. */
static FILE *out;
static int qlog;

/* One line: "<tag><vcpu> <a> <b>" (and " 0x<pc>" if pc). */
static void emit_pc(const char *tag, int vcpu, uint64_t a, uint64_t b,
		    uint64_t pc)
{
	char line[128];

	if (pc)
		snprintf(line, sizeof(line), "%s%d %llu %llu 0x%llx\n", tag, vcpu,
			 (unsigned long long)a, (unsigned long long)b,
			 (unsigned long long)pc);
	else
		snprintf(line, sizeof(line), "%s%d %llu %llu\n", tag, vcpu,
			 (unsigned long long)a, (unsigned long long)b);
	if (qlog)
		qemu_plugin_outs(line);
	else
		fputs(line, out);
}

static void emit(const char *tag, int vcpu, uint64_t a, uint64_t b)
{
	emit_pc(tag, vcpu, a, b, 0);
}
static uint64_t executed, turn_start, turn_insns, turn_pc;

/* What the exec callback gets for each translated block. */
struct tb_info {
	uint64_t insns, pc;
};
#define RING 65536

static uint64_t min_insns, gap_insns, keep_end;
static struct turn {
	int vcpu;
	uint64_t start, insns, pc;
} ring[RING];
static unsigned int ring_next;
static int turn_vcpu = -1, keep_vcpu = -1;

/* The turns since vCPU keep's last one, when it was away too long. */
static void dump_gap(void)
{
	unsigned int n = 0;

	emit("gap ", keep_vcpu, keep_end, executed);
	while (n < RING && ring[(ring_next - n - 1) % RING].start >= keep_end &&
	       ring[(ring_next - n - 1) % RING].insns)
		n++;
	for (unsigned int i = n; i > 0; i--) {
		struct turn *t = &ring[(ring_next - i) % RING];

		emit_pc("  ", t->vcpu, t->start, t->insns, t->pc);
	}
	if (out)
		fflush(out);
}

static void end_turn(void)
{
	if (turn_vcpu < 0)
		return;
	ring[ring_next++ % RING] = (struct turn){ turn_vcpu, turn_start,
						  turn_insns, turn_pc };
	if (turn_insns >= min_insns || turn_vcpu == keep_vcpu)
		emit("", turn_vcpu, turn_start, turn_insns);
	if (turn_vcpu == keep_vcpu) {
		keep_end = turn_start + turn_insns;
		if (out)
			fflush(out);
	}
}

static void tb_exec(unsigned int vcpu, void *udata)
{
	const struct tb_info *tb = udata;
	uint64_t n = tb->insns;

	if ((int)vcpu != turn_vcpu) {
		end_turn();
		if ((int)vcpu == keep_vcpu && gap_insns && keep_end &&
		    executed - keep_end > gap_insns)
			dump_gap();
		if ((int)vcpu == keep_vcpu && qlog)
			emit("> ", (int)vcpu, executed, 0);
		turn_vcpu = (int)vcpu;
		turn_pc = tb->pc;
		turn_start = executed;
		turn_insns = 0;
	}
	executed += n;
	turn_insns += n;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	/* Never freed: the block may run until QEMU exits. */
	struct tb_info *info = malloc(sizeof(*info));

	(void)id;
	if (!info)
		return;
	info->insns = qemu_plugin_tb_n_insns(tb);
	info->pc = qemu_plugin_tb_vaddr(tb);
	qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
					     info);
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	if (out)
		fflush(out);
}

/* QEMU's entry point: opens the log, registers the callbacks. */
EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
			       const struct qemu_info_t *info, int argc,
			       char **argv)
{
	const char *file = "rrturns.log";

	(void)info;
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4))
			file = argv[i] + 4;
		else if (!strncmp(argv[i], "min=", 4))
			min_insns = strtoull(argv[i] + 4, NULL, 0);
		else if (!strncmp(argv[i], "qlog=", 5))
			qlog = argv[i][5] == '1';
		else if (!strncmp(argv[i], "gap=", 4))
			gap_insns = strtoull(argv[i] + 4, NULL, 0);
		else if (!strncmp(argv[i], "keep=", 5))
			keep_vcpu = (int)strtol(argv[i] + 5, NULL, 0);
	}
	if (!qlog) {
		out = fopen(file, "w");
		if (!out)
			return -1;
		setvbuf(out, NULL, _IOFBF, 1 << 16);
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
