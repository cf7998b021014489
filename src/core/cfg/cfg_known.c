/* SPDX-License-Identifier: MIT */
/*
 * What the partition binding knows: properties and child nodes that it
 * does not have are errors, each with the closest spelling it has when
 * one is near (a misspelt "kernal" is most likely "kernel").
 */
#include <libfdt.h>
#include "cfg_priv.h"
#include "print.h"

#define CMP_MAX 32   /* a longer name (without unit address) gets no suggestion */

/* Properties every node may have (DTSpec 2.3: phandle; name, which old
 * trees still carry and dt-schema allows). */
static const char *const always[] = { "phandle", "linux,phandle", "name", NULL };

bool cfg_listed(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

/* The length of a node name without its unit address ("@..."). */
static int base_len(const char *s)
{
	int n = 0;

	while (s[n] && s[n] != '@' && n < CMP_MAX)
		n++;
	return n;
}

static int min3(int a, int b, int c)
{
	return MIN(a, MIN(b, c));
}

/*
 * The optimal string alignment distance between a[0..m) and b[0..n):
 * insertions, deletions, substitutions and swaps of two neighbours each
 * count one. Three rows of the usual table: row i holds the distances
 * between a[0..i) and every prefix of b.
 */
static int distance(const char *a, int m, const char *b, int n)
{
	int row[3][CMP_MAX + 1];

	for (int j = 0; j <= n; j++)
		row[0][j] = j;
	for (int i = 1; i <= m; i++) {
		int *cur = row[i % 3], *up = row[(i - 1) % 3], *up2 = row[(i + 1) % 3];

		cur[0] = i;
		for (int j = 1; j <= n; j++) {
			int cost = a[i - 1] != b[j - 1];

			cur[j] = min3(up[j] + 1, cur[j - 1] + 1, up[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				cur[j] = MIN(cur[j], up2[j - 2] + 1);
		}
	}
	return row[m % 3][n];
}

/* The entry of list closest to name's base, if near enough: at most 2
 * edits, 1 for entries shorter than 5 characters. */
static const char *closest(const char *name, const char *const *list)
{
	const char *best = NULL;
	int m = base_len(name), best_d = 3;

	if (name[m] && name[m] != '@')
		return NULL;   /* longer than CMP_MAX: no guess */
	for (; *list; list++) {
		int n = base_len(*list);
		int d = distance(name, m, *list, n);

		if (d > 0 && d < best_d && d <= (n < 5 ? 1 : 2)) {
			best = *list;
			best_d = d;
		}
	}
	return best;
}

const char *cfg_hint(char *hint, size_t n, const char *name, const char *const *list)
{
	const char *best = closest(name, list);
	const char *at = strchr(name, '@');

	if (!best)
		format(hint, n, "%s", "");
	else
		format(hint, n, " (did you mean \"%s%s\"?)", best, at ? at : "");
	return hint;
}

bool cfg_prop_known(const char *name, const char *const *props)
{
	return cfg_listed(name, props) || cfg_listed(name, always);
}

void cfg_check_known(struct pctx *c, int node, const char *sub,
		     const char *const *props, bool children)
{
	char hint[CFG_HINT_LEN];
	int off;

	fdt_for_each_property_offset(off, c->fdt, node) {
		const char *name;

		if (!fdt_getprop_by_offset(c->fdt, off, &name, NULL))
			continue;
		if (!cfg_prop_known(name, props))
			cfg_fail(c, sub, "%s: unknown property%s", name,
				 cfg_hint(hint, sizeof(hint), name, props));
	}
	if (children)
		return;
	dt_for_each_subnode(off, c->fdt, node)
		cfg_fail(c, sub, "%s: unknown node", fdt_get_name(c->fdt, off, NULL));
}
