/* SPDX-License-Identifier: MIT */
/*
 * What connects a VM to the outside, as the partition FDT says it:
 * pass-through devices, extra interrupts, the console, channels. Only
 * their shape is checked here; the board look-ups are in cfg_resolve.c and
 * the checks between VMs in cfg_validate.c.
 */
#include <libfdt.h>
#include "cfg_priv.h"
#include "dt.h"
#include "print.h"

#define SUB_LEN (CFG_NODE_NAME_MAX + 16)   /* "channels/<name>" */

/* The name rule of VMs, devices and channels. */
#define NAME_RULE "must be 1..31 characters of a-z 0-9 _ -"

bool cfg_parse_spis(struct pctx *c, int node, const char *sub, uint32_t *intid,
		    unsigned max, unsigned *n)
{
	int len;
	const fdt32_t *p = dt_getprop(c->fdt, node, "interrupts", &len);
	bool ok = true;

	*n = 0;
	if (!p)
		return true;
	if (len == 0 || len % (DT_GIC_CELLS * 4) != 0) {
		cfg_fail(c, sub, "interrupts: %d bytes: not a list of <type number flags>", len);
		return false;
	}
	if ((unsigned)len / (DT_GIC_CELLS * 4) > max) {
		cfg_fail(c, sub, "interrupts: %d entries: too many (max %u)",
			 len / (DT_GIC_CELLS * 4), max);
		return false;
	}
	for (int i = 0; i < len / (DT_GIC_CELLS * 4); i++) {
		struct dt_gic_spec s = dt_gic_spec(p, i);
		uint32_t type = s.type, num = s.num, flags = s.flags;
		const char *bad = NULL;
		bool dup = false;

		if (type != DT_GIC_SPI)
			bad = "not an SPI (type 0): SGIs and PPIs belong to each CPU";
		else if (num >= DT_GIC_NUM_SPI)
			bad = "no such SPI (a GIC has SPIs 0..987)";
		else if (num + DT_GIC_SPI_BASE > VM_MAX_INTID)
			bad = "beyond the virtual GIC (SPIs 0..127, INTIDs 32..159)";
		else if (flags != DT_IRQ_EDGE && flags != DT_IRQ_LEVEL)
			bad = "flags must be 1 (edge rising) or 4 (level high)";
		for (unsigned j = 0; !bad && j < *n; j++)
			dup |= intid[j] == num + DT_GIC_SPI_BASE;
		if (dup)
			bad = "listed twice";
		if (bad) {
			cfg_fail(c, sub, "interrupts: <%u %u %u>: %s", type, num, flags, bad);
			ok = false;
			continue;
		}
		intid[(*n)++] = num + DT_GIC_SPI_BASE;
	}
	return ok;
}

/* A child's name as a path below the VM: "<group>/<name>". */
static const char *child_name(struct pctx *c, int node, const char *group,
			      char *sub, size_t n)
{
	const char *name = fdt_get_name(c->fdt, node, NULL);

	if (!name)
		name = "";
	format(sub, n, "%s/%s", group, name);
	if (!cfg_name_ok(name, (int)strlen(name), CFG_NODE_NAME_MAX - 1)) {
		cfg_fail(c, sub, "name: \"%s\": " NAME_RULE, name);
		return NULL;
	}
	return name;
}

/* dma = "yes" | "no" (optional): the partition says whether the device
 * reads and writes memory itself, whatever the board DT suggests. */
static bool parse_dma(struct pctx *c, int node, const char *sub, struct cfg_device *dev)
{
	int len;
	const char *v = dt_string(c->fdt, node, "dma", &len);

	if (!v && len == -FDT_ERR_NOTFOUND)
		return true;
	if (v && strcmp(v, "yes") == 0)
		dev->dma_said = CFG_DMA_YES;
	else if (v && strcmp(v, "no") == 0)
		dev->dma_said = CFG_DMA_NO;
	else if (v)
		cfg_fail(c, sub, "dma: \"%s\": must be \"yes\" or \"no\"", v);
	else
		cfg_fail(c, sub, "dma: %d bytes: not a NUL-terminated string", len);
	return dev->dma_said != CFG_DMA_UNSAID;
}

/* clock-rates = <hz ...> (optional): the rate of each of the board node's
 * clocks as the firmware leaves them; the guest gets fixed clocks of these
 * rates in place of clock controllers it does not own. */
static bool parse_clock_rates(struct pctx *c, int node, const char *sub,
			      struct cfg_device *dev)
{
	int len;
	const fdt32_t *p = dt_getprop(c->fdt, node, "clock-rates", &len);

