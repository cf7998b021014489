/* Unit tests: the emulated PCI configuration space (src/core/vpci.c)
 * against a fake function (src/arch/host/pci.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host_pci.h>

#include "vmmio.h"
#include "vpci.h"

#define RID    0x18          /* 00:03.0 */
#define WBUS   0x13000000ull /* its BAR window on the bus */
#define WGUEST 0x20000000ull /* ... in the VM */
#define INTID  38

static struct vpci vp;

static void put(unsigned off, unsigned size, uint32_t v, uint32_t wmask)
{
	for (unsigned i = 0; i < size; i++) {
		host_pci.cfg[off + i] = (uint8_t)(v >> 8 * i);
		host_pci.wmask[off + i] = (uint8_t)(wmask >> 8 * i);
	}
}

static void cap(unsigned off, uint8_t id, uint8_t next)
{
	host_pci.cfg[off] = id;
	host_pci.cfg[off + 1] = next;
}

/* A virtio-pci-like function: an I/O BAR 0, a 4 KiB BAR 1, a 16 KiB
 * 64-bit prefetchable BAR 4 (placed by Septum), INTA, multi-function
 * header, capabilities in list order 0x70 (vendor) -> 0x40 (PCIe) ->
 * 0x60 (MSI) -> 0x80 (MSI-X). */
static void fake_function(uint8_t header_type)
{
	memset(&host_pci, 0, sizeof(host_pci));
	host_pci.rid = RID;
	put(0x00, 4, 0x10421af4, 0);
	put(0x04, 4, 0x00100000, 0x0000ffff);
	put(0x08, 4, 0x01000001, 0);
	put(0x0c, 4, (uint32_t)header_type << 16, 0xff00ffff);
	put(0x10, 4, 0x00000001, 0);
	put(0x14, 4, (uint32_t)WBUS + 0x4000, 0xfffff000);
	put(0x20, 4, (uint32_t)WBUS + 0x8000 + 0xc, 0xffffc000);
	put(0x24, 4, 0, 0xffffffff);
	put(0x2c, 4, 0x00011af4, 0);
	put(0x30, 4, 0, 0xfffff801);
	put(0x34, 1, 0x70, 0);
	put(0x3c, 4, 0x00000100, 0xff);
	for (unsigned off = 0x40; off < 0x100; off++)
		host_pci.wmask[off] = 0xff;
	cap(0x70, 0x09, 0x40);
	cap(0x40, 0x10, 0x60);
	cap(0x60, 0x05, 0x80);
	cap(0x80, 0x11, 0x00);
	put(0x44, 4, 0x11223344, 0xffffffff);
	put(0x64, 4, 0x55667788, 0xffffffff);
}

static int setup(void **state)
{
	(void)state;
	memset(&vp, 0, sizeof(vp));
	fake_function(0x80);
	assert_null(vpci_add(&vp, RID, WBUS, WGUEST, INTID));
	host_pci.writes = 0;
	host_pci.bar_writes = 0;
	return 0;
}

static uint32_t rd(unsigned devfn, unsigned off, unsigned size)
{
	struct vmmio_access a = { .offset = (uint64_t)devfn << 12 | off, .size = (uint8_t)size };

	assert_true(vpci_access(&vp, &a));
	return (uint32_t)a.value;
}

static void wr(unsigned devfn, unsigned off, unsigned size, uint32_t v)
{
	struct vmmio_access a = { .offset = (uint64_t)devfn << 12 | off, .size = (uint8_t)size,
				  .write = true, .value = v };

	assert_true(vpci_access(&vp, &a));
}

static void other_slots_are_absent_and_untouched(void **state)
{
	(void)state;
	assert_int_equal(rd(0x08, 0x00, 4), 0xffffffff);   /* 00:01.0 */
	assert_int_equal(rd(0x01, 0x00, 2), 0xffff);       /* 00:00.1 */
	assert_int_equal(rd(0xff, 0x00, 1), 0xff);
	wr(0x08, 0x04, 2, 0x7);
	wr(0x01, 0x10, 4, 0xffffffff);
	assert_int_equal(host_pci.writes, 0);
	assert_int_equal(host_pci.other_rid, 0);
}

static void header_shows_one_function_of_its_own(void **state)
{
	(void)state;
	assert_int_equal(rd(0, 0x00, 4), 0x10421af4);
	assert_int_equal(rd(0, 0x02, 2), 0x1042);
	assert_int_equal(rd(0, 0x0e, 1), 0x00);            /* multi-function bit gone */
	assert_int_equal(rd(0, 0x2c, 4), 0x00011af4);
	assert_int_equal(rd(0, 0x3d, 1), 1);               /* INTA */
	assert_int_equal(rd(0, 0x30, 4), 0);               /* no ROM */
	assert_int_equal(rd(0, 0x100, 4), 0);              /* no extended capabilities */
	assert_int_equal(rd(0, 0xffc, 4), 0);
}

