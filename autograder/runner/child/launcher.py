"""The first step of a sandboxed program, run as the submission's uid before it (confine.confined).

    python -I -S -c <this file's text> KEYCTL_NR FILTER_HEX PROGRAM [ARGS...]

Run with -c, because the sandbox's Python sees no package; standard library only. It (1) joins a
new anonymous session keyring, so that the program does not possess the grader's, (2) empties the
keyrings the uid keeps beyond its processes and waits until the kernel has destroyed the keys of
earlier submissions (`empty_keyrings`, which the fork server also runs between submissions, and
so imports from here), (3) sets no_new_privs and loads the seccomp FILTER, and (4) execs PROGRAM.
Any failure ends it before PROGRAM runs. It makes no thread keyring: the file of the program it
execs keeps the credentials of the exec, and with them that keyring, as long as the program runs
(the persistent keyring is linked in the new session keyring instead).

A uid's keyrings are its own only when it is the slot's uid (the grader is root: no user namespace)
or, since Linux 5.3, per user namespace. Without root the sandbox's uid is the grader's: emptying
is then skipped on an older kernel, and the wait always (the grader's own keys are there).
"""

import ctypes
import os
import re
import sys
import time

KEYCTL_GET_KEYRING_ID, KEYCTL_JOIN_SESSION_KEYRING, KEYCTL_CLEAR, KEYCTL_GET_PERSISTENT = 0, 1, 7, 22
THREAD, PROCESS, SESSION, USER, USER_SESSION = -1, -2, -3, -4, -5  # the special keyring ids
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
NO_KEYS = (38, 95)  # ENOSYS, EOPNOTSUPP: a kernel without keyrings
KEYS_GONE_WITHIN = 30.0  # seconds


def _keyctl(number: int, *args: int) -> int:
    return ctypes.CDLL(None, use_errno=True).syscall(ctypes.c_long(number), *map(ctypes.c_long, args))


def join_session_keyring(number: int) -> None:
    """A new anonymous session keyring: what the caller's earlier session keyring holds is out of
    reach, and what it adds to the new one ends with it. `number` is keyctl's syscall number."""
    if _keyctl(number, KEYCTL_JOIN_SESSION_KEYRING, 0) < 0 and ctypes.get_errno() not in NO_KEYS:
        raise OSError(ctypes.get_errno(), "cannot join a new session keyring")


def empty_keyrings(number: int) -> None:
    """Keys outlive processes, in the keyrings of their uid: empty the persistent, session, user and
    user-session keyrings, then wait until the kernel has destroyed the rest of what an earlier
    submission made (they outlive it by an RCU grace period, up to seconds). Raises OSError."""
    in_userns = open("/proc/self/uid_map").read().split() != ["0", "0", "4294967295"]
    release = tuple(map(int, re.findall(r"\d+", os.uname().release)[:2]))
    own_uid = os.getuid() != 0 and not in_userns
    if os.getuid() == 0 or not (own_uid or release >= (5, 3)):
        return
    persistent = _keyctl(number, KEYCTL_GET_PERSISTENT, -1, SESSION)  # linked in the session keyring
    for ring in ((persistent,) if persistent > 0 else ()) + (SESSION, USER, USER_SESSION):
        if _keyctl(number, KEYCTL_CLEAR, ring) < 0 and ctypes.get_errno() not in NO_KEYS:
            raise OSError(ctypes.get_errno(), f"cannot empty keyring {ring}")
    if not own_uid or not os.path.exists("/proc/keys"):
        return
    rings = (THREAD, PROCESS, SESSION, USER, USER_SESSION)
    own = {_keyctl(number, KEYCTL_GET_KEYRING_ID, ring, 0) for ring in rings}
    own.add(_keyctl(number, KEYCTL_GET_PERSISTENT, -1, SESSION))
    deadline = time.monotonic() + KEYS_GONE_WITHIN
    while any(
        int(f[0], 16) not in own and f[5] == str(os.getuid())
        for f in (line.split() for line in open("/proc/keys"))
    ):
        if time.monotonic() > deadline:
            raise OSError("keys an earlier submission of this uid left are still alive")
        time.sleep(0.01)


def forbid_user_namespaces(rules: bytes) -> None:
    """no_new_privs, then the seccomp filter `rules` (classic BPF, 8 bytes per instruction)."""

    class Filter(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("code", ctypes.c_char_p)]

    libc, unsigned = ctypes.CDLL(None, use_errno=True), ctypes.c_ulong
    loaded = Filter(len(rules) // 8, rules)
    no_privs = libc.prctl(PR_SET_NO_NEW_PRIVS, unsigned(1), unsigned(0), unsigned(0), unsigned(0))
    if no_privs or libc.prctl(
        PR_SET_SECCOMP, unsigned(SECCOMP_MODE_FILTER), ctypes.byref(loaded), unsigned(0), unsigned(0)
    ):
        raise OSError(ctypes.get_errno(), "cannot forbid user namespaces (seccomp)")


def main(argv: list[str]) -> None:
    number, rules, program = int(argv[0]), bytes.fromhex(argv[1]), argv[2:]
    try:
        if number >= 0:
            join_session_keyring(number)  # first: the grader's (inherited through setpriv) is out of reach
            empty_keyrings(number)
        if rules:
            forbid_user_namespaces(rules)
    except OSError as exc:
        sys.exit(f"nngrade: the sandbox could not start the submission: {exc}")
    os.execvp(program[0], program)


if __name__ == "__main__":
    main(sys.argv[1:])
