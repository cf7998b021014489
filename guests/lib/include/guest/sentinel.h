/* SPDX-License-Identifier: MIT */
/*
 * The victim guest's sentinel words, known to the fault guest so it can
 * tell when a probe that should have aborted read the peer's memory.
 * Word at victim address a: SENTINEL_MAGIC << 32 | (u32)(a >> 3).
 */
#ifndef GUEST_SENTINEL_H
#define GUEST_SENTINEL_H

#include <guest/types.h>

#define SENTINEL_MAGIC		0x56494354u	/* "VICT" */
#define SENTINEL_POISON		0xbad0fa17bad0fa17ull	/* fault's writes */

static inline u64 sentinel_word(u64 addr)
{
	return (u64)SENTINEL_MAGIC << 32 | (u32)(addr >> 3);
}

#endif /* GUEST_SENTINEL_H */
