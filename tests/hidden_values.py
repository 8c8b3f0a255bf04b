"""What a results document must never show: the numbers of the hidden cases of one grading run.

A run's hidden inputs are drawn from its seed (results.json records it), so `plan_cases` with
that seed draws them again, and the reference gives the expected values. A number is taken to
leak when a decimal in a student-visible field, written with at least 4 decimals (how numpy and
Python print data; the grader's own prose has at most 3), agrees with one of them to every digit
printed. Round constants (0.12, 1.5: the public case names say them) are not secrets.
"""

from __future__ import annotations

import re

import numpy as np

from autograder import assignments
from autograder.grading.plan import expected_value, plan_cases
from autograder.report.results import GradedDocument
from autograder.suites.cases import FnArg, RngArg

DECIMAL = re.compile(r"(\d+)\.(\d+)(?:[eE]([-+]?\d+))?")
MIN_DECIMALS = 4


def _floats(value):
    if isinstance(value, FnArg):
        yield from _floats(value.params)
    elif isinstance(value, RngArg) or isinstance(value, (str, bytes, bool)) or value is None:
        return
    elif isinstance(value, dict):
        for item in value.values():
            yield from _floats(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _floats(item)
    elif isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            yield from (float(v) for v in value.ravel())
    elif isinstance(value, (float, np.floating)):
        yield float(value)


def hidden_numbers(assignment_name: str, seed: int) -> np.ndarray:
    """The sorted magnitudes of every non-round float among the planned inputs and expected values."""
    assignment = assignments.load(assignment_name)
    found = []
    for planned in plan_cases(assignment, np.random.default_rng(seed)):
        for call in planned.calls:
            found += list(_floats((call.args, call.kwargs)))
        try:
            found += list(_floats(expected_value(assignment, planned)))
        except Exception:  # a reference that cannot answer has no expected value to leak
            pass
    values = np.abs(np.array([v for v in found if np.isfinite(v)]))
    return np.unique(values[np.abs(values - np.round(values, 2)) > 1e-12])


def leaks(text: str, hidden: np.ndarray) -> list[str]:
    """The decimals in `text` that print one of the `hidden` numbers."""
    found = []
    for match in DECIMAL.finditer(text):
        whole, decimals, exponent = match.groups()
        if len(decimals) < MIN_DECIMALS:
            continue
        value = float(match.group())
        half_unit = 0.5 * 10.0 ** (int(exponent or 0) - len(decimals))
        low, high = np.searchsorted(hidden, [value - half_unit * 1.000001, value + half_unit * 1.000001])
        if high > low:
            found.append(match.group())
    return found


def visible_texts(doc: GradedDocument) -> list[str]:
    """Every field of a results document that Gradescope shows a student, now or once published."""
    return [doc.output] + [f"{t.name}\n{t.output}" for t in doc.tests]
