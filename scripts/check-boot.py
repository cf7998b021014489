#!/usr/bin/env python3
"""Checks that no code Septum keeps after boot refers to its boot-only code.

The boot-only code (septum.ld's .boottext: the partition and board
parsers, the guest device tree generator, libfdt, functions marked
__boot) is unmapped before the first VM starts; a call into it from then
on would fault in EL2. This reads the linked image and fails if, in the
code that stays mapped (.text), a branch (B, BL, B.cond, CBZ/CBNZ,
TBZ/TBNZ) or an address computed with ADR or ADRP+ADD lands in
.boottext, or if a pointer the image's relocations initialise (a function
pointer in a table) points into it from outside .boottext's own data.
The arm32 image (ARMv7-A) is checked the same way: its branches with
their condition codes (B, BL, BLX), and its R_ARM_RELATIVE words (REL:
the target is the word itself, read from the ELF file).

usage: check-boot.py septum.elf [objdump] [nm] [readelf]
"""
import re
import subprocess
import sys

COND = r"(?:eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?"
BRANCH = re.compile(r"^\s*([0-9a-f]+):\s+(b|bl|b\.\w+|cbn?z|tbn?z|blx?" + COND + r"|b" + COND + r")\s+(?:\w+,\s*)*(?:#\w+,\s*)?([0-9a-f]+)\s+<([^>]+)>")
ADR = re.compile(r"^\s*([0-9a-f]+):\s+adr\s+(x\d+),\s*([0-9a-f]+)")
ADRP = re.compile(r"^\s*([0-9a-f]+):\s+adrp\s+(x\d+),\s*([0-9a-f]+)")
ADD = re.compile(r"^\s*([0-9a-f]+):\s+add\s+(x\d+),\s*(x\d+),\s*#0x([0-9a-f]+)")
FUNC = re.compile(r"^([0-9a-f]+) <([^>]+)>:")
# head.S's entry point stays at the image's start, in .text, and calls the
# boot code once, before anything is unmapped.
ENTRY = {"primary_entry"}


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def rel_words(elf, readelf):
    """R_ARM_RELATIVE (REL) relocations: (where, target) with the target read
    from the word at where in the ELF file."""
    sections = []
    for line in run(readelf, "-SW", elf).splitlines():
        m = re.match(r"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)",
                     line)
        if m and m.group(2) == "PROGBITS" and (m.group(1) == ".text" or int(m.group(3), 16)):
            sections.append((int(m.group(3), 16), int(m.group(4), 16), int(m.group(5), 16)))
    data = open(elf, "rb").read()
    out = []
    for line in run(readelf, "-rW", elf).splitlines():
        p = line.split()
        if len(p) >= 3 and p[2] == "R_ARM_RELATIVE":
            where = int(p[0], 16)
            for addr, off, size in sections:
                if addr <= where < addr + size:
                    at = off + where - addr
                    out.append((where, int.from_bytes(data[at:at + 4], "little")))
                    break
    return out


def main():
    elf = sys.argv[1]
    objdump = sys.argv[2] if len(sys.argv) > 2 else "aarch64-linux-gnu-objdump"
    nm = sys.argv[3] if len(sys.argv) > 3 else "aarch64-linux-gnu-nm"
    readelf = sys.argv[4] if len(sys.argv) > 4 else "aarch64-linux-gnu-readelf"
    syms = {}
    for line in run(nm, elf).splitlines():
        p = line.split()
        if len(p) == 3:
            syms[p[2]] = int(p[0], 16)
    lo, hi = syms["__boot_text_start"], syms["__text_end"]
    bad = []
    func = "?"
    page = {}
    for line in run(objdump, "-d", "--no-show-raw-insn", "-j", ".text", elf).splitlines():
        m = FUNC.match(line)
        if m:
            func, page = m.group(2), {}
            continue
        m = BRANCH.match(line)
        if m and lo <= int(m.group(3), 16) < hi and func not in ENTRY:
            bad.append(f"{func}: {m.group(2)} to {m.group(4)}")
            continue
        m = ADR.match(line)
        if m and lo <= int(m.group(3), 16) < hi:
            bad.append(f"{func}: adr of 0x{m.group(3)}")
            continue
        m = ADRP.match(line)
        if m:
            page[m.group(2)] = int(m.group(3), 16)
            continue
        m = ADD.match(line)
        if m and m.group(3) in page:
            target = page[m.group(3)] + int(m.group(4), 16)
            if lo <= target < hi:
                bad.append(f"{func}: address of 0x{target:x} (adrp+add)")
    # The GOT (the end of .data, septum.ld) holds the address of
    # __boot_text_start itself, for the code that unmaps the boot-only
    # pages: a bound, not a way in.
    got = (syms.get("__got_start", syms.get("_GLOBAL_OFFSET_TABLE_", 0)),
           syms.get("__bss_start", 0))
    for line in run(readelf, "-rW", elf).splitlines():
        p = line.split()
        if len(p) >= 4 and p[2] == "R_AARCH64_RELATIVE":
            where, target = int(p[0], 16), int(p[3], 16)
            if target == lo and got[0] <= where < got[1]:
                continue
            if lo <= target < hi:
                bad.append(f"a pointer at 0x{where:x} to boot-only 0x{target:x}")
    for where, target in rel_words(elf, readelf):
        if (target == lo and got[0] <= where < got[1]) or lo <= where < hi:
            continue
        if lo <= target < hi:
            bad.append(f"a pointer at 0x{where:x} to boot-only 0x{target:x}")
    text = hi - lo
    print(f"check-boot: run-time code 0x0..0x{lo:x} ({lo} bytes), boot-only "
          f"0x{lo:x}..0x{hi:x} ({text} bytes, unmapped after boot)", flush=True)
    for b in bad:
        print(f"check-boot: ERROR: {b}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
