/* SPDX-License-Identifier: MIT */
/*
 * What libfdt's headers ask of <stdlib.h> on the arm32 build. strtoul is
 * only called by fdt_overlay.c, which Septum does not use (the linker's
 * --gc-sections drops it): declared, never defined.
 */
#ifndef SEPTUM_LIBC_STDLIB_H
#define SEPTUM_LIBC_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif
