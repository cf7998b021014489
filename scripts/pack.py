#!/usr/bin/env python3
"""Pack the hypervisor image and a partition description into one file.

The result boots like an arm64 Linux Image (QEMU -kernel, U-Boot booti,
board firmware). Layout:

    [septum.bin, zero-padded to its memory footprint (end of .bss)]
    [partition DTB, with the guest images inside it]

The Image header's image_size covers both, so a boot loader that moves the
image moves the payload with it; res2/res3 (offsets 0x20/0x28) hold the
payload's offset and size, which Septum reads at boot.

--earlycon names a UART, in the syntax of Linux's earlycon= for the drivers
Septum has: pl011,<addr>, uart8250,mmio,<addr> (8-bit registers 1 byte
apart), uart8250,mmio32,<addr> (32-bit, 4 bytes apart), bcm2835aux,<addr>,
cdns,<addr>; options after the address (",115200n8") are ignored. If the
board's device tree is refused and names no usable console, Septum says
why on that UART too (src/DESIGN.md, "Console UARTs"). It goes into res4
(offset 0x30): kind in bits 63:56 (board.h enum board_uart_kind), register
width in bytes 55:52, register shift 51:48, physical address 47:0.

usage: pack.py --elf septum.elf --bin septum.bin --dtb partition.dtb
               [--earlycon <uart>] -o out.img
"""
import argparse
import struct
import subprocess
import sys

PAGE = 4096


def symbol(elf, name, nm):
    out = subprocess.run([nm, elf], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    sys.exit(f"pack: {elf}: no symbol {name}")


# Linux earlycon name (and 8250 iotype) -> (kind, width, shift).
EARLYCON = {"pl011": (1, 4, 2), "uart8250,mmio": (2, 1, 0), "uart8250,mmio32": (2, 4, 2),
            "bcm2835aux": (3, 4, 2), "cdns": (4, 4, 2), "ec_imx6q": (5, 4, 2)}


def earlycon_word(spec):
    """The res4 word for an --earlycon value."""
    parts = spec.split(",")
    n = 2 if parts[0] == "uart8250" else 1
    name = ",".join(parts[:n])
    if name not in EARLYCON or len(parts) <= n:
        sys.exit(f"pack: --earlycon {spec}: not one of " +
                 ", ".join(f"{k},<addr>" for k in EARLYCON))
    try:
        base = int(parts[n], 0)
    except ValueError:
        sys.exit(f"pack: --earlycon {spec}: {parts[n]!r} is not an address")
    if not 0 < base < 1 << 48:
        sys.exit(f"pack: --earlycon {spec}: address out of range")
    kind, width, shift = EARLYCON[name]
    return kind << 56 | width << 52 | shift << 48 | base


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--elf", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dtb", required=True)
    ap.add_argument("--nm", default="aarch64-linux-gnu-nm")
    ap.add_argument("--earlycon", help="a UART for a refused board's last words")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()

    hyp = bytearray(open(args.bin, "rb").read())
    dtb = open(args.dtb, "rb").read()
    if hyp[0x38:0x3c] != b"ARM\x64":
        sys.exit(f"pack: {args.bin}: not an arm64 Image (no ARM\\x64 magic)")
    if dtb[:4] != b"\xd0\x0d\xfe\xed":
        sys.exit(f"pack: {args.dtb}: not a device tree blob")
    footprint = symbol(args.elf, "__image_end", args.nm)
    if footprint < len(hyp):
        sys.exit("pack: __image_end lies inside the binary")
    offset = (footprint + PAGE - 1) // PAGE * PAGE
    image_size = (offset + len(dtb) + PAGE - 1) // PAGE * PAGE
    hyp += bytes(offset - len(hyp))
    struct.pack_into("<Q", hyp, 0x10, image_size)
    struct.pack_into("<QQ", hyp, 0x20, offset, len(dtb))
    if args.earlycon:
        struct.pack_into("<Q", hyp, 0x30, earlycon_word(args.earlycon))
    with open(args.output, "wb") as f:
        f.write(hyp)
        f.write(dtb)


if __name__ == "__main__":
    main()
