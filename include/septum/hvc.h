/* SPDX-License-Identifier: MIT */
/*
 * Septum hypercall ABI, shared with guests.
 *
 * Guests call the hypervisor with HVC #0 (or SMC #0) following the Arm SMC
 * Calling Convention (DEN0028): the function ID in w0, arguments in x1..x7,
 * results in x0..x3. Septum's own calls live in the vendor-specific
 * hypervisor service range (owner 6). Fast calls only.
 *
 * Nothing here depends on hypervisor internals.
 */
#ifndef SEPTUM_HVC_H
#define SEPTUM_HVC_H

/* SMCCC function ID fields (DEN0028 2.5). */
#define SMCCC_FAST_CALL        0x80000000u
#define SMCCC_SMC64            0x40000000u
#define SMCCC_OWNER_SHIFT      24
#define SMCCC_OWNER_MASK       0x3fu
#define SMCCC_OWNER_ARCH       0u
#define SMCCC_OWNER_STANDARD   4u
#define SMCCC_OWNER_VENDOR_HYP 6u

/* Arm architecture calls (owner 0). */
#define SMCCC_VERSION          0x80000000u
#define SMCCC_ARCH_FEATURES    0x80000001u
#define SMCCC_VERSION_1_1      0x10001

/* SMCCC return codes (Linux's <linux/arm-smccc.h> has the same values). */
#ifndef SMCCC_RET_NOT_SUPPORTED
#define SMCCC_RET_SUCCESS              0
#define SMCCC_RET_NOT_SUPPORTED        (-1)
#define SMCCC_RET_NOT_REQUIRED         (-2)
#define SMCCC_RET_INVALID_PARAMETER    (-3)
#endif

/* Standard queries every vendor service answers (DEN0028 6.2). */
#define SEPTUM_HC_CALL_COUNT   0x8600ff00u
#define SEPTUM_HC_CALL_UID     0x8600ff01u
#define SEPTUM_HC_REVISION     0x8600ff03u

/* Septum's UID, returned in w0..w3 by SEPTUM_HC_CALL_UID. */
#define SEPTUM_UID_0           0x53455054u /* "SEPT" */
#define SEPTUM_UID_1           0x554d4856u /* "UMHV" */
#define SEPTUM_UID_2           0x8f3a11c2u
#define SEPTUM_UID_3           0x6b7e0d45u

#define SEPTUM_REVISION_MAJOR  0
#define SEPTUM_REVISION_MINOR  1

/*
 * Septum calls (SMC64 fast calls, owner 6; from AArch32, which has no SMC64
 * calls, their SMC32 forms: bit 30 clear).
 *
 * SEPTUM_HC_NOP: does nothing, returns 0. Used to measure hypercall cost.
 *
 * SEPTUM_HC_CONSOLE_WRITE: x1 = length (0..SEPTUM_CONSOLE_CHUNK),
 *   x2..x7 = the bytes, packed little-endian (byte 0 in the low byte of x2;
 *   from AArch32, r2..r7 hold 4 bytes each: up to 24 bytes).
 *   Writes them to the VM's console as a UART write would (raw while the
 *   VM has the console's input, else gathered into whole lines prefixed
 *   with the VM name). Returns 0, or SEPTUM_E_INVAL for a bad length.
 *
 * SEPTUM_HC_VM_INFO: returns x0 = 0, x1 = VM id, x2 = calling vCPU index,
 *   x3 = number of vCPUs in the VM.
 *
 * SEPTUM_HC_DOORBELL: x1 = channel number (the septum,id of its node in
 *   the guest device tree). Raises the peer's doorbell interrupt and
 *   returns 0 at once (never waits; a doorbell to a stopped peer is lost),
 *   or SEPTUM_E_NO_CHANNEL if the caller is no end of such a channel.
 *
 * SEPTUM_HC_VM_STATS: returns x0 = 0, x1 = number of stage-2 faults the
 *   hypervisor has reflected into this VM since it last started, x2 = how
 *   many times the VM has been started (1 on first boot, +1 per restart),
 *   x3 = DMA faults the SMMU has blocked from this VM's devices since it
 *   last started (0 without an SMMU).
 */
#define SEPTUM_HC(n)           (SMCCC_FAST_CALL | SMCCC_SMC64 | \
                                (SMCCC_OWNER_VENDOR_HYP << SMCCC_OWNER_SHIFT) | (n))
#define SEPTUM_HC_NOP          SEPTUM_HC(0x0)
#define SEPTUM_HC_CONSOLE_WRITE SEPTUM_HC(0x1)
#define SEPTUM_HC_VM_INFO      SEPTUM_HC(0x2)
#define SEPTUM_HC_VM_STATS     SEPTUM_HC(0x3)
#define SEPTUM_HC_DOORBELL     SEPTUM_HC(0x4)
#define SEPTUM_HC_WDOG_KICK    SEPTUM_HC(0x5)
#define SEPTUM_HC_HEALTH       SEPTUM_HC(0x6)
#define SEPTUM_HC_COUNT        7u

/* SEPTUM_HC_HEALTH's events, each counted per VM. */
#define SEPTUM_HEALTH_WDOG     0   /* missed its watchdog */
#define SEPTUM_HEALTH_FAULT    1   /* a fault Septum cannot reflect (SError) */
#define SEPTUM_HEALTH_POWEROFF 2   /* powered off (PSCI SYSTEM_OFF) */
#define SEPTUM_HEALTH_RESTART  3   /* restarted (its policy, or SYSTEM_RESET) */
#define SEPTUM_HEALTH_STOP     4   /* stopped for good by its policy */
#define SEPTUM_HEALTH_EVENTS   5

/* SEPTUM_HC_HEALTH's VM states. */
#define SEPTUM_VM_STOPPED      0
#define SEPTUM_VM_RUNNING      1
#define SEPTUM_VM_STOPPING     2
/* The same calls from AArch32 (which has no SMC64 calls, DEN0028 2.5):
 * their SMC32 form, 32-bit registers (r0-r7 for x0-x7), so
 * SEPTUM_HC_CONSOLE_WRITE takes 4 bytes per register, at most
 * SEPTUM_CONSOLE_CHUNK32. Each form is the call only from its own width:
 * from AArch64 the SMC32 form, from AArch32 the SMC64 form, is
 * SMCCC_RET_NOT_SUPPORTED. */
#define SEPTUM_HC32(n)         (SEPTUM_HC(n) & ~SMCCC_SMC64)
#define SEPTUM_CONSOLE_CHUNK32 24

#define SEPTUM_CONSOLE_CHUNK   48

/* Septum error codes (returned in x0, negative). */
#define SEPTUM_OK              0
#define SEPTUM_E_NOT_SUPPORTED SMCCC_RET_NOT_SUPPORTED
#define SEPTUM_E_INVAL         (-3)
#define SEPTUM_E_NO_CHANNEL    (-5)
#define SEPTUM_E_DENIED        (-6)
#define SEPTUM_E_NO_WATCHDOG   (-7)

#endif /* SEPTUM_HVC_H */
