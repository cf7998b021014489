/* SPDX-License-Identifier: MIT */
/*
 * Small helpers over libfdt shared by the board and partition parsers.
 * Header-only; no state.
 */
#ifndef SEPTUM_DT_H
#define SEPTUM_DT_H

#include <libfdt.h>
#include "types.h"

/* A device-tree number of n big-endian cells (n = 0, 1 or 2). */
static inline uint64_t dt_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/* The property as a string if it holds exactly one NUL-terminated string
 * (no embedded NUL), else NULL. *lenp is the property length, or a libfdt
 * error if the property is absent. */
static inline const char *dt_string(const void *fdt, int node, const char *name,
				    int *lenp)
{
	const char *s = fdt_getprop(fdt, node, name, lenp);

	if (!s || *lenp < 1 || s[*lenp - 1] != '\0' ||
	    strlen(s) != (size_t)*lenp - 1)
		return NULL;
	return s;
}

/* Is the node enabled (no "status", or "okay"/"ok")? */
static inline bool dt_enabled(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "status", &len);

	if (!s)
		return true;
	return len > 0 && (strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0);
}

/* Shorthand for printing 64-bit values with %llx/%llu on every target. */
#define DT_U64(x) ((unsigned long long)(x))

#endif /* SEPTUM_DT_H */
