/* SPDX-License-Identifier: MIT */
/*
 * Host stand-ins for what the aarch64 link provides (septum.ld, head.S):
 * the boot stack and the end of the image. Nothing on the host boots, but
 * main.c links, so the host build sees every symbol it needs.
 */
char boot_stack_top[16];
char __image_end[16];

#include <stdbool.h>

/* Which build the host checks for (<arch/image.h>): AArch64 unless a
 * tool sets it. */
bool host_hyp_aarch32;
