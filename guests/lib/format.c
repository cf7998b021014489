/* SPDX-License-Identifier: MIT */
/* con_vsnprintf: the printf subset described in guest/console.h. */
#include <string.h>

#include <guest/console.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_field(struct out *o, const char *s, size_t n, int width,
		      bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	/* Zero padding goes after the sign. */
	if (pad == '0' && n && *s == '-') {
		put(o, *s++);
		n--;
	}
	while (!left && fill-- > 0)
		put(o, pad);
	while (n--)
		put(o, *s++);
	while (left && fill-- > 0)
		put(o, ' ');
}

/* Formats v in base 10 or 16 into the end of tmp; returns the start. */
static char *fmt_num(char tmp[24], u64 v, unsigned int base, bool upper,
		     bool neg)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = tmp + 24;

	do {
		*--p = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		*--p = '-';
	return p;
}

int con_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		char tmp[24], pad = ' ', *p;
		bool left = false, upper = false;
		int width = 0, lng = 0;
		u64 v;
		s64 sv;
		const char *s;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '0')
				pad = '0';
			else if (*fmt == '-')
				left = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z')
			lng++, fmt++;
		if (left)
			pad = ' ';

		switch (*fmt) {
		case 'd':
		case 'i':
			sv = lng ? va_arg(ap, s64) : va_arg(ap, int);
			v = sv < 0 ? -(u64)sv : (u64)sv;
			p = fmt_num(tmp, v, 10, false, sv < 0);
			put_field(&o, p, tmp + 24 - p, width, left, pad);
			break;
		case 'u':
		case 'x':
		case 'X':
			v = lng ? va_arg(ap, u64) : va_arg(ap, unsigned int);
			upper = *fmt == 'X';
			p = fmt_num(tmp, v, *fmt == 'u' ? 10 : 16, upper, false);
			put_field(&o, p, tmp + 24 - p, width, left, pad);
			break;
		case 'p':
			v = (u64)(uintptr_t)va_arg(ap, void *);
			p = fmt_num(tmp, v, 16, false, false);
			put(&o, '0');
			put(&o, 'x');
			put_field(&o, p, tmp + 24 - p, width, left, pad);
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			put_field(&o, s, strnlen(s, 4096), width, left, ' ');
			break;
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			put_field(&o, tmp, 1, width, left, ' ');
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int con_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = con_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
