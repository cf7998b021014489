"""scripts/bench --compare: native, Septum and Xen 4.17 dom0less on the same
QEMU (10, -icount shift=0,sleep=off: 1 ns = 1 instruction) in one run,
written to build/compare/ as compare.md (a Markdown table), the raw
samples (*.dat) and PNG plots (gnuplot):

  rows          native             Septum                 Xen 4.17
  boot, hvc     bench.bin          bench.img              bench.bin as d1
  doorbells     -                  ipc-bm-icount.img      -
  hot paths     hotpath.bin        hotpath-v3/-v2.img     -
  RTOS alone    rtos.bin hist=1    rtos-v3/-v2 + hist=1   rtos.bin as d1
  RTOS + Linux  -                  rtos-linux-load.img    RTOS d1, Linux d2
  Linux boot    Image + initramfs  qemu-virt-linux.img    -

The hot-path rows need a passed-through PL061 and two vCPUs; Xen's
dom0less passthrough needs a partial device tree per device
(xen,passthrough, xen,reg, xen,path) that xenboot does not write, so Xen
has no hot-path row. Xen's Linux boot is not measured either (xenboot
gives d1 no ramdisk; it would need the ramdisk module there and a
timeline from Xen's own boot, which it does not print in ns).

Plots: rtos-alone.png (CDF of the RTOS's timer IRQ latency, native /
Septum / Xen, GICv3 and GICv2), rtos-linux.png (latency and release
jitter CDFs next to Linux idle and loaded, Septum / Xen), boot.png (reset
to the first guest instruction, and Linux's boot to its shell), and
hotpath.png (the hot paths' medians, native and Septum).
"""
import os
import re
import shutil
import subprocess
import sys
import time

import consolelog
import xenboot

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(TOP, "build", "aarch64")
OUT = os.path.join(TOP, "build", "compare")
GUESTS = os.path.join(BUILD, "guests")
IMGS = os.path.join(BUILD, "test", "integration")
QEMU = ["qemu-system-aarch64", "-cpu", "cortex-a57", "-nic", "none", "-nographic",
        "-monitor", "none", "-serial", "stdio", "-icount", "shift=0,sleep=off",
        "-rtc", "base=2024-01-01T00:00:00,clock=vm"]
RTOS_ARGS = "report-ms=1000 run-ms=5000 load=2 slice-ms=2 hist=1"
KV = re.compile(r"(\w+)=(-?\d+)")


def machine(gic, el2=True):
    return f"virt,{'virtualization=on,' if el2 else ''}gic-version={gic},dtb-randomness=off"


def run(cmd, stop, timeout=300, xen=False, respond=()):
    """QEMU until a line matches stop (or timeout s): the lines as
    consolelog (Septum) or xenboot.Console (Xen) reads them. respond:
    (regex, text) pairs, text typed when a line matches."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    con = xenboot.Console() if xen else consolelog.Lines()
    out, buf, end = [], b"", time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                line = con.line(raw.decode(errors="replace").rstrip("\r"))
                out.append(line)
                for rx, text in respond:
                    if re.search(rx, line):
                        proc.stdin.write(text.encode())
                        proc.stdin.flush()
                if re.search(stop, line):
                    return out
    finally:
        proc.kill()
        proc.wait()
    return out


def bench_kv(out, prefix=""):
    """{name: {key: int}} from '<prefix>BENCH name k=v ...' lines."""
    res = {}
    for line in out:
        m = re.match(rf"^{re.escape(prefix)}BENCH (\w+)( \w+=-?\d+)+\s*$", line)
        if m:
            res[m.group(1)] = {k: int(v) for k, v in KV.findall(line.split(m.group(1), 1)[1])}
        m = re.match(rf"^{re.escape(prefix)}BENCH (\w+)=(\d+)", line)
        if m:
            res[m.group(1)] = int(m.group(2))
    return res


def rtos_figs(out, prefix):
    """The last report's RTOS-* lines as {kind: {key: int}}, and its
    histograms {lat|jit: [(ns, count)]} (the RTOS-HIST lines after it)."""
    figs, hist = {}, {}
    for line in out:
        m = re.match(rf"^{re.escape(prefix)}(RTOS-\w+) (.*)$", line)
        if not m:
            continue
        kind, rest = m.groups()
        if kind == "RTOS-LAT":
            hist = {"lat": [], "jit": []}
        if kind == "RTOS-HIST":
            tag, pairs = rest.split(" ", 1)
            hist.setdefault(tag, []).extend(
                (int(a), int(b)) for a, b in re.findall(r"(\d+):(\d+)", pairs))
        else:
            figs[kind] = {k: int(v) for k, v in KV.findall(rest)}
    return figs, hist


def cdf_file(name, hist):
    """Writes build/compare/<name>.dat: the CDF as steps (ns, fraction)."""
    total = sum(c for _, c in hist) or 1
    acc = 0
    with open(os.path.join(OUT, f"{name}.dat"), "w") as f:
        for ns, c in hist:
            f.write(f"{max(ns, 1)} {acc / total:.5f}\n")
            acc += c
            f.write(f"{max(ns, 1)} {acc / total:.5f}\n")
    return name


class Results:
    """Figures by row, the commands that made them, and the plots' data."""

    def __init__(self):
        self.rows, self.cmds, self.series, self.notes = [], [], {}, []
        self.rtos_rows, self.hot, self.boot, self.linux = [], {}, {}, {}

    def row(self, *cells):
        self.rows.append(cells)

    def cmd(self, what, cmd):
        self.cmds.append((what, " ".join(cmd) if isinstance(cmd, list) else cmd))