static void bars_read_as_guest_addresses(void **state)
{
	(void)state;
	assert_int_equal(rd(0, 0x10, 4), 0);               /* I/O: not given */
	assert_int_equal(rd(0, 0x14, 4), WGUEST + 0x4000);
	assert_int_equal(rd(0, 0x20, 4), WGUEST + 0x8000 + 0xc);
	assert_int_equal(rd(0, 0x24, 4), 0);
	assert_int_equal(rd(0, 0x18, 4), 0);
}

static void sizing_gives_the_real_mask_and_never_moves_the_bar(void **state)
{
	(void)state;
	wr(0, 0x14, 4, 0xffffffff);
	assert_int_equal(rd(0, 0x14, 4), 0xfffff000);
	wr(0, 0x14, 4, WGUEST + 0x4000);
	assert_int_equal(rd(0, 0x14, 4), WGUEST + 0x4000);
	wr(0, 0x20, 4, 0xffffffff);
	wr(0, 0x24, 4, 0xffffffff);
	assert_int_equal(rd(0, 0x20, 4), 0xffffc00c);
	assert_int_equal(rd(0, 0x24, 4), 0xffffffff);
	wr(0, 0x20, 4, WGUEST + 0x8000);
	wr(0, 0x24, 4, 0);
	assert_int_equal(rd(0, 0x20, 4), WGUEST + 0x800c);
	assert_int_equal(rd(0, 0x24, 4), 0);
	/* Sizing an absent BAR (I/O, or none) gives 0. */
	wr(0, 0x10, 4, 0xffffffff);
	assert_int_equal(rd(0, 0x10, 4), 0);
	assert_int_equal(host_pci.bar_writes, 0);
	assert_int_equal(host_pci.cfg[0x15], 0x40);        /* the real BAR where it was */
}

static void a_bar_cannot_be_moved(void **state)
{
	(void)state;
	wr(0, 0x14, 4, 0x30000000);
	assert_int_equal(rd(0, 0x14, 4), WGUEST + 0x4000);
	wr(0, 0x17, 1, 0x80);
	assert_int_equal(rd(0, 0x14, 4), WGUEST + 0x4000);
	assert_int_equal(host_pci.bar_writes, 0);
}

static void rom_is_refused(void **state)
{
	(void)state;
	wr(0, 0x30, 4, 0xffffffff);
	assert_int_equal(rd(0, 0x30, 4), 0);
	assert_int_equal(host_pci.writes, 0);
}

static void command_allows_memory_and_master_not_io(void **state)
{
	(void)state;
	wr(0, 0x04, 2, 0x0147);   /* I/O, memory, master, parity, SERR */
	assert_int_equal(host_pci.cfg[0x04] | host_pci.cfg[0x05] << 8, 0x0146);
	wr(0, 0x04, 1, 0x01);     /* I/O alone, byte write */
	assert_int_equal(host_pci.cfg[0x04], 0x00);
	assert_int_equal(host_pci.cfg[0x05], 0x01);        /* SERR kept */
	wr(0, 0x05, 1, 0x04);     /* INTx disable */
	assert_int_equal(host_pci.cfg[0x05], 0x04);
}

static void without_a_line_intx_stays_off_and_no_pin(void **state)
{
	(void)state;
	memset(&vp, 0, sizeof(vp));
	fake_function(0);
	assert_null(vpci_add(&vp, RID, WBUS, WGUEST, 0));
	assert_int_equal(rd(0, 0x3d, 1), 0);
	wr(0, 0x04, 2, 0x0006);
	assert_int_equal(host_pci.cfg[0x04] | host_pci.cfg[0x05] << 8, 0x0406);
}

static void interrupt_line_is_the_guests_own(void **state)
{
	(void)state;
	wr(0, 0x3c, 1, 42);
	assert_int_equal(rd(0, 0x3c, 1), 42);
	assert_int_equal(rd(0, 0x3c, 4), 0x0000012a);
	assert_int_equal(host_pci.writes, 0);
}

static void msi_and_msix_are_hidden(void **state)
{
	(void)state;
	assert_true(rd(0, 0x06, 2) & 0x10);                /* a list */
	assert_int_equal(rd(0, 0x34, 1), 0x70);
	assert_int_equal(rd(0, 0x70, 1), 0x09);
	assert_int_equal(rd(0, 0x71, 1), 0x40);
	assert_int_equal(rd(0, 0x40, 1), 0x10);
	assert_int_equal(rd(0, 0x41, 1), 0x00);            /* MSI, MSI-X skipped */
	assert_int_equal(rd(0, 0x40, 4), 0x00000010);
	assert_int_equal(rd(0, 0x44, 4), 0x11223344);      /* a kept one's body */
	assert_int_equal(rd(0, 0x60, 4), 0);               /* MSI: nothing */
	assert_int_equal(rd(0, 0x64, 4), 0);
	assert_int_equal(rd(0, 0x80, 4), 0);               /* MSI-X */
}

