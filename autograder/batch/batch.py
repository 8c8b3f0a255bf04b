"""Grade a batch of submissions in parallel and write every output file.

Each submission is graded into its own folder under OUT/students/, named by its identity's key;
a stored result is kept when the notebook, the grader and the recorded details are unchanged.
"""

from __future__ import annotations

import hashlib
import queue
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ..assignments import Assignment
from ..grading.engine import grade_notebook, not_graded
from ..grading.fingerprint import grader_fingerprint
from ..grading.outcome import Outcome
from ..intake.model import Identity, SourceError, Submission
from ..report.files import write_atomic
from ..report.gradebook import gradebook_csv
from ..report.html import report_html
from ..report.results import results_json
from ..report.summary import summary_html
from ..runner.forkserver import ForkServer
from ..runner.process import FreshProcess, kill_all_children
from ..runner.protocol import Runner
from ..runner.sandbox import NONE, Limits
from .late import LatePolicy, apply_late_policy
from .outdir import OutDir
from .regrades import Regrade, write_regrades
from .state import open_run, regrade_reason


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)  # only with keep_outcomes
    skipped: int = 0
    regrades: list[Regrade] = field(default_factory=list)


def write_outcome(out: OutDir, assignment: Assignment, key: str, outcome: Outcome) -> None:
    # report.html first: a results.json is the mark of a finished submission when resuming.
    write_atomic(out.report(key), report_html(assignment, outcome))
    write_atomic(out.results(key), results_json(outcome))


def write_class_files(out: OutDir, assignment: Assignment) -> None:
    """The instructor's gradebook.csv and summary.html, from every results file in OUT."""
    write_atomic(out.gradebook, gradebook_csv(assignment, (doc for _, doc in out.documents(assignment.name))))
    write_atomic(out.summary, summary_html(assignment, out))


def recorded_details(
    submission: Submission, late: LatePolicy, fingerprint: str, digest: str, carry: bool
) -> dict:
    """What results.json records about a submission besides its scores (and what resuming compares)."""
    return {
        "student": submission.identity.as_json(),
        "source_files": list(submission.source_files),
        "graded_file": submission.notebook.display if submission.notebook else None,
        "submitted_at": submission.submitted_at.isoformat() if submission.submitted_at else None,
        "late_policy": late.describe(),
        "roster": submission.roster_status,
        "notebook_sha256": digest,
        "grader_fingerprint": fingerprint,
        "carry_forward": carry,
    }


def missing_submission(identity: Identity) -> Submission:
    return Submission(
        identity, None, problem="no submission was found for this roster student", roster_status="missing"
    )


def grade_batch(
    assignment: Assignment,
    submissions: list[Submission],
    out_root: Path,
    jobs: int,
    timeout: float,
    seed: int | None = None,
    sandbox: bool = True,
    keep_outcomes: bool = False,
    progress: bool = False,
    force: bool = False,
    late: LatePolicy = LatePolicy(),
    missing: list[Identity] = (),
    limits: Limits = Limits(),
    carry: bool = True,
) -> BatchResult:
    """Grade what OUT does not already hold for these submissions; write every output.

    `missing` are roster students with no submission: each gets a results file that says so.
    Outcomes are returned only with `keep_outcomes` (a large batch keeps nothing in memory).
    """
    out = OutDir(out_root)
    seed = open_run(out, assignment.name, seed)
    fingerprint = grader_fingerprint(assignment.name)
    everyone = [*submissions, *(missing_submission(i) for i in missing)]
    keys = {id(s): out.resolve(s.key) for s in everyone}
    if len(set(keys.values())) != len(everyone):
        raise ValueError(
            "two submissions share one identity key; intake must give each student one submission"
        )
    runners: queue.Queue = queue.Queue()  # one per parallel slot, each under a uid of its own
    all_runners: list[Runner] = [
        ForkServer(slot, limits) if sandbox else FreshProcess(NONE, slot=slot, limits=limits)
        for slot in range(max(1, min(jobs, len(everyone))))
    ]
    for runner in all_runners:
        runners.put(runner)
    interrupted = threading.Event()
    result = BatchResult()
    lock = threading.Lock()

    def grade_source(submission: Submission, data: bytes, label: str) -> Outcome:
        runner = runners.get()
        try:
            with tempfile.TemporaryDirectory(prefix="nngrade-submission-") as tmp:
                notebook = Path(tmp) / "submission.ipynb"
                notebook.write_bytes(data)
                return grade_notebook(
                    assignment, notebook, label, seed, timeout, sandbox=sandbox, runner=runner, carry=carry
                )
        finally:
            runners.put(runner)

    def one(submission: Submission) -> Outcome | None:
        label = submission.identity.name or submission.identity.id
        data, problem = b"", submission.problem
        if submission.notebook is not None and problem is None:
            try:
                data = submission.notebook.read()
            except SourceError as exc:
                problem = str(exc)
        digest = hashlib.sha256(data).hexdigest() if data else ""
        details = recorded_details(submission, late, fingerprint, digest, carry)
        key = keys[id(submission)]
        previous = out.finished(key)
        reason = regrade_reason(previous, details, force)
        if submission.roster_status == "missing" and previous and previous.status != "missing":
            reason = None  # this run was not given their work: a grade from an earlier run stays
        if reason is None:
            with lock:
                result.skipped += 1
            return None
        if problem is not None:
            status = "missing" if submission.roster_status == "missing" else ""
            outcome = not_graded(assignment, label, problem, status=status, notebook_sha256=digest)
        else:
            outcome = grade_source(submission, data, label)
        outcome.notes[:0] = submission.notes
        outcome.extra.update(details, seed=seed, max_score=assignment.total_points)
        apply_late_policy(outcome, late, submission.submitted_at, submission.marked_late)
        if interrupted.is_set():  # a child we killed on Ctrl-C did not crash: record nothing
            return None
        write_outcome(out, assignment, key, outcome)
        if previous is not None:
            with lock:
                result.regrades.append(Regrade.of(previous, outcome, reason))
        return outcome

    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    bar = tqdm(
        total=len(everyone),
        unit="notebook",
        desc=f"grading {assignment.name}",
        disable=not progress,
        dynamic_ncols=True,
    )
    kept: dict[str, Outcome] = {}
    try:
        futures = {pool.submit(one, s): id(s) for s in everyone}
        for future in as_completed(futures):
            outcome = future.result()
            if keep_outcomes and outcome is not None:
                kept[futures[future]] = outcome
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
    write_regrades(out, result.regrades)
    result.outcomes = [kept[id(s)] for s in everyone if id(s) in kept]
    return result
