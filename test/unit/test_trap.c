/*
 * Unit tests: what the core does with a guest's trap (src/core/trap.c), its
 * hypercalls (hvc.c, psci.c) and its console output (console.c), linked
 * with the host stand-in architecture (src/arch/host): the vCPU is a plain
 * struct, injected exceptions are recorded (arch/host_vcpu.h). What lies
 * beyond these files (another CPU's kick, stopping a VM, a channel's
 * doorbell, the vGIC's SGIs) is recorded by the stand-ins below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <arch/host_smmu.h>
#include <arch/host_vcpu.h>
#include <septum/hvc.h>

#include "channel.h"
#include "console.h"
#include "cpu.h"
#include "hvc.h"
#include "psci.h"
#include "trap.h"
#include "vgic_vm.h"
#include "uart_fake.h"
#include "vm.h"

struct vm vms[CFG_MAX_VMS];
unsigned vm_count;

static struct cfg_vm cfg = { .name = "guest" };
static struct vm *const vm = &vms[0];
static struct vcpu *const v0 = &vms[0].vcpu[0];

/* ---- stand-ins for what these files call beyond themselves ---- */

static struct {
	unsigned kicks, stops, rings, sgis, wfis;
	bool restart;
	struct vcpu *kicked;
	uint64_t ring_idx, sgi_val;
} calls;

void vm_post(struct vm *target, unsigned prefer)
{
}

void vm_kick(struct vcpu *t)
{
	calls.kicks++;
	calls.kicked = t;
}

void vm_stop(struct vm *target, struct vcpu *caller, bool restart, const char *why)
{
	calls.stops++;
	calls.restart = restart;
}

/* The watchdog's kick (wdog.c) would wake its watching CPU. */
struct cpu cpus[BOARD_MAX_CPUS];

void cpu_kick(struct cpu *target)
{
}

int64_t channel_ring(struct vcpu *v, uint64_t idx)
{
	calls.rings++;
	calls.ring_idx = idx;
	return idx == 0 ? SEPTUM_OK : SEPTUM_E_NO_CHANNEL;
}

void sched_wfi(struct vcpu *v)
{
	calls.wfis++;
}

bool vgic_vm_sgi1r(struct vcpu *v, uint64_t val)
{
	calls.sgis++;
	calls.sgi_val = val;
	return true;
}

/* ---- helpers ---- */

static int setup(void **state)
{
	memset(vms, 0, sizeof(vms));
	memset(&calls, 0, sizeof(calls));
	vm_count = 1;
	cfg.nmem = 1;
	cfg.mem[0] = (struct cfg_mem){ .guest = 0x40000000, .size = 0x1000000 };
	vm->cfg = &cfg;
	vm->nvcpus = 2;
	vm->state = VM_RUNNING;
	vm->starts = 1;
	for (unsigned i = 0; i < 2; i++) {
		vm->vcpu[i].vm = vm;
		vm->vcpu[i].idx = i;
	}
	v0->power = VCPU_ON;
	v0->arch.regs.pc = 0x40001000;
	vuart_init(&vm->uart, NULL, NULL, NULL);
	console_set_input(NULL);
	host_vcpu_log_reset();
	uart_fake_reset();
	return 0;
}

static uint64_t x(unsigned n)
{
	return arch_vcpu_get_reg(&v0->arch, n);
}

/* A guest's HVC #imm with x0 = fid and x1..x3 as given. */
static void hvc(uint16_t imm, uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct trap_info t = { .kind = TRAP_HVC, .insn_len = 4, .call.imm = imm };

	arch_vcpu_set_reg(&v0->arch, 0, fid);
	arch_vcpu_set_reg(&v0->arch, 1, a1);
	arch_vcpu_set_reg(&v0->arch, 2, a2);
	arch_vcpu_set_reg(&v0->arch, 3, a3);
	trap_handle(v0, &t);
}

