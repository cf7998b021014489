/* SPDX-License-Identifier: MIT */
/* What the host stand-in SMMU was asked (src/arch/host/smmu.c). */
#ifndef SEPTUM_HOST_SMMU_H
#define SEPTUM_HOST_SMMU_H

#include <stdint.h>

struct host_smmu_log {
	unsigned quiesced, resumed;        /* smmu_quiesce, smmu_resume calls */
	unsigned quiesce_syncs;            /* host_vcpu_log.syncs at the last quiesce */
	unsigned resume_syncs;             /* ... at the last resume */
	uint64_t faults;                   /* what smmu_faults() answers */
};

extern struct host_smmu_log host_smmu_log;

#endif /* SEPTUM_HOST_SMMU_H */
