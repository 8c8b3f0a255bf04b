"""Regrades: a fixed hidden test reaches every result it affects, and nothing else is touched.

The suite is changed in a temporary copy of the package, as an instructor fixing a test mid-term
would, and the copy grades into the same OUT folders the original filled.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import document, gradebook_rows

from autograder.cli import main
from autograder.grading.fingerprint import grader_fingerprint

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "assignments"
ROW = 'case("z = 0 gives 0"'


def copy_with_heavier_case(tmp_path: Path) -> Path:
    """The package with one `step` case weighted 5 instead of 1."""
    copy = tmp_path / "copy"
    for part in ("autograder", "solutions"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    suite = copy / "autograder" / "suites" / "perceptron.py"
    lines = suite.read_text(encoding="utf-8").splitlines(keepends=True)
    # A row of the table may run over several lines (its message last): weigh the line closing it.
    start = next(i for i, line in enumerate(lines) if ROW in line)
    end = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith("),"))
    lines[end] = lines[end].rstrip()[:-2] + ", weight=5.0),\n"
    suite.write_text("".join(lines), encoding="utf-8")
    return copy


def grade_with(copy: Path, assignment: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder.cli",
            "grade",
            "-a",
            assignment,
            str(SAMPLES / assignment / "samples"),
            "-o",
            str(out),
            "-j",
            "2",
            *extra,
        ],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def before(tmp_path_factory):
    """Both assignments' samples graded by this checkout."""
    outs = {}
    for name in ("perceptron", "backprop"):
        outs[name] = tmp_path_factory.mktemp(f"regrade-{name}")
        assert main(["grade", "-a", name, str(SAMPLES / name / "samples"), "-o", str(outs[name])]) == 0
    return outs


def test_fingerprint_follows_the_suite_and_nothing_else(tmp_path):
    copy = copy_with_heavier_case(tmp_path)
    probe = (
        "from autograder.grading.fingerprint import grader_fingerprint as f; "
        "print(f('perceptron'), f('backprop'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=copy,
        env={"PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        check=True,
    )
    perceptron, backprop = done.stdout.split()
    assert perceptron != grader_fingerprint("perceptron")
    assert backprop == grader_fingerprint("backprop")


def test_changed_weight_regrades_exactly_the_affected_results(before, tmp_path):
    old = {
        s: document(before["perceptron"], s).score
        for s in ("alice", "bob_one_cell", "carol", "dave", "erin", "frank_blank")
    }
    # a new weight changes the score of exactly those who pass some step cases and fail others
    mixed = {
        s
        for s in old
        if len({t.score > 0 for t in document(before["perceptron"], s).tests if t.qid == "step"}) == 2
    }
    copy = copy_with_heavier_case(tmp_path)

    untouched = grade_with(copy, "backprop", before["backprop"])
    assert "6 submission(s) were already graded" in untouched.stdout and "Regraded" not in untouched.stdout

    done = grade_with(copy, "perceptron", before["perceptron"])
    with (before["perceptron"] / "regrades.csv").open() as handle:
        regrades = {row["id"]: row for row in csv.DictReader(handle)}
    assert set(regrades) == {f"{s}.ipynb" for s in old}
    assert {row["reason"] for row in regrades.values()} == {"grader changed"}
    new = {s: document(before["perceptron"], s).score for s in old}
    changed = {s for s in old if new[s] != old[s]}
    assert f"Regraded 6 submission(s); {len(changed)} score(s) changed" in done.stdout
    assert changed == mixed and mixed, (old, new)
    assert all(float(regrades[f"{s}.ipynb"]["new_score"]) == new[s] for s in old)
    rows = gradebook_rows(before["perceptron"])
    assert {s: float(rows[s]["total"]) for s in old} == new  # the gradebook agrees with the results

    again = grade_with(copy, "perceptron", before["perceptron"])
    assert "6 submission(s) were already graded" in again.stdout


def test_force_regrades_everything_with_the_stored_seed(before):
    out = before["backprop"]
    seed = document(out, "carol").seed
    assert (
        main(["grade", "-a", "backprop", str(SAMPLES / "backprop" / "samples"), "-o", str(out), "--force"])
        == 0
    )
    with (out / "regrades.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6 and {r["reason"] for r in rows} == {"forced (--force)"}
    assert all(r["old_score"] == r["new_score"] for r in rows)  # same seed, same notebooks
    assert document(out, "carol").seed == seed


def test_replaying_a_seed_reproduces_every_case(before, tmp_path):
    doc = document(before["backprop"], "carol")
    replay = tmp_path / "replay"
    carol = SAMPLES / "backprop" / "samples" / "carol.ipynb"
    assert (
        main(
            [
                "grade",
                "-a",
                "backprop",
                str(carol),
                "-o",
                str(replay),
                "--seed",
                str(doc.seed),
            ]
        )
        == 0
    )
    again = document(replay, "carol")
    assert [(t.name, t.score, t.output) for t in again.tests] == [
        (t.name, t.score, t.output) for t in doc.tests
    ]
