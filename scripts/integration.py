#!/usr/bin/env python3
"""Run Septum's integration scenarios on QEMU and report one line per check.

Each folder test/integration/<scenario>/ holds partition.dts (built into
build/aarch64/test/integration/<scenario>.img) and scenario.conf, or, for
a guest run natively (no hypervisor, QEMU virt at EL1, console lines not
prefixed), scenario.conf alone with "native <guest>":

    smp 2                 # physical CPUs (default 2)
    cpu max cortex-a53    # QEMU CPU models (default cortex-a57); with
                          # several, the scenario runs once per model, its
                          # checks named <scenario>@<model>/<check>
    gic 3                 # GIC version (default 3; arm32 runs under Septum
                          # use gic32's: the arm32 build drives GICv2 only)
    gic32 2               # GIC version of the arm32 runs under Septum
                          # (default 2; 3 to see the arm32 build refuse it)
    boot kernel           # kernel: QEMU -kernel; uboot: U-Boot's booti
    timeout 60            # wall seconds for the whole run (default 60)
    icount 1              # run with -icount shift=0,sleep=off
    expect <regex>        # a check: this must appear on the console
    expect-count <n> <regex>  # ... at least n times
    expect-once <regex>   # ... exactly once (checked at the end)
    after <regexA> <regexB>  # a check: B appears after A (no spaces in A)
    reject <regex>        # the scenario fails if this appears
    stop <regex>          # end the run when this appears (after the
                          # expectations' last chance to show up)
    native rtos           # run build/aarch64/guests/rtos.bin natively
    native linux          # ... or Debian's Linux with the Septum initramfs
                          # (.cache/linux/Image; on arm32 the armhf
                          # .cache/linux-armhf/zImage; initramfs.cpio.gz
                          # next to it; scripts/fetch-linux, scripts/build)
    xen rtos              # ... or as the only domain of Xen 4.17 dom0less
                          # (scripts/xenboot.py; its domain's lines are
                          # read as "[d1] x")
    bootargs <text>       # ... with this command line
    disk <script>         # run test/integration/<scenario>/<script> <image>
                          # (a path from the scenario's folder: a sibling
                          # such as linux32-virtio names ../linux-virtio/mkdisk)
                          # to make a disk image (in the build folder, anew
                          # for every run), and give it to QEMU as a virtio
                          # block device on the first virtio-mmio transport
                          # (0xa000000); on another machine, as its SD card
                          # (-drive if=sd)
    disk-device <device>  # ... on virt, as this QEMU -device instead
                          # (",drive=disk0" added), e.g. virtio-blk-pci,
                          # addr=3.0,iommu_platform=on,disable-legacy=on
    sd-card <script> <bus>  # on a board machine, another card made so
                          # (<scenario>.sd), in the slot of that QEMU SD
                          # bus (-device sd-card,bus=...: the Pi's EMMC2 is
                          # /generic-sdhci/sd-bus)
    qemu <args>           # more QEMU arguments (split at spaces), e.g. a
                          # network card on the second transport
    check <script>        # after QEMU exits, run test/integration/
                          # <scenario>/<script> <disk image> [<sd-card
                          # image>]: a check of its
                          # own, passed if it exits 0 (its output is the
                          # detail)
    respond <regex> <text>  # when a line matches, type text (Python
                          # escapes: \r Enter, \x1d Ctrl-]; no spaces in
                          # the regex)
    respond-once <regex> <text>  # ... at the first such line only
    machine raspi4b       # a QEMU machine other than virt (its -M value):
                          # the board's own CPUs, GIC and UARTs; no -cpu,
                          # -smp or GIC option, -m from mem (icount, disk
                          # and qemu apply)
    dtb <path>            # ... booted with this board DT (from the top of
                          # the tree, e.g. .cache/linux/dtbs/x.dtb); on
                          # virt, "dtb qemu" is QEMU's own (dumped with
                          # dumpdtb= for the scenario's machine and CPU)
    dtb-set <node> <property> <string>  # ... changed so (fdtput, on a copy)
    serial 1              # ... whose UART n (QEMU's -serial order; default
                          # 0) is the console, the others unconnected; "all":
                          # its first four UARTs all write to the console
    earlycon <uart>       # pack the image with scripts/pack.py --earlycon
                          # <uart> (read by the build)
    arch aarch64 arm32    # the builds the scenario runs on (default
                          # aarch64); --arch arm32 runs those naming arm32
                          # on qemu-system-arm (build/arm32's images)
    cpu32 cortex-a15 cortex-a7  # QEMU CPU models for the arm32 runs
                          # (default cortex-a15)
    iommu smmuv3          # virt with an SMMUv3 in front of its PCIe host
                          # (-M virt,iommu=smmuv3), stage 2 only
                          # (-global arm-smmuv3.stage=2; QEMU 10's has
                          # stage 2 without it too)

Lines are matched as scripts/consolelog.py gives them: without escape
sequences, and with the name of the VM that has the console's input in
front of that VM's (unprefixed) lines. Besides the expect lines, every
guest line "TEST <name> PASS|FAIL ..." is a check of its own, and
"PANIC" anywhere fails the scenario. A run ends when every expectation is
met (then it waits a moment for trailing FAIL lines), when the only ones
left are for checks a guest already reported as FAIL, or at the timeout.
Prints "TEST <scenario>/<check> PASS|FAIL" lines and, last, "N passed, N
failed". Exit status 1 if anything failed.
"""
import argparse
import os
import re
import select
import shutil
import subprocess
import sys
import time

