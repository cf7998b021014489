/* SPDX-License-Identifier: MIT */
/* The hypervisor's memory (mem.h): filled at boot by main.c. */
#include "mem.h"

struct palloc mem_ram;
struct pt_pool mem_pt_pool;
