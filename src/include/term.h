/* SPDX-License-Identifier: MIT */
/*
 * What a byte of a VM's console output is to a terminal, so that the
 * console can pass a VM's output through whole (the VM that has the
 * input) or drop its escape sequences whole (every other VM). Pure logic.
 *
 * The sequences are those of ECMA-48 (5th ed., 5.3-5.6) as xterm and the
 * Linux console read them: ESC + final byte, ESC + intermediates + final
 * (charset designations), CSI (ESC [) + parameters + intermediates +
 * final, and the control strings OSC (ESC ]), DCS (ESC P), SOS (ESC X),
 * PM (ESC ^) and APC (ESC _) up to ST (ESC \) or BEL. A C0 control inside
 * a sequence ends it (and counts as itself), so a broken sequence never
 * swallows a line; CAN and SUB cancel it, as a terminal does.
 */
#ifndef SEPTUM_TERM_H
#define SEPTUM_TERM_H

#include "types.h"

enum term_class {
	TERM_TEXT,      /* printable, or tab: show it */
	TERM_NEWLINE,   /* '\n' */
	TERM_RETURN,    /* '\r' */
	TERM_CONTROL,   /* any other C0 control, or DEL, on its own */
	TERM_SEQUENCE,  /* a byte of an escape sequence */
};

/* The scanner's state between bytes: zero-initialised is "no sequence". */
struct term_scan {
	uint8_t state;
};

/* Classifies c, the next byte of one output stream, and advances t. */
enum term_class term_scan(struct term_scan *t, uint8_t c);

/* True while t is inside an escape sequence (a terminal would take the
 * next bytes as part of it). */
static inline bool term_in_sequence(const struct term_scan *t)
{
	return t->state != 0;
}

#endif /* SEPTUM_TERM_H */
