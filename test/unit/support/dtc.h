/* SPDX-License-Identifier: MIT */
/*
 * Device-tree fixtures for unit tests: inline DTS text compiled by the
 * real dtc, small files in a per-process scratch directory (for /incbin/),
 * and QEMU virt's own DTB. Host-only; failures abort the test program.
 */
#ifndef TEST_SUPPORT_DTC_H
#define TEST_SUPPORT_DTC_H

#include <stddef.h>

/* The scratch directory of this test program, created on first use and
 * removed at exit. */
const char *dtc_tmpdir(void);

/* Writes n bytes to dir/name (dir NULL: the scratch directory). */
void dtc_write_file(const char *dir, const char *name, const void *data,
		    size_t n);

/* Reads a whole file into malloc'd memory, NUL-terminated (not counted in
 * *size); NULL if it cannot. */
void *dtc_read_file(const char *path, size_t *size);

/* Compiles DTS text to a malloc'd DTB with `DTC -I dts -O dtb`; incdir (may
 * be NULL) is searched for /incbin/ files. NULL if dtc fails (its errors
 * are on stderr). */
void *dtc_compile(const char *dts, const char *incdir);

/* As dtc_compile, with extra dtc options (e.g. "-f" to keep a tree that
 * fails dtc's own checks). */
void *dtc_compile_opts(const char *dts, const char *incdir, const char *opts);

/* QEMU virt's DTB (-M virt,virtualization=on,gic-version=<v> -cpu
 * cortex-a57 -smp 4 -m 2G), dumped by qemu-system-aarch64. Cached per
 * version; do not free. NULL if QEMU fails. */
const void *dtc_qemu_virt(int gic_version);

#endif /* TEST_SUPPORT_DTC_H */
