/* SPDX-License-Identifier: MIT */
/*
 * a32check: an AArch32 EL1 guest (Thumb C, ARM probes in a32check.S) that
 * checks what Septum does for AArch32 VMs under the AArch64 hypervisor:
 * the 32-bit boot protocol, hypercalls and PSCI in their SMC32 forms and
 * through SMC, trapped MRCs into banked registers, the ID registers' VM
 * view, undefined instructions and stage-2 aborts taken in AArch32 modes,
 * VFP, and a second vCPU started in Thumb by CPU_ON. Prints "TEST <name>
 * PASS|FAIL", then "DONE a32check passed=<n> failed=<n>" and turns the VM
 * off. Its console is the VM's PL011 at 0x09000000 (QEMU virt's page).
 */
#include <stdint.h>

#define UART_DR  ((volatile uint32_t *)0x09000000)
#define UART_FR  ((volatile uint32_t *)0x09000018)
#define NOWHERE  0x80000000u     /* outside the VM's memory */

#define PSCI_VERSION        0x84000000u
#define PSCI_CPU_ON         0x84000003u
#define PSCI_AFFINITY_INFO  0x84000004u
#define PSCI_SYSTEM_OFF     0x84000008u
#define PSCI_CPU_ON_64      0xc4000003u
#define HC32_CONSOLE_WRITE  0x86000001u
#define HC32_VM_INFO        0x86000002u
#define HC64_VM_INFO        0xc6000002u

extern uint32_t boot_regs[4], secondary_regs[2], exc[6], exc_resume;
extern char a32_undef_arm_insn[], a32_undef_thumb_insn[], a32_load_insn[],
	a32_store_insn[], a32_secondary_entry[], a32_fetch_resume[];
uint32_t a32_mrc_lr(void);
void a32_banked(uint32_t out[4]);
void a32_undef_arm(void);
void a32_undef_thumb(void);
uint32_t a32_load(uint32_t addr);
void a32_store(uint32_t addr, uint32_t v);
void a32_fetch(uint32_t addr);
uint32_t a32_vfp(uint32_t a, uint32_t b);
uint32_t a32_smc_cond(uint32_t fid);
void a32_main(void);
void a32_secondary(void);

static unsigned passed, failed;
static volatile uint32_t secondary_done;

static void putc_(char c)
{
	while (*UART_FR & (1u << 5))
		;
	*UART_DR = (uint32_t)c;
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void puthex(uint32_t v)
{
	puts_("0x");
	for (int i = 28; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 0xf]);
}

static void putdec(uint32_t v)
{
	char b[11];
	int n = 0;

	do
		b[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < 10);
	while (n)
		putc_(b[--n]);
}

static void check(const char *name, int ok, const char *what, uint32_t got)
{
	puts_("TEST ");
	puts_(name);
	if (ok) {
		puts_(" PASS\n");
		passed++;
		return;
	}
	puts_(" FAIL ");
	puts_(what);
	puts_(" = ");
	puthex(got);
	putc_('\n');
	failed++;
}

struct res { uint32_t r[4]; };

