"""The parent's side of a slot's fork server (see child/server.py): one sandbox per slot, warm.

Each submission still gets its own process, output, answer channel and wall-time bound, and the
same limits, uid and mounts as a fresh sandbox; what is shared is only an interpreter that has
already imported numpy, scipy, matplotlib and scikit-learn. The sandbox and everything in it are
in one memory and pids cgroup, made when it starts and removed when it ends. The notebook reaches
the sandbox as bytes on a pipe: nothing of the host's disk is mounted writable in it. A server
that stops answering, dies or cannot tidy up is killed, and the next submission starts a new one.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from .cgroup import SlotGroup
from .channel import CappedOutput, ChildReport, collect_answers
from .process import CHILD_DIR, kill_group, live, sandbox_environment
from .sandbox import HARNESS_MOUNT, SANDBOX_HOME, Limits, sandboxed_command, slot_group

START_TIMEOUT = 120.0  # seconds for a new server to import its modules


class ServerFailed(RuntimeError):
    """The fork server could not start or stopped speaking its protocol."""


class ForkServer:
    """Runs submissions one at a time in slot `slot`'s warm sandbox. Not thread-safe: one per slot."""

    def __init__(self, slot: int, limits: Limits = Limits()):
        self.slot, self.limits = slot, limits
        self.process: subprocess.Popen | None = None
        self.control: socket.socket | None = None
        self.group = SlotGroup([])
        self.pending = b""

    def run(self, notebook: Path, calls: list[dict], timeout: float, call_timeout: float) -> ChildReport:
        report = ChildReport()
        try:
            self._ensure_started()
        except ServerFailed as exc:
            report.protocol_error = f"the grading sandbox could not start: {exc}"
            return report
        data = notebook.read_bytes()
        plan = json.dumps(
            {"notebook": "submission.ipynb", "calls": calls, "call_timeout": call_timeout}
        ).encode()
        plan_read, plan_write = os.pipe()
        result_read, result_write = os.pipe()
        output_read, output_write = os.pipe()
        notebook_read, notebook_write = os.pipe()
        theirs = (plan_read, result_write, output_write, notebook_read)
        try:
            socket.send_fds(self.control, [b"run\n"], list(theirs))
        except OSError:
            for fd in (*theirs, plan_write, result_read, output_read, notebook_write):
                os.close(fd)
            self.stop()
            report.protocol_error = "the grading sandbox stopped before this notebook could start"
            return report
        for fd in theirs:
            os.close(fd)
        threading.Thread(target=_write_all, args=(notebook_write, data), daemon=True).start()
        threading.Thread(target=_write_all, args=(plan_write, plan), daemon=True).start()
        output = CappedOutput(os.fdopen(output_read, "rb"))
        with os.fdopen(result_read, "rb") as channel:
            reader = threading.Thread(
                target=collect_answers, args=(channel, report, [c["id"] for c in calls])
            )
            reader.start()
            deadline = time.monotonic() + timeout
            reply = self._reply(deadline)
            if reply is None:  # out of time, or the server died (the submission may have killed it)
                report.timed_out = time.monotonic() >= deadline
                self.stop()  # ends the submission and everything it started with the sandbox
            elif reply.get("clean") is not True:
                self.stop()
            reader.join(timeout=30)
        report.output_tail = output.text()
        return report

    def _reply(self, deadline: float) -> dict | None:
        """The server's next reply, or None on timeout, death or nonsense."""
        try:
            reply = json.loads(self._line(deadline) or b"null")
        except ValueError:
            return None
        return reply if isinstance(reply, dict) else None

    def _line(self, deadline: float) -> bytes | None:
        while b"\n" not in self.pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.control.settimeout(remaining)
            try:
                chunk = self.control.recv(4096)
            except OSError:  # includes the timeout
                return None
            if not chunk:
                return None
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line

    def _ensure_started(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self.stop()
        self.group = slot_group(self.slot, self.limits)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        program = [sys.executable, "-E", "-s", HARNESS_MOUNT, "--serve", str(theirs.fileno())]
        env = sandbox_environment(sandboxed=True, workdir=Path(SANDBOX_HOME))
        command = sandboxed_command(program, None, CHILD_DIR, self.slot, self.limits, env, self.group)
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            pass_fds=(theirs.fileno(),),
            start_new_session=True,
        )
        theirs.close()
        self.control, self.pending = ours, b""
        self.startup_output = CappedOutput(self.process.stdout)
        live.add(self.process)
        if self._line(time.monotonic() + START_TIMEOUT) != b"ready":
            self.stop()
            raise ServerFailed(self.startup_output.text().strip()[-400:] or "no reply")

    def stop(self) -> None:
        """End the sandbox (and any submission in it) and remove its cgroup."""
        if self.process is not None:
            kill_group(self.process)
            live.discard(self.process)
            self.process = None
        if self.control is not None:
            self.control.close()
            self.control = None
        self.group.close()  # whatever of the sandbox is still exiting, then the group itself


def _write_all(fd: int, data: bytes) -> None:
    try:
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
    except OSError:  # the sandbox died before reading it
        pass
