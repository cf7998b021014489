/* SPDX-License-Identifier: MIT */
/*
 * The device tree each guest boots with, generated from its partition
 * entry so that nobody writes one by hand: memory, CPUs + PSCI, chosen.
 */
#include <libfdt.h>

#include "vmctl.h"

/* fdt_property_u64 pairs as <hi lo> cells. */
static int prop_reg(void *fdt, const char *name, uint64_t base, uint64_t size)
{
	fdt64_t v[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };

	return fdt_property(fdt, name, v, sizeof(v));
}

static int node_name(char *buf, size_t n, const char *prefix, uint64_t addr)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	char tmp[17];
	int t = 0;

	while (*prefix && i < n - 1)
		buf[i++] = *prefix++;
	do {
		tmp[t++] = hex[addr & 0xf];
		addr >>= 4;
	} while (addr);
	while (t && i < n - 1)
		buf[i++] = tmp[--t];
	buf[i] = '\0';
	return 0;
}

static int build(const struct vm *vm, void *fdt, size_t size)
{
	const struct cfg_vm *c = vm->cfg;
	char name[32];
	int err = 0;

#define TRY(x) do { err = (x); if (err) return err; } while (0)
	TRY(fdt_create(fdt, (int)size));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_string(fdt, "compatible", "septum,guest"));
	TRY(fdt_property_string(fdt, "model", c->name));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));

	TRY(fdt_begin_node(fdt, "chosen"));
	if (c->bootargs)
		TRY(fdt_property_string(fdt, "bootargs", c->bootargs));
	if (c->initrd.data) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", c->initrd.load));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", c->initrd.load + c->initrd.size));
	}
	TRY(fdt_end_node(fdt));

	for (unsigned i = 0; i < c->nmem; i++) {
		node_name(name, sizeof(name), "memory@", c->mem[i].guest);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "memory"));
		TRY(prop_reg(fdt, "reg", c->mem[i].guest, c->mem[i].size));
		TRY(fdt_end_node(fdt));
	}

	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		node_name(name, sizeof(name), "cpu@", i);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", "arm,armv8"));
		TRY(fdt_property_u32(fdt, "reg", i));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	TRY(fdt_end_node(fdt));

	TRY(fdt_begin_node(fdt, "psci"));
	TRY(fdt_property(fdt, "compatible", "arm,psci-1.0\0arm,psci-0.2",
			 sizeof("arm,psci-1.0\0arm,psci-0.2")));
	TRY(fdt_property_string(fdt, "method", "hvc"));
	TRY(fdt_end_node(fdt));

	TRY(fdt_begin_node(fdt, "hypervisor"));
	TRY(fdt_property_string(fdt, "compatible", "septum,hypervisor"));
	TRY(fdt_end_node(fdt));

	TRY(fdt_end_node(fdt));
	TRY(fdt_finish(fdt));
#undef TRY
	return 0;
}

size_t guest_dt_build(const struct vm *vm, void *buf, size_t size)
{
	if (build(vm, buf, size))
		return 0;
	return fdt_totalsize(buf);
}
