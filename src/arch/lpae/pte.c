/* SPDX-License-Identifier: MIT */
/*
 * Translation table descriptor encoding, 4 KiB granule, for both builds:
 * VMSAv8-64 (Arm ARM DDI 0487K.a, D8.3 "Translation table descriptor
 * formats") and ARMv7-A's Long-descriptor (LPAE) format (DDI 0406C.d,
 * B3.6.1, B3.6.2) are one format where Septum uses them. The differences:
 * the output address has 48 bits on AArch64 and 40 on LPAE
 * (ARCH_PTE_OA_BITS, arch/pte.h); AArch64's stage-2 XN is two bits
 * [54:53] where LPAE's is bit 54 alone, and Septum only ever writes 0b10
 * ("not executable at EL1/EL0") or 0b00, which is LPAE's XN set or clear;
 * stage 1's AP[1] is RES1 at EL2 (E2H == 0) and SBO in HYP: the same bit.
 * Pure functions: no system register or memory access, so the host unit
 * tests use this very file (septum_host with 48 bits, septum_host32 with
 * 40).
 *
 * Stage 1 relies on MAIR_EL2 / HMAIR0 holding Attr0 = 0xff (Normal,
 * Inner/Outer Write-Back RA WA) and Attr1 = 0x04 (Device-nGnRE, ARMv7's
 * Device); see arch/pte.h.
 */
#include <arch/pte.h>

/* D8.3.1: bits[1:0] of every descriptor. */
#define PTE_VALID          BIT(0)
#define PTE_TYPE_BIT       BIT(1)   /* table (L0-L2) or page (L3); 0: block */
/* D8.3.1: output address / next-level table address, bits[OA-1:12]. */
#define PTE_ADDR_MASK      (((1ull << ARCH_PTE_OA_BITS) - 1) & ~0xfffull)

/* D8.3.2 lower attributes of Block and Page descriptors, both stages. */
#define PTE_SH_INNER       (3ull << 8)   /* SH[1:0] = 0b11, Inner Shareable */
#define PTE_AF             BIT(10)       /* Access flag: set, no AF faults */

/* Stage 1: AttrIndx[2:0] bits[4:2], AP[2:1] bits[7:6], XN bit 54. */
#define S1_ATTRINDX_SHIFT  2
#define S1_ATTRINDX_MASK   (7ull << S1_ATTRINDX_SHIFT)
#define S1_ATTRINDX_NORMAL 0ull
#define S1_ATTRINDX_DEVICE 1ull
/*
 * D8.4.1.2.1: "For a stage 1 translation that supports one Exception
 * level, AP[1] is RES1." That is the EL2 regime with E2H == 0, so bit 6 is
 * always set and only AP[2] (bit 7, read-only) carries meaning.
 */
#define S1_AP1_RES1        BIT(6)
#define S1_AP2_RO          BIT(7)
#define S1_XN              BIT(54)       /* XN in a one-EL regime (PXN RES0) */

/* Stage 2: MemAttr[3:0] bits[5:2], S2AP[1:0] (LPAE: HAP[2:1]) bits[7:6],
 * XN[1:0] bits[54:53] (LPAE: XN bit 54). */
#define S2_MEMATTR_MASK    (0xfull << 2)
#define S2_MEMATTR_NORMAL  (0xfull << 2) /* Outer WB, Inner WB */
#define S2_MEMATTR_DEVICE  (0x1ull << 2) /* Device-nGnRE */
#define S2_MEMATTR_IS_DEV  (0xcull << 2) /* MemAttr[3:2] == 0b00: Device */
#define S2AP_R             BIT(6)
#define S2AP_W             BIT(7)
#define S2_XN              BIT(54)       /* XN[1:0] = 0b10 / LPAE XN: no execution at EL1/EL0 */

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
	uint64_t d = S1_AP1_RES1;

	if (attrs & PT_DEVICE)
		d |= S1_ATTRINDX_DEVICE << S1_ATTRINDX_SHIFT;
	else
		d |= (S1_ATTRINDX_NORMAL << S1_ATTRINDX_SHIFT) | PTE_SH_INNER;
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
		d |= S2AP_R;
	if (attrs & PT_W)
		d |= S2AP_W;
	if (!(attrs & PT_X) || (attrs & PT_DEVICE))
		d |= S2_XN;
	return d;
}

/*
 * Stage 1 at EL2 (HYP) cannot express "not readable": every valid mapping reads.
 * Device memory is never executable (speculative instruction fetches must
 * not reach devices), whatever PT_X says.
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
		if (pte & S2AP_R)
			attrs |= PT_R;
		if (pte & S2AP_W)
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
