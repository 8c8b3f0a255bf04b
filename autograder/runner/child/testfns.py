"""Smooth test functions handed to a student's `numerical_gradient`.

A function cannot cross the trust boundary, so the parent sends {"t": "fn", "name", "params"} and
both sides build the same function from this table. The functions are deliberately not separable:
a perturbation that is not restored changes every later partial derivative.
"""

from __future__ import annotations

import numpy as np


def coupled_quartic(A, c):
    """f(θ) = ½ θᵀAθ + Σ c_i θ_i⁴ + Σ sin(θ_i θ_{i+1}).   θ: (n,), A: (n, n), c: (n,) -> float."""
    A, c = np.asarray(A, float), np.asarray(c, float)

    def f(theta):
        theta = np.asarray(theta, dtype=float)
        return float(0.5 * theta @ A @ theta + np.sum(c * theta**4) + np.sum(np.sin(theta[:-1] * theta[1:])))

    return f


def cube_sum(scale):
    """f(θ) = scale · Σ θ_i³: the question J(θ) = θ³ of “Neural Networks: Learning” when n = 1 and
    scale = 1.   θ: (n,), scale: number -> float."""
    scale = float(np.asarray(scale))

    def f(theta):
        return float(scale * np.sum(np.asarray(theta, dtype=float) ** 3))

    return f


TEST_FUNCTIONS = {"coupled_quartic": coupled_quartic, "cube_sum": cube_sum}


def build(name: str, params: dict):
    """Build the named test function from decoded params."""
    return TEST_FUNCTIONS[name](**params)
