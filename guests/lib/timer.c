/* SPDX-License-Identifier: MIT */
/* The EL1 virtual timer; see guest/timer.h. */
#include <libfdt.h>

#include <guest/dt.h>
#include <guest/timer.h>

#define TIMER_VIRT_DEFAULT	27
#define TIMER_PHYS_DEFAULT	30
#define DT_IRQ_TYPE_PPI		1	/* GIC specifier's 1st cell */
#define TIMER_IRQ_PHYS		1	/* sec-phys, phys, virt, hyp */
#define TIMER_IRQ_VIRT		2

/* Entry which of the DT timer's "interrupts", a PPI, as an INTID. */
static u32 timer_intid(unsigned which, u32 dflt)
{
	const void *fdt = (const void *)(uintptr_t)dt_addr();
	const fdt32_t *irqs;
	int node, len;

	if (!fdt)
		return dflt;
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	if (node < 0)
		node = fdt_path_offset(fdt, "/timer");
	irqs = node < 0 ? NULL : fdt_getprop(fdt, node, "interrupts", &len);
	/* Three cells per entry (#interrupt-cells of the GIC bindings). */
	if (!irqs || len < (int)(which + 1) * 12)
		return dflt;
	irqs += 3 * which;
	if (fdt32_to_cpu(irqs[0]) != DT_IRQ_TYPE_PPI ||
	    fdt32_to_cpu(irqs[1]) >= 16)
		return dflt;
	return 16 + fdt32_to_cpu(irqs[1]);
}

u32 timer_virt_intid(void)
{
	return timer_intid(TIMER_IRQ_VIRT, TIMER_VIRT_DEFAULT);
}

u32 timer_phys_intid(void)
{
	return timer_intid(TIMER_IRQ_PHYS, TIMER_PHYS_DEFAULT);
}

void timer_virt_arm(u64 cval)
{
	write_sysreg(cntv_cval_el0, cval);
	isb();
	write_sysreg(cntv_ctl_el0, TIMER_CTL_ENABLE);
	isb();
}

void timer_virt_stop(void)
{
	write_sysreg(cntv_ctl_el0, 0);
	isb();
}

void timer_virt_mask(void)
{
	write_sysreg(cntv_ctl_el0, TIMER_CTL_ENABLE | TIMER_CTL_IMASK);
	isb();
}

u32 timer_virt_ctl(void)
{
	return (u32)read_sysreg(cntv_ctl_el0);
}

void timer_phys_arm(u64 cval)
{
	write_sysreg(cntp_cval_el0, cval);
	isb();
	write_sysreg(cntp_ctl_el0, TIMER_CTL_ENABLE);
	isb();
}

void timer_phys_stop(void)
{
	write_sysreg(cntp_ctl_el0, 0);
	isb();
}

u32 timer_phys_ctl(void)
{
	return (u32)read_sysreg(cntp_ctl_el0);
}