static void only_kept_capabilities_take_writes(void **state)
{
	(void)state;
	wr(0, 0x44, 4, 0xcafef00d);
	assert_int_equal(pci_cfg_read(RID, 0x44, 4), 0xcafef00d);
	wr(0, 0x64, 4, 0xffffffff);                        /* MSI */
	wr(0, 0x82, 2, 0x8000);                            /* MSI-X enable */
	wr(0, 0x40, 4, 0xffffffff);                        /* ID and next */
	wr(0, 0x20 + 0x1000, 4, 0);
	assert_int_equal(pci_cfg_read(RID, 0x64, 4), 0x55667788);
	assert_int_equal(pci_cfg_read(RID, 0x80, 4), 0x00000011);
	assert_int_equal(pci_cfg_read(RID, 0x40, 2), 0x6010);
	assert_int_equal(host_pci.writes, 1);
}

static void header_bytes_other_than_cache_and_latency_are_refused(void **state)
{
	(void)state;
	wr(0, 0x0c, 4, 0xffffffff);
	assert_int_equal(host_pci.cfg[0x0c], 0xff);        /* cache line size */
	assert_int_equal(host_pci.cfg[0x0d], 0xff);        /* latency timer */
	assert_int_equal(host_pci.cfg[0x0f], 0x00);        /* BIST */
	wr(0, 0x00, 4, 0);
	wr(0, 0x08, 4, 0);
	wr(0, 0x34, 1, 0x60);
	assert_int_equal(rd(0, 0x34, 1), 0x70);
	assert_int_equal(host_pci.cfg[0x00], 0xf4);
}

static void bad_sizes_and_alignment_are_refused(void **state)
{
	struct vmmio_access a = { .offset = 0, .size = 8 };

	(void)state;
	assert_false(vpci_access(&vp, &a));
	a = (struct vmmio_access){ .offset = 2, .size = 4 };
	assert_false(vpci_access(&vp, &a));
	a = (struct vmmio_access){ .offset = 1, .size = 2, .write = true };
	assert_false(vpci_access(&vp, &a));
}

static void bridges_and_high_32_bit_bars_are_refused(void **state)
{
	(void)state;
	memset(&vp, 0, sizeof(vp));
	fake_function(0x01);
	assert_non_null(vpci_add(&vp, RID, WBUS, WGUEST, INTID));
	fake_function(0);
	assert_non_null(vpci_add(&vp, RID, WBUS, 0x100000000ull, INTID));
	assert_int_equal(vp.nfn, 0);
	fake_function(0);
	assert_null(vpci_add(&vp, RID, WBUS, WGUEST, INTID));
	assert_int_equal(vp.nfn, 1);
}

static void sizing_at_boot_restores_the_real_bars(void **state)
{
	bool is64;

	(void)state;
	assert_int_equal(vpci_bar_size(RID, 1, &is64), 0x1000);
	assert_false(is64);
	assert_int_equal(vpci_bar_size(RID, 4, &is64), 0x4000);
	assert_true(is64);
	assert_int_equal(vpci_bar_size(RID, 0, &is64), 0);
	assert_int_equal(pci_cfg_read(RID, 0x14, 4), WBUS + 0x4000);
	assert_int_equal(pci_cfg_read(RID, 0x20, 4), WBUS + 0x800c);
	assert_int_equal(pci_cfg_read(RID, 0x24, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(other_slots_are_absent_and_untouched, setup),
		cmocka_unit_test_setup(header_shows_one_function_of_its_own, setup),
		cmocka_unit_test_setup(bars_read_as_guest_addresses, setup),
		cmocka_unit_test_setup(sizing_gives_the_real_mask_and_never_moves_the_bar, setup),
		cmocka_unit_test_setup(a_bar_cannot_be_moved, setup),
		cmocka_unit_test_setup(rom_is_refused, setup),
		cmocka_unit_test_setup(command_allows_memory_and_master_not_io, setup),
		cmocka_unit_test_setup(without_a_line_intx_stays_off_and_no_pin, setup),
		cmocka_unit_test_setup(interrupt_line_is_the_guests_own, setup),
		cmocka_unit_test_setup(msi_and_msix_are_hidden, setup),
		cmocka_unit_test_setup(only_kept_capabilities_take_writes, setup),
		cmocka_unit_test_setup(header_bytes_other_than_cache_and_latency_are_refused, setup),
		cmocka_unit_test_setup(bad_sizes_and_alignment_are_refused, setup),
		cmocka_unit_test_setup(bridges_and_high_32_bit_bars_are_refused, setup),
		cmocka_unit_test_setup(sizing_at_boot_restores_the_real_bars, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
