/* Unit tests: the virtual PL011 (src/core/vuart.c). */
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

static void rx_fifo_overflow_drops_counts_and_flags_an_overrun(void **state)
{
	char buf[VUART_RX_FIFO + 5];

	memset(buf, 'z', sizeof(buf));
	assert_int_equal(vuart_rx(&u, buf, sizeof(buf)), VUART_RX_FIFO);
	assert_int_equal(u.rx_dropped, 5);
	assert_int_equal(rd(0x004, 4), 0x8);            /* UARTRSR.OE */
	assert_int_equal(rd(0x03c, 4) & 0x400, 0x400);  /* RIS.OE */
	assert_int_equal(rd(0x018, 4) & 0x40, 0x40);    /* FR.RXFF */
	wr(0x004, 0);                                   /* UARTECR */
	assert_int_equal(rd(0x004, 4), 0);
	wr(0x044, 0x400);
	assert_int_equal(rd(0x03c, 4) & 0x400, 0);
}

/* Fewer bytes than the trigger level: only the receive timeout. */
static void rx_interrupt_follows_mask_and_data(void **state)
{
	vuart_rx(&u, "q", 1);
	assert_false(line);                     /* masked */
	wr(0x038, 0x50);                        /* RXIM | RTIM */
	assert_true(line);
	assert_int_equal(rd(0x040, 4), 0x40);   /* MIS: RT */
	rd(0x000, 4);                           /* drain */
	assert_false(line);
	assert_int_equal(rd(0x03c, 4) & 0x50, 0);
	assert_int_equal(edges, 2);
}

/* UARTIFLS RX 1/8: four bytes of a 32-byte FIFO (TRM 3.3.9). */
static void rx_interrupt_waits_for_the_trigger_level(void **state)
{
	wr(0x034, 0x00);
	wr(0x038, 0x10);                        /* RXIM only */
	vuart_rx(&u, "abc", 3);
	assert_false(line);
	assert_int_equal(rd(0x03c, 4) & 0x50, 0x40);
	vuart_rx(&u, "d", 1);
	assert_true(line);
	rd(0x000, 4);                           /* 3 left: below the level */
	assert_false(line);
	assert_int_equal(rd(0x03c, 4) & 0x50, 0x40);
}

static void rx_interrupt_at_one_byte_with_the_fifos_off(void **state)
{
	wr(0x02c, 0x60);                        /* LCR_H: 8 bits, FEN 0 */
	wr(0x038, 0x10);
	vuart_rx(&u, "a", 1);
	assert_true(line);
}

/* The timeout is cleared by the interrupt clear register (TRM 3.4.3) and
 * comes back with the next byte received. */
static void timeout_cleared_by_icr_until_more_data_arrives(void **state)
{
	wr(0x038, 0x40);
	vuart_rx(&u, "k", 1);
	assert_true(line);
	wr(0x044, 0x40);
	assert_false(line);
	assert_int_equal(rd(0x018, 4) & 0x10, 0);   /* the byte is still there */
	vuart_rx(&u, "l", 1);
	assert_true(line);
}

static void tx_interrupt_asserts_while_unmasked(void **state)
{
	assert_int_equal(rd(0x03c, 4) & 0x20, 0x20);   /* RIS.TX */
	wr(0x038, 0x20);
	assert_true(line);
	wr(0x038, 0x00);
	assert_false(line);
}

/* Cleared by UARTICR, raised again when written data has drained. */
static void tx_interrupt_cleared_by_icr_until_the_next_write(void **state)
{
	wr(0x038, 0x20);
	wr(0x044, 0x20);
	assert_false(line);
	wr(0x000, 'x');
	assert_true(line);
	assert_int_equal(rd(0x040, 4), 0x20);
}

static void identification_registers_read_as_pl011(void **state)
{
	static const uint8_t want[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(rd(0xfe0 + 4 * i, 4), want[i]);
}

/* As firmware leaves a console UART: enabled, 115200 baud at 24 MHz,
 * 8 bits, FIFOs on; UARTIFLS at its reset value. */
static void comes_up_as_firmware_leaves_a_console(void **state)
{
	assert_int_equal(rd(0x030, 4), 0x301);  /* UARTCR: UARTEN TXE RXE */
	assert_int_equal(rd(0x024, 4), 13);     /* UARTIBRD */
	assert_int_equal(rd(0x028, 4), 1);      /* UARTFBRD */
	assert_int_equal(rd(0x02c, 4), 0x70);   /* UARTLCR_H: WLEN 8, FEN */
	assert_int_equal(rd(0x034, 4), 0x12);   /* UARTIFLS */
	assert_int_equal(rd(0x038, 4), 0);
	assert_int_equal(rd(0x048, 4), 0);
}

static void control_and_baud_registers_keep_their_bits(void **state)
{
	static const struct { uint64_t off; uint32_t mask; } regs[] = {
		{ 0x020, 0xff }, { 0x024, 0xffff }, { 0x028, 0x3f }, { 0x02c, 0xff },
		{ 0x030, 0xff87 }, { 0x034, 0x3f }, { 0x038, 0x7ff }, { 0x048, 0x7 },
	};

	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		wr(regs[i].off, 0xffffffff);
		assert_int_equal(rd(regs[i].off, 4), regs[i].mask);
		wr(regs[i].off, 0x5a5a5a5a & regs[i].mask);
		assert_int_equal(rd(regs[i].off, 4), 0x5a5a5a5a & regs[i].mask);
	}
}

static void reserved_registers_read_zero_and_ignore_writes(void **state)
{
	wr(0x008, 0x55);
	wr(0x04c, 0x55);
	assert_int_equal(rd(0x008, 4), 0);
	assert_int_equal(rd(0x04c, 4), 0);
	assert_int_equal(rd(0x03c, 4) & ~0x20u, 0);   /* RIS: TX only */
	assert_int_equal(nout, 0);
}

