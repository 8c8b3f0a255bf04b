"""Grade one submission: draw the cases' inputs, run the child once, score every case.

Only plain data comes back from the child (see runner.child.wire). Expected values are
computed here, in the parent, by the reference solution on the same inputs.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..assignments import Assignment
from ..diagnosis.catalogue import describe
from ..diagnosis.diagnose import Diagnosis
from ..diagnosis.evidence import settle
from ..runner.channel import ChildReport
from ..runner.process import FreshProcess
from ..runner.protocol import Runner
from ..runner.sandbox import BUBBLEWRAP, NONE
from ..suites.cases import Call, Case
from .carry import carry_forward_credit
from .notebook import UnreadableNotebook, file_sha256, validate
from .outcome import Entry, Outcome


@dataclass
class PlannedCase:
    case: Case
    calls: list[Call]
    ids: list[str]
    points: float


def plan_cases(assignment: Assignment, rng: np.random.Generator) -> list[PlannedCase]:
    """Draw every case's inputs and give each call an id; points split by weight per question."""
    cases = assignment.cases
    weights: dict[str, float] = {}
    for case in cases:
        weights[case.qid] = weights.get(case.qid, 0.0) + case.weight
    planned = []
    for index, case in enumerate(cases):
        calls = case.inputs(rng, case.qid)
        ids = [f"k{index}.{j}" for j in range(len(calls))]
        points = assignment.item(case.qid).points * case.weight / weights[case.qid]
        planned.append(PlannedCase(case, calls, ids, points))
    return planned


def expected_value(assignment: Assignment, planned: PlannedCase):
    case = planned.case
    if case.expect is not None:
        return case.expect()
    reference = assignment.reference
    values = [
        getattr(reference, call.name) if call.read else call.apply(getattr(reference, call.name))
        for call in planned.calls
    ]
    return values if getattr(case.check, "many", False) else values[0]


def _precondition(planned: PlannedCase, report: ChildReport) -> tuple[str | None, list]:
    """Turn missing names, exceptions, crashes and changed arguments into one problem sentence."""
    values = []
    for call, call_id in zip(planned.calls, planned.ids):
        answer = report.answers.get(call_id)
        if answer is None:
            if report.protocol_error:
                return f"this case was not answered: {report.protocol_error}", []
            if report.timed_out:
                return "the notebook ran out of time before this case was reached", []
            return "the notebook stopped (crashed or exited) before this case was reached", []
        if answer["missing"]:
            return f"`{call.name}` is not defined in the notebook", []
        if "error" in answer and _refused_write(answer["error"]):
            return (
                f"`{call.name}` modified its argument(s) in place ({answer['error']}); functions must not change their inputs",
                [],
            )
        if "error" in answer:
            return f"calling `{call.name}` raised {answer['error']}", []
        changed = answer["mutated"] + [
            int(k) if k.isdigit() else k
            for k, sent in call.writable().items()
            if not _same(answer["after"].get(k), sent)
        ]
        if changed:
            return (
                f"`{call.name}` modified its argument(s) {changed}; functions must not change their inputs",
                [],
            )
        values.append(answer.get("value"))
    return None, values


def _refused_write(error: str) -> bool:
    """Whether numpy stopped a write to a read-only argument (every array argument is one, see
    suites.cases.RESTORED_ARGUMENTS); Cython's "buffer source array is read-only" is a library
    that only reads, so it is not one."""
    return (
        error.startswith("ValueError:")
        and ("is read-only" in error or "WRITEABLE" in error)
        and "buffer source array" not in error
    )


def _same(after, sent) -> bool:
    """A writable argument's state after the call, as the child reported it, equals what was sent."""
    if isinstance(sent, np.ndarray):
        return (
            isinstance(after, np.ndarray)
            and after.shape == sent.shape
            and after.dtype == sent.dtype
            and bool(np.array_equal(after, sent, equal_nan=sent.dtype.kind == "f"))
        )
    if isinstance(sent, (list, tuple)):
        return isinstance(after, (list, tuple)) and len(after) == len(sent) and all(map(_same, after, sent))
    return True  # a number cannot be changed in place


def named_by_check(problem: str) -> list[Diagnosis]:
    """The misconceptions the check named itself; catalogued variants are matched per item, over
    all its cases, by diagnosis.evidence.settle once every case is scored."""
    return list(dict.fromkeys(Diagnosis(m) for m in getattr(problem, "misconceptions", ())))


