/* SPDX-License-Identifier: MIT */
/* A new task's first switch frame (AArch64); see switch.h. */
#include "../switch.h"

/* switch.S */
void rtos_task_entry(void);

/* The frame rtos_ctx_switch pops (switch.S): x19..x30, ELR, SPSR. */
struct switch_frame {
	u64 x19_x28[10];
	u64 fp, lr;
	u64 elr, spsr;
};

u64 rtos_frame_init(void *stack, size_t size, rtos_task_fn fn, void *arg)
{
	u64 top = ((u64)(uintptr_t)stack + size) & ~15ull;
	struct switch_frame *f = (struct switch_frame *)(uintptr_t)top - 1;

	*f = (struct switch_frame){ .lr = (u64)(uintptr_t)rtos_task_entry };
	f->x19_x28[0] = (u64)(uintptr_t)fn;
	f->x19_x28[1] = (u64)(uintptr_t)arg;
	return (u64)(uintptr_t)f;
}
