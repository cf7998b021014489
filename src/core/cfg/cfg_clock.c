/* SPDX-License-Identifier: MIT */
/*
 * A passed-through device's clocks. A VM does not own the board's clock
 * controllers (they drive other VMs' devices and Septum's console too), so
 * the partition may give the rate of each of the device's clocks as the
 * firmware leaves it (clock-rates) and the guest gets fixed clocks of
 * those rates (guest_dt.c). Here: that there is one rate per clock.
 */
#include <libfdt.h>
#include "cfg_priv.h"
#include "dt.h"

int cfg_board_clocks(const void *fdt, int node)
{
	int len, n = 0, i = 0;
	const fdt32_t *p = dt_getprop(fdt, node, "clocks", &len);

	if (!p)
		return 0;
	if (len % 4)
		return -1;
	/* Each entry: a provider's phandle and its #clock-cells cells. */
	while (i < len / 4) {
		int prov = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(p[i])), clen;
		const fdt32_t *cells;

		if (prov < 0)
			return -1;
		cells = dt_getprop(fdt, prov, "#clock-cells", &clen);
		if (!cells || clen != 4 || fdt32_to_cpu(*cells) > 8)
			return -1;
		i += 1 + (int)fdt32_to_cpu(*cells);
		n++;
	}
	return i == len / 4 ? n : -1;
}
