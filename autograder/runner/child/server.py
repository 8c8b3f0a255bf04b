"""A fork server: one warm interpreter per parallel slot, forking a fresh child per submission.

It runs inside the slot's sandbox, already under the slot's uid and limits, and imports what
every notebook and the harness need once, so a submission starts in milliseconds instead of
seconds. Protocol on the CONTROL_FD unix socket:

    parent -> server   b"run\\n" with four file descriptors attached (SCM_RIGHTS): the plan
                       to read, the answer channel to write, the output to write, and the
                       notebook's bytes to read (written to /submission/submission.ipynb)
    server -> parent   b"ready\\n" once, after the imports
                       {"status": N, "clean": bool}\\n after each submission (N: exit code, or -signal)

Between submissions the server ends every process the submission left behind (its whole PID
namespace but the server and bwrap's init) and empties every place a submission can write, and
every kernel object its uid keeps beyond its processes (System V IPC, POSIX message queues,
keyrings), so nothing of one student's run reaches the next; each submission also gets a session
keyring of its own. The parent restarts the server when it dies.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import time

import launcher  # a sibling in the harness folder: keyrings, shared with each sandbox's first step

# What the notebooks import (see assignments/*/*.ipynb) and what the harness imports.
PRELOAD = (
    "numpy",
    "scipy.optimize",
    "matplotlib.pyplot",
    "sklearn.datasets",
    "sklearn.model_selection",
    "nbformat",
    "IPython.core.inputtransformer2",
)
WRITABLE = ("/submission", "/tmp", "/dev/shm", "/dev/mqueue")  # unlinking a message queue removes it
NOTEBOOK = "/submission/submission.ipynb"
PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 4, 36
KEYCTL = {"x86_64": 250, "aarch64": 219}.get(platform.machine())


def _prctl(option: int, value: int) -> None:
    if ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), f"prctl({option}) failed")


def serve(control_fd: int, grade_one) -> None:
    # Not dumpable: a submission running under the same uid can neither ptrace this process nor
    # read its memory. Subreaper: whatever a submission orphans is reparented here and reaped.
    _prctl(PR_SET_DUMPABLE, 0)
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    for module in PRELOAD:
        importlib.import_module(module)
    _warm_up()
    _empty_writable_places()  # the imports leave caches in HOME and /tmp: the first student starts clean too
    control = socket.socket(fileno=control_fd)
    control.sendall(b"ready\n")
    while True:
        message, fds, _, _ = socket.recv_fds(control, 64, 4)
        if not message or len(fds) != 4:
            return  # the parent is done (or confused): the sandbox ends with us
        with os.fdopen(fds.pop(), "rb") as source, open(NOTEBOOK, "wb") as target:
            shutil.copyfileobj(source, target)
        pid = os.fork()
        if pid == 0:
            _become_submission(control, fds, grade_one)
        for fd in fds:
            os.close(fd)
        _, status = os.waitpid(pid, 0)
        _end_leftovers()
        try:
            _empty_writable_places()
            clean = True
        except Exception:  # never hand a dirty sandbox to the next student: the parent starts anew
            clean = False
        reply = {"status": os.waitstatus_to_exitcode(status), "clean": clean}
        control.sendall(json.dumps(reply).encode() + b"\n")
        if not clean:
            return


def _warm_up() -> None:
    """Do once what every child would do first: nbformat loads its schema and validator lazily,
    IPython's transformer compiles its patterns on first use."""
    nbformat = sys.modules["nbformat"]
    nbformat.reads(
        nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])), as_version=4
    )
    sys.modules["IPython.core.inputtransformer2"].TransformerManager().transform_cell(
        "%matplotlib inline\n!ls\nx = 1\n"
    )


def _become_submission(control: socket.socket, fds: list[int], grade_one) -> None:
    """In the forked child: take the three descriptors as stdin, result channel and output."""
    code = 1
    try:
        control.close()
        plan_fd, result_fd, output_fd = fds
        os.setsid()
        if KEYCTL is not None:  # what it adds to its own session keyring ends with it
            launcher.join_session_keyring(KEYCTL)
        os.dup2(plan_fd, 0)
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        os.close(plan_fd)
        os.close(output_fd)
        # A fresh interpreter would draw new seeds; a fork would otherwise repeat the server's.
        random.seed()
        sys.modules["numpy"].random.seed()
        grade_one(result_fd)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _end_leftovers() -> None:
    """SIGKILL every process this uid may signal in the sandbox's PID namespace, and reap it.

    kill(-1) skips the caller and init, and in a PID namespace reaches nothing outside it. A
    zombie still counts as signalled, so reap between rounds; a fork burst needs a few rounds.
    """
    for _ in range(10_000):
        try:
            os.kill(-1, signal.SIGKILL)
            signalled = True
        except ProcessLookupError:
            signalled = False
        reaped = _reap_all()
        if not signalled and not reaped:
            return
        if signalled and not reaped:
            time.sleep(0.001)


def _reap_all() -> bool:
    reaped = False
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return reaped
        if pid == 0:
            return reaped
        reaped = True


def _empty_writable_places() -> None:
    for place in WRITABLE:
        if os.path.isdir(place):
            _clear(place)
    # System V IPC objects outlive their processes; this sandbox's IPC namespace is the slot's.
    if any(_lines(f"/proc/sysvipc/{kind}") > 1 for kind in ("shm", "sem", "msg")):
        subprocess.run(["ipcrm", "--all"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    if KEYCTL is not None:
        launcher.empty_keyrings(KEYCTL)  # what the submission left in its uid's keyrings


def _lines(path: str) -> int:
    with open(path) as table:
        return sum(1 for _ in table)


def _clear(directory: str) -> bool:
    """Remove everything in `directory` but mount points and the folders that lead to them (bwrap
    makes those when the Python environment lives under /tmp); True when nothing is left. A
    folder the submission made read-only is opened up first; any failure raises."""
    empty = True
    for entry in os.scandir(directory):
        if not entry.is_dir(follow_symlinks=False):
            os.unlink(entry.path)
        elif os.path.ismount(entry.path):
            empty = False
        else:
            if entry.stat(follow_symlinks=False).st_uid == os.getuid():
                os.chmod(entry.path, 0o700)
            if _clear(entry.path):
                os.rmdir(entry.path)
            else:
                empty = False
    return empty
