/* SPDX-License-Identifier: MIT */
/*
 * The C library functions the guests need beyond the hypervisor's own
 * src/lib/string.c (memcpy, strlen, ...; it uses word accesses only when
 * they are aligned, so it is safe with the MMU off, where all data
 * accesses are Device memory and unaligned ones fault).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;

	while (*s == ' ')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (;; s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (ULONG_MAX - d) / base)
			v = ULONG_MAX;
		else
			v = v * base + d;
	}
	if (end)
		*end = (char *)s;
	return v;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}