def packed(scenario, old, new, name):
    """test/integration/<scenario>'s partition with old replaced by new,
    packed with this tree's Septum into build/compare/<name>.img."""
    with open(os.path.join(TOP, "test", "integration", scenario, "partition.dts")) as f:
        dts = f.read()
    if old not in dts:
        raise RuntimeError(f"{scenario}/partition.dts has no {old!r}")
    base = os.path.join(OUT, name)
    with open(base + ".dts", "w") as f:
        f.write(dts.replace(old, new))
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-i", GUESTS, "-o", base + ".dtb",
                    base + ".dts"], check=True)
    subprocess.run([sys.executable, os.path.join(TOP, "scripts", "pack.py"),
                    "--elf", os.path.join(BUILD, "src", "septum.elf"),
                    "--bin", os.path.join(BUILD, "src", "septum.bin"),
                    "--dtb", base + ".dtb", "-o", base + ".img"], check=True)
    return base + ".img"


def boot_and_hvc(r):
    """Reset to the first guest instruction and the null hypercall (the
    bench guest; natively its HVC is QEMU's PSCI answering -1)."""
    bench = os.path.join(GUESTS, "bench.bin")
    runs = {"native": (QEMU + ["-M", machine(3, False), "-smp", "1", "-m", "1G",
                               "-kernel", bench], False, ""),
            "Septum": (QEMU + ["-M", machine(3), "-smp", "1", "-m", "1G",
                               "-kernel", os.path.join(IMGS, "bench.img")], False, "[bench] "),
            # Xen warns on the console at each unknown function ID (Septum's
            # NOP): its null call here is SMCCC_VERSION (bench.c call=).
            "Xen 4.17": (xenboot.command(bench, "call=version", os.path.join(OUT, "xen"),
                                         gic=3, smp=1),
                         True, "[d1] ")}
    figs = {}
    for name, (cmd, xen, prefix) in runs.items():
        if xen and not xenboot.available():
            continue
        figs[name] = bench_kv(run(cmd, r"DONE bench", 180, xen), prefix)
        r.cmd(f"boot, null hypercall: {name}", cmd)
    r.boot = {n: f.get("boot_to_guest_ns") for n, f in figs.items()}
    r.row("null hypercall round trip (ns, avg; Xen: SMCCC_VERSION)",
          *(str(figs.get(n, {}).get("hvc_nop_ns", {}).get("avg", "-"))
            for n in ("native", "Septum", "Xen 4.17")))
    r.row("reset to first guest instruction (ms)",
          *(f"{figs[n]['boot_to_guest_ns'] / 1e6:.2f}"
            if figs.get(n, {}).get("boot_to_guest_ns") is not None
            else "-" for n in ("native", "Septum", "Xen 4.17")))


def doorbells(r):
    """Septum's channel between two bare-metal VMs (ipc-bm-icount, as
    scripts/bench): a doorbell's one way and round trip. Neither QEMU
    alone nor Xen's dom0less has such a channel."""
    cmd = QEMU + ["-M", machine(3), "-smp", "3", "-m", "1G", "-kernel",
                  os.path.join(IMGS, "ipc-bm-icount.img")]
    figs = bench_kv(run(cmd, r"DONE ipcping", 300), "[ping] ")
    r.cmd("doorbells: Septum", cmd)
    one, rtt = figs.get("ipc_oneway_ns", {}), figs.get("ipc_rtt_ns", {})
    r.row("doorbell one way / round trip, median (ns)", "-",
          f"{one.get('median', '-')} / {rtt.get('median', '-')}", "-")


