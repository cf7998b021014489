/*
 * Unit tests: the shared console (src/core/console.c) as the terminal sees
 * it. The UART is a buffer here (support/uart_fake.c); vm_post is
 * recorded; two VMs: "a" and "b".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "console.h"
#include "uart_fake.h"
#include "vm.h"

struct vm vms[CFG_MAX_VMS];
unsigned vm_count;

static struct cfg_vm cfgs[2] = { { .name = "a" }, { .name = "b" } };
static unsigned posts[CFG_MAX_VMS];

void vm_post(struct vm *vm, unsigned prefer)
{
	posts[vm - vms]++;
}

static struct vm *const a = &vms[0], *const b = &vms[1];

/* What reached the terminal since the last call. */
static const char *shown(void)
{
	return uart_fake_take();
}

static void put(struct vm *vm, const char *s)
{
	console_vm_write(vm, s, strlen(s));
}

static int setup(void **state)
{
	memset(vms, 0, sizeof(vms));
	vm_count = 2;
	for (unsigned i = 0; i < 2; i++) {
		vms[i].cfg = &cfgs[i];
		vms[i].id = i;
		vms[i].state = VM_RUNNING;
		vuart_init(&vms[i].uart, NULL, NULL, NULL);
	}
	console_set_input(a);
	uart_fake_reset();
	memset(posts, 0, sizeof(posts));
	return 0;
}

static void the_input_vms_bytes_show_as_they_come(void **state)
{
	put(a, "/ # ");
	assert_string_equal(shown(), "/ # ");
	put(a, "l");
	put(a, "s");
	assert_string_equal(shown(), "ls");
	put(a, "\r\n");
	assert_string_equal(shown(), "\r\n");
}

static void other_vms_show_whole_lines_with_their_name(void **state)
{
	put(b, "tele");
	assert_string_equal(shown(), "");
	put(b, "metry 42\r\n");
	assert_string_equal(shown(), "[b] telemetry 42\r\n");
}

static void a_whole_line_takes_the_half_lines_place_and_it_comes_back_below(void **state)
{
	put(a, "/ # ec");
	shown();
	put(b, "RTOS-LAT n=5000\n");
	assert_string_equal(shown(), "\r\x1b[K[b] RTOS-LAT n=5000\r\n/ # ec");
	put(b, "RTOS-JIT n=5000\n");
	assert_string_equal(shown(), "\r\x1b[K[b] RTOS-JIT n=5000\r\n/ # ec");
	put(a, "ho");
	assert_string_equal(shown(), "ho");
}

static void terminal_queries_are_not_asked_again(void **state)
{
	put(a, "\x1b[6n/ # \x1b[1mx\x1b[0m\x1b[c");
	shown();
	put(b, "line\n");
	assert_string_equal(shown(), "\r\x1b[K[b] line\r\n/ # \x1b[1mx\x1b[0m");
}

static void other_vms_wait_while_the_input_vm_shows_a_full_screen_program(void **state)
{
	put(a, "vi\r\n\x1b[?1049h\x1b[H~");
	shown();
	put(b, "telemetry\n");
	assert_string_equal(shown(), "");
	assert_int_equal(posts[1], 0);
	put(a, "\x1b[?1049l/ # ");      /* a's CPU formats b's line too */
	assert_string_equal(shown(), "\x1b[?1049l/ # \r\x1b[K[b] telemetry\r\n/ # ");
}

static void switching_input_leaves_the_alternate_screen(void **state)
{
	put(a, "\x1b[?1049h~");
	put(b, "waiting\n");
	shown();
	console_set_input(b);
	assert_string_equal(shown(), "\r\n\x1b[?1049l\x1b[!pseptum: console: input goes to b "
			    "(Ctrl-] ? lists the VMs)\r\n[b] waiting\r\n");
}

static void a_half_line_too_long_to_write_again_is_ended_instead(void **state)
{
	char line[300];

	memset(line, 'z', sizeof(line));
	console_vm_write(a, line, sizeof(line));
	shown();
	put(b, "x\n");
	assert_string_equal(shown(), "\r\n[b] x\r\n");
	put(a, "!");
	assert_string_equal(shown(), "!");
}

