"""Tests of the reference backprop solutions against independent gold implementations.

The gold code below is deliberately written differently from ``solutions.backprop``:
plain Python loops over examples, units and weights with the ``math`` module, following
deck 001's per-example pseudo-code ("Gradient Computation": a forward pass, δ^(L) = a^(L) - y,
δ^(l) = (Θ^(l))ᵀ δ^(l+1) .* a^(l) .* (1 - a^(l)), Δ^(l) += δ^(l+1) (a^(l))ᵀ), with the
mathematically correct regularization (λ/m) Θ.
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
    rand_initialize_weights,
    relative_difference,
    roll_params,
    sigmoid,
    sigmoid_gradient,
    unroll_params,
    xavier_initialize_weights,
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
    """δ^(2..L) for one example, deck 001 style (δ uses a(1-a) of the layer)."""
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


# --------------------------------------------------------------------- sigmoid
def test_sigmoid_gradient_values():
    got = sigmoid_gradient(np.array([-1.0, -0.5, 0.0, 0.5, 1.0]))
    np.testing.assert_allclose(got, [0.196612, 0.235004, 0.25, 0.235004, 0.196612], atol=1e-6)


def test_sigmoid_gradient_is_derivative_of_sigmoid():
    z = np.linspace(-8, 8, 41)
    h = 1e-5
    np.testing.assert_allclose(sigmoid_gradient(z), (sigmoid(z + h) - sigmoid(z - h)) / (2 * h), atol=1e-10)


def test_sigmoid_stable_no_warnings_and_finite():
    z = np.concatenate([np.linspace(-1e4, 1e4, 20001), [-1e4, -745.2, -710.0, 709.8, 710.0, 1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            s = sigmoid(z)
            ds = sigmoid_gradient(z)
            s_scalar = sigmoid(-1e4)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds)) and np.isfinite(s_scalar)
    assert np.all((s >= 0) & (s <= 1))
    assert sigmoid(1e4) == 1.0 and sigmoid(-1e4) == 0.0


def test_sigmoid_values_and_shape():
    z = np.linspace(-30, 30, 121).reshape(11, 11)
    s = sigmoid(z)
    assert s.shape == z.shape
    np.testing.assert_allclose(s, 1.0 / (1.0 + np.exp(-z)), rtol=1e-14, atol=0)
    assert sigmoid(0.0) == 0.5
    np.testing.assert_allclose(sigmoid(-z) + s, 1.0, rtol=1e-15)


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


# --------------------------------------------------------------------- one_hot
def test_one_hot():
    Y = one_hot(np.array([2, 0, 1, 2]), 3)
    assert Y.dtype == float and Y.shape == (4, 3)
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    np.testing.assert_array_equal(one_hot([0, 1], 4), [[1, 0, 0, 0], [0, 1, 0, 0]])


@pytest.mark.parametrize("bad", [[3], [-1], [0.5]])
def test_one_hot_rejects_bad_labels(bad):
    with pytest.raises(ValueError):
        one_hot(bad, 3)


# ---------------------------------------------------------- numerical gradient
def test_numerical_gradient_cube_and_theta_unchanged():
    theta = np.array([1.0])
    got = numerical_gradient(lambda t: t[0] ** 3, theta, epsilon=0.01)
    assert got.shape == (1,) and got.dtype == float
    assert got[0] == pytest.approx(3.0001, abs=1e-10)  # deck 001's question, option (ii)
    assert numerical_gradient(lambda t: t[0] ** 3, theta)[0] == pytest.approx(3.0 + 1e-8, abs=1e-10)
    np.testing.assert_array_equal(theta, [1.0])


def test_numerical_gradient_leaves_theta_unchanged_even_if_f_mutates():
    theta = np.array([0.3, -1.2, 2.0])
    before = theta.copy()

    def f(t):
        value = np.sum(np.sin(t) * t)
        t[:] = 99.0  # a hostile f must not reach the caller's array
        return value

    got = numerical_gradient(f, theta)
    np.testing.assert_array_equal(theta, before)
    np.testing.assert_allclose(got, np.cos(before) * before + np.sin(before), atol=1e-7)


def test_numerical_gradient_is_central_difference():
    theta = np.array([0.5, -0.25])
    f = lambda t: math.exp(t[0]) + t[1] ** 2 * t[0]  # noqa: E731
    eps = 1e-3
    got = numerical_gradient(f, theta, epsilon=eps)
    for i in range(2):
        e = np.zeros(2)
        e[i] = eps
        assert got[i] == pytest.approx((f(theta + e) - f(theta - e)) / (2 * eps), rel=1e-12)


def test_relative_difference():
    assert relative_difference([1.0, 0.0], [0.0, 1.0]) == pytest.approx(1.0)
    assert relative_difference([3.0, 4.0], [3.0, 4.0]) == 0.0
    r = relative_difference(np.array([1.0, 2.0]), np.array([1.0, 2.2]))
    assert isinstance(r, float)
    assert r == pytest.approx(math.sqrt(0.04) / math.sqrt(4 + 4.2**2), rel=1e-14)


# --------------------------------------------------------------- initializers
@pytest.mark.parametrize("l_in, l_out", [(3, 5), (5, 3), (1, 1)])
def test_rand_initialize_weights(l_in, l_out):
    W = rand_initialize_weights(l_in, l_out, rng=np.random.default_rng(0))
    assert W.shape == (l_out, l_in + 1)
    assert np.all(np.abs(W) <= 0.12)
    np.testing.assert_array_equal(W, np.random.default_rng(0).uniform(-0.12, 0.12, size=(l_out, l_in + 1)))


def test_rand_initialize_weights_range_rng_and_none():
    W = rand_initialize_weights(40, 50, epsilon_init=0.3, rng=np.random.default_rng(5))
    assert np.all(np.abs(W) <= 0.3)
    assert W.min() < -0.25 and W.max() > 0.25  # symmetric interval, fully used
    again = rand_initialize_weights(40, 50, epsilon_init=0.3, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(W, again)
    other = rand_initialize_weights(40, 50, epsilon_init=0.3, rng=np.random.default_rng(6))
    assert not np.array_equal(W, other)
    a, b = rand_initialize_weights(4, 3), rand_initialize_weights(4, 3)
    assert a.shape == (3, 5) and not np.array_equal(a, b)


def test_xavier_initialize_weights():
    W = xavier_initialize_weights(60, 40, rng=np.random.default_rng(1))
    assert W.shape == (40, 61)
    np.testing.assert_array_equal(W[:, 0], 0.0)
    assert np.std(W[:, 1:]) == pytest.approx(math.sqrt(2 / 100), rel=0.05)
    expected = np.random.default_rng(1).normal(0, math.sqrt(2 / 100), size=(40, 60))
    np.testing.assert_array_equal(W[:, 1:], expected)
    np.testing.assert_array_equal(W, xavier_initialize_weights(60, 40, rng=np.random.default_rng(1)))
    V = xavier_initialize_weights(3, 2)
    assert V.shape == (2, 4) and np.all(V[:, 0] == 0)


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