	if (!p)
		return true;
	if (len == 0 || len % 4 || len / 4 > CFG_MAX_DEV_CLKS) {
		cfg_fail(c, sub, "clock-rates: %d bytes: not 1..%d rates in Hz", len,
			 CFG_MAX_DEV_CLKS);
		return false;
	}
	for (int i = 0; i < len / 4; i++) {
		dev->clk_hz[i] = fdt32_to_cpu(p[i]);
		if (!dev->clk_hz[i]) {
			cfg_fail(c, sub, "clock-rates: entry %d is 0: a clock needs a rate", i);
			return false;
		}
	}
	dev->nclk = (unsigned)len / 4;
	return true;
}

/* pci-device = <rid> (optional): a PCI function behind the host bridge
 * at path, by its requester ID (bus << 8 | device << 3 | function). */
static bool parse_pci_device(struct pctx *c, int node, const char *sub,
			     struct cfg_device *dev)
{
	int len;
	const fdt32_t *v = dt_getprop(c->fdt, node, "pci-device", &len);

	if (!v)
		return true;
	if (len != 4 || fdt32_to_cpu(*v) > 0xffff) {
		cfg_fail(c, sub, "pci-device: must be one cell, a requester ID "
			 "(bus << 8 | device << 3 | function)");
		return false;
	}
	dev->pci = true;
	dev->pci_rid = (uint16_t)fdt32_to_cpu(*v);
	return true;
}

static void parse_device(struct pctx *c, int node)
{
	static const char *const props[] = { "path", "guest-address", "dma", "clock-rates",
					     "pci-device", NULL };
	struct cfg_device *dev = &c->vm->dev[c->vm->ndev];
	char sub[SUB_LEN];
	const char *name = child_name(c, node, "devices", sub, sizeof(sub));
	const char *path;
	uint64_t guest;
	bool has;
	int len;

	cfg_check_known(c, node, sub, props, false);
	if (!name)
		return;
	memset(dev, 0, sizeof(*dev));
	dev->board_node = -1;
	dev->reg[0].guest = CFG_ADDR_DEFAULT;
	memcpy(dev->name, name, strlen(name) + 1);
	path = dt_string(c->fdt, node, "path", &len);
	if (!path && len == -FDT_ERR_NOTFOUND) {
		cfg_fail(c, sub, "path: missing");
		return;
	}
	if (!path) {
		cfg_fail(c, sub, "path: %d bytes: not a NUL-terminated string", len);
		return;
	}
	if (len > CFG_PATH_MAX) {
		cfg_fail(c, sub, "path: \"%s\": longer than %d characters", path,
			 CFG_PATH_MAX - 1);
		return;
	}
	memcpy(dev->path, path, (size_t)len);
	if (!cfg_read_u64(c, node, sub, "guest-address", &guest, &has))
		return;
	if (has)
		dev->reg[0].guest = guest;
	if (!parse_dma(c, node, sub, dev) || !parse_clock_rates(c, node, sub, dev) ||
	    !parse_pci_device(c, node, sub, dev))
		return;
	c->vm->ndev++;
}

/* Counts the subnodes of node. */
static unsigned subnodes(const void *fdt, int node)
{
	unsigned n = 0;
	int child;

	dt_for_each_subnode(child, fdt, node)
		n++;
	return n;
}

static void parse_devices(struct pctx *c)
{
	int group = dt_subnode_offset(c->fdt, c->vm->node, "devices");
	unsigned n;
	int node;

	if (group < 0)
		return;
	cfg_check_known(c, group, "devices", (const char *const[]){ NULL }, true);
	n = subnodes(c->fdt, group);
	if (n > CFG_MAX_DEVICES)
		cfg_fail(c, NULL, "devices: %u devices: too many (max %d)", n,
			 CFG_MAX_DEVICES);
	dt_for_each_subnode(node, c->fdt, group) {
		if (c->vm->ndev == CFG_MAX_DEVICES)
			break;
		parse_device(c, node);
	}
}

static void parse_console(struct pctx *c)
{
	static const char *const props[] = {
		"guest-address", "interrupts", "input", "status", NULL,
	};
	struct cfg_console *con = &c->vm->console;
	int node = dt_subnode_offset(c->fdt, c->vm->node, "console");
	const char *status;
	uint64_t guest;
	unsigned n;
	bool has;
	int len;

	con->present = true;
	con->guest = CFG_ADDR_DEFAULT;
	if (node < 0)
		return;
	cfg_check_known(c, node, "console", props, false);
	status = dt_string(c->fdt, node, "status", &len);
	if (status && strcmp(status, "disabled") == 0)
		con->present = false;
	else if (len != -FDT_ERR_NOTFOUND && (!status || (strcmp(status, "okay") != 0 &&
							 strcmp(status, "ok") != 0)))
		cfg_fail(c, "console", "status: \"%s\": must be \"okay\" or \"disabled\"",
			 status ? status : "");
	if (dt_getprop(c->fdt, node, "input", &len)) {
		if (len != 0)
			cfg_fail(c, "console", "input: %d bytes: a boolean takes no value", len);
		else if (!con->present)
			cfg_fail(c, "console", "input: set, but the console is disabled");
		else
			con->input = true;
	}
	if (cfg_read_u64(c, node, "console", "guest-address", &guest, &has) && has &&
	    cfg_check_span(c, "console", "guest-address", guest, CFG_CONSOLE_SIZE))
		con->guest = guest;
	cfg_parse_spis(c, node, "console", &con->intid, 1, &n);
}

