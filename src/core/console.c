/* SPDX-License-Identifier: MIT */
/*
 * The console. Septum owns the physical UART and shares it.
 *
 * Output. The VM that has the input owns the terminal: its bytes go out
 * as it writes them, unprefixed, escape sequences and all, so its prompt,
 * what the user types, line editing and full-screen programs (vi, top,
 * less) behave as on a serial line of its own. Every other VM's output is
 * gathered into whole lines, printed with the VM's name ("[rtos] ...")
 * and with its escape sequences taken out whole (term.h) and other control
 * characters shown as '.', so that no VM but the one the user talks to can
 * drive the terminal. Septum's own messages are whole lines ("septum: ").
 * A whole line that comes while the input VM's line is half written takes
 * that line's place (CR, then EL erases it; CAN first if it left an escape
 * sequence open) and, once the whole lines are out, the half line is
 * written again below them: the user keeps seeing the prompt and what
 * they typed so far, with the other VMs' lines scrolling above it. When the
 * input moves away from a VM that sent escape sequences, the terminal gets
 * a soft reset (DECSTR), so what that VM set (colours, modes) does not
 * stay behind. While the input VM shows the alternate screen (a
 * full-screen program: vi), the other VMs' lines wait in their queues.
 *
 * Each VM's output waits in that VM's bounded queue as records (a whole
 * line, or raw bytes; if a VM writes faster than the UART drains, its
 * queue fills and extra output is dropped, counted and reported). The
 * records are formatted, in order, into one transmit ring (txq) by
 * whichever CPU holds the UART (uart_busy, only ever tried for by a VM's
 * CPU), and only while the ring has room for a whole record: formatting
 * is memory copies, never a wait. The ring goes into the UART's transmit
 * FIFO without waiting (uart_try_putc): once by the CPU that formatted,
 * then by the UART's transmit interrupt, on the CPU that takes the
 * console interrupt (the boot CPU), which also formats the records that
 * found the ring full. So the UART's time is the boot CPU's, and a VM's
 * CPU never waits for it. Septum's own messages (log_info, panic) wait
 * until their line has gone out, polling.
 *
 * Input: goes to one VM at a time. Ctrl-] (0x1d) starts a command:
 *   Ctrl-] 1..9   input to VM 1..9 (partition order)
 *   Ctrl-] n      input to the next VM
 *   Ctrl-] ?      list the VMs, their state and who has input
 *   Ctrl-] Ctrl-] a literal Ctrl-] to the VM
 * (Ctrl-] because QEMU's -nographic console keeps Ctrl-A for itself.)
 * The terminal's answers to the input VM's queries (a cursor position
 * report, say) arrive as input and so reach that VM; the other VMs'
 * queries never reach the terminal.
 *
 * Locks (src/DESIGN.md, "Lock order"): the UART (uart_busy), then
 * vm->out_lock, then tx_lock (the ring's reading end and the FIFO); from
 * a VM's CPU the UART is only ever tried, never waited for.
 */
#include <stdarg.h>

#include "check.h"
#include "console.h"
#include "print.h"
#include "spinlock.h"
#include "term.h"
#include "uart.h"
#include "vm.h"
#include "vuart.h"

#define CONSOLE_ESC 0x1d
#define CAN 0x18
#define REC_LINE 'L'          /* a record: kind, length, bytes */
#define REC_RAW 'R'
#define REC_MAX 255
#define ECHO_MAX 256
#define TXQ_SIZE 4096         /* the transmit ring; a power of two */
#define TXQ_RECORD 1024       /* room for any one record, formatted */

static bool uart_busy;          /* records are being formatted into txq */
static uint32_t pending;        /* bit i: vms[i] may have records to format */
static char txq[TXQ_SIZE];      /* formatted output, on its way to the FIFO */
static unsigned txq_head;       /* written by uart_busy's holder */
static unsigned txq_tail;       /* moved under tx_lock */
static struct spinlock tx_lock; /* txq_tail, the FIFO, the transmit interrupt */
static bool tx_irq_on;
static struct vm *input_vm;
static bool esc_pending;

