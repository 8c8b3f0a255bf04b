"""Input constructions shared by the suites: deterministic sin/cos networks and random ones."""

from __future__ import annotations

import numpy as np

from solutions import backprop as ref

from .cases import RngArg


def sin_matrix(rows: int, cols: int, scale: float = 10.0, start: int = 1) -> np.ndarray:
    """Ng's debugInitializeWeights: reshape(sin(start:...), rows, cols) / scale, Fortran order."""
    return np.sin(np.arange(start, start + rows * cols)).reshape(rows, cols, order="F") / scale


def sin_network(sizes: tuple[int, ...], m: int, lam: float | None = None):
    """A deterministic network in the style of Ng's checkNNGradients: (thetas, X, Y[, lam])."""
    thetas = [sin_matrix(sizes[l + 1], sizes[l] + 1, start=1 + 7 * l) for l in range(len(sizes) - 1)]
    X = sin_matrix(m, sizes[0], scale=1.0, start=3)
    Y = ref.one_hot(np.arange(1, m + 1) % sizes[-1], sizes[-1])
    return (thetas, X, Y) if lam is None else (thetas, X, Y, lam)


def random_network(
    rng: np.random.Generator, sizes: tuple[int, ...], m: int, scale: float = 1.0, lam: float | None = None
):
    """A network with N(0, scale²) weights, N(0, 1) inputs and random labels: (thetas, X, Y[, lam])."""
    thetas = [scale * rng.normal(size=(sizes[l + 1], sizes[l] + 1)) for l in range(len(sizes) - 1)]
    X = rng.normal(size=(m, sizes[0]))
    Y = ref.one_hot(rng.integers(0, sizes[-1], size=m), sizes[-1])
    return (thetas, X, Y) if lam is None else (thetas, X, Y, lam)


def seed(rng: np.random.Generator) -> int:
    return int(rng.integers(0, 2**31 - 1))


def saturated_network(m: int = 6):
    """A 2-2-2 network whose outputs sit at |z_L| ≈ 28, half of them on the wrong side
    of their labels: (thetas, X, Y). Exact log-domain and plain-log costs agree here to ~1e-5;
    clipping probabilities at 1e-12 or above changes J by more than 1%."""
    X = sin_matrix(m, 2, scale=0.5, start=5)
    theta1 = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    theta2 = np.array([[28.0, 3.0, -3.0], [-28.0, -3.0, 3.0]])
    labels = np.arange(m) % 2  # output 0 is near 1 for every row: rows labelled 1 are "wrong side"
    return [theta1, theta2], X, ref.one_hot(labels, 2)


def shared_seed_calls(r: np.random.Generator, args: tuple, name: str):
    """Two calls drawing from ONE generator object (they must differ), then two calls each with
    a fresh generator of one seed (they must agree), then two calls with rng=None (must differ)."""
    s = seed(r)
    return [
        (args, {"rng": RngArg(s, shared=name)}),
        (args, {"rng": RngArg(s, shared=name)}),
        (args, {"rng": RngArg(s)}),
        (args, {"rng": RngArg(s)}),
        (args, {}),
        (args, {}),
    ]


def huge_z_network():
    """A 2-3-2 network whose hidden units see z = ±1e4, ±1000 and ±710 (where e^{±z} overflows):
    (thetas, X). The contract promises σ without NaN there; the outputs stay moderate."""
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.071, 0.5], [-0.071, -0.5]])
    theta1 = np.array([[0.0, 1e4, 0.0], [0.0, -1e3, 2e3], [0.0, 0.0, -1420.0]])
    theta2 = np.array([[0.5, 1.0, -1.0, 0.5], [-0.5, -1.0, 1.0, 2.0]])
    return [theta1, theta2], X
