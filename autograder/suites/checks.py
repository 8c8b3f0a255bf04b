"""Comparisons between a submission's plain outputs and the reference.

A check (the `Check` protocol) returns None when the case passes, or a `Problem`: one sentence
saying what is wrong, with the misconceptions the check itself recognised. The sentence never
contains a hidden input or an expected value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..runner.child.wire import Unsupported

OPTIONS = ("i", "ii", "iii", "iv")


class Problem(str):
    """A failure sentence that also names the misconceptions the check itself recognised, and the
    arguments a call changed when that is the failure (positions, or names for keywords)."""

    misconceptions: tuple[str, ...]
    changed_arguments: tuple[int | str, ...]

    def __new__(
        cls,
        text: str,
        misconceptions: list[str] | tuple[str, ...] = (),
        changed_arguments: list[int | str] | tuple[int | str, ...] = (),
    ):
        problem = super().__new__(cls, text)
        problem.misconceptions = tuple(misconceptions)
        problem.changed_arguments = tuple(changed_arguments)
        return problem


def as_problem(found: str | None) -> Problem | None:
    """A suite's test function's finding as a Problem: a plain sentence names no misconception."""
    if found is None or isinstance(found, Problem):
        return found
    return Problem(found)


@runtime_checkable
class Check(Protocol):
    """How a case compares the student's output. The engine reads two capabilities:

    `many`: the check receives every call's output of the case as a list (and the calls as a
    list), instead of the one call's output; `needs_expected`: the check compares against the
    reference's value, which the engine then computes (otherwise `expected` is None). Only a
    check that needs an expected value of one call can be compared with a catalogued variant
    (diagnosis.evidence) or with the formula on the student's helpers (grading.carry).
    """

    many: bool
    needs_expected: bool

    def __call__(self, got: Any, expected: Any, call: Any) -> Problem | None: ...


def describe_type(value) -> str:
    if value is None:
        return "None (is the body still `...`?)"
    if isinstance(value, Unsupported):
        return f"an object of type {value.type_name}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, np.ndarray):
        return "a number" if value.ndim == 0 else f"an array of shape {value.shape}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return type(value).__name__


def _is_scalar(expected) -> bool:
    return np.ndim(expected) == 0 and not isinstance(expected, (list, tuple, str))


def compare_close(got, expected, rtol: float, atol: float, where: str = "the result") -> Problem | None:
    """Structure, shape and finiteness first (the first problem found), then values, counted over
    every number of the result: a tuple of six wrong numbers reports 6 of 6, not item 0's 1 of 1.

    A number g of `got` matches its e of `expected` (same shape, any nesting of lists and tuples of
    arrays) when |g − e| ≤ atol + rtol·|e| (numpy.allclose); where e is NaN or ±inf, only the same
    value matches."""
    problem = _structure(got, expected, where)
    if problem:
        return problem
    wrong, total, items = 0, 0, []
    for index, (g, e) in _leaves(got, expected):
        e = np.asarray(e, dtype=float)
        g = g.astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            err = np.abs(g - e) / (atol + rtol * np.abs(e))
        # Where the expected value is not finite, only the same value matches (NaN compares as
        # nothing, so it must not silently admit every answer).
        odd = ~np.isfinite(e)
        bad = int((err[~odd] > 1).sum()) + int((odd & ~((g == e) | (np.isnan(g) & np.isnan(e)))).sum())
        wrong, total = wrong + bad, total + e.size
        if bad and index is not None:
            items.append(index)
    if not wrong:
        return None
    where_items = f" in item{'s' if len(items) > 1 else ''} {', '.join(map(str, items))}" if items else ""
    return Problem(f"{where} has wrong values ({wrong} of {total} outside tolerance{where_items})")


def _structure(got, expected, where: str) -> Problem | None:
    """The first difference of structure (container, length, shape) or of finiteness."""
    if isinstance(expected, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            return Problem(
                f"{where} should be a {type(expected).__name__} of length {len(expected)}, "
                f"got {describe_type(got)}"
            )
        if len(got) != len(expected):
            return Problem(f"{where} should have {len(expected)} items, got {len(got)}")
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = _structure(g, e, f"item {i} of {where}")
            if problem:
                return problem
        return None
    if not isinstance(got, np.ndarray):
        wanted = "a number" if _is_scalar(expected) else "a numeric array"
        return Problem(f"{where} should be {wanted}, got {describe_type(got)}")
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        if expected.ndim == 0:
            return Problem(
                f"{where} should be a single number, got an array of shape {got.shape} "
                "(use float(...) or .item())"
            )
        return Problem(f"{where} has shape {got.shape}, expected {expected.shape}")
    if (~np.isfinite(got.astype(float)) & np.isfinite(expected)).any():
        return Problem(f"{where} contains NaN or infinity where a finite value is expected")
    return None


def _leaves(got, expected, index=None):
    """(top-level item index or None, (got array, expected)) for every array of a checked structure."""
    if isinstance(expected, (list, tuple)):
        for i, (g, e) in enumerate(zip(got, expected)):
            yield from _leaves(g, e, i if index is None else index)
    else:
        yield index, (got, expected)


@dataclass(frozen=True)
class Close:
    """Numeric equality within `rtol`/`atol` (numpy.allclose semantics) of every array and number."""

    rtol: float = 1e-6
    atol: float = 1e-9
    many = False
    needs_expected = True

    def __call__(self, got, expected, call) -> Problem | None:
        return compare_close(got, expected, self.rtol, self.atol)


@dataclass(frozen=True)
class Float64(Close):
    """Close, and the float64 result the notebooks document: an int one_hot or a boolean step has
    the right values but breaks arithmetic later (Y - h on booleans, integer division), so it fails
    here even with the right values. A Close itself, so code that asks for value comparisons sees it."""

    def __call__(self, got, expected, call) -> Problem | None:
        if isinstance(got, np.ndarray) and got.dtype != np.float64:
            what = "number" if got.ndim == 0 else "array"
            return Problem(f"`{call.name}` must return a float {what} (float64), not {got.dtype}")
        return super().__call__(got, expected, call)


@dataclass(frozen=True)
class DeckPrinted(Close):
    """Close, and when it fails on a value a deck printed wrongly, say so: students copy the slide.
    `printed(call)` gives the deck's value (fixed, or computed the deck's way from the call's
    arguments); a result within `printed_rtol`/`printed_atol` of it (the decks round to 2 decimals)
    gets `text`, which names the deck and the notebook's deck note."""

    printed: Callable[[Any], Any] = field(kw_only=True)
    text: str = field(kw_only=True)
    printed_rtol: float = 0.0
    printed_atol: float = 6e-3

    def __call__(self, got, expected, call) -> Problem | None:
        problem = super().__call__(got, expected, call)
        if problem is None:
            return None
        try:
            copied = compare_close(got, self.printed(call), self.printed_rtol, self.printed_atol) is None
        except Exception:  # an unusual result is simply not the deck's
            copied = False
        return Problem(self.text) if copied else problem


