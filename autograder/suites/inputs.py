"""Input constructions shared by the suites: deterministic sin/cos networks and random ones."""
from __future__ import annotations

import numpy as np

from solutions import backprop as ref


def sin_matrix(rows: int, cols: int, scale: float = 10.0, start: int = 1) -> np.ndarray:
    """Ng's debugInitializeWeights: reshape(sin(start:...), rows, cols) / scale, Fortran order."""
    return np.sin(np.arange(start, start + rows * cols)).reshape(rows, cols, order="F") / scale


def sin_network(sizes: tuple[int, ...], m: int, lam: float | None = None):
    """A deterministic network in the style of Ng's checkNNGradients: (thetas, X, Y[, lam])."""
    thetas = [sin_matrix(sizes[l + 1], sizes[l] + 1, start=1 + 7 * l) for l in range(len(sizes) - 1)]
    X = sin_matrix(m, sizes[0], scale=1.0, start=3)
    Y = ref.one_hot(np.arange(1, m + 1) % sizes[-1], sizes[-1])
    return (thetas, X, Y) if lam is None else (thetas, X, Y, lam)


def random_network(rng: np.random.Generator, sizes: tuple[int, ...], m: int, scale: float = 1.0,
                   lam: float | None = None):
    """A network with N(0, scale²) weights, N(0, 1) inputs and random labels: (thetas, X, Y[, lam])."""
    thetas = [scale * rng.normal(size=(sizes[l + 1], sizes[l] + 1)) for l in range(len(sizes) - 1)]
    X = rng.normal(size=(m, sizes[0]))
    Y = ref.one_hot(rng.integers(0, sizes[-1], size=m), sizes[-1])
    return (thetas, X, Y) if lam is None else (thetas, X, Y, lam)


def seed(rng: np.random.Generator) -> int:
    return int(rng.integers(0, 2**31 - 1))
