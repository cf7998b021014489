/* SPDX-License-Identifier: MIT */
/*
 * The C library's string functions for the freestanding AArch32 guests
 * (arm-none-eabi-gcc brings no C library headers; the AArch64 build uses
 * its cross glibc's). Implemented by src/lib/string.c and
 * guests/lib/string.c; declared as ISO C does.
 */
#ifndef GUEST_ARM32_STRING_H
#define GUEST_ARM32_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strcspn(const char *s, const char *reject);

#endif /* GUEST_ARM32_STRING_H */
