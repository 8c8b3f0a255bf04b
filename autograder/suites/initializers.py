"""Statistical checks for the weight initializers, whose outputs are random by design.

Bounds allow 6 standard errors where a statistic is estimated, so a correct implementation
fails far less than once in a million runs. Each failure names the misconception it reveals.
"""

from __future__ import annotations

import numpy as np

from .checks import Predicate, Problem, Together, describe_type


def _matrix(got, l_in: int, l_out: int) -> Problem | None:
    if not isinstance(got, np.ndarray) or got.ndim != 2:
        return Problem(f"the result should be a 2-D array, got {describe_type(got)}")
    if got.shape == (l_in + 1, l_out) and l_in + 1 != l_out:
        return Problem(
            f"the shape is {got.shape}: transposed; it should be (l_out, l_in + 1) = {(l_out, l_in + 1)}",
            ["init-shape-transposed"],
        )
    if got.shape != (l_out, l_in + 1):
        return Problem(f"the shape is {got.shape}, expected (l_out, l_in + 1) = {(l_out, l_in + 1)}")
    if got.dtype.kind != "f":
        return Problem("the weights should be floats, not integers", ["integer-weights"])
    if not np.isfinite(got).all():
        return Problem("the weights should be finite")
    return None


def _constant(body: np.ndarray) -> Problem | None:
    if np.ptp(body) == 0:
        which = "zero-init" if np.all(body == 0) else "constant-init"
        return Problem("every weight has the same value, so the hidden units stay symmetric", [which])
    return None


def uniform_init(l_in: int, l_out: int, eps: float) -> Predicate:
    def test(got, call):
        problem = _matrix(got, l_in, l_out) or _constant(got)
        if problem:
            return problem
        if np.abs(got).max() > eps:
            return Problem("some weights lie outside [−ε, ε]")
        n = got.size
        if n >= 1000:
            # Uniform on [−ε, ε]: mean 0 and E|w| = ε/2, each with standard error ≈ ε/√(3n).
            se = eps / np.sqrt(3 * n)
            if got.min() >= 0:
                return Problem(
                    "every weight is ≥ 0: the range should be [−ε, ε], not [0, ε)",
                    ["init-range-not-symmetric"],
                )
            if abs(got.mean()) > 6 * se:
                return Problem("the weights are not centred on 0")
            if abs(np.abs(got).mean() - eps / 2) > 6 * se:
                tags = (
                    ["ignores-epsilon-init"]
                    if abs(np.abs(got).mean() - 0.06) <= 6 * 0.12 / np.sqrt(3 * n)
                    else []
                )
                return Problem("the weights do not spread uniformly over [−ε, ε]", tags)
        return None

    return Predicate(test, f"uniform on [−{eps}, {eps}], shape ({l_out}, {l_in + 1})")


def normal_init(l_in: int, l_out: int) -> Predicate:
    sigma = np.sqrt(2.0 / (l_in + l_out))

    def test(got, call):
        problem = _matrix(got, l_in, l_out)
        if problem:
            return problem
        if np.any(got[:, 0] != 0):
            return Problem("column 0 (the bias weights) should be all zeros", ["xavier-bias-not-zero"])
        body = got[:, 1:]
        problem = _constant(body)
        if problem or body.size < 1000:
            return problem
        n = body.size
        if abs(body.mean()) > 6 * sigma / np.sqrt(n):
            return Problem("the weights are not centred on 0")
        std, se = body.std(), 6 * sigma / np.sqrt(2 * n)  # the sample std's standard error is σ/√(2n)
        if abs(std - sigma) > se:
            named = {
                "xavier-fan-in-only": np.sqrt(2.0 / l_in),
                "xavier-variance-as-std": 2.0 / (l_in + l_out),
            }
            tags = [k for k, s in named.items() if abs(std - s) <= 6 * s / np.sqrt(2 * n)]
            return Problem("the spread is not σ = sqrt(2 / (l_in + l_out))", tags)
        # Kurtosis separates a normal (3) from a uniform (1.8); its standard error is √(24/n).
        kurtosis = np.mean((body - body.mean()) ** 4) / body.var() ** 2
        if abs(kurtosis - 3) > 6 * np.sqrt(24 / n):
            return Problem(
                "the weights do not look normally distributed (their tails are wrong)",
                ["xavier-uniform"] if abs(kurtosis - 1.8) < 6 * np.sqrt(24 / n) else [],
            )
        return None

    return Predicate(test, f"N(0, {sigma:.4f}²) with a zero bias column, shape ({l_out}, {l_in + 1})")


def seeded_repeatable() -> Together:
    """See inputs.rng_calls: one shared generator (draws differ), two fresh generators of
    one seed (draws agree), and rng=None twice (draws differ)."""

    def test(outputs, calls):
        for got in outputs:
            if not isinstance(got, np.ndarray):
                return Problem(f"the result should be an array, got {describe_type(got)}")
        shared_a, shared_b, seeded_a, seeded_b, free_a, free_b = outputs
        if seeded_a.shape != seeded_b.shape or not np.array_equal(seeded_a, seeded_b):
            return Problem(
                "two generators seeded alike gave different weights: draw from the `rng` argument",
                ["ignores-rng"],
            )
        if np.array_equal(shared_a, shared_b):
            return Problem(
                "two calls drawing from one generator gave the same weights: "
                "draw fresh numbers from `rng` on every call"
            )
        if np.array_equal(free_a, free_b):
            return Problem(
                "with rng=None, two calls gave the same weights: "
                "use a fresh np.random.default_rng() when rng is None"
            )
        return None

    return Together(test, "draws come from `rng`: fresh per call, reproducible per seed")
