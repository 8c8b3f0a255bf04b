"""A memory and pids cgroup per sandbox: the kernel's bound on what one slot takes from the host.

prlimit bounds each process of a submission (its address space; the processes of its uid), not
their sum, and not what they make the kernel hold for them: tmpfs pages, inodes, pipes, page
tables. A cgroup bounds all of it: every page a slot's processes fault in or make the kernel
allocate is charged to the slot's group, and above the limit the kernel reclaims, or OOM-kills
inside that group only. Swap is not an escape (it is limited to nothing beyond the limit).

cgroup v2 is used where its memory and pids controllers are available to the grader (as root, or
in a delegated subtree); the v1 memory and pids hierarchies otherwise. Each group lives under the
grader's own cgroup, is named nngrade-<grader pid>-<slot>-<n>, and is removed when its sandbox
ends (and at exit; a crashed grader's empty groups are removed by the next one). The sandbox's
first process joins its group before it execs prlimit and bwrap (`joining`), so everything the
sandbox ever starts is inside. Where no group can be made, a one-time message on stderr says
what then protects the host, and grading goes on.
"""

from __future__ import annotations

import argparse
import atexit
import itertools
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

SPARE_TASKS = 16  # beyond the submission's processes: bwrap, its init, the server, ipcrm
_lock = threading.Lock()
_numbers = itertools.count()
_state: dict = {}  # "bases": {controller: dir} once set up, or "unavailable": reason
_open: set[SlotGroup] = set()


class Unavailable(RuntimeError):
    """No cgroup can be made here (with why)."""


class SlotGroup:
    """One sandbox's cgroup: one directory under v2, a memory and a pids directory under v1, none
    where the host allows none. Closed (its processes ended, its directories removed) on exit."""

    def __init__(self, dirs: list[Path]):
        self.dirs = dirs

    def __enter__(self) -> SlotGroup:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def procs_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs]

    def close(self, wait: float = 10.0) -> None:
        """End every process left in the group and remove it (idempotent)."""
        deadline = time.monotonic() + wait
        for directory in self.dirs:
            while directory.exists():
                _kill_members(directory)
                try:
                    directory.rmdir()
                except FileNotFoundError:
                    break
                except OSError:  # busy while the killed processes exit
                    if time.monotonic() > deadline:
                        print(f"nngrade: could not remove the cgroup {directory}", file=sys.stderr)
                        break
                    time.sleep(0.01)
        with _lock:
            _open.discard(self)