static void septums_lines_also_end_and_restore_the_half_line(void **state)
{
	put(a, "login: ");
	shown();
	log_info("vm %s: stopped", "b");
	assert_string_equal(shown(), "\r\x1b[Kseptum: vm b: stopped\r\nlogin: ");
}

static void the_input_vms_escape_sequences_go_through(void **state)
{
	put(a, "\x1b[6n/ # \x1b[1;32mok\x1b[0m\r\n");
	assert_string_equal(shown(), "\x1b[6n/ # \x1b[1;32mok\x1b[0m\r\n");
	put(a, "next");     /* its own next line: nothing added */
	assert_string_equal(shown(), "next");
}

static void other_vms_lose_escape_sequences_whole(void **state)
{
	put(b, "\x1b[6nA\x1b]0;pwned\x07" "B\x1b[2J\x1b" "cC\x01\n");
	assert_string_equal(shown(), "[b] ABC.\r\n");
}

static void an_open_sequence_is_cancelled_before_a_whole_line(void **state)
{
	put(a, "\x1b[1;3");
	shown();
	put(b, "x\n");
	assert_string_equal(shown(), "\x18\r\x1b[K[b] x\r\n\x1b[1;3");
}

static void switching_input_shows_the_new_vms_half_line(void **state)
{
	put(b, "rtos> ");
	assert_string_equal(shown(), "");
	console_set_input(b);
	assert_string_equal(shown(), "septum: console: input goes to b (Ctrl-] ? lists the VMs)"
			    "\r\nrtos> ");
	put(b, "r");
	assert_string_equal(shown(), "r");
	put(a, "now a whole line\n");
	assert_string_equal(shown(), "\r\x1b[K[a] now a whole line\r\nrtos> r");
}

static void switching_away_resets_what_the_vm_set(void **state)
{
	put(a, "\x1b[31mred prompt $ ");
	shown();
	console_set_input(b);
	assert_string_equal(shown(), "\r\n\x1b[!pseptum: console: input goes to b "
			    "(Ctrl-] ? lists the VMs)\r\n");
	/* A plain VM gets no reset. */
	put(b, "plain");
	shown();
	console_set_input(a);
	assert_string_equal(shown(), "\r\nseptum: console: input goes to a "
			    "(Ctrl-] ? lists the VMs)\r\n");
}

static void typed_input_goes_to_the_input_vm_and_ctrl_bracket_switches(void **state)
{
	uart_fake.in = "hi\x1d" "2yo";
	uart_fake.in_len = 6;
	console_rx_interrupt();
	assert_int_equal(a->uart.post_head, 2);
	assert_memory_equal(a->uart.post, "hi", 2);
	assert_int_equal(b->uart.post_head, 2);
	assert_memory_equal(b->uart.post, "yo", 2);
	assert_non_null(strstr(shown(), "input goes to b"));
}

/* The UART sends what it has room for: tx_room more bytes, then its
 * interrupt (on the boot CPU), until it has nothing left to send. */
static void uart_sends(unsigned room)
{
	for (unsigned i = 0; i < 1000 && uart_fake.tx_irq; i++) {
		uart_fake.tx_room = room;
		console_tx_interrupt();
	}
	assert_false(uart_fake.tx_irq);
}

static void a_full_queue_drops_whole_writes_and_says_how_much(void **state)
{
	char big[4000], more[4000];
	const char *out;

	memset(big, 'x', sizeof(big));
	memset(more, 'z', sizeof(more));
	uart_fake.tx_limited = true;     /* the UART sends nothing meanwhile */
	console_vm_write(a, big, sizeof(big));
	console_vm_write(a, more, sizeof(more));   /* no room: dropped whole */
	uart_sends(64);
	uart_fake.tx_limited = false;
	put(a, "y");             /* after a drop, on a line of its own */
	out = shown();
	assert_null(strchr(out, 'z'));
	assert_int_equal(strrchr(out, 'x') - strchr(out, 'x'), 4000 - 1);   /* all of big */
	assert_non_null(strstr(out, "xxx\r\nseptum: vm a: 4000 byte(s) of console output dropped "
			       "(it writes faster than the console drains)\r\n\r\ny"));
}

