/* SPDX-License-Identifier: MIT */
/*
 * fault: accesses outside the VM must come back as synchronous external
 * aborts (data abort from EL1, ESR_EL1.EC 0x25, DFSC 0x10, FAR_EL1 = the
 * address) and the guest must keep running.
 *
 * For each probe address and for the first address past the end of RAM
 * (the highest /memory range end), one 64-bit read and one 64-bit write
 * (of SENTINEL_POISON) must each raise exactly one such abort. Under Septum
 * SEPTUM_HC_VM_STATS x1 must grow by the number of aborts taken. A read that
 * does not abort and returns a victim sentinel word is reported as a leak.
 * After DONE the guest idles (WFE), unless done=off.
 *
 * Bootargs:
 *   probe=<addr>[,<addr>...]   up to 8 addresses, "0x" hex or decimal
 *   peer-sentinel=<hex>        the victim's sentinel magic (default "VICT")
 */
#include <guest/console.h>
#include <guest/dt.h>
#include <guest/exc.h>
#include <guest/sentinel.h>
#include <guest/smccc.h>
#include <guest/test.h>

const char guest_name[] = "fault";

#define MAX_PROBES	8
#define ESR_IL		(1u << 25)

static u64 peer_magic;

/* Checks one caught record; returns true for exactly one SEA at addr. */
static bool check_abort(const char *name, struct exc_record r, u64 addr,
			bool read, u64 val)
{
	if (!r.count) {
		if (!read)
			test_fail(name, "no abort");
		else if (val >> 32 == peer_magic)
			test_fail(name, "no abort, LEAK read peer sentinel 0x%llx",
				  val);
		else
			test_fail(name, "no abort (read 0x%llx)", val);
		return false;
	}
	return test_check(r.count == 1 && ESR_EC(r.esr) == ESR_EC_DABT_CUR &&
			  ESR_DFSC(r.esr) == DFSC_SEA && (r.esr & ESR_IL) &&
			  r.far == addr, name,
			  "count=%u esr=0x%llx (ec=0x%llx dfsc=0x%llx) far=0x%llx "
			  "want far=0x%llx", r.count, r.esr, ESR_EC(r.esr),
			  ESR_DFSC(r.esr), r.far, addr);
}

/* Probes addr both ways; returns the number of aborts taken. */
static u32 probe(const char *tag, u64 addr)
{
	char name[48];
	struct exc_record r;
	u64 val = 0;
	u32 taken;

	con_snprintf(name, sizeof(name), "fault-read-%s", tag);
	r = exc_probe_read(addr, &val);
	check_abort(name, r, addr, true, val);
	taken = r.count;

	con_snprintf(name, sizeof(name), "fault-write-%s", tag);
	r = exc_probe_write(addr, SENTINEL_POISON);
	check_abort(name, r, addr, false, 0);
	return taken + r.count;
}

static u64 ram_end(void)
{
	struct dt_range mem[DT_MAX_RANGES];
	int n = dt_memory(mem, DT_MAX_RANGES);
	u64 end = 0;

	for (int i = 0; i < n; i++)
		if (mem[i].base + mem[i].size > end)
			end = mem[i].base + mem[i].size;
	return end;
}

static u64 vm_faults(void)
{
	return smccc_call0(SMCCC_NATIVE(SEPTUM_HC_VM_STATS)).a1;
}

void guest_main(void)
{
	u64 addr[MAX_PROBES], end = ram_end(), before = 0;
	int n = dt_arg_u64_list("probe", addr, MAX_PROBES);
	u32 taken = 0;
	char tag[24];

	peer_magic = dt_arg_u64_or("peer-sentinel", SENTINEL_MAGIC);
	test_check(n >= 0, "fault-bootargs", "malformed probe= list in '%s'",
		   dt_bootargs());
	if (con_under_septum())
		before = vm_faults();
	for (int i = 0; i < n; i++) {
		con_snprintf(tag, sizeof(tag), "%llx", addr[i]);
		taken += probe(tag, addr[i]);
	}
	if (test_check(end != 0, "fault-dt-memory", "no /memory in DT"))
		taken += probe("ramend", end);
	con_printf("fault: probes=%d ram_end=0x%llx aborts=%u\n", n < 0 ? 0 : n,
		   end, taken);
	if (test_need_septum("fault-vm-stats"))
		test_eq("fault-vm-stats", vm_faults() - before, taken);
}
