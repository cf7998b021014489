/* SPDX-License-Identifier: MIT */
/* smccc_call(): the conduit named by the DT's /psci "method". */
#include <guest/smccc.h>

static enum smccc_conduit conduit = SMCCC_CONDUIT_HVC;

void smccc_set_conduit(enum smccc_conduit c)
{
	conduit = c;
}

enum smccc_conduit smccc_conduit(void)
{
	return conduit;
}

struct smccc_res smccc_call(u64 fid, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5,
			    u64 a6, u64 a7)
{
	if (conduit == SMCCC_CONDUIT_SMC)
		return smccc_smc(fid, a1, a2, a3, a4, a5, a6, a7);
	return smccc_hvc(fid, a1, a2, a3, a4, a5, a6, a7);
}
