/* SPDX-License-Identifier: MIT */
/*
 * A schedule for people (septum-check, and the hypervisor's boot log):
 * each CPU's major frame as an ASCII timeline, and each VM's share.
 */
#include "cfg.h"
#include "print.h"

#define TIMELINE_COLS 60
#define TL_LINE_MAX 160

/* The letter of window owner r: its VM's index, 'A' first. */
static char letter(const struct cfg_vcpu_ref *r)
{
	return (char)('A' + r->vm);
}

/* Tenths of a percent of frame that us is. */
static unsigned permille(uint64_t us, uint32_t frame)
{
	return (unsigned)((us * 1000 + frame / 2) / frame);
}

/* The owner of column col (TIMELINE_COLS per frame): the window covering
 * its middle, or '.' (no window: the slack's). */
static char column(const struct cfg_sched *s, unsigned col)
{
	uint64_t t = ((uint64_t)col * 2 + 1) * s->frame_us / (2 * TIMELINE_COLS);

	for (unsigned i = 0; i < s->nwin; i++)
		if (t >= s->win[i].offset_us && t < s->win[i].offset_us + s->win[i].duration_us)
			return letter(&s->win[i].who);
	return '.';
}

static void legend(const struct partition *p, const struct cfg_sched *s,
		   void (*out)(void *ctx, const char *line), void *ctx)
{
	char buf[TL_LINE_MAX];

	for (unsigned i = 0; i < s->nwin; i++) {
		const struct cfg_window *w = &s->win[i];
		unsigned pm = permille(w->duration_us, s->frame_us);

		format(buf, sizeof(buf), "  %c %s/%u  %u..%u us (%u.%u %%)", letter(&w->who),
		       p->vm[w->who.vm].name, w->who.vcpu, w->offset_us,
		       w->offset_us + w->duration_us, pm / 10, pm % 10);
		out(ctx, buf);
	}
	for (unsigned i = 0; i < s->nslack; i++) {
		format(buf, sizeof(buf), "  slack %u: %s/%u (when the owner waits, and in '.')",
		       i, p->vm[s->slack[i].vm].name, s->slack[i].vcpu);
		out(ctx, buf);
	}
}

void cfg_sched_timeline(const struct partition *p, unsigned cpu,
			void (*out)(void *ctx, const char *line), void *ctx)
{
	const struct cfg_sched *s = &p->sched[cpu];
	char buf[TL_LINE_MAX], num[12];
	size_t n;

	format(buf, sizeof(buf), "CPU %u: major frame %u us, %u window(s), %u slack vCPU(s)",
	       cpu, s->frame_us, s->nwin, s->nslack);
	out(ctx, buf);
	n = format(buf, sizeof(buf), "  |");
	for (unsigned col = 0; col < TIMELINE_COLS; col++)
		buf[n++] = column(s, col);
	format(buf + n, sizeof(buf) - n, "|");
	out(ctx, buf);
	/* The scale: 0 under the first column, the frame's end under the last. */
	n = (size_t)format(buf, sizeof(buf), "  0");
	for (size_t end = 3 + TIMELINE_COLS - (size_t)format(num, sizeof(num), "%u", s->frame_us);
	     n < end; n++)
		buf[n] = ' ';
	format(buf + n, sizeof(buf) - n, "%s us", num);
	out(ctx, buf);
	legend(p, s, out, ctx);
}

void cfg_sched_shares(const struct partition *p, void (*out)(void *ctx, const char *line),
		      void *ctx)
{
	char buf[TL_LINE_MAX];

	for (unsigned v = 0; v < p->nvms; v++) {
		size_t n = format(buf, sizeof(buf), "VM %s:", p->vm[v].name);
		bool any = false;

		for (unsigned cpu = 0; cpu < BOARD_MAX_CPUS; cpu++) {
			const struct cfg_sched *s = &p->sched[cpu];
			uint64_t us = 0;
			bool slack = false;

			if (!s->present)
				continue;
			for (unsigned i = 0; i < s->nwin; i++)
				if (s->win[i].who.vm == v)
					us += s->win[i].duration_us;
			for (unsigned i = 0; i < s->nslack; i++)
				slack |= s->slack[i].vm == v;
			if (!us && !slack)
				continue;
			unsigned pm = permille(us, s->frame_us);
			n += format(buf + n, sizeof(buf) - n, "%s %u.%u %% of CPU %u%s",
				    any ? "," : "", pm / 10, pm % 10, cpu,
				    slack ? " + slack" : "");
			any = true;
		}
		if (any)
			out(ctx, buf);
	}
}
