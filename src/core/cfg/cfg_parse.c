/* SPDX-License-Identifier: MIT */
/*
 * Partition description parser (binding: dts/bindings/septum,partition.yaml).
 * Turns the FDT into struct partition and checks each VM on its own; a VM
 * with a problem is kept with valid = false and the others carry on. Every
 * problem is reported as "<node path>: <property>: <value>: <what is wrong>".
 * Checks against the board and between VMs live in cfg_validate.c.
 */
#include <arch/image.h>
#include <libfdt.h>
#include "cfg_priv.h"
#include "dt.h"
#include "print.h"

void cfg_vfail(struct diag *d, struct cfg_vm *vm, const char *path,
	       const char *sub, const char *fmt, va_list ap)
{
	char msg[DIAG_MSG_MAX];

	vformat(msg, sizeof(msg), fmt, ap);
	diag_error(d, "%s%s%s: %s", path, sub ? "/" : "", sub ? sub : "", msg);
	vm->valid = false;
}

void cfg_fail(struct pctx *c, const char *sub, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vfail(c->d, c->vm, c->path, sub, fmt, ap);
	va_end(ap);
}

void cfg_vm_fail(struct diag *d, struct cfg_vm *vm, const char *sub,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vfail(d, vm, vm->path, sub, fmt, ap);
	va_end(ap);
}