HOT = [("hp_dev_irq_ns", "median", "passed-through device IRQ (PL061) to guest vector"),
       ("hp_gicd_read_ns", "per_access", "trapped GICD read, round trip (over a RAM load)"),
       ("hp_sgi_cross_ns", "median", "SGI to a vCPU on another CPU, until its vector"),
       ("hp_timer10ms_extra_ns", "median", "vtimer 10 ms round, time beyond 10 ms")]


def hot_paths(r):
    r.hot = {}
    for gic in (3, 2):
        for name, cmd, prefix in (
                ("native", QEMU + ["-M", machine(gic, False), "-smp", "2", "-m", "256M",
                                   "-kernel", os.path.join(GUESTS, "hotpath.bin")], ""),
                ("Septum", QEMU + ["-M", machine(gic), "-smp", "2", "-m", "1G", "-kernel",
                                   os.path.join(IMGS, f"hotpath-v{gic}.img")], "[hotpath] ")):
            out = run(cmd, r"DONE hotpath", 180)
            r.hot[(gic, name)] = bench_kv(out, prefix)
            if not any(re.search(r"DONE hotpath passed=\d+ failed=0", l) for l in out):
                r.notes.append(f"hotpath GICv{gic} {name} did not pass its own checks")
            r.cmd(f"hot paths GICv{gic}: {name}", cmd)
    for key, field, what in HOT:
        for gic in (3, 2):
            n = r.hot[(gic, "native")].get(key, {}).get(field)
            s = r.hot[(gic, "Septum")].get(key, {}).get(field)
            r.row(f"{what}, GICv{gic} (ns)", str(n), str(s), "-")


def rtos_alone(r):
    modes = ["native", "Septum"] + (["Xen 4.17"] if xenboot.available() else [])
    rtos = os.path.join(GUESTS, "rtos.bin")
    for gic in (3, 2):
        for mode in modes:
            xen = mode.startswith("Xen")
            if mode == "native":
                cmd = QEMU + ["-M", machine(gic, False), "-smp", "1", "-m", "256M",
                              "-kernel", rtos, "-append", RTOS_ARGS]
            elif mode == "Septum":
                # rtos-v<gic>'s partition with hist=1 (the scenario and
                # scripts/rtoslat run without it).
                img = packed(f"rtos-v{gic}", "slice-ms=2\"", "slice-ms=2 hist=1\"",
                             f"rtos-v{gic}-hist")
                cmd = QEMU + ["-M", machine(gic), "-smp", "1", "-m", "1G", "-kernel", img]
            else:
                cmd = xenboot.command(rtos, RTOS_ARGS, os.path.join(OUT, "xen"), gic=gic, smp=1)
            prefix = "[d1] " if xen else ("[rtos] " if mode == "Septum" else "")
            figs, hist = rtos_figs(run(cmd, r"DONE rtos", 240, xen), prefix)
            r.cmd(f"RTOS alone GICv{gic}: {mode}", cmd)
            tag = f"alone-v{gic}-{mode.split()[0].lower()}"
            if hist.get("lat"):
                r.series[tag] = cdf_file(tag + "-lat", hist["lat"])
            lat, med = figs.get("RTOS-LAT", {}), figs.get("RTOS-MEDIAN", {})
            r.rtos_rows.append((f"alone, GICv{gic}", mode, lat.get("min"), med.get("lat"),
                                lat.get("p99"), lat.get("max"), med.get("jit"),
                                figs.get("RTOS-JIT", {}).get("p99"),
                                figs.get("RTOS-MISS", {}).get("control")))


IMAGE = os.path.join(TOP, ".cache", "linux", "Image")
INITRAMFS = os.path.join(TOP, ".cache", "linux", "initramfs.cpio.gz")
WINDOWS = "console=ttyAMA0 quiet septum.test=windows septum.window-s=5"


