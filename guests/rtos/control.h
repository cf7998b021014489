/* SPDX-License-Identifier: MIT */
/*
 * The demo's control loop, in integers (guests have no FP): a first-order
 * thermal plant (an oven: 100 mdegC per per-mille of heater power above
 * ambient, time constant 2 s) and a PI controller (Kp = 0.1 per-mille per
 * mdegC, integral time 0.4 s, conditional integration against windup),
 * stepped once per 1 ms period. Units: temperatures in mdegC, heater
 * power u in per mille (0..1000).
 */
#ifndef RTOS_CONTROL_H
#define RTOS_CONTROL_H

#include <guest/types.h>

#define CONTROL_AMBIENT		20000	/* mdegC */
#define CONTROL_SP_MIN		0
#define CONTROL_SP_MAX		120000	/* the plant reaches 120 degC at most */

struct control {
	s32 sp, pv, u;		/* setpoint, measured value, output */
	s64 temp_q;		/* plant temperature, mdegC << 10 */
	s64 integ_q;		/* integral term, per mille << 16 */
};

void control_init(struct control *c, s32 sp);
/* One period: read pv, compute u, advance the plant by 1 ms. */
void control_step(struct control *c);

#endif /* RTOS_CONTROL_H */
