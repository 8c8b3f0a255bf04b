"""Statistical checks for the weight initializers, whose outputs are random by design.

Bounds are set for a false-failure rate far below one in a million for a correct
implementation: they allow 6 standard errors where a statistic is estimated.
"""
from __future__ import annotations

import numpy as np

from .checks import Predicate, Together, describe_type


def _matrix(got, l_in: int, l_out: int) -> str | None:
    if not isinstance(got, np.ndarray) or got.ndim != 2:
        return f"the result should be a 2-D array, got {describe_type(got)}"
    if got.shape == (l_in + 1, l_out):
        return f"the shape is {got.shape}: transposed; it should be (l_out, l_in + 1) = {(l_out, l_in + 1)}"
    if got.shape != (l_out, l_in + 1):
        return f"the shape is {got.shape}, expected (l_out, l_in + 1) = {(l_out, l_in + 1)}"
    if got.dtype.kind != "f" or not np.isfinite(got).all():
        return "the weights should be finite floats"
    return None


def uniform_init(l_in: int, l_out: int, eps: float) -> Predicate:
    def test(got, call):
        problem = _matrix(got, l_in, l_out)
        if problem:
            return problem
        if np.abs(got).max() > eps:
            return "some weights lie outside [−ε, ε]"
        if np.ptp(got) == 0:
            return "every weight has the same value: symmetry is not broken"
        n = got.size
        if n >= 1000:
            # Uniform on [−ε, ε]: mean 0 and E|w| = ε/2, each with standard error ≈ ε/√(3n).
            se = eps / np.sqrt(3 * n)
            if abs(got.mean()) > 6 * se:
                return "the weights are not centred on 0: draw from [−ε, ε], not [0, ε)"
            if abs(np.abs(got).mean() - eps / 2) > 6 * se:
                return "the weights do not spread uniformly over [−ε, ε]"
        return None

    return Predicate(test, f"uniform on [−{eps}, {eps}], shape ({l_out}, {l_in + 1})")


def normal_init(l_in: int, l_out: int) -> Predicate:
    sigma = np.sqrt(2.0 / (l_in + l_out))

    def test(got, call):
        problem = _matrix(got, l_in, l_out)
        if problem:
            return problem
        if np.any(got[:, 0] != 0):
            return "column 0 (the bias weights) should be all zeros"
        body = got[:, 1:]
        n = body.size
        if np.ptp(body) == 0:
            return "every weight has the same value: symmetry is not broken"
        if n >= 1000:
            if abs(body.mean()) > 6 * sigma / np.sqrt(n):
                return "the weights are not centred on 0"
            # The sample standard deviation of a normal has standard error σ/√(2n).
            if abs(body.std() - sigma) > 6 * sigma / np.sqrt(2 * n):
                return "the spread is not σ = sqrt(2 / (l_in + l_out))"
            # Kurtosis separates a normal (3) from a uniform (1.8); its standard error is √(24/n).
            kurtosis = np.mean((body - body.mean()) ** 4) / body.var() ** 2
            if abs(kurtosis - 3) > 6 * np.sqrt(24 / n):
                return "the weights do not look normally distributed"
        return None

    return Predicate(test, f"N(0, {sigma:.4f}²) with a zero bias column, shape ({l_out}, {l_in + 1})")


def seeded_repeatable() -> Together:
    """Calls 1 and 2 share a seed and must agree; call 3 has another seed and must differ."""

    def test(outputs, calls):
        first, second, other = outputs
        for got in outputs:
            if not isinstance(got, np.ndarray):
                return f"the result should be an array, got {describe_type(got)}"
        if first.shape != second.shape or not np.array_equal(first, second):
            return "two calls with generators seeded alike gave different weights: draw from `rng`"
        if first.shape == other.shape and np.array_equal(first, other):
            return "generators with different seeds gave the same weights"
        return None

    return Together(test, "same seed → same weights; other seed → other weights")