/* The terminal as the UART's owner left it. Only the owner touches it. */
static struct terminal {
	struct vm *owner;         /* whose raw output went out last */
	bool half;                /* ... and left the cursor mid-line */
	bool cut;                 /* whole lines took the half line's place */
	struct term_scan scan;    /* escape sequences of the raw output */
	bool styled;              /* the owner sent escape sequences */
	char echo[ECHO_MAX];      /* the half line so far */
	unsigned echo_len;        /* ECHO_MAX + 1: too long to write again */
	unsigned seq_at;          /* where its last escape sequence began */
	char seq[12];             /* the owner's last escape sequence */
	unsigned seq_len;         /* sizeof(seq) + 1: too long to matter */
	bool alt;                 /* it shows the alternate screen */
} term;

static uint32_t held;   /* bit i: vms[i] waits for the alternate screen to go */

__boot void console_init(const struct board *b)
{
	uart_init(&b->uart_port);
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

static void kick(void);

/* Lets the UART go, then formats what was queued meanwhile, if there is
 * room for it, unless another CPU took the UART again (it will). */
static void uart_give(void)
{
	__atomic_store_n(&uart_busy, false, __ATOMIC_SEQ_CST);
	kick();
}

static unsigned txq_room(void)
{
	return TXQ_SIZE - (txq_head - __atomic_load_n(&txq_tail, __ATOMIC_ACQUIRE));
}

/* Moves what the FIFO takes of txq into it, without waiting, and leaves
 * the transmit interrupt on if some is left. */
static void tx_push(void)
{
	unsigned head, tail;

	spin_lock(&tx_lock);
	head = __atomic_load_n(&txq_head, __ATOMIC_ACQUIRE);
	tail = txq_tail;
	while (tail != head && uart_try_putc(txq[tail % TXQ_SIZE]))
		tail++;
	__atomic_store_n(&txq_tail, tail, __ATOMIC_RELEASE);
	/* On again each time: that also acknowledges it (a Cadence UART's
	 * TEMPTY is sticky). */
	if (tail != head || tx_irq_on)
		uart_enable_tx_irq(tail != head);
	tx_irq_on = tail != head;
	spin_unlock(&tx_lock);
}

/* Writes txq out, polling, until what came before end has gone (or txq
 * is empty): Septum's own lines, and room in a full ring. */
static void tx_wait(unsigned end)
{
	for (;;) {
		unsigned tail;

		spin_lock(&tx_lock);
		tail = txq_tail;
		if (tail == __atomic_load_n(&txq_head, __ATOMIC_ACQUIRE) || (int)(end - tail) <= 0) {
			spin_unlock(&tx_lock);
			break;
		}
		uart_putc(txq[tail % TXQ_SIZE]);   /* waits, at most UART_TX_STALL_MS */
		__atomic_store_n(&txq_tail, tail + 1, __ATOMIC_RELEASE);
		spin_unlock(&tx_lock);
	}
	tx_push();
}

/* One byte of output into txq. Caller owns the UART and made room
 * (TXQ_RECORD); if it is full all the same, it waits. */
static void out(char c)
{
	if (!txq_room())
		tx_wait(txq_head - TXQ_SIZE + 1);
	txq[txq_head % TXQ_SIZE] = c;
	__atomic_store_n(&txq_head, txq_head + 1, __ATOMIC_RELEASE);
}

static void put_str(const char *s)
{
	while (*s)
		out(*s++);
}

/* Makes room for a whole line where the owner's half line is: it is
 * erased, to be written again below by term_resume(), or, if it is too
 * long for that, ended. An escape sequence it left open is cancelled.
 * Caller owns the UART. */
static void term_break(void)
{
	if (!term.half)
		return;
	if (term_in_sequence(&term.scan))
		out(CAN);
	term.scan = (struct term_scan){ 0 };
	if (term.echo_len <= ECHO_MAX) {
		put_str("\r\x1b[K");    /* CR, EL: erase the line */
		term.cut = true;
	} else {
		put_str("\r\n");
	}
	term.half = false;
}

/* The terminal is no longer the owner's: its half line stays as it is,
 * and what it set (colours, modes) is undone by a soft reset (DECSTR).
 * Caller owns the UART. */
static void term_release(void)
{
	if (term.half) {
		if (term_in_sequence(&term.scan))
			out(CAN);
		put_str("\r\n");
	}
	if (term.alt)
		put_str("\x1b[?1049l");   /* back to the normal screen */
	if (term.styled)
		put_str("\x1b[!p");
	term = (struct terminal){ 0 };
	__atomic_fetch_or(&pending, __atomic_exchange_n(&held, 0, __ATOMIC_SEQ_CST),
			  __ATOMIC_SEQ_CST);
}

/* Adds c, of class k, to the half line kept to be written again. A
 * sequence that asks the terminal something (DSR, DA; and RIS) is not
 * kept: written again, it would ask again. */
static void term_keep(char c, enum term_class k, bool in_seq)
{
	if (k == TERM_NEWLINE || k == TERM_RETURN) {
		term.echo_len = 0;
		return;
	}
	if (k == TERM_SEQUENCE && !in_seq)
		term.seq_at = term.echo_len;
	if (term.echo_len >= ECHO_MAX) {
		term.echo_len = ECHO_MAX + 1;
		return;
	}
	term.echo[term.echo_len++] = c;
	if (k == TERM_SEQUENCE && !term_in_sequence(&term.scan) && (c == 'n' || c == 'c'))
		term.echo_len = term.seq_at;
}

static bool seq_is(const char *p, unsigned n, const char *want)
{
	unsigned i = 0;

	while (i < n && want[i] && p[i] == want[i])
		i++;
	return i == n && !want[i];
}

/* The owner's escape sequence in term.seq is complete: did it enter or
 * leave the alternate screen, where full-screen programs (vi) draw? (DEC
 * private modes 1049, 1047 and 47, xterm's ctlseqs.) While it is there,
 * the other VMs' lines wait; when it leaves, they are posted to. True if
 * the screen changed. */
static bool term_mode(void)
{
	unsigned n = term.seq_len;
	char final;

	if (n < 5 || n > sizeof(term.seq) || !seq_is(term.seq, 3, "\x1b[?"))
		return false;
	final = term.seq[n - 1];
	if ((final != 'h' && final != 'l') ||
	    (!seq_is(term.seq + 3, n - 4, "1049") && !seq_is(term.seq + 3, n - 4, "1047") &&
	     !seq_is(term.seq + 3, n - 4, "47")))
		return false;
	term.alt = final == 'h';
	if (!term.alt)
		__atomic_fetch_or(&pending, __atomic_exchange_n(&held, 0, __ATOMIC_SEQ_CST),
				  __ATOMIC_SEQ_CST);
	return true;
}

/* Writes raw bytes of the owner's; keep: they belong to the half line
 * (else they are it, written again). Caller owns the UART. */
static void term_put_raw(const char *s, unsigned n, bool keep)
{
	for (unsigned i = 0; i < n; i++) {
		bool in_seq = term_in_sequence(&term.scan), screen = false;
		enum term_class k;

		out(s[i]);
		k = term_scan(&term.scan, (uint8_t)s[i]);
		term.half = k != TERM_NEWLINE;
		if (k == TERM_SEQUENCE) {
			term.styled = true;
			if (!in_seq)
				term.seq_len = 0;
			if (term.seq_len < sizeof(term.seq))
				term.seq[term.seq_len] = s[i];
			term.seq_len += term.seq_len <= sizeof(term.seq);
			if (!term_in_sequence(&term.scan))
				screen = term_mode();
		}
		if (keep)
			term_keep(s[i], k, in_seq);
		if (screen)
			term.echo_len = 0;   /* another screen: a new line */
	}
}

/* Writes the owner's half line again below the whole lines that took its
 * place. Caller owns the UART. */
static void term_resume(void)
{
	if (!term.cut)
		return;
	term.cut = false;
	term_put_raw(term.echo, term.echo_len, false);
}

/* Raw output of vm. Caller owns the UART. */
static void term_raw(struct vm *vm, const char *s, unsigned n)
{
	if (term.owner != vm) {
		term_release();
		term.owner = vm;
	}
	term_resume();
	term_put_raw(s, n, true);
}

/* A whole line, with its prefix. Caller owns the UART. */
static void put_line(const char *prefix, const char *s, size_t n)
{
	term_break();
	put_str(prefix);
	for (size_t i = 0; i < n; i++)
		out(s[i]);
	out('\r');
	out('\n');
}

/* Caller owns the UART. */
static void vlog_locked(const char *prefix, const char *fmt, va_list ap)
{
	char line[256];
	int n = vformat(line, sizeof(line), fmt, ap);

	if (txq_room() < TXQ_RECORD)
		tx_wait(txq_head - TXQ_SIZE + TXQ_RECORD);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	put_line(prefix, line, (size_t)n);
}

/* Lets the UART go once Septum's lines, formatted by the caller, have
 * gone out. */
static void uart_give_sync(void)
{
	unsigned end = txq_head;

	uart_give();
	tx_wait(end);
}

static void vlog(const char *prefix, const char *fmt, va_list ap)
{
	uart_take();
	vlog_locked(prefix, fmt, ap);
	term_resume();
	uart_give_sync();
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("septum: ", fmt, ap);
	va_end(ap);
}

void console_vlog(const char *prefix, const char *fmt, va_list ap)
{
	vlog(prefix, fmt, ap);
}

/* A line of Septum's while the caller owns the UART. */
static void log_locked(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_locked("septum: ", fmt, ap);
	va_end(ap);
}

static unsigned outq_used(const struct vm *vm)
{
	return vm->outq_head - vm->outq_tail;
}

static void outq_put(struct vm *vm, char c)
{
	vm->outq[vm->outq_head++ % VM_OUTQ_SIZE] = c;
}

static bool outq_empty(struct vm *vm)
{
	return __atomic_load_n(&vm->outq_head, __ATOMIC_ACQUIRE) ==
	       __atomic_load_n(&vm->outq_tail, __ATOMIC_ACQUIRE);
}

/* Moves the line being gathered into the queue, or drops it if it does
 * not fit. Caller holds vm->out_lock. */
static void queue_line(struct vm *vm)
{
	unsigned n = vm->line_len;

	vm->line_len = 0;
	vm->raw_open = false;
	if (outq_used(vm) + n + 2 > VM_OUTQ_SIZE) {
		vm->dropped++;
		return;
	}
	outq_put(vm, REC_LINE);
	outq_put(vm, (char)n);
	for (unsigned i = 0; i < n; i++)
		outq_put(vm, vm->line[i]);
}

/* Queues raw bytes, joining the last record while it is raw, queued and
 * not full. Caller holds vm->out_lock and made room. */
static void put_raw(struct vm *vm, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *len = &vm->outq[(vm->raw_at + 1) % VM_OUTQ_SIZE];
		bool open = vm->raw_open && (uint8_t)*len < REC_MAX;

		if (!open) {
			vm->raw_at = vm->outq_head;
			vm->raw_open = true;
			outq_put(vm, REC_RAW);
			outq_put(vm, 0);
			len = &vm->outq[(vm->raw_at + 1) % VM_OUTQ_SIZE];
		}
		*len = (char)((uint8_t)*len + 1);
		outq_put(vm, s[i]);
	}
}