/* The same from an AArch32 caller (HVC32: 32-bit registers). */
static void hvc32(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct trap_info t = { .kind = TRAP_HVC, .insn_len = 4 };

	v0->arch.aarch32 = true;
	arch_vcpu_set_reg(&v0->arch, 0, fid);
	arch_vcpu_set_reg(&v0->arch, 1, a1);
	arch_vcpu_set_reg(&v0->arch, 2, a2);
	arch_vcpu_set_reg(&v0->arch, 3, a3);
	trap_handle(v0, &t);
}

static void sysreg(enum trap_sysreg which, bool read, unsigned reg)
{
	struct trap_info t = { .kind = TRAP_SYSREG, .insn_len = 4,
			       .sysreg = { .which = which, .reg = (uint8_t)reg, .read = read } };

	trap_handle(v0, &t);
}

/* ---- hypercalls ---- */

static void smccc_version_and_features(void **state)
{
	hvc(0, SMCCC_VERSION, 0, 0, 0);
	assert_int_equal(x(0), SMCCC_VERSION_1_1);
	hvc(0, SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0);
	assert_int_equal(x(0), SMCCC_RET_SUCCESS);
	hvc(0, SMCCC_ARCH_FEATURES, 0x80008000u, 0, 0);   /* SMCCC_ARCH_WORKAROUND_1 */
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
}

static void every_vendor_call_answers(void **state)
{
	hvc(0, SEPTUM_HC_CALL_UID, 0, 0, 0);
	assert_int_equal(x(0), SEPTUM_UID_0);
	assert_int_equal(x(3), SEPTUM_UID_3);
	hvc(0, SEPTUM_HC_CALL_COUNT, 0, 0, 0);
	assert_int_equal(x(0), SEPTUM_HC_COUNT);
	hvc(0, SEPTUM_HC_REVISION, 0, 0, 0);
	assert_int_equal(x(0), SEPTUM_REVISION_MAJOR);
	assert_int_equal(x(1), SEPTUM_REVISION_MINOR);
	hvc(0, SEPTUM_HC_NOP, 0, 0, 0);
	assert_int_equal(x(0), SEPTUM_OK);
	vm->id = 3;
	hvc(0, SEPTUM_HC_VM_INFO, 0, 0, 0);
	assert_int_equal(x(0), SEPTUM_OK);
	assert_int_equal(x(1), 3);
	assert_int_equal(x(2), 0);
	assert_int_equal(x(3), 2);
	vm->faults = 7;
	host_smmu_log.faults = 3;
	hvc(0, SEPTUM_HC_VM_STATS, 0, 0, 0);
	assert_int_equal(x(1), 7);
	assert_int_equal(x(2), 1);
	assert_int_equal(x(3), 3);   /* the SMMU's DMA faults */
	host_smmu_log.faults = 0;
	hvc(0, SEPTUM_HC_DOORBELL, 0, 0, 0);
	assert_int_equal(x(0), SEPTUM_OK);
	hvc(0, SEPTUM_HC_DOORBELL, 5, 0, 0);
	assert_int_equal((int64_t)x(0), SEPTUM_E_NO_CHANNEL);
	assert_int_equal(calls.rings, 2);
	assert_int_equal(calls.ring_idx, 5);
	hvc(0, SEPTUM_HC(0x77), 0, 0, 0);
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
}

static void console_write_reaches_the_console(void **state)
{
	/* "hi\n" packed little-endian in x2. */
	hvc(0, SEPTUM_HC_CONSOLE_WRITE, 3, 'h' | 'i' << 8 | '\n' << 16, 0);
	assert_int_equal(x(0), SEPTUM_OK);
	assert_string_equal(uart_fake.out, "[guest] hi\r\n");
	hvc(0, SEPTUM_HC_CONSOLE_WRITE, SEPTUM_CONSOLE_CHUNK + 1, 0, 0);
	assert_int_equal((int64_t)x(0), SEPTUM_E_INVAL);
}

