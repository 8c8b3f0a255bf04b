"""Scoring one case: read the child's answers to its calls, then let the case's check compare them.

An answer that cannot be compared (the name is missing, the call raised, wrote to its arguments, or
was never reached) becomes the case's problem here, by `answer_problem`; carry-forward reads its
helper answers through the same function (grading.carry). The entry keeps the facts (problem,
diagnoses, values); its text is written once everything is decided (grading.wording).
"""

from __future__ import annotations

import numpy as np

from ..assignments import Assignment
from ..diagnosis.diagnose import Diagnosis
from ..runner.channel import ChildReport
from ..suites.cases import Call
from ..suites.checks import Problem
from .outcome import Entry
from .plan import PlannedCase, expected_value

# The end of the sentence a case gets when its function is missing: the engine counts them.
NOT_DEFINED = "is not defined in the notebook"


def answer_problem(call: Call, answer: dict | None, report: ChildReport) -> Problem | None:
    """Why the child's `answer` to `call` cannot be compared, or None when its value can be.

    `answer` is the report's record for the call (runner.channel: missing, error, mutated,
    after, value), or None when the child never answered it, which `report` explains.
    """
    if answer is None:
        if report.protocol_error:
            return Problem(f"this case was not answered: {report.protocol_error}")
        if report.timed_out:
            return Problem("the notebook ran out of time before this case was reached")
        return Problem("the notebook stopped (crashed or exited) before this case was reached")
    if answer["missing"]:
        return Problem(f"`{call.name}` {NOT_DEFINED}")
    if "error" in answer and _refused_write(answer["error"]):
        return Problem(
            f"`{call.name}` modified its argument(s) in place ({answer['error']}); "
            "functions must not change their inputs"
        )
    if "error" in answer:
        return Problem(f"calling `{call.name}` raised {answer['error']}")
    # Arguments the child saw changed, plus writable ones (RESTORED_ARGUMENTS) not put back exactly.
    changed = answer["mutated"] + [
        int(k) if k.isdigit() else k
        for k, sent in call.writable().items()
        if not _same(answer["after"].get(k), sent)
    ]
    if changed:
        return Problem(
            f"`{call.name}` modified its argument(s) {changed}; functions must not change their inputs",
            changed_arguments=changed,
        )
    return None


def read_answers(planned: PlannedCase, report: ChildReport) -> tuple[Problem | None, list]:
    """The student's value for each call of the case, or the first call's problem and no values."""
    values = []
    for call, call_id in zip(planned.calls, planned.ids):
        answer = report.answers.get(call_id)
        problem = answer_problem(call, answer, report)
        if problem is not None:
            return problem, []
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


def named_by_check(problem: Problem) -> list[Diagnosis]:
    """The misconceptions the check named itself; catalogued variants are matched per item, over
    all its cases, by diagnosis.evidence.settle once every case is scored."""
    return list(dict.fromkeys(Diagnosis(m) for m in problem.misconceptions))


def score_case(assignment: Assignment, planned: PlannedCase, report: ChildReport) -> Entry:
    """The case's entry: full points when every call answered and the check passes, else 0 and the
    problem. Its `output` stays empty until grading.wording writes it."""
    case = planned.case
    problem, values = read_answers(planned, report)
    if problem is None:
        many = case.check.many
        try:
            expected = expected_value(assignment, planned) if case.check.needs_expected else None
            problem = case.check(
                values if many else values[0], expected, planned.calls if many else planned.calls[0]
            )
        except Exception as exc:  # a grader bug must cost this case, not the whole batch
            problem = Problem(
                f"the grader could not compare this output ({type(exc).__name__}); "
                "please tell your instructor"
            )
    diagnoses = [] if problem is None else named_by_check(problem)
    return Entry(
        qid=case.qid,
        name=f"{case.qid}: {case.name}",
        score=planned.points if problem is None else 0.0,
        max_score=planned.points,
        output="",
        kind=assignment.item(case.qid).kind,
        tags=[d.tag for d in diagnoses],
        diagnoses=diagnoses,
        problem=problem,
        function=planned.calls[0].name,
        message=case.message,
        values=values,
        planned=planned,
    )
