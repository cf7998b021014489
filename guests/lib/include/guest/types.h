/* SPDX-License-Identifier: MIT */
/*
 * Basic types, barriers and system-register access for the test guests.
 * u32/s32 are (unsigned) int and u64/s64 (unsigned) long long on AArch64
 * and AArch32 alike (arm-none-eabi's uint32_t is unsigned long), so that
 * one format string ("%x", "%llx") fits both; system registers are read
 * and written by their AArch64 names (guest/sysreg.h, per architecture).
 */
#ifndef GUEST_TYPES_H
#define GUEST_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int s32;
typedef long long s64;

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))
#define __noreturn		__attribute__((noreturn))
#define __printf(a, b)		__attribute__((format(printf, a, b)))

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

static inline void dmb_sy(void)
{
	__asm__ volatile("dmb sy" : : : "memory");
}

static inline void sev(void)
{
	__asm__ volatile("sev" : : : "memory");
}

static inline void wfe(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

static inline void cpu_relax(void)
{
	__asm__ volatile("yield" : : : "memory");
}

#include <guest/sysreg.h>

#endif /* GUEST_TYPES_H */
