/* SPDX-License-Identifier: MIT */
/* Basic types, barriers and system-register access for the test guests. */
#ifndef GUEST_TYPES_H
#define GUEST_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))
#define __noreturn		__attribute__((noreturn))
#define __printf(a, b)		__attribute__((format(printf, a, b)))

#define read_sysreg(r) ({						\
	u64 __v;							\
	__asm__ volatile("mrs %0, " #r : "=r"(__v));			\
	__v;								\
})
#define write_sysreg(r, v)						\
	__asm__ volatile("msr " #r ", %0" : : "r"((u64)(v)))

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

#endif /* GUEST_TYPES_H */