import consolelog
import xenboot

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UBOOT = {"aarch64": "/usr/lib/u-boot/qemu_arm64/u-boot.bin",
         "arm32": "/usr/lib/u-boot/qemu_arm/u-boot.bin"}
QEMU = {"aarch64": "qemu-system-aarch64", "arm32": "qemu-system-arm"}
# "native linux": the kernel each build's Linux guest runs, and its initramfs.
LINUX = {"aarch64": (".cache/linux/Image", ".cache/linux/initramfs.cpio.gz"),
         "arm32": (".cache/linux-armhf/zImage", ".cache/linux-armhf/initramfs.cpio.gz")}
# "[vm] TEST ..." under Septum; a native guest's lines have no prefix.
GUEST_TEST = re.compile(r"^(?:\[([\w-]+)\] )?TEST (\S+) (PASS|FAIL|SKIP)(.*)$")


def parse_conf(path):
    conf = {"smp": 2, "gic": 3, "cpu": ["cortex-a57"], "boot": "kernel", "timeout": 60,
            "icount": 0, "mem": "1G", "native": None, "xen": None, "bootargs": "", "disk": None,
            "disk_device": "virtio-blk-device,bus=virtio-mmio-bus.0",
            "machine": "virt", "iommu": None, "dtb": None, "dtb_set": [], "serial": "0",
            "earlycon": None, "qemu": [], "check": None, "sd_card": None, "arch": ["aarch64"],
            "cpu32": ["cortex-a15"], "gic32": 2,
            "expect": [], "reject": [], "once": [], "respond": [], "stop": [], "after": []}
    for raw in open(path):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, rest = line.partition(" ")
        if key == "expect":
            conf["expect"].append((1, rest))
        elif key == "expect-count":
            n, _, rx = rest.partition(" ")
            conf["expect"].append((int(n), rx))
        elif key == "expect-once":
            conf["expect"].append((1, rest))
            conf["once"].append(rest)
        elif key == "reject":
            conf["reject"].append(rest)
        elif key == "after":
            a, _, b = rest.partition(" ")
            conf["after"].append((a, b))
        elif key == "stop":
            conf["stop"].append(re.compile(rest))
        elif key in ("respond", "respond-once"):
            rx, _, text = rest.partition(" ")
            # Python string escapes in text: \r, \x1d (Ctrl-]), ...
            text = text.encode().decode("unicode_escape")
            # [regex, text, once, spent]
            conf["respond"].append([re.compile(rx), text, key == "respond-once", False])
        elif key in ("cpu", "cpu32", "arch"):
            conf[key] = rest.split()
        elif key in ("smp", "gic", "gic32", "timeout", "icount"):
            conf[key] = int(rest)
        elif key in ("boot", "mem", "native", "xen", "bootargs", "disk", "machine", "dtb", "iommu",
                     "serial", "earlycon", "check"):
            conf[key] = rest
        elif key == "disk-device":
            conf["disk_device"] = rest
        elif key == "dtb-set":
            node, prop, value = rest.split(" ", 2)
            conf["dtb_set"].append((node, prop, value))
        elif key == "qemu":
            conf["qemu"] += rest.split()
        elif key == "sd-card":
            conf["sd_card"] = tuple(rest.split(" ", 1))
        else:
            sys.exit(f"{path}: unknown key {key!r}")
    return conf