static struct res call(int smc, uint32_t fid, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = fid;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;

	if (smc)
		__asm__ volatile(".arch_extension sec\n smc #0"
				 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
	else
		__asm__ volatile(".arch_extension virt\n hvc #0"
				 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
	return (struct res){ { r0, r1, r2, r3 } };
}

/* SEPTUM_HC32 console write: 4 bytes to a register, r2..r7. */
static int32_t hc_console(const char *s, uint32_t len)
{
	uint32_t w[6] = { 0 };

	for (uint32_t i = 0; i < len && i < 24; i++)
		w[i / 4] |= (uint32_t)(uint8_t)s[i] << (8 * (i % 4));
	register uint32_t r0 __asm__("r0") = HC32_CONSOLE_WRITE;
	register uint32_t r1 __asm__("r1") = len;
	register uint32_t r2 __asm__("r2") = w[0];
	register uint32_t r3 __asm__("r3") = w[1];
	register uint32_t r4 __asm__("r4") = w[2];
	register uint32_t r5 __asm__("r5") = w[3];
	register uint32_t r6 __asm__("r6") = w[4];
	register uint32_t r7 __asm__("r7") = w[5];

	__asm__ volatile(".arch_extension virt\n hvc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
			 : "r"(r4), "r"(r5), "r"(r6), "r"(r7) : "memory");
	return (int32_t)r0;
}

static void test_boot(void)
{
	const uint8_t *dt = (const uint8_t *)boot_regs[2];

	check("a32-boot-r0-zero", boot_regs[0] == 0, "r0", boot_regs[0]);
	check("a32-boot-r1-no-machine", boot_regs[1] == 0xffffffffu, "r1", boot_regs[1]);
	check("a32-boot-r2-dtb", dt[0] == 0xd0 && dt[1] == 0x0d && dt[2] == 0xfe && dt[3] == 0xed,
	      "r2", boot_regs[2]);
	/* SVC, A I F masked, ARM state. */
	check("a32-boot-svc-masked", (boot_regs[3] & 0x1ff) == 0x1d3, "cpsr", boot_regs[3]);
}

static void test_calls(void)
{
	struct res r = call(0, PSCI_VERSION, 0, 0, 0);

	check("a32-hvc-psci-version", r.r[0] == 0x10001, "r0", r.r[0]);
	r = call(1, PSCI_VERSION, 0, 0, 0);
	check("a32-smc-psci-version", r.r[0] == 0x10001, "r0", r.r[0]);
	r = call(0, HC32_VM_INFO, 0, 0, 0);
	check("a32-hc32-vm-info", r.r[0] == 0 && r.r[2] == 0 && r.r[3] == 2, "r3", r.r[3]);
	r = call(0, HC64_VM_INFO, 0, 0, 0);
	check("a32-hc64-refused", r.r[0] == 0xffffffffu, "r0", r.r[0]);
	r = call(0, PSCI_CPU_ON_64, 1, 0x40000000, 0);
	check("a32-smc64-psci-refused", r.r[0] == 0xffffffffu, "r0", r.r[0]);
	check("a32-smc-cond-fail-skipped", a32_smc_cond(0x12345678) == 0x12345678, "r0", 0);
	check("a32-hc32-console", hc_console("a32: hc32 console ok\n", 21) == 0, "r0", 0);
	check("a32-hc32-console-too-long", hc_console("x", 25) == -3, "r0", 0);
}

static void test_sysregs(void)
{
	uint32_t b[4], pfr1 = a32_mrc_lr();

	/* Security (7:4) and Virtualization (15:12) hidden; the generic
	 * timer (19:16) shown. */
	check("a32-id-pfr1-view", (pfr1 & 0xf0f0) == 0 && ((pfr1 >> 16) & 0xf) == 1, "ID_PFR1",
	      pfr1);
	a32_banked(b);
	check("a32-mrc-lr-abt", (b[0] & 0xf) == 1, "ID_PFR0 via LR_abt", b[0]);
	check("a32-mrc-r8-fiq", (b[1] & 0xf) == 1, "ID_PFR0 via R8_fiq", b[1]);
	check("a32-svc-lr-kept", b[2] == 0x5a5a0014, "LR_svc", b[2]);
	check("a32-svc-r8-kept", b[3] == 0x5a5a0008, "R8", b[3]);
}

static void test_undef(void)
{
	uint32_t thumb = (uint32_t)a32_undef_thumb_insn & ~1u;

	exc[0] = 0;
	exc_resume = (uint32_t)a32_undef_arm_insn + 4;
	a32_undef_arm();
	check("a32-undef-arm-taken", exc[0] == 1 && (exc[5] & 0x1f) == 0x1b, "kind|mode",
	      exc[0] << 8 | (exc[5] & 0x1f));
	check("a32-undef-arm-lr", exc[1] == (uint32_t)a32_undef_arm_insn + 4, "LR_und", exc[1]);
	exc[0] = 0;
	exc_resume = (thumb + 4) | 1;
	a32_undef_thumb();
	check("a32-undef-thumb-lr", exc[0] == 1 && exc[1] == thumb + 2, "LR_und", exc[1]);
}

static void test_aborts(void)
{
	exc[0] = 0;
	exc_resume = (uint32_t)a32_load_insn + 4;
	uint32_t v = a32_load(NOWHERE);

	check("a32-dabt-read", exc[0] == 3 && (exc[5] & 0x1f) == 0x17 && v == 0, "kind",
	      exc[0]);
	check("a32-dabt-lr", exc[1] == (uint32_t)a32_load_insn + 8, "LR_abt", exc[1]);
	check("a32-dabt-dfsr", exc[3] == 0x008, "DFSR", exc[3]);
	check("a32-dabt-dfar", exc[4] == NOWHERE, "DFAR", exc[4]);
	exc[0] = 0;
	exc_resume = (uint32_t)a32_store_insn + 4;
	a32_store(NOWHERE + 0x10, 1);
	check("a32-dabt-write-wnr", exc[0] == 3 && exc[3] == 0x808 && exc[4] == NOWHERE + 0x10,
	      "DFSR", exc[3]);
	exc[0] = 0;
	exc_resume = (uint32_t)a32_fetch_resume;
	a32_fetch(NOWHERE + 0x100);
	check("a32-pabt", exc[0] == 2 && exc[3] == 0x008 && exc[4] == NOWHERE + 0x100, "IFSR",
	      exc[3]);
	check("a32-pabt-lr", exc[1] == NOWHERE + 0x104, "LR_abt", exc[1]);
}

void a32_secondary(void)
{
	/* SVC, masked (MRS reads the T bit as 0: that its Thumb entry ran
	 * at all says it started in Thumb). */
	check("a32-cpu-on-context", secondary_regs[0] == 0xc0ffee00u, "r0", secondary_regs[0]);
	check("a32-cpu-on-thumb-svc", (secondary_regs[1] & 0x1ff) == 0x1d3, "cpsr",
	      secondary_regs[1]);
	check("a32-cpu-on-vm-info", call(0, HC32_VM_INFO, 0, 0, 0).r[2] == 1, "vcpu", 0);
	__atomic_store_n(&secondary_done, 1, __ATOMIC_RELEASE);
	call(0, 0x84000002u, 0, 0, 0);   /* CPU_OFF */
}

static void test_smp(void)
{
	struct res r = call(0, PSCI_CPU_ON, 1, (uint32_t)a32_secondary_entry, 0xc0ffee00u);

	/* Quiet until vCPU 1 is done: both write the one UART, unlocked. */
	for (unsigned i = 0; i < 100000000u && !__atomic_load_n(&secondary_done, __ATOMIC_ACQUIRE);
	     i++)
		;
	check("a32-cpu-on", r.r[0] == 0, "r0", r.r[0]);
	check("a32-cpu-on-ran", secondary_done, "done", 0);
	for (unsigned i = 0; i < 1000000u; i++)
		if (call(0, PSCI_AFFINITY_INFO, 1, 0, 0).r[0] == 1)   /* OFF */
			break;
	check("a32-cpu-off", call(0, PSCI_AFFINITY_INFO, 1, 0, 0).r[0] == 1, "state", 0);
}

void a32_main(void)
{
	puts_("a32check: AArch32 EL1 guest\n");
	test_boot();
	test_calls();
	test_sysregs();
	check("a32-vfp", a32_vfp(40000, 2026) == 42026, "sum", a32_vfp(40000, 2026));
	test_undef();
	test_aborts();
	test_smp();
	puts_("DONE a32check passed=");
	putdec(passed);
	puts_(" failed=");
	putdec(failed);
	putc_('\n');
	call(0, PSCI_SYSTEM_OFF, 0, 0, 0);
}
