"""Grade a batch of submissions in parallel and write every output file."""
from __future__ import annotations

import queue
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..assignments import Assignment
from ..grading.engine import Outcome, grade_notebook
from ..report.files import write_atomic
from ..report.gradebook import gradebook_csv
from ..report.html import report_html
from ..report.results import results_json


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path


def collect(paths: list[Path]) -> list[Submission]:
    """Expand folders to their notebooks and give each submission a unique, file-safe name."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob("*.ipynb")) if path.is_dir() else [path]
    taken: set[str] = set()
    submissions = []
    for path in files:
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", path.stem).lstrip("._-=+@") or "submission"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name)
        submissions.append(Submission(name, path))
    return submissions


def write_outcome(out: Path, assignment: Assignment, outcome: Outcome) -> None:
    folder = out / outcome.student
    write_atomic(folder / "results.json", results_json(outcome))
    write_atomic(folder / "report.html", report_html(assignment, outcome))


def grade_batch(assignment: Assignment, submissions: list[Submission], out: Path, jobs: int,
                timeout: float, seed: int | None = None, on_done=None, sandbox: bool = True) -> list[Outcome]:
    """Grade every submission (one shared secret seed per run) and write all outputs."""
    seed = secrets.randbits(63) if seed is None else seed
    slots: queue.Queue[int] = queue.Queue()
    for slot in range(max(1, jobs)):  # each parallel worker runs its submissions under its own uid
        slots.put(slot)

    def one(submission: Submission) -> Outcome:
        slot = slots.get()
        try:
            outcome = grade_notebook(assignment, submission.path, submission.student, seed, timeout,
                                     sandbox=sandbox, slot=slot)
        finally:
            slots.put(slot)
        write_outcome(out, assignment, outcome)
        if on_done:
            on_done(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        outcomes = list(pool.map(one, submissions))
    write_atomic(out / "gradebook.csv", gradebook_csv(assignment, outcomes))
    return outcomes