static void calls_that_are_not_calls_change_nothing(void **state)
{
	hvc(1, SEPTUM_HC_NOP, 0, 0, 0);           /* HVC #1 */
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
	hvc(0, SEPTUM_HC_NOP & ~SMCCC_FAST_CALL, 0, 0, 0);   /* a yielding call */
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
	hvc(0, SEPTUM_HC_NOP | 0x00010000u, 0, 0, 0);        /* reserved bits */
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(host_vcpu_log.count, 0);
}

static void smc32_arguments_are_truncated(void **state)
{
	/* CPU_ON's SMC32 form: only the low 32 bits of x1..x3 count. */
	hvc(0, PSCI_CPU_ON_32, 0x100000001ull, 0x140002000ull, 0);
	assert_int_equal(x(0), PSCI_RET_SUCCESS);
	assert_int_equal(vm->vcpu[1].on_entry, 0x40002000);
}

/* Septum's calls: SMC64 from AArch64, SMC32 from AArch32, each form only
 * from its own width (include/septum/hvc.h). */
static void septum_calls_take_the_callers_width(void **state)
{
	hvc(0, SEPTUM_HC32(0x2), 0, 0, 0);   /* VM_INFO, SMC32 form, AArch64 */
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
	v0->arch.aarch32 = true;
	hvc(0, SEPTUM_HC32(0x2), 0, 0, 0);
	assert_int_equal(x(0), SEPTUM_OK);
	assert_int_equal(x(3), 2);
	hvc(0, SEPTUM_HC_VM_INFO, 0, 0, 0);
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
	hvc(0, SEPTUM_HC_CALL_COUNT, 0, 0, 0);   /* SMC32 for both */
	assert_int_equal(x(0), SEPTUM_HC_COUNT);
}

static void aarch32_console_write_takes_4_bytes_a_register(void **state)
{
	v0->arch.aarch32 = true;
	arch_vcpu_set_reg(&v0->arch, 4, 0);
	hvc(0, SEPTUM_HC32(0x1), 6, 'a' | 'b' << 8 | 'c' << 16 | 'd' << 24 |
	    0xdeadbeefull << 32, 'e' | '\n' << 8);
	assert_int_equal(x(0), SEPTUM_OK);
	assert_string_equal(uart_fake.out, "[guest] abcde\r\n");
	hvc(0, SEPTUM_HC32(0x1), SEPTUM_CONSOLE_CHUNK32 + 1, 0, 0);
	assert_int_equal((int64_t)x(0), SEPTUM_E_INVAL);
}

/* An AArch32 caller: 32-bit registers, so every argument is truncated,
 * and no SMC64 call is a call (DEN0028 2.5). */
static void aarch32_caller_smc64_rules(void **state)
{
	v0->arch.aarch32 = true;
	hvc(0, PSCI_CPU_ON_64, 1, 0x40002000, 0);
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(vm->vcpu[1].power, VCPU_OFF);
	hvc(0, SMCCC_VERSION | SMCCC_SMC64, 0, 0, 0);
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
	hvc(0, SEPTUM_HC32(0x4), 0xffffffff00000000ull, 0, 0);   /* DOORBELL */
	assert_int_equal(calls.ring_idx, 0);
	hvc(0, PSCI_CPU_ON_32, 1, 0x40002001, 7);   /* a Thumb entry */
	assert_int_equal(x(0), PSCI_RET_SUCCESS);
	assert_int_equal(vm->vcpu[1].on_entry, 0x40002001);
	assert_false(vm->vcpu[1].on_boot);
}

static void aarch64_entry_must_be_4_byte_aligned(void **state)
{
	hvc(0, PSCI_CPU_ON_64, 1, 0x40002001, 0);
	assert_int_equal((int64_t)x(0), PSCI_RET_INVALID_ADDRESS);
}

