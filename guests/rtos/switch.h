/* SPDX-License-Identifier: MIT */
/*
 * The kernel's architecture part (rtos/<arch>/): the context switch and
 * the frame a new task starts from.
 */
#ifndef RTOS_SWITCH_H
#define RTOS_SWITCH_H

#include "rtos.h"

/* Saves the caller's callee-saved state on its stack, stores that stack
 * pointer in *save_sp, and resumes the context saved at next_sp. IRQs
 * masked. Returns when the caller is switched back in. */
void rtos_ctx_switch(u64 *save_sp, u64 next_sp);

/* Lays out a first switch frame at the top of [stack, stack + size) that
 * enters fn(arg) with IRQs unmasked; returns the stack pointer to resume
 * it with (rtos_ctx_switch's next_sp). */
u64 rtos_frame_init(void *stack, size_t size, rtos_task_fn fn, void *arg);

#endif /* RTOS_SWITCH_H */
