/* SPDX-License-Identifier: MIT */
/* Plant and PI controller; see control.h. */
#include "control.h"

#define PLANT_GAIN	100	/* mdegC per per mille, steady state */
#define PLANT_TAU_MS	2000	/* time constant in 1 ms steps */
#define KP_DIV		10	/* Kp = 1 / KP_DIV per mille per mdegC */
#define KI_Q16_DIV	4000	/* Ki * dt = Kp * 1 ms / 0.4 s */
#define U_MAX		1000

void control_init(struct control *c, s32 sp)
{
	*c = (struct control){ .sp = sp, .pv = CONTROL_AMBIENT,
		.temp_q = (s64)CONTROL_AMBIENT << 10 };
}

void control_step(struct control *c)
{
	s64 e, u, di;

	c->pv = (s32)(c->temp_q >> 10);
	e = (s64)c->sp - c->pv;
	di = e * 65536 / KI_Q16_DIV;
	u = e / KP_DIV + ((c->integ_q + di) >> 16);
	/* Integrate unless the output saturates in the error's direction. */
	if (u > U_MAX) {
		u = U_MAX;
		if (di < 0)
			c->integ_q += di;
	} else if (u < 0) {
		u = 0;
		if (di > 0)
			c->integ_q += di;
	} else {
		c->integ_q += di;
	}
	c->u = (s32)u;
	/* dT/dt = (gain * u - (T - ambient)) / tau, over 1 ms. */
	c->temp_q += (((s64)PLANT_GAIN * u - (c->pv - CONTROL_AMBIENT)) << 10) /
		     PLANT_TAU_MS;
}