/* One write's raw bytes, whole, or none of them if they do not fit (the
 * VM writes faster than the console drains): a line is never cut, and
 * the output after a drop starts on a new line. Caller holds
 * vm->out_lock. */
static void queue_raw(struct vm *vm, const char *s, size_t n)
{
	size_t need = n + 2 + 2 * ((n + 2) / REC_MAX + 2);   /* with record headers */

	if (outq_used(vm) + need > VM_OUTQ_SIZE) {
		vm->dropped_bytes += (unsigned)n;
		vm->raw_gap = true;
		return;
	}
	if (vm->raw_gap) {
		vm->raw_gap = false;
		put_raw(vm, "\r\n", 2);
	}
	put_raw(vm, s, n);
}

/* Gathers a VM's bytes into whole lines without escape sequences or
 * control characters. True if a line was queued. Caller holds
 * vm->out_lock. */
static bool gather(struct vm *vm, const char *s, size_t n)
{
	bool queued = false;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		switch (term_scan(&vm->out_scan, (uint8_t)c)) {
		case TERM_NEWLINE:
			queue_line(vm);
			queued = true;
			continue;
		case TERM_RETURN:
		case TERM_SEQUENCE:
			continue;
		case TERM_CONTROL:
			c = '.';
			break;
		case TERM_TEXT:
			break;
		}
		vm->line[vm->line_len++] = c;
		if (vm->line_len == VM_LINE_MAX) {
			queue_line(vm);
			queued = true;
		}
	}
	return queued;
}

