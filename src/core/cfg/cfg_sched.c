/* SPDX-License-Identifier: MIT */
/*
 * Time partitions in the partition description: /schedule, one cpu@N
 * node per physical CPU that carries several vCPUs (binding:
 * dts/bindings/septum,partition.yaml). cfg_sched_parse() checks each
 * schedule on its own (frame, windows inside it and disjoint, long
 * enough, vCPUs that exist); cfg_sched_validate() checks it against the
 * VMs (each vCPU on one CPU, the one its cpus names; every vCPU of the
 * CPU gets time). Messages: "<node>: <property>: <value>: <problem>".
 */
#include <libfdt.h>
#include "cfg_priv.h"
#include "print.h"

#define SCHED_PATH_MAX 32
#define SHOWN_MAX 64

struct sctx {
	const void *fdt;
	struct partition *p;
	struct diag *d;
	struct cfg_sched *s;
	char path[SCHED_PATH_MAX];
};

__attribute__((format(printf, 2, 3)))
static void sfail(struct sctx *c, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_error(c->d, "%s: %s", c->path, msg);
	if (c->s)
		c->s->valid = false;
}

bool cfg_sched_has(const struct cfg_sched *s, unsigned vm, unsigned vcpu, bool slack)
{
	for (unsigned i = 0; i < s->nwin; i++)
		if (s->win[i].who.vm == vm && s->win[i].who.vcpu == vcpu)
			return true;
	for (unsigned i = 0; slack && i < s->nslack; i++)
		if (s->slack[i].vm == vm && s->slack[i].vcpu == vcpu)
			return true;
	return false;
}

/* One cell of a property that must be exactly one cell; false if absent
 * (reported when required) or malformed (reported). */
static bool read_u32(struct sctx *c, int node, const char *prop, bool required, uint32_t *v)
{
	int len;
	const fdt32_t *p = dt_getprop(c->fdt, node, prop, &len);

	if (!p) {
		if (required)
			sfail(c, "%s: missing", prop);
		return false;
	}
	if (len != 4) {
		sfail(c, "%s: %d bytes: must be one cell", prop, len);
		return false;
	}
	*v = fdt32_to_cpu(*p);
	return true;
}

/* cells[0] is a VM's phandle, cells[1] one of its vCPUs: into *r. shown
 * gets the entry as people read it ("<rtos 0 ...>" from n cells). */
static bool read_ref(struct sctx *c, const char *prop, const fdt32_t *cells, int n,
		     struct cfg_vcpu_ref *r)
{
	uint32_t ph = fdt32_to_cpu(cells[0]), vcpu = fdt32_to_cpu(cells[1]);
	int node = fdt_node_offset_by_phandle(c->fdt, ph);
	char shown[SHOWN_MAX];
	size_t k;

	for (unsigned i = 0; i < c->p->nvms; i++) {
		const struct cfg_vm *vm = &c->p->vm[i];

		if (node < 0 || vm->node != node)
			continue;
		k = format(shown, sizeof(shown), "<%s", vm->name);
		for (int j = 1; j < n; j++)
			k += format(shown + k, sizeof(shown) - k, " %u", fdt32_to_cpu(cells[j]));
		format(shown + k, sizeof(shown) - k, ">");
		if (vcpu >= vm->nvcpus) {
			sfail(c, "%s: %s: vCPU %u: %s has %u vCPU(s)", prop, shown, vcpu,
			      vm->path, vm->nvcpus);
			return false;
		}
		*r = (struct cfg_vcpu_ref){ (uint8_t)i, (uint8_t)vcpu };
		return true;
	}
	sfail(c, "%s: <%#x ...>: phandle: not a VM node (label a VM and write <&label vcpu ...>)",
	      prop, ph);
	return false;
}

/* "<rtos 0 100 400>" for window w. */
static const char *show_win(const struct sctx *c, const struct cfg_window *w, char *buf)
{
	format(buf, SHOWN_MAX, "<%s %u %u %u>", c->p->vm[w->who.vm].name, w->who.vcpu,
	       w->offset_us, w->duration_us);
	return buf;
}

/* Inserts w into the schedule, kept by offset. */
static void insert_win(struct cfg_sched *s, const struct cfg_window *w)
{
	unsigned i = s->nwin++;

	for (; i && s->win[i - 1].offset_us > w->offset_us; i--)
		s->win[i] = s->win[i - 1];
	s->win[i] = *w;
}

/* One window <&vm vcpu offset duration>: long enough, inside the frame. */
static void parse_window(struct sctx *c, const fdt32_t *cells)
{
	struct cfg_window w;
	char shown[SHOWN_MAX];

	if (!read_ref(c, "windows", cells, 4, &w.who))
		return;
	w.offset_us = fdt32_to_cpu(cells[2]);
	w.duration_us = fdt32_to_cpu(cells[3]);
	if (w.duration_us < CFG_SCHED_MIN_WINDOW_US)
		sfail(c, "windows: %s: %u us: shorter than the shortest window (%u us)",
		      show_win(c, &w, shown), w.duration_us, CFG_SCHED_MIN_WINDOW_US);
	else if ((uint64_t)w.offset_us + w.duration_us > c->s->frame_us)
		sfail(c, "windows: %s: ends at %lu us: runs past the major frame (%u us)",
		      show_win(c, &w, shown), (uint64_t)w.offset_us + w.duration_us,
		      c->s->frame_us);
	else
		insert_win(c->s, &w);
}