/* Data written while the transmitter is off waits in the FIFO (FR.BUSY,
 * not TXFE) and goes out when it is enabled. */
static void disabled_transmitter_holds_output_until_enabled(void **state)
{
	wr(0x030, 0x201);                       /* UARTEN RXE, no TXE */
	wr(0x000, 'o');
	wr(0x000, 'k');
	assert_int_equal(nout, 0);
	assert_int_equal(rd(0x018, 4) & 0x88, 0x08);
	wr(0x030, 0x300);                       /* TXE RXE, no UARTEN */
	assert_int_equal(nout, 0);
	wr(0x030, 0x301);
	assert_int_equal(nout, 2);
	assert_memory_equal(out, "ok", 2);
	assert_int_equal(rd(0x018, 4) & 0x88, 0x80);
}

static void full_transmit_fifo_sets_txff_and_loses_more(void **state)
{
	wr(0x030, 0);
	for (unsigned i = 0; i < VUART_TX_FIFO + 3; i++)
		wr(0x000, 'a' + i % 26);
	assert_int_equal(rd(0x018, 4) & 0x20, 0x20);   /* FR.TXFF */
	wr(0x030, 0x301);
	assert_int_equal(nout, VUART_TX_FIFO);
	assert_int_equal(rd(0x018, 4) & 0x20, 0);
}

static void loopback_returns_output_to_the_receiver(void **state)
{
	wr(0x030, 0x381);                       /* UARTEN LBE TXE RXE */
	wr(0x000, 'z');
	assert_int_equal(nout, 0);
	assert_int_equal(rd(0x000, 4), 'z');
}

static void disabled_receiver_drops_input(void **state)
{
	wr(0x030, 0x101);                       /* no RXE */
	assert_int_equal(vuart_rx(&u, "ab", 2), 0);
	assert_int_equal(u.rx_dropped, 2);
	assert_int_equal(rd(0x018, 4) & 0x10, 0x10);
}

/* Posted input is not lost while the receiver is off: it waits. */
static void posted_input_waits_for_the_receiver(void **state)
{
	wr(0x030, 0x100);                       /* TXE only */
	vuart_post(&u, "hi", 2);
	vuart_drain_posted(&u);
	assert_int_equal(rd(0x018, 4) & 0x10, 0x10);
	wr(0x030, 0x301);
	assert_int_equal(rd(0x000, 4), 'h');
	assert_int_equal(rd(0x000, 4), 'i');
}

/* A byte or halfword write changes only its own bytes. */
static void narrow_write_keeps_the_other_bytes(void **state)
{
	struct vmmio_access a = { .offset = 0x031, .size = 1, .write = true, .value = 0x02 };

	assert_true(vuart_access(NULL, &u, &a));
	assert_int_equal(rd(0x030, 4), 0x201);
	a = (struct vmmio_access){ .offset = 0x030, .size = 2, .write = true, .value = 0x0101 };
	assert_true(vuart_access(NULL, &u, &a));
	assert_int_equal(rd(0x030, 4), 0x101);
}

/* A restarted VM finds its UART as firmware left it. */
static void reset_restores_the_firmware_state(void **state)
{
	wr(0x030, 0);
	wr(0x024, 99);
	wr(0x038, 0x40);
	vuart_rx(&u, "x", 1);
	wr(0x030, 0x301);
	vuart_rx(&u, "x", 1);
	assert_true(line);
	vuart_reset(&u);
	assert_false(line);
	assert_int_equal(rd(0x030, 4), 0x301);
	assert_int_equal(rd(0x024, 4), 13);
	assert_int_equal(rd(0x038, 4), 0);
	assert_int_equal(rd(0x018, 4) & 0x10, 0x10);
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
	wr(0x038, 0x50);                                /* RXIM | RTIM */
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
	wr(0x038, 0x50);                 /* RXIM | RTIM */
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
		cmocka_unit_test_setup(rx_fifo_overflow_drops_counts_and_flags_an_overrun, setup),
		cmocka_unit_test_setup(rx_interrupt_follows_mask_and_data, setup),
		cmocka_unit_test_setup(rx_interrupt_waits_for_the_trigger_level, setup),
		cmocka_unit_test_setup(rx_interrupt_at_one_byte_with_the_fifos_off, setup),
		cmocka_unit_test_setup(timeout_cleared_by_icr_until_more_data_arrives, setup),
		cmocka_unit_test_setup(tx_interrupt_asserts_while_unmasked, setup),
		cmocka_unit_test_setup(tx_interrupt_cleared_by_icr_until_the_next_write, setup),
		cmocka_unit_test_setup(identification_registers_read_as_pl011, setup),
		cmocka_unit_test_setup(comes_up_as_firmware_leaves_a_console, setup),
		cmocka_unit_test_setup(control_and_baud_registers_keep_their_bits, setup),
		cmocka_unit_test_setup(reserved_registers_read_zero_and_ignore_writes, setup),
		cmocka_unit_test_setup(disabled_transmitter_holds_output_until_enabled, setup),
		cmocka_unit_test_setup(full_transmit_fifo_sets_txff_and_loses_more, setup),
		cmocka_unit_test_setup(loopback_returns_output_to_the_receiver, setup),
		cmocka_unit_test_setup(disabled_receiver_drops_input, setup),
		cmocka_unit_test_setup(posted_input_waits_for_the_receiver, setup),
		cmocka_unit_test_setup(narrow_write_keeps_the_other_bytes, setup),
		cmocka_unit_test_setup(reset_restores_the_firmware_state, setup),
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