static void aarch32_callers_use_the_smc32_forms(void **state)
{
	vm->id = 4;
	hvc32(SEPTUM_HC_VM_INFO & ~SMCCC_SMC64, 0, 0, 0);
	assert_int_equal(x(0), SEPTUM_OK);
	assert_int_equal(x(1), 4);
	/* No SMC64 call exists for AArch32 (DEN0028 2.5): not Septum's, not
	 * PSCI's. */
	hvc32(SEPTUM_HC_VM_INFO, 0, 0, 0);
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
	hvc32(PSCI_CPU_ON_64, 1, 0x40002000, 0);
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(vm->vcpu[1].power, VCPU_OFF);
	hvc32(PSCI_CPU_ON_32, 1, 0x40002000, 0);
	assert_int_equal(x(0), PSCI_RET_SUCCESS);
	/* An SMC32 ID beyond Septum's calls stays unknown. */
	hvc32(SEPTUM_HC(0x77) & ~SMCCC_SMC64, 0, 0, 0);
	assert_int_equal((int64_t)x(0), SMCCC_RET_NOT_SUPPORTED);
}

static void aarch32_console_write_packs_4_bytes_per_register(void **state)
{
	/* "hey
" in r2, "ok" in r3. */
	hvc32(SEPTUM_HC_CONSOLE_WRITE & ~SMCCC_SMC64, 6, 'h' | 'e' << 8 | 'y' << 16 | '\n' << 24,
	      'o' | 'k' << 8);
	assert_int_equal(x(0), SEPTUM_OK);
	assert_string_equal(uart_fake.out, "[guest] hey\r\n");
	/* r2..r7 hold 24 bytes: 25 is too long. */
	hvc32(SEPTUM_HC_CONSOLE_WRITE & ~SMCCC_SMC64, 25, 0, 0);
	assert_int_equal((int64_t)x(0), SEPTUM_E_INVAL);
}

static void smc_skips_the_instruction_hvc_does_not(void **state)
{
	struct trap_info t = { .kind = TRAP_SMC, .insn_len = 4 };

	arch_vcpu_set_reg(&v0->arch, 0, SEPTUM_HC_NOP);
	trap_handle(v0, &t);
	assert_int_equal(v0->arch.regs.pc, 0x40001004);
	hvc(0, SEPTUM_HC_NOP, 0, 0, 0);
	assert_int_equal(v0->arch.regs.pc, 0x40001004);
}

/* ---- PSCI on a running VM ---- */

static void psci_cpu_on_kicks_the_target(void **state)
{
	hvc(0, PSCI_CPU_ON_64, 1, 0x40002000, 0x1234);
	assert_int_equal(x(0), PSCI_RET_SUCCESS);
	assert_int_equal(calls.kicks, 1);
	assert_ptr_equal(calls.kicked, &vm->vcpu[1]);
	assert_int_equal(vm->vcpu[1].power, VCPU_ON_PENDING);
	assert_int_equal(vm->vcpu[1].on_entry, 0x40002000);
	assert_int_equal(vm->vcpu[1].on_context, 0x1234);
	hvc(0, PSCI_CPU_ON_64, 1, 0x40002000, 0);
	assert_int_equal((int64_t)x(0), PSCI_RET_ON_PENDING);
	assert_int_equal(calls.kicks, 1);
}

static void psci_system_off_and_reset_stop_the_vm(void **state)
{
	hvc(0, PSCI_SYSTEM_OFF, 0, 0, 0);
	assert_int_equal(calls.stops, 1);
	assert_false(calls.restart);
	hvc(0, PSCI_SYSTEM_RESET, 0, 0, 0);
	assert_int_equal(calls.stops, 2);
	assert_true(calls.restart);
}

/* ---- other traps ---- */

static void auxiliary_control_reads_as_zero_ignores_writes(void **state)
{
	arch_vcpu_set_reg(&v0->arch, 5, 0xdead);
	sysreg(SYSREG_IMPDEF_CTRL, true, 5);
	assert_int_equal(x(5), 0);
	assert_int_equal(v0->arch.regs.pc, 0x40001004);
	sysreg(SYSREG_IMPDEF_CTRL, false, 5);
	assert_int_equal(v0->arch.regs.pc, 0x40001008);
	assert_int_equal(host_vcpu_log.count, 0);
}

