"""The first step of every sandboxed program: child/launcher.py, given the seccomp filter it loads.

`confined(program)` is the command that starts `program` through the launcher: keyrings of its own,
emptied of what an earlier submission of its uid left, and no new user namespaces. Only x86_64 and
aarch64 have the syscall numbers it needs; elsewhere the program starts as it is, with a note.
"""

from __future__ import annotations

import platform
import struct
import sys
from pathlib import Path

SYSCALLS = {"x86_64": (0xC000003E, 56, 435, 272, 250), "aarch64": (0xC00000B7, 220, 435, 97, 219)}
CLONE_NEWUSER = 0x10000000

LAUNCHER = Path(__file__).parent / "child" / "launcher.py"  # its text runs in the sandbox, with -c
_warned: list[str] = []


def userns_filter() -> bytes:
    """A seccomp program (classic BPF) that fails clone and unshare with CLONE_NEWUSER (EPERM), and
    clone3 (ENOSYS, whose flags it cannot read; libc then falls back to clone), and any other ABI.
    What a user namespace would give: mounts of its own, e.g. a tmpfs outside every size cap.
    bwrap's own --disable-userns needs --unshare-user, in which the slot's uid has no mapping."""
    arch, clone, clone3, unshare, _ = SYSCALLS[platform.machine()]
    flags = 16 if sys.byteorder == "little" else 20  # seccomp_data.args[0], low 32 bits
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    allow, eperm, enosys = 0x7FFF0000, 0x00050000 | 1, 0x00050000 | 38
    code = [
        (ld, 0, 0, 4),
        (jeq, 0, 8, arch),  # 0-1: another ABI: EPERM
        (ld, 0, 0, 0),
        (jge, 6, 0, 0x40000000),  # 2-3: x32 numbers: EPERM
        (jeq, 2, 0, unshare),
        (jeq, 1, 0, clone),  # 4-5: look at the flags
        (jeq, 4, 2, clone3),  # 6: ENOSYS, or allow
        (ld, 0, 0, flags),
        (jset, 1, 0, CLONE_NEWUSER),  # 7-8: a new user namespace: EPERM
        (ret, 0, 0, allow),
        (ret, 0, 0, eperm),
        (ret, 0, 0, enosys),
    ]
    return b"".join(struct.pack("=HBBI", *insn) for insn in code)


def confined(program: list[str]) -> list[str]:
    """`program`, started by launcher.py (keyrings of its own, no user namespaces)."""
    if platform.machine() not in SYSCALLS:
        if not _warned:
            _warned.append(platform.machine())
            print(
                f"nngrade: note: on {platform.machine()} submissions are not kept from making user "
                "namespaces, nor their keyrings emptied (x86_64 and aarch64 only)",
                file=sys.stderr,
            )
        return program
    keyctl, rules = SYSCALLS[platform.machine()][4], userns_filter()
    return [sys.executable, "-I", "-S", "-c", LAUNCHER.read_text(), str(keyctl), rules.hex(), *program]
