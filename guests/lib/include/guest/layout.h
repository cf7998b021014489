/* SPDX-License-Identifier: MIT */
/*
 * Guest image layout constants, shared by start.S and C.
 * GUEST_LINK_BASE comes from the build (guests/CMakeLists.txt), which also
 * hands it to the linker script.
 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

#ifndef GUEST_LINK_BASE
#error "GUEST_LINK_BASE must be defined by the build"
#endif

#define GUEST_MAX_CPUS		8
#define GUEST_STACK_SIZE	0x4000	/* per vCPU; an immediate in start.S */

#endif /* GUEST_LAYOUT_H */
