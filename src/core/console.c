/* SPDX-License-Identifier: MIT */
/*
 * The console. Septum owns the physical UART and shares it:
 *
 * Output: each VM's bytes are gathered into whole lines, which wait in that
 * VM's bounded queue. A VM's queue is drained to the UART by the CPU of
 * that VM that wrote, on that VM's time, never by another VM's CPU: a VM
 * that floods slows down itself (and, if two of its vCPUs write at once,
 * gets its queue full: extra lines are dropped, counted and reported). A
 * CPU that finds another CPU of its VM already draining leaves its line
 * queued and goes back to its guest. Lines never interleave: one line at
 * a time owns the UART (uart_busy). A VM's CPU only tries for it: if
 * another VM's line is going out, it leaves its lines queued, marks its
 * VM in uart_waiters and goes back to its guest; whoever lets the UART go
 * posts to the waiting VMs (vm_post), whose CPUs try again on their way
 * into their guests (console_vm_drain_posted). So no CPU waits for
 * another VM's output. Septum's own messages wait for the UART.
 *
 * Input: goes to one VM at a time. Ctrl-] (0x1d) starts a command:
 *   Ctrl-] 1..9   input to VM 1..9 (partition order)
 *   Ctrl-] n      input to the next VM
 *   Ctrl-] ?      list the VMs, their state and who has input
 *   Ctrl-] Ctrl-] a literal Ctrl-] to the VM
 * (Ctrl-] because QEMU's -nographic console keeps Ctrl-A for itself.)
 *
 * Lock order: the UART (uart_busy), then vm->out_lock; a VM's drain flag
 * and, from a VM's CPU, the UART are only ever tried, never waited for.
 */
#include <stdarg.h>

#include "check.h"
#include "console.h"
#include "print.h"
#include "spinlock.h"
#include "uart.h"
#include "vm.h"
#include "vmctl.h"

#define CONSOLE_ESC 0x1d

static bool uart_busy;          /* a line is going out */
static uint32_t uart_waiters;   /* bit i: vms[i] has lines that found it busy */
static struct vm *input_vm;
static bool esc_pending;

void console_init(const struct board *b)
{
	uart_init(pa_init(b->uart.base));
}

static bool uart_try(void)
{
	return !__atomic_exchange_n(&uart_busy, true, __ATOMIC_SEQ_CST);
}

static void uart_take(void)
{
	while (!uart_try())
		arch_relax();
}

/* Lets the UART go and tells the VMs that found it busy to try again. */
static void uart_give(void)
{
	uint32_t w;

	__atomic_store_n(&uart_busy, false, __ATOMIC_SEQ_CST);
	w = __atomic_exchange_n(&uart_waiters, 0, __ATOMIC_SEQ_CST);
	while (w) {
		unsigned i = (unsigned)__builtin_ctz(w);

		w &= w - 1;
		vm_post(&vms[i], 0);
	}
}

/* Caller owns the UART. */
static void put_line(const char *prefix, const char *s, size_t n)
{
	while (*prefix)
		uart_putc(*prefix++);
	for (size_t i = 0; i < n; i++)
		uart_putc(s[i]);
	uart_putc('\r');
	uart_putc('\n');
}

