"""Tests of the reference backprop solutions against independent gold implementations.

The gold code below is deliberately written differently from ``solutions.backprop``:
plain Python loops over examples, units and weights with the ``math`` module, following the
per-example pseudo-code of “Neural Networks: Learning” (Racharak), slide “Gradient Computation”
(a forward pass, δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y, δ⁽ˡ⁾ = (Θ⁽ˡ⁾)ᵀ δ⁽ˡ⁺¹⁾ ⊙ a⁽ˡ⁾ ⊙ (1 − a⁽ˡ⁾), Δ⁽ˡ⁾ += δ⁽ˡ⁺¹⁾ (a⁽ˡ⁾)ᵀ),
with the mathematically correct regularization (λ/m) Θ. The building blocks (sigmoid, one_hot,
the gradient check, the initializers) are tested in test_reference_backprop_helpers.py.
"""

import math
import warnings

import numpy as np
import pytest

from solutions.backprop import (
    backprop_deltas,
    cost_and_gradient,
    feedforward,
    nn_cost,
    nn_gradients,
    numerical_gradient,
    one_hot,
    relative_difference,
    roll_params,
    unroll_params,
)


# ------------------------------------------------------------------ gold (loop) code
def _g(z):
    return 1.0 / (1.0 + math.exp(-z))


def gold_forward_one(thetas, x):
    """Per-example forward pass: lists a[l] (no bias) and z[l] of Python floats."""
    a = [float(v) for v in x]
    acts, zs = [a], []
    for theta in thetas:
        z = []
        for j in range(len(theta)):
            s = theta[j][0]
            for i, ai in enumerate(a):
                s += theta[j][i + 1] * ai
            z.append(s)
        a = [_g(v) for v in z]
        zs.append(z)
        acts.append(a)
    return acts, zs


def gold_cost(thetas, X, Y, lam):
    m = len(X)
    total = 0.0
    for x, y in zip(X, Y):
        h = gold_forward_one(thetas, x)[0][-1]
        for k in range(len(h)):
            total += y[k] * math.log(h[k]) + (1.0 - y[k]) * math.log(1.0 - h[k])
    reg = 0.0
    for theta in thetas:
        for row in theta:
            for i in range(1, len(row)):
                reg += row[i] ** 2
    return -total / m + lam / (2.0 * m) * reg


def gold_deltas_one(thetas, x, y):
    """δ⁽²⁾ … δ⁽ᴸ⁾ for one example, as the Racharak deck writes it (δ uses a(1 − a) of the layer)."""
    acts, _ = gold_forward_one(thetas, x)
    deltas = [[acts[-1][k] - y[k] for k in range(len(y))]]
    for l in range(len(thetas) - 1, 0, -1):
        theta, nxt, a = thetas[l], deltas[0], acts[l]
        d = []
        for i in range(len(a)):
            s = sum(theta[j][i + 1] * nxt[j] for j in range(len(nxt)))
            d.append(s * a[i] * (1.0 - a[i]))
        deltas.insert(0, d)
    return deltas


def gold_gradients(thetas, X, Y, lam):
    m = len(X)
    Delta = [[[0.0] * len(row) for row in theta] for theta in thetas]
    for x, y in zip(X, Y):
        acts, _ = gold_forward_one(thetas, x)
        deltas = gold_deltas_one(thetas, x, y)
        for l in range(len(thetas)):
            a_bias = [1.0] + acts[l]
            for j in range(len(thetas[l])):
                for i in range(len(a_bias)):
                    Delta[l][j][i] += deltas[l][j] * a_bias[i]
    D = []
    for l, theta in enumerate(thetas):
        Dl = np.zeros(np.shape(theta))
        for j in range(len(theta)):
            for i in range(len(theta[j])):
                Dl[j, i] = Delta[l][j][i] / m + (lam / m * theta[j][i] if i >= 1 else 0.0)
        D.append(Dl)
    return D


# ---------------------------------------------------------------------- fixtures
ARCHITECTURES = {
    "1-hidden 4-5-3": (4, 5, 3),
    "2-hidden 3-4-4-2": (3, 4, 4, 2),
    "3-hidden 3-3-4-3-2": (3, 3, 4, 3, 2),
}


