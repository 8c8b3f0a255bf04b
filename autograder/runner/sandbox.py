"""The bubblewrap sandbox a submission runs in.

The child sees a read-only system (/usr, /lib, /bin, /etc), the Python installation and its
environment, the harness, and two private writable folders, /submission (holding a read-only copy
of its notebook) and /tmp, both size-capped tmpfs; no network; its own PID, IPC and UTS
namespaces. It does not see the checkout, `solutions/`, the hidden suites, other submissions, the
output folder, or anything of the host's disk it could write to. When run as root, bwrap binds as
root and the child then drops to an unprivileged uid of its own (one per parallel slot), so that
process limits really apply. Per-process limits are set with util-linux's `prlimit`, so no Python
runs between fork and exec in the grader; the slot's memory cgroup (cgroup.py) bounds them
together. Before the submission's program starts, `confined` (confine.py, child/launcher.py)
empties the keyrings its uid keeps and forbids it new user namespaces.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import cgroup
from .confine import confined

# How a submission is isolated: bubblewrap namespaces (the default); only an unprivileged uid with
# limits, where a container forbids namespaces (Gradescope's, typically); or not at all.
BUBBLEWRAP, UNPRIVILEGED, NONE = "bubblewrap", "unprivileged-user", "none"
SANDBOX_HOME = "/submission"
HARNESS_MOUNT = "/nngrade/child"
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
HIDDEN_FILES = ("/etc/shadow", "/etc/gshadow")
FIRST_UID = 100_000  # grading as root, slot k of grader process p runs as slot_uid(k, p)
SLOTS_PER_GRADER = 256


def slot_uid(slot: int, grader_pid: int | None = None) -> int:
    """A uid of its own for each parallel slot of each grader process on the machine, so that
    process limits are never shared with another submission or another grader."""
    pid = os.getpid() if grader_pid is None else grader_pid
    return FIRST_UID + (pid % 4096) * SLOTS_PER_GRADER + slot % SLOTS_PER_GRADER


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create namespaces here."""


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 2 * 1024**3  # address space per process
    processes: int = 64  # per submission (its own uid)
    file_bytes: int = 64 * 1024**2  # largest file it may write
    open_files: int = 256
    cpu_seconds: int = 600  # a backstop; wall time is enforced by the parent
    slot_memory_bytes: int = 2 * 1024**3  # a slot's processes, tmpfs and kernel memory together (cgroup)
    tmpfs_bytes: int = 256 * 1024**2  # each of /tmp and /submission: together well under the above


def python_roots() -> list[Path]:
    """The Python installation, its environment, and any further site-packages on sys.path (a
    .pth may add one); never other sys.path entries, which may be a checkout."""
    roots = {
        Path(sys.base_prefix).resolve(),
        Path(sys.prefix).resolve(),
        Path(sys.executable).resolve().parent,
    }
    roots |= {
        Path(p).resolve()
        for p in sys.path
        if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()
    }
    outside = sorted(
        r for r in roots if not any(str(r).startswith(d + "/") or str(r) == d for d in SYSTEM_DIRS)
    )
    return [r for r in outside if not any(r != other and r.is_relative_to(other) for other in outside)]


def installed_dirs(package: str) -> list[Path]:
    """Where `package` is installed inside the Python environment (not a checkout's folder)."""
    spec = importlib.util.find_spec(package)
    found = [Path(p).resolve() for p in (spec.submodule_search_locations or [])] if spec else []
    return [location for location in found if any(location.is_relative_to(r) for r in python_roots())]


def _ancestors(path: Path) -> list[str]:
    return [str(p) for p in reversed(path.parents) if str(p) != "/"]


def bwrap_arguments(
    notebook: Path | None, harness: Path, uid: int | None, limits: Limits = Limits()
) -> list[str]:
    """The bwrap command line up to (not including) the program to run; `notebook`, if given, is
    bound read-only at /submission/submission.ipynb."""
    args = [
        "bwrap",
        "--unshare-ipc",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
    ]
    if uid is None:
        args += ["--unshare-user", "--uid", "65534", "--gid", "65534"]
    for directory in SYSTEM_DIRS:
        if os.path.isdir(directory) and not os.path.islink(directory):
            args += ["--ro-bind", directory, directory]
        elif os.path.islink(directory):
            args += ["--symlink", os.readlink(directory), directory]
    for hidden in HIDDEN_FILES:
        if os.path.exists(hidden):
            args += ["--ro-bind", "/dev/null", hidden]
    # The private /tmp comes before the Python binds: a checkout may itself live under /tmp.
    # Each writable place is a tmpfs of its own size: its pages are RAM, charged to the slot's cgroup.
    args += ["--perms", "1777", "--size", str(limits.tmpfs_bytes), "--tmpfs", "/tmp"]
    made: set[str] = set(SYSTEM_DIRS) | {"/tmp"}
    for root in python_roots():
        for ancestor in _ancestors(root):  # bwrap would create these 0700: unusable after the uid drop
            if ancestor not in made:
                args += ["--perms", "0755", "--dir", ancestor]
                made.add(ancestor)
        args += ["--ro-bind", str(root), str(root)]
    hidden = [
        str(location) for package in ("solutions", "autograder") for location in installed_dirs(package)
    ]
    for location in hidden:  # a non-editable install puts them in site-packages
        args += ["--tmpfs", location]
    args += [
        "--perms",
        "0755",
        "--dir",
        "/nngrade",
        "--ro-bind",
        str(harness),
        HARNESS_MOUNT,
        "--perms",
        "1777",
        "--size",
        str(limits.tmpfs_bytes),
        "--tmpfs",
        SANDBOX_HOME,
    ]
    if notebook is not None:
        args += ["--ro-bind", str(notebook), f"{SANDBOX_HOME}/submission.ipynb"]
    args += ["--proc", "/proc", "--dev", "/dev", "--mqueue", "/dev/mqueue"]
    # Without a uid of its own (no root) the child owns bwrap's own tmpfs (/, /dev, the hidden
    # packages' covers): read-only, every one, so that the capped ones are all it can write.
    for place in [*hidden, "/dev", "/"]:
        args += ["--remount-ro", place]
    return args + ["--chdir", SANDBOX_HOME, "--clearenv"]