def windows(out, rtos, linux):
    """{idle|loaded: (figs, hist)} from the RTOS's report after each
    WINDOW-END, and Linux's busy percentages in the loaded window."""
    res, busy, window, chunk = {}, None, None, []
    for line in out:
        m = re.match(rf"^{re.escape(linux)}WINDOW-(START|END) (\w+)", line)
        if m and m.group(1) == "END":
            window, chunk = m.group(2), []
        elif m and window:
            res[window], window = rtos_figs(chunk, rtos), None
        elif window and line.startswith(rtos):
            chunk.append(line)
        m = re.match(rf"^{re.escape(linux)}TEST load-busy \w+ .*: ([\d ]+)\(%\)", line)
        if m:
            busy = m.group(1).split()
    if window:
        res[window] = rtos_figs(chunk, rtos)
    return res, busy


def rtos_linux(r):
    """The RTOS next to Linux's idle and loaded windows (windows.sh), no
    channel on either: Septum's rtos-linux-load partition (RTOS on CPU 2,
    Linux on CPUs 0-1, -smp 4 as Xen's and the demo's) and Xen's dom0less d1 (RTOS) + d2 (Linux,
    two vCPUs, credit2 over -smp 4, as scripts/xendemo)."""
    runs = [("Septum", QEMU + ["-M", machine(3), "-smp", "4", "-m", "1G", "-kernel",
                               os.path.join(IMGS, "rtos-linux-load.img")], False,
             "[rtos] ", "[linux] ",
             [(r"^\[linux\] WINDOW-START idle", "\x1d2reset\r"),
              (r"^\[linux\] WINDOW-END", "report\r"),
              (r"^\[linux\] WINDOW-START loaded", "reset\r")])]
    if xenboot.available():
        cmd = xenboot.command(os.path.join(GUESTS, "rtos.bin"), "report-ms=600000 hist=1",
                              os.path.join(OUT, "xen"), gic=3, smp=4,
                              extra=[{"kernel": IMAGE, "ramdisk": INITRAMFS, "cpus": 2,
                                      "mem_kib": 512 * 1024, "bootargs": WINDOWS}])
        runs.append(("Xen 4.17", cmd, True, "[d1] ", "[d2] ",
                     [(r"^\(XEN\) \*\*\* Serial input to DOM0", "\x01\x01\x01"),
                      (r"^\[d2\] WINDOW-START", "reset\r"),
                      (r"^\[d2\] WINDOW-END", "report\r")]))
    for name, cmd, xen, rtos, linux, respond in runs:
        out = run(cmd, rf"^{re.escape(linux)}TEST load-busy", 900, xen, respond)
        with open(os.path.join(OUT, f"rtos-linux-{name.split()[0].lower()}.log"), "w") as f:
            f.write("\n".join(out) + "\n")
        r.cmd(f"RTOS next to Linux: {name}", cmd)
        res, busy = windows(out, rtos, linux)
        if not busy or min(int(b) for b in busy) < 90:
            r.notes.append(f"{name}: Linux's vCPUs busy {busy} in the loaded window (want >= 90%)")
        for window in ("idle", "loaded"):
            figs, hist = res.get(window, ({}, {}))
            for kind in ("lat", "jit"):
                tag = f"linux-{window}-{name.split()[0].lower()}-{kind}"
                if hist.get(kind):
                    r.series[tag] = cdf_file(tag, hist[kind])
            lat, med = figs.get("RTOS-LAT", {}), figs.get("RTOS-MEDIAN", {})
            misses = figs.get("RTOS-MISS", {}).get("control")
            if window == "loaded" and misses and name == "Septum":
                r.notes.append(f"RTOS next to Linux loaded, {name}: {misses} misses; QEMU's "
                               "-icount robin holds the RTOS's vCPU (docs/bench.md, \"The RTOS "
                               "next to a loaded Linux under -icount\"; scripts/rrtrace septum "
                               "traces Septum's run)")
            r.rtos_rows.append((f"next to Linux {window}", name, lat.get("min"), med.get("lat"),
                                lat.get("p99"), lat.get("max"), med.get("jit"),
                                figs.get("RTOS-JIT", {}).get("p99"),
                                figs.get("RTOS-MISS", {}).get("control")))


