"""Grade one submission: plan the cases, run the child once, score, diagnose, credit, then write.

The steps, each in its own module: plan (grading.plan: inputs, call ids, points), run (the
runner), score every case (grading.score), claim misconceptions per item (diagnosis.evidence),
give error-carried-forward credit (grading.carry), and last write each entry's text once from
those facts (grading.wording). Only plain data comes back from the child (see runner.child.wire);
expected values are computed here, in the parent, by the reference solution on the same inputs.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np

from ..assignments import Assignment
from ..diagnosis.evidence import settle
from ..runner.channel import ChildReport
from ..runner.process import FreshProcess
from ..runner.protocol import Runner
from ..runner.sandbox import BUBBLEWRAP, NONE
from .carry import carry_forward_credit
from .notebook import UnreadableNotebook, file_sha256, validate
from .outcome import Entry, Outcome
from .plan import PlannedCase, plan_cases
from .score import NOT_DEFINED, score_case
from .wording import write_outputs


def score_and_diagnose(
    assignment: Assignment, planned: list[PlannedCase], report: ChildReport
) -> list[Entry]:
    """Score every case, then claim misconceptions from each item's whole evidence (before any
    carry-forward credit, which needs to know what failed; the entries' text is not written yet)."""
    entries = [score_case(assignment, p, report) for p in planned]
    settle(assignment.name, entries)
    return entries


def zero_entries(assignment: Assignment, reason: str) -> list[Entry]:
    """One entry per case, scoring 0 and saying `reason` (no case was run to say more)."""
    planned = plan_cases(assignment, np.random.default_rng(0))
    return [
        Entry(
            p.case.qid,
            f"{p.case.qid}: {p.case.name}",
            0.0,
            p.points,
            reason,
            assignment.item(p.case.qid).kind,
        )
        for p in planned
    ]


def not_graded(assignment: Assignment, student: str, problem: str, status: str = "", **fields) -> Outcome:
    """An outcome of 0 on every case, saying why in each entry and in the results."""
    entries = zero_entries(assignment, f"Not graded: {problem}.")
    return Outcome(student, assignment.name, entries, problem=problem, status=status, **fields)


NO_SANDBOX_WARNING = (
    "WARNING: this notebook was graded WITHOUT the sandbox (--no-sandbox): its code could "
    "read files and reach the network while it ran."
)


def grade_notebook(
    assignment: Assignment,
    notebook: Path,
    student: str,
    seed: int,
    timeout: float = 60.0,
    sandbox: bool = True,
    runner: Runner | None = None,
    carry: bool = True,
) -> Outcome:
    """Grade one notebook. Never raises for a bad submission: the outcome says what went wrong.

    `runner` runs the notebook (a ForkServer or a FreshProcess); by default a fresh process in a
    bubblewrap sandbox. `sandbox` False (the runner does not isolate) puts a warning in the report.
    `carry` gives error-carried-forward credit (grading.carry), asking the notebook again if needed.
    """
    started = time.monotonic()
    digest = file_sha256(notebook)
    try:
        info = validate(notebook)
    except UnreadableNotebook as exc:
        return not_graded(
            assignment,
            student,
            str(exc),
            notebook_sha256=digest,
            notes=[] if sandbox else [NO_SANDBOX_WARNING],
        )
    if info.assignment is not None and info.assignment != assignment.name:
        named = info.assignment if re.fullmatch(r"[\w.-]{1,40}", info.assignment) else "another assignment"
        return not_graded(
            assignment,
            student,
            f"this notebook is the `{named}` assignment, not `{assignment.name}`: "
            f"submit your {assignment.name} notebook",
            status="wrong-assignment",
            notebook_sha256=digest,
        )
    planned = plan_cases(assignment, np.random.default_rng(seed))
    calls = [call.wire(call_id) for p in planned for call, call_id in zip(p.calls, p.ids)]
    call_timeout = min(10.0, timeout / 6)  # one hanging function must leave time for the others
    runner = runner or FreshProcess(BUBBLEWRAP if sandbox else NONE)
    report = runner.run(notebook, calls, timeout=timeout, call_timeout=call_timeout)
    entries = score_and_diagnose(assignment, planned, report)
    notes = [] if sandbox else [NO_SANDBOX_WARNING]
    if carry:
        notes += carry_forward_credit(
            assignment,
            entries,
            lambda more: runner.run(notebook, more, timeout=timeout, call_timeout=call_timeout),
        )
    write_outputs(entries, assignment.depends_on)  # every fact is final now: credit, diagnoses
    return Outcome(
        student,
        assignment.name,
        entries,
        cell_errors=[c for c in report.cells if not c["ok"]],
        output_tail=report.output_tail,
        notes=notes + _run_notes(assignment, report, entries, timeout),
        seconds=round(time.monotonic() - started, 3),
        notebook_sha256=digest,
    )


def _run_notes(
    assignment: Assignment, report: ChildReport, entries: list[Entry], timeout: float
) -> list[str]:
    """What the student needs to know about the run itself: it was stopped or ended early, it
    defined none of the functions, or it broke the answer channel."""
    notes = []
    if report.timed_out:
        notes.append(f"The notebook was stopped after {timeout:g} s; cases it had not reached score 0.")
    elif not report.finished and not report.protocol_error:
        notes.append(
            "The notebook's process ended before grading finished (a crash, os._exit or a kill); "
            "cases it had not reached score 0."
        )
    functions = [e for e in entries if e.kind == "function"]
    undefined = [e for e in functions if e.problem and e.problem.endswith(NOT_DEFINED)]
    if undefined and len(undefined) == len(functions):
        notes.append(
            f"None of the {assignment.name} functions is defined in this notebook: is it the right notebook?"
        )
    if report.protocol_error:
        notes.append(f"Grading stopped reading the notebook's answers: {report.protocol_error}.")
    return notes
