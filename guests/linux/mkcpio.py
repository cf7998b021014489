#!/usr/bin/env python3
"""Writes a cpio archive in the "newc" format the kernel unpacks as its
initramfs, from a list in the format of the kernel's usr/gen_init_cpio:

    dir   <name> <mode> <uid> <gid>
    file  <name> <source> <mode> <uid> <gid>
    nod   <name> <mode> <uid> <gid> <c|b> <major> <minor>
    slink <name> <target> <mode> <uid> <gid>

(modes in octal; blank lines and lines starting with '#' are ignored).
Unlike GNU cpio it needs no files on disk for directories and device nodes,
so the archive gets /dev/console without root or mknod. Every mtime is 0,
so the same inputs give the same bytes.

    mkcpio.py <list> <output.cpio>      (list '-' reads standard input)

newc: each entry is a header ("070701" then 13 fields of 8 hex digits:
ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor
rdevminor namesize check), the NUL-terminated name padded to 4 bytes, the
data padded to 4 bytes; the last entry is named "TRAILER!!!".
"""
import stat
import sys


def entry(ino, mode, uid, gid, name, data=b"", rdev=(0, 0)):
    name_b = name.encode() + b"\0"
    fields = [ino, mode, uid, gid, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
              len(name_b), 0]
    out = b"070701" + b"".join(b"%08x" % f for f in fields) + name_b
    out += b"\0" * (-len(out) % 4)
    out += data + b"\0" * (-len(data) % 4)
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src = sys.stdin if sys.argv[1] == "-" else open(sys.argv[1])
    archive = bytearray()
    ino = 721  # arbitrary, as gen_init_cpio
    for lineno, line in enumerate(src, 1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        kind, name = words[0], words[1].lstrip("/")
        try:
            if kind == "dir":
                mode, uid, gid = int(words[2], 8), int(words[3]), int(words[4])
                archive += entry(ino, stat.S_IFDIR | mode, uid, gid, name)
            elif kind == "file":
                # The source may hold spaces (a checkout's path): it is
                # what lies between the name and the last three fields.
                head, mode, uid, gid = line.strip().rsplit(None, 3)
                with open(head.split(None, 2)[2], "rb") as f:
                    data = f.read()
                mode, uid, gid = int(mode, 8), int(uid), int(gid)
                archive += entry(ino, stat.S_IFREG | mode, uid, gid, name, data)
            elif kind == "nod":
                mode, uid, gid = int(words[2], 8), int(words[3]), int(words[4])
                ftype = {"c": stat.S_IFCHR, "b": stat.S_IFBLK}[words[5]]
                archive += entry(ino, ftype | mode, uid, gid, name,
                                 rdev=(int(words[6]), int(words[7])))
            elif kind == "slink":
                mode, uid, gid = int(words[3], 8), int(words[4]), int(words[5])
                archive += entry(ino, stat.S_IFLNK | mode, uid, gid, name,
                                 words[2].encode())
            else:
                raise ValueError("unknown entry type " + kind)
        except (IndexError, KeyError, ValueError, OSError) as e:
            sys.exit("mkcpio: line %d: %s: %s" % (lineno, line.strip(), e))
        ino += 1
    archive += entry(0, 0, 0, 0, "TRAILER!!!")
    with open(sys.argv[2], "wb") as f:
        f.write(archive)


if __name__ == "__main__":
    main()