def qemu_command(conf, image, cpu, arch, disk=None, dtb=None):
    machine = "virt," if conf["native"] else "virt,virtualization=on,"
    gic = conf["gic32"] if arch == "arm32" and not conf["native"] else conf["gic"]
    if conf["iommu"]:
        machine += f"iommu={conf['iommu']},"
    cmd = [QEMU[arch], "-M",
           f"{machine}gic-version={gic},dtb-randomness=off",
           "-cpu", cpu, "-smp", str(conf["smp"]), "-m", conf["mem"],
           "-nic", "none", "-nographic", "-monitor", "none", "-serial", "stdio",
           "-rtc", "base=2024-01-01T00:00:00,clock=vm"]
    if conf["icount"]:
        cmd += ["-icount", "shift=0,sleep=off"]
    if conf["boot"] == "uboot":
        cmd += ["-bios", UBOOT[arch]]
    cmd += ["-kernel", image]
    if conf["native"] == "linux":
        cmd += ["-initrd", os.path.join(TOP, LINUX[arch][1])]
    if disk:
        # bus virtio-mmio-bus.0 is the transport at 0xa000000 (QEMU fills
        # them from the top otherwise).
        cmd += ["-drive", f"if=none,format=raw,file={disk},id=disk0",
                "-device", f"{conf['disk_device']},drive=disk0"]
    if conf["iommu"] == "smmuv3":
        cmd += ["-global", "arm-smmuv3.stage=2"]
    cmd += conf["qemu"]
    if dtb:
        cmd += ["-dtb", dtb]
    if conf["native"]:
        cmd += ["-append", conf["bootargs"]]
    return cmd


def board_command(conf, image, dtb, arch, disk=None, card=None):
    """QEMU for a machine other than virt, with the scenario's board DT and
    console UART (and its disk as the SD card, its sd-card in its slot)."""
    cmd = [QEMU[arch], "-M", conf["machine"], "-m", conf["mem"], "-nic", "none",
           "-display", "none", "-monitor", "none", "-audio", "none"]
    if conf["icount"]:
        cmd += ["-icount", "shift=0,sleep=off"]
    if disk:
        cmd += ["-drive", f"if=sd,format=raw,file={disk}"]
    if card:
        cmd += ["-drive", f"if=none,format=raw,file={card},id=card1",
                "-device", f"sd-card,drive=card1,bus={conf['sd_card'][1]}"]
    cmd += conf["qemu"]
    if conf["serial"] == "all":
        cmd += ["-chardev", "stdio,id=con,mux=on"] + ["-serial", "chardev:con"] * 4
    else:
        cmd += ["-serial", "null"] * int(conf["serial"]) + ["-serial", "stdio"]
    if dtb:
        cmd += ["-dtb", dtb]
    return cmd + ["-kernel", image]


def qemu_dtb(conf, image, cpu, arch, out):
    """QEMU's own DT for the scenario's virt machine, dumped to out;
    (out, None) or (None, why not)."""
    cmd = qemu_command(conf, image, cpu, arch)
    cmd[cmd.index("-M") + 1] += f",dumpdtb={out}"
    res = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, timeout=60)
    if res.returncode != 0 or not os.path.exists(out):
        return None, f"dumpdtb: {res.stdout.decode(errors='replace').strip()}"
    return out, None