static void vlog(const char *prefix, const char *fmt, va_list ap)
{
	char line[256];
	int n = vformat(line, sizeof(line), fmt, ap);

	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	uart_take();
	put_line(prefix, line, (size_t)n);
	uart_give();
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("septum: ", fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("septum: PANIC: ", fmt, ap);
	va_end(ap);
	for (;;)
		__asm__ volatile("" ::: "memory");
}

static unsigned outq_used(const struct vm *vm)
{
	return vm->outq_head - vm->outq_tail;
}

/* Moves the line being written into the queue (with its length first), or
 * drops it if it does not fit. Caller holds vm->out_lock. */
static void queue_line(struct vm *vm)
{
	unsigned n = vm->line_len;

	vm->line_len = 0;
	if (outq_used(vm) + n + 1 > VM_OUTQ_SIZE) {
		vm->dropped++;
		return;
	}
	vm->outq[vm->outq_head++ % VM_OUTQ_SIZE] = (char)n;
	for (unsigned i = 0; i < n; i++)
		vm->outq[vm->outq_head++ % VM_OUTQ_SIZE] = vm->line[i];
}

static bool outq_empty(struct vm *vm)
{
	return __atomic_load_n(&vm->outq_head, __ATOMIC_ACQUIRE) ==
	       __atomic_load_n(&vm->outq_tail, __ATOMIC_ACQUIRE);
}

/* Takes one line of vm's queue out to the UART, which the caller owns;
 * false if there was none. */
static bool drain_one(struct vm *vm)
{
	char prefix[CFG_NAME_MAX + 4], line[VM_LINE_MAX];
	unsigned n;

	spin_lock(&vm->out_lock);
	if (!outq_used(vm)) {
		spin_unlock(&vm->out_lock);
		return false;
	}
	n = (unsigned char)vm->outq[vm->outq_tail++ % VM_OUTQ_SIZE];
	for (unsigned i = 0; i < n; i++)
		line[i] = vm->outq[vm->outq_tail++ % VM_OUTQ_SIZE];
	spin_unlock(&vm->out_lock);

	format(prefix, sizeof(prefix), "[%s] ", vm->cfg->name);
	put_line(prefix, line, n);
	return true;
}

/* Reports the lines vm dropped since the last report, if any, on the
 * UART, which the caller owns. */
static void report_dropped(struct vm *vm)
{
	char line[128];
	unsigned dropped;
	int n;

	spin_lock(&vm->out_lock);
	dropped = vm->dropped - vm->dropped_reported;
	vm->dropped_reported = vm->dropped;
	spin_unlock(&vm->out_lock);
	if (!dropped)
		return;
	n = format(line, sizeof(line), "vm %s: %u line(s) of console output dropped (it "
		   "writes faster than the console drains)", vm->cfg->name, dropped);
	put_line("septum: ", line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* Drains vm's queue unless another CPU of vm is already at it or another
 * VM's line is going out (then vm waits in uart_waiters). */
static void drain(struct vm *vm)
{
	for (;;) {
		bool busy = false, more = true;

		if (__atomic_exchange_n(&vm->draining, true, __ATOMIC_ACQUIRE))
			return;
		while (more) {
			if (!uart_try()) {
				busy = true;
				break;
			}
			more = drain_one(vm);
			if (!more)
				report_dropped(vm);
			uart_give();
		}
		__atomic_store_n(&vm->draining, false, __ATOMIC_RELEASE);
		if (busy) {
			__atomic_fetch_or(&uart_waiters, 1u << (vm - vms), __ATOMIC_SEQ_CST);
			/* Still busy: its owner will post to vm. Else it let go
			 * before it could see the bit: try again. */
			if (__atomic_load_n(&uart_busy, __ATOMIC_SEQ_CST))
				return;
			continue;
		}
		/* A line queued while the flag was still set would wait for
		 * the next writer: look once more. */
		if (outq_empty(vm))
			return;
	}
}

void console_vm_flush(struct vm *vm)
{
	bool more = true;

	while (__atomic_exchange_n(&vm->draining, true, __ATOMIC_ACQUIRE))
		arch_relax();
	while (more) {
		uart_take();
		more = drain_one(vm);
		if (!more)
			report_dropped(vm);
		uart_give();
	}
	__atomic_store_n(&vm->draining, false, __ATOMIC_RELEASE);
}

void console_vm_drain_posted(struct vm *vm)
{
	if (!outq_empty(vm))
		drain(vm);
}

void console_vm_write(struct vm *vm, const char *s, size_t n)
{
	bool queued = false;

	spin_lock(&vm->out_lock);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\n') {
			queue_line(vm);
			queued = true;
			continue;
		}
		if (c == '\r')
			continue;
		/* Control characters other than tab are shown as '.', so a
		 * guest cannot drive the terminal of the whole machine. */
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			c = '.';
		vm->line[vm->line_len++] = c;
		if (vm->line_len == VM_LINE_MAX) {
			queue_line(vm);
			queued = true;
		}
	}
	spin_unlock(&vm->out_lock);
	if (queued)
		drain(vm);
}

static const char *state_name(const struct vm *vm)
{
	switch (vm->state) {
	case VM_RUNNING:
		return "running";
	case VM_STOPPING:
		return "stopping";
	default:
		return "stopped";
	}
}

static void list_vms(void)
{
	log_info("console: Ctrl-] then 1-9 picks the VM that gets input, n the next one, "
		 "? this list, Ctrl-] a literal Ctrl-]");
	for (unsigned i = 0; i < vm_count; i++)
		log_info("console: %u %-12s %-8s %u vCPU(s) started %lu time(s)%s", i + 1,
			 vms[i].cfg->name, state_name(&vms[i]), vms[i].nvcpus, vms[i].starts,
			 &vms[i] == input_vm ? "  <- input" : "");
}

void console_set_input(struct vm *vm)
{
	input_vm = vm;
	if (vm)
		log_info("console: input goes to %s (Ctrl-] ? lists the VMs)", vm->cfg->name);
}

/* One byte after the escape. */
static void command(char c)
{
	unsigned cur = input_vm ? (unsigned)(input_vm - vms) : 0;

	if (c >= '1' && c <= '9' && (unsigned)(c - '1') < vm_count)
		console_set_input(&vms[c - '1']);
	else if (c == 'n' && vm_count)
		console_set_input(&vms[(cur + 1) % vm_count]);
	else
		list_vms();
}

/* Typed bytes for the input VM: posted, then one of its own CPUs moves
 * them into its UART on the way into the guest, so this CPU never takes
 * that VM's locks. */
static void deliver(const char *buf, unsigned n)
{
	if (!input_vm || !n)
		return;
	vuart_post(&input_vm->uart, buf, n);
	vm_post(input_vm, 0);
}

void console_rx_interrupt(void)
{
	char buf[16];
	unsigned n = 0;
	char c;

	while (uart_getc(&c)) {
		if (esc_pending) {
			esc_pending = false;
			if (c != CONSOLE_ESC) {
				deliver(buf, n);
				n = 0;
				command(c);
				continue;
			}
		} else if (c == CONSOLE_ESC) {
			esc_pending = true;
			continue;
		}
		buf[n++] = c;
		if (n == sizeof(buf)) {
			deliver(buf, n);
			n = 0;
		}
	}
	deliver(buf, n);
}