def linux_boot(r):
    """Linux to its shell natively and under Septum (as scripts/bench)."""
    native = QEMU + ["-M", "virt,gic-version=3,dtb-randomness=off", "-smp", "2", "-m", "1G",
                     "-kernel", IMAGE, "-initrd", INITRAMFS,
                     "-append", "console=ttyAMA0 printk.time=1"]
    septum = QEMU + ["-M", machine(3), "-smp", "2", "-m", "1G", "-kernel",
                     os.path.join(BUILD, "dts", "qemu-virt-linux.img")]
    up = {}
    for name, cmd in (("native", native), ("Septum", septum)):
        out = run(cmd, r"SEPTUM-LINUX-UP", 300)
        r.cmd(f"Linux boot: {name}", cmd)
        hyp = next((int(m.group(1)) / 1e6 for l in out
                    for m in [re.search(r"septum: boot took (\d+) us", l)] if m), 0.0)
        t = next((float(m.group(1)) for l in out
                  for m in [re.search(r"SEPTUM-LINUX-UP nproc=\d+ uptime=([0-9.]+)", l)] if m),
                 None)
        up[name] = (hyp, t)
    r.linux = up
    n, s = up["native"][1], up["Septum"][1]
    if n and s:
        total = s + up["Septum"][0]
        r.row("Debian Linux boot to shell (s)", f"{n:.3f}", f"{total:.3f} (ratio {total / n:.3f})",
              "-")


COLOURS = {"native": "#777777", "septum": "#1f77b4", "xen": "#d62728"}


def cdf_plots(r, tags, title, xlabel, logx):
    """gnuplot lines for one CDF panel of the series in tags (label, tag)."""
    have = [(label, tag) for label, tag in tags if tag in r.series]
    if not have:
        return [f"set title '{title} (no data)'", "plot 2 notitle"]
    g = [f"set title '{title}'", f"set xlabel '{xlabel}'", "set ylabel 'fraction of samples'",
         "set yrange [0:1.02]", "set key bottom right", "set grid",
         "set logscale x" if logx else "unset logscale x",
         "set xrange [1:*]" if logx else "set xrange [0:*]"]
    parts = [f"'{r.series[tag]}.dat' using 1:2 with lines lw 2 lc rgb "
             f"'{COLOURS[tag.split('-')[2]]}'"
             f"{' dt 2' if '-jit' in tag else ''} title '{label}'" for label, tag in have]
    return g + ["plot " + ", ".join(parts)]


def plot(r):
    """The PNGs: writes the data and build/compare/plots.gp, runs gnuplot."""
    with open(os.path.join(OUT, "boot.dat"), "w") as f:
        for name in ("native", "Septum", "Xen 4.17"):
            ns = r.boot.get(name)
            if ns is not None:
                f.write(f'"{name}" {ns / 1e6:.3f}\n')
    with open(os.path.join(OUT, "linux.dat"), "w") as f:
        rows = [(name, hyp, t) for name, (hyp, t) in r.linux.items() if t]
        for name, hyp, t in rows or [("(not run)", 0, 0)]:
            f.write(f'"{name}" {hyp:.4f} {t:.4f}\n')
    with open(os.path.join(OUT, "hotpath.dat"), "w") as f:
        for key, field, what in HOT:
            vals = [r.hot.get((g, m), {}).get(key, {}).get(field, 0)
                    for g in (3, 2) for m in ("native", "Septum")]
            f.write(f'"{what.split(",")[0].split(" (")[0].replace("passed-through ", "")}" ' +
                    " ".join(str(v) for v in vals) + "\n")
    term = "set terminal pngcairo size {} font 'sans,10'"
    g = [term.format("1000,420"), "set output 'rtos-alone.png'", "set multiplot layout 1,2"]
    for gic in (3, 2):
        g += cdf_plots(r, [(m, f"alone-v{gic}-{m.split()[0].lower()}")
                           for m in ("native", "Septum", "Xen 4.17")],
                       f"RTOS alone: timer IRQ latency, GICv{gic}",
                       "ns, log scale (1 ns = 1 instruction; 0 shown at 1)", True)
    g += ["unset multiplot", term.format("1000,420"), "set output 'rtos-linux.png'",
          "set multiplot layout 1,2"]
    for window in ("idle", "loaded"):
        g += cdf_plots(r, [(f"{n} {k}", f"linux-{window}-{n.split()[0].lower()}-{k}")
                           for n in ("Septum", "Xen 4.17") for k in ("lat", "jit")],
                       f"RTOS next to Linux {window} (GICv3): latency, jitter (dashed)",
                       "ns, log scale", True)
    g += ["unset multiplot", "unset logscale x", term.format("900,300"),
          "set output 'boot.png'", "unset xlabel", "set xrange [*:*]", "set xtics nomirror",
          "set style data histograms",
          "set style histogram rowstacked", "set style fill solid 0.8 border -1",
          "set boxwidth 0.6", "set grid y", "set key outside bottom center horizontal",
          "set yrange [0:*]",
          "set multiplot layout 1,2",
          "set title 'reset to first guest instruction (bench guest)'", "set ylabel 'ms'",
          "plot 'boot.dat' using 2:xtic(1) lc rgb '#1f77b4' notitle",
          "set title 'Debian Linux boot to its shell'", "set ylabel 's'",
          "plot 'linux.dat' using 2:xtic(1) lc rgb '#d62728' title 'hypervisor', "
          "'' using 3 lc rgb '#1f77b4' title 'Linux'",
          "unset multiplot", term.format("1000,380"), "set output 'hotpath.png'",
          "set style histogram clustered gap 1", "set xrange [*:*]", "set key top left inside",
          "set title 'hot paths under Septum and natively, median ns (trapped GICD read: "
          "per access)'",
          "set ylabel 'ns'", "set xtics font 'sans,8'", "set key top left",
          "plot 'hotpath.dat' using 2:xtic(1) title 'native v3' lc rgb '#999999', "
          "'' using 3 title 'Septum v3' lc rgb '#1f77b4', "
          "'' using 4 title 'native v2' lc rgb '#cccccc', "
          "'' using 5 title 'Septum v2' lc rgb '#aec7e8'"]
    with open(os.path.join(OUT, "plots.gp"), "w") as f:
        f.write("\n".join(g) + "\n")
    res = subprocess.run(["gnuplot", "plots.gp"], cwd=OUT, capture_output=True, text=True)
    if res.returncode:
        r.notes.append("gnuplot failed: " + res.stderr.strip()[-300:])