/* A trapped ID register read of id into register reg. */
static void id_read(unsigned id, unsigned reg)
{
	struct trap_info t = { .kind = TRAP_SYSREG, .insn_len = 4,
			       .sysreg = { .which = SYSREG_ID, .reg = (uint8_t)reg,
					   .read = true, .id = (uint8_t)id } };

	trap_handle(v0, &t);
}

static void id_registers_read_as_the_vms_view(void **state)
{
	host_vcpu_log.id_regs[24] = 0x1111;
	host_vcpu_log.id_regs[55] = 0x2222;
	arch_vcpu_set_reg(&v0->arch, 7, 0xdead);
	id_read(24, 7);
	assert_int_equal(x(7), 0x1111);
	assert_int_equal(v0->arch.regs.pc, 0x40001004);
	id_read(55, 30);
	assert_int_equal(x(30), 0x2222);
	id_read(3, 31);                            /* to xzr: nothing written */
	assert_int_equal(v0->arch.regs.pc, 0x4000100c);
	assert_int_equal(host_vcpu_log.count, 0);
}

static void id_register_writes_are_undefined(void **state)
{
	sysreg(SYSREG_ID, false, 2);
	assert_int_equal(host_vcpu_log.count, 1);
	assert_int_equal(host_vcpu_log.last, HOST_INJECT_UNDEF);
	assert_int_equal(v0->arch.regs.pc, 0x40001000);
}

/* MCRR p15, 0, Rt, Rt2, c12 from AArch32: ICC_SGI1R's bits 31:0 in Rt,
 * 63:32 in Rt2. */
static void aarch32_sgi_write_joins_its_two_registers(void **state)
{
	struct trap_info t = { .kind = TRAP_SYSREG, .insn_len = 4,
			       .sysreg = { .which = SYSREG_GIC_SGI1, .reg = 5, .reg2 = 6,
					   .pair = true } };

	arch_vcpu_set_reg(&v0->arch, 5, 0xffffffff00010002ull);   /* upper half stale */
	arch_vcpu_set_reg(&v0->arch, 6, 0x1);
	trap_handle(v0, &t);
	assert_int_equal(calls.sgis, 1);
	assert_int_equal(calls.sgi_val, 0x100010002ull);
	assert_int_equal(v0->arch.regs.pc, 0x40001004);
}

static void sgi_writes_reach_the_vgic(void **state)
{
	arch_vcpu_set_reg(&v0->arch, 3, 0x10002ull);
	sysreg(SYSREG_GIC_SGI1, false, 3);
	assert_int_equal(calls.sgis, 1);
	assert_int_equal(calls.sgi_val, 0x10002);
	sysreg(SYSREG_GIC_SGI0, false, 3);        /* Group 0: nothing sent */
	assert_int_equal(calls.sgis, 1);
	assert_int_equal(v0->arch.regs.pc, 0x40001008);
}

static void other_system_registers_are_undefined(void **state)
{
	sysreg(SYSREG_OTHER, true, 1);
	sysreg(SYSREG_GIC_SGI1, true, 1);          /* reading a write-only register */
	assert_int_equal(host_vcpu_log.count, 2);
	assert_int_equal(host_vcpu_log.last, HOST_INJECT_UNDEF);
	assert_int_equal(v0->arch.regs.pc, 0x40001000);
}

static void wfi_is_skipped_fp_and_unknown_are_undefined(void **state)
{
	struct trap_info wfi = { .kind = TRAP_WFX, .insn_len = 4 };
	struct trap_info fp = { .kind = TRAP_FP, .insn_len = 4 };
	struct trap_info unknown = { .kind = TRAP_UNKNOWN, .insn_len = 4 };

	struct trap_info wfe = { .kind = TRAP_WFX, .insn_len = 4, .wfx.wfe = true };

	trap_handle(v0, &wfi);
	assert_int_equal(v0->arch.regs.pc, 0x40001004);
	assert_int_equal(calls.wfis, 1);    /* WFI goes to the scheduler */
	trap_handle(v0, &wfe);
	assert_int_equal(v0->arch.regs.pc, 0x40001008);
	assert_int_equal(calls.wfis, 1);
	trap_handle(v0, &fp);
	trap_handle(v0, &unknown);
	assert_int_equal(host_vcpu_log.count, 2);
	assert_int_equal(host_vcpu_log.last, HOST_INJECT_UNDEF);
}

