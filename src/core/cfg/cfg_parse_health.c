/* SPDX-License-Identifier: MIT */
/*
 * A VM's health monitoring as the partition FDT says it: its watchdog
 * (period, and where its emulated SP805 sits), how often its on-fault
 * policy may restart it (restart-limit) and whether it may read the
 * other VMs' health counts (monitor). src/DESIGN.md, "Health monitor".
 */
#include <libfdt.h>
#include "cfg_priv.h"
#include "print.h"

/* A boolean property: present and empty. */
static bool parse_flag(struct pctx *c, const char *prop)
{
	int len;

	if (!dt_getprop(c->fdt, c->vm->node, prop, &len))
		return false;
	if (len != 0) {
		cfg_fail(c, NULL, "%s: %d bytes: a boolean takes no value", prop, len);
		return false;
	}
	return true;
}

/* restart-limit = <N window-ms>: only with on-fault = "restart". */
static void parse_restart_limit(struct pctx *c)
{
	struct cfg_vm *vm = c->vm;
	int len;
	const fdt32_t *p = dt_getprop(c->fdt, vm->node, "restart-limit", &len);
	uint32_t n, ms;

	if (!p)
		return;
	if (len != 8) {
		cfg_fail(c, NULL, "restart-limit: %d bytes: must be <restarts window-ms>", len);
		return;
	}
	n = fdt32_to_cpu(p[0]);
	ms = fdt32_to_cpu(p[1]);
	if (vm->on_fault != CFG_ON_FAULT_RESTART)
		cfg_fail(c, NULL, "restart-limit: <%u %u>: given, but on-fault is not "
			 "\"restart\"", n, ms);
	else if (n < 1 || n > CFG_MAX_RESTARTS)
		cfg_fail(c, NULL, "restart-limit: <%u %u>: restarts must be 1..%d", n, ms,
			 CFG_MAX_RESTARTS);
	else if (ms < 1)
		cfg_fail(c, NULL, "restart-limit: <%u %u>: the window must be at least 1 ms",
			 n, ms);
	else {
		vm->restart_max = n;
		vm->restart_window_ms = ms;
	}
}

/* watchdog { timeout-ms = <ms>; guest-address = <hi lo>; } */
static void parse_watchdog(struct pctx *c)
{
	static const char *const props[] = { "timeout-ms", "guest-address", NULL };
	struct cfg_watchdog *w = &c->vm->wdog;
	int node = dt_subnode_offset(c->fdt, c->vm->node, "watchdog");
	const fdt32_t *p;
	uint64_t guest;
	bool has;
	int len;

	w->guest = CFG_ADDR_DEFAULT;
	if (node < 0)
		return;
	cfg_check_known(c, node, "watchdog", props, false);
	p = dt_getprop(c->fdt, node, "timeout-ms", &len);
	if (!p) {
		cfg_fail(c, "watchdog", "timeout-ms: missing");
		return;
	}
	if (len != 4) {
		cfg_fail(c, "watchdog", "timeout-ms: %d bytes: must be one cell", len);
		return;
	}
	w->period_ms = fdt32_to_cpu(*p);
	if (w->period_ms < CFG_WDOG_MIN_MS || w->period_ms > CFG_WDOG_MAX_MS) {
		cfg_fail(c, "watchdog", "timeout-ms: %u: must be %d..%d", w->period_ms,
			 CFG_WDOG_MIN_MS, CFG_WDOG_MAX_MS);
		return;
	}
	if (!cfg_read_u64(c, node, "watchdog", "guest-address", &guest, &has))
		return;
	if (has && !cfg_check_span(c, "watchdog", "guest-address", guest, CFG_WDOG_SIZE))
		return;
	if (has)
		w->guest = guest;
	w->present = true;
}

void cfg_parse_health(struct pctx *c)
{
	parse_restart_limit(c);
	c->vm->monitor = parse_flag(c, "monitor");
	parse_watchdog(c);
}
