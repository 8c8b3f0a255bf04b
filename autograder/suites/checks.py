"""Comparisons between a submission's plain outputs and the reference.

A check returns None when the case passes, or one sentence saying what is wrong. The sentence
never contains a hidden input or an expected value.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..runner.child.wire import Unsupported

OPTIONS = ("i", "ii", "iii", "iv")


class Problem(str):
    """A failure sentence that also names the misconceptions the check itself recognised."""

    def __new__(cls, text: str, misconceptions: list[str] | tuple[str, ...] = ()):
        problem = super().__new__(cls, text)
        problem.misconceptions = tuple(misconceptions)
        return problem


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


def compare_close(got, expected, rtol: float, atol: float, where: str = "the result") -> str | None:
    """Structure, shape, finiteness, then values, recursively through lists and tuples."""
    if isinstance(expected, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            return f"{where} should be a {type(expected).__name__} of length {len(expected)}, got {describe_type(got)}"
        if len(got) != len(expected):
            return f"{where} should have {len(expected)} items, got {len(got)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = compare_close(g, e, rtol, atol, f"item {i} of {where}")
            if problem:
                return problem
        return None
    if not isinstance(got, np.ndarray):
        return f"{where} should be {'a number' if _is_scalar(expected) else 'a numeric array'}, got {describe_type(got)}"
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        if expected.ndim == 0:
            return f"{where} should be a single number, got an array of shape {got.shape} (use float(...) or .item())"
        return f"{where} has shape {got.shape}, expected {expected.shape}"
    values = got.astype(float)
    bad = ~np.isfinite(values) & np.isfinite(expected)
    if bad.any():
        return f"{where} contains NaN or infinity where a finite value is expected"
    if not np.allclose(values, expected, rtol=rtol, atol=atol, equal_nan=True):
        err = np.abs(values - expected) / (atol + rtol * np.abs(expected))
        return f"{where} has wrong values ({int((err > 1).sum())} of {err.size} outside tolerance)"
    return None


@dataclass(frozen=True)
class Close:
    """Numeric equality within `rtol`/`atol` (numpy.allclose semantics) of every array and number."""

    rtol: float = 1e-6
    atol: float = 1e-9
    needs_expected = True

    def __call__(self, got, expected, call) -> str | None:
        return compare_close(got, expected, self.rtol, self.atol)



def normalize_option(text: str) -> str:
    return text.strip().lower().strip("().").strip()


@dataclass(frozen=True)
class Option:
    """A multiple-choice answer: the option's numeral "i".."iv", case and spacing ignored."""

    needs_expected = True

    def __call__(self, got, expected, call) -> str | None:
        if not isinstance(got, str):
            return f"the answer should be a string such as \"ii\", got {describe_type(got)}"
        answer = normalize_option(got)
        if answer not in OPTIONS:
            return f"\"{got.strip()[:20]}\" is not one of the options \"i\", \"ii\", \"iii\", \"iv\""
        return None if answer == normalize_option(expected) else "this is not the right option"



@dataclass(frozen=True)
class Number:
    """A numeric answer within an absolute tolerance."""

    atol: float = 1e-3
    needs_expected = True

    def __call__(self, got, expected, call) -> str | None:
        if not isinstance(got, np.ndarray) or got.ndim != 0:
            return f"the answer should be a single number, got {describe_type(got)}"
        value = float(got)
        if not np.isfinite(value):
            return "the answer is NaN or infinite"
        if abs(value - float(expected)) <= self.atol:
            return None
        return "this is not the right value" + (f" (answers within ±{self.atol:g} are accepted)" if self.atol >= 1e-6 else "")



@dataclass(frozen=True)
class Predicate:
    """A property the output must have, checked by `test(got, call)` returning None or a problem."""

    test: object
    text: str
    needs_expected = False

    def __call__(self, got, expected, call) -> str | None:
        return self.test(got, call)



@dataclass(frozen=True)
class Together:
    """A check over several calls' outputs at once, e.g. "same seed, same weights"."""

    test: object
    text: str
    many = True
    needs_expected = False

    def __call__(self, outputs, expected, calls) -> str | None:
        return self.test(outputs, calls)

