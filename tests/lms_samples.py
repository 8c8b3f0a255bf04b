"""The bundled sample notebooks the LMS downloads of tests/e2e/test_lms_*.py and
tests/e2e/test_out_folder.py are built from, what they score, and grading into OUT."""

from __future__ import annotations

import csv
from pathlib import Path

from autograder.batch.outdir import OutDir
from autograder.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "assignments"
ALICE, CAROL, FRANK = (
    SAMPLES / "backprop" / "samples" / f"{s}.ipynb" for s in ("alice", "carol", "frank_blank")
)
PERCEPTRON = SAMPLES / "perceptron" / "samples" / "alice.ipynb"
FULL, CAROL_SCORE = 53.0, 51.0  # carol's 2-point sigmoid_gradient; the rest is carried forward
DUE = "2026-12-01T23:59:00+01:00"


def gradebook(out: Path) -> dict[str, dict]:
    """gradebook.csv's rows by the id column exactly as written."""
    with OutDir(out).gradebook.open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def grade(out: Path, *args: str) -> None:
    assert main(["grade", "-a", "backprop", *args, "-o", str(out), "-j", "2"]) == 0
