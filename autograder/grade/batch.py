"""Grade a batch of submissions in parallel and write every output file."""
from __future__ import annotations

import queue
import re
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from ..assignments import Assignment
from ..grading.engine import Outcome, grade_notebook
from ..report.files import write_atomic
from ..report.gradebook import gradebook_csv
from ..report.html import report_html
from ..report.results import results_json
from ..report.summary import summary_html
from ..runner.forkserver import ForkServer
from ..runner.process import FreshProcess, kill_all_children
from ..runner.sandbox import NONE
from .state import already_graded, graded_documents, open_run


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
    # report.html first: a results.json is the mark of a finished submission when resuming.
    write_atomic(folder / "report.html", report_html(assignment, outcome))
    write_atomic(folder / "results.json", results_json(outcome))


def write_class_files(out: Path, assignment: Assignment) -> None:
    """The instructor's gradebook.csv and summary.html, from every results file in OUT."""
    write_atomic(out / "gradebook.csv", gradebook_csv(assignment, graded_documents(out, assignment.name)))
    write_atomic(out / "summary.html", summary_html(assignment, out))


def grade_batch(assignment: Assignment, submissions: list[Submission], out: Path, jobs: int, timeout: float,
                seed: int | None = None, sandbox: bool = True, keep_outcomes: bool = False,
                progress: bool = False) -> tuple[list[Outcome], int]:
    """Grade what OUT does not already hold for these exact notebooks; write every output.

    Returns the outcomes (only when `keep_outcomes`; a large batch keeps nothing in memory) and
    the number of submissions skipped as already graded.
    """
    seed = open_run(out, assignment.name, seed)
    todo = [s for s in submissions if not already_graded(out, s.student, s.path, assignment.name)]
    runners: queue.Queue = queue.Queue()  # one per parallel slot, each under a uid of its own
    all_runners = [ForkServer(slot) if sandbox else FreshProcess(NONE, slot=slot)
                   for slot in range(max(1, min(jobs, len(todo))))]
    for runner in all_runners:
        runners.put(runner)

    interrupted = threading.Event()

    def one(submission: Submission) -> Outcome:
        runner = runners.get()
        try:
            outcome = grade_notebook(assignment, submission.path, submission.student, seed, timeout,
                                     sandbox=sandbox, runner=runner)
        finally:
            runners.put(runner)
        if not interrupted.is_set():  # a child we killed on Ctrl-C did not crash: record nothing
            write_outcome(out, assignment, outcome)
        return outcome

    kept: list[Outcome] = []
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    bar = tqdm(total=len(todo), unit="notebook", desc=f"grading {assignment.name}", disable=not progress,
               dynamic_ncols=True)
    try:
        futures = [pool.submit(one, s) for s in todo]
        for future in as_completed(futures):
            outcome = future.result()
            if keep_outcomes:
                kept.append(outcome)
            bar.update(1)
    except BaseException:  # Ctrl-C: stop the sandboxes; finished results stay, half ones never exist
        interrupted.set()
        pool.shutdown(wait=False, cancel_futures=True)
        kill_all_children()
        pool.shutdown(wait=True)
        write_class_files(out, assignment)
        raise
    finally:
        bar.close()
        for runner in all_runners:
            runner.stop()
    pool.shutdown(wait=True)
    write_class_files(out, assignment)
    order = {s.student: i for i, s in enumerate(submissions)}
    return sorted(kept, key=lambda o: order[o.student]), len(submissions) - len(todo)