static bool scratch_device(struct vcpu *v, void *dev, struct vmmio_access *a)
{
	uint64_t *reg = dev;

	if (a->write)
		*reg = a->value;
	else
		a->value = *reg;
	return true;
}

static void an_emulated_device_is_reached_anything_else_aborts(void **state)
{
	uint64_t reg = 0;
	struct trap_info t = { .kind = TRAP_DABT, .insn_len = 4,
			       .abort = { .ipa = 0x9000008, .write = true, .isv = true,
					  .size = 4, .reg = 2, .fault = FAULT_TRANSLATION } };

	assert_true(vmmio_register(&vm->mmio, 0x9000000, 0x1000, scratch_device, &reg));
	arch_vcpu_set_reg(&v0->arch, 2, 0xabcd);
	trap_handle(v0, &t);
	assert_int_equal(reg, 0xabcd);
	assert_int_equal(v0->arch.regs.pc, 0x40001004);
	assert_int_equal(vm->faults, 0);

	t.abort.ipa = 0x50000000;                  /* nothing there */
	trap_handle(v0, &t);
	trap_handle(v0, &t);
	assert_int_equal(vm->faults, 2);
	assert_int_equal(host_vcpu_log.count, 2);
	assert_int_equal(host_vcpu_log.last, HOST_INJECT_ABORT);
	assert_int_equal(host_vcpu_log.last_abort.abort.ipa, 0x50000000);
	/* Reported once per run, on Septum's console. */
	assert_non_null(strstr(uart_fake.out, "septum: vm guest vcpu 0: data write at IPA 0x50000000"));
	assert_null(strstr(strstr(uart_fake.out, "0x50000000") + 1, "0x50000000 ("));
}

/* hvc_fast, the exception vector's short path: for each call it takes,
 * the same answer as the full path; every other call (an effect on the
 * caller, another width, an AArch32 caller) refused with nothing done. */
static void the_short_path_answers_as_the_full_one(void **state)
{
	static const uint32_t taken[] = { SMCCC_VERSION, SEPTUM_HC_NOP, SEPTUM_HC_VM_INFO,
					  SEPTUM_HC_VM_STATS, SEPTUM_HC_DOORBELL };
	static const uint32_t refused[] = { SMCCC_ARCH_FEATURES, SEPTUM_HC_CONSOLE_WRITE,
					    SEPTUM_HC_WDOG_KICK, SEPTUM_HC_HEALTH,
					    SEPTUM_HC_CALL_UID, SEPTUM_HC32(0x0), PSCI_CPU_ON_64,
					    SEPTUM_HC(0x77) };
	struct smccc_res out;

	vm->id = 2;
	vm->faults = 9;
	for (unsigned i = 0; i < ARRAY_SIZE(taken); i++) {
		memset(&out, 0, sizeof(out));
		assert_true(hvc_fast(v0, taken[i], 5, &out));
		hvc(0, taken[i], 5, 0, 0);
		for (unsigned r = 0; r < out.nres; r++)
			assert_int_equal(out.r[r], (int64_t)x(r));
	}
	assert_int_equal(calls.rings, 2);
	calls.rings = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(refused); i++)
		assert_false(hvc_fast(v0, refused[i], 0, &out));
	v0->arch.aarch32 = true;
	assert_false(hvc_fast(v0, SEPTUM_HC_DOORBELL, 0, &out));
	assert_false(hvc_fast(v0, SEPTUM_HC_NOP, 0, &out));
	assert_int_equal(calls.rings, 0);
	assert_int_equal(vm->vcpu[1].power, VCPU_OFF);
}

/* From AArch32 the short path takes the same calls in their SMC32 form,
 * with the caller's 32-bit r1, and answers as the full path does; their
 * SMC64 forms, the general queries and other owners' calls it refuses. */
