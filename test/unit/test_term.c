/* Unit tests: escape sequences in console output (src/core/term.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "term.h"

/* The bytes of s that a sanitizing console keeps: text as is, controls as
 * '.', newlines as '|', sequences dropped. */
static const char *keep(const char *s)
{
	static char out[256];
	struct term_scan t = { 0 };
	unsigned n = 0;

	for (; *s; s++) {
		switch (term_scan(&t, (uint8_t)*s)) {
		case TERM_TEXT:
			out[n++] = *s;
			break;
		case TERM_CONTROL:
			out[n++] = '.';
			break;
		case TERM_NEWLINE:
			out[n++] = '|';
			break;
		case TERM_RETURN:
		case TERM_SEQUENCE:
			break;
		}
	}
	out[n] = 0;
	return out;
}

static void text_and_tab_are_text(void **state)
{
	assert_string_equal(keep("a b\tc~"), "a b\tc~");
}

static void lone_controls_and_del_are_controls(void **state)
{
	assert_string_equal(keep("a\x01" "b\x7f" "c\x08"), "a.b.c.");
}

static void csi_sequences_go_whole(void **state)
{
	assert_string_equal(keep("x\x1b[6ny"), "xy");
	assert_string_equal(keep("\x1b[1;31mred\x1b[0m"), "red");
	assert_string_equal(keep("\x1b[?1049h\x1b[2J\x1b[H."), ".");
	assert_string_equal(keep("\x1b[!p!"), "!");      /* intermediate byte */
}

static void two_byte_and_charset_sequences_go_whole(void **state)
{
	assert_string_equal(keep("a\x1b" "cb"), "ab");       /* RIS */
	assert_string_equal(keep("a\x1b(0b\x1b(Bc"), "abc"); /* G0 charset */
	assert_string_equal(keep("a\x1b#8b"), "ab");       /* DECALN */
}

static void control_strings_end_at_st_or_bel(void **state)
{
	assert_string_equal(keep("a\x1b]0;title\x07" "b"), "ab");
	assert_string_equal(keep("a\x1b]52;c;Zm9v\x1b\\b"), "ab");
	assert_string_equal(keep("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
	assert_string_equal(keep("a\x1b_apc\x1b\\b"), "ab");
}

static void a_newline_ends_a_broken_sequence(void **state)
{
	assert_string_equal(keep("a\x1b[12\nb"), "a|b");
	assert_string_equal(keep("a\x1b]0;never ended\nb"), "a|b");
	assert_string_equal(keep("a\x1b\nb"), "a|b");
}

static void can_and_sub_cancel_a_sequence(void **state)
{
	assert_string_equal(keep("a\x1b[12\x18" "5m"), "a5m");
	assert_string_equal(keep("a\x1b]0;t\x1a" "b"), "ab");
}

static void esc_inside_a_sequence_starts_another(void **state)
{
	assert_string_equal(keep("a\x1b[1\x1b[2mb"), "ab");
	assert_string_equal(keep("a\x1b]0;t\x1b[1mb"), "ab");
}

static void in_sequence_tells_an_open_sequence(void **state)
{
	struct term_scan t = { 0 };

	assert_false(term_in_sequence(&t));
	term_scan(&t, 0x1b);
	assert_true(term_in_sequence(&t));
	term_scan(&t, '[');
	term_scan(&t, '1');
	assert_true(term_in_sequence(&t));
	term_scan(&t, 'm');
	assert_false(term_in_sequence(&t));
}

static void high_bytes_are_text(void **state)
{
	assert_string_equal(keep("\xc3\xa9t\xc3\xa9"), "\xc3\xa9t\xc3\xa9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_and_tab_are_text),
		cmocka_unit_test(lone_controls_and_del_are_controls),
		cmocka_unit_test(csi_sequences_go_whole),
		cmocka_unit_test(two_byte_and_charset_sequences_go_whole),
		cmocka_unit_test(control_strings_end_at_st_or_bel),
		cmocka_unit_test(a_newline_ends_a_broken_sequence),
		cmocka_unit_test(can_and_sub_cancel_a_sequence),
		cmocka_unit_test(esc_inside_a_sequence_starts_another),
		cmocka_unit_test(in_sequence_tells_an_open_sequence),
		cmocka_unit_test(high_bytes_are_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
