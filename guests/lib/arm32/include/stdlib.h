/* SPDX-License-Identifier: MIT */
/* The C library's <stdlib.h>, as much as the freestanding AArch32 guests
 * and libfdt use (see string.h here). */
#ifndef GUEST_ARM32_STDLIB_H
#define GUEST_ARM32_STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);

#endif /* GUEST_ARM32_STDLIB_H */
