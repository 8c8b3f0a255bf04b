"""Planning a grading run: draw every case's inputs, name its calls, and give it its points.

The plan is what the child is asked (each call by its id) and what the parent scores against:
expected values come from the reference solution, run here in the parent on the same inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..assignments import Assignment
from ..suites.cases import Call, Case


@dataclass
class PlannedCase:
    """One case with its drawn calls, their ids on the answer channel ("k<case>.<call>"), and the
    points it is worth."""

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
    """The reference's value for the case: the case's own `expect`, else the reference function of
    the same name on each call (a list of them when the check takes all calls at once)."""
    case = planned.case
    if case.expect is not None:
        return case.expect()
    reference = assignment.reference
    values = [
        getattr(reference, call.name) if call.read else call.apply(getattr(reference, call.name))
        for call in planned.calls
    ]
    return values if case.check.many else values[0]
