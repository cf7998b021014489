# The AArch64 test guests (EL1): no FP/SIMD registers, no unaligned
# accesses (the MMU is off: Device memory), no outline atomics (no libgcc).
set(GUEST_ARCH_CFLAGS -mgeneral-regs-only -mstrict-align -mno-outline-atomics)
set(GUEST_PIE_LDFLAGS -static-pie -Wl,-z,norelro)
set(GUEST_ARCH_LIBS "")
find_program(GUEST_READELF aarch64-linux-gnu-readelf REQUIRED)
set(GUEST_RELOC_PREFIX R_AARCH64_)
set(GUEST_RELOC_RELATIVE R_AARCH64_RELATIVE)
# idregs reads the AArch64 ID registers: nothing to check on AArch32.
set(GUEST_ARCH_ONLY idregs dmaprobe)