def write_md(r, seconds, commit):
    lines = [f"# scripts/bench --compare", "",
             f"Commit {commit}; QEMU {qemu_version()}, -icount shift=0,sleep=off "
             "(1 ns = 1 instruction); Xen " + xenboot.version() +
             f" (Debian, dom0less, credit2, vwfi=native). Run time {seconds:.0f} s.", "",
             "| path | native | Septum | Xen 4.17 |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(str(c) for c in row)} |" for row in r.rows]
    lines += ["", "RTOS timer IRQ latency and 1 kHz release jitter (ns; median and p99 "
              "over the last 4096 samples, min/max over the window):", "",
              "| run | under | lat min | median | p99 | max | jit median | p99 | misses |",
              "|---|---|---|---|---|---|---|---|---|"]
    lines += [f"| {' | '.join('-' if c is None else str(c) for c in row)} |"
              for row in r.rtos_rows]
    if r.notes:
        lines += ["", "Notes:", ""] + [f"- {n}" for n in r.notes]
    lines += ["", "Commands:", ""] + [f"- {w}: `{c}`" for w, c in r.cmds]
    with open(os.path.join(OUT, "compare.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return "\n".join(lines)


def qemu_version():
    out = subprocess.run(["qemu-system-aarch64", "--version"], capture_output=True,
                         text=True).stdout
    m = re.search(r"version (\S+)", out)
    return m.group(1) if m else "?"


def main(argv):
    """Runs every comparison; with --quick, no Linux (the RTOS next to it,
    its boot). Returns the exit status (1 if a run gave no figures)."""
    if not shutil.which("gnuplot"):
        print("compare: no gnuplot (scripts/setup installs gnuplot-nox)", file=sys.stderr)
        return 1
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith((".dat", ".png", ".md", ".log")):
            os.unlink(os.path.join(OUT, f))
    if not xenboot.available():
        print(f"compare: no Xen ({xenboot.XEN}; scripts/fetch-xen): no Xen column",
              file=sys.stderr)
    start = time.monotonic()
    r = Results()
    boot_and_hvc(r)
    doorbells(r)
    hot_paths(r)
    rtos_alone(r)
    if "--quick" not in argv:
        rtos_linux(r)
        linux_boot(r)
    plot(r)
    commit = subprocess.run(["git", "-C", TOP, "describe", "--always", "--dirty"],
                            capture_output=True, text=True).stdout.strip()
    print(write_md(r, time.monotonic() - start, commit))
    print(f"\ncompare: {OUT}/compare.md and " +
          ", ".join(sorted(f for f in os.listdir(OUT) if f.endswith(".png"))))
    return 0
