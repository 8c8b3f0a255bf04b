"""The lecture formulas of the functions built on helpers, applied to the student's own helpers.

Error carried forward: a case of `nn_gradients` that is wrong only because the student's
`backprop_deltas` is wrong is right *given* those deltas, and earns its points. Each formula
below is the reference algorithm with every helper result taken from `student`, which returns
the student's own helper output for exactly those arguments (grading.carry asks the child for it;
nothing the child computes for itself is trusted). The suites say which helpers each function
depends on (`DEPENDS_ON`); the formulas must call only those.

`student(name, *args)` returns plain data as the student's function returned it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from solutions import backprop as ref


class StudentHelpers(Protocol):
    def __call__(self, name: str, *args: Any) -> Any: ...


class Either(tuple):
    """Several lecture formulas that agree for correct helpers and differ for a wrong one (g'(z)
    as sigmoid_gradient(z) or as a ⊙ (1 − a)): the student's result may equal any of them."""


def nn_cost(student: StudentHelpers, thetas, X, Y, lam=0.0) -> float:
    """J = −(1/m) Σ_ik [Y_ik log h_ik + (1 − Y_ik) log(1 − h_ik)] + λ/(2m) Σ_l Σ_{j, i≥1} Θ_ji²,
    with h = a_L the last array of the student's `feedforward(thetas, X)`.
    thetas: list of (s_{l+1}, s_l + 1); X: (m, n); Y: (m, K) -> float."""
    h = np.asarray(student("feedforward", thetas, X)[-1], dtype=float)
    Y = np.asarray(Y, dtype=float)
    m = Y.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        data = -np.sum(Y * np.log(h) + (1.0 - Y) * np.log(1.0 - h)) / m
    reg = sum(np.sum(np.asarray(t, dtype=float)[:, 1:] ** 2) for t in thetas)
    return float(data + lam / (2.0 * m) * reg)


def backprop_deltas(student: StudentHelpers, thetas, X, Y) -> Either:
    """δ_L = a_L − Y;  δ_l = (δ_{l+1} Θ^(l)[:, 1:]) ⊙ g'(z_l), the a_l from the student's
    `feedforward`, and g'(z_l) either the student's `sigmoid_gradient` at z_l = [1, a_{l−1}] Θ^(l−1)ᵀ
    or the deck's a_l ⊙ (1 − a_l).
    thetas: list of L − 1 arrays; X: (m, n); Y: (m, K) -> Either of [δ2, ..., δL], δ_l (m, s_l)."""
    activations = [np.asarray(a, dtype=float) for a in student("feedforward", thetas, X)]

    def deltas_with(gprime) -> list:
        deltas = [activations[-1] - np.asarray(Y, dtype=float)]
        for k in range(len(thetas) - 2, -1, -1):
            theta_next = np.asarray(thetas[k + 1], dtype=float)
            deltas.insert(0, (deltas[0] @ theta_next[:, 1:]) * gprime(k))
        return deltas

    def at_z(k):
        z = ref._add_bias(activations[k]) @ np.asarray(thetas[k], dtype=float).T
        return np.asarray(student("sigmoid_gradient", z), dtype=float)

    return Either((deltas_with(at_z), deltas_with(lambda k: activations[k + 1] * (1.0 - activations[k + 1]))))


def nn_gradients(student: StudentHelpers, thetas, X, Y, lam=0.0) -> list:
    """D^(l) = (1/m) δ_{l+1}ᵀ [1, a_l] + (λ/m) Θ^(l) (column 0 not regularized), with the a_l of
    the student's `feedforward` and the δ of the student's `backprop_deltas`.
    thetas: list of (s_{l+1}, s_l + 1); X: (m, n); Y: (m, K) -> list shaped like thetas."""
    return ref._gradients(
        thetas, student("feedforward", thetas, X), student("backprop_deltas", thetas, X, Y), lam
    )


def perceptron_predict(student: StudentHelpers, w, b, X) -> np.ndarray:
    """ŷ = step(X w + b) with the student's `step`.  w: (n,); b: number; X: (m, n) -> (m,)."""
    z = np.atleast_2d(np.asarray(X, dtype=float)) @ np.asarray(w, dtype=float) + float(b)
    return np.atleast_1d(np.asarray(student("step", z), dtype=float))


def perceptron_train(student: StudentHelpers, X, y, lr=0.1, epochs=100, w0=None, b0=0.0) -> tuple:
    """Rosenblatt's rule with the student's `step`: for each epoch, each row i in order,
    ŷ_i = step(w·x_i + b), w ← w + η (y_i − ŷ_i) x_i, b ← b + η (y_i − ŷ_i); an epoch without
    a change ends training.  X: (m, n); y: (m,) -> (w (n,), b float)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    for _ in range(int(epochs)):
        changed = False
        for xi, yi in zip(X, y):
            err = yi - float(np.asarray(student("step", float(xi @ w + b)), dtype=float))
            if err != 0.0:
                w, b, changed = w + lr * err * xi, b + lr * err, True
        if not changed:
            break
    return w, b


FORMULAS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (nn_cost, backprop_deltas, nn_gradients, perceptron_predict, perceptron_train)
}


def depends(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """A suite's DEPENDS_ON, checked: every function listed has a formula here."""
    unknown = sorted(set(table) - set(FORMULAS))
    if unknown:
        raise ValueError(f"no carried-forward formula for {unknown}")
    return table
