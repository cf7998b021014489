/* SPDX-License-Identifier: MIT */
/*
 * A board and a partition run through Septum's configuration code (board
 * parser, cfg_parse, cfg_resolve, cfg_validate), for the unit tests of
 * partitions against a board of their own.
 */
#ifndef TEST_SUPPORT_CFG_FIXTURE_H
#define TEST_SUPPORT_CFG_FIXTURE_H

#include "board.h"
#include "cfg.h"
#include "diag_sink.h"

struct cfg_fixture {
	struct diag_sink sink;     /* the messages of the last step */
	struct partition part;
	struct board board;
	void *board_fdt, *fdt;
};

/* Compiles board_dts and parses it into f->board. 0 if it parses without
 * a message, else -1 (a cmocka group setup's answer). */
int cfg_fixture_board(struct cfg_fixture *f, const char *board_dts);

/* Frees what the fixture compiled (the board with it if board). */
void cfg_fixture_free(struct cfg_fixture *f, bool board);

/* Compiles dts, then parses, resolves and validates it against f's board
 * with Septum's own reservations hyp. Returns the number of VMs left
 * valid (cfg_validate), or -1 if it does not parse. */
int cfg_fixture_check(struct cfg_fixture *f, const char *dts, const struct cfg_hyp_rsv *hyp);

#endif /* TEST_SUPPORT_CFG_FIXTURE_H */
