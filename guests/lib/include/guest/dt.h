/* SPDX-License-Identifier: MIT */
/*
 * Device-tree queries the test guests need. Addresses are read with the
 * parent's #address-cells/#size-cells and taken as-is (no "ranges"
 * translation: every node used here is a child of the root in our DTs).
 */
#ifndef GUEST_DT_H
#define GUEST_DT_H

#include <guest/types.h>

#define DT_MAX_RANGES	8

struct dt_range {
	u64 base;
	u64 size;
};

/* Checks and remembers the DT at fdt. Returns 0 or a libfdt error. */
int dt_init(const void *fdt);

/* The DT's address and total size (0 if dt_init() failed). */
u64 dt_addr(void);
u64 dt_size(void);

/* Fills up to max /memory ranges in DT order; returns how many. */
int dt_memory(struct dt_range *r, int max);

/* The end of the memory range that contains addr, or 0. */
u64 dt_memory_end_of(u64 addr);

/* Fills up to max CPU MPIDRs (the reg of /cpus/cpu@N); returns the count. */
int dt_cpus(u64 *mpidr, int max);

/* True if /psci's "method" is "smc" (false for "hvc" or no /psci). */
bool dt_psci_smc(void);

/* /chosen/bootargs, or "" if absent. */
const char *dt_bootargs(void);

/*
 * bootargs are space-separated tokens; "key=value" tokens are looked up by
 * key. dt_arg() returns the value and its length; the _u64 variants parse
 * "0x..." as hex, else decimal, and return false if absent or malformed.
 * dt_arg_u64_list() splits the value on commas; it returns the count
 * parsed, or -1 if an element is malformed.
 */
bool dt_arg(const char *key, const char **val, size_t *len);
bool dt_arg_u64(const char *key, u64 *out);
u64 dt_arg_u64_or(const char *key, u64 dflt);
int dt_arg_u64_list(const char *key, u64 *out, int max);

/* Parses exactly len chars of s as "0x<hex>" or decimal. */
bool dt_parse_u64(const char *s, size_t len, u64 *out);

/* The PL011 or SBSA UART to use as console natively: stdout-path, else the
 * first PL011, else the first SBSA UART. */
bool dt_console_pl011(u64 *base);

/* The first register range's base of the first node compatible with
 * compat; false if there is none. */
bool dt_compatible_base(const char *compat, u64 *base);

/* The console UART's interrupt (an SPI's INTID), or 0 if it has none. */
u32 dt_console_intid(void);

#endif /* GUEST_DT_H */
