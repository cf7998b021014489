/* SPDX-License-Identifier: MIT */
/*
 * LPAE descriptor encoding, 4 KiB granule, 40-bit output addresses (Arm
 * ARM DDI 0406C.d, B3.6.1 "Long-descriptor translation table format
 * descriptors" and B3.6.2 "Memory attributes in the Long-descriptor
 * translation table format descriptors"). Pure functions: no system
 * register or memory access, so the host unit tests use this very file.
 *
 * HYP stage 1 relies on HMAIR0 holding Attr0 = 0xff (Normal, Write-Back)
 * and Attr1 = 0x04 (Device): ARCH_HMAIR0 in arch/pte.h.
 */
#include <arch/pte.h>

/* B3.6.1: bits[1:0]. */
#define PTE_VALID          BIT(0)
#define PTE_TYPE_BIT       BIT(1)   /* table (L1, L2) or page (L3); 0: block */
/* Output address / next-level table address, bits[39:12]. */
#define PTE_ADDR_MASK      0x000000fffffff000ull

/* Lower attributes, both stages: SH[9:8], AF[10]. */
#define PTE_SH_INNER       (3ull << 8)
#define PTE_AF             BIT(10)

/*
 * HYP stage 1: AttrIndx[4:2], AP[2:1] bits [7:6] with AP[1] SBO in the
 * HYP translation regime (B3.6.2 "Hyp mode control of access
 * permissions"), XN bit 54 (PXN is SBZ in HYP).
 */
#define S1_ATTRINDX_SHIFT  2
#define S1_ATTRINDX_MASK   (7ull << S1_ATTRINDX_SHIFT)
#define S1_ATTRINDX_DEVICE 1ull
#define S1_AP1_SBO         BIT(6)
#define S1_AP2_RO          BIT(7)
#define S1_XN              BIT(54)

/* Stage 2: MemAttr[3:0] bits [5:2], HAP[2:1] bits [7:6], XN bit 54
 * (B3.6.2 "Stage 2 memory region attributes"). */
#define S2_MEMATTR_NORMAL  (0xfull << 2) /* Outer and Inner Write-Back */
#define S2_MEMATTR_DEVICE  (0x1ull << 2) /* Device */
#define S2_MEMATTR_IS_DEV  (0xcull << 2) /* MemAttr[3:2] == 0b00: Strongly-ordered or Device */
#define S2_HAP_R           BIT(6)
#define S2_HAP_W           BIT(7)
#define S2_XN              BIT(54)

uint64_t arch_pte_invalid(void)
{
	return 0;
}

uint64_t arch_pte_table(paddr_t table)
{
	return (pa_addr(table) & PTE_ADDR_MASK) | PTE_TYPE_BIT | PTE_VALID;
}

static uint64_t s1_attrs(uint32_t attrs)
{
	uint64_t d = S1_AP1_SBO;

	if (attrs & PT_DEVICE)
		d |= S1_ATTRINDX_DEVICE << S1_ATTRINDX_SHIFT;
	else
		d |= PTE_SH_INNER;   /* AttrIndx 0: Normal */
	if (!(attrs & PT_W))
		d |= S1_AP2_RO;
	if (!(attrs & PT_X) || (attrs & PT_DEVICE))
		d |= S1_XN;
	return d;
}

static uint64_t s2_attrs(uint32_t attrs)
{
	uint64_t d = 0;

	if (attrs & PT_DEVICE)
		d |= S2_MEMATTR_DEVICE;
	else
		d |= S2_MEMATTR_NORMAL | PTE_SH_INNER;
	if (attrs & PT_R)
		d |= S2_HAP_R;
	if (attrs & PT_W)
		d |= S2_HAP_W;
	if (!(attrs & PT_X) || (attrs & PT_DEVICE))
		d |= S2_XN;
	return d;
}

/*
 * HYP stage 1 cannot express "not readable": every valid mapping reads.
 * Device memory is never executable, whatever PT_X says.
 */
uint64_t arch_pte_leaf(paddr_t out, uint32_t attrs, unsigned level, enum pt_stage stage)
{
	uint64_t d = (pa_addr(out) & PTE_ADDR_MASK) | PTE_AF | PTE_VALID;

	if (level == ARCH_PT_MAX_LEVEL)
		d |= PTE_TYPE_BIT;
	d |= stage == PT_STAGE2 ? s2_attrs(attrs) : s1_attrs(attrs);
	return d;
}

bool arch_pte_is_valid(uint64_t pte)
{
	return (pte & PTE_VALID) != 0;
}

bool arch_pte_is_table(uint64_t pte, unsigned level)
{
	return level < ARCH_PT_MAX_LEVEL && (pte & PTE_VALID) && (pte & PTE_TYPE_BIT);
}

paddr_t arch_pte_addr(uint64_t pte)
{
	return pa_init(pte & PTE_ADDR_MASK);
}

uint32_t arch_pte_attrs(uint64_t pte, enum pt_stage stage)
{
	uint32_t attrs = 0;

	if (stage == PT_STAGE2) {
		if ((pte & S2_MEMATTR_IS_DEV) == 0)
			attrs |= PT_DEVICE;
		if (pte & S2_HAP_R)
			attrs |= PT_R;
		if (pte & S2_HAP_W)
			attrs |= PT_W;
		if (!(pte & S2_XN))
			attrs |= PT_X;
	} else {
		attrs |= PT_R;
		if ((pte & S1_ATTRINDX_MASK) == S1_ATTRINDX_DEVICE << S1_ATTRINDX_SHIFT)
			attrs |= PT_DEVICE;
		if (!(pte & S1_AP2_RO))
			attrs |= PT_W;
		if (!(pte & S1_XN))
			attrs |= PT_X;
	}
	return attrs;
}