def make_problem(sizes, m, seed):
    rng = np.random.default_rng(seed)
    thetas = [rng.normal(0.0, 0.7, size=(s_out, s_in + 1)) for s_in, s_out in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(0.0, 1.0, size=(m, sizes[0]))
    y = rng.integers(0, sizes[-1], size=m)
    y[: sizes[-1]] = np.arange(sizes[-1])  # every class present
    return thetas, X, y, one_hot(y, sizes[-1])


PROBLEMS = [
    pytest.param(sizes, m, seed, lam, id=f"{name}-m{m}-lam{lam}")
    for seed, (name, sizes) in enumerate(ARCHITECTURES.items())
    for m in (5, 9)
    for lam in (0.0, 1.3)
]


# ----------------------------------------------------------- gradient checking
@pytest.mark.parametrize("sizes, m, seed, lam", PROBLEMS)
def test_backprop_matches_numerical_gradient(sizes, m, seed, lam):
    thetas, X, _, Y = make_problem(sizes, m, seed)
    shapes = [t.shape for t in thetas]
    params = unroll_params(thetas)
    analytic = unroll_params(nn_gradients(thetas, X, Y, lam))
    numeric = numerical_gradient(lambda p: nn_cost(roll_params(p, shapes), X, Y, lam), params)
    assert relative_difference(analytic, numeric) < 1e-9


@pytest.mark.parametrize("sizes, m, seed, lam", PROBLEMS)
def test_against_loop_gold(sizes, m, seed, lam):
    thetas, X, _, Y = make_problem(sizes, m, seed + 100)
    lists = [t.tolist() for t in thetas]

    acts = feedforward(thetas, X)
    assert len(acts) == len(sizes)
    for l, s in enumerate(sizes):
        assert acts[l].shape == (m, s)
    for i in range(m):
        gold_acts, _ = gold_forward_one(lists, X[i])
        for l in range(len(sizes)):
            np.testing.assert_allclose(acts[l][i], gold_acts[l], rtol=1e-13, atol=1e-15)

    assert nn_cost(thetas, X, Y, lam) == pytest.approx(
        gold_cost(lists, X.tolist(), Y.tolist(), lam), rel=1e-12
    )

    deltas = backprop_deltas(thetas, X, Y)
    assert len(deltas) == len(sizes) - 1
    for i in range(m):
        gold = gold_deltas_one(lists, X[i], Y[i])
        for l in range(len(deltas)):
            assert deltas[l].shape == (m, sizes[l + 1])
            np.testing.assert_allclose(deltas[l][i], gold[l], rtol=1e-11, atol=1e-15)

    grads = nn_gradients(thetas, X, Y, lam)
    gold_grads = gold_gradients(lists, X.tolist(), Y.tolist(), lam)
    for D, G, T in zip(grads, gold_grads, thetas):
        assert D.shape == T.shape
        np.testing.assert_allclose(D, G, rtol=1e-11, atol=1e-15)


def test_regularization_scale_and_unregularized_bias():
    thetas, X, _, Y = make_problem((3, 4, 2), 6, 7)
    m, lam = X.shape[0], 2.0
    J0, J1 = nn_cost(thetas, X, Y, 0.0), nn_cost(thetas, X, Y, lam)
    assert J1 - J0 == pytest.approx(lam / (2 * m) * sum(np.sum(t[:, 1:] ** 2) for t in thetas), rel=1e-12)
    for D0, D1, T in zip(nn_gradients(thetas, X, Y, 0.0), nn_gradients(thetas, X, Y, lam), thetas):
        np.testing.assert_allclose(D1[:, 0], D0[:, 0], rtol=0, atol=1e-15)
        np.testing.assert_allclose(D1[:, 1:] - D0[:, 1:], lam / m * T[:, 1:], rtol=1e-10, atol=1e-15)


def test_functions_do_not_modify_arguments():
    thetas, X, _, Y = make_problem((3, 4, 4, 2), 5, 11)
    copies = [t.copy() for t in thetas], X.copy(), Y.copy()
    a1 = feedforward(thetas, X)[0]
    nn_cost(thetas, X, Y, 1.0)
    backprop_deltas(thetas, X, Y)
    nn_gradients(thetas, X, Y, 1.0)
    for t, c in zip(thetas, copies[0]):
        np.testing.assert_array_equal(t, c)
    np.testing.assert_array_equal(X, copies[1])
    np.testing.assert_array_equal(Y, copies[2])
    np.testing.assert_array_equal(a1, X)


def test_feedforward_accepts_integer_input_and_returns_floats():
    thetas = [np.array([[0.0, 1.0, -1.0]]), np.array([[0.5, 2.0]])]
    acts = feedforward(thetas, [[1, 0], [0, 1]])
    assert acts[0].dtype == float and acts[0].shape == (2, 2)
    np.testing.assert_allclose(acts[1][:, 0], [_g(1.0), _g(-1.0)], rtol=1e-15)
    np.testing.assert_allclose(acts[2][:, 0], [_g(0.5 + 2 * _g(1.0)), _g(0.5 + 2 * _g(-1.0))], rtol=1e-15)


# -------------------------------------------------------- Ng's ex4 grader inputs
def ng_ex4_inputs():
    """Octave: Xm = reshape(sin(1:32),16,2)/5; ym = 1 + mod(1:16,4)';
    t1 = sin(reshape(1:2:24,4,3)); t2 = cos(reshape(1:2:40,4,5)).
    Octave's label 1..4 is our 0-based label ym - 1 = mod(1:16, 4)."""
    Xm = np.sin(np.arange(1, 33)).reshape(16, 2, order="F") / 5
    ym0 = np.arange(1, 17) % 4
    t1 = np.sin(np.arange(1, 24, 2).reshape(4, 3, order="F"))
    t2 = np.cos(np.arange(1, 40, 2).reshape(4, 5, order="F"))
    return [t1, t2], Xm, one_hot(ym0, 4)


@pytest.mark.parametrize("lam, expected", [(0.0, 3.087449), (1.5, 3.647041)])
def test_ng_ex4_grader_cost(lam, expected):
    thetas, Xm, Ym = ng_ex4_inputs()
    assert nn_cost(thetas, Xm, Ym, lam) == pytest.approx(expected, abs=1e-6)


def test_ng_ex4_gradient_matches_numerical():
    thetas, Xm, Ym = ng_ex4_inputs()
    shapes = [t.shape for t in thetas]
    J, grad = cost_and_gradient(unroll_params(thetas), shapes, Xm, Ym, 1.5)
    assert J == pytest.approx(3.647041, abs=1e-6)
    numeric = numerical_gradient(
        lambda p: nn_cost(roll_params(p, shapes), Xm, Ym, 1.5), unroll_params(thetas)
    )
    assert relative_difference(grad, numeric) < 1e-9


def test_cost_finite_when_output_saturates():
    # Logistic regression (L = 2): output pre-activation z = 1000 on every example.
    thetas = [np.array([[1000.0, 0.0]])]
    X = np.zeros((3, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        J_wrong = nn_cost(thetas, X, np.zeros((3, 1)))
        J_right = nn_cost(thetas, X, np.ones((3, 1)))
    assert J_wrong == pytest.approx(1000.0, rel=1e-12)  # -log(1 - σ(1000)) = 1000
    assert J_right == 0.0


# ------------------------------------------------------------------- helpers
def test_unroll_roll_round_trip_and_cost_and_gradient():
    thetas, X, _, Y = make_problem((4, 5, 3), 7, 3)
    shapes = [t.shape for t in thetas]
    p = unroll_params(thetas)
    assert p.shape == (sum(t.size for t in thetas),)
    np.testing.assert_array_equal(p[: thetas[0].size], thetas[0].ravel())
    for a, b in zip(roll_params(p, shapes), thetas):
        np.testing.assert_array_equal(a, b)
    J, g = cost_and_gradient(p, shapes, X, Y, 0.7)
    assert J == nn_cost(thetas, X, Y, 0.7)
    np.testing.assert_array_equal(g, unroll_params(nn_gradients(thetas, X, Y, 0.7)))
    with pytest.raises(ValueError):
        roll_params(p[:-1], shapes)