#define LINE60 "0123456789012345678901234567890123456789012345678901234567890"

static void a_vms_line_never_waits_for_the_uart(void **state)
{
	uart_fake.tx_limited = true;
	uart_fake.tx_room = 16;          /* a 16-byte FIFO, empty */
	put(b, LINE60 "\n");
	/* b's CPU filled the FIFO once and went back to its guest. */
	assert_string_equal(shown(), "[b] 012345678901");
	assert_int_equal(uart_fake.waits, 0);
	assert_true(uart_fake.tx_irq);
	uart_sends(16);                  /* the interrupt sends the rest */
	assert_string_equal(shown(), "2345678901234567890123456789012345678901234567890\r\n");
	assert_int_equal(uart_fake.waits, 0);
}

static void septums_own_lines_still_wait_until_they_are_out(void **state)
{
	uart_fake.tx_limited = true;
	uart_fake.tx_room = 16;
	log_info("%s", LINE60);          /* "septum: " + 61 + CR LF: 71 bytes */
	assert_string_equal(shown(), "septum: " LINE60 "\r\n");
	assert_int_equal(uart_fake.waits, 71 - 16);
	assert_false(uart_fake.tx_irq);
}

static void lines_keep_their_order_while_the_uart_is_slow(void **state)
{
	static char got[16384];
	char line[300];
	const char *at = got;

	got[0] = 0;
	put(a, "$ ");
	shown();
	uart_fake.tx_limited = true;     /* nothing goes out for now */
	for (unsigned i = 0; i < 40; i++) {
		snprintf(line, sizeof(line), "line %02u %0100u\n", i, i);
		put(b, line);
	}
	for (unsigned i = 0; i < 2000 && uart_fake.tx_irq; i++) {
		uart_fake.tx_room = 7;
		console_tx_interrupt();
		strcat(got, shown());
	}
	assert_false(uart_fake.tx_irq);
	/* Every line, whole and in order, none dropped, the prompt below. */
	for (unsigned i = 0; i < 40; i++) {
		snprintf(line, sizeof(line), "[b] line %02u %0100u\r\n", i, i);
		at = strstr(at, line);
		assert_non_null(at);
		at += strlen(line);
	}
	assert_string_equal(at, "$ ");
	assert_null(strstr(got, "dropped"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(the_input_vms_bytes_show_as_they_come, setup),
		cmocka_unit_test_setup(other_vms_show_whole_lines_with_their_name, setup),
		cmocka_unit_test_setup(a_whole_line_takes_the_half_lines_place_and_it_comes_back_below,
				       setup),
		cmocka_unit_test_setup(a_half_line_too_long_to_write_again_is_ended_instead, setup),
		cmocka_unit_test_setup(terminal_queries_are_not_asked_again, setup),
		cmocka_unit_test_setup(other_vms_wait_while_the_input_vm_shows_a_full_screen_program,
				       setup),
		cmocka_unit_test_setup(switching_input_leaves_the_alternate_screen, setup),
		cmocka_unit_test_setup(septums_lines_also_end_and_restore_the_half_line, setup),
		cmocka_unit_test_setup(the_input_vms_escape_sequences_go_through, setup),
		cmocka_unit_test_setup(other_vms_lose_escape_sequences_whole, setup),
		cmocka_unit_test_setup(an_open_sequence_is_cancelled_before_a_whole_line, setup),
		cmocka_unit_test_setup(switching_input_shows_the_new_vms_half_line, setup),
		cmocka_unit_test_setup(switching_away_resets_what_the_vm_set, setup),
		cmocka_unit_test_setup(typed_input_goes_to_the_input_vm_and_ctrl_bracket_switches,
				       setup),
		cmocka_unit_test_setup(a_full_queue_drops_whole_writes_and_says_how_much, setup),
		cmocka_unit_test_setup(a_vms_line_never_waits_for_the_uart, setup),
		cmocka_unit_test_setup(septums_own_lines_still_wait_until_they_are_out, setup),
		cmocka_unit_test_setup(lines_keep_their_order_while_the_uart_is_slow, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