static void parse_windows(struct sctx *c, int node)
{
	int len, n;
	const fdt32_t *p = dt_getprop(c->fdt, node, "windows", &len);
	char a[SHOWN_MAX], b[SHOWN_MAX];

	if (!p) {
		sfail(c, "windows: missing");
		return;
	}
	n = len / 16;
	if (len % 16 || !n) {
		sfail(c, "windows: %d bytes: not a list of <&vm vcpu offset-us duration-us>", len);
		return;
	}
	if (n > CFG_MAX_WINDOWS) {
		sfail(c, "windows: %d entries: too many (max %d)", n, CFG_MAX_WINDOWS);
		return;
	}
	for (int i = 0; i < n; i++)
		parse_window(c, p + 4 * i);
	/* Invariant: win[0..i) are disjoint and sorted by offset. */
	for (unsigned i = 1; i < c->s->nwin; i++) {
		const struct cfg_window *prev = &c->s->win[i - 1], *w = &c->s->win[i];

		if (w->offset_us < prev->offset_us + prev->duration_us)
			sfail(c, "windows: %s: overlaps %s", show_win(c, w, a),
			      show_win(c, prev, b));
	}
}

static void parse_slack(struct sctx *c, int node)
{
	int len, n;
	const fdt32_t *p = dt_getprop(c->fdt, node, "slack", &len);

	if (!p)
		return;
	n = len / 8;
	if (len % 8 || !n) {
		sfail(c, "slack: %d bytes: not a list of <&vm vcpu>", len);
		return;
	}
	if (n > CFG_MAX_SLACK) {
		sfail(c, "slack: %d entries: too many (max %d)", n, CFG_MAX_SLACK);
		return;
	}
	for (int i = 0; i < n; i++)
		if (read_ref(c, "slack", p + 2 * i, 2, &c->s->slack[c->s->nslack]))
			c->s->nslack++;
}

/* The CPU a cpu@N node is for: its reg, which must match N. -1 if it
 * cannot be told (reported). */
static int parse_cpu_index(struct sctx *c, int node, const char *name)
{
	const char *at = strchr(name, '@');
	uint32_t reg;
	unsigned long unit;

	if (strncmp(name, "cpu@", 4) != 0 || !at[1]) {
		diag_error(c->d, "/schedule/%s: unknown node (the children of /schedule are "
			   "cpu@<n>, one per physical CPU)", name);
		return -1;
	}
	if (!read_u32(c, node, "reg", true, &reg))
		return -1;
	unit = 0;
	for (const char *h = at + 1; *h && unit <= BOARD_MAX_CPUS; h++)
		unit = unit * 16 + (unsigned long)(*h >= 'a' ? *h - 'a' + 10 :
						   *h >= 'A' ? *h - 'A' + 10 : *h - '0');
	if (unit != reg) {
		sfail(c, "reg: %u: not the unit address (%s)", reg, at + 1);
		return -1;
	}
	if (reg >= BOARD_MAX_CPUS) {
		sfail(c, "reg: %u: no such CPU (max %d)", reg, BOARD_MAX_CPUS - 1);
		return -1;
	}
	return (int)reg;
}

static void parse_cpu(struct sctx *c, int node)
{
	static const char *const props[] = {
		"reg", "major-frame-us", "windows", "slack", NULL,
	};
	const char *name = fdt_get_name(c->fdt, node, NULL) ?: "";
	char hint[CFG_HINT_LEN];
	int cpu, off;

	c->s = NULL;
	format(c->path, sizeof(c->path), "/schedule/%s", name);
	cpu = parse_cpu_index(c, node, name);
	if (cpu < 0)
		return;
	c->s = &c->p->sched[cpu];
	*c->s = (struct cfg_sched){ .present = true, .valid = true };
	fdt_for_each_property_offset(off, c->fdt, node) {
		const char *prop;

		if (fdt_getprop_by_offset(c->fdt, off, &prop, NULL) &&
		    !cfg_prop_known(prop, props))
			sfail(c, "%s: unknown property%s", prop,
			      cfg_hint(hint, sizeof(hint), prop, props));
	}
	dt_for_each_subnode(off, c->fdt, node)
		sfail(c, "%s: unknown node", fdt_get_name(c->fdt, off, NULL));
	if (!read_u32(c, node, "major-frame-us", true, &c->s->frame_us))
		return;
	if (c->s->frame_us < CFG_SCHED_MIN_WINDOW_US || c->s->frame_us > CFG_SCHED_MAX_FRAME_US) {
		sfail(c, "major-frame-us: %u: must be %u..%u", c->s->frame_us,
		      CFG_SCHED_MIN_WINDOW_US, CFG_SCHED_MAX_FRAME_US);
		return;
	}
	parse_windows(c, node);
	parse_slack(c, node);
}

