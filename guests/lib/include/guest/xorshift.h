/* SPDX-License-Identifier: MIT */
/*
 * xorshift64 (Marsaglia 2003): a deterministic pseudo-random sequence for
 * test data, the same from run to run. Header-only on <stdint.h>, so the
 * bare-metal guests and the Linux tool (guests/linux/tools) share it.
 */
#ifndef GUEST_XORSHIFT_H
#define GUEST_XORSHIFT_H

#include <stdint.h>

static inline uint64_t xorshift64(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

#endif /* GUEST_XORSHIFT_H */
