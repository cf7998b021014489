/* Unit tests: trap-and-emulate MMIO dispatch (src/core/vmmio.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "vm.h"
#include "vmmio.h"
#include "vmmio_short.h"

/* A fake device: 64-bit registers; remembers the last access; refuses
 * accesses of size 2 (like a device that allows 1, 4 and 8 bytes). */
struct fake {
	uint64_t regs[8];
	struct vmmio_access last;
	unsigned calls;
};

static bool fake_access(struct vcpu *v, void *dev, struct vmmio_access *a)
{
	struct fake *f = dev;

	f->calls++;
	f->last = *a;
	if (a->size == 2)
		return false;
	if (a->write)
		f->regs[a->offset / 8] = a->value;
	else
		a->value = f->regs[a->offset / 8];
	return true;
}

static struct vmmio mmio;
static struct fake dev;
static struct vcpu vcpu;

static int setup(void **state)
{
	memset(&mmio, 0, sizeof(mmio));
	memset(&dev, 0, sizeof(dev));
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.arch.regs.pc = 0x40001000;
	assert_true(vmmio_register(&mmio, 0x9000000, 0x40, fake_access, &dev));
	return 0;
}

static struct trap_info dabt(uint64_t ipa, uint8_t size, bool write, uint8_t reg)
{
	struct trap_info t = { .kind = TRAP_DABT, .insn_len = 4 };

	t.abort.ipa = ipa;
	t.abort.size = size;
	t.abort.write = write;
	t.abort.reg = reg;
	t.abort.isv = true;
	t.abort.reg64 = true;
	return t;
}

static void write_passes_register_value_truncated_to_size(void **state)
{
	struct trap_info t = dabt(0x9000008, 4, true, 5);

	vcpu.arch.regs.x[5] = 0x1122334455667788ull;
	assert_int_equal(vmmio_emulate(&mmio, &vcpu, &t), VMMIO_DONE);
	assert_int_equal(dev.last.offset, 8);
	assert_int_equal(dev.last.size, 4);
	assert_true(dev.last.write);
	assert_int_equal(dev.regs[1], 0x55667788ull);
	assert_int_equal(vcpu.arch.regs.pc, 0x40001004);
}

static void read_zero_extends_into_register(void **state)
{
	struct trap_info t = dabt(0x9000010, 1, false, 2);

	dev.regs[2] = 0xfffffffffffffff0ull;
	vcpu.arch.regs.x[2] = 0xdeadbeef;
	assert_int_equal(vmmio_emulate(&mmio, &vcpu, &t), VMMIO_DONE);
	assert_int_equal(vcpu.arch.regs.x[2], 0xf0);
}

static void read_sign_extends_to_64_bits(void **state)
{
	struct trap_info t = dabt(0x9000000, 1, false, 3);

	t.abort.sign_extend = true;
	dev.regs[0] = 0x80;
	vmmio_emulate(&mmio, &vcpu, &t);
	assert_int_equal(vcpu.arch.regs.x[3], 0xffffffffffffff80ull);
}

static void read_sign_extends_to_32_bits_for_w_register(void **state)
{
	struct trap_info t = dabt(0x9000000, 1, false, 3);

	t.abort.sign_extend = true;
	t.abort.reg64 = false;
	dev.regs[0] = 0x80;
	vmmio_emulate(&mmio, &vcpu, &t);
	assert_int_equal(vcpu.arch.regs.x[3], 0xffffff80ull);
}

static void read_of_64_bits_is_whole(void **state)
{
	struct trap_info t = dabt(0x9000038, 8, false, 0);

	dev.regs[7] = 0x0123456789abcdefull;
	vmmio_emulate(&mmio, &vcpu, &t);
	assert_int_equal(vcpu.arch.regs.x[0], 0x0123456789abcdefull);
}

static void write_from_xzr_is_zero_and_read_to_xzr_discarded(void **state)
{
	struct trap_info w = dabt(0x9000000, 8, true, 31);
	struct trap_info r = dabt(0x9000000, 8, false, 31);

	dev.regs[0] = 77;
	vmmio_emulate(&mmio, &vcpu, &w);
	assert_int_equal(dev.regs[0], 0);
	assert_int_equal(vmmio_emulate(&mmio, &vcpu, &r), VMMIO_DONE);
	assert_int_equal(dev.calls, 2);
}

static void outside_every_region_is_none(void **state)
{
	struct trap_info t = dabt(0x9000040, 4, false, 0);

	assert_int_equal(vmmio_emulate(&mmio, &vcpu, &t), VMMIO_NONE);
	assert_int_equal(dev.calls, 0);
	assert_int_equal(vcpu.arch.regs.pc, 0x40001000);
}

static void access_straddling_the_end_is_none(void **state)
{
	struct trap_info t = dabt(0x900003c, 8, false, 0);

	assert_int_equal(vmmio_emulate(&mmio, &vcpu, &t), VMMIO_NONE);
}

static void no_syndrome_is_a_fault_not_a_guess(void **state)
{
	struct trap_info t = dabt(0x9000000, 4, false, 0);

	t.abort.isv = false;
	assert_int_equal(vmmio_emulate(&mmio, &vcpu, &t), VMMIO_FAULT);
	assert_int_equal(dev.calls, 0);
	assert_int_equal(vcpu.arch.regs.pc, 0x40001000);
}

static void refused_access_is_a_fault_and_pc_stays(void **state)
{
	struct trap_info t = dabt(0x9000000, 2, false, 0);

	vcpu.arch.regs.x[0] = 5;
	assert_int_equal(vmmio_emulate(&mmio, &vcpu, &t), VMMIO_FAULT);
	assert_int_equal(vcpu.arch.regs.x[0], 5);
	assert_int_equal(vcpu.arch.regs.pc, 0x40001000);
}