/* The peer property: another VM's name. */
static bool parse_peer(struct pctx *c, int node, const char *sub,
		       struct cfg_channel *ch)
{
	int len;
	const char *peer = dt_string(c->fdt, node, "peer", &len);

	if (!peer && len == -FDT_ERR_NOTFOUND) {
		cfg_fail(c, sub, "peer: missing");
		return false;
	}
	if (!peer) {
		cfg_fail(c, sub, "peer: %d bytes: not a NUL-terminated string", len);
		return false;
	}
	if (!cfg_name_ok(peer, len - 1, CFG_NAME_MAX - 1)) {
		cfg_fail(c, sub, "peer: \"%s\": not a VM name (" NAME_RULE ")", peer);
		return false;
	}
	if (strcmp(peer, c->vm->name) == 0) {
		cfg_fail(c, sub, "peer: \"%s\": the VM itself", peer);
		return false;
	}
	memcpy(ch->peer, peer, (size_t)len);
	return true;
}

/* A required 2-cell value. */
static bool need_u64(struct pctx *c, int node, const char *sub, const char *prop,
		     uint64_t *v)
{
	bool has;

	if (!cfg_read_u64(c, node, sub, prop, v, &has))
		return false;
	if (!has)
		cfg_fail(c, sub, "%s: missing", prop);
	return has;
}

static void parse_channel(struct pctx *c, int node)
{
	static const char *const props[] = {
		"peer", "size", "guest-address", "interrupts", NULL,
	};
	struct cfg_vm *vm = c->vm;
	struct cfg_channel *ch = &vm->chan[vm->nchan];
	char sub[SUB_LEN];
	const char *name = child_name(c, node, "channels", sub, sizeof(sub));
	bool ok, size_ok;
	unsigned n;

	cfg_check_known(c, node, sub, props, false);
	if (!name)
		return;
	memset(ch, 0, sizeof(*ch));
	ch->peer_vm = -1;
	memcpy(ch->name, name, strlen(name) + 1);
	ok = parse_peer(c, node, sub, ch);
	size_ok = need_u64(c, node, sub, "size", &ch->size);
	if (size_ok && (ch->size & (ch->size - 1)) != 0) {
		cfg_fail(c, sub, "size: 0x%llx: not a power of two", DT_U64(ch->size));
		size_ok = false;
	} else if (size_ok && ch->size < CFG_CHAN_MIN_SIZE) {
		cfg_fail(c, sub, "size: 0x%llx: smaller than 4 KiB", DT_U64(ch->size));
		size_ok = false;
	} else if (size_ok && ch->size > SEPTUM_CHAN_SIZE_MAX) {
		cfg_fail(c, sub, "size: 0x%llx: larger than 256 MiB", DT_U64(ch->size));
		size_ok = false;
	}
	ok &= size_ok;
	if (need_u64(c, node, sub, "guest-address", &ch->guest))
		ok &= cfg_check_span(c, sub, "guest-address", ch->guest,
				     CFG_CHAN_FOOTPRINT(size_ok ? ch->size : CFG_CHAN_MIN_SIZE));
	else
		ok = false;
	ok &= cfg_parse_spis(c, node, sub, &ch->intid, 1, &n);
	if (ok)
		vm->nchan++;
}

static void parse_channels(struct pctx *c)
{
	int group = dt_subnode_offset(c->fdt, c->vm->node, "channels");
	unsigned n;
	int node;

	if (group < 0)
		return;
	cfg_check_known(c, group, "channels", (const char *const[]){ NULL }, true);
	n = subnodes(c->fdt, group);
	if (n > CFG_MAX_CHANNELS)
		cfg_fail(c, NULL, "channels: %u channels: too many (max %d)", n,
			 CFG_MAX_CHANNELS);
	dt_for_each_subnode(node, c->fdt, group) {
		if (c->vm->nchan == CFG_MAX_CHANNELS)
			break;
		parse_channel(c, node);
	}
}

void cfg_parse_io(struct pctx *c)
{
	parse_devices(c);
	cfg_parse_spis(c, c->vm->node, NULL, c->vm->irq, CFG_MAX_IRQS, &c->vm->nirq);
	parse_console(c);
	parse_channels(c);
}
