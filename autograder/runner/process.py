"""Run one submission in a child process and collect its plain-data answers.

The child is `runner/child`, started as a script directory with a clean environment, in a private
working directory. Its answers arrive as JSON lines on a dedicated pipe; its own stdout and stderr
are captured separately, capped, and never parsed.

Whatever runs in the child is the student's, so the answer channel is read as hostile input
(`channel.py`), and the output kept for the report stops where the notebook's cells end.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from .cgroup import joining
from .channel import CappedOutput, ChildReport, collect_answers
from .sandbox import (
    BUBBLEWRAP,
    HARNESS_MOUNT,
    SANDBOX_HOME,
    UNPRIVILEGED,
    Limits,
    end_processes_of,
    sandboxed_command,
    slot_group,
    slot_uid,
    unprivileged_command,
)

CHILD_DIR = Path(__file__).with_name("child")


class LiveChildren:
    """The sandboxes running now, so that an interrupted batch can end them all."""

    def __init__(self):
        self._children: set[subprocess.Popen] = set()
        self._lock = threading.Lock()

    def add(self, child: subprocess.Popen) -> None:
        with self._lock:
            self._children.add(child)

    def discard(self, child: subprocess.Popen) -> None:
        with self._lock:
            self._children.discard(child)

    def all(self) -> list[subprocess.Popen]:
        with self._lock:
            return list(self._children)


live = LiveChildren()


def kill_all_children() -> None:
    for child in live.all():
        kill_group(child)


def sandbox_environment(sandboxed: bool, workdir: Path) -> dict[str, str]:
    """The whole environment a submission sees (nothing of the grader's own)."""
    home = SANDBOX_HOME if sandboxed else str(workdir)
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "NNGRADE_GRADING": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp" if sandboxed else home,
        "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }


def run_submission(
    notebook: Path,
    calls: list[dict],
    timeout: float,
    call_timeout: float = 10.0,
    isolation: str = BUBBLEWRAP,
    slot: int = 0,
    limits: Limits = Limits(),
) -> ChildReport:
    """Run `notebook` in a fresh child isolated as `isolation` says, answer `calls`, return the report.
    The child and everything it starts share one memory and pids cgroup, removed at the end."""
    report = ChildReport()
    call_ids = [c["id"] for c in calls]  # the order the child answers them in
    with tempfile.TemporaryDirectory(prefix="nngrade-") as tmp, slot_group(slot, limits) as group:
        workdir = Path(tmp) / "submission"
        workdir.mkdir()
        shutil.copyfile(notebook, workdir / "submission.ipynb")
        plan = {"notebook": "submission.ipynb", "calls": calls, "call_timeout": call_timeout}
        read_end, write_end = os.pipe()
        env = sandbox_environment(isolation == BUBBLEWRAP, workdir)
        if isolation == BUBBLEWRAP:  # its /submission is a tmpfs; the notebook is bound in read-only
            os.chmod(workdir / "submission.ipynb", 0o644)
            program = [sys.executable, "-E", "-s", HARNESS_MOUNT, str(write_end)]
            command = sandboxed_command(
                program, workdir / "submission.ipynb", CHILD_DIR, slot, limits, env, group
            )
            cwd = None
        elif isolation == UNPRIVILEGED:
            program = [sys.executable, "-E", "-s", str(readable_harness()), str(write_end)]
            command, cwd = unprivileged_command(program, workdir, slot, limits, group), workdir
        else:
            command, cwd = (
                joining(group, [sys.executable, "-E", "-s", str(CHILD_DIR), str(write_end)]),
                workdir,
            )
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=env,
            pass_fds=(write_end,),
            start_new_session=True,
        )
        os.close(write_end)
        live.add(child)
        output = CappedOutput(child.stdout)
        with os.fdopen(read_end, "rb") as channel:
            reader = threading.Thread(target=collect_answers, args=(channel, report, call_ids))
            reader.start()
            try:
                child.stdin.write(json.dumps(plan).encode())
                child.stdin.close()
            except BrokenPipeError:
                pass
            try:
                child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                report.timed_out = True
            kill_group(child)
            if isolation == UNPRIVILEGED:  # no PID namespace: find what detached by its uid
                end_processes_of(slot_uid(slot))
            live.discard(child)
            reader.join(timeout=30)
        report.output_tail = output.text()
    return report


class FreshProcess:
    """Runs each submission in a process of its own, isolated as `isolation` says."""

    def __init__(self, isolation: str = BUBBLEWRAP, slot: int = 0, limits: Limits = Limits()):
        self.isolation, self.slot, self.limits = isolation, slot, limits

    def run(self, notebook: Path, calls: list[dict], timeout: float, call_timeout: float) -> ChildReport:
        return run_submission(notebook, calls, timeout, call_timeout, self.isolation, self.slot, self.limits)

    def stop(self) -> None:
        """Nothing outlives a submission: each process is ended when its notebook is done."""


_harness_copy: list[Path] = []


def readable_harness() -> Path:
    """A world-readable copy of the child harness: an unprivileged child cannot read the installed
    package (the Gradescope setup makes it root's alone, because the reference is in there)."""
    if not _harness_copy:
        folder = Path(tempfile.mkdtemp(prefix="nngrade-harness-"))
        atexit.register(shutil.rmtree, folder, True)
        target = folder / "child"
        shutil.copytree(CHILD_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
        for path in [folder, target, *target.iterdir()]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        _harness_copy.append(target)
    return _harness_copy[0]


def kill_group(child: subprocess.Popen) -> None:
    """End the child and everything it started (it leads its own session)."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    child.wait()
