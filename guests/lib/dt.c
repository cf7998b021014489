/* SPDX-License-Identifier: MIT */
/* Device-tree queries on top of libfdt; see guest/dt.h. */
#include <libfdt.h>
#include <string.h>

#include <guest/dt.h>

static const void *dt;

int dt_init(const void *fdt)
{
	int err = fdt_check_header(fdt);

	dt = err ? NULL : fdt;
	return err;
}

u64 dt_addr(void)
{
	return (u64)(uintptr_t)dt;
}

u64 dt_size(void)
{
	return dt ? fdt_totalsize(dt) : 0;
}

static u64 read_cells(const fdt32_t *p, int cells)
{
	u64 v = 0;

	while (cells--)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/*
 * Reads entry idx of node's "reg" with the parent's cell counts.
 * Returns false if there is no such entry.
 */
static bool read_reg(int node, int idx, u64 *base, u64 *size)
{
	int parent = fdt_parent_offset(dt, node);
	int ac = fdt_address_cells(dt, parent);
	int sc = fdt_size_cells(dt, parent);
	const fdt32_t *reg;
	int len;

	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return false;
	reg = fdt_getprop(dt, node, "reg", &len);
	if (!reg || len < (idx + 1) * (ac + sc) * 4)
		return false;
	reg += idx * (ac + sc);
	*base = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	return true;
}

int dt_memory(struct dt_range *r, int max)
{
	int n = 0, node;

	if (!dt)
		return 0;
	fdt_for_each_subnode(node, dt, 0) {
		const char *type = fdt_getprop(dt, node, "device_type", NULL);
		u64 base, size;

		if (!type || strcmp(type, "memory"))
			continue;
		for (int i = 0; n < max && read_reg(node, i, &base, &size); i++)
			if (size)
				r[n++] = (struct dt_range){ base, size };
	}
	return n;
}

u64 dt_memory_end_of(u64 addr)
{
	struct dt_range r[DT_MAX_RANGES];
	int n = dt_memory(r, DT_MAX_RANGES);

	for (int i = 0; i < n; i++)
		if (addr >= r[i].base && addr - r[i].base < r[i].size)
			return r[i].base + r[i].size;
	return 0;
}

int dt_cpus(u64 *mpidr, int max)
{
	int n = 0, cpus, node;

	if (!dt)
		return 0;
	cpus = fdt_path_offset(dt, "/cpus");
	if (cpus < 0)
		return 0;
	fdt_for_each_subnode(node, dt, cpus) {
		const char *type = fdt_getprop(dt, node, "device_type", NULL);
		u64 reg, unused;

		if (!type || strcmp(type, "cpu"))
			continue;
		if (n < max && read_reg(node, 0, &reg, &unused))
			mpidr[n] = reg;
		n++;
	}
	return n;
}

bool dt_psci_smc(void)
{
	const char *method;
	int node;

	if (!dt)
		return false;
	node = fdt_path_offset(dt, "/psci");
	if (node < 0)
		node = fdt_node_offset_by_compatible(dt, -1, "arm,psci-1.0");
	method = node < 0 ? NULL : fdt_getprop(dt, node, "method", NULL);
	return method && !strcmp(method, "smc");
}

const char *dt_bootargs(void)
{
	const char *args;
	int node;

	if (!dt)
		return "";
	node = fdt_path_offset(dt, "/chosen");
	args = node < 0 ? NULL : fdt_getprop(dt, node, "bootargs", NULL);
	return args ? args : "";
}

bool dt_arg(const char *key, const char **val, size_t *len)
{
	const char *s = dt_bootargs();
	size_t klen = strlen(key);

	while (*s) {
		size_t tok;

		while (*s == ' ')
			s++;
		for (tok = 0; s[tok] && s[tok] != ' '; tok++)
			;
		if (tok > klen && !strncmp(s, key, klen) && s[klen] == '=') {
			*val = s + klen + 1;
			*len = tok - klen - 1;
			return true;
		}
		s += tok;
	}
	return false;
}

bool dt_parse_u64(const char *s, size_t len, u64 *out)
{
	unsigned int base = 10;
	u64 v = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len -= 2;
		base = 16;
	}
	if (!len)
		return false;
	for (; len; len--, s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

bool dt_arg_u64(const char *key, u64 *out)
{
	const char *val;
	size_t len;

	return dt_arg(key, &val, &len) && dt_parse_u64(val, len, out);
}

u64 dt_arg_u64_or(const char *key, u64 dflt)
{
	u64 v;

	return dt_arg_u64(key, &v) ? v : dflt;
}

int dt_arg_u64_list(const char *key, u64 *out, int max)
{
	const char *val;
	size_t len;
	int n = 0;

	if (!dt_arg(key, &val, &len))
		return 0;
	while (len) {
		size_t e = 0;

		while (e < len && val[e] != ',')
			e++;
		if (n >= max || !dt_parse_u64(val, e, &out[n]))
			return -1;
		n++;
		val += e;
		len -= e;
		if (len) {	/* skip the comma; a trailing one is an error */
			val++;
			if (!--len)
				return -1;
		}
	}
	return n;
}

/* The node /chosen/stdout-path names (up to any ':options'), or -1. */
static int stdout_node(void)
{
	const char *path;
	int chosen, len;

	chosen = fdt_path_offset(dt, "/chosen");
	path = chosen < 0 ? NULL : fdt_getprop(dt, chosen, "stdout-path", &len);
	if (!path)
		return -1;
	return fdt_path_offset_namelen(dt, path, strcspn(path, ":"));
}

/* The console UART: the stdout-path node if it is a PL011 or an SBSA
 * UART, else the first PL011, else the first SBSA UART (Xen's vpl011, for
 * one, has no stdout-path), or -1. */
static int uart_node(void)
{
	int node = stdout_node();

	if (node >= 0 && (!fdt_node_check_compatible(dt, node, "arm,pl011") ||
			  !fdt_node_check_compatible(dt, node, "arm,sbsa-uart")))
		return node;
	node = fdt_node_offset_by_compatible(dt, -1, "arm,pl011");
	if (node < 0)
		node = fdt_node_offset_by_compatible(dt, -1, "arm,sbsa-uart");
	return node;
}

bool dt_console_pl011(u64 *base)
{
	u64 size;
	int node;

	if (!dt)
		return false;
	node = uart_node();
	return node >= 0 && read_reg(node, 0, base, &size);
}

bool dt_compatible_base(const char *compat, u64 *base)
{
	u64 size;
	int node;

	if (!dt)
		return false;
	node = fdt_node_offset_by_compatible(dt, -1, compat);
	return node >= 0 && read_reg(node, 0, base, &size);
}

u32 dt_console_intid(void)
{
	const fdt32_t *irq;
	int node, len;

	if (!dt)
		return 0;
	node = uart_node();
	irq = node < 0 ? NULL : fdt_getprop(dt, node, "interrupts", &len);
	/* GIC specifier: <type number flags>, type 0 = SPI. */
	if (!irq || len < 12 || fdt32_to_cpu(irq[0]) != 0)
		return 0;
	return 32 + fdt32_to_cpu(irq[1]);
}
