/* SPDX-License-Identifier: MIT */
/* A new task's first switch frame (AArch32); see switch.h. */
#include "../switch.h"

/* switch.S */
void rtos_task_entry(void);

/* The frame rtos_ctx_switch pops (switch.S): r3..r11, lr. */
struct switch_frame {
	u32 r3, r4, r5, r6_r11[6];
	u32 lr;
};
_Static_assert(sizeof(struct switch_frame) == 40, "switch.S frame");

u64 rtos_frame_init(void *stack, size_t size, rtos_task_fn fn, void *arg)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	struct switch_frame *f = (struct switch_frame *)top - 1;

	*f = (struct switch_frame){
		.r4 = (u32)(uintptr_t)fn,
		.r5 = (u32)(uintptr_t)arg,
		.lr = (u32)(uintptr_t)rtos_task_entry,
	};
	return (u64)(uintptr_t)f;
}