def normalize_option(text: str) -> str:
    return text.strip().lower().strip("().").strip()


@dataclass(frozen=True)
class Option:
    """A multiple-choice answer: the option's numeral "i".."iv", case and spacing ignored."""

    many = False
    needs_expected = True

    def __call__(self, got, expected, call) -> Problem | None:
        if not isinstance(got, str):
            return Problem(f'the answer should be a string such as "ii", got {describe_type(got)}')
        answer = normalize_option(got)
        if answer not in OPTIONS:
            return Problem(f'"{got.strip()[:20]}" is not one of the options "i", "ii", "iii", "iv"')
        return None if answer == normalize_option(expected) else Problem("this is not the right option")


@dataclass(frozen=True)
class Number:
    """A numeric answer within an absolute tolerance."""

    atol: float = 1e-3
    many = False
    needs_expected = True

    def __call__(self, got, expected, call) -> Problem | None:
        if not isinstance(got, np.ndarray) or got.ndim != 0:
            return Problem(f"the answer should be a single number, got {describe_type(got)}")
        value = float(got)
        if not np.isfinite(value):
            return Problem("the answer is NaN or infinite")
        if abs(value - float(expected)) <= self.atol:
            return None
        # A tolerance too small to print usefully (an exact answer) is not offered as a hint.
        accepted = f" (answers within ±{self.atol:g} are accepted)" if self.atol >= 1e-6 else ""
        return Problem("this is not the right value" + accepted)


@dataclass(frozen=True)
class Predicate:
    """A property the output must have, checked by `test(got, call)` returning None or a problem
    (a Problem, or a plain sentence that names no misconception)."""

    test: Callable[[Any, Any], str | None]
    text: str
    many = False
    needs_expected = False

    def __call__(self, got, expected, call) -> Problem | None:
        return as_problem(self.test(got, call))


@dataclass(frozen=True)
class Together:
    """A check over several calls' outputs at once, e.g. "same seed, same weights": `test(outputs,
    calls)` gets every call's output and the calls, in order."""

    test: Callable[[list, list], str | None]
    text: str
    many = True
    needs_expected = False

    def __call__(self, outputs, expected, calls) -> Problem | None:
        return as_problem(self.test(outputs, calls))
