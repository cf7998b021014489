/* Unit tests: the virtual SBSA UART (src/core/vuart.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "vuart.h"

static struct vuart u;
static char out[64];
static unsigned nout;
static bool line;
static unsigned edges;

static void tx(void *ctx, char c)
{
	out[nout++] = c;
}

static void irq(void *ctx, bool level)
{
	line = level;
	edges++;
}

static int setup(void **state)
{
	nout = 0;
	line = false;
	edges = 0;
	vuart_init(&u, tx, irq, NULL);
	return 0;
}

static uint64_t rd(uint64_t off, uint8_t size)
{
	struct vmmio_access a = { .offset = off, .size = size };

	assert_true(vuart_access(NULL, &u, &a));
	return a.value;
}

static void wr(uint64_t off, uint64_t v)
{
	struct vmmio_access a = { .offset = off, .size = 4, .write = true, .value = v };

	assert_true(vuart_access(NULL, &u, &a));
}

static void data_register_write_transmits(void **state)
{
	wr(0x000, 'h');
	wr(0x000, 'i');
	assert_int_equal(nout, 2);
	assert_memory_equal(out, "hi", 2);
}

static void flags_show_tx_empty_and_rx_empty(void **state)
{
	assert_int_equal(rd(0x018, 4), 0x90);
	vuart_rx(&u, "x", 1);
	assert_int_equal(rd(0x018, 4), 0x80);
}

static void received_bytes_read_in_order_then_zero(void **state)
{
	assert_int_equal(vuart_rx(&u, "ab", 2), 2);
	assert_int_equal(rd(0x000, 4), 'a');
	assert_int_equal(rd(0x000, 1), 'b');
	assert_int_equal(rd(0x000, 4), 0);
	assert_int_equal(rd(0x018, 4) & 0x10, 0x10);
}

static void rx_fifo_overflow_drops_and_counts(void **state)
{
	char buf[VUART_RX_FIFO + 5];

	memset(buf, 'z', sizeof(buf));
	assert_int_equal(vuart_rx(&u, buf, sizeof(buf)), VUART_RX_FIFO);
	assert_int_equal(u.rx_dropped, 5);
}

static void rx_interrupt_follows_mask_and_data(void **state)
{
	vuart_rx(&u, "q", 1);
	assert_false(line);                     /* masked */
	wr(0x038, 0x50);                        /* RXIM | RTIM */
	assert_true(line);
	assert_int_equal(rd(0x040, 4), 0x50);   /* MIS */
	rd(0x000, 4);                           /* drain */
	assert_false(line);
	assert_int_equal(edges, 2);
}

static void tx_interrupt_asserts_while_unmasked(void **state)
{
	assert_int_equal(rd(0x03c, 4) & 0x20, 0x20);   /* RIS.TX */
	wr(0x038, 0x20);
	assert_true(line);
	wr(0x038, 0x00);
	assert_false(line);
}

static void interrupt_clear_cannot_clear_a_level_condition(void **state)
{
	wr(0x038, 0x10);
	vuart_rx(&u, "k", 1);
	wr(0x044, 0x7ff);
	assert_true(line);
	assert_int_equal(rd(0x040, 4), 0x10);
}

static void identification_registers_read_as_pl011(void **state)
{
	assert_int_equal(rd(0xfe0, 4), 0x11);
	assert_int_equal(rd(0xfe4, 4), 0x10);
	assert_int_equal(rd(0xff0, 4), 0x0d);
	assert_int_equal(rd(0xffc, 4), 0xb1);
}

static void unknown_registers_read_zero_and_ignore_writes(void **state)
{
	wr(0x030, 0x301);   /* UARTCR: not in the SBSA subset */
	assert_int_equal(rd(0x030, 4), 0);
	assert_int_equal(rd(0x004, 4), 0);
	assert_int_equal(nout, 0);
}

static void byte_access_reads_the_right_lane(void **state)
{
	assert_int_equal(rd(0x018, 1), 0x90);
	assert_int_equal(rd(0x019, 1), 0x00);
}

static void refuses_64_bit_and_misaligned_access(void **state)
{
	struct vmmio_access a = { .offset = 0x018, .size = 8 };
	struct vmmio_access b = { .offset = 0x019, .size = 2 };

	assert_false(vuart_access(NULL, &u, &a));
	assert_false(vuart_access(NULL, &u, &b));
}

/* Posted input (the console's CPU): nothing reaches the FIFO, the flags
 * or the interrupt line until the VM's own CPU drains it. */
static void posted_input_waits_for_the_drain(void **state)
{
	wr(0x038, 0x10);                                /* RXIM */
	assert_int_equal(vuart_post(&u, "ok", 2), 2);
	assert_true(vuart_posted(&u));
	assert_false(line);
	assert_int_equal(edges, 0);
	assert_int_equal(rd(0x018, 4) & 0x10, 0x10);    /* FR.RXFE: still empty */
	vuart_drain_posted(&u);
	assert_false(vuart_posted(&u));
	assert_true(line);
	assert_int_equal(edges, 1);
	assert_int_equal(rd(0x000, 4), 'o');
	assert_int_equal(rd(0x000, 4), 'k');
	assert_false(line);
}

