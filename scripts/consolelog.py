"""Septum's console output as lines a test can match.

The VM that has the console's input writes to the terminal unprefixed and
raw (its prompt and typed characters as they come, escape sequences and
all); every other VM's lines carry its name ("[rtos] ..."), Septum's own
"septum: ...". Lines reads the console line by line, drops escape
sequences (ECMA-48: CSI, control strings, ESC + final byte, and CAN),
keeps what a carriage return did not overwrite, and puts the input VM's name in front of its unprefixed lines, which it knows
from Septum's "septum: console: input goes to <vm>" lines. So a scenario
matches "^\\[linux\\] ..." whichever VM has the input.
"""
import re

INPUT = re.compile(r"^septum: console: input goes to ([\w-]+)")
PREFIXED = re.compile(r"^(septum: |\[[\w-]+\] )")
ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\x07\x1b]*(\x07|\x1b\\)|[ -/]*[0-~])|\x18")


def strip_escapes(s):
    """s without escape sequences."""
    return ESCAPES.sub("", s)


class Lines:
    def __init__(self):
        self.input = None

    def line(self, raw):
        """One console line (without its line end) as a test sees it:
        what follows its last carriage return (Septum erases the input
        VM's half line, CR and EL, to put another VM's line there)."""
        s = strip_escapes(raw).rstrip("\r").rsplit("\r", 1)[-1]
        if self.input and not PREFIXED.match(s):
            s = f"[{self.input}] {s}"
        m = INPUT.match(s)
        if m:
            self.input = m.group(1)
        return s
