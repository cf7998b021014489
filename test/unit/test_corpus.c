/* SPDX-License-Identifier: MIT */
/*
 * The corpus of partition descriptions in corpus/ (*.dts), each checked
 * against QEMU virt (GICv3, 4 CPUs, 2 GiB) through cfg_parse, cfg_resolve
 * and cfg_validate, as the hypervisor and septum-check run them. Each file
 * lists the messages it must produce, exactly and in order, in lines
 *
 *     // expect: <message>
 *
 * A file without such lines must produce none. One CMocka test per file.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include "cfg.h"
#include "diag_sink.h"
#include "dtc.h"

#define MAX_FILES 128
#define MAX_EXPECT 16
#define EXPECT "// expect: "

/* What septum-check assumes on QEMU virt: the hypervisor image at RAM base
 * + 2 MiB, 64 MiB; the boot DTB at RAM base + 128 MiB, 1 MiB. */
static const struct cfg_hyp_rsv hyp = {
	.n = 2,
	.r = { { 0x40200000, 64 << 20 }, { 0x48000000, 1 << 20 } },
};

static char dir[512];
static struct board virt;
static struct partition part;
static struct diag_sink sink;

struct corpus_file {
	char path[768];
	char name[256];
};

/* The expected messages of a corpus file, pointing into text. */
static unsigned expectations(char *text, const char **want)
{
	unsigned n = 0;

	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, EXPECT, strlen(EXPECT)) != 0)
			continue;
		assert_true(n < MAX_EXPECT);
		want[n++] = line + strlen(EXPECT);
	}
	return n;
}

static void check_file(void **state)
{
	const struct corpus_file *f = *state;
	const char *want[MAX_EXPECT];
	char *dts = dtc_read_file(f->path, NULL);
	char *text = strdup(dts);
	unsigned n;
	void *dtb;

	assert_non_null(dts);
	dtb = dtc_compile(dts, dir);
	assert_non_null(dtb);
	n = expectations(text, want);
	diag_sink_init(&sink);
	if (cfg_parse(dtb, fdt_totalsize(dtb), &part, &sink.d) >= 0) {
		cfg_resolve(&part, dtc_qemu_virt(3), &virt, &sink.d);
		cfg_validate(&part, &virt, &hyp, &sink.d);
	}
	if (sink.n != n) {
		print_error("%s: %u message(s), %u expected\n", f->name, sink.n, n);
		for (unsigned i = 0; i < sink.n && i < DIAG_SINK_MAX; i++)
			print_error("  got:  %s\n", sink.msg[i]);
	}
	assert_int_equal(sink.n, n);
	for (unsigned i = 0; i < n; i++) {
		if (strcmp(sink.msg[i], want[i]) != 0)
			print_error("%s: message [%u]\n  got:  %s\n  want: %s\n", f->name, i,
				    sink.msg[i], want[i]);
		assert_string_equal(sink.msg[i], want[i]);
	}
	free(dtb);
	free(text);
	free(dts);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct corpus_file *)a)->name,
		      ((const struct corpus_file *)b)->name);
}

int main(void)
{
	static struct corpus_file files[MAX_FILES];
	static struct CMUnitTest tests[MAX_FILES];
	struct diag_sink board_sink;
	struct dirent *e;
	unsigned n = 0;
	char *slash;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s", __FILE__);
	slash = strrchr(dir, '/');
	snprintf(slash ? slash : dir, sizeof(dir) - (size_t)(slash ? slash - dir : 0),
		 "%scorpus", slash ? "/" : "");
	d = opendir(dir);
	if (!d) {
		perror(dir);
		return 1;
	}
	while ((e = readdir(d)) != NULL && n < MAX_FILES) {
		size_t len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 4, ".dts") != 0)
			continue;
		snprintf(files[n].name, sizeof(files[n].name), "%s", e->d_name);
		snprintf(files[n].path, sizeof(files[n].path), "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	qsort(files, n, sizeof(files[0]), by_name);

	diag_sink_init(&board_sink);
	if (!dtc_qemu_virt(3) ||
	    board_parse(dtc_qemu_virt(3), &virt, &board_sink.d) != BOARD_OK) {
		fprintf(stderr, "test_corpus: QEMU virt's device tree is not usable\n");
		return 1;
	}
	for (unsigned i = 0; i < n; i++)
		tests[i] = (struct CMUnitTest){ files[i].name, check_file, NULL, NULL, &files[i] };
	return _cmocka_run_group_tests("corpus", tests, n, NULL, NULL);
}
