/* SPDX-License-Identifier: MIT */
/*
 * echo: reads lines from its UART (Septum's virtual PL011 under Septum, a
 * PL011 natively) by polling, and prints each back through the console as
 * "ECHO <line>". Prints "READY" first. For the console switch tests.
 *
 * Bootargs: lines=<n> stop after n lines with DONE (default: never).
 */
#include <guest/cnt.h>
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/test.h>

const char guest_name[] = "echo";

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_RXFE (1u << 4)

void guest_main(void)
{
	u64 base, lines = dt_arg_u64_or("lines", 0);
	volatile u32 *uart;
	char line[80];
	unsigned n = 0;

	if (!test_check(dt_console_pl011(&base), "echo-uart", "no UART in the DT"))
		return;
	uart = (volatile u32 *)(uintptr_t)base;
	con_printf("READY\n");
	for (u64 done = 0; !lines || done < lines;) {
		char c;

		while (uart[UARTFR / 4] & FR_RXFE)
			cnt_delay_ms(1);
		c = (char)uart[UARTDR / 4];
		if (c == '\r' || c == '\n') {
			line[n] = '\0';
			con_printf("ECHO %s\n", line);
			n = 0;
			done++;
			continue;
		}
		if (n < sizeof(line) - 1)
			line[n++] = c;
	}
}
