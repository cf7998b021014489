"""Xen 4.17 dom0less on QEMU virt, as a peer to compare Septum against.

command() returns the QEMU command line that boots Debian's Xen 4.17
(.cache/xen/xen, from scripts/fetch-xen) at EL2 with one guest binary as
its only domain, d1, and no dom0 ("true dom0less"): QEMU's own device tree
for the machine, with a /chosen that gives Xen its arguments and the guest
as a multiboot module that QEMU's loader puts at LOAD. The guest gets
Xen's usual dom0less domain: one vCPU, 128 MiB at 0x40000000, a GIC of
the machine's version, the virtual timer and a vpl011 (an SBSA UART at
0x22000000), all described in the device tree Xen passes it in x0.

Xen runs with vwfi=native (a guest's WFI does not trap: Xen's advice for
real-time guests) and its default scheduler, credit2 (Debian's build has
no null scheduler). Its console is the board's PL011; the guest's UART
output appears there as "(XEN) DOM1: <line>" (see Console).
"""
import os
import re
import subprocess

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
XEN = os.path.join(TOP, ".cache", "xen", "xen")
LOAD = 0x50000000
DOMU_KIB = 128 * 1024
XEN_ARGS = "console=dtuart dtuart=/pl011@9000000 vwfi=native guest_loglvl=all"
_LINE = re.compile(r"^\(XEN\) DOM(\d+): (.*)$")
_FOCUS = re.compile(r"^\(XEN\) \*\*\* Serial input to DOM(\d+) ")
_NOTICE = re.compile(r"^\(XEN\) (\*\*\*|d\d+v\d+ |\s)")


def available():
    return os.path.isfile(XEN)


def version():
    try:
        with open(os.path.join(os.path.dirname(XEN), "VERSION")) as f:
            return f.read().strip()
    except OSError:
        return "?"


class Console:
    """Reads Xen's console lines back as Septum's: a domain's line as
    "[d<N>] <text>". Xen prints "(XEN) DOM<N>: <text>", but once the serial
    input is switched to that domain (Ctrl-A three times: "*** Serial
    input to DOM<N>") it prints its lines as "(XEN) <text>"; those are read
    as the domain's too, apart from Xen's own notices ("(XEN) ***", and
    "(XEN) d<N>v<M> ..." about a vCPU)."""

    def __init__(self):
        self.focus = 0

    def line(self, line):
        m = _FOCUS.match(line)
        if m:
            self.focus = int(m.group(1))
            return line
        m = _LINE.match(line)
        if m:
            return f"[d{m.group(1)}] {m.group(2)}"
        if self.focus and line.startswith("(XEN) ") and not _NOTICE.match(line):
            return f"[d{self.focus}] {line[6:]}"
        return line


def _machine(gic):
    return f"virt,virtualization=on,gic-version={gic},dtb-randomness=off"


def _quote(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


def command(guest, bootargs, workdir, gic=3, smp=2, mem="2G", icount=True, extra=()):
    """QEMU's command for Xen with guest (a raw arm64 image) as d1, with
    bootargs as its command line, and the domains in extra after it (d2,
    ...), each a dict: kernel, bootargs, cpus (1), mem_kib (DOMU_KIB),
    ramdisk (none). Writes xen-v<gic>-smp<smp>.dtb in workdir."""
    if not available():
        raise FileNotFoundError(f"{XEN} missing: run scripts/fetch-xen")
    os.makedirs(workdir, exist_ok=True)
    base = os.path.join(workdir, f"xen-v{gic}-smp{smp}")
    subprocess.run(["qemu-system-aarch64", "-M", f"{_machine(gic)},dumpdtb={base}-qemu.dtb",
                    "-cpu", "cortex-a57", "-smp", str(smp), "-m", mem, "-nic", "none",
                    "-nographic"], check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", f"{base}-qemu.dtb"],
                         check=True, capture_output=True, text=True).stdout
    domains = [{"kernel": guest, "bootargs": bootargs}] + list(extra)
    loaders = []
    addr = LOAD
    chosen = f"""\tchosen {{
\t\tstdout-path = "/pl011@9000000";
\t\txen,xen-bootargs = "{XEN_ARGS}";
\t\t#address-cells = <1>;
\t\t#size-cells = <1>;
"""
    for i, d in enumerate(domains, 1):
        chosen += f"""\t\tdomU{i} {{
\t\t\tcompatible = "xen,domain";
\t\t\t#address-cells = <1>;
\t\t\t#size-cells = <1>;
\t\t\tmemory = <0 {d.get("mem_kib", DOMU_KIB):#x}>;
\t\t\tcpus = <{d.get("cpus", 1)}>;
\t\t\tvpl011;
"""
        for kind in ("kernel", "ramdisk"):
            if not d.get(kind):
                continue
            size = os.path.getsize(d[kind])
            chosen += f"""\t\t\tmodule@{addr:x} {{
\t\t\t\tcompatible = "multiboot,{kind}", "multiboot,module";
\t\t\t\treg = <{addr:#x} {size:#x}>;
"""
            if kind == "kernel":
                chosen += f'\t\t\t\tbootargs = "{_quote(d["bootargs"])}";\n'
            chosen += "\t\t\t};\n"
            loaders += ["-device", f"loader,file={d[kind]},addr={addr:#x}"]
            addr = (addr + size + (2 << 20) - 1) & ~((2 << 20) - 1)
        chosen += "\t\t};\n"
    chosen += "\t};\n"
    dts, n = re.subn(r"\tchosen \{.*?\n\t\};\n", lambda _: chosen, dts, flags=re.S)
    if n != 1:
        raise RuntimeError("QEMU's device tree has no /chosen to replace")
    with open(f"{base}.dts", "w") as f:
        f.write(dts)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", f"{base}.dtb", f"{base}.dts"],
                   check=True)
    cmd = ["qemu-system-aarch64", "-M", _machine(gic), "-cpu", "cortex-a57",
           "-smp", str(smp), "-m", mem, "-nic", "none", "-nographic", "-monitor", "none",
           "-serial", "stdio", "-rtc", "base=2024-01-01T00:00:00,clock=vm"]
    if icount:
        cmd += ["-icount", "shift=0,sleep=off"]
    return cmd + ["-kernel", XEN, "-dtb", f"{base}.dtb"] + loaders
