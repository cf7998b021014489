/* SPDX-License-Identifier: MIT */
/*
 * The C library string functions the hypervisor and libfdt use, for the
 * arm32 build, which links no C library (arm-none-eabi without newlib):
 * implemented by src/lib/string.c.
 */
#ifndef SEPTUM_LIBC_STRING_H
#define SEPTUM_LIBC_STRING_H

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
char *strrchr(const char *s, int c);
char *strchr(const char *s, int c);

#endif