/* The line vm had gathered goes out raw (vm has the input now). Caller
 * holds vm->out_lock. */
static void ungather(struct vm *vm)
{
	unsigned n = vm->line_len;

	vm->line_len = 0;
	queue_raw(vm, vm->line, n);
}

/* Takes one record of vm's queue out to the UART, which the caller owns;
 * false if there was none. */
static bool drain_one(struct vm *vm)
{
	char prefix[CFG_NAME_MAX + 4], rec[REC_MAX];
	unsigned n;
	char kind;

	spin_lock(&vm->out_lock);
	if (!outq_used(vm)) {
		spin_unlock(&vm->out_lock);
		return false;
	}
	if (vm->raw_open && vm->raw_at == vm->outq_tail)
		vm->raw_open = false;
	kind = vm->outq[vm->outq_tail++ % VM_OUTQ_SIZE];
	n = (uint8_t)vm->outq[vm->outq_tail++ % VM_OUTQ_SIZE];
	for (unsigned i = 0; i < n; i++)
		rec[i] = vm->outq[vm->outq_tail++ % VM_OUTQ_SIZE];
	spin_unlock(&vm->out_lock);

	if (kind == REC_RAW) {
		term_raw(vm, rec, n);
	} else {
		format(prefix, sizeof(prefix), "[%s] ", vm->cfg->name);
		put_line(prefix, rec, n);
	}
	return true;
}

