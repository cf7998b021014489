/* SPDX-License-Identifier: MIT */
/*
 * The few C library string functions the hypervisor and libfdt use. Word
 * loops where the alignment allows (boot copies guest images and clears
 * large structs; -mstrict-align: no unaligned word accesses, the MMU is
 * off early), byte loops otherwise; the compiler may not use SIMD
 * registers here (-mgeneral-regs-only).
 */
#include <stdint.h>
#include <string.h>

#define WORD sizeof(unsigned long)
#define WORD_ALIGNED(p) (((unsigned long)(p) & (WORD - 1)) == 0)

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Equally misaligned: bytes up to a word boundary, then words. */
	if (((unsigned long)d & (WORD - 1)) == ((unsigned long)s & (WORD - 1)))
		for (; n && !WORD_ALIGNED(d); n--)
			*d++ = *s++;
	if (WORD_ALIGNED(d) && WORD_ALIGNED(s)) {
		for (; n >= 4 * WORD; n -= 4 * WORD, d += 4 * WORD, s += 4 * WORD) {
			unsigned long a = ((const unsigned long *)s)[0];
			unsigned long b = ((const unsigned long *)s)[1];
			unsigned long x = ((const unsigned long *)s)[2];
			unsigned long y = ((const unsigned long *)s)[3];

			((unsigned long *)d)[0] = a;
			((unsigned long *)d)[1] = b;
			((unsigned long *)d)[2] = x;
			((unsigned long *)d)[3] = y;
		}
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(unsigned long *)d = *(const unsigned long *)s;
	}
	/* 4 bytes apart modulo a word (an image in a DTB property, whose
	 * values are 4-byte aligned, copied to an aligned place): 32-bit
	 * words. */
	if ((((unsigned long)d ^ (unsigned long)s) & 3) == 0) {
		for (; n && ((unsigned long)d & 3); n--)
			*d++ = *s++;
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(uint32_t *)d = *(const uint32_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (WORD_ALIGNED(d)) {
		unsigned long w = (unsigned char)c * (~0ul / 0xff);

		/* Four words a round (boot clears large structs). */
		for (; n >= 4 * WORD; n -= 4 * WORD, d += 4 * WORD) {
			((unsigned long *)d)[0] = w;
			((unsigned long *)d)[1] = w;
			((unsigned long *)d)[2] = w;
			((unsigned long *)d)[3] = w;
		}
		for (; n >= WORD; n -= WORD, d += WORD)
			*(unsigned long *)d = w;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++);
	return (char *)last;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}
