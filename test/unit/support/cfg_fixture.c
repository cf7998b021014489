/* SPDX-License-Identifier: MIT */
/* The configuration fixture of the partition unit tests (cfg_fixture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>
#include <libfdt.h>

#include "cfg_fixture.h"
#include "dtc.h"

int cfg_fixture_board(struct cfg_fixture *f, const char *board_dts)
{
	diag_sink_init(&f->sink);
	f->board_fdt = dtc_compile(board_dts, NULL);
	if (!f->board_fdt || board_parse(f->board_fdt, &f->board, &f->sink.d) != BOARD_OK)
		return -1;
	return f->sink.n == 0 ? 0 : -1;
}

void cfg_fixture_free(struct cfg_fixture *f, bool board)
{
	free(f->fdt);
	f->fdt = NULL;
	if (board) {
		free(f->board_fdt);
		f->board_fdt = NULL;
	}
}

int cfg_fixture_check(struct cfg_fixture *f, const char *dts, const struct cfg_hyp_rsv *hyp)
{
	free(f->fdt);
	f->fdt = dtc_compile(dts, NULL);
	assert_non_null(f->fdt);
	diag_sink_init(&f->sink);
	if (cfg_parse(f->fdt, fdt_totalsize(f->fdt), &f->part, &f->sink.d) < 0)
		return -1;
	cfg_resolve(&f->part, f->board_fdt, &f->board, &f->sink.d);
	return cfg_validate(&f->part, &f->board, hyp, &f->sink.d);
}