/* Reports what vm dropped since the last report, if anything, on the
 * UART, which the caller owns. */
static void report_dropped(struct vm *vm)
{
	unsigned lines, bytes;

	spin_lock(&vm->out_lock);
	lines = vm->dropped - vm->dropped_reported;
	bytes = vm->dropped_bytes - vm->dropped_bytes_reported;
	vm->dropped_reported = vm->dropped;
	vm->dropped_bytes_reported = vm->dropped_bytes;
	spin_unlock(&vm->out_lock);
	if (lines)
		log_locked("vm %s: %u line(s) of console output dropped (it writes faster "
			   "than the console drains)", vm->cfg->name, lines);
	if (bytes)
		log_locked("vm %s: %u byte(s) of console output dropped (it writes faster "
			   "than the console drains)", vm->cfg->name, bytes);
}

static uint32_t bit(const struct vm *vm)
{
	return 1u << (vm - vms);
}

/* Formats vm's records into txq while it has room for one. True if none
 * is left (then what was dropped is reported and the half line that
 * whole lines cut is written again). Caller owns the UART. */
static bool pump_vm(struct vm *vm)
{
	if (term.alt && vm != term.owner) {
		/* Queued again when the alternate screen goes. */
		__atomic_fetch_or(&held, bit(vm), __ATOMIC_SEQ_CST);
		return true;
	}
	while (txq_room() >= TXQ_RECORD) {
		if (!drain_one(vm)) {
			report_dropped(vm);
			term_resume();
			return true;
		}
	}
	return false;
}

/* Formats the queued records, first's first (NULL: none first), while
 * txq has room, then starts them into the FIFO. Caller owns the UART. */