def explain(function: str, diagnoses: list[Diagnosis]) -> str:
    sentences = []
    own = [d for d in diagnoses if not d.via]
    if len(own) > 1:  # outputs alone cannot tell these apart: offer them as alternatives
        named = "; ".join(f"{describe(d.misconception)['title']} ({d.misconception})" for d in own)
        sentences.append(f"Likely misconception, one of: {named}.")
    for d in diagnoses:
        if not d.via and len(own) > 1:
            continue
        title = describe(d.misconception)["title"]
        if d.via:
            sentences.append(
                f"This is what a correct `{function}` gives with your `{d.via}`'s mistake "
                f"({title}): fix `{d.via}` first."
            )
        else:
            sentences.append(f"Likely misconception: {title} ({d.misconception}).")
    return " ".join(sentences)


def score_case(assignment: Assignment, planned: PlannedCase, report: ChildReport) -> Entry:
    case = planned.case
    problem, values = _precondition(planned, report)
    diagnoses: list[Diagnosis] = []
    if problem is None:
        many = getattr(case.check, "many", False)
        try:
            expected = expected_value(assignment, planned) if case.check.needs_expected else None
            problem = case.check(
                values if many else values[0], expected, planned.calls if many else planned.calls[0]
            )
        except Exception as exc:  # a grader bug must cost this case, not the whole batch
            problem = f"the grader could not compare this output ({type(exc).__name__}); please tell your instructor"
        if problem is not None:
            diagnoses = named_by_check(problem)
    return Entry(
        qid=case.qid,
        name=f"{case.qid}: {case.name}",
        score=planned.points if problem is None else 0.0,
        max_score=planned.points,
        output=_compose(problem, planned.calls[0].name, diagnoses, case.message),
        kind=assignment.item(case.qid).kind,
        tags=[d.tag for d in diagnoses],
        diagnoses=diagnoses,
        problem=problem,
        function=planned.calls[0].name,
        message=case.message,
        values=values,
        planned=planned,
    )


def _compose(problem: str | None, function: str, diagnoses: list[Diagnosis], message: str) -> str:
    """The entry's text: what the check found, then either the misconception the item's evidence
    points to (its hint is in the report) or, when none is claimed, what this case tests. A case's
    own hint beside a diagnosed mistake misleads: a regularized bias is not "honour lam by name"."""
    if problem is None:
        return "Passed."
    parts = (
        f"{problem[0].upper()}{problem[1:]}.",
        explain(function, diagnoses),
        "" if diagnoses else message,
    )
    return " ".join(part for part in parts if part)


def acquit_passing_helpers(entries: list[Entry]) -> None:
    """A function cannot have inherited a helper's mistake when that helper passed every case:
    drop such blame (outputs alone cannot always tell, e.g. σ'(σ(z)) is the double sigmoid)."""
    failing = {e.qid for e in entries if not e.passed}
    for entry in entries:
        kept = [d for d in entry.diagnoses if d.via is None or d.via in failing]
        if len(kept) != len(entry.diagnoses):
            entry.diagnoses, entry.tags = kept, [d.tag for d in kept]
            entry.output = _compose(entry.problem, entry.function, kept, entry.message)


def zero_entries(assignment: Assignment, reason: str) -> list[Entry]:
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
    entries = [score_case(assignment, p, report) for p in planned]
    # Claim misconceptions from each item's whole evidence, then drop blame on helpers that passed.
    settle(assignment.name, entries, _compose)
    acquit_passing_helpers(entries)
    notes = [] if sandbox else [NO_SANDBOX_WARNING]
    if carry:
        notes += carry_forward_credit(
            assignment,
            entries,
            lambda more: runner.run(notebook, more, timeout=timeout, call_timeout=call_timeout),
        )
    if report.timed_out:
        notes.append(f"The notebook was stopped after {timeout:g} s; cases it had not reached score 0.")
    elif not report.finished and not report.protocol_error:
        notes.append(
            "The notebook's process ended before grading finished (a crash, os._exit or a kill); cases it had not reached score 0."
        )
    undefined = [
        e
        for e in entries
        if e.kind == "function" and e.problem and e.problem.endswith("is not defined in the notebook")
    ]
    if undefined and len(undefined) == sum(e.kind == "function" for e in entries):
        notes.append(
            f"None of the {assignment.name} functions is defined in this notebook: is it the right notebook?"
        )
    if report.protocol_error:
        notes.append(f"Grading stopped reading the notebook's answers: {report.protocol_error}.")
    return Outcome(
        student,
        assignment.name,
        entries,
        cell_errors=[c for c in report.cells if not c["ok"]],
        output_tail=report.output_tail,
        notes=notes,
        seconds=round(time.monotonic() - started, 3),
        notebook_sha256=digest,
    )
