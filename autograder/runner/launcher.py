"""The first step of a sandboxed program, run as the submission's uid before it (sandbox.confined).

    python -I -S -c <this file's text> KEYCTL_NR FILTER_HEX PROGRAM [ARGS...]

Not imported: its text is passed with -c, because the sandbox cannot see this package. Standard
library only. It (1) joins a new anonymous session keyring, so that the program does not possess
the grader's, (2) empties the keyrings the uid keeps beyond its processes: user, user-session and
persistent, so that it cannot read what an earlier submission of this uid left, (3) waits until
the kernel has destroyed the keys of earlier submissions (they outlive their processes by an RCU
grace period, up to seconds), (4) sets no_new_privs and loads the seccomp FILTER, and (5) execs
PROGRAM. Any failure ends it before PROGRAM runs. It makes no thread keyring: the file of the
program it execs keeps the credentials of the exec, and with them that keyring, as long as the
program runs (the persistent keyring is linked in the new session keyring instead).

A uid's keyrings are its own only when it is the slot's uid (the grader is root: no user namespace)
or, since Linux 5.3, per user namespace. Without root the sandbox's uid is the grader's: steps
(1) and (3) are then skipped on an older kernel, and (3) always (the grader's own keys are there).
"""

import ctypes
import os
import re
import sys
import time

KEYCTL_GET_KEYRING_ID, KEYCTL_JOIN_SESSION_KEYRING, KEYCTL_CLEAR, KEYCTL_GET_PERSISTENT = 0, 1, 7, 22
THREAD, PROCESS, SESSION, USER, USER_SESSION = -1, -2, -3, -4, -5
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
NO_KEYS = (38, 95)  # ENOSYS, EOPNOTSUPP: a kernel without keyrings
KEYS_GONE_WITHIN = 30.0  # seconds

libc = ctypes.CDLL(None, use_errno=True)
number, rules, program = int(sys.argv[1]), bytes.fromhex(sys.argv[2]), sys.argv[3:]


def keyctl(*args: int) -> int:
    return libc.syscall(ctypes.c_long(number), *map(ctypes.c_long, args))


def fail(why: str) -> None:
    sys.exit(f"nngrade: the sandbox could not start the submission: {why}")


in_userns = open("/proc/self/uid_map").read().split() != ["0", "0", "4294967295"]
release = tuple(map(int, re.findall(r"\d+", os.uname().release)[:2]))
own_uid = os.getuid() != 0 and not in_userns
# A session keyring of its own first: the grader's (inherited through setpriv) is then out of reach.
if number >= 0 and keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0) < 0 and ctypes.get_errno() not in NO_KEYS:
    fail(f"cannot join a new session keyring: {os.strerror(ctypes.get_errno())}")
if number >= 0 and os.getuid() != 0 and (own_uid or release >= (5, 3)):
    persistent = keyctl(KEYCTL_GET_PERSISTENT, -1, SESSION)  # linked in the new session keyring
    for ring in ((persistent,) if persistent > 0 else ()) + (USER, USER_SESSION, SESSION):
        if keyctl(KEYCTL_CLEAR, ring) < 0 and ctypes.get_errno() not in NO_KEYS:
            fail(f"cannot empty keyring {ring}: {os.strerror(ctypes.get_errno())}")
if number >= 0 and own_uid and os.path.exists("/proc/keys"):
    own = {keyctl(KEYCTL_GET_KEYRING_ID, ring, 0) for ring in (THREAD, PROCESS, SESSION, USER, USER_SESSION)}
    own.add(keyctl(KEYCTL_GET_PERSISTENT, -1, SESSION))
    deadline = time.monotonic() + KEYS_GONE_WITHIN
    while any(
        int(f[0], 16) not in own and f[5] == str(os.getuid())
        for f in (line.split() for line in open("/proc/keys"))
    ):
        if time.monotonic() > deadline:
            fail("keys an earlier submission of this uid left are still alive")
        time.sleep(0.01)
if rules:

    class Filter(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("code", ctypes.c_char_p)]

    loaded, U = Filter(len(rules) // 8, rules), ctypes.c_ulong
    no_privs = libc.prctl(PR_SET_NO_NEW_PRIVS, U(1), U(0), U(0), U(0))
    if no_privs or libc.prctl(PR_SET_SECCOMP, U(SECCOMP_MODE_FILTER), ctypes.byref(loaded), U(0), U(0)):
        fail(f"cannot forbid user namespaces (seccomp): {os.strerror(ctypes.get_errno())}")
os.execvp(program[0], program)
