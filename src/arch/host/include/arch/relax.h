/* SPDX-License-Identifier: MIT */
#ifndef SEPTUM_ARCH_RELAX_H
#define SEPTUM_ARCH_RELAX_H

static inline void arch_relax(void)
{
}

#endif
