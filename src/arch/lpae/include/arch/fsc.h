/* SPDX-License-Identifier: MIT */
/*
 * Long-descriptor fault status codes, as a stage-2 abort's syndrome gives
 * them: ESR_EL2's DFSC/IFSC (Arm ARM D19.2.37, table "DFSC") and the
 * ARMv7-A HSR's (DDI 0406C.d B3.13.6, table B3-23; with LPAE the HSR
 * always reports these) are one encoding where Septum reads them: bits
 * [5:2] the kind, [1:0] the level. Pure: both builds' trap decoders and
 * the host tests include it.
 */
#ifndef SEPTUM_ARCH_FSC_H
#define SEPTUM_ARCH_FSC_H

#include "trap.h"

/* out->abort.fault and .level from a 6-bit fault status code. Encodings
 * Septum does not tell apart (alignment, TLB conflict, the reserved 0,
 * FEAT_LPA2's level -1) are FAULT_OTHER. */
static inline void lpae_decode_fsc(uint32_t fsc, struct trap_info *out)
{
	out->abort.level = fsc & 3;
	switch (fsc & 0x3c) {
	case 0x04:
		out->abort.fault = FAULT_TRANSLATION;
		break;
	case 0x08:
		out->abort.fault = FAULT_ACCESS_FLAG;
		break;
	case 0x0c:
		out->abort.fault = FAULT_PERMISSION;
		break;
	case 0x10:
	case 0x14:
		out->abort.fault = FAULT_EXTERNAL;
		break;
	default:
		out->abort.fault = FAULT_OTHER;
		break;
	}
}

#endif /* SEPTUM_ARCH_FSC_H */