static void pump(struct vm *first)
{
	uint32_t w;

	if (first && (__atomic_fetch_and(&pending, ~bit(first), __ATOMIC_SEQ_CST) & bit(first)) &&
	    !pump_vm(first))
		__atomic_fetch_or(&pending, bit(first), __ATOMIC_SEQ_CST);
	w = __atomic_exchange_n(&pending, 0, __ATOMIC_SEQ_CST);
	while (w) {
		unsigned i = (unsigned)__builtin_ctz(w);

		w &= w - 1;
		if (!pump_vm(&vms[i]))
			__atomic_fetch_or(&pending, 1u << i, __ATOMIC_SEQ_CST);
	}
	tx_push();
}

/* Records are queued and txq has room for them: someone must format
 * them. It is us unless another CPU owns the UART; it will look again
 * after letting it go (uart_give), so none is left behind, and no CPU
 * waits. */
static void kick(void)
{
	while (__atomic_load_n(&pending, __ATOMIC_SEQ_CST) && txq_room() >= TXQ_RECORD) {
		if (!uart_try())
			return;
		pump(NULL);
		__atomic_store_n(&uart_busy, false, __ATOMIC_SEQ_CST);
	}
}

/* vm has queued records: formats them (vm's first) if the UART is free,
 * and starts them into the FIFO; else whoever owns it will. */
static void drain(struct vm *vm)
{
	__atomic_fetch_or(&pending, bit(vm), __ATOMIC_SEQ_CST);
	if (!uart_try())
		return;
	pump(vm);
	uart_give();
}

void console_vm_flush(struct vm *vm)
{
	unsigned end;

	uart_take();
	while (!pump_vm(vm))
		tx_wait(txq_head - TXQ_SIZE + TXQ_RECORD);
	end = txq_head;
	uart_give();
	tx_wait(end);
}

void console_vm_drain_posted(struct vm *vm)
{
	if (!outq_empty(vm))
		drain(vm);
}

void console_tx_interrupt(void)
{
	tx_push();
	kick();
}

void console_vm_write(struct vm *vm, const char *s, size_t n)
{
	bool ready;

	spin_lock(&vm->out_lock);
	if (vm == __atomic_load_n(&input_vm, __ATOMIC_ACQUIRE)) {
		if (vm->line_len)
			ungather(vm);
		queue_raw(vm, s, n);
		ready = true;
	} else {
		ready = gather(vm, s, n);
	}
	spin_unlock(&vm->out_lock);
	if (ready)
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
	uart_take();
	log_locked("console: Ctrl-] then 1-9 picks the VM that gets input, n the next one, "
		   "? this list, Ctrl-] a literal Ctrl-]");
	for (unsigned i = 0; i < vm_count; i++) {
		const uint32_t *n = vms[i].health.count;

		log_locked("console: %u %-12s %-8s %u vCPU(s) started %lu time(s)%s", i + 1,
			   vms[i].cfg->name, state_name(&vms[i]), vms[i].nvcpus, vms[i].starts,
			   &vms[i] == input_vm ? "  <- input" : "");
		log_locked("console:   health: watchdog missed %u, faults %u, power-offs %u, "
			   "restarts %u, stops %u", n[HEALTH_WDOG], n[HEALTH_FAULT],
			   n[HEALTH_POWEROFF], n[HEALTH_RESTART], n[HEALTH_STOP]);
	}
	term_resume();
	uart_give_sync();
}

void console_set_input(struct vm *vm)
{
	uart_take();
	term_release();
	__atomic_store_n(&input_vm, vm, __ATOMIC_RELEASE);
	if (vm)
		log_locked("console: input goes to %s (Ctrl-] ? lists the VMs)", vm->cfg->name);
	uart_give_sync();
	if (!vm)
		return;
	/* What it wrote since its last whole line (its prompt, say) is shown
	 * now. */
	spin_lock(&vm->out_lock);
	if (vm->line_len)
		ungather(vm);
	spin_unlock(&vm->out_lock);
	if (!outq_empty(vm))
		drain(vm);
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