def _kill_members(directory: Path) -> None:
    kill = directory / "cgroup.kill"  # v2, Linux 5.14+: the kernel ends them all, forks included
    if kill.exists():
        try:
            kill.write_text("1")
            return
        except OSError:
            pass
    for line in _read(directory / "cgroup.procs").split():
        try:
            os.kill(int(line), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass


def slot_group(slot: int, memory_bytes: int, tasks: int) -> SlotGroup:
    """A new group for one sandbox of `slot`, limited to `memory_bytes` and `tasks` (processes and
    threads); an empty one where this host gives the grader none (said once, on stderr)."""
    with _lock:
        if "unavailable" in _state:
            return SlotGroup([])
        made: list[Path] = []
        try:
            bases = _state.get("bases") or _set_up()
            _state["bases"] = bases
            name = f"nngrade-{os.getpid()}-{slot}-{next(_numbers)}"
            for controller, base in bases.items():
                made.append(base / name)
                made[-1].mkdir()
                _limit(controller, made[-1], memory_bytes, tasks)
        except (Unavailable, OSError) as exc:
            for directory in reversed(made):
                _rmdir(directory)
            _state["unavailable"] = str(exc)
            print(fallback_message(str(exc)), file=sys.stderr)
            return SlotGroup([])
        group = SlotGroup(made)
        _open.add(group)
        return group


def fallback_message(reason: str) -> str:
    return (
        f"nngrade: note: no memory cgroup for the grading slots ({reason}). Each sandboxed process "
        "is still limited by prlimit (address space, processes of its slot's uid, file size), and "
        "/tmp and /submission by their tmpfs size, but a slot's processes together are not: "
        "several large processes of one submission can still use up the host's memory. See the "
        'README, "The sandbox".'
    )


def joining(group: SlotGroup, command: list[str]) -> list[str]:
    """`command`, started by a shell that first moves itself into `group` (no Python runs between
    fork and exec in the multithreaded grader; what the shell execs, and all it starts, is inside)."""
    if not group.dirs:
        return command
    script = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"'
    return ["/bin/sh", "-c", script, "nngrade-cgroup", *group.procs_files(), "--", *command]


def _limit(controller: str, directory: Path, memory_bytes: int, tasks: int) -> None:
    if controller == "v2":
        (directory / "memory.max").write_text(str(memory_bytes))
        if (directory / "memory.swap.max").exists():
            (directory / "memory.swap.max").write_text("0")
        (directory / "pids.max").write_text(str(tasks))
    elif controller == "memory":
        (directory / "memory.limit_in_bytes").write_text(str(memory_bytes))
        if (directory / "memory.memsw.limit_in_bytes").exists():  # memory + swap: no swap beyond it
            try:
                (directory / "memory.memsw.limit_in_bytes").write_text(str(memory_bytes))
            except OSError:  # swap accounting is off: then there is nothing to bound
                pass
    else:
        (directory / "pids.max").write_text(str(tasks))


def _set_up() -> dict[str, Path]:
    """Where this grader may make groups: {"v2": dir} or {"memory": dir, "pids": dir}."""
    if not Path("/proc/self/cgroup").exists():
        raise Unavailable("this system has no cgroups")
    atexit.register(_close_all)  # from here on there may be something to undo
    own = _own_dirs()
    if "v2" in own and {"memory", "pids"} <= set(_read(own["v2"] / "cgroup.controllers").split()):
        bases = {"v2": _delegate_v2(own["v2"])}
    elif "memory" in own:
        bases = {c: own[c] for c in ("memory", "pids") if c in own}
    else:
        raise Unavailable("neither cgroup v2's nor v1's memory controller is available to the grader")
    for base in bases.values():
        if not os.access(base, os.W_OK):
            raise Unavailable(f"the grader may not make cgroups in {base} (run as root, or delegate it)")
        _remove_stale(base)
    return bases


def _own_dirs() -> dict[str, Path]:
    """The grader's own cgroup directory per hierarchy ("v2", "memory", "pids") that is mounted."""
    mounts: dict[str, tuple[str, Path]] = {}
    for line in _read("/proc/self/mountinfo").splitlines():
        fields = line.split()
        if " - " not in line:
            continue
        tail = line.split(" - ", 1)[1].split()
        root, point = fields[3], Path(fields[4].replace("\\040", " "))
        if tail[0] == "cgroup2":
            mounts.setdefault("v2", (root, point))
        elif tail[0] == "cgroup":
            for option in tail[2].split(","):
                if option in ("memory", "pids"):
                    mounts.setdefault(option, (root, point))
    own: dict[str, Path] = {}
    for line in _read("/proc/self/cgroup").splitlines():
        number, controllers, path = line.split(":", 2)
        for key in ["v2"] if number == "0" else controllers.split(","):
            if key in mounts:
                root, point = mounts[key]
                if path == root or path.startswith(root.rstrip("/") + "/"):
                    own[key] = point / path[len(root) :].lstrip("/")
    return own


def _delegate_v2(own: Path) -> Path:
    """Enable memory and pids for the children of the grader's own v2 group. Its processes must
    first leave it ("no internal processes"): the grader moves itself into a leaf group of its own,
    which fails if others share the group (then the grader moves back)."""
    enabled = set(_read(own / "cgroup.subtree_control").split())
    missing = [c for c in ("memory", "pids") if c not in enabled]
    if not missing:
        return own
    control = " ".join("+" + c for c in missing)
    try:
        (own / "cgroup.subtree_control").write_text(control)  # the root group may hold processes
        return own
    except OSError:
        pass
    leaf = own / f"nngrade-{os.getpid()}-grader"
    try:
        leaf.mkdir()
        (leaf / "cgroup.procs").write_text(str(os.getpid()))
        (own / "cgroup.subtree_control").write_text(control)
    except OSError as exc:
        try:
            (own / "cgroup.procs").write_text(str(os.getpid()))
        except OSError:
            pass
        _rmdir(leaf)
        raise Unavailable(
            f"cannot enable memory and pids in {own}: {exc.strerror or exc} "
            "(other processes share the grader's cgroup)"
        ) from None
    _state["restore"] = (own, leaf, " ".join("-" + c for c in missing))
    return own


def _close_all() -> None:
    for group in list(_open):
        group.close()
    restore = _state.pop("restore", None)
    if restore:  # put the grader back where it was, as it was
        own, leaf, control = restore
        try:
            (own / "cgroup.subtree_control").write_text(control)
            (own / "cgroup.procs").write_text(str(os.getpid()))
        except OSError:
            return
        _rmdir(leaf)


def _remove_stale(base: Path) -> None:
    """Empty groups of graders that no longer run (killed before they could remove them)."""
    for entry in base.glob("nngrade-*"):
        match = re.fullmatch(r"nngrade-(\d+)-.*", entry.name)
        if match and int(match.group(1)) != os.getpid() and not Path(f"/proc/{match.group(1)}").exists():
            _rmdir(entry)


def _rmdir(directory: Path) -> None:
    try:
        directory.rmdir()
    except OSError:
        pass


def _read(path) -> str:
    try:
        with open(path) as handle:
            return handle.read()
    except OSError:
        return ""


def parse_memory(text: str) -> int:
    """An amount of memory for --slot-memory: MiB by default, or with a unit (K, M, G, with or
    without iB): "2048", "2G", "1.5GiB". At least 512 MiB (a slot's server alone uses 200 MiB)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"not an amount of memory: {text!r} (e.g. 2048, 2G, 1536MiB)")
    unit = {"": 1024**2, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}[match.group(2).upper()]
    amount = int(float(match.group(1)) * unit)
    if amount < 512 * 1024**2:
        raise argparse.ArgumentTypeError(f"{text!r} is too little: a slot needs at least 512 MiB")
    return amount
