/* SPDX-License-Identifier: MIT */
/*
 * septum-check's report (print.c): what the board gives Septum and what
 * each VM of a partition without problems would get.
 */
#ifndef SEPTUM_CHECK_PRINT_H
#define SEPTUM_CHECK_PRINT_H

#include <stdbool.h>

#include "board.h"
#include "cfg.h"

/* The board (desc: where it came from), the build checked for and what
 * Septum owns; with rsv, where the image and QEMU's DTB are assumed. */
void print_board(const struct board *b, const void *bfdt, const char *desc,
		 const struct cfg_hyp_rsv *rsv, bool qemu);

/* The whole report of partition p (already placed) on board b, headed by
 * "<prefix>: N VM(s), no problems"; pfdt and bfdt are the partition's and
 * the board's device trees. */
void print_map(const char *prefix, const struct partition *p, const struct board *b,
	       const void *pfdt, const void *bfdt, const struct cfg_hyp_rsv *rsv,
	       const char *desc, bool qemu);

#endif /* SEPTUM_CHECK_PRINT_H */