def limit_arguments(limits: Limits) -> list[str]:
    return [
        "prlimit",
        f"--as={limits.memory_bytes}",
        f"--nproc={limits.processes}",
        f"--fsize={limits.file_bytes}",
        f"--nofile={limits.open_files}",
        f"--cpu={limits.cpu_seconds}",
        "--core=0",
        "--",
    ]


def drop_privileges(uid: int) -> list[str]:
    return [
        "setpriv",
        f"--reuid={uid}",
        f"--regid={uid}",
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
        "--",
    ]


def slot_group(slot: int, limits: Limits) -> cgroup.SlotGroup:
    """A new memory and pids cgroup for one sandbox of `slot` (empty where the host allows none)."""
    return cgroup.slot_group(slot, limits.slot_memory_bytes, limits.processes + cgroup.SPARE_TASKS)


def sandboxed_command(
    program: list[str],
    notebook: Path | None,
    harness: Path,
    slot: int,
    limits: Limits,
    env: dict[str, str],
    group: cgroup.SlotGroup | None = None,
) -> list[str]:
    """The whole command: join `group`, set limits, enter bwrap, drop to the slot's uid, `confined`."""
    uid = slot_uid(slot) if os.geteuid() == 0 else None
    setenv = [arg for key, value in env.items() for arg in ("--setenv", key, value)]
    inner = (drop_privileges(uid) if uid is not None else []) + confined(program)
    sandbox = limit_arguments(limits) + bwrap_arguments(notebook, harness, uid, limits) + setenv + inner
    return cgroup.joining(group or cgroup.SlotGroup([]), sandbox)


def unprivileged_command(
    program: list[str],
    workdir: Path,
    slot: int,
    limits: Limits,
    group: cgroup.SlotGroup | None = None,
) -> list[str]:
    """Limits and a uid of the slot's own, but no namespaces: for containers that forbid them.
    Root only. The caller must make sure that this uid can read nothing it should not."""
    uid = slot_uid(slot)
    os.chmod(workdir.parent, 0o711)  # it may pass through to its folder, not list what is beside it
    os.chown(workdir, uid, uid)
    for entry in workdir.iterdir():
        os.chown(entry, uid, uid)
    command = limit_arguments(limits) + drop_privileges(uid) + confined(program)
    return cgroup.joining(group or cgroup.SlotGroup([]), command)


# Per machine: its seccomp audit arch and the numbers of clone, clone3, unshare and keyctl.
def end_processes_of(uid: int) -> None:
    """SIGKILL every process of `uid` (a slot's own uid), however it detached, until none is left."""
    for _ in range(1000):
        if not any(_process_uid(entry) == uid for entry in os.scandir("/proc") if entry.name.isdigit()):
            return
        # kill(-1) as that uid reaches exactly its processes (and spares the caller)
        subprocess.run(
            drop_privileges(uid)
            + [
                sys.executable,
                "-I",
                "-c",
                "import os, signal\ntry:\n    os.kill(-1, signal.SIGKILL)\nexcept OSError:\n    pass",
            ],
            check=False,
            timeout=30,
        )


def _process_uid(entry: os.DirEntry) -> int | None:
    try:
        with open(os.path.join(entry.path, "status")) as status:
            for line in status:
                if line.startswith("Uid:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def check_available() -> None:
    """Raise SandboxUnavailable, with what to do, unless a sandboxed `true` runs here."""
    for tool in ("bwrap", "prlimit", "setpriv"):
        if shutil.which(tool) is None:
            package = "bubblewrap" if tool == "bwrap" else "util-linux"
            raise SandboxUnavailable(f"`{tool}` is not installed (Debian: apt-get install {package})")
    command = sandboxed_command(
        [sys.executable, "-c", "import numpy, nbformat"],
        None,
        Path(__file__).with_name("child"),
        0,
        Limits(),
        {"PATH": "/usr/bin:/bin"},
    )
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise SandboxUnavailable(
            f"bubblewrap cannot run Python in a sandbox here: {done.stderr.strip()[-400:]}"
        )
