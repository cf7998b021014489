/* SPDX-License-Identifier: MIT */
/* Device-tree fixtures for unit tests; see dtc.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtc.h"

#ifndef DTC
#define DTC "dtc"
#endif
#define QEMU "qemu-system-aarch64"

static char tmpdir[64];
static unsigned seq;

static void remove_tmpdir(void)
{
	char cmd[128];

	if (tmpdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "dtc: could not remove %s\n", tmpdir);
	}
}

const char *dtc_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *base = getenv("TMPDIR");

		snprintf(tmpdir, sizeof(tmpdir), "%s/septum-test.XXXXXX",
			 base && *base && strlen(base) < 32 ? base : "/tmp");
		if (!mkdtemp(tmpdir)) {
			perror("dtc: mkdtemp");
			abort();
		}
		atexit(remove_tmpdir);
	}
	return tmpdir;
}

void dtc_write_file(const char *dir, const char *name, const void *data,
		    size_t n)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : dtc_tmpdir(), name);
	f = fopen(path, "wb");
	if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

void *dtc_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else if (buf) {
			buf[n] = '\0';	/* handy for text files */
			if (size)
				*size = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

void *dtc_compile_opts(const char *dts, const char *incdir, const char *opts)
{
	char in[128], out[128], cmd[768];
	void *dtb;

	snprintf(in, sizeof(in), "%s/in%u.dts", dtc_tmpdir(), seq);
	snprintf(out, sizeof(out), "%s/out%u.dtb", dtc_tmpdir(), seq);
	seq++;
	dtc_write_file(NULL, in + strlen(dtc_tmpdir()) + 1, dts, strlen(dts));
	snprintf(cmd, sizeof(cmd), "%s -q -I dts -O dtb %s %s%s%s -o '%s' '%s'",
		 DTC, opts ? opts : "", incdir ? "-i '" : "",
		 incdir ? incdir : "", incdir ? "'" : "", out, in);
	if (system(cmd) != 0) {
		fprintf(stderr, "dtc: failed: %s\n--- source ---\n%s\n", cmd, dts);
		return NULL;
	}
	dtb = dtc_read_file(out, NULL);
	unlink(in);
	unlink(out);
	return dtb;
}

void *dtc_compile(const char *dts, const char *incdir)
{
	return dtc_compile_opts(dts, incdir, NULL);
}

const void *dtc_qemu_virt(int gic_version)
{
	static void *cache[4];
	char out[128], cmd[512];

	if (gic_version < 2 || gic_version > 3)
		return NULL;
	if (cache[gic_version])
		return cache[gic_version];
	snprintf(out, sizeof(out), "%s/virt-gicv%d.dtb", dtc_tmpdir(), gic_version);
	snprintf(cmd, sizeof(cmd),
		 QEMU " -M virt,virtualization=on,gic-version=%d,dumpdtb='%s'"
		 " -cpu cortex-a57 -smp 4 -m 2G -nic none -nographic"
		 " </dev/null >/dev/null 2>&1", gic_version, out);
	if (system(cmd) != 0) {
		fprintf(stderr, "dtc: failed: %s\n", cmd);
		return NULL;
	}
	cache[gic_version] = dtc_read_file(out, NULL);
	return cache[gic_version];
}