static void instruction_aborts_are_never_emulated(void **state)
{
	struct trap_info t = dabt(0x9000000, 4, false, 0);

	t.kind = TRAP_IABT;
	assert_int_equal(vmmio_emulate(&mmio, &vcpu, &t), VMMIO_NONE);
}

static void sixteen_bit_instruction_advances_by_two(void **state)
{
	struct trap_info t = dabt(0x9000000, 4, false, 0);

	t.insn_len = 2;
	vmmio_emulate(&mmio, &vcpu, &t);
	assert_int_equal(vcpu.arch.regs.pc, 0x40001002);
}

static void register_rejects_overlap_and_overflow(void **state)
{
	assert_false(vmmio_register(&mmio, 0x9000020, 0x100, fake_access, &dev));
	assert_false(vmmio_register(&mmio, 0x8fff000, 0x1001, fake_access, &dev));
	assert_true(vmmio_register(&mmio, 0x8fff000, 0x1000, fake_access, &dev));
	assert_false(vmmio_register(&mmio, ~0ull - 0xfff, 0x2000, fake_access, &dev));
	assert_false(vmmio_register(&mmio, 0xa000000, 0, fake_access, &dev));
	for (unsigned i = mmio.n; i < VMMIO_MAX_REGIONS; i++)
		assert_true(vmmio_register(&mmio, 0x10000000 + i * 0x1000, 0x1000,
					   fake_access, &dev));
	assert_false(vmmio_register(&mmio, 0x20000000, 0x1000, fake_access, &dev));
}

/* The short path: a VM whose region at 0x9000000 may be taken there, and
 * one at 0x9100000 that may not (registered first). */
static struct vm vm;
static struct fake dev2;

static int setup_short(void **state)
{
	setup(state);
	memset(&vm, 0, sizeof(vm));
	memset(&dev2, 0, sizeof(dev2));
	vcpu.vm = &vm;
	assert_true(vmmio_register(&vm.mmio, 0x9100000, 0x40, fake_access, &dev2));
	assert_true(vmmio_register_short(&vm.mmio, 0x9000000, 0x40, fake_access, &dev));
	return 0;
}

static void short_path_emulates_but_leaves_pc(void **state)
{
	struct trap_info t = dabt(0x9000010, 4, false, 2);

	dev.regs[2] = 0x1234567890ull;
	assert_int_equal(vmmio_emulate_short(&vcpu, &t), VMMIO_DONE);
	assert_int_equal(vcpu.arch.regs.x[2], 0x34567890ull);
	assert_int_equal(vcpu.arch.regs.pc, 0x40001000);
}

static void short_path_takes_only_short_regions(void **state)
{
	struct trap_info t = dabt(0x9100000, 4, true, 2);

	assert_int_equal(vmmio_emulate_short(&vcpu, &t), VMMIO_NONE);
	assert_int_equal(dev2.calls, 0);
	/* The full path still finds it, behind the short region. */
	assert_int_equal(vmmio_emulate(&vm.mmio, &vcpu, &t), VMMIO_DONE);
	assert_int_equal(dev2.calls, 1);
}

static void short_path_declines_with_list_registers_or_timer_live(void **state)
{
	struct trap_info t = dabt(0x9000000, 4, false, 0);

	vcpu.lr_used = 1;
	assert_int_equal(vmmio_emulate_short(&vcpu, &t), VMMIO_NONE);
	vcpu.lr_used = 0;
	vcpu.timer_live = 1;
	assert_int_equal(vmmio_emulate_short(&vcpu, &t), VMMIO_NONE);
	assert_int_equal(dev.calls, 0);
}

static void short_path_refusal_is_a_fault_with_register_kept(void **state)
{
	struct trap_info t = dabt(0x9000000, 2, false, 0);

	vcpu.arch.regs.x[0] = 5;
	assert_int_equal(vmmio_emulate_short(&vcpu, &t), VMMIO_FAULT);
	assert_int_equal(vcpu.arch.regs.x[0], 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(write_passes_register_value_truncated_to_size, setup),
		cmocka_unit_test_setup(read_zero_extends_into_register, setup),
		cmocka_unit_test_setup(read_sign_extends_to_64_bits, setup),
		cmocka_unit_test_setup(read_sign_extends_to_32_bits_for_w_register, setup),
		cmocka_unit_test_setup(read_of_64_bits_is_whole, setup),
		cmocka_unit_test_setup(write_from_xzr_is_zero_and_read_to_xzr_discarded, setup),
		cmocka_unit_test_setup(outside_every_region_is_none, setup),
		cmocka_unit_test_setup(access_straddling_the_end_is_none, setup),
		cmocka_unit_test_setup(no_syndrome_is_a_fault_not_a_guess, setup),
		cmocka_unit_test_setup(refused_access_is_a_fault_and_pc_stays, setup),
		cmocka_unit_test_setup(instruction_aborts_are_never_emulated, setup),
		cmocka_unit_test_setup(sixteen_bit_instruction_advances_by_two, setup),
		cmocka_unit_test_setup(register_rejects_overlap_and_overflow, setup),
		cmocka_unit_test_setup(short_path_emulates_but_leaves_pc, setup_short),
		cmocka_unit_test_setup(short_path_takes_only_short_regions, setup_short),
		cmocka_unit_test_setup(short_path_declines_with_list_registers_or_timer_live,
				       setup_short),
		cmocka_unit_test_setup(short_path_refusal_is_a_fault_with_register_kept,
				       setup_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
