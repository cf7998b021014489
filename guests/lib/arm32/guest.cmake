# The AArch32 test guests (ARMv7-A with the Virtualization Extensions, as
# Cortex-A7/A15 and the AArch32 EL1 of ARMv8 cores are; PL1, SVC mode):
# ARM (not Thumb) code, so that a skipped instruction is 4 bytes; no
# FP/SIMD registers; no unaligned accesses (the MMU is off: Strongly-
# ordered memory). 64-bit division comes from arm-none-eabi-gcc's libgcc.
set(GUEST_ARCH_CFLAGS -march=armv7ve -marm -mfloat-abi=soft
    -mgeneral-regs-only -mno-unaligned-access)
# arm-none-eabi-gcc's specs ignore -static-pie: ask the linker directly.
set(GUEST_PIE_LDFLAGS -Wl,-pie)
set(GUEST_ARCH_LIBS gcc)
find_program(GUEST_READELF arm-none-eabi-readelf REQUIRED)
set(GUEST_RELOC_PREFIX R_ARM_)
set(GUEST_RELOC_RELATIVE R_ARM_RELATIVE)
# idregs32: the CP15 ID registers an ARMv7-A VM sees (idregs, the AArch64
# ID registers, is the aarch64 tree's).
set(GUEST_ARCH_ONLY idregs32)
