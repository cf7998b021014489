#!/usr/bin/env python3
"""Count lines of code (not blank, not comment-only) in src/ and include/,
by area, and what each build compiles (the other architecture's layer, and
on arm32 the GICv3 driver, left out). C and assembly comments (/* */, //)
are skipped."""
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AREAS = [("core", "src/core"), ("lib", "src/lib"), ("arch/aarch64", "src/arch/aarch64"),
         ("arch/arm32", "src/arch/arm32"), ("arch/lpae (both)", "src/arch/lpae"),
         ("drivers", "src/drivers"), ("internal headers", "src/include"),
         ("guest ABI", "include/septum")]


def code_lines(path):
    text = open(path, errors="replace").read()
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    n = 0
    for line in text.splitlines():
        line = re.sub(r"//.*", "", line).strip()
        if line:
            n += 1
    return n


def main():
    counts = {}
    for name, rel in AREAS:
        count = 0
        for root, _, files in os.walk(os.path.join(TOP, rel)):
            for f in files:
                if f.endswith((".c", ".h", ".S", ".ld")):
                    count += code_lines(os.path.join(root, f))
        counts[name] = count
        print(f"loc {name:18s} {count:6d}")
    total = sum(counts.values())
    gicv3 = code_lines(os.path.join(TOP, "src", "drivers", "gicv3.c"))
    print(f"loc {'total':18s} {total:6d}")
    print(f"loc {'aarch64 build':18s} {total - counts['arch/arm32']:6d}")
    print(f"loc {'arm32 build':18s} {total - counts['arch/aarch64'] - gicv3:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