static void post_ring_full_drops_and_counts(void **state)
{
	char buf[VUART_POST_RING + 10];

	memset(buf, 'p', sizeof(buf));
	assert_int_equal(vuart_post(&u, buf, sizeof(buf)), VUART_POST_RING);
	assert_int_equal(u.post_dropped, 10);
	assert_int_equal(vuart_post(&u, "x", 1), 0);
	assert_int_equal(u.post_dropped, 11);
}

/* A full FIFO leaves the rest posted (no loss, no drain needed again):
 * the guest's reads make room and move them in, in order. */
static void full_fifo_keeps_posted_bytes_until_reads_make_room(void **state)
{
	char buf[VUART_RX_FIFO];

	memset(buf, 'f', sizeof(buf));
	assert_int_equal(vuart_rx(&u, buf, sizeof(buf)), VUART_RX_FIFO);
	assert_int_equal(vuart_post(&u, "ab", 2), 2);
	vuart_drain_posted(&u);
	assert_false(vuart_posted(&u));
	assert_int_equal(u.rx_dropped, 0);
	assert_int_equal(u.post_head - u.post_tail, 2);  /* both still posted */
	for (unsigned i = 0; i < VUART_RX_FIFO; i++)
		assert_int_equal(rd(0x000, 4), 'f');
	assert_int_equal(rd(0x000, 4), 'a');
	assert_int_equal(rd(0x000, 4), 'b');
	assert_int_equal(rd(0x018, 4) & 0x10, 0x10);
	assert_int_equal(u.post_head, u.post_tail);
}

/* The ring's indices run free: many small posts and drains wrap it. */
static void post_ring_wraps(void **state)
{
	for (unsigned i = 0; i < 3 * VUART_POST_RING; i++) {
		char c = (char)('a' + i % 26);

		assert_int_equal(vuart_post(&u, &c, 1), 1);
		vuart_drain_posted(&u);
		assert_int_equal(rd(0x000, 4), (uint64_t)(uint8_t)c);
	}
	assert_false(vuart_posted(&u));
	assert_int_equal(u.post_dropped, 0);
}

/* Two vCPUs of one VM at once: one gives the UART input, raising its
 * interrupt; the other reads the byte as soon as it can take the UART's
 * lock, lowering it. Modelled here by the first one's interrupt call: if
 * the lock is free while the line is being driven, the other vCPU runs
 * its read right then. The GIC must end up told what the UART says: it
 * could not while the line was driven after the lock was dropped. */
static bool other_vcpu_ran;

static void irq_with_other_vcpu(void *ctx, bool level)
{
	struct vmmio_access a = { .offset = 0x000, .size = 4 };

	if (level && !other_vcpu_ran &&
	    __atomic_load_n(&u.lock.owner, __ATOMIC_SEQ_CST) ==
	    __atomic_load_n(&u.lock.next, __ATOMIC_SEQ_CST)) {
		other_vcpu_ran = true;
		assert_true(vuart_access(NULL, &u, &a));
		assert_int_equal(a.value, 'x');
	}
	line = level;
	edges++;
}

static void two_vcpus_leave_the_line_as_the_uart_says(void **state)
{
	vuart_init(&u, tx, irq_with_other_vcpu, NULL);
	other_vcpu_ran = false;
	wr(0x038, 0x10);                 /* RXIM */
	vuart_rx(&u, "x", 1);
	assert_int_equal(line, rd(0x040, 4) != 0);
	if (!other_vcpu_ran)
		rd(0x000, 4);           /* it reads once the lock is free */
	assert_false(line);
	assert_int_equal(rd(0x040, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(data_register_write_transmits, setup),
		cmocka_unit_test_setup(flags_show_tx_empty_and_rx_empty, setup),
		cmocka_unit_test_setup(received_bytes_read_in_order_then_zero, setup),
		cmocka_unit_test_setup(rx_fifo_overflow_drops_and_counts, setup),
		cmocka_unit_test_setup(rx_interrupt_follows_mask_and_data, setup),
		cmocka_unit_test_setup(tx_interrupt_asserts_while_unmasked, setup),
		cmocka_unit_test_setup(interrupt_clear_cannot_clear_a_level_condition, setup),
		cmocka_unit_test_setup(identification_registers_read_as_pl011, setup),
		cmocka_unit_test_setup(unknown_registers_read_zero_and_ignore_writes, setup),
		cmocka_unit_test_setup(byte_access_reads_the_right_lane, setup),
		cmocka_unit_test_setup(refuses_64_bit_and_misaligned_access, setup),
		cmocka_unit_test_setup(posted_input_waits_for_the_drain, setup),
		cmocka_unit_test_setup(post_ring_full_drops_and_counts, setup),
		cmocka_unit_test_setup(full_fifo_keeps_posted_bytes_until_reads_make_room, setup),
		cmocka_unit_test_setup(post_ring_wraps, setup),
		cmocka_unit_test_setup(two_vcpus_leave_the_line_as_the_uart_says, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
