"""Run one submission in a child process and collect its plain-data answers.

The child is `runner/child`, started as a script directory with a clean environment, in a private
working directory. Its answers arrive as JSON lines on a dedicated pipe; its own stdout and stderr
are captured separately, capped, and never parsed.
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
from dataclasses import dataclass, field
from pathlib import Path

from .child import wire
from .sandbox import (BUBBLEWRAP, HARNESS_MOUNT, SANDBOX_HOME, UNPRIVILEGED, Limits, end_processes_of,
                      sandboxed_command, slot_uid, unprivileged_command)

CHILD_DIR = Path(__file__).with_name("child")
OUTPUT_CAP = 64 * 1024  # bytes of the child's stdout/stderr kept for the report (head and tail)
CHANNEL_CAP = 256 * 1024 * 1024


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
    return {"PATH": "/usr/bin:/bin", "HOME": home, "NNGRADE_GRADING": "1", "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": "/tmp" if sandboxed else home,
            "PYTHONDONTWRITEBYTECODE": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


@dataclass
class ChildReport:
    """What came back from one submission's run, already decoded into plain data."""

    cells: list[dict] = field(default_factory=list)
    answers: dict[str, dict] = field(default_factory=dict)
    finished: bool = False
    timed_out: bool = False
    exit_code: int | None = None
    protocol_error: str | None = None
    output_tail: str = ""


def _decode_answer(record: dict) -> dict:
    answer = {"missing": record.get("missing") is True, "mutated": []}
    if "out" in record:
        answer["value"] = wire.decode(record["out"])
    if isinstance(record.get("error"), str):
        answer["error"] = record["error"][:600]
    mutated = record.get("mutated")
    if isinstance(mutated, list):
        answer["mutated"] = [m for m in mutated if type(m) in (int, str)][:20]
    return answer


def collect_answers(stream, report: ChildReport, call_ids: set[str]) -> None:
    """Decode the child's answer lines into `report` until the channel closes or misbehaves."""
    total = 0
    for raw in stream:
        total += len(raw)
        if total > CHANNEL_CAP:
            report.protocol_error = "the submission sent more data than allowed"
            break
        try:
            message = wire.loads(raw.decode("utf-8", "replace"))
            if not isinstance(message, dict):
                raise wire.WireError("not an object")
            if "cells" in message and isinstance(message["cells"], list):
                report.cells = [_clean_cell(c) for c in message["cells"][:10_000]]
            elif message.get("done") is True:
                report.finished = True
            elif message.get("id") in call_ids and message["id"] not in report.answers:
                report.answers[message["id"]] = _decode_answer(message)
        except (wire.WireError, ValueError, TypeError, KeyError) as exc:
            report.protocol_error = f"malformed answer from the submission: {str(exc)[:200]}"
            break


def _clean_cell(cell) -> dict:
    if not isinstance(cell, dict) or type(cell.get("cell")) is not int:
        raise wire.WireError("malformed cell status")
    clean = {"cell": cell["cell"], "ok": cell.get("ok") is True}
    if isinstance(cell.get("error"), str):
        clean["error"] = cell["error"][:600]
    return clean


class CappedOutput:
    """Reads a stream to its end, keeping only its head and tail (the child never blocks on it)."""

    def __init__(self, stream, cap: int = OUTPUT_CAP):
        self.head, self.tail, self.total, self.cap = bytearray(), bytearray(), 0, cap
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream) -> None:
        half = self.cap // 2
        while chunk := stream.read(65536):
            self.total += len(chunk)
            room = half - len(self.head)
            if room > 0:
                self.head += chunk[:room]
                chunk = chunk[room:]
            self.tail = (self.tail + chunk)[-half:]
        stream.close()

    def text(self) -> str:
        self.thread.join(timeout=10)
        skipped = self.total - len(self.head) - len(self.tail)
        middle = f"\n[... {skipped} bytes of output omitted ...]\n" if skipped > 0 else ""
        return self.head.decode("utf-8", "replace") + middle + self.tail.decode("utf-8", "replace")


def run_submission(notebook: Path, calls: list[dict], timeout: float, call_timeout: float = 10.0,
                   isolation: str = BUBBLEWRAP, slot: int = 0, limits: Limits = Limits()) -> ChildReport:
    """Run `notebook` in a fresh child isolated as `isolation` says, answer `calls`, return the report."""
    report = ChildReport()
    call_ids = {c["id"] for c in calls}
    with tempfile.TemporaryDirectory(prefix="nngrade-") as tmp:
        workdir = Path(tmp) / "submission"
        workdir.mkdir()
        shutil.copyfile(notebook, workdir / "submission.ipynb")
        plan = {"notebook": "submission.ipynb", "calls": calls, "call_timeout": call_timeout}
        read_end, write_end = os.pipe()
        env = sandbox_environment(isolation == BUBBLEWRAP, workdir)
        if isolation == BUBBLEWRAP:
            program = [sys.executable, "-E", "-s", HARNESS_MOUNT, str(write_end)]
            command, cwd = sandboxed_command(program, workdir, CHILD_DIR, slot, limits, env), None
        elif isolation == UNPRIVILEGED:
            program = [sys.executable, "-E", "-s", str(readable_harness()), str(write_end)]
            command, cwd = unprivileged_command(program, workdir, slot, limits), workdir
        else:
            command, cwd = [sys.executable, "-E", "-s", str(CHILD_DIR), str(write_end)], workdir
        child = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            cwd=cwd, env=env, pass_fds=(write_end,), start_new_session=True,
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
                report.exit_code = child.wait(timeout=timeout)
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