bool cfg_name_ok(const char *s, int len, int max)
{
	if (len < 1 || len > max)
		return false;
	for (int i = 0; i < len; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

static void parse_name(struct pctx *c, const struct partition *p)
{
	struct cfg_vm *vm = c->vm;
	int len;
	const char *name = fdt_get_name(c->fdt, vm->node, &len);

	if (!name) {
		name = "";
		len = 0;
	}
	format(c->path, sizeof(c->path), "/%s", name);
	memcpy(vm->name, name, (size_t)MIN(len, CFG_NAME_MAX - 1));
	format(vm->path, sizeof(vm->path), "/%s", vm->name);
	if (!cfg_name_ok(name, len, CFG_NAME_MAX - 1)) {
		cfg_fail(c, NULL, "name: \"%s\": must be 1..%d characters of a-z 0-9 _ -",
			 name, CFG_NAME_MAX - 1);
		return;
	}
	for (unsigned i = 0; i < p->nvms; i++) {
		const char *other = fdt_get_name(c->fdt, p->vm[i].node, NULL);

		if (other && strcmp(other, name) == 0) {
			cfg_fail(c, NULL, "name: \"%s\": already used by an earlier VM",
				 name);
			return;
		}
	}
}

/* #address-cells/#size-cells of a VM node are optional but must be 2. */
static void check_cells(struct pctx *c, const char *name)
{
	int len;
	const fdt32_t *v = dt_getprop(c->fdt, c->vm->node, name, &len);

	if (!v)
		return;
	if (len != 4)
		cfg_fail(c, NULL, "%s: %d bytes: must be one cell", name, len);
	else if (fdt32_to_cpu(*v) != 2)
		cfg_fail(c, NULL, "%s: %u: must be 2", name, fdt32_to_cpu(*v));
}

static void parse_cpus(struct pctx *c)
{
	struct cfg_vm *vm = c->vm;
	int len, n;
	const fdt32_t *p = dt_getprop(c->fdt, vm->node, "cpus", &len);

	if (!p) {
		cfg_fail(c, NULL, "cpus: missing");
		return;
	}
	if (len == 0) {
		cfg_fail(c, NULL, "cpus: empty: needs 1..%d CPUs", CFG_MAX_VCPUS);
		return;
	}
	if (len % 4 != 0) {
		cfg_fail(c, NULL, "cpus: %d bytes: not a list of cells", len);
		return;
	}
	n = len / 4;
	if (n > CFG_MAX_VCPUS) {
		cfg_fail(c, NULL, "cpus: %d entries: too many vCPUs (max %d)", n,
			 CFG_MAX_VCPUS);
		return;
	}
	for (int i = 0; i < n; i++) {
		uint32_t cpu = fdt32_to_cpu(p[i]);

		if (cpu >= BOARD_MAX_CPUS) {
			cfg_fail(c, NULL, "cpus: %u: no such CPU (max %d)", cpu,
				 BOARD_MAX_CPUS - 1);
			continue;
		}
		/* Twice is for a CPU a schedule shares (cfg_validate). */
		vm->cpu[vm->nvcpus++] = (uint8_t)cpu;
	}
}

static void parse_on_fault(struct pctx *c)
{
	int len;
	const char *s = dt_string(c->fdt, c->vm->node, "on-fault", &len);

	c->vm->on_fault = CFG_ON_FAULT_STOP;
	if (!s && len == -FDT_ERR_NOTFOUND)
		return;
	if (!s)
		cfg_fail(c, NULL, "on-fault: %d bytes: not a string", len);
	else if (strcmp(s, "restart") == 0)
		c->vm->on_fault = CFG_ON_FAULT_RESTART;
	else if (strcmp(s, "stop") != 0)
		cfg_fail(c, NULL, "on-fault: \"%s\": must be \"stop\" or \"restart\"", s);
}

/* arch: "aarch64" or "aarch32", the execution state of the VM's EL1. The
 * default is the hypervisor's own (<arch/image.h>): AArch64 on the
 * AArch64 build; the ARMv7-A build runs AArch32 VMs only. */
static void parse_arch(struct pctx *c)
{
	int len;
	const char *s = dt_string(c->fdt, c->vm->node, "arch", &len);

	c->vm->arch = ARCH_HYP_AARCH32 ? CFG_ARCH_AARCH32 : CFG_ARCH_AARCH64;
	if (!s && len == -FDT_ERR_NOTFOUND)
		return;
	if (!s)
		cfg_fail(c, NULL, "arch: %d bytes: not a string", len);
	else if (strcmp(s, "aarch32") == 0)
		c->vm->arch = CFG_ARCH_AARCH32;
	else if (strcmp(s, "aarch64") != 0)
		cfg_fail(c, NULL, "arch: \"%s\": must be \"aarch64\" or \"aarch32\"", s);
	else if (ARCH_HYP_AARCH32)
		cfg_fail(c, NULL, "arch: \"aarch64\": this Septum is the ARMv7-A (arm32) "
			 "build: its VMs are AArch32");
}

static void parse_bootargs(struct pctx *c)
{
	int len;
	const char *s = dt_string(c->fdt, c->vm->node, "bootargs", &len);

	if (!s && len != -FDT_ERR_NOTFOUND)
		cfg_fail(c, NULL, "bootargs: %d bytes: not a NUL-terminated string", len);
	c->vm->bootargs = s;
}

static bool is_memory_node(const char *name)
{
	return strncmp(name, "memory", 6) == 0 &&
	       (name[6] == '\0' || name[6] == '@');
}

bool cfg_check_span(struct pctx *c, const char *sub, const char *prop,
		    uint64_t base, uint64_t size)
{
	bool ok = true;

	if (!IS_ALIGNED(base, PAGE_SIZE)) {
		cfg_fail(c, sub, "%s: 0x%llx: not 4 KiB aligned", prop, DT_U64(base));
		ok = false;
	}
	if (base + size - 1 < base) {
		cfg_fail(c, sub, "%s: 0x%llx size 0x%llx: wraps around", prop,
			 DT_U64(base), DT_U64(size));
		ok = false;
	}
	return ok;
}

/* Parses one memory@ node into *m; false (reported) if it is unusable. */
static bool parse_region(struct pctx *c, int node, const char *name,
			 struct cfg_mem *m)
{
	int len;
	const fdt32_t *reg = dt_getprop(c->fdt, node, "reg", &len);
	const fdt32_t *host;
	bool ok = true;

	memset(m, 0, sizeof(*m));
	if (strlen(name) > CFG_NODE_NAME_MAX - 1) {
		cfg_fail(c, name, "name: longer than %d characters", CFG_NODE_NAME_MAX - 1);
		return false;
	}
	memcpy(m->name, name, strlen(name) + 1);
	cfg_check_known(c, node, name, (const char *const[]){ "reg", "host-address", NULL },
			false);
	if (!reg) {
		cfg_fail(c, name, "reg: missing");
		return false;
	}
	if (len != 16) {
		cfg_fail(c, name, "reg: %d bytes: must be 16 (2-cell address, 2-cell size)",
			 len);
		return false;
	}
	m->guest = dt_cells(reg, 2);
	m->size = dt_cells(reg + 2, 2);
	if (m->size == 0) {
		cfg_fail(c, name, "reg: size 0: region is empty");
		return false;
	}
	if (!IS_ALIGNED(m->size, PAGE_SIZE)) {
		cfg_fail(c, name, "reg: size 0x%llx: not a multiple of 4 KiB",
			 DT_U64(m->size));
		ok = false;
	}
	ok &= cfg_check_span(c, name, "reg", m->guest, m->size);
	host = dt_getprop(c->fdt, node, "host-address", &len);
	if (host) {
		if (len != 8) {
			cfg_fail(c, name, "host-address: %d bytes: must be 8 (2 cells)", len);
			return false;
		}
		m->host = dt_cells(host, 2);
		m->host_fixed = true;
		ok &= cfg_check_span(c, name, "host-address", m->host, m->size);
	}
	return ok;
}

/* Regions of one VM must not overlap in guest space, nor in host space
 * when both are placed. */
static bool check_overlaps(struct pctx *c)
{
	const struct cfg_vm *vm = c->vm;
	bool ok = true;

	for (unsigned i = 0; i < vm->nmem; i++) {
		const struct cfg_mem *a = &vm->mem[i];

		for (unsigned j = 0; j < i; j++) {
			const struct cfg_mem *b = &vm->mem[j];

			if (ranges_overlap(a->guest, a->size, b->guest, b->size)) {
				cfg_fail(c, a->name,
					 "reg: 0x%llx..0x%llx: overlaps %s/%s (0x%llx..0x%llx)",
					 DT_U64(a->guest), DT_U64(a->guest + a->size - 1),
					 c->path, b->name, DT_U64(b->guest),
					 DT_U64(b->guest + b->size - 1));
				ok = false;
			}
			if (a->host_fixed && b->host_fixed &&
			    ranges_overlap(a->host, a->size, b->host, b->size)) {
				cfg_fail(c, a->name,
					 "host-address: 0x%llx..0x%llx: overlaps %s/%s (0x%llx..0x%llx)",
					 DT_U64(a->host), DT_U64(a->host + a->size - 1),
					 c->path, b->name, DT_U64(b->host),
					 DT_U64(b->host + b->size - 1));
				ok = false;
			}
		}
	}
	return ok;
}

/* Parses the memory@ children; true if every region is usable. */
static bool parse_memory(struct pctx *c)
{
	struct cfg_vm *vm = c->vm;
	unsigned found = 0;
	bool ok = true;
	int node;

	dt_for_each_subnode(node, c->fdt, vm->node) {
		const char *name = fdt_get_name(c->fdt, node, NULL);

		if (!name || !is_memory_node(name) || found++ >= CFG_MAX_MEM)
			continue;
		if (parse_region(c, node, name, &vm->mem[vm->nmem]))
			vm->nmem++;
		else
			ok = false;
	}
	if (found == 0) {
		cfg_fail(c, NULL, "memory: missing");
		return false;
	}
	if (found > CFG_MAX_MEM) {
		cfg_fail(c, NULL, "memory: %u regions: too many (max %d)", found,
			 CFG_MAX_MEM);
		ok = false;
	}
	return check_overlaps(c) && ok;
}

bool cfg_read_u64(struct pctx *c, int node, const char *sub, const char *prop,
		  uint64_t *v, bool *present)
{
	int len;
	const fdt32_t *p = dt_getprop(c->fdt, node, prop, &len);

	*present = p != NULL;
	if (!p)
		return true;
	if (len != 8) {
		cfg_fail(c, sub, "%s: %d bytes: must be 8 (2 cells)", prop, len);
		*present = false;
		return false;
	}
	*v = dt_cells(p, 2);
	return true;
}

/* Properties and child nodes of a VM that the binding does not have. */
static void check_vm_known(struct pctx *c)
{
	static const char *const props[] = {
		"compatible", "#address-cells", "#size-cells", "cpus", "bootargs",
		"on-fault", "interrupts", "arch", "restart-limit", "monitor", NULL,
	};
	static const char *const nodes[] = {
		"kernel", "initrd", "dtb", "devices", "console", "channels", "watchdog", NULL,
	};
	static const char *const all_nodes[] = {
		"memory", "kernel", "initrd", "dtb", "devices", "console", "channels",
		"watchdog", NULL,
	};
	char hint[CFG_HINT_LEN];
	int node;

	cfg_check_known(c, c->vm->node, NULL, props, true);
	dt_for_each_subnode(node, c->fdt, c->vm->node) {
		const char *name = fdt_get_name(c->fdt, node, NULL);

		if (name && !is_memory_node(name) && !cfg_listed(name, nodes))
			cfg_fail(c, NULL, "%s: unknown node%s", name,
				 cfg_hint(hint, sizeof(hint), name, all_nodes));
	}
}

static void parse_vm(struct pctx *c, const struct partition *p)
{
	bool mem_ok;

	c->vm->valid = true;
	parse_name(c, p);
	check_vm_known(c);
	check_cells(c, "#address-cells");
	check_cells(c, "#size-cells");
	parse_cpus(c);
	parse_on_fault(c);
	cfg_parse_health(c);
	parse_arch(c);
	parse_bootargs(c);
	mem_ok = parse_memory(c);
	cfg_parse_images(c, mem_ok);
	cfg_parse_io(c);
}

/* Is this a partition description? Reports why not. */
static bool check_root(const void *fdt, size_t size, struct diag *d)
{
	/* fdt_check_header() reads a whole version 17 header whatever the
	 * version says. */
	int err = size < sizeof(struct fdt_header) ? -FDT_ERR_TRUNCATED :
		  fdt_check_header(fdt);
	const char *compat;
	int len;

	if (err) {
		diag_error(d, "/: header: %s: not a valid device tree",
			   fdt_strerror(err));
		return false;
	}
	err = dt_check(fdt, size);
	if (err) {
		diag_error(d, "/: structure: %s: not a valid device tree (%llu bytes, header says %u)",
			   fdt_strerror(err), DT_U64(size), fdt_totalsize(fdt));
		return false;
	}
	if (fdt_node_check_compatible(fdt, 0, "septum,partition") == 0)
		return true;
	compat = dt_getprop(fdt, 0, "compatible", &len);
	if (!compat)
		diag_error(d, "/: compatible: missing (not a partition description)");
	else if (len < 1 || compat[len - 1] != '\0')
		diag_error(d, "/: compatible: %d bytes: not \"septum,partition\"", len);
	else
		diag_error(d, "/: compatible: \"%s\": not \"septum,partition\"", compat);
	return false;
}

/* The root's own properties: only those the binding has. */
static void check_root_props(const void *fdt, struct diag *d)
{
	static const char *const props[] = {
		"compatible", "model", "#address-cells", "#size-cells", NULL,
	};
	char hint[CFG_HINT_LEN];
	int off;

	fdt_for_each_property_offset(off, fdt, 0) {
		const char *name;

		if (fdt_getprop_by_offset(fdt, off, &name, NULL) && !cfg_prop_known(name, props))
			diag_error(d, "/: %s: unknown property%s", name,
				   cfg_hint(hint, sizeof(hint), name, props));
	}
}

/* A compatible string list as DTS writes it: "a", "b"; false if it is
 * not one. */
static bool string_list(const char *s, int len, char *buf, size_t n)
{
	size_t at = 0;

	if (len < 1 || s[len - 1] != '\0')
		return false;
	buf[0] = '\0';
	for (int i = 0; i < len; i += (int)strlen(s + i) + 1)
		at += (size_t)format(buf + MIN(at, n - 1), n - MIN(at, n - 1), "%s\"%s\"",
				     i ? ", " : "", s + i);
	return true;
}

/*
 * A child of the root that is not a VM: an error that names it, and the
 * spelling of "septum,vm" when its compatible is near it. dtc -@ adds
 * __symbols__, which is allowed.
 */
static void check_not_vm(const void *fdt, int node, struct diag *d)
{
	static const char *const vm[] = { "septum,vm", NULL };
	static const char *const what = "(a node under / is a VM: compatible = \"septum,vm\")";
	const char *name = fdt_get_name(fdt, node, NULL) ?: "";
	char list[DIAG_MSG_MAX / 2], hint[CFG_HINT_LEN] = "";
	const char *compat;
	int len;

	if (strcmp(name, "__symbols__") == 0)
		return;
	compat = dt_getprop(fdt, node, "compatible", &len);
	if (!compat) {
		diag_error(d, "/%s: compatible: missing %s", name, what);
		return;
	}
	if (!string_list(compat, len, list, sizeof(list))) {
		diag_error(d, "/%s: compatible: %d bytes: not a string list %s", name, len, what);
		return;
	}
	for (int i = 0; i < len && !hint[0]; i += (int)strlen(compat + i) + 1)
		cfg_hint(hint, sizeof(hint), compat + i, vm);
	diag_error(d, "/%s: compatible: %s: unknown %s", name, list,
		   hint[0] ? hint + 1 : what);
}

int cfg_parse(const void *fdt, size_t size, struct partition *p, struct diag *d)
{
	struct pctx c = { .fdt = fdt, .d = d };
	unsigned found = 0;
	int node, valid = 0, sched = -1;

	memset(p, 0, sizeof(*p));
	if (!check_root(fdt, size, d))
		return -1;
	check_root_props(fdt, d);
	dt_for_each_subnode(node, fdt, 0) {
		if (fdt_node_check_compatible(fdt, node, "septum,vm") != 0) {
			if (strcmp(fdt_get_name(fdt, node, NULL) ?: "", "schedule") == 0 &&
			    !dt_getprop(fdt, node, "compatible", NULL))
				sched = node;
			else
				check_not_vm(fdt, node, d);
			continue;
		}
		found++;
		if (p->nvms == CFG_MAX_VMS) {
			diag_error(d, "/%s: compatible: \"septum,vm\": too many VMs (max %d)",
				   fdt_get_name(fdt, node, NULL), CFG_MAX_VMS);
			continue;
		}
		c.vm = &p->vm[p->nvms];
		c.vm->node = node;
		c.vm->console.present = true;
		parse_vm(&c, p);
		p->nvms++;
		valid += c.vm->valid;
	}
	if (found == 0)
		diag_error(d, "/: vm: missing (no node compatible with \"septum,vm\")");
	if (sched >= 0)
		cfg_sched_parse(fdt, sched, p, d);
	return valid;
}
