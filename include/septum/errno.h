/* SPDX-License-Identifier: MIT */
/*
 * Error numbers of Septum's guest-side library (channels, ring.h).
 *
 * Functions return 0 or a length on success and the negated number on
 * failure (-SEPTUM_EAGAIN), as Linux does. The numbers are Linux's generic
 * errno values (asm-generic/errno*.h, which arm and arm64 use), so a Linux
 * driver can hand them to user space unchanged. They are stable ABI.
 *
 * Hypercalls return SMCCC-style codes instead (SEPTUM_E_* in hvc.h).
 */
#ifndef SEPTUM_ERRNO_H
#define SEPTUM_ERRNO_H

#define SEPTUM_EAGAIN          11   /* ring full (send) or empty (receive) */
#define SEPTUM_EINVAL          22   /* bad argument from the caller */
#define SEPTUM_EPROTO          71   /* the peer's half breaks the protocol */
#define SEPTUM_EMSGSIZE        90   /* message larger than allowed / than the buffer */

#if defined(__KERNEL__)
#include <linux/errno.h>
_Static_assert(SEPTUM_EAGAIN == EAGAIN && SEPTUM_EINVAL == EINVAL &&
	       SEPTUM_EPROTO == EPROTO && SEPTUM_EMSGSIZE == EMSGSIZE,
	       "Septum error numbers are Linux's");
#endif

#endif /* SEPTUM_ERRNO_H */
