/* SPDX-License-Identifier: MIT */
/* Escape sequences in console output (term.h). */
#include "term.h"

#define ESC 0x1b
#define BEL 0x07
#define CAN 0x18
#define SUB 0x1a

enum {
	GROUND,         /* no sequence */
	ESCAPE,         /* after ESC */
	ESCAPE_INTER,   /* ESC, intermediate bytes 0x20-0x2f */
	CSI,            /* ESC [, parameters and intermediates 0x20-0x3f */
	STRING,         /* ESC ] P X ^ _: a control string */
	STRING_ESC,     /* an ESC inside a control string: ST if '\' follows */
};

static enum term_class ground(struct term_scan *t, uint8_t c)
{
	t->state = GROUND;
	if (c == ESC) {
		t->state = ESCAPE;
		return TERM_SEQUENCE;
	}
	if (c == '\n')
		return TERM_NEWLINE;
	if (c == '\r')
		return TERM_RETURN;
	if ((c < 0x20 && c != '\t') || c == 0x7f)
		return TERM_CONTROL;
	return TERM_TEXT;
}

/* A C0 control inside a sequence: CAN and SUB cancel it; any other ends
 * it and is taken as itself. */
static enum term_class control_in_sequence(struct term_scan *t, uint8_t c)
{
	if (c == CAN || c == SUB) {
		t->state = GROUND;
		return TERM_SEQUENCE;
	}
	return ground(t, c);
}

static enum term_class escape(struct term_scan *t, uint8_t c)
{
	if (c == '[')
		t->state = CSI;
	else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_')
		t->state = STRING;
	else if (c >= 0x20 && c <= 0x2f)
		t->state = ESCAPE_INTER;
	else if (c >= 0x30 && c <= 0x7e)
		t->state = GROUND;
	else if (c == ESC)
		t->state = ESCAPE;
	else if (c < 0x20)
		return control_in_sequence(t, c);
	else
		return ground(t, c);   /* DEL or a high byte: not a sequence */
	return TERM_SEQUENCE;
}

enum term_class term_scan(struct term_scan *t, uint8_t c)
{
	switch (t->state) {
	case ESCAPE:
		return escape(t, c);
	case ESCAPE_INTER:
	case CSI:
		if (c == ESC) {
			t->state = ESCAPE;
			return TERM_SEQUENCE;
		}
		if (c < 0x20)
			return control_in_sequence(t, c);
		if (c > 0x7e)
			return ground(t, c);
		if (c >= 0x40 || (t->state == ESCAPE_INTER && c >= 0x30))
			t->state = GROUND;   /* the final byte */
		return TERM_SEQUENCE;
	case STRING:
		if (c == BEL || c == CAN || c == SUB)
			t->state = GROUND;
		else if (c == ESC)
			t->state = STRING_ESC;
		else if (c == '\n' || c == '\r')
			return ground(t, c);   /* a string never spans lines here */
		return TERM_SEQUENCE;
	case STRING_ESC:
		if (c == '\\') {
			t->state = GROUND;
			return TERM_SEQUENCE;
		}
		return escape(t, c);   /* a new sequence began */
	default:
		return ground(t, c);
	}
}
