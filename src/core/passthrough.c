/* SPDX-License-Identifier: MIT */
/*
 * Board devices given to a VM: their MMIO ranges mapped into its stage 2
 * (Device-nGnRE, never executable) and their interrupts, plus any extra
 * ones the partition lists, routed to it alone. A physical SPI of a VM is
 * delivered to the CPU of its vCPU 0, handed to the virtual GIC linked to
 * the hardware (the guest's deactivation ends it), and never seen by
 * another VM.
 */
#include "check.h"
#include "console.h"
#include "cpu.h"
#include "gic.h"
#include "passthrough.h"
#include "vgic_vm.h"
#include "vm.h"

/* Which VM owns each physical SPI (NULL: none). Set at boot only. */
static struct vm *spi_owner[VM_MAX_INTID + 1];

static bool give_irq(struct vm *vm, uint32_t intid, const char *what)
{
	if (intid < 32 || intid > VM_MAX_INTID || (spi_owner[intid] && spi_owner[intid] != vm) ||
	    vgic_set_owned(&vm->vgic, intid) != VGIC_OK ||
	    vgic_set_hw(&vm->vgic, 0, intid, true) != VGIC_OK) {
		log_info("error: %s: %s: INTID %u cannot be given to it; VM %s refused",
			 vm->cfg->path, what, intid, vm->cfg->name);
		return false;
	}
	return true;
}

__boot bool passthrough_init(struct vm *vm)
{
	const struct cfg_vm *c = vm->cfg;

	for (unsigned i = 0; i < c->ndev; i++) {
		const struct cfg_device *d = &c->dev[i];

		for (unsigned r = 0; r < d->nreg; r++) {
			enum pt_err err = pt_map(&vm->s2, d->reg[r].guest, pa_init(d->reg[r].host),
						 d->reg[r].size, PT_RW | PT_DEVICE);

			if (err != PT_OK) {
				log_info("error: %s/devices/%s: reg %u: stage-2 map of %#lx failed: "
					 "%s; VM %s refused", c->path, d->name, r, d->reg[r].host,
					 pt_strerror(err), c->name);
				return false;
			}
		}
		for (unsigned q = 0; q < d->nirq; q++)
			if (!give_irq(vm, d->irq[q], d->path))
				return false;
	}
	for (unsigned i = 0; i < c->nirq; i++)
		if (!give_irq(vm, c->irq[i], "interrupts"))
			return false;
	return true;
}

/* Once every VM is built (the GIC is up): route the VM's SPIs. */
void passthrough_route(struct vm *vm)
{
	const struct cfg_vm *c = vm->cfg;
	const struct cpu *cpu = &cpus[vm->vcpu[0].cpu];

	for (unsigned i = 0; i < c->ndev; i++)
		for (unsigned q = 0; q < c->dev[i].nirq; q++) {
			spi_owner[c->dev[i].irq[q]] = vm;
			gic->route_spi(c->dev[i].irq[q], cpu->id, cpu->mpidr);
		}
	for (unsigned i = 0; i < c->nirq; i++) {
		spi_owner[c->irq[i]] = vm;
		gic->route_spi(c->irq[i], cpu->id, cpu->mpidr);
	}
}

bool passthrough_irq(uint32_t intid)
{
	struct vm *vm;

	if (intid < 32 || intid > VM_MAX_INTID || !(vm = spi_owner[intid]))
		return false;
	if (__atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) != VM_RUNNING) {
		gic->deactivate(intid);
		return true;
	}
	vgic_vm_set_pending(vm, 0, intid);
	return true;
}

enum vcpu_fast passthrough_irq_fast(struct vcpu *v, uint32_t intid)
{
	if (intid < 32 || intid > VM_MAX_INTID || spi_owner[intid] != v->vm ||
	    __atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) != VM_RUNNING)
		return VCPU_FAST_NO;
	return vgic_vcpu_forward(v, intid);
}
