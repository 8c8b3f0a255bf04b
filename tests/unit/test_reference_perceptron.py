"""Tests of the reference perceptron solutions against independent computations."""

import math

import numpy as np
import pytest

from solutions.perceptron import (
    AND_PARAMS,
    NAND_PARAMS,
    NOR_PARAMS,
    OR_PARAMS,
    add_mul_graph,
    linear_collapse,
    perceptron_predict,
    perceptron_train,
    sigmoid_neuron_graph,
    step,
    xnor_network,
)

INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
TRUTH = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "NAND": [1, 1, 1, 0],
    "NOR": [1, 0, 0, 0],
    "XNOR": [1, 0, 0, 1],
}


def _g(z):
    return 1.0 / (1.0 + math.exp(-z))


# ------------------------------------------------------------------------ step
def test_step_at_zero_and_near_zero():
    assert step(0) == 0.0 and step(0.0) == 0.0 and step(-0.0) == 0.0
    assert step(1e-300) == 1.0 and step(-1e-300) == 0.0
    assert isinstance(step(2), float) and isinstance(step(-3.5), float)


def test_step_arrays():
    z = np.array([[-2.0, 0.0, 3.0], [0.1, -0.1, 0.0]])
    out = step(z)
    assert out.dtype == float and out.shape == z.shape
    np.testing.assert_array_equal(out, [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(step([0, 1, -1]), [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(z, [[-2.0, 0.0, 3.0], [0.1, -0.1, 0.0]])


# --------------------------------------------------------------------- gates
@pytest.mark.parametrize(
    "name, params", [("AND", AND_PARAMS), ("OR", OR_PARAMS), ("NAND", NAND_PARAMS), ("NOR", NOR_PARAMS)]
)
def test_gate_truth_tables(name, params):
    w, b = params
    assert np.shape(w) == (2,) and np.asarray(w).dtype == float and isinstance(b, float)
    got = perceptron_predict(w, b, INPUTS)
    assert got.shape == (4,)
    np.testing.assert_array_equal(got, TRUTH[name])
    # Independent: each row by hand, and no pre-activation sits exactly on the threshold.
    for x, want in zip(INPUTS, TRUTH[name]):
        s = w[0] * x[0] + w[1] * x[1] + b
        assert s != 0.0 and (1 if s > 0 else 0) == want


def test_perceptron_predict_uses_step_at_zero():
    X = np.array([[1.0, -1.0], [2.0, 0.0], [0.0, 0.0]])
    np.testing.assert_array_equal(perceptron_predict(np.array([1.0, 1.0]), 0.0, X), [0.0, 1.0, 0.0])


# ---------------------------------------------------------- perceptron_train
def gold_train(X, y, lr, epochs, w0, b0):
    """All epochs, every row, no early stop: Rosenblatt's rule as written."""
    w = [0.0] * len(X[0]) if w0 is None else [float(v) for v in w0]
    b = float(b0)
    for _ in range(epochs):
        for xi, yi in zip(X, y):
            s = sum(wj * xj for wj, xj in zip(w, xi)) + b
            err = yi - (1.0 if s > 0 else 0.0)
            w = [wj + lr * err * xj for wj, xj in zip(w, xi)]
            b = b + lr * err
    return np.array(w), b


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR"])
def test_perceptron_train_learns_gates_from_zeros(gate):
    y = np.array(TRUTH[gate], dtype=float)
    w, b = perceptron_train(INPUTS, y)
    assert w.shape == (2,)
    np.testing.assert_array_equal(perceptron_predict(w, b, INPUTS), y)
    gw, gb = gold_train(INPUTS.tolist(), y.tolist(), 0.1, 100, None, 0.0)
    np.testing.assert_allclose(w, gw, rtol=0, atol=1e-12)
    assert b == pytest.approx(gb, abs=1e-12)


@pytest.mark.parametrize(
    "lr, epochs, w0, b0, target",
    [
        (0.1, 1, None, 0.0, "AND"),
        (0.1, 2, None, 0.0, "OR"),
        (0.5, 7, [0.3, -0.2], 0.1, "AND"),
        (1.0, 5, [1.0, 1.0], -3.0, "OR"),
        (0.1, 13, None, 0.0, "XNOR"),  # not separable: never converges, keeps updating
    ],
)
def test_perceptron_train_matches_loop(lr, epochs, w0, b0, target):
    y = np.array(TRUTH[target], dtype=float)
    w0_arg = None if w0 is None else np.array(w0)
    w, b = perceptron_train(INPUTS, y, lr=lr, epochs=epochs, w0=w0_arg, b0=b0)
    gw, gb = gold_train(INPUTS.tolist(), y.tolist(), lr, epochs, w0, b0)
    np.testing.assert_allclose(w, gw, rtol=0, atol=1e-12)
    assert b == pytest.approx(gb, abs=1e-12)
    if w0 is not None:
        np.testing.assert_array_equal(w0_arg, w0)  # not modified
        assert w is not w0_arg


def test_perceptron_train_first_update_by_hand():
    # One epoch of AND from zeros, lr 0.1: rows (0,0),(0,1),(1,0) are predicted 0 (step(0)=0)
    # and are right; row (1,1) is wrong, so w = (0.1, 0.1), b = 0.1.
    w, b = perceptron_train(INPUTS, np.array([0.0, 0.0, 0.0, 1.0]), lr=0.1, epochs=1)
    np.testing.assert_allclose(w, [0.1, 0.1])
    assert b == pytest.approx(0.1)


# ---------------------------------------------------------------- xnor_network
def test_xnor_network_thresholds():
    T1, T2 = xnor_network()
    assert T1.shape == (2, 3) and T2.shape == (1, 3)
    assert T1.dtype == float and T2.dtype == float
    for (x1, x2), want in zip(INPUTS, TRUTH["XNOR"]):
        a = [_g(T1[j, 0] + T1[j, 1] * x1 + T1[j, 2] * x2) for j in range(2)]
        h = _g(T2[0, 0] + T2[0, 1] * a[0] + T2[0, 2] * a[1])
        assert (h > 0.99) if want else (h < 0.01)


def test_xnor_network_returns_fresh_arrays():
    T1, _ = xnor_network()
    T1[:] = 0.0
    assert xnor_network()[0][0, 0] == -30.0


# ------------------------------------------------------------- linear_collapse
@pytest.mark.parametrize("n, h, k, seed", [(3, 4, 1, 0), (5, 2, 3, 1), (1, 6, 2, 2)])
def test_linear_collapse_equals_two_layers(n, h, k, seed):
    rng = np.random.default_rng(seed)
    W1, b1 = rng.normal(size=(h, n)), rng.normal(size=h)
    W2, b2 = rng.normal(size=(k, h)), rng.normal(size=k)
    copies = [a.copy() for a in (W1, b1, W2, b2)]
    W, b = linear_collapse(W1, b1, W2, b2)
    assert W.shape == (k, n) and b.shape == (k,)
    for _ in range(5):
        x = rng.normal(size=n)
        np.testing.assert_allclose(W @ x + b, W2 @ (W1 @ x + b1) + b2, rtol=1e-12, atol=1e-12)
    for a, c in zip((W1, b1, W2, b2), copies):
        np.testing.assert_array_equal(a, c)


# ------------------------------------------------------------ graphs vs numeric
def _num_partial(f, args, i, h=1e-6):
    up, dn = list(args), list(args)
    up[i] += h
    dn[i] -= h
    return (f(*up) - f(*dn)) / (2 * h)


@pytest.mark.parametrize("xyz", [(-2.0, 5.0, -4.0), (0.3, -1.7, 2.5), (1.0, 1.0, 0.0)])
def test_add_mul_graph_vs_numerical(xyz):
    f_ref = lambda x, y, z: (x + y) * z  # noqa: E731
    f, *grads = add_mul_graph(*xyz)
    assert f == pytest.approx(f_ref(*xyz), abs=1e-14)
    for i in range(3):
        assert grads[i] == pytest.approx(_num_partial(f_ref, xyz, i), abs=1e-8)


@pytest.mark.parametrize(
    "w, x",
    [((2.0, -3.0, -3.0), (-1.0, -2.0)), ((0.5, 0.25, -1.0), (1.5, -0.7)), ((-4.0, 1.0, 0.3), (0.2, 2.0))],
)
def test_sigmoid_neuron_graph_vs_numerical(w, x):
    f_ref = lambda w0, w1, w2, x0, x1: _g(w0 * x0 + w1 * x1 + w2)  # noqa: E731
    args = (*w, *x)
    w_arr, x_arr = np.array(w), np.array(x)
    f, dw, dx = sigmoid_neuron_graph(w_arr, x_arr)
    np.testing.assert_array_equal(w_arr, w)
    np.testing.assert_array_equal(x_arr, x)
    assert np.shape(dw) == (3,) and np.shape(dx) == (2,)
    assert f == pytest.approx(f_ref(*args), abs=1e-15)
    numeric = [_num_partial(f_ref, args, i) for i in range(5)]
    np.testing.assert_allclose(np.concatenate([dw, dx]), numeric, atol=1e-9)
