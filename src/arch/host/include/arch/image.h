/* SPDX-License-Identifier: MIT */
/*
 * The host's view of <arch/image.h>: the AArch64 header, but which build
 * the core's parser checks a partition for is chosen at run time
 * (septum-check --arch, --image or the board's CPUs), so one host tool
 * checks partitions for both builds with the hypervisor's own code.
 */
#ifndef SEPTUM_HOST_ARCH_IMAGE_H
#define SEPTUM_HOST_ARCH_IMAGE_H

#include_next <arch/image.h>

#undef ARCH_HYP_AARCH32
/* True when the host tool checks for the ARMv7-A (arm32) build. */
extern bool host_hyp_aarch32;
#define ARCH_HYP_AARCH32 host_hyp_aarch32

#endif /* SEPTUM_HOST_ARCH_IMAGE_H */