void cfg_sched_parse(const void *fdt, int node, struct partition *p, struct diag *d)
{
	static const char *const props[] = { "#address-cells", "#size-cells", NULL };
	struct sctx c = { .fdt = fdt, .p = p, .d = d };
	char hint[CFG_HINT_LEN];
	int off;

	format(c.path, sizeof(c.path), "/schedule");
	fdt_for_each_property_offset(off, fdt, node) {
		const char *prop;

		if (fdt_getprop_by_offset(fdt, off, &prop, NULL) && !cfg_prop_known(prop, props))
			sfail(&c, "%s: unknown property%s", prop,
			      cfg_hint(hint, sizeof(hint), prop, props));
	}
	dt_for_each_subnode(off, fdt, node)
		parse_cpu(&c, off);
}

/* The frame time no window covers, in us. */
static uint32_t gaps(const struct cfg_sched *s)
{
	uint32_t used = 0;

	for (unsigned i = 0; i < s->nwin; i++)
		used += s->win[i].duration_us;
	return s->frame_us - used;
}

/* Each window and slack vCPU of s (CPU cpu) runs on cpu by its VM's cpus,
 * and on no other CPU's schedule (where[][]: the first CPU seen). */
static void check_refs(struct sctx *c, unsigned cpu, int where[CFG_MAX_VMS][CFG_MAX_VCPUS])
{
	const struct cfg_sched *s = c->s;

	for (unsigned i = 0; i < s->nwin + s->nslack; i++) {
		const struct cfg_vcpu_ref *r = i < s->nwin ? &s->win[i].who :
					       &s->slack[i - s->nwin];
		const char *prop = i < s->nwin ? "windows" : "slack";
		const struct cfg_vm *vm = &c->p->vm[r->vm];
		int *w = &where[r->vm][r->vcpu];

		if (!vm->valid)
			continue;
		if (*w >= 0 && *w != (int)cpu)
			sfail(c, "%s: <%s %u ...>: vCPU %u of %s is scheduled on CPU %d too "
			      "(a vCPU runs on one CPU)", prop, vm->name, r->vcpu, r->vcpu,
			      vm->path, *w);
		else if (vm->cpu[r->vcpu] != cpu)
			sfail(c, "%s: <%s %u ...>: vCPU %u of %s runs on CPU %u (its cpus), "
			      "not CPU %u", prop, vm->name, r->vcpu, r->vcpu, vm->path,
			      vm->cpu[r->vcpu], cpu);
		*w = (int)cpu;
	}
}

/* Every vCPU of a valid VM on a scheduled CPU gets time: a window, or a
 * place in the slack of a frame that has gaps. Refuses the VM if not. */
static void check_time(struct partition *p, unsigned cpu, struct diag *d)
{
	const struct cfg_sched *s = &p->sched[cpu];

	for (unsigned i = 0; i < p->nvms; i++) {
		struct cfg_vm *vm = &p->vm[i];

		for (unsigned j = 0; vm->valid && j < vm->nvcpus; j++) {
			if (vm->cpu[j] != cpu || cfg_sched_has(s, i, j, false))
				continue;
			if (!cfg_sched_has(s, i, j, true))
				cfg_vm_fail(d, vm, NULL, "cpus: %u: vCPU %u has no time on CPU %u: "
					    "no window or slack in /schedule/cpu@%u", cpu, j,
					    cpu, cpu);
			else if (!gaps(s))
				cfg_vm_fail(d, vm, NULL, "cpus: %u: vCPU %u has no time on CPU %u: "
					    "only in the slack, and the windows of "
					    "/schedule/cpu@%u fill the frame", cpu, j, cpu, cpu);
		}
	}
}

/* Refuses every valid VM with a vCPU on cpu, whose schedule failed. */
static void refuse_on(struct partition *p, unsigned cpu, struct diag *d)
{
	for (unsigned i = 0; i < p->nvms; i++) {
		struct cfg_vm *vm = &p->vm[i];

		for (unsigned j = 0; vm->valid && j < vm->nvcpus; j++)
			if (vm->cpu[j] == cpu)
				cfg_vm_fail(d, vm, NULL, "cpus: %u: refused: /schedule/cpu@%u "
					    "is not usable (above)", cpu, cpu);
	}
}

void cfg_sched_validate(struct partition *p, const struct board *b, struct diag *d)
{
	int where[CFG_MAX_VMS][CFG_MAX_VCPUS];
	struct sctx c = { .p = p, .d = d };

	memset(where, 0xff, sizeof(where));
	for (unsigned cpu = 0; cpu < BOARD_MAX_CPUS; cpu++) {
		c.s = &p->sched[cpu];
		if (!c.s->present)
			continue;
		format(c.path, sizeof(c.path), "/schedule/cpu@%x", cpu);
		if (cpu >= b->ncpus)
			sfail(&c, "reg: %u: no such CPU (the board has %u)", cpu, b->ncpus);
		if (c.s->valid)
			check_refs(&c, cpu, where);
		if (c.s->valid)
			check_time(p, cpu, d);
		else
			refuse_on(p, cpu, d);
	}
}
