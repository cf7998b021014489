/* SPDX-License-Identifier: MIT */
/* Console backends: Septum's CONSOLE_WRITE hypercall or a PL011. */
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/smccc.h>
#include <guest/smp.h>

#define PL011_DR	0x00
#define PL011_FR	0x18
#define PL011_FR_TXFF	(1u << 5)	/* PL011 TRM 3.3.3 */

enum con_backend {
	CON_NONE,
	CON_SEPTUM,
	CON_PL011,
};

static enum con_backend con_backend;
static volatile u32 *con_uart;
static struct spinlock con_lock;

void con_init(void)
{
	struct smccc_res r = smccc_call0(SEPTUM_HC_CALL_UID);
	u64 base;

	if ((u32)r.a0 == SEPTUM_UID_0 && (u32)r.a1 == SEPTUM_UID_1 &&
	    (u32)r.a2 == SEPTUM_UID_2 && (u32)r.a3 == SEPTUM_UID_3) {
		con_backend = CON_SEPTUM;
	} else if (dt_console_pl011(&base)) {
		con_uart = (volatile u32 *)(uintptr_t)base;
		con_backend = CON_PL011;
	}
}

bool con_under_septum(void)
{
	return con_backend == CON_SEPTUM;
}

/* Bytes per CONSOLE_WRITE: x2..x7 full (48; from AArch32 r2..r7: 24). */
#define CHUNK	(6 * SMCCC_REG_BYTES)

/* Up to CHUNK bytes, packed little-endian into x2..x7. */
static void septum_send(const char *s, size_t len)
{
	u64 w[6] = { 0 };

	for (size_t i = 0; i < len; i++)
		w[i / SMCCC_REG_BYTES] |=
			(u64)(u8)s[i] << (8 * (i % SMCCC_REG_BYTES));
	smccc_call(SMCCC_NATIVE(SEPTUM_HC_CONSOLE_WRITE), len, w[0], w[1],
		   w[2], w[3], w[4], w[5]);
}

/* As to a terminal, like the UART path: "\n" goes out as "\r\n". */
static void septum_write(const char *s, size_t n)
{
	char buf[CHUNK];
	size_t len = 0;

	for (; n; n--, s++) {
		if (len + 2 > sizeof(buf)) {
			septum_send(buf, len);
			len = 0;
		}
		if (*s == '\n')
			buf[len++] = '\r';
		buf[len++] = *s;
	}
	if (len)
		septum_send(buf, len);
}

static void pl011_putc(char c)
{
	while (con_uart[PL011_FR / 4] & PL011_FR_TXFF)
		cpu_relax();
	con_uart[PL011_DR / 4] = (u8)c;
}

static void con_write_unlocked(const char *s, size_t n)
{
	switch (con_backend) {
	case CON_SEPTUM:
		septum_write(s, n);
		break;
	case CON_PL011:
		for (; n; n--, s++) {
			if (*s == '\n')
				pl011_putc('\r');
			pl011_putc(*s);
		}
		break;
	case CON_NONE:
		break;
	}
}

void con_write(const char *s, size_t n)
{
	spin_lock(&con_lock);
	con_write_unlocked(s, n);
	spin_unlock(&con_lock);
}

int con_vprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = con_vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	con_write(buf, n);
	return n;
}

int con_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = con_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void con_emergency(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = con_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	con_write_unlocked(buf, n);
}
