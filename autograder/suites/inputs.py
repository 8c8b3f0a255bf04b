"""Input constructions shared by the suites: deterministic sin/cos networks and random ones, and
short constructors of a case's inputs (`drawn`, `random_net`, `seeded`, ...) so that each suite
reads as a table. Every draw comes from the run's secret generator `r`, in argument order."""

from __future__ import annotations

import numpy as np

from solutions import backprop as ref

from .cases import FnArg, Inputs, RngArg, call_drawn, calls_drawn


def sin_matrix(rows: int, cols: int, scale: float = 10.0, start: int = 1) -> np.ndarray:
    """Ng's debugInitializeWeights: reshape(sin(start:...), rows, cols) / scale, Fortran order."""
    return np.sin(np.arange(start, start + rows * cols)).reshape(rows, cols, order="F") / scale


def sin_network(sizes: tuple[int, ...], m: int, lam: float | None = None):
    """A deterministic network in the style of Ng's checkNNGradients: (thetas, X, Y[, lam])."""
    thetas = [sin_matrix(sizes[k + 1], sizes[k] + 1, start=1 + 7 * k) for k in range(len(sizes) - 1)]
    X = sin_matrix(m, sizes[0], scale=1.0, start=3)
    Y = ref.one_hot(np.arange(1, m + 1) % sizes[-1], sizes[-1])
    return (thetas, X, Y) if lam is None else (thetas, X, Y, lam)


def random_network(
    rng: np.random.Generator, sizes: tuple[int, ...], m: int, scale: float = 1.0, lam: float | None = None
):
    """A network with N(0, scale²) weights, N(0, 1) inputs and random labels: (thetas, X, Y[, lam])."""
    thetas = [scale * rng.normal(size=(sizes[k + 1], sizes[k] + 1)) for k in range(len(sizes) - 1)]
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


def rng_calls(args: tuple, name: str) -> Inputs:
    """Six calls `f(*args, rng=...)`: two drawing from ONE generator object (they must differ), then
    two each with a fresh generator of one seed (they must agree), then two with rng=None (must
    differ). `name` keys the shared generator in the child."""

    def draw(r):
        s = seed(r)
        shared, fresh = {"rng": RngArg(s, shared=name)}, {"rng": RngArg(s)}
        return [(args, shared), (args, shared), (args, fresh), (args, fresh), (args, {}), (args, {})]

    return calls_drawn(draw)


def huge_z_network():
    """A 2-3-2 network whose hidden units see z = ±1e4, ±1000 and ±710 (where e^{±z} overflows):
    (thetas, X). The contract promises σ without NaN there; the outputs stay moderate."""
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.071, 0.5], [-0.071, -0.5]])
    theta1 = np.array([[0.0, 1e4, 0.0], [0.0, -1e3, 2e3], [0.0, 0.0, -1420.0]])
    theta2 = np.array([[0.5, 1.0, -1.0, 0.5], [-0.5, -1.0, 1.0, 2.0]])
    return [theta1, theta2], X


# ---- a case's inputs in one short expression ----


def drawn(draw, **kwargs) -> Inputs:
    """Call the question's function with the positional arguments `draw(r)` returns, and `kwargs`."""
    return call_drawn(lambda r: (draw(r), kwargs))


def random_net(sizes: tuple[int, ...], m: int, *args, **kwargs) -> Inputs:
    """Call `f(thetas, X, Y, *args, **kwargs)` on a `random_network(r, sizes, m)`."""
    return call_drawn(lambda r: ((*random_network(r, sizes, m), *args), kwargs))


def random_net_x(sizes: tuple[int, ...], m: int, scale: float = 1.0) -> Inputs:
    """Call `f(thetas, X)` on a `random_network(r, sizes, m, scale)` (its labels drawn, then dropped)."""
    return call_drawn(lambda r: (random_network(r, sizes, m, scale=scale)[:2], {}))


def quartic(n: int, *args, **kwargs) -> Inputs:
    """Call `f(coupled_quartic(A, c), θ, *args, **kwargs)` with A (n, n), c and θ (n,) drawn N(0, 1)."""

    def draw(r):
        f = FnArg("coupled_quartic", {"A": r.normal(size=(n, n)), "c": r.normal(size=n)})
        return (f, r.normal(size=n), *args), kwargs

    return call_drawn(draw)


def seeded(*args) -> Inputs:
    """Call `f(*args, rng=...)` with a generator of a seed drawn from the run's generator."""
    return call_drawn(lambda r: (args, {"rng": RngArg(seed(r))}))
