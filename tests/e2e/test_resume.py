"""Interrupted batches: a SIGKILL or Ctrl-C never leaves a half-written file, a re-run grades only
what is missing (same hidden inputs), and no sandboxed process outlives the grader."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import document, new_notebook, one_cell_submission, student_folder, write

from autograder.report.results import GradedDocument
from autograder.runner.sandbox import slot_uid

SLOW = "import time\ntime.sleep(3)"  # each notebook takes a few seconds, so a kill lands mid-batch


def make_batch(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        notebook = one_cell_submission("perceptron")
        slow = new_notebook(SLOW + f"  # copy {i}").cells[0]
        slow.id = "slow-cell"
        notebook.cells.append(slow)
        paths.append(write(notebook, folder / f"student{i:02d}.ipynb"))
    return paths


def grade_command(folder: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "autograder.cli",
        "grade",
        "-a",
        "perceptron",
        str(folder),
        "-o",
        str(out),
        "-j",
        "2",
    ]


def wait_for_results(out: Path, at_least: int, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while len(list(out.glob("students/*/results.json"))) < at_least:
        assert time.monotonic() < deadline, "grading made no progress"
        time.sleep(0.2)


def no_live_sandbox_within(seconds: float, grader_pid: int) -> bool:
    """No running (non-zombie) process of that grader's sandboxes is left; this container's PID 1
    may not reap the dead ones, so zombies are not counted."""
    uids = {str(slot_uid(slot, grader_pid)) for slot in range(2)}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        table = subprocess.run(["ps", "-eo", "stat=,uid="], capture_output=True, text=True).stdout
        if not [line for line in table.splitlines() if line.split()[1] in uids and not line.startswith("Z")]:
            return True
        time.sleep(0.2)
    return False


def assert_consistent(out: Path) -> set[str]:
    """Every results.json parses; the gradebook lists exactly the students that have one."""
    done = set()
    for path in out.glob("students/*/results.json"):
        doc = GradedDocument.read(path)
        assert doc.score == 37 and (path.parent / "report.html").exists()
        done.add(doc.student.id)
    return done


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_batch_resumes_with_nothing_lost(tmp_path, how):
    folder, out = tmp_path / "in", tmp_path / "out"
    make_batch(folder, 8)
    grader = subprocess.Popen(grade_command(folder, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for_results(out, 2)
    grader.send_signal(how)
    code = grader.wait(timeout=60)
    assert code == (130 if how == signal.SIGINT else -signal.SIGKILL)
    finished = assert_consistent(out)
    assert 2 <= len(finished) < 8
    if how == signal.SIGINT:  # a clean interrupt leaves a gradebook of what finished
        rows = list(csv.DictReader((out / "gradebook.csv").open()))
        assert {r["id"] for r in rows} == finished
    if os.geteuid() == 0:
        assert no_live_sandbox_within(10, grader.pid), "a sandboxed child outlived the killed grader"
    seed_before = json.loads((out / ".nngrade" / "run.json").read_text())["seed"]
    stamps = {s: (student_folder(out, s) / "results.json").stat().st_mtime_ns for s in finished}

    rerun = subprocess.run(grade_command(folder, out), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(finished)} submission(s) were already graded" in rerun.stdout
    assert json.loads((out / ".nngrade" / "run.json").read_text())["seed"] == seed_before
    assert all((student_folder(out, s) / "results.json").stat().st_mtime_ns == t for s, t in stamps.items())
    assert len(assert_consistent(out)) == 8
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    assert len(rows) == 8 and all(r["total"] == "37" for r in rows)
    assert not list(out.glob("students/*/.*.tmp"))


def test_changed_notebook_is_graded_again(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    path = write(one_cell_submission("perceptron"), folder / "alice.ipynb")
    from autograder.cli import main

    assert main(["grade", "-a", "perceptron", str(folder), "-o", str(out)]) == 0
    notebook = one_cell_submission("perceptron")
    changed = new_notebook("AND_PARAMS = (np.zeros(2), 0.0)").cells[0]
    changed.id = "changed-cell"
    notebook.cells.append(changed)
    write(notebook, path)
    assert main(["grade", "-a", "perceptron", str(folder), "-o", str(out)]) == 0
    assert document(out, "alice").score == 36
