"""One slot's fork server runs submission after submission: nothing of one may reach the next.

Each test runs real notebooks through a real ForkServer (bubblewrap, the slot's uid and limits)
and reads what a later submission could see from its captured output.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import new_notebook, write

from autograder.runner.forkserver import ForkServer
from autograder.runner.sandbox import python_roots

PLANT = r"""
import os, subprocess, sys
for place in ("/tmp", "/submission", "/dev/shm"):   # /dev/shm may be read-only: that is fine too
    try:
        with open(place + "/planted", "w") as f:
            f.write("from the previous student")
        os.makedirs(place + "/locked/inner", exist_ok=True)
        open(place + "/locked/inner/file", "w").close()
        os.chmod(place + "/locked/inner", 0)
        os.chmod(place + "/locked", 0)
    except OSError as exc:
        print("cannot write", place, exc)
subprocess.run(["ipcmk", "--shmem", "4096"], check=False)
# A daemon in a session of its own, meant to outlive this submission and spoil the next one.
subprocess.Popen([sys.executable, "-c", "import time\nwhile True:\n    open('/submission/submission.ipynb', 'w').write('{}')\n    time.sleep(0.01)"],
                 start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print("planted")
"""

SPY = r"""
import json, os
seen = {place: sorted(os.listdir(place)) for place in ("/tmp", "/submission", "/dev/shm") if os.path.isdir(place)}
seen["shm"] = open("/proc/sysvipc/shm").read().splitlines()[1:]
seen["processes"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
seen["me"] = os.getpid()
print("SEEN " + json.dumps(seen))
"""


# A checkout under /tmp puts its .venv there too: bwrap then makes folders in the private /tmp
# leading to that mount, and those (only those) stay.
SKELETON = sorted(
    {root.relative_to("/tmp").parts[0] for root in python_roots() if root.is_relative_to("/tmp")}
)


def run(server: ForkServer, tmp_path: Path, name: str, *cells: str, timeout: float = 30):
    notebook = write(new_notebook(*cells), tmp_path / f"{name}.ipynb")
    return server.run(notebook, [], timeout=timeout, call_timeout=5)


def seen(report) -> dict:
    line = next(line for line in report.output_tail.splitlines() if line.startswith("SEEN "))
    return json.loads(line[len("SEEN ") :])


@pytest.fixture
def server():
    server = ForkServer(slot=7)
    yield server
    server.stop()


def test_the_next_submission_finds_nothing_left_behind(server, tmp_path):
    if shutil.which("ipcmk") is None:
        pytest.skip("util-linux's ipcmk is not installed")
    planted = run(server, tmp_path, "planter", PLANT)
    assert "planted" in planted.output_tail and "Shared memory id" in planted.output_tail
    assert (
        "cannot write /tmp" not in planted.output_tail
        and "cannot write /submission" not in planted.output_tail
    )
    assert planted.finished
    spied = seen(run(server, tmp_path, "spy", SPY))
    assert spied["/tmp"] == SKELETON and spied["/dev/shm"] == []
    assert spied["/submission"] == ["submission.ipynb"]  # its own notebook, not the daemon's '{}'
    assert spied["shm"] == []
    # Only bwrap's init, the server and the spy itself: the daemon is gone.
    assert len(spied["processes"]) == 3 and spied["me"] in spied["processes"]


def test_a_submission_cannot_read_or_trace_its_server(server, tmp_path):
    report = run(
        server,
        tmp_path,
        "prober",
        r"""
import ctypes, os
for what in ("mem", "environ", "maps"):
    try:
        open(f"/proc/{os.getppid()}/{what}", "rb").read(16)
        print("READ", what)
    except OSError as exc:
        print("blocked", what, type(exc).__name__)
libc = ctypes.CDLL(None, use_errno=True)
PTRACE_ATTACH = 16
print("ptrace", libc.ptrace(PTRACE_ATTACH, os.getppid(), None, None), ctypes.get_errno())
""",
    )
    assert report.finished
    assert "READ" not in report.output_tail
    assert report.output_tail.count("blocked") == 3
    assert "ptrace -1 1" in report.output_tail  # EPERM


def test_a_killed_server_is_replaced_and_the_next_submission_graded(server, tmp_path):
    killer = run(server, tmp_path, "killer", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")
    assert not killer.timed_out and killer.protocol_error is None
    first = server.process
    after = run(server, tmp_path, "after", SPY)
    assert after.finished and server.process is not first
    assert seen(after)["/submission"] == ["submission.ipynb"]


def test_a_timed_out_submission_ends_with_its_sandbox_and_the_next_runs(server, tmp_path):
    hung = run(server, tmp_path, "hung", "while True:\n    pass", timeout=3)
    assert hung.timed_out and not hung.finished
    after = run(server, tmp_path, "after", SPY)
    assert after.finished and len(seen(after)["processes"]) == 3


def test_each_submission_draws_fresh_random_numbers(server, tmp_path):
    draw = "import numpy as np, random\nprint('DRAW', np.random.rand(), random.random())"
    first, second = (run(server, tmp_path, f"draw{i}", draw).output_tail for i in range(2))
    assert "DRAW" in first and first != second