static void the_short_path_takes_smc32_forms_from_aarch32(void **state)
{
	static const uint32_t taken[] = { SMCCC_VERSION, SEPTUM_HC_NOP, SEPTUM_HC_VM_INFO,
					  SEPTUM_HC_VM_STATS, SEPTUM_HC_DOORBELL };
	static const uint32_t refused[] = { SEPTUM_HC_CALL_COUNT, SEPTUM_HC32(0x1),
					    PSCI_CPU_ON_32, SMCCC_ARCH_FEATURES,
					    SEPTUM_HC(0x77) & ~SMCCC_SMC64 };
	struct smccc_res out;

	vm->id = 3;
	v0->arch.aarch32 = true;
	for (unsigned i = 0; i < ARRAY_SIZE(taken); i++) {
		uint32_t fid = taken[i] == SMCCC_VERSION ? SMCCC_VERSION : taken[i] & ~SMCCC_SMC64;

		memset(&out, 0, sizeof(out));
		assert_true(hvc_fast(v0, fid, 0xffffffff00000005ull, &out));
		hvc32(fid, 0xffffffff00000005ull, 0, 0);
		for (unsigned r = 0; r < out.nres; r++)
			assert_int_equal(out.r[r], (int64_t)x(r));
	}
	assert_int_equal(calls.rings, 2);
	assert_int_equal(calls.ring_idx, 5);
	for (unsigned i = 0; i < ARRAY_SIZE(refused); i++)
		assert_false(hvc_fast(v0, refused[i], 0, &out));
	for (unsigned i = 1; i < ARRAY_SIZE(taken); i++)
		assert_false(hvc_fast(v0, taken[i], 0, &out));
	assert_int_equal(calls.rings, 2);
	assert_int_equal(vm->vcpu[1].power, VCPU_OFF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(smccc_version_and_features, setup),
		cmocka_unit_test_setup(aarch32_callers_use_the_smc32_forms, setup),
		cmocka_unit_test_setup(aarch32_console_write_packs_4_bytes_per_register, setup),
		cmocka_unit_test_setup(every_vendor_call_answers, setup),
		cmocka_unit_test_setup(the_short_path_answers_as_the_full_one, setup),
		cmocka_unit_test_setup(the_short_path_takes_smc32_forms_from_aarch32, setup),
		cmocka_unit_test_setup(console_write_reaches_the_console, setup),
		cmocka_unit_test_setup(calls_that_are_not_calls_change_nothing, setup),
		cmocka_unit_test_setup(smc32_arguments_are_truncated, setup),
		cmocka_unit_test_setup(septum_calls_take_the_callers_width, setup),
		cmocka_unit_test_setup(aarch32_console_write_takes_4_bytes_a_register, setup),
		cmocka_unit_test_setup(aarch32_caller_smc64_rules, setup),
		cmocka_unit_test_setup(aarch64_entry_must_be_4_byte_aligned, setup),
		cmocka_unit_test_setup(smc_skips_the_instruction_hvc_does_not, setup),
		cmocka_unit_test_setup(psci_cpu_on_kicks_the_target, setup),
		cmocka_unit_test_setup(psci_system_off_and_reset_stop_the_vm, setup),
		cmocka_unit_test_setup(auxiliary_control_reads_as_zero_ignores_writes, setup),
		cmocka_unit_test_setup(id_registers_read_as_the_vms_view, setup),
		cmocka_unit_test_setup(id_register_writes_are_undefined, setup),
		cmocka_unit_test_setup(sgi_writes_reach_the_vgic, setup),
		cmocka_unit_test_setup(aarch32_sgi_write_joins_its_two_registers, setup),
		cmocka_unit_test_setup(other_system_registers_are_undefined, setup),
		cmocka_unit_test_setup(wfi_is_skipped_fp_and_unknown_are_undefined, setup),
		cmocka_unit_test_setup(an_emulated_device_is_reached_anything_else_aborts, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