def board_dtb(name, conf, log_dir, image, cpu, arch):
    """The scenario's board DT with its dtb-set changes made on a copy;
    (path, None), (None, None) if it has none, or (None, why not)."""
    if not conf["dtb"]:
        return None, None
    src = os.path.join(TOP, conf["dtb"])
    if conf["dtb"] == "qemu":
        src, why = qemu_dtb(conf, image, cpu, arch, os.path.join(log_dir, f"{name}.qemu.dtb"))
        if why:
            return None, why
    if not os.path.exists(src):
        return None, f"missing {src} (scripts/fetch-linux extracts the boards' DTBs)"
    if not conf["dtb_set"]:
        return src, None
    out = os.path.join(log_dir, f"{name}.dtb")
    shutil.copyfile(src, out)
    for node, prop, value in conf["dtb_set"]:
        res = subprocess.run(["fdtput", "-t", "s", out, node, prop, value],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if res.returncode != 0:
            return None, f"fdtput {node} {prop}: {res.stdout.decode(errors='replace').strip()}"
    return out, None


def make_disk(name, script, build, suffix="disk"):
    """The scenario's disk image, made by its script; (path, None) or
    (None, why not)."""
    script = os.path.join(TOP, "test", "integration", name, script)
    out = os.path.join(build, "test", "integration", f"{name}.{suffix}")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    res = subprocess.run([script, out], cwd=TOP, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    if res.returncode != 0:
        return None, f"{script} failed: {res.stdout.decode(errors='replace').strip()}"
    return out, None


def run_check(name, conf, disk, card=None):
    """The scenario's check script on the disk (and card) after QEMU
    exited, as one result: (check, ok, detail)."""
    script = os.path.join(TOP, "test", "integration", name, conf["check"])
    res = subprocess.run([script, disk or ""] + ([card] if card else []), cwd=TOP, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out = "; ".join(res.stdout.decode(errors="replace").split("\n")).strip("; ")
    return (f"check {conf['check']}", res.returncode == 0, out)


def run_scenario(name, conf, image, log_dir, verbose, cpu, arch, disk=None, dtb=None,
                 card=None):
    xen_console = xenboot.Console() if conf["xen"] else None
    if conf["xen"]:
        cmd = xenboot.command(image, conf["bootargs"], log_dir, gic=conf["gic"],
                              smp=conf["smp"], mem=conf["mem"], icount=bool(conf["icount"]))
    elif conf["machine"] != "virt":
        cmd = board_command(conf, image, dtb, arch, disk, card)
    else:
        cmd = qemu_command(conf, image, cpu, arch, disk, dtb)
    log_path = os.path.join(log_dir, f"{name}.log")
    counts = [0] * len(conf["expect"])
    # An expectation that a guest's "TEST x PASS" line would meet is
    # doomed once that guest prints "TEST x FAIL": the run need not wait
    # for it until the timeout.
    doomed = [False] * len(conf["expect"])
    expects = [(n, re.compile(rx)) for n, rx in conf["expect"]]
    rejects = [re.compile(rx) for rx in conf["reject"]] + [re.compile(r"PANIC")]
    afters = [(re.compile(a), re.compile(b)) for a, b in conf["after"]]
    after_state = [0] * len(afters)   # 0: A not seen, 1: A seen, 2: B after A
    for r in conf["respond"]:
        r[3] = False                  # respond-once: not spent in this run
    results = []          # (check, ok, detail)
    rejected = []
    buf = b""
    lines = consolelog.Lines()
    start = time.monotonic()
    done_at = None
    with open(log_path, "wb") as log:
        log.write((" ".join(cmd) + "\n").encode())
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        try:
            while True:
                now = time.monotonic()
                if now - start > conf["timeout"]:
                    break
                if done_at is not None and now - done_at > 0.5:
                    break
                ready, _, _ = select.select([proc.stdout], [], [], 0.2)
                if not ready:
                    if proc.poll() is not None:
                        break
                    continue
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                log.write(chunk)
                buf += chunk
                while b"\n" in buf:
                    raw, buf = buf.split(b"\n", 1)
                    line = lines.line(raw.decode(errors="replace").rstrip("\r"))
                    if xen_console:
                        line = xen_console.line(line)
                    if verbose:
                        print(f"  | {line}")
                    m = GUEST_TEST.match(line)
                    if m:
                        vm, check, verdict, rest = m.groups()
                        vm = vm or "native"
                        results.append((f"{vm}/{check}", verdict == "PASS",
                                        f"{verdict}{rest}"))
                        if verdict == "FAIL":
                            would = (f"[{m.group(1)}] " if m.group(1) else "") + \
                                f"TEST {check} PASS"
                            for i, (n, rx) in enumerate(expects):
                                if counts[i] < n and rx.search(would):
                                    doomed[i] = True
                    for i, (n, rx) in enumerate(expects):
                        if rx.search(line):
                            counts[i] += 1
                    for rx in rejects:
                        if rx.search(line):
                            rejected.append(line)
                    for i, (a, b) in enumerate(afters):
                        if after_state[i] == 1 and b.search(line):
                            after_state[i] = 2
                        if after_state[i] == 0 and a.search(line):
                            after_state[i] = 1
                    for r in conf["respond"]:
                        if not r[3] and r[0].search(line):
                            proc.stdin.write(r[1].encode())
                            proc.stdin.flush()
                            r[3] = r[2]
                    if done_at is None and (
                            (all(c >= n or d for c, d, (n, _) in zip(counts, doomed, expects)) and
                             all(st == 2 for st in after_state)) or
                            any(rx.search(line) for rx in conf["stop"])):
                        done_at = time.monotonic()
        finally:
            proc.kill()
            proc.wait()
    elapsed = time.monotonic() - start
    for (n, rx), c in zip(conf["expect"], counts):
        if rx in conf["once"]:
            results.append((f"expect-once {rx}", c == 1, f"seen {c} time(s)"))
        else:
            results.append((f"expect {rx}" + (f" x{n}" if n > 1 else ""), c >= n,
                            f"seen {c} time(s)"))
    for (a, b), st in zip(conf["after"], after_state):
        results.append((f"after {a} then {b}", st == 2,
                        ["first not seen", "second not seen after it"][st] if st < 2 else ""))
    results.append(("no-reject", not rejected, "; ".join(rejected[:3])))
    return results, elapsed, log_path


def main():
    ap = argparse.ArgumentParser(description="Run Septum integration scenarios")
    ap.add_argument("--arch", choices=sorted(QEMU), default="aarch64",
                    help="which build's scenarios to run (default aarch64)")
    ap.add_argument("--build", help="build tree (default build/<arch>)")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("scenarios", nargs="*", help="names (default: all)")
    args = ap.parse_args()
    args.build = args.build or os.path.join(TOP, "build", args.arch)

    root = os.path.join(TOP, "test", "integration")
    names = args.scenarios or sorted(
        d for d in os.listdir(root) if os.path.isfile(os.path.join(root, d, "scenario.conf")))
    log_dir = os.path.join(args.build, "test-logs")
    os.makedirs(log_dir, exist_ok=True)
    passed = failed = 0
    for name in names:
        conf = parse_conf(os.path.join(root, name, "scenario.conf"))
        if args.arch not in conf["arch"]:
            if args.scenarios:
                print(f"TEST {name}/arch FAIL not a scenario for {args.arch} (its arch: "
                      f"{' '.join(conf['arch'])})")
                failed += 1
            continue
        image = os.path.join(args.build, "test", "integration", f"{name}.img")
        if conf["native"] or conf["xen"]:
            image = os.path.join(args.build, "guests", f"{conf['native'] or conf['xen']}.bin")
        if conf["native"] == "linux":
            image = os.path.join(TOP, LINUX[args.arch][0])
            initrd = os.path.join(TOP, LINUX[args.arch][1])
            if not os.path.exists(initrd):
                print(f"TEST {name}/image FAIL missing {initrd} (scripts/build)")
                failed += 1
                continue
        if conf["xen"] and not xenboot.available():
            print(f"TEST {name}/xen FAIL missing {xenboot.XEN} (scripts/fetch-xen)")
            failed += 1
            continue
        if not os.path.exists(image):
            print(f"TEST {name}/image FAIL missing {image}")
            failed += 1
            continue
        cpus = conf["cpu32"] if args.arch == "arm32" else conf["cpu"]
        if conf["xen"] and cpus != ["cortex-a57"]:
            sys.exit(f"{name}: cpu is not supported with xen")
        for cpu in cpus:
            run = name if len(cpus) == 1 else f"{name}@{cpu}"
            dtb, why = board_dtb(run, conf, log_dir, image, cpu, args.arch)
            if why:
                print(f"TEST {run}/dtb FAIL {why}")
                failed += 1
                continue
            disk = card = None
            if conf["disk"]:
                disk, why = make_disk(name, conf["disk"], args.build)
            if conf["sd_card"] and not why:
                card, why = make_disk(name, conf["sd_card"][0], args.build, "sd")
            if why:
                print(f"TEST {run}/disk FAIL {why}")
                failed += 1
                continue
            results, elapsed, log_path = run_scenario(run, conf, image, log_dir,
                                                      args.verbose, cpu, args.arch, disk, dtb,
                                                      card)
            if conf["check"]:
                results.append(run_check(name, conf, disk, card))
            bad = 0
            for check, ok, detail in results:
                print(f"TEST {run}/{check} {'PASS' if ok else 'FAIL'}"
                      + ("" if ok else f" ({detail})"))
                if ok:
                    passed += 1
                else:
                    failed += 1
                    bad += 1
            print(f"# {run}: {len(results) - bad}/{len(results)} in {elapsed:.1f} s"
                  + (f", log {log_path}" if bad else ""))
            sys.stdout.flush()
    print(f"integration: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
